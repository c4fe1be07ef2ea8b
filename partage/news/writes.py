"""Writes on news posts."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Literal

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from partage.core.errors import RuleViolation, validate
from partage.core.models import Follow
from partage.core.notifications import notify
from partage.roadmap.models import Action, Axis

from .models import Post

if TYPE_CHECKING:
    from django.core.files import File

    from partage.accounts.models import User

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
def save_post(
    *,
    post: Post | None = None,
    author: User | None = None,
    title: str,
    summary: str = "",
    body: str = "",
    status: str = Post.Status.DRAFT,
    published_at: datetime.datetime | None = None,
    image: File | Literal[False] | None = None,
    image_alt: str = "",
    axes: Iterable[Axis] = (),
    actions: Iterable[Action] = (),
) -> Post:
    """Create (`post=None`) or change a post: first slug, author, a publication date when published now;
    followers of its actions are told once it is visible. Refusals raise RuleViolation."""
    if post is None:
        post = Post(author=author)
    if status not in Post.Status.values:
        raise RuleViolation(_("Statut inconnu."), "status")
    post.title, post.summary, post.body, post.status = title, summary, body, status
    post.published_at, post.image_alt = published_at, image_alt
    if image is False:  # "effacer" ticked in the form
        post.image = ""
    elif image:
        post.image = image
    if not post.slug:
        post.slug = unique_slug(post.title)
    if post.status == Post.Status.PUBLISHED and post.published_at is None:
        post.published_at = timezone.now()
    validate(post)
    post.save()
    post.axes.set(list(axes))
    post.actions.set(list(actions))
    if post.is_visible and post.announced_at is None:
        saved = post
        transaction.on_commit(lambda: announce(saved))
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
