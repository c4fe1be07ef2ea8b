"""Background work of the roadmap (Huey): milestone reminders to the pilots, every day at 7:00
Europe/Paris (moved from core, which may not import the roadmap)."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from huey.contrib.djhuey import db_periodic_task

from partage.core.notifications import notify
from partage.core.tasks import local_crontab

from .models import Action, Milestone, MilestoneReminder

# --- milestone reminders ----------------------------------------------------------------------

UPCOMING_DAYS = 7
# A milestone is reminded as late once, in the week after it falls due: older
# late milestones (e.g. from before the platform existed) are not reminded.
LATE_WINDOW_DAYS = 7


def send_reminders(today: datetime.date | None = None) -> int:
    """Remind pilots of milestones due within 7 days and of milestones that just became late (each once)."""
    today = today or timezone.localdate()
    open_milestones = (
        Milestone.objects.filter(done_date__isnull=True)
        .exclude(action__status__in=[Action.Status.DONE, Action.Status.ABANDONED])
        .select_related("action", "action__programme")
        .prefetch_related("action__pilots")
    )
    batches = [
        (
            MilestoneReminder.Kind.UPCOMING,
            open_milestones.filter(due_date__gte=today, due_date__lte=today + datetime.timedelta(days=UPCOMING_DAYS)),
        ),
        (
            MilestoneReminder.Kind.LATE,
            open_milestones.filter(due_date__lt=today, due_date__gte=today - datetime.timedelta(days=LATE_WINDOW_DAYS)),
        ),
    ]
    sent = 0
    for kind, milestones in batches:
        milestones = milestones.exclude(reminders__kind=kind)
        for milestone in milestones:
            try:
                with transaction.atomic():
                    MilestoneReminder.objects.create(milestone=milestone, kind=kind)
                    action = milestone.action
                    values = {
                        "milestone": milestone.title,
                        "number": action.number,
                        "date": milestone.due_date.strftime("%d/%m/%Y"),
                    }
                    if kind == MilestoneReminder.Kind.UPCOMING:
                        title = _("Le jalon « %(milestone)s » de l'action %(number)s arrive à échéance le %(date)s")
                    else:
                        title = _(
                            "Le jalon « %(milestone)s » de l'action %(number)s est en retard (échéance le %(date)s)"
                        )
                    notify(
                        list(action.pilots.all()),
                        verb=f"milestone_{kind}",
                        title=title % values,
                        url=action.get_absolute_url(),
                        target=action,
                    )
                    sent += 1
            except IntegrityError:
                # Another run recorded this reminder first.
                continue
    return sent


@db_periodic_task(local_crontab(hour="7", minute="0"))
def remind_milestones() -> int:
    return send_reminders()
