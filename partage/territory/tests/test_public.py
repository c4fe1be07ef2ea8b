"""Public pages, feeds and widget (no login, public fields only), and acknowledgement links."""

import datetime

import pytest
import time_machine
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from partage.territory import tokens, writes
from partage.territory.models import NoticeDispatch, WorksNotice

from .factories import WorksNoticeFactory

INTERNAL = [
    "Impact interne",
    "dst@lanester.test",
    "Voirie communautaire",
    "Louise Lanester",
    "voirie@lorient-agglo.test",
]


@pytest.fixture
def notice(lanester, lanester_entry, service_agent):
    notice = WorksNoticeFactory(
        title="Réfection de la rue de Verdun",
        service=service_agent.service,
        created_by=service_agent,
        communes=[lanester],
        starts_at=timezone.now() + datetime.timedelta(days=5),
    )
    writes.send_due_notices()
    return notice


@pytest.mark.parametrize("name", ["notices", "rss", "ics", "widget"])
def test_public_pages_need_no_login_and_leak_no_internal_field(client, notice, name):
    response = client.get(reverse(f"communes:{name}", kwargs={"slug": "lanester"}))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Réfection de la rue de Verdun" in body
    assert "Circulation alternée rue Jean Jaurès." in body
    for text in INTERNAL:
        assert text not in body, f"{text} leaks on {name}"
    assert "accuse" not in body  # no acknowledgement token


def test_public_pages_hide_done_and_cancelled_notices_and_other_communes(client, notice, hennebont, lanester):
    WorksNoticeFactory(title="Chantier annulé", status=WorksNotice.Status.CANCELLED, communes=[lanester])
    WorksNoticeFactory(title="Chantier terminé", status=WorksNotice.Status.DONE, communes=[lanester])
    WorksNoticeFactory(title="Chantier à Hennebont", communes=[hennebont])
    body = client.get(reverse("communes:notices", kwargs={"slug": "lanester"})).content.decode()
    assert "Réfection de la rue de Verdun" in body
    for title in ("Chantier annulé", "Chantier terminé", "Chantier à Hennebont"):
        assert title not in body


def test_icalendar_parses(client, notice):
    response = client.get(reverse("communes:ics", kwargs={"slug": "lanester"}))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    assert "Réfection de la rue de Verdun" in str(events[0]["SUMMARY"])
    assert events[0].decoded("DTSTART") == notice.starts_at.replace(microsecond=0)


def test_widget_may_be_framed_but_other_pages_may_not(client, notice):
    widget = client.get(reverse("communes:widget", kwargs={"slug": "lanester"}))
    assert "X-Frame-Options" not in widget
    assert "frame-ancestors *" in widget["Content-Security-Policy"]
    page = client.get(reverse("communes:notices", kwargs={"slug": "lanester"}))
    assert page["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]


def test_unknown_commune_is_404(client, db):
    assert client.get(reverse("communes:notices", kwargs={"slug": "atlantis"})).status_code == 404


# --- acknowledgement links ------------------------------------------------------------------------


def _url(token: str) -> str:
    return reverse("communes:acknowledge", kwargs={"token": token})


def test_acknowledgement_link_shows_a_button_and_the_post_records_it(client, notice):
    dispatch = NoticeDispatch.objects.get()
    url = _url(tokens.notice_token(dispatch.pk, "received"))
    response = client.get(url)
    assert response.status_code == 200
    assert "Confirmer : bien reçu" in response.content.decode()
    dispatch.refresh_from_db()
    assert dispatch.received_at is None  # a mail scanner following the link acknowledges nothing
    response = client.post(url)
    assert response.status_code == 200
    assert "la réception de l'avis est confirmée" in response.content.decode()
    dispatch.refresh_from_db()
    assert dispatch.received_at is not None and dispatch.relayed_at is None


def test_relayed_link_records_both(client, notice):
    dispatch = NoticeDispatch.objects.get()
    client.post(_url(tokens.notice_token(dispatch.pk, "relayed")))
    dispatch.refresh_from_db()
    assert dispatch.received_at is not None and dispatch.relayed_at is not None


def test_the_email_carries_working_links(client, notice, mailoutbox):
    body = mailoutbox[0].body
    link = next(line.split(": ", 1)[1] for line in body.splitlines() if line.startswith("- Bien reçu"))
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert client.post("/" + path).status_code == 200
    assert NoticeDispatch.objects.get().received_at is not None


def _forged_tokens(dispatch_id: int) -> dict[str, str]:
    good = tokens.notice_token(dispatch_id, "received")
    value, rest = good.split(":", 1)
    other_id = signing.TimestampSigner(salt=tokens.NOTICE_SALT).sign_object({"id": dispatch_id, "a": "received"})
    return {
        "altered": signing.b64_encode(b'{"id":' + str(dispatch_id).encode() + b',"a":"relayed"}').decode() + ":" + rest,
        "other salt": tokens.make(tokens.CORRESPONDENCE_SALT, dispatch_id, "read"),
        "forged": "eyJpZCI6MX0:1abcde:notasignature",
        "garbage": "n-importe-quoi",
        "truncated": other_id[:-3],
    }


@pytest.mark.parametrize("case", ["altered", "other salt", "forged", "garbage", "truncated"])
def test_forged_or_altered_links_are_refused_and_change_nothing(client, notice, case):
    dispatch = NoticeDispatch.objects.get()
    url = _url(_forged_tokens(dispatch.pk)[case])
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    dispatch.refresh_from_db()
    assert dispatch.received_at is None and dispatch.relayed_at is None


def test_expired_link_is_refused_and_changes_nothing(client, notice):
    dispatch = NoticeDispatch.objects.get()
    url = _url(tokens.notice_token(dispatch.pk, "received"))
    with time_machine.travel(timezone.now() + datetime.timedelta(days=61), tick=False):
        assert client.get(url).status_code == 403
        assert client.post(url).status_code == 403
    dispatch.refresh_from_db()
    assert dispatch.received_at is None


def test_link_to_a_deleted_dispatch_is_refused(client, notice):
    dispatch = NoticeDispatch.objects.get()
    url = _url(tokens.notice_token(dispatch.pk, "received"))
    dispatch.delete()
    assert client.post(url).status_code == 403


def test_notice_page_shows_who_was_told_and_who_acknowledged(client, notice, service_agent):
    dispatch = NoticeDispatch.objects.get()
    client.post(_url(tokens.notice_token(dispatch.pk, "relayed")))
    client.force_login(service_agent)
    body = client.get(notice.get_absolute_url()).content.decode()
    assert "Louise Lanester" in body and "dst@lanester.test" in body
    assert "Premier envoi" in body
    assert body.count("Oui, le") == 2


def test_main_dashboard_lists_next_notices(client, notice, agent, commune_contact, programme):
    client.force_login(agent)
    body = client.get(reverse("roadmap:dashboard")).content.decode()
    assert "Prochains travaux signalés aux communes" in body
    assert "Réfection de la rue de Verdun" in body
    client.force_login(commune_contact)  # Lanester's contact sees their commune's notices
    body = client.get(reverse("roadmap:dashboard")).content.decode()
    assert "Réfection de la rue de Verdun" in body
    assert reverse("communes:notices", kwargs={"slug": "lanester"}) in body
