"""What the follow-up module adds to pages and lists it does not own (see partage.core.hooks): the
groups following an action, its navigation entry, its search sources (meetings, minutes, decisions)
and comments on groups and meetings."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from partage.core import cache, hooks
from partage.core.comments import register_commentable
from partage.core.history import register_reasons
from partage.search.engine import Source, local_date

from . import selectors, writes
from .models import Decision, Group, Meeting, Membership, Minutes
from .rules import group_roles, visible_minutes_filter

# Change reasons of the minutes' rows (writes.py), shown in the history on the minutes page.
register_reasons(
    {
        writes.DRAFTED: _("Brouillon enregistré"),
        writes.PUBLISHED: _("Publication du relevé"),
        writes.CORRECTED: _("Correction : %(arg)s"),
    }
)

hooks.nav_entry(
    label=_("Groupes de suivi"),
    url_name="followup:groups",
    permission="followup.view_groups",
    order=40,
    active_for=("followup",),
)

# Every reader of the action sees the groups' names; only staff get the links (the template checks): the
# section is rendered once per change of the groups, members and meetings for each of the two, and again
# when the next meeting it shows is over.
cache.bump_on_writes("followup", [Group, Meeting, Membership])


def _sees_groups(request, action) -> str:
    return "staff" if request.user.has_perm("followup.view_groups") else "reader"


def _until_a_meeting_ends(context, action):
    return cache.earliest(*(m.ends_at for group in context["followup_groups"] for m in group.upcoming_meetings))


hooks.section(
    "action",
    template="followup/partials/action_groups.html",
    permission="roadmap.view_roadmap",
    order=30,
    cache=["followup"],
    vary=_sees_groups,
    until=_until_a_meeting_ends,
)(selectors.action_section_context)


def can_view(user, obj) -> bool:
    """Groups and meetings are visible to every agent and administrator."""
    return user.is_authenticated and user.has_perm("followup.view_groups")


register_commentable(Group, url=lambda group: group.get_absolute_url(), can_view=can_view, can_comment=can_view)
register_commentable(
    Meeting,
    url=lambda meeting: meeting.get_absolute_url(),
    can_view=can_view,
    can_comment=can_view,
    queryset=lambda: Meeting.objects.select_related("group"),
)


# --- search sources ---------------------------------------------------------------------------


def _meetings(user):
    return Meeting.objects.select_related("group")


def _minutes(user):
    visible = visible_minutes_filter(user)
    return None if visible is None else Minutes.objects.filter(visible).select_related("meeting__group")


def _decisions(user):
    visible = visible_minutes_filter(user, prefix="minutes__")
    return None if visible is None else Decision.objects.filter(visible).select_related("minutes__meeting__group")


@hooks.search_source(permission="followup.view_groups", order=30)
def meetings_source() -> Source:
    return Source(
        kind="meetings",
        label=_("Réunions"),
        queryset=_meetings,
        title_field="title",
        text_fields=["place", "group__name"],
        url=lambda meeting: meeting.get_absolute_url(),
        meta=lambda meeting: local_date(meeting.starts_at),
    )


@hooks.search_source(permission="followup.view_groups", order=31)
def minutes_source() -> Source:
    return Source(
        kind="minutes",
        label=_("Relevés de décisions"),
        queryset=_minutes,
        title_field="meeting__title",
        text_fields=["summary"],
        url=lambda minutes: minutes.get_absolute_url(),
        meta=lambda minutes: f"{minutes.meeting.group.name} — {local_date(minutes.meeting.starts_at)}",
    )


@hooks.search_source(permission="followup.view_groups", order=32)
def decisions_source() -> Source:
    return Source(
        kind="decisions",
        label=_("Décisions"),
        queryset=_decisions,
        title_field=None,
        text_fields=["text"],
        url=lambda decision: decision.minutes.get_absolute_url(),
        meta=lambda decision: local_date(decision.minutes.meeting.starts_at),
        title=lambda decision: (
            gettext("Décision de la réunion « %(meeting)s »") % {"meeting": decision.minutes.meeting.title}
        ),
    )


def _append_to_minutes(*, user, meeting_id: int, text: str) -> str | None:
    """Offered to other apps (live: a session's results in the linked meeting's minutes). Appends to the
    draft minutes (created if needed) when `user` manages the meeting's group; None when the meeting does
    not exist, its minutes are already published, or the user may not (animators, secretaries, administrators)."""
    from .models import Minutes

    meeting = Meeting.objects.select_related("group").filter(pk=meeting_id).first()
    if meeting is None or not user.has_perm("followup.write_minutes", meeting.group):
        return None
    minutes, _created = Minutes.objects.get_or_create(meeting=meeting)
    if minutes.status != Minutes.Status.DRAFT:
        return None
    minutes.summary = f"{minutes.summary.rstrip()}\n\n{text}".strip()
    minutes.save(update_fields=["summary", "updated_at"])
    return minutes.get_absolute_url()


hooks.provide("followup.append_to_minutes", _append_to_minutes)


# --- groups as other apps see them (capabilities: decisions asks, never imports followup) ---------


def _member_group_ids(*, user) -> set[int]:
    """The ids of the groups the user belongs to (any role)."""
    return set(group_roles(user)) if user is not None else set()


def _is_group_animator(*, user, group_id: int) -> bool:
    return user is not None and group_roles(user).get(group_id) == Membership.Role.ANIMATOR


def _schedule_meeting(*, group_id: int, title: str, starts_at, ends_at, invited_ids) -> Meeting:
    """A date chosen elsewhere (a decisions time poll) becomes a meeting of the group, voters invited.
    No user: it follows a poll's outcome, which decisions has already authorised."""
    meeting = Meeting.objects.create(group_id=group_id, title=title, starts_at=starts_at, ends_at=ends_at)
    meeting.invited.set(invited_ids)
    return meeting


hooks.provide("followup.member_group_ids", _member_group_ids)
hooks.provide("followup.is_group_animator", _is_group_animator)
hooks.provide("followup.schedule_meeting", _schedule_meeting)


@hooks.origin_links("review")
def openable_minutes(user, urls: list[str]) -> set[str]:
    """A group's review links to its meeting's minutes: published ones for every agent, drafts for members."""
    visible = visible_minutes_filter(user)
    if visible is None:
        return set()
    found = hooks.ids_in_urls(urls, "followup:minutes")
    meetings = Minutes.objects.filter(visible, meeting_id__in=found).values_list("meeting_id", flat=True)
    return hooks.urls_of(found, meetings)


hooks.help_topic(
    slug="groupes-de-suivi",
    label=_("Groupes de suivi"),
    template="followup/help.html",
    permission="followup.view_groups",
    order=40,
    summary=_("Réunions, relevés de décisions et revues des actions."),
)
