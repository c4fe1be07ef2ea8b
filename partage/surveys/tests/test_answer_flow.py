"""The answer flow through the real views: pages, progress, conditions decided on the server, French
validation, save and resume, submit, one response per agent, quota and closing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from partage.surveys.models import Answer, Question, Response

from .factories import make_survey

pytestmark = pytest.mark.django_db


def _q(survey, label):
    return Question.objects.get(survey=survey, label=label)


def test_named_survey_two_pages_with_condition_save_resume_submit(client, agent, pilot):
    survey = make_survey(by=pilot)
    client.force_login(agent)
    url = reverse("surveys:answer", args=[survey.pk])
    page1 = client.get(url)
    assert page1.status_code == 200
    body = page1.content.decode()
    assert "Page 1 sur 2" in body and "<progress" in body
    site, note = _q(survey, "Votre site"), _q(survey, "Votre note")

    # Required questions left blank: French messages, nothing saved.
    refused = client.post(url, {"page": 1, "move": "next"})
    assert refused.status_code == 400
    assert "Ce champ est obligatoire." in refused.content.decode()
    assert not Response.objects.exists()

    # "Autre" without its text is refused too.
    refused = client.post(url, {"page": 1, "move": "next", site.field_name: "__autre__", note.field_name: "2"})
    assert "Précisez votre réponse « Autre »." in refused.content.decode()

    moved = client.post(url, {"page": 1, "move": "next", site.field_name: "Lorient", note.field_name: "2"})
    assert moved.status_code == 302 and moved["Location"].endswith("page=2")
    response = Response.objects.get()
    assert response.respondent == agent and response.status == Response.Status.DRAFT

    # Page 2: the condition (note ≤ 3) holds, so the text question is shown and required.
    why = _q(survey, "Pourquoi cette note ?")
    page2 = client.get(url + "?page=2")
    assert f'id="question-{why.pk}"' in page2.content.decode()
    assert f'id="question-{why.pk}" hidden' not in page2.content.decode().replace("\n", " ")
    tools = _q(survey, "Outils")
    too_many = client.post(
        url,
        {
            "page": 2,
            "move": "submit",
            why.field_name: "Trop de réunions",
            tools.field_name: ["Mail", "Intranet", "Visio"],
        },
    )
    assert "Choisissez au plus 2 réponses." in too_many.content.decode()
    days = _q(survey, "Jours de télétravail")
    bounded = client.post(url, {"page": 2, "move": "submit", why.field_name: "x", days.field_name: "9"})
    assert "inférieur ou égal à 5" in bounded.content.decode()

    # Save and come back later: the draft keeps the answers.
    saved = client.post(url, {"page": 2, "move": "save", why.field_name: "Trop de réunions"})
    assert saved.status_code == 200 and "Vos réponses sont enregistrées" in saved.content.decode()
    again = client.get(url + "?page=2")
    assert "Trop de réunions" in again.content.decode()

    done = client.post(
        url,
        {
            "page": 2,
            "move": "submit",
            why.field_name: "Trop de réunions",
            tools.field_name: ["Mail"],
            days.field_name: "2,5",
        },
    )
    assert done.status_code == 302 and reverse("surveys:thanks", args=[survey.pk]) in done["Location"]
    response.refresh_from_db()
    assert response.status == Response.Status.SUBMITTED and response.submitted_on == timezone.localdate()
    assert Answer.objects.get(question=days).number == 2.5
    # Answered once: the answer page now says so instead of a form.
    assert "déjà répondu" in client.get(url).content.decode()


def test_the_condition_hides_and_drops_the_question_when_the_note_is_high(client, agent, pilot):
    survey = make_survey(by=pilot)
    client.force_login(agent)
    url = reverse("surveys:answer", args=[survey.pk])
    site, note, why = _q(survey, "Votre site"), _q(survey, "Votre note"), _q(survey, "Pourquoi cette note ?")
    client.post(url, {"page": 1, "move": "next", site.field_name: "Lanester", note.field_name: "5"})
    page2 = client.get(url + "?page=2").content.decode()
    assert f'id="question-{why.pk}" hidden' in " ".join(page2.split()) or "is-hidden" in page2
    # A forged answer to the hidden (required) question is ignored, and its absence is not an error.
    done = client.post(url, {"page": 2, "move": "submit", why.field_name: "forgé"})
    assert done.status_code == 302
    assert not Answer.objects.filter(question=why).exists()


def test_closed_survey_and_quota(client, agent, pilot, administrator):
    survey = make_survey(by=pilot, closes_at=timezone.now() - datetime.timedelta(days=1))
    client.force_login(agent)
    closed = client.get(reverse("surveys:answer", args=[survey.pk]))
    assert "close" in closed.content.decode()
    full = make_survey(by=pilot, quota=1, is_anonymous=True)
    other = make_survey(by=pilot)
    assert other.pk != full.pk
    site, note = _q(full, "Votre site"), _q(full, "Votre note")
    why = _q(full, "Pourquoi cette note ?")
    url = reverse("surveys:answer", args=[full.pk])
    first = client.post(url, {"page": 1, "move": "next", site.field_name: "Lorient", note.field_name: "4"})
    assert "/reponse/" in first["Location"]
    resume = first["Location"].split("?")[0]
    assert client.post(resume, {"page": 2, "move": "submit"}).status_code == 302
    client.force_login(administrator)
    second = client.post(url, {"page": 1, "move": "next", site.field_name: "Lorient", note.field_name: "1"})
    assert second.status_code == 400 and "toutes les réponses attendues" in second.content.decode()
    assert why.pk


def test_an_anonymous_respondent_resumes_and_edits_while_the_response_is_held_then_released(client, agent, pilot):
    """Issue 16: between two requests an anonymous draft and a sent response live in the holding table
    only; the resume link still resumes, edits before and after the release, and the totals follow."""
    from partage.core import anonymity
    from partage.core.models import HeldContribution
    from partage.surveys import results
    from partage.surveys.models import DRAFT_KIND, HELD_KIND, held_group

    survey = make_survey(by=pilot, is_anonymous=True, allow_edit=True)
    site, note, why = _q(survey, "Votre site"), _q(survey, "Votre note"), _q(survey, "Pourquoi cette note ?")
    client.force_login(agent)
    first = client.post(
        reverse("surveys:answer", args=[survey.pk]),
        {"page": 1, "move": "next", site.field_name: "Lorient", note.field_name: "2"},
    )
    link = first["Location"].split("?")[0]
    assert "/reponse/" in link and not Response.objects.exists()
    assert anonymity.held_count([DRAFT_KIND], held_group(survey.pk)) == 1
    # Coming back from another browser with the link: the first page shows what was saved.
    client.logout()
    client.force_login(agent)
    page = client.get(link + "?page=1").content.decode()
    assert 'value="Lorient"' in page and "checked" in page
    assert not Response.objects.exists()
    sent = client.post(link + "?page=2", {"page": 2, "move": "submit", why.field_name: "Trop de bruit"})
    assert sent.status_code == 302 and not Response.objects.exists()
    held = HeldContribution.objects.get(kind=HELD_KIND)
    assert held.slot.minute == 0 and "Trop de bruit" in str(held.payload)
    figures = results.compute(survey)
    assert figures["total"] == 1 and figures["waiting"] == 1
    client.force_login(pilot)
    page = client.get(reverse("surveys:results", args=[survey.pk])).content.decode()
    assert "1 réponse envoyée" in page and "1 réponse anonyme en attente de publication" in page
    client.force_login(agent)
    # Edit while held: the totals move, the response stays held.
    client.post(link + "?page=1", {"page": 1, "move": "next", site.field_name: "Lanester", note.field_name: "5"})
    mean = next(r.mean for r in results.compute(survey)["results"] if r.question.pk == note.pk)
    assert mean == 5 and not Response.objects.exists()
    # Released: a row dated by the day; an edit takes it back to the holding table until the next release.
    assert anonymity.release(force=True) == 1
    released = Response.objects.get()
    assert released.status == Response.Status.SUBMITTED and released.submitted_on == timezone.localdate()
    assert client.get(link + "?page=1").status_code == 200 and Response.objects.exists()  # reading moves nothing
    client.post(link + "?page=1", {"page": 1, "move": "next", site.field_name: "Lanester", note.field_name: "4"})
    assert not Response.objects.exists() and anonymity.held_count([HELD_KIND], held_group(survey.pk)) == 1
    data = results.compute(survey)
    assert data["total"] == 1
    assert next(r.mean for r in data["results"] if r.question.pk == note.pk) == 4
