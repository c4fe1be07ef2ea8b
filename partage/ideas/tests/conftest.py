import pytest

from .factories import IdeaFactory


@pytest.fixture
def idea(agent):
    return IdeaFactory(
        title="Installer des fontaines à eau dans les bâtiments",
        description="Moins de bouteilles en plastique dans les services.",
        author=agent,
    )


@pytest.fixture
def other_agent(db):
    from partage.testing.factories import UserFactory

    return UserFactory(email="collegue@lorient-agglo.test", first_name="Claire", last_name="Collègue")
