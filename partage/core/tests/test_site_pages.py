"""Footer pages: public (no login), the default French text until an administrator writes one, then
theirs (Markdown) with its history; linked from every page's footer."""

import pytest
from django.urls import reverse

from partage.core.models import SitePage

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        ("mentions-legales", "Éditeur"),
        ("accessibilite", "Défenseur des droits"),
        ("donnees-personnelles", "Vote anonyme"),
        ("aide", "Boîte à idées"),
    ],
)
def test_default_pages_are_public_and_linked_from_the_footer(client, slug, expected):
    url = reverse("core:site_page", args=[slug])
    response = client.get(url)
    assert response.status_code == 200, "readable without login"
    assert expected in response.content.decode()
    assert f'href="{url}"' in client.get(reverse("core:site_page", args=["aide"])).content.decode()


def test_the_accessibility_statement_has_the_rgaa_sections(client):
    body = client.get(reverse("core:site_page", args=["accessibilite"])).content.decode()
    for section in ("État de conformité", "Dérogations", "Retour d'information et contact", "Voies de recours"):
        assert section in body, section


def test_the_legal_notice_claims_no_licence_nobody_chose(client):
    body = client.get(reverse("core:site_page", args=["mentions-legales"])).content.decode()
    assert "logiciel libre" not in body and "GPL" not in body
    assert "doivent en choisir une" in body


def test_an_administrators_text_replaces_the_default_and_keeps_history(client):
    page = SitePage.objects.create(slug="mentions-legales", title="Mentions légales", body="Hébergé par **Acme**.")
    page.body = "Hébergé par **Exemple SAS**, Lorient."
    page.save()
    body = client.get(reverse("core:site_page", args=["mentions-legales"])).content.decode()
    assert "<strong>Exemple SAS</strong>" in body and "Éditeur" not in body
    assert page.history.count() == 2


def test_an_unknown_page_is_404(client):
    assert client.get(reverse("core:site_page", args=["inconnue"])).status_code == 404
