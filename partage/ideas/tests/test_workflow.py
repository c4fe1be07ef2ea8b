"""The idea workflow is enforced by `writes.change_status`, not only by the moderation form."""

import pytest

from partage.core.errors import RuleViolation
from partage.ideas import workflow, writes
from partage.ideas.models import Idea, IdeaStatusChange
from partage.testing import factories

pytestmark = pytest.mark.django_db

Status = Idea.Status


@pytest.fixture
def moderator():
    return factories.UserFactory()


def _idea(status: str, **kwargs) -> Idea:
    idea = writes.submit_idea(author=factories.UserFactory(), title="Covoiturage", description="…").idea
    Idea.objects.filter(pk=idea.pk).update(status=status, **kwargs)
    idea.refresh_from_db()
    return idea


def test_implemented_cannot_go_back_to_submitted(moderator):
    idea = _idea(Status.IMPLEMENTED, implementing_action=factories.ActionFactory())
    with pytest.raises(RuleViolation, match="ne peut pas passer au statut « Déposée »") as refusal:
        writes.change_status(idea=idea, moderator=moderator, status=Status.SUBMITTED)
    assert refusal.value.field == "status"
    idea.refresh_from_db()
    assert idea.status == Status.IMPLEMENTED and not IdeaStatusChange.objects.exists()


@pytest.mark.parametrize("status", ["", "done", "SUBMITTED", "implemented "])
def test_unknown_status_strings_are_refused(moderator, status):
    idea = _idea(Status.SUBMITTED)
    with pytest.raises(RuleViolation, match="Statut inconnu."):
        writes.change_status(idea=idea, moderator=moderator, status=status)
    assert Idea.objects.get(pk=idea.pk).status == Status.SUBMITTED


def test_every_transition_of_the_table_is_accepted_and_every_other_refused(moderator):
    action = factories.ActionFactory()
    for current in Status.values:
        for to in Status.values:
            idea = _idea(current, implementing_action=action)
            target = _idea(Status.SUBMITTED)
            call = lambda: writes.change_status(  # noqa: E731
                idea=idea, moderator=moderator, status=to, answer="Réponse", duplicate_of=target
            )
            if to in workflow.TRANSITIONS[current]:
                assert call().to_status == to
            else:
                with pytest.raises(RuleViolation):
                    call()


@pytest.mark.parametrize(
    ("status", "field"),
    [(Status.REJECTED, "answer"), (Status.IMPLEMENTED, "action"), (Status.DUPLICATE, "duplicate_of")],
)
def test_each_step_requires_what_it_needs(moderator, status, field):
    idea = _idea(Status.ACCEPTED if status == Status.IMPLEMENTED else Status.SUBMITTED)
    with pytest.raises(RuleViolation) as refusal:
        writes.change_status(idea=idea, moderator=moderator, status=status, answer="")
    assert refusal.value.field == field


def test_an_idea_cannot_be_a_duplicate_of_itself(moderator):
    idea = _idea(Status.SUBMITTED)
    with pytest.raises(RuleViolation):
        writes.change_status(idea=idea, moderator=moderator, status=Status.DUPLICATE, duplicate_of=idea)
