"""Writes on news posts."""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from .models import Post

# Slugs that would shadow the app's own URLs (/actualites/rss/, …).
RESERVED_SLUGS = {"nouvelle", "rss", "atom"}


def unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    base = (slugify(title) or "actualite")[:200]
    slug, n = base, 2
    taken = Post.objects.exclude(pk=exclude_pk) if exclude_pk else Post.objects.all()
    while slug in RESERVED_SLUGS or taken.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def save_post(post: Post, *, author=None, save_m2m=None) -> Post:
    """Save a post from a validated form: first slug, author, and a publication date when published now."""
    if not post.slug:
        post.slug = unique_slug(post.title)
    if author is not None and post.author_id is None:
        post.author = author
    if post.status == Post.Status.PUBLISHED and post.published_at is None:
        post.published_at = timezone.now()
    post.full_clean()
    post.save()
    if save_m2m is not None:
        save_m2m()
    return post
