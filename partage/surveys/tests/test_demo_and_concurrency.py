"""The demo survey of 1.1.3 (seeded by make run), and concurrent submissions on PostgreSQL."""

import threading

import pytest
from django.db import connection
from django.urls import reverse

from partage.core import anonymity
from partage.surveys import writes
from partage.surveys.demo import seed
from partage.surveys.models import HELD_KIND, Participation, Question, Response, held_group
from partage.testing import factories

from .factories import make_survey


@pytest.mark.django_db
def test_the_demo_survey_is_seeded_once_with_responses_and_linked_to_the_action(client, action, pilot):
    survey, created = seed(by=pilot, actions=[action])
    assert created and survey.is_published and survey.is_public
    assert Response.objects.filter(survey=survey, status="submitted").count() == 12
    assert seed(by=pilot, actions=[action]) == (survey, False)
    client.force_login(pilot)
    page = client.get(reverse("surveys:results", args=[survey.pk])).content.decode()
    assert "12 réponses envoyées" in page and "<svg" in page
    assert survey.title in client.get(action.get_absolute_url()).content.decode()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_lose_nothing_and_keep_one_response_per_invitation():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    survey = make_survey(is_anonymous=True)
    agents = [factories.UserFactory() for _ in range(4)]
    invited = dict((p.user_id, token) for p, token in writes.invite(survey=survey, users=agents))
    questions = {q.label: q for q in Question.objects.filter(survey=survey)}
    from partage.surveys.answering import PageForm

    def draft():
        response, _token = writes.start_response(survey=survey)
        first = [questions["Votre site"], questions["Votre note"]]
        form = PageForm(
            {first[0].field_name: "Lorient", first[1].field_name: "5"}, questions=first, shown={q.pk for q in first}
        )
        assert form.is_valid()
        writes.save_page(response=response, page_number=1, form=form)
        return response

    # Each agent has two drafts (two browsers) and submits both at once: exactly one goes through.
    jobs = [(draft(), invited[a.pk]) for a in agents for _ in range(2)]
    outcomes: list[str] = []
    barrier = threading.Barrier(len(jobs))

    def submit(response, token):
        try:
            barrier.wait()
            writes.submit(response=response, invitation_token=token)
            outcomes.append("ok")
        except writes.RuleViolation:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("ok") == len(agents) and outcomes.count("refused") == len(agents)
    # Sent anonymous responses are held until the next release (issue 16): none lost in the reshuffles.
    assert anonymity.held_count([HELD_KIND], held_group(survey.pk)) == len(agents)
    assert writes.submitted_count(survey) == len(agents)
    assert anonymity.release(force=True) == len(agents)
    assert Response.objects.filter(survey=survey, status="submitted").count() == len(agents)
    assert Participation.objects.filter(survey=survey, completed=True).count() == len(agents)
