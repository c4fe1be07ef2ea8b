"""Background work of the accounts app (Huey): the nightly sync with the directory, when there is one."""

import logging

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import directory

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(hour=str(settings.LDAP_SYNC_HOUR), minute="30"))
def sync_directory_nightly() -> dict | None:
    if not directory.is_enabled():
        return None
    report = directory.sync_directory()
    logger.info("Directory sync:\n%s", "\n".join(report.lines()))
    return {
        "agents_created": len(report.agents_created),
        "agents_deactivated": len(report.agents_deactivated),
    }
