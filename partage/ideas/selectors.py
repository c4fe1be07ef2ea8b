"""Read queries of the idea box, each with a fixed number of queries whatever the data size,
and the access helpers every view goes through (404 for unknown objects, 403 when not allowed)."""

import statistics
from collections import defaultdict
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Min, Q
from django.http import Http404
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from partage.core import anonymity
from partage.core.history import Change, HistoryEntry, Link
from partage.core.models import Comment
from partage.organisation.models import Direction

from .models import Idea, IdeaStatusChange, Support, hash_token

# Directions with fewer participating agents are grouped, so that nobody is singled out.
MIN_GROUP_SIZE = 5  # the default of BREAKDOWN_MIN_GROUP; the rule is core.anonymity.group_visible


def check_can_view_ideas(user) -> None:
    if not user.has_perm("ideas.view_ideas"):
        raise PermissionDenied


def check_can_moderate_ideas(user) -> None:
    if not user.has_perm("ideas.moderate_ideas"):
        raise PermissionDenied


def idea_for_view(user, pk: int) -> Idea:
    check_can_view_ideas(user)
    idea = (
        Idea.objects.for_list()
        .select_related("author", "duplicate_of", "hidden_by", "transcribed_by", "axis__programme")
        .filter(pk=pk)
        .first()
    )
    if idea is None or not user.has_perm("ideas.view_idea", idea):
        raise Http404  # a hidden idea: do not reveal it exists
    return idea


def idea_for_moderation(user, pk: int) -> Idea:
    check_can_moderate_ideas(user)
    idea = Idea.objects.select_related("implementing_action").filter(pk=pk).first()
    if idea is None:
        raise Http404
    return idea


def idea_for_token(token: str) -> Idea:
    """The idea behind a private follow-up link; 404 for any wrong token."""
    if not token or len(token) > 100:
        raise Http404
    idea = (
        Idea.objects.with_counts()
        .select_related("axis", "action__programme", "implementing_action__programme", "duplicate_of")
        .filter(private_token_hash=hash_token(token))
        .first()
    )
    if idea is None:
        raise Http404
    return idea


def status_history(idea: Idea, *, private: bool = False) -> list[HistoryEntry]:
    """The idea's status changes, oldest first (a dialogue: each answer reads after the one before), as
    entries of the shared history display. `private`: the author's private page of an anonymous idea,
    which names no moderator and links nowhere."""
    changes = (
        IdeaStatusChange.objects.filter(idea=idea)
        .select_related("moderator", "action__programme", "duplicate_of")
        .order_by("created_at", "pk")
    )
    status_label = str(Idea._meta.get_field("status").verbose_name)
    entries = []
    for change in changes:
        links = []
        if change.action:
            url = "" if private else change.action.get_absolute_url()
            links.append(Link(label=_("Fiche-action liée :"), text=str(change.action), url=url))
        if change.duplicate_of:
            url = "" if private else change.duplicate_of.get_absolute_url()
            links.append(Link(label=_("Doublon de l'idée :"), text=change.duplicate_of.title, url=url))
        entries.append(
            HistoryEntry(
                date=change.created_at,
                user=None if private else change.moderator,
                kind="~",
                title=capfirst(str(IdeaStatusChange._meta.verbose_name)),
                changes=[Change(status_label, change.get_from_status_display(), change.get_to_status_display())],
                note=change.answer,
                links=links,
            )
        )
    return entries


def supported_ids(user, ideas) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(Support.objects.filter(user=user, idea__in=[i.pk for i in ideas]).values_list("idea_id", flat=True))


# --- figures: dashboard, moderation ----------------------------------------------------------------


def _days(delta) -> float:
    return delta.total_seconds() / 86400


