"""Browser journeys through news and search; every visited page is checked by axe and the CSP."""

import io

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from partage.browser.harness import follow, login, visit
from partage.core.follows import is_following
from partage.news.models import Post
from partage.news.tests.factories import PostFactory

pytestmark = pytest.mark.browser


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(buffer, format="PNG")
    return buffer.getvalue()


def test_moderator_writes_a_post_and_an_agent_reads_comments_and_searches(
    browser, live_server, moderator, agent, action
):
    from partage.browser.harness import new_page

    page = new_page(browser, live_server.url)
    login(page, live_server, moderator)
    visit(page, reverse("news:list"))
    expect(page.get_by_text("Aucune actualité n'a encore été publiée.")).to_be_visible()
    follow(page, page.get_by_role("link", name="Écrire une actualité").click)

    page.get_by_label("Titre").fill("Le télétravail s'étend à tous les services")
    page.get_by_label("Chapô").fill("Chaque agent peut désormais demander deux jours de télétravail.")
    page.locator("#id_body").fill("Les **modalités** sont précisées dans la charte.")
    page.locator("#id_image").set_input_files({"name": "salle.png", "mimeType": "image/png", "buffer": png_bytes()})
    page.get_by_label("2.4.1 Mettre en place le télétravail").check()
    page.get_by_label("Statut").select_option("published")
    follow(page, page.get_by_role("button", name="Enregistrer").click)
    expect(page.get_by_role("alert")).to_contain_text("Le formulaire contient des erreurs")
    alt = page.get_by_label("Texte alternatif de l'image")
    expect(alt).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_image_alt_error")).to_contain_text("le texte alternatif est obligatoire")

    # The file input is emptied by the round trip: leave the image out this time.
    follow(page, page.get_by_role("button", name="Enregistrer").click)
    expect(page.get_by_role("heading", level=1)).to_have_text("Le télétravail s'étend à tous les services")
    page.context.close()

    page = new_page(browser, live_server.url)
    login(page, live_server, agent)
    follow(page, page.get_by_role("link", name="Actualités").first.click)
    follow(page, page.get_by_role("link", name="Le télétravail s'étend à tous les services").click)
    page.get_by_label("Ajouter un commentaire").fill("Le télétravail, excellente nouvelle pour les trajets.")
    follow(page, page.get_by_role("button", name="Publier le commentaire").click)
    expect(page.get_by_text("Le télétravail, excellente nouvelle pour les trajets.")).to_be_visible()

    page.get_by_role("search", name="Rechercher sur le site").get_by_label("Rechercher").fill("teletravail")
    follow(page, page.get_by_role("search", name="Rechercher sur le site").get_by_role("button").click)
    expect(page.get_by_role("heading", level=1)).to_have_text("Recherche")
    expect(page.get_by_role("heading", name="Fiches-actions (1 résultat)")).to_be_visible()
    expect(page.get_by_role("heading", name="Actualités (1 résultat)")).to_be_visible()
    expect(page.get_by_role("heading", name="Commentaires (1 résultat)")).to_be_visible()
    follow(page, page.get_by_role("link", name="Mettre en place le télétravail").click)
    assert page.url.endswith(action.get_absolute_url())

    # The agent follows the action from its page; the choice is kept on the server.
    page.get_by_role("button", name="Suivre", exact=True).click()
    expect(page.get_by_role("button", name="Ne plus suivre")).to_have_attribute("aria-pressed", "true")
    assert is_following(agent, action)
    visit(page, action.get_absolute_url())
    expect(page.get_by_role("button", name="Ne plus suivre")).to_be_visible()
    page.context.close()


def test_news_list_with_filters_and_pagination_is_accessible(page, live_server, agent, action):
    for n in range(12):
        PostFactory(title=f"Billet {n}", actions=[action] if n % 2 else [], axes=[action.objective.axis])
    PostFactory(title="Brouillon", status=Post.Status.DRAFT, published_at=None)
    login(page, live_server, agent)
    visit(page, reverse("news:list"))
    expect(page.get_by_text("12 actualités")).to_be_visible()
    page.get_by_label("Fiche-action").select_option(str(action.pk))
    follow(page, page.get_by_role("button", name="Filtrer").click)
    expect(page.get_by_text("6 actualités")).to_be_visible()
    visit(page, reverse("news:list") + "?page=2")
    visit(page, reverse("search:search") + "?q=zzz")
    expect(page.get_by_text("Aucun résultat.")).to_be_visible()
