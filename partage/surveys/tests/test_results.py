"""Results: the running totals agree with a count over the answers, through submissions and edits;
filters, free-text search, the minimum group size; exports are formula-safe; query counts do not grow
with the number of responses."""

import csv
import io

import pytest
from django.urls import reverse

from partage.core import anonymity
from partage.surveys import results, writes
from partage.surveys.answering import PageForm
from partage.surveys.models import Answer, Question, Response
from partage.testing import factories
from partage.testing.queries import count_queries

from .factories import make_survey

pytestmark = pytest.mark.django_db


def _answer(survey, *, site="Lorient", note=4, why="Parce que.", tools=("Mail",), user=None, submit=True):
    response, token = writes.start_response(survey=survey, user=user)
    response.token = token
    questions = list(survey.questions.select_related("page").order_by("page__position", "position"))
    by = {q.label: q for q in questions}
    for number in (1, 2):
        page = [q for q in questions if q.page.position == number]
        data = {
            by["Votre site"].field_name: site,
            by["Votre note"].field_name: str(note),
            by["Pourquoi cette note ?"].field_name: why,
            by["Outils"].field_name: list(tools),
        }
        form = PageForm(data, questions=page, shown={q.pk for q in page})
        assert form.is_valid(), form.errors
        writes.save_page(response=response, page_number=number, form=form)
    if submit:
        writes.submit(response=response, user=user)
    return response


def _figures(data):
    return [(r.question.pk, r.respondents, [(b.key, b.count) for b in r.bars], r.mean, r.nps) for r in data["results"]]


def test_running_totals_match_the_answers_through_submits_edits_and_drafts(pilot):
    survey = make_survey(by=pilot, is_anonymous=True, allow_edit=True)
    for note, site in ((1, "Lorient"), (2, "Lanester"), (5, "Lorient"), (3, "Lanester")):
        _answer(survey, note=note, site=site, why="x", tools=("Mail", "Visio"))
    _answer(survey, note=5, submit=False)  # a draft counts nowhere
    edited = _answer(survey, note=2)
    # An edit after submitting (allowed until closing) moves the totals.
    questions = list(survey.questions.select_related("page").order_by("page__position", "position"))
    first = [q for q in questions if q.page.position == 1]
    form = PageForm(
        {first[0].field_name: "Lanester", first[1].field_name: "4"}, questions=first, shown={q.pk for q in first}
    )
    assert form.is_valid()
    # A sent anonymous response is held: its link opens it for the time of the edit.
    with writes.request_scope():
        writes.save_page(response=writes.open_response(edited.token), page_number=1, form=form)
    anonymity.release(force=True)
    from_tallies = results.compute(survey)
    from_answers = results.compute(survey, responses=results.submitted(survey))
    assert _figures(from_tallies) == _figures(from_answers)
    note = next(r for r in from_tallies["results"] if r.question.label == "Votre note")
    assert note.respondents == 5 and note.mean == pytest.approx((1 + 2 + 5 + 3 + 4) / 5)
    writes.rebuild_tallies(survey=survey)
    assert _figures(results.compute(survey)) == _figures(from_answers)


def test_filter_texts_search_and_csv_export(client, pilot):
    survey = make_survey(by=pilot)
    _answer(survey, site="Lorient", note=2, why='=HYPERLINK("http://x")', user=factories.UserFactory())
    _answer(survey, site="Lanester", note=1, why="Trop de bruit", user=factories.UserFactory())
    client.force_login(pilot)
    site = Question.objects.get(survey=survey, label="Votre site")
    page = client.get(reverse("surveys:results", args=[survey.pk]), {"question": site.pk, "reponse": "Lanester"})
    assert "1 réponse envoyée" in page.content.decode()
    why = Question.objects.get(survey=survey, label="Pourquoi cette note ?")
    found = client.get(reverse("surveys:texts", args=[survey.pk, why.pk]), {"q": "bruit"}).content.decode()
    assert "Trop de bruit" in found and "HYPERLINK" not in found
    export = client.get(reverse("surveys:export", args=[survey.pk, "csv"]))
    content = b"".join(export.streaming_content).decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert lines[0][:3] == ["Réponse", "Envoyée le", "Votre site"]
    assert len(lines) == 3
    assert any(cell.startswith("'=HYPERLINK") for cell in lines[1] + lines[2])
    xlsx = client.get(reverse("surveys:export", args=[survey.pk, "xlsx"]))
    assert xlsx.status_code == 200 and b"".join(xlsx.streaming_content)[:2] == b"PK"


def test_breakdown_by_direction_hides_groups_under_five(client, pilot):
    survey = make_survey(by=pilot)  # named: responses keep the respondent's direction
    big, small = factories.ServiceFactory(), factories.ServiceFactory()
    for _ in range(5):
        _answer(survey, note=4, user=factories.UserFactory(service=big))
    for _ in range(2):
        _answer(survey, note=1, user=factories.UserFactory(service=small))
    note = Question.objects.get(survey=survey, label="Votre note")
    shown, hidden = results.by_group(survey, note)
    assert [g["n"] for g in shown] == [5] and hidden == 1


def _results_queries(client, survey) -> int:
    return count_queries(client, reverse("surveys:results", args=[survey.pk]))


def _answer_queries(client, survey) -> int:
    return count_queries(client, reverse("surveys:answer", args=[survey.pk]))


def test_query_counts_do_not_grow_with_responses(client, pilot, agent):
    survey = make_survey(by=pilot, is_anonymous=True)
    _answer(survey)
    client.force_login(pilot)
    results_small = _results_queries(client, survey)
    client.force_login(agent)
    answer_small = _answer_queries(client, survey)
    for note in range(1, 6):
        for _ in range(3):
            _answer(survey, note=note, site="Lanester")
    anonymity.release(force=True)
    assert Response.objects.filter(status="submitted").count() == 16 and Answer.objects.count() > 60
    client.force_login(pilot)
    assert _results_queries(client, survey) == results_small
    client.force_login(agent)
    assert _answer_queries(client, survey) == answer_small
    list_small = count_queries(client, reverse("surveys:list"))
    for _ in range(5):
        make_survey(by=pilot)
    assert count_queries(client, reverse("surveys:list")) == list_small
