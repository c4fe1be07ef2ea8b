"""`writes.record_measure` and the milestone/measure writes: the public entry points that the surveys,
live sessions and the API call, so their refusals are RuleViolation and their effects are visible."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from partage.core.errors import RuleViolation
from partage.roadmap import writes
from partage.roadmap.models import IndicatorMeasure, Milestone, ProgressUpdate
from partage.testing import factories

pytestmark = pytest.mark.django_db


def test_record_measure_saves_with_history_and_tells_the_journal():
    indicator = factories.IndicatorFactory(name="Agents formés", unit="agents")
    user = factories.UserFactory()
    day = datetime.date(2021, 3, 1)
    measure = writes.record_measure(indicator=indicator, value="12.5", measured_on=day, by=user, note="Bilan")
    assert (measure.value, measure.date, measure.comment, measure.recorded_by) == (Decimal("12.5"), day, "Bilan", user)
    assert measure.history.get().history_change_reason == "roadmap.measure.recorded"
    entry = indicator.action.progress_updates.get()
    assert entry.source == ProgressUpdate.Source.MEASURE
    assert entry.date == day
    assert "« Agents formés »" in entry.text and "12,5 agents" in entry.text and "Bilan" in entry.text
    # The action's status and progress are kept.
    assert (entry.status, entry.progress) == (indicator.action.status, indicator.action.progress)


def test_record_measure_from_a_survey_names_its_source():
    indicator = factories.IndicatorFactory()
    writes.record_measure(
        indicator=indicator, value=3, measured_on=timezone.localdate(), by=None, source="survey", source_url="/q/1/"
    )
    entry = indicator.action.progress_updates.get()
    assert (entry.source, entry.source_url) == ("survey", "/q/1/")


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"value": ""}, "value", "Indiquez la valeur mesurée."),
        ({"value": "beaucoup"}, "value", "Saisissez un nombre."),
        ({"value": "NaN"}, "value", "Saisissez un nombre."),
        ({"note": "x" * 301}, "comment", "300"),
        ({"source": "inconnue"}, "source", "Origine de la mesure inconnue."),
    ],
)
def test_record_measure_refuses_bad_values_and_changes_nothing(kwargs, field, message):
    indicator = factories.IndicatorFactory()
    arguments = {"indicator": indicator, "value": 1, "measured_on": datetime.date(2021, 1, 1), "by": None, **kwargs}
    with pytest.raises(RuleViolation) as refusal:
        writes.record_measure(**arguments)
    assert refusal.value.field == field and message in str(refusal.value)
    assert not IndicatorMeasure.objects.exists() and not ProgressUpdate.objects.exists()


def test_record_measure_refuses_a_second_measure_on_the_same_date():
    measure = factories.IndicatorMeasureFactory(date=datetime.date(2021, 1, 1), value=5)
    with pytest.raises(RuleViolation, match="Une mesure existe déjà à cette date.") as refusal:
        writes.record_measure(indicator=measure.indicator, value=9, measured_on=measure.date, by=None)
    assert refusal.value.field == "date"
    assert IndicatorMeasure.objects.get().value == 5


def test_update_and_delete_measure_keep_history():
    measure = factories.IndicatorMeasureFactory(date=datetime.date(2021, 1, 1), value=5)
    factories.IndicatorMeasureFactory(indicator=measure.indicator, date=datetime.date(2021, 2, 1), value=6)
    with pytest.raises(RuleViolation):
        writes.update_measure(measure=measure, value=7, measured_on=datetime.date(2021, 2, 1))
    writes.update_measure(measure=measure, value=7, measured_on=datetime.date(2021, 1, 15), note="Corrigé")
    measure.refresh_from_db()
    assert (measure.value, measure.date) == (Decimal(7), datetime.date(2021, 1, 15))
    pk = measure.pk
    writes.delete_measure(measure=measure)
    reasons = list(IndicatorMeasure.history.filter(id=pk).values_list("history_change_reason", flat=True))
    assert reasons[:2] == ["roadmap.measure.deleted", "roadmap.measure.edited"]


def test_milestone_writes_check_the_done_date():
    action = factories.ActionFactory()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(RuleViolation, match="futur") as refusal:
        writes.add_milestone(action=action, title="J", due_date=tomorrow, done_date=tomorrow)
    assert refusal.value.field == "done_date"
    milestone = writes.add_milestone(action=action, title="J", due_date=tomorrow)
    writes.update_milestone(milestone=milestone, title="J2", due_date=tomorrow, done_date=timezone.localdate())
    assert Milestone.objects.get().title == "J2"
    writes.delete_milestone(milestone=milestone)
    assert not Milestone.objects.exists()
    reasons = list(Milestone.history.order_by("history_id").values_list("history_change_reason", flat=True))
    assert reasons == ["roadmap.milestone.added", "roadmap.milestone.edited", "roadmap.milestone.deleted"]
