"""Who may do what in the idea box (django-rules; tested in tests/test_permissions.py).

- Agents (administrators included) read ideas, submit, support, comment and follow;
  commune contacts do not see the idea box (it is internal).
- Hidden ideas are seen by moderators only.
- Moderators (and administrators) answer, change statuses, hide, transcribe and export.
"""

import rules

from partage.accounts.rules import is_administrator, is_agent, is_moderator


@rules.predicate
def is_visible_idea(user, idea) -> bool:
    return idea is not None and idea.hidden_at is None


@rules.predicate
def is_open_idea(user, idea) -> bool:
    return idea is not None and idea.hidden_at is None and not idea.is_closed


can_view_ideas = is_agent | is_administrator
can_moderate_ideas = is_moderator | is_administrator

rules.add_perm("ideas.view_ideas", can_view_ideas)
rules.add_perm("ideas.view_idea", can_view_ideas & (is_visible_idea | can_moderate_ideas))
rules.add_perm("ideas.submit_idea", is_agent)
rules.add_perm("ideas.support_idea", is_agent & is_open_idea)
rules.add_perm("ideas.comment_idea", is_agent & is_visible_idea)
rules.add_perm("ideas.moderate_ideas", can_moderate_ideas)
