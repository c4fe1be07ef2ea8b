"""Fixtures shared by the whole suite: one user per role, and a small roadmap.

Roles (see partage/accounts/models.py): anonymous, agent, pilot (of `action`),
moderator, administrator, commune contact.
"""

import pytest

from partage.testing import factories

pytest_plugins = ["partage.browser.fixtures"]


@pytest.fixture(autouse=True)
def _fresh_figures_cache():
    # Cached figures (partage/core/cache.py) must not leak from one test's rolled-back data into the next.
    from partage.core import cache

    cache.forget_all()


@pytest.fixture
def programme(db):
    return factories.ProgrammeFactory(name="PAP 2019", slug="pap-2019", is_current=True)


@pytest.fixture
def action(programme):
    axis = factories.AxisFactory(programme=programme, number=2, title="Favoriser l'engagement des agents")
    objective = factories.ObjectiveFactory(axis=axis, number=4, title="Favoriser la qualité de vie au travail")
    return factories.ActionFactory(
        objective=objective, position=1, number="2.4.1", lead_verb="Mettre", title="Mettre en place le télétravail"
    )


@pytest.fixture
def agent(db):
    return factories.UserFactory(email="agent@lorient-agglo.test", first_name="Anne", last_name="Agent")


@pytest.fixture
def pilot(action):
    user = factories.UserFactory(email="pilote@lorient-agglo.test", first_name="Paul", last_name="Pilote")
    action.pilots.add(user)
    return user


@pytest.fixture
def moderator(db):
    return factories.UserFactory(email="moderateur@lorient-agglo.test", is_moderator=True)


@pytest.fixture
def administrator(db):
    return factories.UserFactory(email="admin@lorient-agglo.test", is_staff=True, is_superuser=True)


@pytest.fixture
def commune_contact(db):
    return factories.CommuneContactFactory(
        email="mairie@lanester.test", commune=factories.CommuneFactory(name="Lanester", slug="lanester")
    )


@pytest.fixture
def users_by_role(agent, pilot, moderator, administrator, commune_contact) -> dict:
    """Every role, keyed by name; None is the anonymous visitor."""
    return {
        "anonymous": None,
        "agent": agent,
        "pilot": pilot,
        "moderator": moderator,
        "administrator": administrator,
        "commune_contact": commune_contact,
    }
