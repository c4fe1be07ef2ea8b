"""Each idea-box permission across roles, on an open, a hidden and a closed idea."""

import pytest
import rules
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from partage.ideas.models import Idea

from .factories import IdeaFactory

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "agent", "pilot", "moderator", "administrator", "commune_contact")
# permission, idea kind -> roles that have it
EXPECTED = {
    ("ideas.view_ideas", None): {"agent", "pilot", "moderator", "administrator"},
    ("ideas.submit_idea", None): {"agent", "pilot", "moderator", "administrator"},
    ("ideas.moderate_ideas", None): {"moderator", "administrator"},
    ("ideas.view_idea", "open"): {"agent", "pilot", "moderator", "administrator"},
    ("ideas.view_idea", "hidden"): {"moderator", "administrator"},
    ("ideas.support_idea", "open"): {"agent", "pilot", "moderator", "administrator"},
    ("ideas.support_idea", "hidden"): set(),
    ("ideas.support_idea", "closed"): set(),
    ("ideas.comment_idea", "open"): {"agent", "pilot", "moderator", "administrator"},
    ("ideas.comment_idea", "hidden"): set(),
}


@pytest.mark.parametrize(("perm", "kind"), list(EXPECTED))
def test_permission_by_role(users_by_role, perm, kind):
    ideas = {
        None: None,
        "open": IdeaFactory(),
        "hidden": IdeaFactory(hidden_at=timezone.now(), hidden_reason="Hors sujet"),
        "closed": IdeaFactory(status=Idea.Status.REJECTED),
    }
    # rules.has_perm, as the views do for object states: superusers get no pass to support a closed idea.
    allowed = {role for role in ROLES if rules.has_perm(perm, users_by_role[role] or AnonymousUser(), ideas[kind])}
    assert allowed == EXPECTED[(perm, kind)]
