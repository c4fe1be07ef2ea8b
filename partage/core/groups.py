"""Working groups as other apps see them, without importing the app that owns them (followup).

Decisions attaches threads to a group and schedules a group's meeting from a time poll; both apps
are feeding apps, which may not import each other (docs/decisions/0007-layers.md). So followup
registers, from its hook module, who belongs to which group (`register_group_roles`) and listens to
`meeting_date_chosen`; decisions only asks this module and sends the signal.
"""

from collections.abc import Callable
from typing import Any

from django.dispatch import Signal

ANIMATOR = "animator"

# Sent when a date is chosen for a group's meeting (a time poll's outcome). Keyword arguments:
# group_id, title, starts_at, ends_at, invited_ids. Receivers return the meeting they created.
meeting_date_chosen = Signal()

# The cache namespace (partage/core/cache.py) that the provider bumps on every write of groups and their
# members: a value computed from `group_roles` lists it among its namespaces (followup/hooks.py bumps it).
CACHE_NAMESPACE = "followup"

_roles_provider: Callable[[Any], dict[int, str]] | None = None


def register_group_roles(provider: Callable[[Any], dict[int, str]]) -> None:
    """`provider(user) -> {group id: role}`; the role of an animator is `ANIMATOR`."""
    global _roles_provider
    _roles_provider = provider


def group_roles(user) -> dict[int, str]:
    """{group id: role} for the user; empty when no app provides groups."""
    if _roles_provider is None or user is None or not user.is_authenticated:
        return {}
    return _roles_provider(user)


def is_group_member(user, group_id: int | None) -> bool:
    return group_id is not None and group_id in group_roles(user)


def is_group_animator(user, group_id: int | None) -> bool:
    return group_id is not None and group_roles(user).get(group_id) == ANIMATOR
