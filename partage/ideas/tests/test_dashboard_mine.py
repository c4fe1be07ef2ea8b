"""The dashboard's "Mes idées": the reader's own named ideas, never anyone else's, never an anonymous one."""

import pytest
from django.urls import reverse

from .factories import IdeaFactory, SupportFactory

BLOCK = "Mes idées"


def block(client, user) -> str:
    client.force_login(user)
    page = client.get(reverse("roadmap:dashboard")).content.decode()
    if f">{BLOCK}<" not in page:
        return ""
    return page.split(f">{BLOCK}<", 1)[1].split("</section>", 1)[0]


@pytest.mark.django_db
def test_agent_sees_their_named_ideas_with_status_and_supports(client, programme, agent, other_agent, idea):
    SupportFactory(idea=idea, user=other_agent)
    IdeaFactory(title="Idée de Claire", author=other_agent)
    IdeaFactory(title="Idée anonyme", author=None, is_anonymous=True)
    html = block(client, agent)
    assert idea.title in html
    assert idea.get_absolute_url() in html
    assert "Déposée" in html and "1 soutien" in html
    assert "Idée de Claire" not in html
    assert "Idée anonyme" not in html
    # Then Claire: her own only (the per-user block is never served from another reader's cache).
    html = block(client, other_agent)
    assert "Idée de Claire" in html
    assert idea.title not in html


@pytest.mark.django_db
def test_an_agent_without_ideas_is_invited_to_submit(client, programme, agent):
    html = block(client, agent)
    assert "Vous n'avez pas encore déposé d'idée en votre nom." in html
    assert reverse("ideas:submit") in html


@pytest.mark.django_db
def test_commune_contacts_get_no_block(client, programme, commune_contact):
    assert block(client, commune_contact) == ""


@pytest.mark.django_db
def test_the_block_follows_new_supports_and_ideas(client, programme, agent, other_agent, idea):
    assert "0 soutien" in block(client, agent)
    SupportFactory(idea=idea, user=other_agent)
    IdeaFactory(title="Deuxième idée", author=agent)
    html = block(client, agent)
    assert "1 soutien" in html
    assert "Deuxième idée" in html
