"""Help per module: each module registers its help page in its hooks.py (core.hooks.help_topic); the pages
are public, listed on the footer's "Aide" page (a signed-in reader sees the modules they may use) and
linked from each module's main page."""

import pytest
from django.test import Client
from django.urls import reverse

from partage.core import hooks

pytestmark = pytest.mark.django_db

TOPICS = {
    "feuille-de-route": ("Feuille de route", "roadmap:roadmap"),
    "boite-a-idees": ("Boîte à idées", "ideas:list"),
    "decisions": ("Décisions", "decisions:threads"),
    "groupes-de-suivi": ("Groupes de suivi", "followup:groups"),
    "sessions-en-direct": ("Sessions en direct", "live:sessions"),
    "questionnaires": ("Questionnaires", "surveys:list"),
    "communes": ("Communes", "territory:directory"),
}


@pytest.mark.parametrize("slug", TOPICS)
def test_each_module_has_a_public_french_help_page(client, slug):
    label, _module_page = TOPICS[slug]
    response = client.get(reverse("core:help", args=[slug]))
    assert response.status_code == 200, "readable signed out, like the other footer pages"
    html = response.content.decode()
    assert f"<h1>Aide — {label}</h1>" in html
    assert f'href="{reverse("core:site_page", args=["aide"])}"' in html  # back to the help index


def test_unknown_topic_is_not_found(client):
    assert client.get(reverse("core:help", args=["inconnu"])).status_code == 404


def test_footer_help_page_lists_every_module_signed_out(client):
    html = client.get(reverse("core:site_page", args=["aide"])).content.decode()
    for slug in TOPICS:
        assert f'href="{reverse("core:help", args=[slug])}"' in html


def test_a_commune_contact_finds_the_help_of_the_modules_they_use(commune_contact):
    client = Client()
    client.force_login(commune_contact)
    html = client.get(reverse("core:site_page", args=["aide"])).content.decode()
    assert f'href="{reverse("core:help", args=["communes"])}"' in html
    assert f'href="{reverse("core:help", args=["feuille-de-route"])}"' in html
    assert f'href="{reverse("core:help", args=["boite-a-idees"])}"' not in html  # the idea box is internal


@pytest.mark.parametrize("slug", TOPICS)
def test_each_module_page_links_to_its_help(slug, administrator, programme):
    _label, module_page = TOPICS[slug]
    client = Client()
    client.force_login(administrator)
    url = reverse(module_page, args=[programme.slug]) if module_page == "roadmap:roadmap" else reverse(module_page)
    html = client.get(url).content.decode()
    assert f'href="{reverse("core:help", args=[slug])}"' in html


def test_every_help_topic_is_registered_by_its_module():
    registered = {topic.slug: topic.template.split("/")[0] for topic in hooks.registry.help_topics}
    assert set(TOPICS) <= set(registered)
    assert registered["boite-a-idees"] == "ideas" and registered["communes"] == "territory"
