"""Administration of the roadmap from its own pages: milestones and measures corrected or deleted from the
action page (with their trace in the history), the export/import page reachable from the roadmap."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from partage.roadmap.models import IndicatorMeasure, Milestone
from partage.testing import factories

pytestmark = pytest.mark.django_db


def url(name: str, action, **kwargs) -> str:
    return reverse(f"roadmap:{name}", kwargs={"programme": action.programme.slug, "number": action.number, **kwargs})


@pytest.fixture
def milestone(action):
    return factories.MilestoneFactory(action=action, title="Charte signée", due_date=datetime.date(2020, 6, 30))


@pytest.fixture
def measure(action):
    indicator = factories.IndicatorFactory(action=action, name="Agents en télétravail", unit="agents")
    return IndicatorMeasure.objects.create(indicator=indicator, date=datetime.date(2020, 3, 1), value=Decimal("120"))


def test_pilot_deletes_a_milestone_after_confirming_and_history_shows_it(client, action, pilot, milestone):
    client.force_login(pilot)
    page = client.get(url("action", action)).content.decode()
    assert url("delete_milestone", action, pk=milestone.pk) in page
    confirm = client.get(url("delete_milestone", action, pk=milestone.pk))
    assert confirm.status_code == 200
    assert "Charte signée" in confirm.content.decode()
    assert Milestone.objects.filter(pk=milestone.pk).exists()  # the GET deleted nothing
    response = client.post(url("delete_milestone", action, pk=milestone.pk))
    assert response.status_code == 302
    assert not Milestone.objects.filter(pk=milestone.pk).exists()
    history = client.get(url("action", action) + "?onglet=historique").content.decode()
    assert "Suppression" in history and "Jalon « Charte signée »" in history
    assert Milestone.history.filter(id=milestone.pk, history_type="-").get().history_user == pilot


def test_pilot_corrects_a_measure_and_the_old_value_stays_in_history(client, action, pilot, measure):
    client.force_login(pilot)
    page = client.get(url("action", action) + "?onglet=indicateurs").content.decode()
    assert url("edit_measure", action, pk=measure.pk) in page
    response = client.post(url("edit_measure", action, pk=measure.pk), {"date": "2020-03-01", "value": "125,5"})
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.value == Decimal("125.5")
    record = IndicatorMeasure.history.filter(id=measure.pk).first()
    assert (record.history_user, record.history_change_reason) == (pilot, "roadmap.measure.edited")
    history = client.get(url("action", action) + "?onglet=historique").content.decode()
    assert "<del>120</del>" in history and "<ins>125,5</ins>" in history


def test_a_measure_cannot_be_moved_onto_the_date_of_another(client, action, pilot, measure):
    IndicatorMeasure.objects.create(indicator=measure.indicator, date=datetime.date(2020, 4, 1), value=130)
    client.force_login(pilot)
    response = client.post(url("edit_measure", action, pk=measure.pk), {"date": "2020-04-01", "value": "121"})
    assert response.status_code == 400
    assert "Une mesure existe déjà à cette date." in response.content.decode()
    measure.refresh_from_db()
    assert (measure.date, measure.value) == (datetime.date(2020, 3, 1), Decimal("120"))


def test_pilot_deletes_a_measure(client, action, pilot, measure):
    client.force_login(pilot)
    assert client.get(url("delete_measure", action, pk=measure.pk)).status_code == 200
    response = client.post(url("delete_measure", action, pk=measure.pk))
    assert response.status_code == 302
    assert not IndicatorMeasure.objects.filter(pk=measure.pk).exists()


def test_an_agent_sees_no_correction_links_and_is_refused_the_deletion(client, action, agent, milestone, measure):
    client.force_login(agent)
    for tab in ("", "?onglet=indicateurs"):
        page = client.get(url("action", action) + tab).content.decode()
        assert "supprimer/" not in page and url("edit_measure", action, pk=measure.pk) not in page
    assert client.post(url("delete_milestone", action, pk=milestone.pk)).status_code == 403
    assert client.post(url("delete_measure", action, pk=measure.pk)).status_code == 403
    assert Milestone.objects.filter(pk=milestone.pk).exists()
    assert IndicatorMeasure.objects.filter(pk=measure.pk).exists()


def test_a_measure_of_another_action_is_not_found_through_this_one(client, action, pilot, programme):
    other = factories.ActionFactory(objective=action.objective, position=2, number="2.4.2")
    indicator = factories.IndicatorFactory(action=other)
    foreign = IndicatorMeasure.objects.create(indicator=indicator, date=datetime.date(2020, 1, 1), value=1)
    client.force_login(pilot)
    assert client.post(url("delete_measure", action, pk=foreign.pk)).status_code == 404
    assert IndicatorMeasure.objects.filter(pk=foreign.pk).exists()


def test_the_import_page_is_linked_from_the_roadmap_for_administrators_only(client, action, administrator, pilot):
    roadmap = reverse("roadmap:roadmap", kwargs={"programme": action.programme.slug})
    import_url = reverse("roadmap:import", kwargs={"programme": action.programme.slug})
    client.force_login(administrator)
    assert import_url in client.get(roadmap).content.decode()
    client.force_login(pilot)
    assert import_url not in client.get(roadmap).content.decode()
