import pytest

from partage.territory.models import Domain
from partage.testing.factories import CommuneContactFactory, CommuneFactory, ServiceFactory, UserFactory

from .factories import InterlocutorFactory


@pytest.fixture
def voirie(db):
    # get_or_create: transactional (browser) tests flush the rows made by the data migration.
    return Domain.objects.get_or_create(slug="voirie", defaults={"name": "Voirie", "order": 1})[0]


@pytest.fixture
def lanester(db):
    return CommuneFactory(name="Lanester", slug="lanester")


@pytest.fixture
def hennebont(db):
    return CommuneFactory(name="Hennebont", slug="hennebont")


@pytest.fixture
def service(db):
    return ServiceFactory(name="Voirie communautaire")


@pytest.fixture
def service_agent(service):
    return UserFactory(email="voirie@lorient-agglo.test", first_name="Vincent", last_name="Voirie", service=service)


@pytest.fixture
def lanester_entry(lanester, voirie):
    return InterlocutorFactory(commune=lanester, domain=voirie, name="Louise Lanester", email="dst@lanester.test")


@pytest.fixture
def hennebont_entry(hennebont, voirie):
    return InterlocutorFactory(commune=hennebont, domain=voirie, name="Hervé Hennebont", email="dst@hennebont.test")


@pytest.fixture
def lanester_account(lanester):
    return CommuneContactFactory(email="mairie-compte@lanester.test", commune=lanester)
