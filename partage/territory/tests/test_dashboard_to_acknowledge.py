"""The dashboard's "Avis à accuser réception" of a commune contact: the notices sent to their commune and
not acknowledged yet; gone once acknowledged in the app; never another commune's; not for agents."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from partage.territory import writes
from partage.testing.factories import CommuneContactFactory, ProgrammeFactory

from .factories import WorksNoticeFactory

BLOCK = "Avis à accuser réception"


@pytest.fixture
def programme(db):
    return ProgrammeFactory(name="PAP 2019", slug="pap-2019", is_current=True)


@pytest.fixture
def sent_notices(lanester, hennebont, lanester_entry, hennebont_entry, service_agent):
    def notice(title, commune, days):
        return WorksNoticeFactory(
            title=title,
            service=service_agent.service,
            created_by=service_agent,
            communes=[commune],
            starts_at=timezone.now() + datetime.timedelta(days=days),
        )

    made = [notice("Réfection de la rue de Verdun", lanester, 5), notice("Pont de Saint-Caradec", hennebont, 6)]
    writes.send_due_notices()
    return made


def dashboard(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("roadmap:dashboard"))
    assert response.status_code == 200
    return response.content.decode()


def test_contact_sees_the_notice_until_it_is_acknowledged(client, programme, sent_notices, lanester_account):
    verdun = sent_notices[0]
    page = dashboard(client, lanester_account)
    block = page.split(BLOCK, 1)[1].split("</section>", 1)[0]
    assert "Réfection de la rue de Verdun" in block
    assert reverse("territory:notice_acknowledge", args=[verdun.pk]) in block
    assert "Pont de Saint-Caradec" not in page  # Hennebont's notice
    client.post(reverse("territory:notice_acknowledge", args=[verdun.pk]), {"action": "received"})
    block = dashboard(client, lanester_account).split(BLOCK, 1)[1].split("</section>", 1)[0]
    assert "Réfection de la rue de Verdun" not in block
    assert "Vous avez accusé réception de tous les avis" in block


def test_agents_and_other_contacts_get_no_block_of_lanester(client, programme, sent_notices, service_agent, hennebont):
    assert BLOCK not in dashboard(client, service_agent)
    other = CommuneContactFactory(email="mairie@hennebont.test", commune=hennebont)
    page = dashboard(client, other)
    block = page.split(BLOCK, 1)[1].split("</section>", 1)[0]
    assert "Pont de Saint-Caradec" in block
    assert "Réfection de la rue de Verdun" not in block


def test_a_notice_sent_after_the_block_was_read_shows_on_the_next_dashboard(
    client, programme, sent_notices, lanester, lanester_account, service_agent
):
    assert "Curage des fossés" not in dashboard(client, lanester_account)
    WorksNoticeFactory(
        title="Curage des fossés",
        service=service_agent.service,
        created_by=service_agent,
        communes=[lanester],
        starts_at=timezone.now() + datetime.timedelta(days=7),
    )
    writes.send_due_notices()  # marks the dispatch sent with an update(), which sends no signal
    block = dashboard(client, lanester_account).split(BLOCK, 1)[1].split("</section>", 1)[0]
    assert "Curage des fossés" in block
