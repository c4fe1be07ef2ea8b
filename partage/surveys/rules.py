"""Who may do what with surveys (django-rules; tested in tests/test_permissions.py and tests/roles.py).

- Agents see the list of surveys open to them and answer staff surveys; commune contacts do not
  (surveys are internal, except public surveys, answered by anyone through their link).
- Administrators and pilots of an action create surveys; a survey is managed (edited, invitations,
  results, exports, publishing a score) by administrators, its author and the pilots of a linked action.
"""

import rules

from partage.accounts.rules import is_administrator, is_agent
from partage.roadmap.rules import is_pilot


@rules.predicate
def is_survey_author(user, survey) -> bool:
    return survey is not None and user.is_authenticated and survey.created_by_id == user.pk


@rules.predicate
def is_linked_action_pilot(user, survey) -> bool:
    return survey is not None and user.is_authenticated and survey.actions.filter(pilots=user).exists()


can_create_survey = is_administrator | (is_agent & is_pilot)

rules.add_perm("surveys.view_surveys", is_agent | is_administrator)
rules.add_perm("surveys.create_survey", can_create_survey)
rules.add_perm("surveys.manage_survey", is_administrator | (is_agent & (is_survey_author | is_linked_action_pilot)))
