"""The one function every module calls to tell users something: `notify()`.

It stores in-app notifications (the bell) and, after the transaction commits,
queues an email for each recipient who chose "immediate"; the others get the
daily or weekly digest (`tasks.send_digests`) or nothing by email.
"""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from . import cache
from .models import Notification, NotificationPreference


def preference_for(user) -> NotificationPreference:
    """The user's preference, created with the default (daily digest) on first use."""
    preference, _created = NotificationPreference.objects.get_or_create(user=user)
    return preference


def _recipient_ids(recipients: Iterable) -> list[int]:
    ids: list[int] = []
    seen: set[int] = set()
    for recipient in recipients:
        pk = recipient if isinstance(recipient, int) else getattr(recipient, "pk", None)
        if pk is not None and pk not in seen:
            seen.add(pk)
            ids.append(pk)
    return ids


def notify(
    recipients: Iterable,
    *,
    verb: str,
    title: str,
    url: str,
    actor=None,
    target: Model | None = None,
    exclude_actor: bool = True,
    already_emailed: bool = False,
) -> list[Notification]:
    """Notify each active recipient once (users, ids or a queryset of users).

    `already_emailed`: the caller has just sent its own, richer email to these recipients (a works
    notice, a forwarded letter): the notification is in-app only, and digests do not repeat it.
    """
    ids = _recipient_ids(recipients)
    if exclude_actor and actor is not None:
        ids = [pk for pk in ids if pk != actor.pk]
    if not ids:
        return []
    User = get_user_model()
    active_ids = list(User.objects.filter(pk__in=ids, is_active=True).values_list("pk", flat=True))
    if not active_ids:
        return []
    content_type = ContentType.objects.get_for_model(target) if target is not None else None
    notifications = Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=pk,
                actor=actor,
                verb=verb[:50],
                title=str(title)[:300],
                url=url,
                target_content_type=content_type,
                target_object_id=target.pk if target is not None else None,
                emailed_at=timezone.now() if already_emailed else None,
            )
            for pk in active_ids
        ]
    )
    forget_unread_counts(active_ids)  # bulk_create sends no post_save: the bells change here
    if already_emailed:
        return notifications
    immediate_users = set(
        NotificationPreference.objects.filter(
            user_id__in=active_ids, email_frequency=NotificationPreference.Frequency.IMMEDIATE
        ).values_list("user_id", flat=True)
    )
    # bulk_create sets primary keys on SQLite and PostgreSQL.
    to_email = [n.pk for n in notifications if n.recipient_id in immediate_users]
    if to_email:
        transaction.on_commit(lambda: _queue_emails(to_email))
    return notifications


def _queue_emails(notification_ids: list[int]) -> None:
    from .tasks import send_notification_email

    for notification_id in notification_ids:
        send_notification_email(notification_id)


def _unread_namespace(user_id: int) -> str:
    return f"notifications:{user_id}"


def unread_count(user) -> int:
    """The bell's figure, shown on every page: read once per change of the user's own notifications
    (partage/core/cache.py, a namespace per recipient) instead of counted on every request."""
    if not user.is_authenticated:
        return 0
    return cache.cached(
        f"core:unread:{user.pk}",
        namespaces=[_unread_namespace(user.pk)],
        compute=lambda: Notification.objects.filter(recipient=user, read_at__isnull=True).count(),
    )


def forget_unread_counts(user_ids: Iterable[int]) -> None:
    """These users' bells are counted again on their next page (after a write that skips post_save:
    bulk_create, queryset.update); saves and deletes of one notification call it from signals."""
    namespaces = [_unread_namespace(pk) for pk in set(user_ids)]
    if namespaces:
        cache.bump(*namespaces)


def mark_all_read(user) -> int:
    """Every unread notification of the user is read now; returns how many were."""
    count = Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
    if count:
        forget_unread_counts([user.pk])
    return count


def _notification_written(sender, instance: Notification, **kwargs) -> None:
    forget_unread_counts([instance.recipient_id])


def connect_signals() -> None:
    """Called by CoreConfig.ready(): a notification saved or deleted one by one (read, admin, cascades)."""
    from django.db.models.signals import post_delete, post_save

    post_save.connect(_notification_written, sender=Notification, dispatch_uid="partage-unread-save")
    post_delete.connect(_notification_written, sender=Notification, dispatch_uid="partage-unread-delete")
