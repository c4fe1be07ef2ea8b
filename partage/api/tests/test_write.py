"""Pilots' tools write through the API with roadmap's own writes: journal, history, refusals in French."""

import pytest
from django.urls import reverse

from partage.api import writes
from partage.roadmap.models import IndicatorMeasure, ProgressUpdate
from partage.testing import factories


def url(action, name="progress_updates", **extra):
    return reverse(
        f"api:{name}", kwargs={"version": "v1", "programme": action.programme.slug, "number": action.number, **extra}
    )


def bearer(key: str) -> dict:
    return {"authorization": f"Bearer {key}"}


def test_pilot_token_adds_a_progress_update_carried_to_the_action_with_history(client, action, pilot):
    _token, key = writes.create_token(user=pilot, name="Outil", scopes=["read", "write"])
    response = client.post(
        url(action),
        {"text": "Charte signée", "status": "in_progress", "progress": 55},
        content_type="application/json",
        headers=bearer(key),
    )
    assert response.status_code == 201, response.content
    assert response.json()["author"] == str(pilot)
    action.refresh_from_db()
    assert action.progress == 55
    update = ProgressUpdate.objects.get()
    assert update.author == pilot and update.text == "Charte signée"
    latest = action.history.latest()
    assert latest.progress == 55 and latest.history_change_reason


def test_read_only_token_cannot_write(client, action, pilot):
    _token, key = writes.create_token(user=pilot, name="Lecture", scopes=["read"])
    response = client.post(
        url(action),
        {"text": "x", "status": "done", "progress": 100},
        content_type="application/json",
        headers=bearer(key),
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "Ce jeton n'a pas le droit d'écriture."
    assert not ProgressUpdate.objects.exists()


def test_agent_who_is_not_pilot_is_refused(client, action, agent):
    client.force_login(agent)
    response = client.post(
        url(action), {"text": "x", "status": "done", "progress": 100}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert not ProgressUpdate.objects.exists()


def test_bad_values_answer_french_errors_and_write_nothing(client, action, pilot):
    client.force_login(pilot)
    response = client.post(
        url(action), {"text": "", "status": "fini", "progress": 140}, content_type="application/json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Les données envoyées ne sont pas valides."
    assert set(body["errors"]) == {"text", "status", "progress"}
    assert "100" in body["errors"]["progress"][0]  # « Assurez-vous que cette valeur est inférieure ou égale à 100. »
    assert not ProgressUpdate.objects.exists()


def test_pilot_records_a_measure_once_per_date(client, action, pilot):
    indicator = factories.IndicatorFactory(action=action, name="Agents en télétravail")
    client.force_login(pilot)
    target = url(action, "measures", pk=indicator.pk)
    response = client.post(target, {"date": "2026-03-01", "value": "42.5"}, content_type="application/json")
    assert response.status_code == 201, response.content
    measure = IndicatorMeasure.objects.get()
    assert measure.recorded_by == pilot and str(measure.value) == "42.50"
    assert measure.history.count() == 1
    # the measure is told in the action's journal, as when recorded on the page
    assert ProgressUpdate.objects.filter(action=action).exists()
    again = client.post(target, {"date": "2026-03-01", "value": "43"}, content_type="application/json")
    assert again.status_code == 400
    assert "date" in again.json()["errors"]
    assert IndicatorMeasure.objects.count() == 1


def test_measure_of_another_action_indicator_is_404(client, action, pilot):
    other = factories.IndicatorFactory()
    client.force_login(pilot)
    response = client.post(
        url(action, "measures", pk=other.pk), {"date": "2026-03-01", "value": "1"}, content_type="application/json"
    )
    assert response.status_code == 404


@pytest.mark.django_db
def test_session_write_needs_the_csrf_token(action, pilot):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(pilot)
    response = client.post(
        url(action), {"text": "x", "status": "done", "progress": 100}, content_type="application/json"
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_followers_are_notified_of_a_progress_update_written_through_the_api(client, action, pilot, agent):
    from partage.core.follows import follow
    from partage.core.models import Notification

    follow(agent, action)
    client.force_login(pilot)
    response = client.post(
        url(action), {"text": "Charte signée", "status": "in_progress", "progress": 60}, content_type="application/json"
    )
    assert response.status_code == 201
    notification = Notification.objects.get(recipient=agent)
    assert notification.title == "Nouveau point d'avancement sur la fiche 2.4.1"
    assert notification.url == action.get_absolute_url()
    assert not Notification.objects.filter(recipient=pilot).exists()  # not the author
