"""Background work of the social layer (Huey): notification emails, digests
(milestone reminders are the roadmap's: partage/roadmap/tasks.py).

Periodic tasks run at 7:00 Europe/Paris: the daily digest every day, the weekly
digest on Mondays.
"""

import datetime
import logging
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task

from .models import Notification, NotificationPreference
from .site import absolute_url

logger = logging.getLogger(__name__)


def local_crontab(**kwargs):
    """A crontab read in the site's time zone (Huey hands periodic checks a naive UTC time)."""
    check = crontab(**kwargs)
    zone = ZoneInfo(settings.TIME_ZONE)

    def validate(dt: datetime.datetime) -> bool:
        if getattr(HUEY, "utc", True):
            dt = dt.replace(tzinfo=datetime.UTC).astimezone(zone).replace(tzinfo=None)
        return check(dt)

    return validate


def _preference_url(token: str) -> str:
    return absolute_url(reverse("core:preferences_token", kwargs={"token": token}))


def _message(recipient, subject: str, template: str, context: dict, connection=None) -> EmailMultiAlternatives:
    context = {**context, "recipient": recipient, "site_url": settings.SITE_URL, "SITE_NAME": "Partage"}
    text = render_to_string(f"core/email/{template}.txt", context)
    html = render_to_string(f"core/email/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=subject, body=text, to=[recipient.email], connection=connection, headers=_headers(context)
    )
    message.attach_alternative(html, "text/html")
    return message


def _headers(context: dict) -> dict:
    url = context.get("preference_url")
    if not url:
        return {}
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


@db_task()
def send_notification_email(notification_id: int) -> bool:
    """Email one notification now (recipients whose preference is "immediate").

    The row is locked while the email goes (skip_locked: a second run of the same task, or the recovery
    sweep, passes over it) and `emailed_at` is written in the same transaction, so it is sent once. A worker
    killed after the mail server accepted the message and before the commit leaves it unmarked: the sweep
    sends it again (the at-least-once window of docs/deploy.md).
    """
    with transaction.atomic():
        return _send_notification_email(notification_id)


def _send_notification_email(notification_id: int) -> bool:
    notification = (
        Notification.objects.select_related("recipient", "recipient__notification_preference", "actor")
        .select_for_update(skip_locked=True, of=("self",))
        .filter(pk=notification_id, emailed_at__isnull=True, recipient__is_active=True)
        .first()
    )
    if notification is None:
        return False
    recipient = notification.recipient
    preference = getattr(recipient, "notification_preference", None)
    if preference is None or preference.email_frequency != NotificationPreference.Frequency.IMMEDIATE:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        message = _message(
            recipient,
            _("[Partage] %(title)s") % {"title": notification.title},
            "notification",
            {
                "notification": notification,
                "notification_url": absolute_url(notification.url)
                if notification.url
                else absolute_url("/notifications/"),
                "preference_url": _preference_url(preference.token),
            },
        )
        message.send()
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    return True


def _ensure_default_preferences() -> None:
    """Users who never chose get the default (daily) preference row, so their emails carry a token."""
    User = get_user_model()
    missing = (
        User.objects.filter(
            is_active=True,
            notification_preference__isnull=True,
            notifications__read_at__isnull=True,
            notifications__emailed_at__isnull=True,
        )
        .values_list("pk", flat=True)
        .distinct()
    )
    NotificationPreference.objects.bulk_create(
        [NotificationPreference(user_id=pk) for pk in missing], ignore_conflicts=True
    )


def send_digests(frequency: str) -> int:
    """One email per user with this preference and unread, un-emailed notifications; returns emails sent.

    A handful of queries whatever the volume: the notifications are read in one
    query, grouped by recipient in Python, sent over one connection, then
    marked emailed in chunks.
    """
    if frequency == NotificationPreference.Frequency.DAILY:
        _ensure_default_preferences()
    started = timezone.now()
    pending = (
        Notification.objects.filter(
            read_at__isnull=True,
            emailed_at__isnull=True,
            created_at__lte=started,
            recipient__is_active=True,
            recipient__notification_preference__email_frequency=frequency,
        )
        .select_related("recipient", "recipient__notification_preference")
        .order_by("recipient_id", "-created_at", "-pk")
    )
    by_user: dict[int, list[Notification]] = {}
    for notification in pending:
        by_user.setdefault(notification.recipient_id, []).append(notification)
    if not by_user:
        return 0
    messages = []
    ids: list[int] = []
    period = _("quotidien") if frequency == NotificationPreference.Frequency.DAILY else _("hebdomadaire")
    with translation.override(settings.LANGUAGE_CODE):
        connection = get_connection()
        for notifications in by_user.values():
            recipient = notifications[0].recipient
            for n in notifications:
                n.absolute_url = absolute_url(n.url or reverse("core:notifications"))
                # Formatted here: the template |date filter is the slowest part of a 1,000-email run.
                n.when = timezone.localtime(n.created_at).strftime("%d/%m/%Y %H:%M")
            count = len(notifications)
            messages.append(
                _message(
                    recipient,
                    _("[Partage] Votre résumé %(period)s : %(count)s notification(s)")
                    % {"period": period, "count": count},
                    "digest",
                    {
                        "notifications": notifications,
                        "count": count,
                        "period": period,
                        "notifications_url": absolute_url(reverse("core:notifications")),
                        "preference_url": _preference_url(recipient.notification_preference.token),
                    },
                    connection=connection,
                )
            )
            ids.extend(n.pk for n in notifications)
        sent = connection.send_messages(messages) or 0
    now = timezone.now()
    for start in range(0, len(ids), 500):
        Notification.objects.filter(pk__in=ids[start : start + 500]).update(emailed_at=now)
    return sent


@db_periodic_task(local_crontab(hour="7", minute="0"))
def send_daily_digests() -> int:
    return send_digests(NotificationPreference.Frequency.DAILY)


@db_periodic_task(local_crontab(day_of_week="1", hour="7", minute="0"))
def send_weekly_digests() -> int:
    return send_digests(NotificationPreference.Frequency.WEEKLY)


@db_periodic_task(crontab(minute="0"))
def release_anonymous_contributions() -> int:
    """Every hour on the hour; releases happen at the UTC boundaries of ANONYMOUS_RELEASE_HOURS."""
    from . import anonymity

    now = timezone.now()
    if now.astimezone(datetime.UTC).hour % anonymity.release_hours():
        return 0
    return anonymity.release(now=now)


def resend_unsent_notification_emails(now: datetime.datetime | None = None) -> int:
    """Immediate emails whose task was lost (worker killed, queue lost) are sent again after
    EMAIL_RETRY_AFTER seconds; within a day only, so an old notification never comes out of the blue."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.EMAIL_RETRY_AFTER)
    pending = Notification.objects.filter(
        emailed_at__isnull=True,
        read_at__isnull=True,
        created_at__lt=cutoff,
        created_at__gte=now - datetime.timedelta(days=1),
        recipient__is_active=True,
        recipient__notification_preference__email_frequency=NotificationPreference.Frequency.IMMEDIATE,
    ).values_list("pk", flat=True)
    return sum(send_notification_email.call_local(pk) for pk in list(pending))


@db_periodic_task(crontab(minute="*/5"))
def recover_unsent_emails() -> int:
    """Every five minutes, and when a worker starts: what a killed worker left unsent."""
    return resend_unsent_notification_emails()


@HUEY.on_startup()
def _recover_emails_at_startup() -> None:
    if not HUEY.immediate:
        recover_unsent_emails()  # queued: one worker thread runs it
