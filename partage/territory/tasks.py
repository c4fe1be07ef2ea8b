"""Background work of the territory module (Huey): sending notices when due, and reminders.

Every task is safe to run twice: sending goes through `NoticeDispatch` rows unique per change.
"""

from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task

from . import writes
from .models import WorksNotice


@db_task()
def send_notice(notice_id: int) -> int:
    """Send what one notice owes right now (called after a notice is saved: urgent or late ones go at once)."""
    notice = WorksNotice.objects.select_related("domain").filter(pk=notice_id).first()
    if notice is None:
        return 0
    return writes.send_notice_updates(notice)


@db_periodic_task(crontab(minute="5"))
def send_due_notices() -> int:
    """Hourly: notices whose send date (start minus the advance delay) has come."""
    return writes.send_due_notices()


@db_periodic_task(crontab(minute="35"))
def remind_notices() -> int:
    """Hourly: a reminder, once, to contacts who have not acknowledged a notice starting soon."""
    return writes.send_reminders()


@db_periodic_task(crontab(minute="*/5"))
def recover_notices() -> int:
    """Every five minutes, and when a worker starts: what a killed worker left unsent (see the write)."""
    return writes.resend_stale_dispatches()


@HUEY.on_startup()
def _recover_notices_at_startup() -> None:
    if not HUEY.immediate:
        recover_notices()
