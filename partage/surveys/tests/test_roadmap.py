"""Feeding the roadmap: a survey linked to an action publishes a question's score (mean, NPS, share)
as a measure of the action's indicator; each wave adds a point and the action's journal says so."""

import datetime

import pytest
from django.urls import reverse

from partage.roadmap.models import IndicatorMeasure, ProgressUpdate
from partage.surveys import results, writes
from partage.surveys.models import Question
from partage.testing import factories

from .factories import make_survey

pytestmark = pytest.mark.django_db


def _answer(survey, user, note: int, site: str = "Lorient"):
    response, _token = writes.start_response(survey=survey, user=user)
    from partage.surveys.answering import PageForm

    questions = list(survey.questions.order_by("page__position", "position"))
    by_label = {q.label: q for q in questions}
    first_page = [q for q in questions if q.page.position == 1]
    form = PageForm(
        {by_label["Votre site"].field_name: site, by_label["Votre note"].field_name: str(note)},
        questions=first_page,
        shown={q.pk for q in first_page},
    )
    assert form.is_valid(), form.errors
    writes.save_page(response=response, page_number=1, form=form)
    second = [q for q in questions if q.page.position == 2]
    why = by_label["Pourquoi cette note ?"]
    form = PageForm({why.field_name: "Parce que."}, questions=second, shown={q.pk for q in second})
    assert form.is_valid(), form.errors
    writes.save_page(response=response, page_number=2, form=form)
    return writes.submit(response=response, user=user)


def test_pilot_publishes_the_mean_into_the_indicator_and_the_journal_records_it(client, action, pilot):
    indicator = factories.IndicatorFactory(action=action, name="Satisfaction à l'accueil", unit="/5")
    survey = make_survey(by=pilot)
    survey.actions.add(action)
    for note in (4, 5, 3, 4):
        _answer(survey, factories.UserFactory(), note)
    note = Question.objects.get(survey=survey, label="Votre note")
    assert results.score(question=note, metric="mean") == 4.0
    assert (
        results.score(
            question=Question.objects.get(survey=survey, label="Votre site"), metric="share", choice="Lorient"
        )
        == 100.0
    )

    client.force_login(pilot)
    page = client.get(reverse("surveys:results", args=[survey.pk]))
    assert "Publier un score dans un indicateur" in page.content.decode()
    published = client.post(
        reverse("surveys:publish_score", args=[survey.pk]),
        {"question": note.pk, "metric": "mean", "indicator": indicator.pk, "measured_on": "2026-03-01"},
    )
    assert published.status_code == 302, published.content.decode()[:3000]
    measure = IndicatorMeasure.objects.get(indicator=indicator)
    assert measure.value == 4 and measure.date == datetime.date(2026, 3, 1)
    entry = ProgressUpdate.objects.filter(action=action, source="survey").get()
    assert "Satisfaction" in entry.text or "4" in entry.text

    # The next wave: a new version, answered again, adds a second point.
    wave = writes.duplicate_survey(survey=survey, by=pilot, as_new_version=True)
    writes.set_published(survey=wave, published=True)
    assert wave.version == 2 and list(wave.actions.all()) == [action]
    for value in (5, 5):
        _answer(wave, factories.UserFactory(), value)
    wave_note = Question.objects.get(survey=wave, label="Votre note")
    client.post(
        reverse("surveys:publish_score", args=[wave.pk]),
        {"question": wave_note.pk, "metric": "mean", "indicator": indicator.pk, "measured_on": "2026-09-01"},
    )
    assert list(IndicatorMeasure.objects.filter(indicator=indicator).values_list("value", flat=True)) == [4, 5]
    chart = client.get(action.get_absolute_url()).content.decode()
    assert "Satisfaction à l'accueil" in chart


def test_an_agent_cannot_publish_and_an_unlinked_indicator_is_refused(client, action, pilot, agent):
    other = factories.IndicatorFactory(action=factories.ActionFactory(objective=action.objective, position=9))
    survey = make_survey(by=pilot)
    survey.actions.add(action)
    note = Question.objects.get(survey=survey, label="Votre note")
    client.force_login(agent)
    data = {"question": note.pk, "metric": "mean", "indicator": other.pk, "measured_on": "2026-03-01"}
    assert client.post(reverse("surveys:publish_score", args=[survey.pk]), data).status_code == 403
    client.force_login(pilot)
    refused = client.post(reverse("surveys:publish_score", args=[survey.pk]), data)
    assert refused.status_code == 400
    assert not IndicatorMeasure.objects.exists()


def test_questions_lock_once_answers_are_in(pilot):
    survey = make_survey(by=pilot)
    note = Question.objects.get(survey=survey, label="Votre note")
    writes.save_question(question=note, values={"max_value": 10})
    _answer(survey, factories.UserFactory(), 4)
    writes.save_question(question=note, values={"label": "Votre note (1 à 10)"})
    with pytest.raises(writes.RuleViolation, match="nouvelle version"):
        writes.save_question(question=note, values={"max_value": 5})
    copy = writes.duplicate_survey(survey=survey, by=pilot)
    assert copy.questions.count() == survey.questions.count() and not copy.responses.exists()
    conditional = copy.questions.get(label="Pourquoi cette note ?")
    assert conditional.condition_question.survey_id == copy.pk


def test_a_version_has_one_next_version(client, pilot, action):
    survey = make_survey(by=pilot)
    survey.actions.add(action)
    client.force_login(pilot)
    first = client.post(reverse("surveys:new_version", args=[survey.pk]))
    again = client.post(reverse("surveys:new_version", args=[survey.pk]))
    assert first.status_code == again.status_code == 302 and first["Location"] == again["Location"]
    assert survey.__class__.objects.filter(previous=survey).count() == 1