def figures() -> dict[str, Any]:
    counts = Idea.objects.aggregate(
        received=Count("pk"),
        implemented=Count("pk", filter=Q(status=Idea.Status.IMPLEMENTED)),
        accepted=Count("pk", filter=Q(status__in=[Idea.Status.ACCEPTED, Idea.Status.IMPLEMENTED])),
    )
    first_answers = list(
        Idea.objects.annotate(first=Min("status_changes__created_at"))
        .filter(first__isnull=False)
        .values_list("created_at", "first")
    )
    delays = [_days(first - created) for created, first in first_answers]
    median = statistics.median(delays) if delays else None
    return counts | {
        "answered": len(first_answers),
        "median_days": round(max(median, 0), 1) if median is not None else None,
    }


def participation_by_direction() -> dict[str, Any]:
    """Participating agents (authors, supporters, commenters), ideas and supports by direction.

    Directions with fewer than BREAKDOWN_MIN_GROUP (core.anonymity) participating agents are grouped under
    "Autres directions" (and even that group is not detailed when it is itself too small).
    Anonymous and transcribed ideas count without a direction.
    """
    agents: dict[int | None, set[int]] = defaultdict(set)
    ideas: dict[int | None, int] = defaultdict(int)
    supports: dict[int | None, int] = defaultdict(int)
    for user_id, direction_id in Idea.objects.filter(author__isnull=False).values_list(
        "author_id", "author__service__direction_id"
    ):
        agents[direction_id].add(user_id)
        ideas[direction_id] += 1
    for user_id, direction_id in Support.objects.values_list("user_id", "user__service__direction_id"):
        agents[direction_id].add(user_id)
        supports[direction_id] += 1
    idea_type = ContentType.objects.get_for_model(Idea)
    for user_id, direction_id in Comment.objects.filter(
        content_type=idea_type, author__isnull=False, deleted_at__isnull=True
    ).values_list("author_id", "author__service__direction_id"):
        agents[direction_id].add(user_id)
    names = {d.pk: str(d) for d in Direction.objects.filter(pk__in=[k for k in agents if k is not None])}
    rows: list[dict[str, Any]] = []
    others = {"agents": 0, "ideas": 0, "supports": 0}
    for group_id, members in agents.items():
        if group_id is not None and anonymity.group_visible(len(members)):
            rows.append(
                {
                    "name": names[group_id],
                    "agents": len(members),
                    "ideas": ideas[group_id],
                    "supports": supports[group_id],
                }
            )
        else:
            others["agents"] += len(members)
            others["ideas"] += ideas[group_id]
            others["supports"] += supports[group_id]
    rows.sort(key=lambda r: (-r["agents"], r["name"]))
    if others["agents"]:
        rows.append(
            {"name": _("Autres directions"), "grouped": True, **others}
            if anonymity.group_visible(others["agents"])
            else {"name": _("Autres directions"), "grouped": True, "too_small": True}
        )
    without_author = Idea.objects.filter(author__isnull=True).count()
    return {"rows": rows, "without_direction": without_author, "min_group_size": anonymity.breakdown_min()}


def moderation_queue() -> dict[str, Any]:
    idea_type = ContentType.objects.get_for_model(Idea)
    reported = list(
        Comment.objects.filter(content_type=idea_type, reports__isnull=False, deleted_at__isnull=True)
        .annotate(report_count=Count("reports"))
        .select_related("author")
        .prefetch_related("reports__reporter")
        .order_by("-created_at")[:50]
    )
    titles = dict(Idea.objects.filter(pk__in=[c.object_id for c in reported]).values_list("pk", "title"))
    for comment in reported:
        setattr(comment, "idea_title", titles.get(comment.object_id, ""))  # noqa: B010 (an attribute for the template)
    awaiting = Idea.objects.for_list().filter(status=Idea.Status.SUBMITTED, hidden_at__isnull=True)
    hidden = Idea.objects.filter(hidden_at__isnull=False).select_related("hidden_by")
    return {
        "awaiting": list(awaiting.order_by("created_at")[:50]),
        "hidden": list(hidden.order_by("-hidden_at")[:50]),
        "reported_comments": reported,
    }
