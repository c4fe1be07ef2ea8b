"""What the idea box adds to pages and lists it does not own (see partage.core.hooks):
"Vous avez dit, nous avons fait" on the action page, figures on the dashboard, its navigation entry,
its search source, and comments and follows on ideas."""

from typing import Any

import rules
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from partage.core import anonymity, cache, hooks
from partage.core.comments import register_commentable
from partage.search.engine import Source, local_date

from . import selectors
from .models import Idea

hooks.nav_entry(
    label=_("Boîte à idées"), url_name="ideas:list", permission="ideas.view_ideas", order=70, active_for=("ideas",)
)


# Both sections are the same for every reader: rendered once per change of the ideas, supports, comments
# or people (namespace "ideas", below).
@hooks.section(
    "action", template="ideas/partials/action_ideas.html", permission="ideas.view_ideas", order=20, cache=["ideas"]
)
def action_context(request: HttpRequest, action=None) -> dict[str, Any]:
    if action is None:
        return {"action_ideas": []}
    ideas = (
        Idea.objects.filter(Q(implementing_action=action) | Q(action=action), hidden_at__isnull=True)
        .with_counts()
        .order_by("-created_at", "-pk")[:20]
    )
    return {"action_ideas": list(ideas), "action": action}


@hooks.section(
    "dashboard",
    template="ideas/partials/dashboard_ideas.html",
    permission="ideas.view_ideas",
    order=25,
    cache=["ideas"],
)
def dashboard_context(request: HttpRequest, programme=None) -> dict[str, Any]:
    return {"idea_figures": selectors.figures(), "participation": selectors.participation_by_direction()}


cache.bump_on_writes(
    "ideas",
    [
        *apps.get_app_config("ideas").get_models(),
        apps.get_model("core", "Comment"),
        get_user_model(),
        *apps.get_app_config("organisation").get_models(),
    ],
)


register_commentable(
    Idea,
    url=lambda idea: idea.get_absolute_url(),
    can_view=lambda user, idea: user.is_authenticated and user.has_perm("ideas.view_idea", idea),
    # rules.has_perm: superusers get no pass to comment on a hidden idea.
    can_comment=lambda user, idea: user.is_authenticated and rules.has_perm("ideas.comment_idea", user, idea),
)


def _idea_from_elsewhere(*, user, title: str, description: str, anonymous: bool, author=None) -> str:
    """Offered to other apps (live: a Q&A question or board card becomes an idea in one click). `user` is
    who asks (an idea moderator or the session's host); `author` the agent who wrote the text, or None:
    without an author the idea is anonymous, and nothing links it back to whoever wrote it."""
    from .writes import submit_idea

    if not user.is_authenticated:
        raise PermissionError
    submitted = submit_idea(
        author=author,
        title=title[:200],
        description=description,
        anonymous=anonymous or author is None,
        # Published by whoever asks, not by the author: its moment says nothing of the author.
        publish_now=True,
    )
    return submitted.idea.get_absolute_url()


hooks.provide("ideas.submit_idea", _idea_from_elsewhere)


# Figures of the yearly report (partage/api/report.py), counted here so that nothing imports the idea box.
@hooks.report_figure(label=_("Idées déposées"), permission="ideas.view_ideas", order=10)
def report_ideas_submitted(programme, start, end) -> int:
    return Idea.objects.filter(created_at__date__range=(start, end), hidden_at__isnull=True).count()


@hooks.report_figure(label=_("Idées retenues"), permission="ideas.view_ideas", order=11)
def report_ideas_accepted(programme, start, end) -> int:
    from .models import IdeaStatusChange

    changes = IdeaStatusChange.objects.filter(to_status=Idea.Status.ACCEPTED, created_at__date__range=(start, end))
    return changes.values("idea").distinct().count()


def _release_ideas(payloads, released_at) -> None:
    from .writes import release_held_ideas

    release_held_ideas(payloads, released_at)


anonymity.register_releaser("ideas.idea", _release_ideas)


# --- search source ----------------------------------------------------------------------------


def _searchable_ideas(user):
    """Ideas this reader may open: hidden ones for moderators only (rule ideas.view_idea). Only the title
    and the description are matched: a search by a person's name never finds an anonymous idea, and no
    hit shows an author."""
    return Idea.objects.visible_to(user).only("pk", "title", "description", "status", "created_at", "hidden_at")


def _idea_meta(idea) -> str:
    parts = [gettext("Idée"), idea.get_status_display(), local_date(idea.created_at)]
    if idea.hidden_at is not None:
        parts.append(gettext("masquée"))
    return " — ".join(str(part) for part in parts if part)


@hooks.search_source(permission="ideas.view_ideas", order=40)
def ideas_source() -> Source:
    return Source(
        kind="ideas",
        label=_("Idées"),
        queryset=_searchable_ideas,
        title_field="title",
        text_fields=["description"],
        url=lambda idea: idea.get_absolute_url(),
        meta=_idea_meta,
    )


# --- the dashboard's "Mes idées" (cached for each author apart) -------------------------------
# The "ideas" namespace is bumped by every write of ideas, supports, comments and users: the block is read
# in no query until one of them changes.

MY_IDEAS_LIMIT = 5


@hooks.section(
    "dashboard_mine",
    template="ideas/partials/my_ideas.html",
    permission="ideas.submit_idea",
    order=30,
    cache=["ideas"],
    vary=hooks.per_user,
)
def my_ideas(request: HttpRequest, programme=None) -> dict[str, Any]:
    """The reader's own named ideas, newest first, with their status and supports. Anonymous ideas have
    no author (only their private link reaches them), so they are never listed here."""
    ideas = Idea.objects.filter(author=request.user, is_anonymous=False)
    return {
        "my_ideas": list(ideas.with_counts().order_by("-created_at", "-pk")[:MY_IDEAS_LIMIT]),
        "my_ideas_count": ideas.count(),
    }


@hooks.origin_links("idea")
def openable_ideas(user: Any, urls: list[str]) -> set[str]:
    """An accepted idea's page: every reader of the idea box, unless a moderator hid it since."""
    if not user.has_perm("ideas.view_ideas"):
        return set()
    found = hooks.ids_in_urls(urls, "ideas:idea")
    ideas = Idea.objects.filter(pk__in=found)
    if not user.has_perm("ideas.moderate_ideas"):
        ideas = ideas.filter(hidden_at__isnull=True)
    return hooks.urls_of(found, ideas.values_list("pk", flat=True))


hooks.help_topic(
    slug="boite-a-idees",
    label=_("Boîte à idées"),
    template="ideas/help.html",
    permission="ideas.view_ideas",
    order=20,
    summary=_("Proposer, soutenir et suivre une idée, en son nom ou anonymement."),
)
