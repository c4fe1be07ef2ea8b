"""Writes of the follow-up module that do more than save a form: memberships
(members follow their group), saving meetings and minutes, publishing minutes
(reviews into each action's journal, then members and followers notified).

Saving a meeting or minutes still takes its validated forms and formsets: they carry nested,
editable rows (agenda items, decisions, action items, per-action reviews) whose add / change /
delete bookkeeping is what formsets do; the rules (publication once, journal entries,
notifications) live in `publish_minutes`, which takes values.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partage.core.follows import follow, followers
from partage.core.notifications import notify
from partage.roadmap.models import ProgressUpdate
from partage.roadmap.writes import add_journal_entry

from .models import Attendance, Group, Meeting, Membership, Minutes

if TYPE_CHECKING:
    from django.forms import BaseInlineFormSet

    from partage.accounts.models import User

    from .forms import BaseReviewFormSet, MeetingForm, MinutesForm


class MinutesAlreadyPublished(Exception):
    pass


@transaction.atomic
def add_member(*, group: Group, user: User, role: str = Membership.Role.VOLUNTEER) -> Membership:
    """Add (or change the role of) a member; members follow their group by default."""
    membership, _created = Membership.objects.update_or_create(group=group, user=user, defaults={"role": role})
    follow(user, group)
    return membership


@transaction.atomic
def save_meeting(*, form: MeetingForm, agenda_formset: BaseInlineFormSet) -> Meeting:
    """Save a meeting form and its agenda; a changed meeting bumps its iCalendar SEQUENCE."""
    meeting = form.save(commit=False)
    if meeting.pk:
        meeting.sequence += 1
    meeting.save()
    form.save_m2m()
    agenda_formset.instance = meeting
    agenda_formset.save()
    return meeting


@transaction.atomic
def save_minutes(
    *,
    minutes: Minutes,
    form: MinutesForm,
    decisions: BaseInlineFormSet,
    action_items: BaseInlineFormSet,
    reviews: BaseReviewFormSet,
    attendance: dict[int, str] | None = None,
) -> Minutes:
    """Save the minutes form, its decisions and action items formsets, the reviews and the attendance."""
    minutes = form.save()
    for formset in (decisions, action_items):
        formset.instance = minutes
        formset.save()
    reviews.save(minutes)
    for user_id, status in (attendance or {}).items():
        if status:
            Attendance.objects.update_or_create(meeting=minutes.meeting, user_id=user_id, defaults={"status": status})
        else:
            Attendance.objects.filter(meeting=minutes.meeting, user_id=user_id).delete()
    return minutes


@transaction.atomic
def publish_minutes(*, minutes: Minutes, by: User, url: str) -> Minutes:
    """Publish draft minutes: each review joins its action's journal, then the group's
    members and followers are notified (verb "minutes_published")."""
    minutes = Minutes.objects.select_for_update().select_related("meeting__group").get(pk=minutes.pk)
    if minutes.is_published:
        raise MinutesAlreadyPublished
    minutes.status = Minutes.Status.PUBLISHED
    minutes.published_at = timezone.now()
    minutes.published_by = by
    minutes.save(update_fields=["status", "published_at", "published_by", "updated_at"])

    meeting = minutes.meeting
    group = meeting.group
    for review in minutes.reviews.select_related("action"):
        text = _("Revue du groupe « %(group)s » (réunion du %(date)s) : **%(assessment)s**.") % {
            "group": group.name,
            "date": timezone.localtime(meeting.starts_at).strftime("%d/%m/%Y"),
            "assessment": review.get_assessment_display(),
        }
        if review.comment:
            text += "\n\n" + review.comment
        add_journal_entry(
            action=review.action,
            text=text,
            source=ProgressUpdate.Source.REVIEW,
            source_url=url,
            author=by,
            date=timezone.localdate(),
        )

    member_ids = set(group.memberships.values_list("user_id", flat=True))
    follower_ids = set(followers(group).values_list("pk", flat=True))
    notify(
        sorted(member_ids | follower_ids),
        verb="minutes_published",
        title=_("Relevé de décisions publié : %(group)s — %(meeting)s") % {"group": group.name, "meeting": meeting},
        url=url,
        actor=by,
        target=minutes,
    )
    return minutes
