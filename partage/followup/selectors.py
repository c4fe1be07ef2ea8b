"""Read queries of the follow-up pages, each with a fixed number of queries whatever the data size,
and the access helpers every view goes through (404 for unknown objects, 403 when not allowed)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partage.roadmap.models import Action

from .models import AgendaItem, Attendance, Group, Meeting, Membership, Minutes

# Access helpers ---------------------------------------------------------------


def check_can_view_groups(user) -> None:
    if not user.has_perm("followup.view_groups"):
        raise PermissionDenied


def group_for_view(user, slug: str) -> Group:
    check_can_view_groups(user)
    return get_object_or_404(Group, slug=slug)


def group_for_manage(user, slug: str) -> Group:
    group = get_object_or_404(Group, slug=slug)
    if not user.has_perm("followup.manage_group", group):
        raise PermissionDenied
    return group


def group_for_minutes(user, slug: str) -> Group:
    """The group whose minutes this user writes, publishes or corrects (animators, secretaries, administrators)."""
    group = get_object_or_404(Group, slug=slug)
    if not user.has_perm("followup.write_minutes", group):
        raise PermissionDenied
    return group


def meeting_of(group: Group, pk: int) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("minutes"), group=group, pk=pk)
    meeting.group = group
    return meeting


def minutes_for_view(user, meeting: Meeting) -> Minutes:
    """The meeting's minutes if this user may read them: drafts only for members (else 404, as if absent)."""
    minutes = getattr(meeting, "minutes", None)
    if minutes is None:
        raise Http404
    if not minutes.is_published and not user.has_perm("followup.view_drafts", meeting.group):
        raise Http404
    return minutes


# Pages ------------------------------------------------------------------------


def group_list() -> list[Group]:
    now = timezone.now()
    return list(
        Group.objects.annotate(
            member_count=Count("memberships", distinct=True),
            action_count=Count("actions", distinct=True),
            upcoming_count=Count("meetings", filter=Q(meetings__ends_at__gte=now), distinct=True),
        ).order_by("kind", "name")
    )


def group_detail(group: Group) -> dict:
    now = timezone.now()
    today = timezone.localdate()
    memberships = list(
        Membership.objects.filter(group=group)
        .select_related("user__service")
        .order_by("user__last_name", "user__first_name")
    )
    actions = list(group.actions.living().for_list().order_by("number"))
    meetings = list(Meeting.objects.filter(group=group).select_related("minutes").order_by("-starts_at"))
    for meeting in meetings:
        meeting.group = group
    upcoming = sorted((m for m in meetings if m.ends_at >= now), key=lambda m: m.starts_at)
    past = [m for m in meetings if m.ends_at < now]
    late = [m for m in past if m.minutes_are_late(today)]
    return {
        "memberships": memberships,
        "followed_actions": actions,
        "upcoming_meetings": upcoming,
        "past_meetings": past,
        "late_meetings": late,
    }


def meeting_detail(meeting: Meeting) -> dict:
    agenda = list(
        AgendaItem.objects.filter(meeting=meeting).select_related("action__programme").order_by("order", "pk")
    )
    invited = list(meeting.invited.all().order_by("last_name", "first_name"))
    attendances = list(Attendance.objects.filter(meeting=meeting).select_related("user").order_by("user__last_name"))
    return {"agenda": agenda, "invited": invited, "attendances": attendances}


def minutes_detail(minutes: Minutes) -> dict:
    attendance = attendance_by_status(minutes.meeting_id)
    return {
        "decisions": list(minutes.decisions.select_related("action__programme")),
        "action_items": list(minutes.action_items.select_related("owner", "action__programme")),
        "reviews": minutes_reviews(minutes),
        "attendance_by_status": attendance,
        "attendance_recorded": any(people for _status, _heading, people in attendance),
    }


def minutes_reviews(minutes: Minutes) -> list:
    return list(minutes.reviews.select_related("action__programme").order_by("action__number"))


ATTENDANCE_HEADINGS = {
    Attendance.Status.PRESENT: _("Présents"),
    Attendance.Status.EXCUSED: _("Excusés"),
    Attendance.Status.ABSENT: _("Absents"),
}


def attendance_by_status(meeting_id: int) -> list[tuple[str, str, list]]:
    """[(status, heading, the people)] for present, excused and absent, in that order, empty lists included."""
    people: dict[str, list] = {status: [] for status in ATTENDANCE_HEADINGS}
    rows = Attendance.objects.filter(meeting_id=meeting_id).select_related("user")
    for row in rows.order_by("user__last_name", "user__first_name"):
        people[row.status].append(row.user)
    return [(status, str(heading), people[status]) for status, heading in ATTENDANCE_HEADINGS.items()]


# Section of the action page -------------------------------------------------


def action_section_context(request, action: Action) -> dict:
    """The groups that follow this action, for the "Groupes de suivi" section of the action page."""
    groups = list(
        Group.objects.filter(actions=action)
        .annotate(member_count=Count("memberships", distinct=True))
        .prefetch_related(
            Prefetch(
                "meetings",
                queryset=Meeting.objects.filter(ends_at__gte=timezone.now()).order_by("starts_at"),
                to_attr="upcoming_meetings",
            )
        )
        .order_by("name")
    )
    can_view = request is not None and request.user.has_perm("followup.view_groups")
    return {"action": action, "followup_groups": groups, "can_view_groups": can_view}
