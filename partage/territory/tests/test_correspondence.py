"""Correspondence forwarded to communes (3.1.6): logging, forwarding once, reading, acknowledging."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partage.territory import tokens, writes
from partage.territory.models import Correspondence, CorrespondenceDelivery

PDF = b"%PDF-1.4 lettre"


def _post(client, **changes):
    data = {
        "received_on": "2030-01-10",
        "sender": "Préfecture du Morbihan",
        "subject": "Arrêté de circulation RD 194",
        "summary": "Fermeture de nuit.",
        **changes,
    }
    return client.post(reverse("territory:correspondence_create"), data)


@pytest.fixture
def letter_data(lanester, hennebont, lanester_entry, hennebont_entry):
    return {"communes": [lanester.pk, hennebont.pk]}


def test_agent_logs_a_letter_which_is_forwarded_once_to_each_contact(
    client, agent, letter_data, lanester_account, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(agent)
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, attachment=SimpleUploadedFile("arrete.pdf", PDF), **letter_data)
    assert response.status_code == 302
    letter = Correspondence.objects.get()
    assert sorted(m.to[0] for m in mailoutbox) == [
        "dst@hennebont.test",
        "dst@lanester.test",
        "mairie-compte@lanester.test",
    ]
    assert writes.forward_correspondence(letter.pk) == 0  # run again: nothing more
    assert len(mailoutbox) == 3


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("virus.exe", b"MZ...", "Seuls les fichiers PDF, PNG ou JPEG sont acceptés."),
        ("faux.pdf", b"<html>", "Le contenu du fichier ne correspond pas à son extension."),
        ("gros.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), "Le fichier dépasse 10 Mo."),
    ],
)
def test_bad_attachment_gets_a_french_error_and_saves_nothing(client, agent, letter_data, name, content, error):
    client.force_login(agent)
    response = _post(client, attachment=SimpleUploadedFile(name, content), **letter_data)
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not Correspondence.objects.exists()


def test_read_link_marks_read_and_button_acknowledges(client, agent, letter_data, django_capture_on_commit_callbacks):
    client.force_login(agent)
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, **letter_data)
    client.logout()
    delivery = CorrespondenceDelivery.objects.get(email="dst@lanester.test")
    url = reverse("communes:correspondence", kwargs={"token": tokens.correspondence_token(delivery.pk)})
    assert client.get(url).status_code == 200
    delivery.refresh_from_db()
    assert delivery.read_at is not None and delivery.acknowledged_at is None
    assert client.post(url).status_code == 200
    delivery.refresh_from_db()
    assert delivery.acknowledged_at is not None
    bad = reverse("communes:correspondence", kwargs={"token": tokens.notice_token(delivery.pk, "received")})
    assert client.post(bad).status_code == 403


def test_contact_opening_the_letter_in_the_app_has_read_it(
    client, agent, letter_data, lanester_account, django_capture_on_commit_callbacks
):
    client.force_login(agent)
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, attachment=SimpleUploadedFile("arrete.pdf", PDF), **letter_data)
    letter = Correspondence.objects.get()
    client.force_login(lanester_account)
    page = client.get(letter.get_absolute_url())
    assert page.status_code == 200
    assert "dst@hennebont.test" not in page.content.decode()  # other recipients stay internal
    assert CorrespondenceDelivery.objects.get(email="mairie-compte@lanester.test").read_at is not None
    assert CorrespondenceDelivery.objects.get(email="dst@lanester.test").read_at is None
    download = client.get(reverse("territory:correspondence_file", kwargs={"pk": letter.pk}))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF


def test_contact_of_another_commune_cannot_read_the_letter(client, agent, lanester, hennebont):
    from partage.testing.factories import CommuneContactFactory

    from .factories import CorrespondenceFactory

    letter = CorrespondenceFactory(communes=[hennebont])
    client.force_login(CommuneContactFactory(commune=lanester))
    assert client.get(letter.get_absolute_url()).status_code == 403
