"""Browser journeys of surveys in Chromium (every visited page checked by axe and for CSP):
an agent fills a two-page survey whose condition shows a question as they answer, saves, resumes later
and submits; a guest answers the public reception survey on a 390 px phone; the pilot publishes the
mean score into the action's indicator and sees the point on its chart."""

import pytest
from django.urls import reverse

from partage.browser import harness
from partage.core import anonymity
from partage.roadmap.models import IndicatorMeasure
from partage.surveys import writes
from partage.surveys.models import HELD_KIND, Question, Response
from partage.surveys.templates_lib import reception_satisfaction
from partage.surveys.tests.factories import make_survey
from partage.surveys.tests.test_results import _answer
from partage.testing import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _spec():
    return {
        "title": "Qualité de vie au travail",
        "audience": "staff",
        "is_anonymous": False,
        "is_published": True,
        "pages": [
            {
                "title": "Votre service",
                "questions": [
                    {
                        "kind": "rating",
                        "key": "note",
                        "label": "Votre note",
                        "min_value": 1,
                        "max_value": 5,
                        "required": True,
                    },
                    {
                        "kind": "long_text",
                        "label": "Pourquoi cette note ?",
                        "required": True,
                        "condition": {"key": "note", "operator": "in_range", "value": 1, "max": 3},
                    },
                ],
            },
            {
                "title": "Vos outils",
                "questions": [
                    {"kind": "single", "label": "Votre site", "choices": ["Lorient", "Lanester"], "required": True},
                    {
                        "kind": "matrix_single",
                        "label": "Comment jugez-vous…",
                        "rows": ["la messagerie", "l'intranet"],
                        "choices": ["Bien", "Moyen", "Mal"],
                    },
                ],
            },
        ],
    }


def test_agent_fills_a_two_page_survey_with_a_condition_saves_resumes_and_submits(new_page, live_server, agent, pilot):
    from playwright.sync_api import expect

    visit, follow = harness.visit, harness.follow
    survey = writes.create_survey(spec=_spec(), by=pilot)
    page = harness.login(new_page(), live_server, agent)
    visit(page, live_server.url + reverse("surveys:list"))
    follow(page, page.get_by_role("link", name="Qualité de vie au travail").click)
    follow(page, page.get_by_role("link", name="Répondre").click)
    expect(page.get_by_text("Page 1 sur 2")).to_be_visible()
    why = page.get_by_label("Pourquoi cette note ?")
    expect(why).to_be_hidden()
    page.get_by_label("2", exact=True).check()  # a low mark: the browser shows the follow-up question
    expect(why).to_be_visible()
    page.get_by_label("4", exact=True).check()
    expect(why).to_be_hidden()
    page.get_by_label("2", exact=True).check()
    follow(page, page.get_by_role("button", name="Page suivante").click)
    # Shown and required, left empty: the server refuses in French.
    expect(page.get_by_text("Ce champ est obligatoire.")).to_be_visible()
    page.get_by_label("Pourquoi cette note ?").fill("Trop de réunions tardives")
    follow(page, page.get_by_role("button", name="Page suivante").click)
    expect(page.get_by_text("Page 2 sur 2")).to_be_visible()
    page.get_by_label("Lanester").check()
    follow(page, page.get_by_role("button", name="Enregistrer et reprendre plus tard").click)
    expect(page.get_by_role("heading", level=1)).to_have_text("Vos réponses sont enregistrées")

    # Later, from the survey's page again: the draft comes back with its answers.
    visit(page, live_server.url + reverse("surveys:answer", args=[survey.pk]) + "?page=2")
    expect(page.get_by_label("Lanester")).to_be_checked()
    page.get_by_label("la messagerie : Bien").check()
    follow(page, page.get_by_role("button", name="Envoyer mes réponses").click)
    expect(page.get_by_role("heading", level=1)).to_have_text("Merci pour vos réponses")
    response = Response.objects.get(survey=survey)
    assert response.status == Response.Status.SUBMITTED and response.respondent == agent
    assert response.answers.get(question__label="Pourquoi cette note ?").text == "Trop de réunions tardives"


def test_guest_answers_the_public_reception_survey_on_a_phone(new_page, live_server, pilot):
    from playwright.sync_api import expect

    visit, follow = harness.visit, harness.follow
    survey = writes.create_survey(spec=reception_satisfaction(), by=pilot)
    writes.set_published(survey=survey, published=True)
    page = new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    visit(page, live_server.url + survey.public_url())
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width} px)"
    page.get_by_label("Renseignement").check()
    page.get_by_label("Combien de temps avez-vous attendu ?").select_option("Moins de 5 minutes")
    follow(page, page.get_by_role("button", name="Page suivante").click)
    assert "/enquetes/reponse/" in page.url
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_label("5", exact=True).first.check()
    page.get_by_label("la courtoisie de l'agent : Très satisfait").check()
    page.locator(f"#question-{Question.objects.get(survey=survey, kind='yes_no').pk}").get_by_label("Oui").check()
    follow(page, page.get_by_role("button", name="Envoyer mes réponses").click)
    expect(page.get_by_role("heading", level=1)).to_have_text("Merci pour vos réponses")
    expect(page.get_by_text("Vos réponses nous aident à améliorer l'accueil.")).to_be_visible()
    # An anonymous response waits in the holding table until the next release (issue 16).
    assert not Response.objects.filter(survey=survey).exists()
    assert anonymity.release(kind=HELD_KIND, force=True) == 1
    response = Response.objects.get(survey=survey)
    assert response.status == Response.Status.SUBMITTED and response.respondent_id is None


def test_pilot_publishes_a_score_into_the_indicator_and_sees_the_chart(new_page, live_server, action, pilot):
    from playwright.sync_api import expect

    visit, follow = harness.visit, harness.follow
    indicator = factories.IndicatorFactory(action=action, name="Satisfaction des agents", unit="/5")
    survey = make_survey(by=pilot)
    survey.actions.add(action)
    for note in (4, 5, 3):
        _answer(survey, note=note, user=factories.UserFactory())
    page = harness.login(new_page(), live_server, pilot)
    visit(page, live_server.url + reverse("surveys:results", args=[survey.pk]))
    expect(page.get_by_text("3 réponses envoyées")).to_be_visible()
    form = page.get_by_role("region", name="Publier un score dans un indicateur")
    form.get_by_label("Question").select_option(label="Votre note")
    form.get_by_label("Score", exact=False).and_(page.locator("select")).select_option("mean")
    form.get_by_label("Indicateur").select_option(str(indicator.pk))
    form.get_by_label("Date de la mesure").fill("2026-03-01")
    follow(page, page.get_by_role("button", name="Publier le score").click)
    # Back on the action's indicators tab, where the new measure is drawn.
    assert page.url == live_server.url + action.get_tab_url("indicateurs")
    expect(page.locator(".indicator-chart svg").first).to_be_visible()
    table = page.get_by_role("table", name="Mesures de l'indicateur « Satisfaction des agents »")
    expect(table).to_contain_text("Votre note")
    assert IndicatorMeasure.objects.get(indicator=indicator).value == 4
