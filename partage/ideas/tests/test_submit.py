"""Submitting an idea: the similar-ideas step, the saved idea, and bad input refused with a French error."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partage.core.follows import is_following
from partage.ideas.models import Idea

pytestmark = pytest.mark.django_db

URL = reverse("ideas:submit")
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"


def _data(**extra) -> dict:
    return {"title": "Des fontaines à eau", "description": "Plus de bouteilles en plastique.", **extra}


def test_first_step_shows_similar_ideas_and_saves_nothing(client, agent, idea):
    client.force_login(agent)
    response = client.post(URL, _data(step="check"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Idées proches déjà déposées" in body
    assert idea.title in body  # "fontaines" finds "Installer des fontaines à eau…"
    assert "Déposer mon idée" in body
    assert Idea.objects.count() == 1


def test_confirming_saves_the_idea_and_the_author_follows_it(client, agent, action):
    client.force_login(agent)
    response = client.post(URL, _data(step="confirm", action=action.pk))
    idea = Idea.objects.get(title="Des fontaines à eau")
    assert response.status_code == 302
    assert response["Location"] == idea.get_absolute_url()
    assert idea.author == agent and not idea.is_anonymous
    assert idea.channel == Idea.Channel.DIGITAL
    assert idea.action == action
    assert is_following(agent, idea)
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "Votre idée est déposée" in page


def test_empty_title_gets_a_french_error(client, agent):
    client.force_login(agent)
    for step in ("check", "confirm"):
        response = client.post(URL, _data(title="   ", step=step))
        assert response.status_code == 400
        assert "Donnez un titre à votre idée." in response.content.decode()
    assert not Idea.objects.exists()


def test_a_10_mb_file_is_refused_and_nothing_is_saved(client, agent):
    client.force_login(agent)
    big = SimpleUploadedFile("rapport.pdf", PDF + b"0" * (10 * 1024 * 1024), content_type="application/pdf")
    response = client.post(URL, _data(step="confirm", attachment=big))
    assert response.status_code == 400
    assert "5 Mo au plus" in response.content.decode()
    assert not Idea.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [("photo.png", b"MZ\x90\x00 not a png"), ("script.exe", b"MZ\x90\x00"), ("faux.pdf", b"<html></html>")],
)
def test_a_file_whose_type_or_content_is_wrong_is_refused(client, agent, name, content):
    client.force_login(agent)
    response = client.post(URL, _data(step="confirm", attachment=SimpleUploadedFile(name, content)))
    assert response.status_code == 400
    assert not Idea.objects.exists()


def test_a_real_pdf_is_attached_under_a_random_name_and_downloadable(client, agent, other_agent):
    client.force_login(agent)
    client.post(URL, _data(step="confirm", attachment=SimpleUploadedFile("idee_anne_agent.pdf", PDF)))
    idea = Idea.objects.get()
    assert idea.attachment and "anne" not in idea.attachment.name
    client.force_login(other_agent)
    response = client.get(reverse("ideas:attachment", args=[idea.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_script_in_the_text_is_shown_harmless(client, agent):
    client.force_login(agent)
    client.post(
        URL, _data(title="<script>alert(1)</script>", description="<script>alert(2)</script> **ok**", step="confirm")
    )
    idea = Idea.objects.get()
    body = client.get(idea.get_absolute_url()).content.decode()
    assert "<script>alert" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<strong>ok</strong>" in body


def test_commune_contacts_cannot_submit(client, commune_contact):
    client.force_login(commune_contact)
    assert client.post(URL, _data(step="confirm")).status_code == 403
    assert not Idea.objects.exists()
