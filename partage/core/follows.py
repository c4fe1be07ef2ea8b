"""Follow ("suivre") any object: an action, a group, a post, a thread.

Followers are the people `notify()` is usually called with when something
happens to the object (a comment, a published minute, a progress update).
"""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet

from . import cache
from .models import Follow


def _key(obj: Model) -> dict:
    return {"content_type": ContentType.objects.get_for_model(obj), "object_id": obj.pk}


def follow(user, obj: Model) -> Follow:
    follow_row, _created = Follow.objects.get_or_create(user=user, **_key(obj))
    return follow_row


def unfollow(user, obj: Model) -> None:
    Follow.objects.filter(user=user, **_key(obj)).delete()


def is_following(user, obj: Model) -> bool:
    if user is None or not user.is_authenticated:
        return False
    # The follow button is on every action, group, post and thread page: read once per change of the
    # user's own follows (a cache namespace per user, bumped by the signals below and by follow_many).
    key = _key(obj)
    return cache.cached(
        f"core:following:{user.pk}:{key['content_type'].pk}:{obj.pk}",
        namespaces=[_namespace(user.pk)],
        compute=lambda: Follow.objects.filter(user=user, **key).exists(),
    )


def _namespace(user_id: int) -> str:
    return f"follows:{user_id}"


def followers(obj: Model) -> QuerySet:
    """Active users following `obj`."""
    key = _key(obj)
    return get_user_model().objects.filter(
        is_active=True, follows__content_type=key["content_type"], follows__object_id=key["object_id"]
    )


def follow_many(users, obj: Model) -> None:
    """Make several users follow `obj` at once (pilots, group members by default)."""
    key = _key(obj)
    rows = Follow.objects.bulk_create(
        [Follow(user_id=getattr(u, "pk", u), **key) for u in users],
        ignore_conflicts=True,
    )
    user_ids = {row.user_id for row in rows}
    if user_ids:  # bulk_create sends no post_save
        cache.bump(*(_namespace(pk) for pk in user_ids))


def _follow_written(sender, instance: Follow, **kwargs) -> None:
    cache.bump(_namespace(instance.user_id))


def connect_signals() -> None:
    """Called by CoreConfig.ready(): a follow saved or deleted one by one (follow, unfollow, cascades)."""
    from django.db.models.signals import post_delete, post_save

    post_save.connect(_follow_written, sender=Follow, dispatch_uid="partage-following-save")
    post_delete.connect(_follow_written, sender=Follow, dispatch_uid="partage-following-delete")
