"""The 2019 roadmap loader (data/pap2019.json) and the scaled demo generator."""

import time
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from partage.demo.programme import generate_programme
from partage.organisation.models import Commune
from partage.roadmap.loading import load_roadmap, read_json
from partage.roadmap.models import (
    Action,
    Axis,
    Indicator,
    IndicatorMeasure,
    Milestone,
    Objective,
    Phase,
    Programme,
    ProgressUpdate,
    Value,
    ValueFamily,
)

DATA = settings.BASE_DIR / "data" / "pap2019.json"

EXPECTED_NUMBERS = (
    [f"1.1.{i}" for i in range(1, 5)]
    + [f"1.2.{i}" for i in range(1, 5)]
    + [f"2.1.{i}" for i in range(1, 4)]
    + [f"2.2.{i}" for i in range(1, 4)]
    + [f"2.3.{i}" for i in range(1, 5)]
    + [f"2.4.{i}" for i in range(1, 5)]
    + [f"3.1.{i}" for i in range(1, 7)]
    + [f"3.2.{i}" for i in range(1, 4)]
    + ["3.3.1"]
    + [f"4.1.{i}" for i in range(1, 9)]
    + [f"4.2.{i}" for i in range(1, 5)]
)


def load(*args: str) -> str:
    out = StringIO()
    call_command("load_roadmap", str(DATA), *args, stdout=out)
    return out.getvalue()


def history_rows() -> int:
    return Action.history.count()


@pytest.mark.django_db
def test_load_roadmap_creates_the_2019_roadmap():
    output = load()

    programme = Programme.objects.get(slug="pap-2019")
    assert programme.name == "PAP 2019"
    assert programme.is_current
    assert programme.participants_count == 200
    assert Axis.objects.filter(programme=programme).count() == 4
    assert Objective.objects.filter(axis__programme=programme).count() == 11
    numbers = list(programme.actions.values_list("number", flat=True))
    assert sorted(numbers) == sorted(EXPECTED_NUMBERS)
    assert len(numbers) == 44
    assert Commune.objects.count() == 25
    assert Commune.objects.get(slug="lanester").insee_code == "56098"
    assert "Fiches-actions : 44 créé(s)" in output
    assert "Communes : 25 créé(s)" in output


@pytest.mark.django_db
def test_titles_are_transcribed_as_printed():
    load()
    action = Action.objects.get(number="1.1.1")
    assert action.title == "Créer des outils de gestion de la relation citoyens/usagers"
    assert action.lead_verb == "Créer"
    assert action.status == Action.Status.TO_START and action.progress == 0
    assert action.origin == Action.Origin.ROADMAP
    assert Action.objects.get(number="4.1.7").lead_verb == "Expliciter, légitimer et valoriser"
    odd = Action.objects.get(number="4.1.6")
    assert "relevés des diffusions" in odd.title
    assert "relevés de décisions" in odd.source_note
    assert not any(a.title.startswith(("O ", "Q", "0", "*")) or "**" in a.title for a in Action.objects.all())
    # Titles start with their lead verb (except the placeholder).
    for action in Action.objects.exclude(number="3.3.1"):
        assert action.title.startswith(action.lead_verb), action.number


@pytest.mark.django_db
def test_gaps_are_flagged_not_invented():
    load()
    assert not Axis.objects.get(number=2).to_complete
    assert "reconstitué" in Axis.objects.get(number=2).source_note
    to_complete = {o.code: o for o in Objective.objects.filter(to_complete=True).select_related("axis")}
    assert set(to_complete) == {"2.1", "2.2", "3.1", "3.2", "3.3"}
    assert to_complete["2.1"].title == "Intitulé à compléter"
    assert all(o.source_note for o in to_complete.values())
    placeholder = Action.objects.get(number="3.3.1")
    assert placeholder.to_complete
    assert placeholder.title == "Fiche-action à compléter"
    assert "44" in placeholder.source_note and "43" in placeholder.source_note
    assert list(Action.objects.filter(to_complete=True).values_list("number", flat=True)) == ["3.3.1"]


