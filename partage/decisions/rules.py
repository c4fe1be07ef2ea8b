"""Who may do what with threads and polls (django-rules; tested in tests/test_permissions.py
and the project's role × route table).

- Threads for all agents are visible to every agent and administrator; a group's threads to the
  group's members and administrators. Commune contacts see no decisions.
- Any agent starts a thread for all agents; a group's members start threads for their group.
- The thread's author, the group's animators and administrators add polls to a thread.
- A poll's author and administrators close, reopen, remind and write the outcome.
- Voting (electorate, dates) is checked by `actions.cast_vote`, which says why in French.
"""

import rules

from partage.accounts.rules import is_administrator, is_agent
from partage.core import hooks


# Working groups are followup's, a feeding app decisions may not import (docs/decisions/0007-layers.md):
# decisions asks followup's capabilities (partage/followup/hooks.py), and without followup there are no groups.
def member_group_ids(user) -> set[int]:
    """The ids of the working groups the user belongs to."""
    provider = hooks.capability("followup.member_group_ids")
    if provider is None or user is None or not user.is_authenticated:
        return set()
    return provider(user=user)


def is_group_animator(user, group_id: int | None) -> bool:
    provider = hooks.capability("followup.is_group_animator")
    if provider is None or group_id is None or user is None or not user.is_authenticated:
        return False
    return provider(user=user, group_id=group_id)


@rules.predicate
def can_view_thread(user, thread) -> bool:
    if thread is None or not user.is_authenticated:
        return False
    if user.is_administrator:
        return True
    if not user.is_agent:
        return False
    return thread.group_id is None or thread.group_id in member_group_ids(user)


@rules.predicate
def is_thread_author(user, thread) -> bool:
    return thread is not None and thread.author_id == user.pk


@rules.predicate
def is_thread_group_animator(user, thread) -> bool:
    return thread is not None and thread.group_id is not None and is_group_animator(user, thread.group_id)


@rules.predicate
def is_poll_author(user, poll) -> bool:
    return poll is not None and poll.author_id == user.pk


@rules.predicate
def can_view_poll(user, poll) -> bool:
    if poll is None:
        return False
    if poll.thread_id is None:
        return bool(user.is_authenticated and (user.is_agent or user.is_administrator))
    return can_view_thread(user, poll.thread)


def can_start_thread(user, group) -> bool:
    """All-agents threads: any agent; a group's thread: its members (administrators always)."""
    if user.is_administrator:
        return True
    if not user.is_agent:
        return False
    return group is None or group.pk in member_group_ids(user)


can_use_decisions = is_agent | is_administrator
can_manage_thread = is_administrator | (is_agent & (is_thread_author | is_thread_group_animator))
can_manage_poll = is_administrator | (is_agent & is_poll_author)

rules.add_perm("decisions.use", can_use_decisions)
rules.add_perm("decisions.view_thread", can_view_thread)
rules.add_perm("decisions.manage_thread", can_manage_thread)
rules.add_perm("decisions.view_poll", can_view_poll)
rules.add_perm("decisions.manage_poll", can_view_poll & can_manage_poll)
