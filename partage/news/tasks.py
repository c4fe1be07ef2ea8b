"""Background work of the news app (Huey): announce scheduled posts when they come due."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .writes import announce_due_posts


@db_periodic_task(crontab(minute="*/5"))
def announce_scheduled_posts() -> int:
    return announce_due_posts()