@pytest.mark.django_db
def test_calendar_values_and_links():
    load()
    phases = list(Phase.objects.order_by("order"))
    assert len(phases) == 6
    assert phases[0].period_label == "avril – juin 2018"
    assert str(phases[0].start_date) == "2018-04-01" and str(phases[0].end_date) == "2018-06-30"
    assert phases[-1].end_date is None and str(phases[-1].start_date) == "2019-10-01"
    families = list(ValueFamily.objects.order_by("order"))
    assert [f.values.count() for f in families] == [5, 8, 4]
    assert Value.objects.filter(family=families[2], name="intelligence collective").exists()
    assert list(Action.objects.get(number="1.1.2").related_actions.values_list("number", flat=True)) == ["3.1.2"]
    assert list(Action.objects.get(number="3.1.2").related_actions.values_list("number", flat=True)) == ["1.1.2"]
    assert set(families[1].actions.values_list("number", flat=True)) == {"2.3.1", "2.3.2"}
    assert list(families[0].actions.values_list("number", flat=True)) == ["3.1.5"]
    assert list(families[2].actions.values_list("number", flat=True)) == ["4.2.2"]


@pytest.mark.django_db
def test_second_run_changes_nothing():
    load()
    counts = (Programme.objects.count(), Action.objects.count(), Objective.objects.count(), Commune.objects.count())
    history = history_rows()

    output = load()

    assert (
        Programme.objects.count(),
        Action.objects.count(),
        Objective.objects.count(),
        Commune.objects.count(),
    ) == counts
    assert history_rows() == history
    assert "Rien à changer" in output


@pytest.mark.django_db
def test_reload_keeps_what_users_changed(administrator):
    load()
    action = Action.objects.get(number="2.4.1")
    action.status = Action.Status.IN_PROGRESS
    action.progress = 40
    action.description = "Décrite par le pilote."
    action.save()
    placeholder = Action.objects.get(number="3.3.1")
    placeholder.title = "Informer les communes des travaux"
    placeholder.to_complete = False
    placeholder._history_user = administrator
    placeholder.save()

    load()

    action.refresh_from_db()
    placeholder.refresh_from_db()
    assert (action.status, action.progress, action.description) == ("in_progress", 40, "Décrite par le pilote.")
    assert placeholder.title == "Informer les communes des travaux"
    assert not placeholder.to_complete


@pytest.mark.django_db
def test_reload_applies_a_corrected_transcription():
    data = read_json(DATA)
    load_roadmap(data)
    data["axes"][0]["objectives"][0]["actions"][0]["title"] = "Créer des outils corrigés"
    history = history_rows()

    report = load_roadmap(data)

    assert Action.objects.get(number="1.1.1").title == "Créer des outils corrigés"
    assert report.updated["action"] == 1
    assert history_rows() == history + 1


@pytest.mark.django_db
def test_load_does_not_steal_the_current_flag():
    other = Programme.objects.create(name="PAP 2025", slug="pap-2025", is_current=True)
    load()
    other.refresh_from_db()
    assert other.is_current
    assert not Programme.objects.get(slug="pap-2019").is_current


@pytest.mark.django_db
def test_generate_programme_scales_the_2019_roadmap():
    started = time.monotonic()
    programme = generate_programme(3)
    elapsed = time.monotonic() - started

    assert programme.slug == "demo-x3" and programme.name == "Démo ×3"
    assert not programme.is_current
    actions = Action.objects.filter(programme=programme)
    assert actions.count() == 3 * 44
    assert Axis.objects.filter(programme=programme).count() == 4
    assert Objective.objects.filter(axis__programme=programme).count() == 3 * 11
    assert Milestone.objects.filter(action__programme=programme).count() == 3 * 3 * 44
    assert Milestone.objects.filter(action__programme=programme).late().exists()
    assert Milestone.objects.filter(action__programme=programme, done_date__isnull=False).exists()
    assert Indicator.objects.filter(action__programme=programme).count() == 3 * 44
    assert IndicatorMeasure.objects.filter(indicator__action__programme=programme).count() == 4 * 3 * 44
    assert ProgressUpdate.objects.filter(action__programme=programme).count() == 3 * 3 * 44
    assert not actions.filter(pilots__isnull=True).exists()
    assert actions.filter(related_actions__isnull=False).exists()
    assert elapsed < 10


@pytest.mark.django_db
def test_generate_programme_replaces_and_can_become_current(programme):
    generate_programme(1)
    generate_programme(1, current=True)

    assert Programme.objects.filter(slug="demo-x1").count() == 1
    assert Action.objects.filter(programme__slug="demo-x1").count() == 44
    assert Programme.objects.get(is_current=True).slug == "demo-x1"
    programme.refresh_from_db()
    assert not programme.is_current


@pytest.mark.django_db
def test_generate_demo_command():
    out = StringIO()
    call_command("generate_demo", "--scale", "2", stdout=out)
    assert "88 fiches-actions" in out.getvalue()
