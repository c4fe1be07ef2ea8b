"""@mentions: the suggestions endpoint gives the real handles (to those who may comment only), and a
comment whose @mention names nobody, or several agents, is refused with a French error instead of being
published with the mention silently dropped."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from partage.core.models import Comment, Notification
from partage.testing.factories import CommuneContactFactory, UserFactory

pytestmark = pytest.mark.django_db


def suggest(client, q: str):
    return client.get(reverse("core:mention_suggestions"), {"q": q})


def post(client, action, body: str):
    url = reverse("core:post_comment", args=[ContentType.objects.get_for_model(action).pk, action.pk])
    return client.post(url, {"body": body})


@pytest.fixture
def helene(db):
    return UserFactory(first_name="Hélène", last_name="Le Gall", email="helene.legall@lorient-agglo.test")


def test_suggestions_give_the_handle_that_notifies(client, agent, helene, action):
    client.force_login(agent)
    response = suggest(client, "hél")
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    assert response.json()["results"] == [
        {"handle": "@helene.le-gall", "name": "Hélène Le Gall", "email": "helene.legall@lorient-agglo.test"}
    ]
    # The handle suggested is one that the comment accepts and that notifies her.
    assert post(client, action, "Qu'en pense @helene.le-gall ?").status_code == 302
    assert Notification.objects.filter(recipient=helene, verb="mention").count() == 1


def test_homonyms_are_suggested_by_email(client, agent):
    UserFactory(first_name="Jean", last_name="Martin", email="jean.martin@lorient-agglo.test")
    UserFactory(first_name="Jean", last_name="Martin", email="jmartin2@lorient-agglo.test")
    client.force_login(agent)
    handles = {row["handle"] for row in suggest(client, "jean mar").json()["results"]}
    assert handles == {"@jean.martin@lorient-agglo.test", "@jmartin2@lorient-agglo.test"}


def test_commune_contacts_and_inactive_agents_are_never_suggested(client, agent, lanester_like):
    UserFactory(first_name="Gilles", last_name="Parti", is_active=False)
    client.force_login(agent)
    assert suggest(client, "gil").json()["results"] == []
    assert suggest(client, "mairie").json()["results"] == []


@pytest.fixture
def lanester_like(db):
    return CommuneContactFactory(email="mairie@lanester.test", first_name="Gilles", last_name="Mairie")


def test_only_those_who_comment_get_suggestions(client, commune_contact):
    response = suggest(client, "a")
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    client.force_login(commune_contact)
    assert suggest(client, "a").status_code == 403


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("Merci @personne.inconnue !", "« @personne.inconnue » ne correspond à aucun agent."),
        ("Voir avec @anne", "« @anne » ne désigne personne"),
        ("Écrire à @inconnu@lorient-agglo.test", "« @inconnu@lorient-agglo.test » ne correspond à aucun agent."),
    ],
)
def test_a_mention_naming_nobody_is_refused(client, agent, action, body, error):
    client.force_login(agent)
    response = post(client, action, body)
    assert response.status_code == 400
    assert error in response.content.decode().replace("&#x27;", "'")
    assert not Comment.objects.exists()


def test_an_ambiguous_mention_is_refused(client, agent, action):
    UserFactory.create_batch(2, first_name="Jean", last_name="Martin")
    client.force_login(agent)
    response = post(client, action, "@jean.martin ?")
    assert response.status_code == 400
    assert "désigne plusieurs agents" in response.content.decode()
    assert not Comment.objects.exists()


def test_plain_email_addresses_and_known_mentions_pass(client, agent, helene, action):
    client.force_login(agent)
    body = "Écrire à accueil@lorient-agglo.test, puis @helene.le-gall. Et @helene.legall@lorient-agglo.test"
    assert post(client, action, body).status_code == 302
    assert Comment.objects.count() == 1


def test_comment_boxes_ask_for_suggestions(client, agent, action):
    client.force_login(agent)
    html = client.get(action.get_absolute_url() + "?onglet=discussion").content.decode()
    assert f'data-mentions="{reverse("core:mention_suggestions")}"' in html
    assert "core/mentions.js" in html
