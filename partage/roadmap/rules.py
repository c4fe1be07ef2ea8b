"""Who may do what on the roadmap (django-rules predicates, tested in tests/test_roles.py)."""

import rules

from partage.accounts.rules import is_administrator, is_agent, is_commune_contact
from partage.core import cache


@rules.predicate
def is_pilot_of(user, action) -> bool:
    if action is None or not user.is_authenticated:
        return False
    # Views prefetch `pilots`; reuse it when present instead of querying again.
    cache = getattr(action, "_prefetched_objects_cache", {})
    if "pilots" in cache:
        return any(p.pk == user.pk for p in cache["pilots"])
    return action.pilots.filter(pk=user.pk).exists()


@rules.predicate
def is_pilot(user) -> bool:
    """The user pilots at least one action: asked on every dashboard, so read once per change of the roadmap
    (whose namespace every write of actions and their pilots bumps), and kept on the user for the request."""
    if not user.is_authenticated:
        return False
    if not hasattr(user, "_is_pilot"):
        user._is_pilot = cache.cached(
            f"roadmap:is-pilot:{user.pk}", namespaces=["roadmap"], compute=user.piloted_actions.exists
        )
    return user._is_pilot


can_view_roadmap = is_agent | is_commune_contact | is_administrator
can_edit_action = is_administrator | (is_agent & is_pilot_of)

rules.add_perm("roadmap.view_roadmap", can_view_roadmap)
rules.add_perm("roadmap.edit_action", can_edit_action)
# Comments on an action: staff and administrators (commune contacts read them, they do not write).
rules.add_perm("roadmap.comment_action", is_agent | is_administrator)
# The dashboard's "Mes actions" and "Mes jalons" blocks.
rules.add_perm("roadmap.view_my_actions", (is_agent | is_administrator) & is_pilot)
rules.add_perm("roadmap.export_roadmap", is_administrator)
rules.add_perm("roadmap.import_roadmap", is_administrator)
# Administration of the living roadmap (create, edit, reorder and archive objectives and actions):
# administrators. Pilots edit their own action's sheet, milestones and measures (edit_action).
rules.add_perm("roadmap.manage_roadmap", is_administrator)
