"""Who may do what in follow-up groups (django-rules; tested in tests/test_permissions.py).

- Everything a group publishes (the group page, meetings, published minutes)
  is visible to every agent and administrator; commune contacts do not see groups.
- Draft minutes are visible to the group's members and administrators.
- Animators of the group and administrators schedule meetings.
- Animators and secretaries of the group and administrators write, publish and correct minutes.

Permissions take a `Group`; views resolve meetings and minutes to their group first.
"""

import rules
from django.db.models import Q

from partage.accounts.rules import is_administrator, is_agent

from .models import Membership


def group_roles(user) -> dict[int, str]:
    """{group id: role} for the user, read once per request (cached on the user object)."""
    if not user.is_authenticated:
        return {}
    cached = getattr(user, "_followup_roles", None)
    if cached is None:
        cached = dict(Membership.objects.filter(user=user).values_list("group_id", "role"))
        user._followup_roles = cached
    return cached


@rules.predicate
def is_group_member(user, group) -> bool:
    return group is not None and group.pk in group_roles(user)


@rules.predicate
def is_group_animator(user, group) -> bool:
    return group is not None and group_roles(user).get(group.pk) == Membership.Role.ANIMATOR


@rules.predicate
def is_group_minute_taker(user, group) -> bool:
    return group is not None and group_roles(user).get(group.pk) in (
        Membership.Role.ANIMATOR,
        Membership.Role.SECRETARY,
    )


can_view_groups = is_agent | is_administrator
can_view_drafts = is_administrator | (is_agent & is_group_member)
can_manage_group = is_administrator | (is_agent & is_group_animator)
can_write_minutes = is_administrator | (is_agent & is_group_minute_taker)

rules.add_perm("followup.view_groups", can_view_groups)
rules.add_perm("followup.view_drafts", can_view_drafts)
rules.add_perm("followup.manage_group", can_manage_group)
rules.add_perm("followup.write_minutes", can_write_minutes)


def visible_minutes_filter(user, prefix: str = "") -> Q | None:
    """Which minutes a user may read, as a filter: published minutes for every agent, drafts for the
    group's members and administrators (the rule `followup.view_drafts`, for many rows at once).
    None when the user may read none. `prefix` reaches the minutes from a related model."""
    if not user.has_perm("followup.view_groups"):
        return None
    if user.is_superuser:
        return Q()
    return Q(**{f"{prefix}status": "published"}) | Q(**{f"{prefix}meeting__group_id__in": list(group_roles(user))})
