"""A commune contact acknowledges a works notice from the app, not only from the email link: the same
write records it on the dispatch to their commune, a reload posts nothing, other communes are refused."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from partage.territory import writes
from partage.territory.hooks import dashboard_context
from partage.territory.models import NoticeDispatch

from .factories import WorksNoticeFactory


@pytest.fixture
def sent_notice(lanester, lanester_entry, service_agent):
    notice = WorksNoticeFactory(
        title="Réfection de la rue de Verdun",
        service=service_agent.service,
        created_by=service_agent,
        communes=[lanester],
        starts_at=timezone.now() + datetime.timedelta(days=5),
    )
    writes.send_due_notices()
    return notice


def test_the_contact_acknowledges_from_the_dashboard_link(client, sent_notice, lanester_account):
    client.force_login(lanester_account)
    url = reverse("territory:notice_acknowledge", args=[sent_notice.pk])
    request = RequestFactory().get("/")
    request.user = lanester_account
    block = render_to_string("territory/partials/dashboard_notices.html", dashboard_context(request))
    assert f'href="{url}"' in block, "the dashboard block links the contact to the notice's page"
    page = client.get(url).content.decode()
    assert "Réfection de la rue de Verdun" in page and "Confirmer : bien reçu" in page
    assert "Impact interne" not in page, "the internal impact stays internal"

    response = client.post(url, {"action": "received"})
    assert response.status_code == 302 and response["Location"] == url  # post/redirect/get
    dispatch = NoticeDispatch.objects.get()
    assert dispatch.received_at is not None and dispatch.relayed_at is None
    page = client.get(url).content.decode()
    assert "la réception de l&#x27;avis est confirmée" in page
    assert "Confirmer : bien reçu" not in page and "Confirmer : relayé aux usagers" in page

    client.post(url, {"action": "relayed"})
    dispatch.refresh_from_db()
    assert dispatch.relayed_at is not None
    assert "Confirmer" not in client.get(url).content.decode()


def test_a_notice_not_yet_sent_cannot_be_acknowledged(client, lanester, lanester_account):
    notice = WorksNoticeFactory(communes=[lanester], starts_at=timezone.now() + datetime.timedelta(days=60))
    client.force_login(lanester_account)
    url = reverse("territory:notice_acknowledge", args=[notice.pk])
    assert "pas encore été envoyé" in client.get(url).content.decode()
    response = client.post(url, {"action": "received"}, follow=True)
    assert "pas encore été envoyé à votre commune" in response.content.decode()
    assert not NoticeDispatch.objects.exists()


def test_another_communes_contact_and_agents_are_refused(client, sent_notice, hennebont, service_agent):
    from partage.testing.factories import CommuneContactFactory

    url = reverse("territory:notice_acknowledge", args=[sent_notice.pk])
    for user in (CommuneContactFactory(email="mairie@hennebont.test", commune=hennebont), service_agent):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, {"action": "relayed"}).status_code == 403
    dispatch = NoticeDispatch.objects.get()
    assert dispatch.received_at is None and dispatch.relayed_at is None
