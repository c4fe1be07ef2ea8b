"""What the decisions module adds to pages and lists it does not own (see partage.core.hooks): the
outcomes linked to an action ("Décisions"), its navigation entry, its search sources (threads and polls),
comments on threads, follows of polls."""

from django.db.models import Count, Exists, Min, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from partage.core import anonymity, cache, hooks
from partage.core.comments import register_commentable, register_followable
from partage.search.engine import Source, local_date

from . import selectors
from .models import Outcome, Poll, PollParticipation, PollVoter, Thread
from .rules import member_group_ids

hooks.nav_entry(
    label=_("Décisions"), url_name="decisions:threads", permission="decisions.use", order=50, active_for=("decisions",)
)

# The outcomes link to polls, which only staff may open: commune contacts do not get the section. The same
# for every reader: rendered once per change of the outcomes or their polls.
cache.bump_on_writes("decisions", [Outcome, Poll])
hooks.section(
    "action",
    template="decisions/partials/action_outcomes.html",
    permission="decisions.use",
    order=40,
    cache=["decisions"],
)(selectors.action_section)


def can_view_thread(user, thread) -> bool:
    return user.is_authenticated and user.has_perm("decisions.view_thread", thread)


def can_comment_thread(user, thread) -> bool:
    return can_view_thread(user, thread) and not thread.is_closed


def can_view_poll(user, poll) -> bool:
    return user.is_authenticated and user.has_perm("decisions.view_poll", poll)


register_commentable(
    Thread, url=lambda thread: thread.get_absolute_url(), can_view=can_view_thread, can_comment=can_comment_thread
)
register_followable(Poll, can_view=can_view_poll)


# Figures of the yearly report (partage/api/report.py), counted here so that nothing imports decisions.
@hooks.report_figure(label=_("Consultations closes"), permission="decisions.use", order=20)
def report_polls_closed(programme, start, end) -> int:
    return Poll.objects.filter(closed_at__date__range=(start, end)).count()


@hooks.report_figure(label=_("Décisions publiées"), permission="decisions.use", order=21)
def report_outcomes(programme, start, end) -> int:
    from .models import Outcome

    return Outcome.objects.filter(published_at__date__range=(start, end)).count()


def _release_ballots(payloads, released_at) -> None:
    from .writes import release_held_ballots

    release_held_ballots(payloads, released_at)


anonymity.register_releaser("decisions.stance", _release_ballots)


# --- search sources ---------------------------------------------------------------------------
# A group's threads, and their polls, are found by the group's members and administrators only: the
# same rule as decisions.view_thread, written as a filter (selectors.threads_visible_to).


def _threads(user):
    return selectors.threads_visible_to(user).select_related("group")


def _polls(user):
    visible = selectors.threads_visible_to(user).values("pk")
    return Poll.objects.filter(Q(thread__isnull=True) | Q(thread__in=visible)).select_related("thread")


def _thread_meta(thread) -> str:
    parts = [thread.group.name if thread.group_id else gettext("Tous les agents"), local_date(thread.created_at)]
    if thread.is_closed:
        parts.append(gettext("close"))
    return " — ".join(parts)


def _poll_meta(poll) -> str:
    state = (
        gettext("close")
        if poll.is_closed
        else gettext("ouverte jusqu'au %(date)s") % {"date": local_date(poll.closing_at)}
    )
    return " — ".join([str(poll.get_kind_display()), state])


@hooks.search_source(permission="decisions.use", order=50)
def threads_source() -> Source:
    return Source(
        kind="threads",
        label=_("Discussions"),
        queryset=_threads,
        title_field="title",
        text_fields=["context"],
        url=lambda thread: thread.get_absolute_url(),
        meta=_thread_meta,
    )


@hooks.search_source(permission="decisions.use", order=51)
def polls_source() -> Source:
    return Source(
        kind="polls",
        label=_("Consultations"),
        queryset=_polls,
        title_field="title",
        text_fields=["details"],
        url=lambda poll: poll.get_absolute_url(),
        meta=_poll_meta,
    )


# --- the dashboard's "En attente de mon vote" (cached for each voter apart) -------------------
# It changes with any poll, invitation or vote ("votes"), with the user's groups (followup's writes bump
# GROUPS_NAMESPACE) and roles
# ("permissions"), and by itself when a poll opens or closes (`until`).

WAITING_LIMIT = 5
GROUPS_NAMESPACE = "followup"  # bumped by followup on every write of groups and members (followup/hooks.py)
cache.bump_on_writes("votes", [Thread, Poll, PollVoter, PollParticipation])


def polls_waiting_for(user):
    """Open polls this user may vote in and has not voted in yet: invited by name, or in the audience of
    a thread they can see (a group's members, or every agent for a thread for all agents) — the same
    electorate as writes.electorate_users, written as one filter."""
    now = timezone.now()
    group_ids = list(member_group_ids(user))
    audience = Q(thread__group__in=group_ids)
    if user.is_agent:
        audience |= Q(thread__isnull=True) | Q(thread__group__isnull=True)
    invited = Exists(PollVoter.objects.filter(poll=OuterRef("pk"), user=user))
    voted = Exists(PollParticipation.objects.filter(poll=OuterRef("pk"), user=user))
    return (
        _polls(user)
        .filter(closed_at__isnull=True, opening_at__lte=now, closing_at__gt=now)
        .filter((Q(electorate=Poll.Electorate.NAMED) & invited) | (Q(electorate=Poll.Electorate.AUDIENCE) & audience))
        .exclude(voted)
    )


def _until_a_poll_opens_or_closes(context, programme=None):
    return cache.earliest(context["waiting_closes_at"], context["next_opening_at"])


@hooks.section(
    "dashboard_mine",
    template="decisions/partials/waiting_for_my_vote.html",
    permission="decisions.use",
    order=20,
    cache=["votes", GROUPS_NAMESPACE, "permissions"],
    vary=hooks.per_user,
    until=_until_a_poll_opens_or_closes,
)
def waiting_for_my_vote(request, programme=None) -> dict:
    polls = polls_waiting_for(request.user)
    totals = polls.aggregate(count=Count("pk"), closes_at=Min("closing_at"))
    # A poll that opens later may ask this user's vote then: the block is computed again at that moment.
    upcoming = Poll.objects.filter(closed_at__isnull=True, opening_at__gt=timezone.now())
    return {
        "waiting_polls": list(polls.order_by("closing_at", "pk")[:WAITING_LIMIT]),
        "waiting_count": totals["count"],
        "waiting_closes_at": totals["closes_at"],
        "next_opening_at": upcoming.aggregate(at=Min("opening_at"))["at"],
    }


@hooks.origin_links("decision")
def openable_polls(user, urls: list[str]) -> set[str]:
    """A poll's page: its thread's readers (a group's thread: the group's members and administrators)."""
    if not user.has_perm("decisions.use"):
        return set()
    found = hooks.ids_in_urls(urls, "decisions:poll")
    polls = Poll.objects.filter(pk__in=found).select_related("thread")
    return hooks.urls_of(found, [poll.pk for poll in polls if user.has_perm("decisions.view_poll", poll)])


hooks.help_topic(
    slug="decisions",
    label=_("Décisions"),
    template="decisions/help.html",
    permission="decisions.use",
    order=30,
    summary=_("Discuter, voter et publier une issue."),
)
