"""Browser journey in Chromium (every visited page checked by axe and for CSP violations):
an animator schedules a meeting, writes minutes with a review of action 2.4.1 and publishes them;
a member is notified (in the app and by email) and the action's journal shows the review; the
animator corrects the published minutes and the member reads the correction in the history."""

import pytest
from django.core import mail
from django.urls import reverse

from partage.browser import harness
from partage.core.models import Notification, NotificationPreference
from partage.core.notifications import preference_for
from partage.followup.models import Meeting, Minutes
from partage.roadmap.models import ProgressUpdate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_animator_publishes_minutes_and_member_is_notified(new_page, live_server, animator, member, group, action):
    from playwright.sync_api import expect

    preference = preference_for(member)
    preference.email_frequency = NotificationPreference.Frequency.IMMEDIATE
    preference.save()
    visit, follow = harness.visit, harness.follow

    page = harness.login(new_page(), live_server, animator)
    visit(page, live_server.url + reverse("followup:groups"))
    follow(page, page.get_by_role("link", name=group.name).click)
    follow(page, page.get_by_role("link", name="Programmer une réunion").click)
    page.get_by_label("Intitulé").fill("Point d'étape télétravail")
    page.get_by_label("Début").fill("2030-03-14T14:00")
    page.get_by_label("Fin").fill("2030-03-14T16:00")
    page.get_by_label("Lieu").fill("Maison de l'agglomération, salle 3")
    page.locator("#id_agenda-0-title").fill("Bilan de l'expérimentation")
    page.locator("#id_agenda-0-action").select_option(str(action.pk))
    follow(page, page.get_by_role("button", name="Enregistrer la réunion").click)
    meeting = Meeting.objects.get(title="Point d'étape télétravail")
    assert page.url == live_server.url + meeting.get_absolute_url()
    expect(page.get_by_role("heading", level=1)).to_have_text("Point d'étape télétravail")

    follow(page, page.get_by_role("link", name="Rédiger le relevé").click)
    page.get_by_label("Synthèse des échanges").fill("Échanges sur le **télétravail**.")
    page.locator("#id_decisions-0-text").fill("Étendre l'expérimentation à deux services.")
    page.locator("#id_reviews-0-assessment").select_option("at_risk")
    page.locator("#id_reviews-0-comment").fill("Les ordinateurs portables manquent.")
    follow(page, page.get_by_role("button", name="Enregistrer le brouillon").click)
    expect(page.get_by_text("Brouillon : visible des seuls membres du groupe.")).to_be_visible()
    follow(page, page.get_by_role("button", name="Publier le relevé").click)
    expect(page.locator(".messages")).to_contain_text("Le relevé de décisions est publié")

    minutes = Minutes.objects.get(meeting=meeting)
    assert minutes.is_published
    entry = ProgressUpdate.objects.get(action=action, source=ProgressUpdate.Source.REVIEW)
    assert "Les ordinateurs portables manquent." in entry.text
    assert Notification.objects.filter(recipient=member, verb="minutes_published").count() == 1
    assert [m.to for m in mail.outbox] == [[member.email]]

    member_page = harness.login(new_page(), live_server, member)
    visit(member_page, live_server.url + reverse("core:notifications"))
    follow(member_page, member_page.get_by_text("Relevé de décisions publié").first.click)
    expect(member_page.get_by_role("heading", level=1)).to_contain_text("Relevé de décisions")
    visit(member_page, live_server.url + action.get_absolute_url())
    expect(member_page.get_by_text("Les ordinateurs portables manquent.").first).to_be_visible()
    expect(member_page.get_by_role("heading", name="Groupes de suivi")).to_be_visible()

    # The animator corrects a decision of the published minutes, giving the reason; the member is told.
    follow(page, page.get_by_role("link", name="Corriger le relevé").click)
    page.locator("#id_decisions-0-text").fill("Étendre l'expérimentation à trois services.")
    follow(page, page.get_by_role("button", name="Enregistrer la correction").click)
    expect(page.get_by_text("Ce champ est obligatoire.").first).to_be_visible()  # no reason: refused (400)
    page.get_by_label("Motif de la correction").fill("Nombre de services")
    follow(page, page.get_by_role("button", name="Enregistrer la correction").click)
    expect(page.locator(".messages")).to_contain_text("La correction est enregistrée")
    assert Notification.objects.filter(recipient=member, verb="minutes_corrected").count() == 1
    visit(member_page, live_server.url + minutes.get_absolute_url())
    history = member_page.locator("section", has=member_page.get_by_role("heading", name="Historique du relevé"))
    expect(history).to_contain_text("Correction : Nombre de services")
    expect(history.locator("ins")).to_contain_text("Étendre l'expérimentation à trois services.")


def test_pages_full_of_content_and_form_errors_are_accessible(new_page, live_server, animator, member, group, action):
    import datetime

    from django.utils import timezone

    from partage.followup.models import Attendance

    from .factories import ActionItemFactory, ActionReviewFactory, AgendaItemFactory, MeetingFactory, MinutesFactory

    long_ago = timezone.now() - datetime.timedelta(days=20)
    late = MeetingFactory(
        group=group,
        title="Réunion sans relevé",
        starts_at=long_ago,
        ends_at=long_ago + datetime.timedelta(hours=2),
        invited=[member],
    )
    Attendance.objects.create(meeting=late, user=member, status="excused")
    AgendaItemFactory(meeting=late, action=action)
    done = MeetingFactory(
        group=group, title="Réunion publiée", starts_at=long_ago, ends_at=long_ago + datetime.timedelta(hours=2)
    )
    minutes = MinutesFactory(meeting=done, status=Minutes.Status.PUBLISHED, published_at=timezone.now())
    ActionReviewFactory(minutes=minutes, action=action)
    ActionItemFactory(minutes=minutes, owner=member, action=action)

    page = harness.login(new_page(), live_server, animator)
    harness.visit(page, live_server.url + reverse("followup:group", args=[group.slug]))
    harness.visit(page, live_server.url + late.get_absolute_url())
    harness.visit(page, live_server.url + minutes.get_absolute_url())
    harness.visit(page, live_server.url + reverse("followup:minutes_edit", args=[group.slug, late.pk]))
    page.locator("#id_reviews-0-comment").fill("Un commentaire sans appréciation.")
    harness.follow(page, page.get_by_role("button", name="Enregistrer le brouillon").click)
    from playwright.sync_api import expect

    expect(page.get_by_text("Choisissez une appréciation pour accompagner le commentaire.")).to_be_visible()
    harness.visit(page, live_server.url + reverse("followup:meeting_create", args=[group.slug]))
    harness.follow(page, page.get_by_role("button", name="Enregistrer la réunion").click)
    expect(page.get_by_role("alert").first).to_be_visible()
