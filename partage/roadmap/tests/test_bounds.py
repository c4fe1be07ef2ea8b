"""Dates at the edges of the roadmap forms (issue 15): an action ending in 9999 made the calendar compute the
year 10,000 (`ValueError: year 10000 is out of range`); a year-1 milestone or measure broke the pages."""

import pytest
from django.urls import reverse

from partage.roadmap.models import IndicatorMeasure, Milestone
from partage.testing import factories

from .test_editing import action_form_data, url

pytestmark = pytest.mark.django_db
YEAR_ERROR = "Indiquez une année entre 1900 et 2200"


@pytest.mark.parametrize("end_date", ["9999-12-31", "2201-01-01"])
def test_an_action_ending_after_2200_is_a_french_form_error_and_the_calendar_still_works(
    client, action, pilot, end_date
):
    client.force_login(pilot)
    response = client.post(url("edit_action", action), action_form_data(action, end_date=end_date))
    assert response.status_code in (200, 400)
    assert YEAR_ERROR in response.content.decode()
    action.refresh_from_db()
    assert action.end_date is None or action.end_date.year <= 2200
    assert client.get(reverse("roadmap:calendar")).status_code == 200


def test_an_action_at_the_edges_of_the_sane_years_keeps_the_calendar_working(client, action, pilot):
    client.force_login(pilot)
    response = client.post(
        url("edit_action", action), action_form_data(action, start_date="1900-01-01", end_date="2200-12-31")
    )
    assert response.status_code == 302
    for name in ("calendar", "dashboard"):
        assert client.get(reverse(f"roadmap:{name}")).status_code == 200
    assert client.get(url("action", action)).status_code == 200


def test_a_year_1_milestone_or_measure_is_a_french_form_error(client, action, pilot):
    client.force_login(pilot)
    response = client.post(url("add_milestone", action), {"title": "Charte votée", "due_date": "0001-01-01"})
    assert YEAR_ERROR in response.content.decode()
    assert not Milestone.objects.exists()
    indicator = factories.IndicatorFactory(action=action)
    response = client.post(url("add_measure", action, pk=indicator.pk), {"date": "0001-01-01", "value": "1"})
    assert YEAR_ERROR in response.content.decode()
    response = client.post(url("add_measure", action, pk=indicator.pk), {"date": "2021-01-01", "value": "1" + "0" * 30})
    assert response.status_code in (200, 400)
    assert not IndicatorMeasure.objects.exists()


def test_an_imported_date_outside_the_sane_years_is_a_french_import_error():
    from partage.roadmap import exports

    assert exports._parse_date("31/12/2200").year == 2200
    with pytest.raises(ValueError, match="Indiquez une année entre 1900 et 2200"):
        exports._parse_date("31/12/9999")


def test_the_calendar_chart_of_a_row_stored_in_9999_is_drawn_clamped():
    import datetime

    from partage.roadmap import charts

    items = [{"label": "A", "start": datetime.date(2020, 1, 1), "end": datetime.date(9999, 12, 31)}]
    chart = charts.timeline([("Axe", items)], today=datetime.date(2026, 1, 1))
    assert chart.year_ticks[-1].label == "2200"
