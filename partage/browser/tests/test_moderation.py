"""Browser journey through comment moderation: the versions of an edited comment and the reports queue,
every page checked by axe and the CSP."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from partage.browser.harness import follow, login, visit
from partage.core import comments
from partage.core.models import CommentReport

pytestmark = pytest.mark.browser


def test_moderator_reads_versions_then_dismisses_and_hides_reports(page, live_server, moderator, pilot, agent, action):
    edited = comments.post_comment(author=pilot, target=action, body="Premier jet de la **charte**.")
    comments.edit_comment(edited, body="Charte relue et corrigée.", editor=pilot)
    comments.report_comment(edited, reporter=agent, reason="Information inexacte")
    rude = comments.post_comment(author=pilot, target=action, body="Un propos déplacé.")
    comments.report_comment(rude, reporter=agent, reason="Propos blessant")

    login(page, live_server, moderator)
    visit(page, live_server.url + action.get_absolute_url() + "?onglet=discussion")
    follow(page, page.get_by_role("link", name="(modifié) : voir les versions").click)
    expect(page.get_by_role("heading", level=1)).to_have_text("Versions d'un commentaire")
    expect(page.get_by_text("Premier jet de la")).to_be_visible()
    visit(page, live_server.url + reverse("core:comment_versions", args=[edited.pk]))

    follow(page, page.get_by_role("link", name="Signalements").click)
    expect(page.get_by_role("heading", level=1)).to_have_text("Commentaires signalés")
    expect(page.get_by_text("Propos blessant")).to_be_visible()
    expect(page.get_by_text("Information inexacte")).to_be_visible()

    first = page.get_by_role("article").filter(has_text="Information inexacte")
    follow(page, first.get_by_role("button", name="Classer sans suite").click)
    expect(page.get_by_text("Les signalements sont classés sans suite.")).to_be_visible()
    expect(page.get_by_text("Information inexacte")).to_have_count(0)

    page.get_by_label("Motif du masquage").fill("Propos injurieux")
    follow(page, page.get_by_role("button", name="Masquer le commentaire").click)
    expect(page.get_by_text("Aucun signalement en attente.")).to_be_visible()
    assert not CommentReport.objects.filter(handled_at__isnull=True).exists()
