"""Writes on news posts."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from partage.core.models import Follow
from partage.core.notifications import notify
from partage.roadmap.models import Action

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
    if post.is_visible and post.announced_at is None:
        transaction.on_commit(lambda: announce(post))
    return post


def announce(post: Post) -> bool:
    """Tell the followers of the post's actions that it is out, once (a scheduled post when it comes due)."""
    if not post.is_visible:
        return False
    claimed = Post.objects.filter(pk=post.pk, announced_at__isnull=True).update(announced_at=timezone.now())
    if not claimed:
        return False  # already announced (by the periodic task or another request)
    action_ids = list(post.actions.values_list("pk", flat=True))
    if not action_ids:
        return True
    followers = Follow.objects.filter(
        content_type=ContentType.objects.get_for_model(Action), object_id__in=action_ids
    ).values_list("user_id", flat=True)
    notify(
        set(followers),
        verb="news",
        title=_("Nouvelle actualité : « %(title)s »") % {"title": post.title},
        url=post.get_absolute_url(),
        actor=post.author,
        target=post,
    )
    return True


def announce_due_posts() -> int:
    """Announce every post that has come due and was not announced yet; returns how many."""
    return sum(announce(post) for post in Post.objects.published().filter(announced_at__isnull=True))
