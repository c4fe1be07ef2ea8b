"""Audiences: staff targeting, invitations and reminders (Huey), the public link with its anti-abuse
limit, the kiosk, file answers checked like the idea box's attachments, editing until closing."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partage.core import anonymity
from partage.surveys import selectors, tasks, writes
from partage.surveys.models import DRAFT_KIND, Answer, Participation, Question, Response, held_group
from partage.surveys.templates_lib import reception_satisfaction
from partage.surveys.views import answer as answer_views
from partage.testing import factories

from .factories import make_survey

pytestmark = pytest.mark.django_db


def test_targeting_by_direction_and_invitations_then_reminders_to_non_respondents(client, pilot):
    inside = factories.ServiceFactory()
    outside = factories.ServiceFactory()
    invited = [factories.UserFactory(service=inside) for _ in range(2)]
    stranger = factories.UserFactory(service=outside)
    survey = make_survey(by=pilot, is_anonymous=True)
    survey.target_directions.set([inside.direction])
    assert set(selectors.audience(survey)) == set(invited)
    client.force_login(stranger)
    assert client.get(reverse("surveys:answer", args=[survey.pk])).status_code == 403

    client.force_login(pilot)
    sent = client.post(reverse("surveys:invitations", args=[survey.pk]), {"what": "invite"})
    assert sent.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in invited)
    assert "anonymes" in mail.outbox[0].body
    # One of them answers through the link; the reminder goes to the other only, with the same link.
    first_link = next(m for m in mail.outbox if m.to == [invited[0].email]).body.split("/invitation/")[1].split("/")[0]
    site, note = (Question.objects.get(survey=survey, label=label) for label in ("Votre site", "Votre note"))
    client.logout()
    moved = client.post(
        reverse("surveys:invitation", args=[first_link]),
        {"page": 1, "move": "next", site.field_name: "Lorient", note.field_name: "5"},
    )
    submitted = client.post(moved["Location"], {"page": 2, "move": "submit"})
    assert submitted.status_code == 302 and "/merci/" in submitted["Location"]
    assert Participation.objects.get(user=invited[0]).completed
    mail.outbox.clear()
    client.force_login(pilot)
    client.post(reverse("surveys:invitations", args=[survey.pk]), {"what": "remind"})
    assert [m.to for m in mail.outbox] == [[invited[1].email]]
    assert "Rappel" in mail.outbox[0].subject
    page = client.get(reverse("surveys:invitations", args=[survey.pk])).content.decode()
    assert "Moins de 5 agents" in page  # two invited in that direction: no rate shown
    assert Participation.objects.filter(completed=True).count() == 1


def test_public_link_limits_new_responses_per_address_and_keeps_no_session(client, pilot, monkeypatch):
    cache.clear()
    monkeypatch.setattr(answer_views, "GUEST_STARTS_PER_HOUR", 2)
    survey = writes.create_survey(spec=reception_satisfaction(), by=pilot)
    writes.set_published(survey=survey, published=True)
    motif = Question.objects.get(survey=survey, label__startswith="Quel était le motif")
    url = reverse("surveys:public", args=[survey.public_token])
    for _ in range(2):
        assert client.post(url, {"page": 1, "move": "next", motif.field_name: "Renseignement"}).status_code == 302
    refused = client.post(url, {"page": 1, "move": "next", motif.field_name: "Renseignement"})
    assert refused.status_code == 400 and "Trop de réponses" in refused.content.decode()
    # Two drafts, held between requests (issue 16): none in the response table.
    assert anonymity.held_count([DRAFT_KIND], held_group(survey.pk)) == 2 and not Response.objects.exists()
    assert "sessionid" not in client.cookies
    # The honeypot: a bot that fills every field is turned away.
    assert client.post(url, {"page": 1, "website": "http://spam", motif.field_name: "Renseignement"}).status_code == 404
    # The kiosk is not limited, never offers a draft, and its thank-you page starts again.
    kiosk = reverse("surveys:kiosk", args=[survey.public_token, survey.kiosk_token])
    assert "Enregistrer et reprendre" not in client.get(kiosk).content.decode()
    moved = client.post(kiosk, {"page": 1, "move": "next", motif.field_name: "Rendez-vous"})
    assert moved.status_code == 302 and "borne=" in moved["Location"]
    note = Question.objects.get(survey=survey, kind="rating")
    yes = Question.objects.get(survey=survey, kind="yes_no")
    done = client.post(moved["Location"], {"page": 2, "move": "submit", note.field_name: "5", yes.field_name: "oui"})
    assert done.status_code == 302 and "borne=" in done["Location"]
    thanks = client.get(done["Location"]).content.decode()
    assert "Nouvelle personne" in thanks and kiosk in thanks


def test_file_answers_are_checked_like_idea_attachments(client, agent, pilot, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    spec = {
        "title": "Justificatifs",
        "is_anonymous": False,
        "is_published": True,
        "pages": [{"questions": [{"kind": "file", "label": "Votre justificatif", "required": True}]}],
    }
    survey = writes.create_survey(spec=spec, by=pilot)
    question = survey.questions.get()
    client.force_login(agent)
    url = reverse("surveys:answer", args=[survey.pk])
    fake = SimpleUploadedFile("note.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    refused = client.post(url, {"page": 1, "move": "submit", question.field_name: fake})
    assert refused.status_code == 400 and "ne correspond pas à son extension" in refused.content.decode()
    real = SimpleUploadedFile("note.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    assert client.post(url, {"page": 1, "move": "submit", question.field_name: real}).status_code == 302
    assert Answer.objects.get(question=question).file.name.endswith(".pdf")
    public = writes.create_survey(spec=reception_satisfaction(), by=pilot)
    with pytest.raises(writes.RuleViolation):
        writes.save_question(
            question=Question(survey=public, page=public.pages.first()), values={"kind": "file", "label": "x"}
        )


def test_answers_can_be_edited_until_closing_when_the_survey_allows_it(client, agent, pilot):
    survey = make_survey(by=pilot, allow_edit=True)
    site, note = (Question.objects.get(survey=survey, label=label) for label in ("Votre site", "Votre note"))
    client.force_login(agent)
    url = reverse("surveys:answer", args=[survey.pk])
    client.post(url, {"page": 1, "move": "next", site.field_name: "Lorient", note.field_name: "5"})
    assert client.post(url, {"page": 2, "move": "submit"}).status_code == 302
    assert "Modifier mes réponses" in client.get(reverse("surveys:detail", args=[survey.pk])).content.decode()
    client.post(url, {"page": 1, "move": "next", site.field_name: "Lanester", note.field_name: "4"})
    assert Answer.objects.get(question=site).choice == "Lanester"
    assert Response.objects.get().status == Response.Status.SUBMITTED
    locked = make_survey(by=pilot, title="Sans modification")
    s2, n2 = (Question.objects.get(survey=locked, label=label) for label in ("Votre site", "Votre note"))
    url2 = reverse("surveys:answer", args=[locked.pk])
    client.post(url2, {"page": 1, "move": "next", s2.field_name: "Lorient", n2.field_name: "5"})
    client.post(url2, {"page": 2, "move": "submit"})
    assert "déjà répondu" in client.get(url2).content.decode()
    assert tasks.REMIND_EVERY_DAYS > 0
