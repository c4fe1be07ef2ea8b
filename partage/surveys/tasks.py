"""Background work of surveys (Huey): invitation emails with a personal link, reminders to those who
have not answered (by hand or every morning for surveys that ask for it).

Personal tokens are derived inside the task (writes.invitation_token) and go straight into the email:
the clear token is never in the task queue nor in the database (only its hash, on the participation)."""

import datetime

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from huey.contrib.djhuey import db_periodic_task, db_task

from partage.core.site import absolute_url
from partage.core.tasks import local_crontab

from . import selectors, writes
from .models import Participation, Survey

REMIND_EVERY_DAYS = 4


def _email(survey: Survey, user, token: str, *, reminder: bool) -> None:
    link = absolute_url(reverse("surveys:invitation", args=[token]))
    context = {"survey": survey, "user": user, "link": link, "reminder": reminder}
    subject = (_("Rappel : %(title)s") if reminder else _("Votre avis compte : %(title)s")) % {"title": survey.title}
    send_mail(subject, render_to_string("surveys/email/invitation.txt", context), None, [user.email])


def invite_audience(survey_id: int) -> int:
    """Queue invitations for the audience not invited yet; returns how many."""
    survey = Survey.objects.get(pk=survey_id)
    already = Participation.objects.filter(survey=survey).exclude(token_hash="").values("user_id")
    user_ids = list(selectors.audience(survey).exclude(pk__in=already).values_list("pk", flat=True))
    if user_ids:
        email_invitations(survey_id, user_ids)
    return len(user_ids)


@db_task()
def email_invitations(survey_id: int, user_ids: list[int]) -> None:
    survey = Survey.objects.get(pk=survey_id)
    users = get_user_model().objects.filter(pk__in=user_ids, is_active=True)
    for participation, token in writes.invite(survey=survey, users=users):
        _email(survey, participation.user, token, reminder=False)


@db_task()
def send_reminders(survey_id: int) -> int:
    survey = Survey.objects.get(pk=survey_id)
    if not survey.is_open:
        return 0
    waiting = Participation.objects.filter(survey=survey, completed=False).exclude(token_hash="").select_related("user")
    sent = 0
    for participation in waiting:
        token = writes.mark_reminded(participation=participation)
        _email(survey, participation.user, token, reminder=True)
        sent += 1
    return sent


@db_periodic_task(local_crontab(hour="8", minute="0"))
def daily_reminders() -> None:
    """Surveys with automatic reminders: remind non-respondents every few days while the survey is open."""
    threshold = timezone.localdate() - datetime.timedelta(days=REMIND_EVERY_DAYS)
    for survey in Survey.objects.open_now().filter(reminders=True, audience=Survey.Audience.STAFF):
        due = Participation.objects.filter(survey=survey, completed=False, invited_on__lte=threshold).exclude(
            reminded_on__gt=threshold
        )
        if due.exists():
            send_reminders.call_local(survey.pk)
