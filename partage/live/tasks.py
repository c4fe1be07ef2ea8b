"""Retention (stated on the join page): a session and everything guests left in it (participants,
answers, contributions, votes) are deleted LIVE_RETENTION_DAYS after it closed, or after it was last
opened when nobody closed it. Templates are kept (they hold no participant data)."""

import datetime

from django.db.models import Q
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .identity import retention_days
from .models import LiveSession


def purge_expired(now: datetime.datetime | None = None) -> int:
    limit = (now or timezone.now()) - datetime.timedelta(days=retention_days())
    expired = LiveSession.objects.filter(is_template=False).filter(
        Q(closed_at__lt=limit) | Q(closed_at__isnull=True, opened_at__lt=limit)
    )
    count = expired.count()
    # Cascades to activities, participants, answers, contributions and votes.
    expired.delete()
    return count


@db_periodic_task(crontab(hour="3", minute="40"))
def purge_expired_sessions() -> int:
    return purge_expired()
