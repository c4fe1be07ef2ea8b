"""What the roadmap adds to shared pages and lists (see partage.core.hooks): the main navigation's
roadmap entries, comments and the follow button on an action, and "pilots follow their action"."""

import re

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Count, Min, Q
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from partage.core import cache, hooks
from partage.core.backup import restoring
from partage.core.comments import register_commentable
from partage.core.follows import follow_many
from partage.core.history import register_reasons
from partage.search.engine import Source

from .models import Action, Milestone

MY_MILESTONES_LIMIT = 8

# Cached roadmap figures and fragments (dashboard, roadmap, action pages) are obsolete after any write to
# the roadmap, to the people and directions it names (partage/core/cache.py).
cache.bump_on_writes(
    "roadmap",
    [*apps.get_app_config("roadmap").get_models(), get_user_model(), *apps.get_app_config("organisation").get_models()],
)

# Change reasons of the roadmap's administration writes (writes.py), shown in the action page's history.
register_reasons(
    {
        "roadmap.action.created": _("Création de la fiche-action"),
        "roadmap.action.archived": _("Fiche-action archivée"),
        "roadmap.action.restored": _("Fiche-action restaurée"),
        "roadmap.objective.created": _("Création de l'objectif"),
        "roadmap.objective.edited": _("Modification de l'objectif"),
        "roadmap.objective.archived": _("Objectif archivé"),
        "roadmap.objective.restored": _("Objectif restauré"),
        "roadmap.reordered": _("Nouvel ordre de la feuille de route"),
    }
)

# Navigation: the order numbers leave room for the other apps' entries between them (core.hooks).
hooks.nav_entry(label=_("Tableau de bord"), url_name="roadmap:dashboard", permission="roadmap.view_roadmap", order=10)
hooks.nav_entry(
    label=_("Feuille de route"),
    url_name="roadmap:current_roadmap",
    permission="roadmap.view_roadmap",
    order=20,
    active_for=("roadmap:roadmap", "roadmap:action"),
)
hooks.nav_entry(label=_("Calendrier"), url_name="roadmap:calendar", permission="roadmap.view_roadmap", order=30)
hooks.nav_entry(label=_("Valeurs"), url_name="roadmap:values", permission="roadmap.view_roadmap", order=90)


def _action_url(action: Action) -> str:
    return action.get_absolute_url()


def _discussion_url(action: Action) -> str:
    """Comments are under the action page's « Discussion » tab (views/pages.py)."""
    return action.get_tab_url("discussion")


register_commentable(
    Action,
    url=_discussion_url,
    can_view=lambda user, action: user.has_perm("roadmap.view_roadmap"),
    can_comment=lambda user, action: user.has_perm("roadmap.comment_action", action),
    queryset=lambda: Action.objects.select_related("programme"),
)


# The comments, under the action page's « Discussion » tab (views/pages.py); the follow button is in its header.
@hooks.section(
    "action", template="roadmap/partials/action_discussion.html", permission="roadmap.view_roadmap", order=90
)
def action_social(request, action: Action) -> dict:
    return {"action": action}


@receiver(m2m_changed, sender=Action.pilots.through, weak=False, dispatch_uid="roadmap_pilots_follow")
def pilots_follow(sender, instance, action, pk_set, reverse, **kwargs) -> None:
    """A pilot added to an action follows it (from either side of the relation)."""
    if action != "post_add" or not pk_set or restoring():  # a restored backup holds its follows already
        return
    if reverse:  # user.piloted_actions.add(*actions)
        for pk in pk_set:
            follow_many([instance], Action(pk=pk))
    else:
        follow_many(pk_set, instance)


def _action_number(query: str) -> Q:
    """ "2.4.1" finds that sheet; "2.4" every sheet of objective 2.4."""
    number = query.strip().rstrip(".")
    if not re.fullmatch(r"\d+(\.\d+){0,2}", number):
        return Q(pk__in=[])
    return Q(number=number) | Q(number__startswith=f"{number}.")


@hooks.search_source(permission="roadmap.view_roadmap", order=10)
def actions_source() -> Source:
    return Source(
        kind="actions",
        label=_("Fiches-actions"),
        queryset=lambda user: Action.objects.living().select_related("programme"),
        title_field="title",
        text_fields=["description", "expected_results"],
        url=_action_url,
        meta=lambda action: gettext("Fiche %(number)s") % {"number": action.number},
        exact=_action_number,
    )


# --- the dashboard's blocks of a pilot (cached for each pilot apart) -----------------------------
# Cached per user (hooks.per_user) in the "roadmap" namespace, which every write of actions, milestones,
# pilots and users bumps: a pilot's dashboard reads them in no query until the roadmap changes.


def _until_tomorrow(context, programme=None):
    return cache.next_midnight()  # "En retard" is relative to today


@hooks.section(
    "dashboard_mine",
    template="roadmap/partials/my_actions.html",
    permission="roadmap.view_my_actions",
    order=10,
    cache=["roadmap"],
    vary=hooks.per_user,
)
def my_actions(request, programme=None) -> dict:
    """The actions this user pilots in the current programme, with their next milestone due."""
    actions = Action.objects.living().filter(pilots=request.user)
    if programme is not None:
        actions = actions.filter(programme=programme)
    actions = actions.select_related("programme").annotate(
        next_due=Min("milestones__due_date", filter=Q(milestones__done_date__isnull=True)),
        open_milestones=Count("milestones", filter=Q(milestones__done_date__isnull=True)),
    )
    return {"my_actions": list(actions.order_by("number"))}


@hooks.section(
    "dashboard_mine",
    template="roadmap/partials/my_milestones.html",
    permission="roadmap.view_my_actions",
    order=11,
    cache=["roadmap"],
    vary=hooks.per_user,
    until=_until_tomorrow,
)
def my_milestones(request, programme=None) -> dict:
    """Milestones not done of the actions this user pilots, the most urgent first (late ones marked)."""
    milestones = Milestone.objects.filter(
        action__pilots=request.user, action__archived_at__isnull=True, done_date__isnull=True
    )
    if programme is not None:
        milestones = milestones.filter(action__programme=programme)
    milestones = milestones.select_related("action__programme").order_by("due_date", "pk")
    return {
        "my_milestones": list(milestones[:MY_MILESTONES_LIMIT]),
        "my_milestones_count": milestones.count(),
    }


hooks.help_topic(
    slug="feuille-de-route",
    label=_("Feuille de route"),
    template="roadmap/help.html",
    permission="roadmap.view_roadmap",
    order=10,
    summary=_("Trouver, lire et tenir à jour les fiches-actions."),
)
