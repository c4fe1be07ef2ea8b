"""Periodic work of the decisions module (Huey): reminding undecided voters 24 h before closing,
closing the polls whose closing time has passed."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import writes


@db_periodic_task(crontab(minute="*/15"))
def remind_before_closing() -> int:
    """Every quarter of an hour: polls closing within 24 h remind their undecided voters, once."""
    return writes.send_due_reminders()


@db_periodic_task(crontab(minute="*/5"))
def close_polls_on_time() -> int:
    """Every five minutes: polls past their closing time are closed, participants told, authors asked
    for the outcome (once per poll, however often it runs)."""
    return writes.close_due_polls()
