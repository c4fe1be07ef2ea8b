"""Follow ("suivre") any object: an action, a group, a post, a thread.

Followers are the people `notify()` is usually called with when something
happens to the object (a comment, a published minute, a progress update).
"""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet

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
    return Follow.objects.filter(user=user, **_key(obj)).exists()


def followers(obj: Model) -> QuerySet:
    """Active users following `obj`."""
    key = _key(obj)
    return get_user_model().objects.filter(
        is_active=True, follows__content_type=key["content_type"], follows__object_id=key["object_id"]
    )


def follow_many(users, obj: Model) -> None:
    """Make several users follow `obj` at once (pilots, group members by default)."""
    key = _key(obj)
    Follow.objects.bulk_create(
        [Follow(user_id=getattr(u, "pk", u), **key) for u in users],
        ignore_conflicts=True,
    )
