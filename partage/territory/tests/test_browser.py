"""Browser journey in Chromium (every visited page checked by axe and for CSP violations):
a service agent creates a notice for Lanester and Hennebont; the Lanester contact receives the
email, acknowledges through its link without logging in; the notice page shows it. The public
page and the widget are visited too."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from partage.browser import harness
from partage.territory.models import NoticeDispatch, WorksNotice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_service_notice_reaches_lanester_which_acknowledges(
    new_page, live_server, service_agent, lanester_entry, hennebont_entry
):
    from playwright.sync_api import expect

    visit, follow = harness.visit, harness.follow
    start = timezone.localtime() + datetime.timedelta(days=5)
    end = start + datetime.timedelta(days=2)

    page = harness.login(new_page(), live_server, service_agent)
    visit(page, live_server.url + reverse("territory:directory"))
    follow(page, page.get_by_role("link", name="Avis de travaux", exact=True).click)
    follow(page, page.get_by_role("link", name="Nouvel avis").click)
    page.get_by_label("Intitulé").fill("Réfection de la rue de Verdun")
    page.get_by_label("Nature").select_option(label="Travaux")
    page.get_by_label("Domaine").select_option(label="Voirie")
    page.get_by_label("Lanester").check()
    page.get_by_label("Hennebont").check()
    page.get_by_label("Lieu").fill("Rue de Verdun, entre le rond-point et la mairie")
    page.get_by_label("Début").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Fin", exact=False).first.fill(end.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Impact pour les usagers").fill("Bus 31 dévié ; livraisons de l'école à organiser.")
    page.get_by_label("Message à relayer aux usagers").fill("Circulation alternée rue de Verdun du lundi au mercredi.")
    follow(page, page.get_by_role("button", name="Enregistrer l'avis").click)
    expect(page.get_by_role("heading", level=1)).to_have_text("Réfection de la rue de Verdun")
    expect(page.locator(".messages")).to_contain_text("tardif")  # 5 days ahead of a 15-day delay

    notice = WorksNotice.objects.get()
    assert sorted(d.email for d in NoticeDispatch.objects.filter(notice=notice)) == [
        "dst@hennebont.test",
        "dst@lanester.test",
    ]
    lanester_mail = next(m for m in mail.outbox if m.to == ["dst@lanester.test"])
    assert "Réfection de la rue de Verdun" in lanester_mail.subject
    link = re.search(r"Bien reçu : (\S+)", lanester_mail.body).group(1)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]

    contact = new_page()  # the town hall's contact, not logged in
    visit(contact, live_server.url + path)
    follow(contact, contact.get_by_role("button", name="Confirmer : bien reçu").click)
    expect(contact.get_by_role("status").last).to_contain_text("la réception de l'avis est confirmée")
    visit(contact, live_server.url + reverse("communes:notices", kwargs={"slug": "lanester"}))
    expect(contact.get_by_role("heading", name="Réfection de la rue de Verdun")).to_be_visible()
    assert "Bus 31" not in contact.content()  # the internal impact stays internal
    visit(contact, live_server.url + reverse("communes:widget", kwargs={"slug": "lanester"}))

    page.reload()
    harness.check_page(page)
    row = page.get_by_role("row").filter(has_text="dst@lanester.test")
    expect(row).to_contain_text("Oui, le")
    expect(page.get_by_role("row").filter(has_text="dst@hennebont.test")).not_to_contain_text("Oui, le")
    visit(page, live_server.url + reverse("territory:dashboard"))
    visit(page, live_server.url + reverse("territory:commune", kwargs={"slug": "lanester"}))


def test_letter_forwarded_and_directory_kept_by_the_commune(
    new_page, live_server, agent, commune_contact, lanester_entry, tmp_path
):
    from playwright.sync_api import expect

    visit, follow = harness.visit, harness.follow
    page = harness.login(new_page(), live_server, agent)
    visit(page, live_server.url + reverse("territory:correspondence_list"))
    follow(page, page.get_by_role("link", name="Enregistrer un courrier").click)
    follow(page, page.get_by_role("button", name="Enregistrer et transmettre").click)  # empty: errors
    expect(page.get_by_role("alert")).to_contain_text("erreur")
    harness.check_axe(page)
    page.get_by_label("Reçu le").fill("2030-01-10")
    page.get_by_label("Expéditeur").fill("Préfecture du Morbihan")
    page.get_by_label("Objet").fill("Arrêté de circulation RD 194")
    page.get_by_label("Lanester").check()
    pdf = tmp_path / "arrete.pdf"
    pdf.write_bytes(b"%PDF-1.4 arrete")
    page.get_by_label("Pièce jointe").set_input_files(str(pdf))
    follow(page, page.get_by_role("button", name="Enregistrer et transmettre").click)
    expect(page.get_by_role("heading", level=1)).to_have_text("Arrêté de circulation RD 194")
    expect(page.get_by_role("row").filter(has_text="Louise Lanester")).to_contain_text("Non")
    assert any(m.to == ["mairie@lanester.test"] for m in mail.outbox)

    town = harness.login(new_page(), live_server, commune_contact)
    visit(town, live_server.url + reverse("territory:commune", kwargs={"slug": "lanester"}))
    follow(town, town.get_by_role("link", name="Modifier Louise Lanester").click)
    town.get_by_label("Téléphone").fill("02 97 76 11 11")
    follow(town, town.get_by_role("button", name="Enregistrer").click)
    expect(town.get_by_role("row").filter(has_text="Louise Lanester")).to_contain_text("02 97 76 11 11")
    expect(town.locator(".history")).to_contain_text("Téléphone")
