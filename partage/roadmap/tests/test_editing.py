"""Editing an action sheet, its journal, milestones, indicators and measures, through HTTP."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from partage.roadmap.models import Action, IndicatorMeasure, Milestone, ProgressUpdate
from partage.testing import factories

pytestmark = pytest.mark.django_db


def url(name: str, action: Action, **kwargs) -> str:
    return reverse(f"roadmap:{name}", kwargs={"programme": action.programme.slug, "number": action.number, **kwargs})


def action_form_data(action: Action, **overrides) -> dict:
    data = {
        "description": action.description,
        "expected_results": action.expected_results,
        "status": action.status,
        "progress": action.progress,
        "start_date": "2020-01-01",
        "end_date": "2022-12-31",
        "pilot_direction": "",
    }
    data.update(overrides)
    return data


# --- the action sheet -----------------------------------------------------------------------------


def test_pilot_edits_the_action_sheet_and_history_records_who(client, action, pilot):
    client.force_login(pilot)
    response = client.post(
        url("edit_action", action),
        action_form_data(action, description="Nouvelle **description**", status="done", progress="100"),
    )
    assert response.status_code == 302
    assert response["Location"] == url("action", action)
    action.refresh_from_db()
    assert (action.description, action.status, action.progress) == ("Nouvelle **description**", "done", 100)
    latest = action.history.first()
    assert latest.history_user == pilot
    assert latest.history_change_reason == "roadmap.action.edited"


def test_edit_form_shows_labels_and_a_cancel_link(client, action, pilot):
    client.force_login(pilot)
    response = client.get(url("edit_action", action))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Résultats attendus" in html
    assert "Annuler" in html
    assert f'href="{url("action", action)}"' in html


def test_pilot_cannot_change_pilots_number_or_title(client, action, pilot, agent):
    client.force_login(pilot)
    response = client.get(url("edit_action", action))
    assert 'name="pilots"' not in response.content.decode()
    assert 'name="title"' not in response.content.decode()
    client.post(
        url("edit_action", action),
        action_form_data(action, pilots=[agent.pk], title="Piraté", number="9.9.9"),
    )
    action.refresh_from_db()
    assert list(action.pilots.all()) == [pilot]
    assert (action.number, action.title) == ("2.4.1", "Mettre en place le télétravail")


def test_administrator_changes_pilots_number_and_title(client, action, administrator, agent):
    client.force_login(administrator)
    assert 'name="pilots"' in client.get(url("edit_action", action)).content.decode()
    response = client.post(
        url("edit_action", action),
        action_form_data(action, pilots=[agent.pk], title="Déployer le télétravail", number="2.4.7"),
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert list(action.pilots.all()) == [agent]
    assert (action.number, action.position, action.title) == ("2.4.7", 7, "Déployer le télétravail")


def test_administrator_cannot_reuse_another_action_number(client, action, administrator):
    factories.ActionFactory(objective=action.objective, position=2, number="2.4.2")
    client.force_login(administrator)
    response = client.post(url("edit_action", action), action_form_data(action, title="X", number="2.4.2"))
    assert response.status_code == 400
    assert "Une autre action de ce programme porte déjà ce numéro." in response.content.decode()


@pytest.mark.parametrize("progress", ["101", "-1", "beaucoup"])
def test_progress_out_of_range_gets_a_french_error_and_changes_nothing(client, action, pilot, progress):
    client.force_login(pilot)
    response = client.post(url("edit_action", action), action_form_data(action, progress=progress))
    assert response.status_code == 400
    html = response.content.decode()
    assert "L&#x27;avancement doit être un nombre entier compris entre 0 et 100." in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_progress_helptext id_progress_error"' in html
    assert 'href="#id_progress"' in html  # error summary links to the field
    action.refresh_from_db()
    assert action.progress == 30


def test_end_before_start_is_refused(client, action, pilot):
    client.force_login(pilot)
    response = client.post(
        url("edit_action", action), action_form_data(action, start_date="2021-05-01", end_date="2021-04-30")
    )
    assert response.status_code == 400
    assert "La date de fin prévue doit être postérieure ou égale à la date de début." in response.content.decode()
    action.refresh_from_db()
    assert action.end_date == datetime.date(2022, 12, 31)


def test_related_actions_and_values_come_from_the_same_programme(client, action, pilot):
    same = factories.ActionFactory(objective=action.objective, position=2, number="2.4.2", title="Former les managers")
    other_programme = factories.ActionFactory(
        objective__axis__programme=factories.ProgrammeFactory(is_current=False), title="Action d’un autre PAP"
    )
    client.force_login(pilot)
    html = client.get(url("edit_action", action)).content.decode()
    assert same.title in html
    assert other_programme.title not in html
    response = client.post(url("edit_action", action), action_form_data(action, related_actions=[other_programme.pk]))
    assert response.status_code == 400
    assert not action.related_actions.exists()
    client.post(url("edit_action", action), action_form_data(action, related_actions=[same.pk]))
    assert list(action.related_actions.all()) == [same]


# --- the journal ----------------------------------------------------------------------------------


def test_pilot_adds_a_progress_update(client, action, pilot):
    client.force_login(pilot)
    form = client.get(url("add_progress_update", action))
    assert form.status_code == 200
    assert f'value="{timezone.localdate().isoformat()}"' in form.content.decode()
    response = client.post(
        url("add_progress_update", action),
        {"date": timezone.localdate().isoformat(), "text": "Charte signée.", "status": "in_progress", "progress": "70"},
    )
    assert response.status_code == 302
    assert response["Location"] == url("action", action) + "?onglet=journal"
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Point d'avancement enregistré."]
    update = ProgressUpdate.objects.get(action=action)
    assert (update.author, update.text, update.progress) == (pilot, "Charte signée.", 70)
    action.refresh_from_db()
    assert action.progress == 70


def test_progress_update_requires_text_and_refuses_future_dates(client, action, pilot):
    client.force_login(pilot)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        url("add_progress_update", action),
        {"date": tomorrow.isoformat(), "text": "", "status": "in_progress", "progress": "50"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Écrivez le point d&#x27;avancement." in html
    assert "La date ne peut pas être dans le futur." in html
    assert "Le formulaire contient 2 erreurs." in html
    assert not ProgressUpdate.objects.exists()


# --- milestones, indicators, measures -------------------------------------------------------------


def test_pilot_adds_and_edits_a_milestone(client, action, pilot):
    client.force_login(pilot)
    response = client.post(url("add_milestone", action), {"title": "Charte votée", "due_date": "2020-06-30"})
    assert response.status_code == 302
    milestone = Milestone.objects.get(action=action)
    assert milestone.history.first().history_user == pilot
    response = client.post(
        url("edit_milestone", action, pk=milestone.pk),
        {"title": "Charte votée", "due_date": "2020-06-30", "done_date": "2020-06-15"},
    )
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.done_date == datetime.date(2020, 6, 15)


def test_milestone_of_another_action_is_not_found(client, action, pilot):
    other = factories.MilestoneFactory()
    client.force_login(pilot)
    assert client.get(url("edit_milestone", action, pk=other.pk)).status_code == 404
    assert client.post(url("edit_milestone", action, pk=other.pk), {"title": "x"}).status_code == 404


def test_pilot_adds_an_indicator_and_a_measure(client, action, pilot):
    client.force_login(pilot)
    response = client.post(
        url("add_indicator", action),
        {"name": "Agents en télétravail", "unit": "agents", "baseline": "0", "target": "250,5", "description": ""},
    )
    assert response.status_code == 302
    indicator = action.indicators.get()
    assert indicator.target == Decimal("250.5")
    response = client.post(
        url("add_measure", action, pk=indicator.pk), {"date": "2021-01-01", "value": "120", "comment": "Bilan"}
    )
    assert response.status_code == 302
    measure = IndicatorMeasure.objects.get(indicator=indicator)
    assert (measure.value, measure.recorded_by) == (Decimal("120"), pilot)


def test_second_measure_on_the_same_date_is_refused(client, action, pilot):
    indicator = factories.IndicatorFactory(action=action)
    factories.IndicatorMeasureFactory(indicator=indicator, date=datetime.date(2021, 1, 1), value=5)
    client.force_login(pilot)
    response = client.post(url("add_measure", action, pk=indicator.pk), {"date": "2021-01-01", "value": "9"})
    assert response.status_code == 400
    assert "Une mesure existe déjà à cette date." in response.content.decode()
    assert IndicatorMeasure.objects.get(indicator=indicator).value == 5


def test_indicator_of_another_action_is_not_found(client, action, pilot):
    other = factories.IndicatorFactory()
    client.force_login(pilot)
    assert client.get(url("add_measure", action, pk=other.pk)).status_code == 404


# --- permissions ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["agent", "moderator", "commune_contact"])
@pytest.mark.parametrize(
    "name", ["edit_action", "add_progress_update", "add_milestone", "add_indicator", "edit_milestone", "add_measure"]
)
def test_non_pilots_are_refused_for_get_and_post(client, action, users_by_role, role, name):
    milestone = factories.MilestoneFactory(action=action, title="Jalon initial")
    indicator = factories.IndicatorFactory(action=action)
    kwargs = {"pk": milestone.pk} if name == "edit_milestone" else {"pk": indicator.pk} if name == "add_measure" else {}
    client.force_login(users_by_role[role])
    assert client.get(url(name, action, **kwargs)).status_code == 403
    data = {"title": "Forgé", "due_date": "2020-01-01", "text": "Forgé", "status": "done", "progress": "100"}
    data |= {"date": "2020-01-01", "name": "Forgé", "value": "1", **action_form_data(action, progress="100")}
    assert client.post(url(name, action, **kwargs), data).status_code == 403
    action.refresh_from_db()
    milestone.refresh_from_db()
    assert action.progress == 30
    assert milestone.title == "Jalon initial"
    assert not ProgressUpdate.objects.exists()
    assert action.milestones.count() == 1
    assert action.indicators.count() == 1
    assert not IndicatorMeasure.objects.exists()


def test_pilot_of_another_action_is_refused(client, action, pilot):
    other = factories.ActionFactory(objective=action.objective, position=2, number="2.4.2")
    client.force_login(pilot)
    assert client.get(url("edit_action", other)).status_code == 403


def test_unknown_action_is_not_found(client, programme, administrator):
    client.force_login(administrator)
    response = client.get(reverse("roadmap:edit_action", kwargs={"programme": programme.slug, "number": "9.9.9"}))
    assert response.status_code == 404


def test_anonymous_is_sent_to_login(client, action):
    response = client.get(url("edit_action", action))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
