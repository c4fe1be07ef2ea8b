"""Writes of the follow-up module that do more than save a form: memberships
(members follow their group), saving meetings and minutes, publishing minutes
(reviews into each action's journal, then members and followers notified), and
correcting published minutes (who may, with a reason kept in the history, then
members and followers notified).

Saving a meeting or minutes still takes its validated forms and formsets: they carry nested,
editable rows (agenda items, decisions, action items, per-action reviews) whose add / change /
delete bookkeeping is what formsets do; the rules (publication once, journal entries,
notifications) live in `publish_minutes`, which takes values, and in `correct_minutes`.

Every row of the minutes (the minutes, decisions, action items, attendance) is saved with a change
reason code (partage.core.history), so that the minutes page can show each version and why.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from partage.core.follows import follow, followers
from partage.core.history import set_reason
from partage.core.notifications import notify
from partage.roadmap.models import ProgressUpdate
from partage.roadmap.writes import add_journal_entry

from .models import Attendance, Group, Meeting, Membership, Minutes

if TYPE_CHECKING:
    from django.forms import BaseInlineFormSet

    from partage.accounts.models import User

    from .forms import BaseReviewFormSet, MeetingForm, MinutesForm


DRAFTED = "followup.minutes.drafted"
PUBLISHED = "followup.minutes.published"
CORRECTED = "followup.minutes.corrected"  # + ":<the corrector's reason>"
REASON_MAX_LENGTH = 300


class MinutesAlreadyPublished(Exception):
    pass


class MinutesCorrectionRefused(Exception):
    """A correction the rules refuse. `message` is French, shown on the form (on `field` if given)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


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
    """Save the draft minutes form, its decisions and action items formsets, the reviews and the attendance."""
    if minutes.pk and Minutes.objects.filter(pk=minutes.pk, status=Minutes.Status.PUBLISHED).exists():
        raise MinutesAlreadyPublished  # published minutes change only through correct_minutes
    _save_minutes_rows(
        form=form, decisions=decisions, action_items=action_items, attendance=attendance, reason=DRAFTED, by=None
    )
    reviews.save(form.instance)
    return form.instance


def _save_minutes_rows(
    *,
    form: MinutesForm,
    decisions: BaseInlineFormSet,
    action_items: BaseInlineFormSet,
    attendance: dict[int, str] | None,
    reason: str,
    by: User | None,
) -> None:
    """Save what changed, each row with the change reason (and its author when known outside a request)."""

    def mark(obj: Model) -> None:
        set_reason(obj, reason)
        if by is not None:
            obj._history_user = by  # type: ignore[attr-defined]  # django-simple-history reads it on save

    minutes = form.save(commit=False)
    mark(minutes)
    minutes.save()
    for formset in (decisions, action_items):
        formset.instance = minutes
        for row in formset.save(commit=False):
            mark(row)
            row.save()
        for row in formset.deleted_objects:
            mark(row)
            row.delete()
    _save_attendance(minutes.meeting, attendance or {}, mark)


def _save_attendance(meeting: Meeting, statuses: dict[int, str], mark: Callable[[Model], None]) -> None:
    """Write only the statuses that changed, so that the history shows only real changes."""
    current = {a.user_id: a for a in Attendance.objects.filter(meeting=meeting, user_id__in=list(statuses))}
    for user_id, status in statuses.items():
        row = current.get(user_id)
        if row is None and status:
            row = Attendance(meeting=meeting, user_id=user_id, status=status)
        elif row is not None and not status:
            mark(row)
            row.delete()
            continue
        elif row is None or row.status == status:
            continue
        row.status = status
        mark(row)
        row.save()


def _correction_changes(
    form: MinutesForm, decisions: BaseInlineFormSet, action_items: BaseInlineFormSet, attendance: dict[int, str]
) -> bool:
    if [name for name in form.changed_data if name != "reason"]:
        return True
    if decisions.has_changed() or action_items.has_changed():
        return True
    meeting = form.instance.meeting
    current = dict(Attendance.objects.filter(meeting=meeting).values_list("user_id", "status"))
    return any(current.get(user_id, "") != status for user_id, status in attendance.items())


@transaction.atomic
def correct_minutes(
    *,
    minutes: Minutes,
    by: User,
    reason: str,
    form: MinutesForm,
    decisions: BaseInlineFormSet,
    action_items: BaseInlineFormSet,
    attendance: dict[int, str],
    url: str,
) -> Minutes:
    """Correct published minutes (summary, decisions, action items, attendance): the animator or secretary of
    the group, or an administrator, with a reason kept in each row's history; then the group's members and
    followers are told (verb "minutes_corrected").

    The reviews are not corrected here: they are already in the actions' journals, where pilots see them.
    Raises MinutesCorrectionRefused when the minutes are a draft, the user may not, the reason is
    missing or nothing changed."""
    locked = Minutes.objects.select_for_update().select_related("meeting__group").get(pk=minutes.pk)
    group = locked.meeting.group
    if not by.has_perm("followup.write_minutes", group):
        raise MinutesCorrectionRefused(
            _("Seuls l'animateur ou le secrétaire du groupe et les administrateurs corrigent un relevé publié.")
        )
    if not locked.is_published:
        raise MinutesCorrectionRefused(_("Ce relevé est encore un brouillon : modifiez-le avant de le publier."))
    reason = " ".join(reason.split())
    if not reason:
        raise MinutesCorrectionRefused(_("Indiquez le motif de la correction."), field="reason")
    if len(reason) > REASON_MAX_LENGTH:
        raise MinutesCorrectionRefused(
            _("Le motif tient en %(max)s caractères au plus.") % {"max": REASON_MAX_LENGTH}, field="reason"
        )
    if not _correction_changes(form, decisions, action_items, attendance):
        raise MinutesCorrectionRefused(_("Rien n'a changé : corrigez le relevé avant d'enregistrer."))

    form.instance.corrected_at = timezone.now()
    form.instance.corrected_by = by
    _save_minutes_rows(
        form=form,
        decisions=decisions,
        action_items=action_items,
        attendance=attendance,
        reason=f"{CORRECTED}:{reason}",
        by=by,
    )
    corrected = form.instance
    meeting = locked.meeting
    member_ids = set(group.memberships.values_list("user_id", flat=True))
    follower_ids = set(followers(group).values_list("pk", flat=True))
    notify(
        sorted(member_ids | follower_ids),
        verb="minutes_corrected",
        title=_("Relevé de décisions corrigé : %(group)s — %(meeting)s (%(reason)s)")
        % {"group": group.name, "meeting": meeting, "reason": reason},
        url=url,
        actor=by,
        target=corrected,
    )
    return corrected


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
    set_reason(minutes, PUBLISHED)
    minutes._history_user = by  # type: ignore[attr-defined]  # django-simple-history reads it on save
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
