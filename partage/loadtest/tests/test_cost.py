"""The cost of each step alone (partage/loadtest/cost.py), printed before the load test: every step of the
journeys is measured signed in as the seeded agents are, and a refused password stops the measure."""

import pytest

from partage.loadtest.cost import measure
from partage.loadtest.seed import seed

pytestmark = pytest.mark.django_db


def test_every_step_of_the_journeys_is_measured(action):
    rows = dict(measure(seed(agents=10, polls=1)))
    assert list(rows) == [
        "authenticate()",
        "connexion (page)",
        "connexion (envoi)",
        "tableau de bord",
        "feuille de route",
        "consultation",
        "fiche-action",
    ]
    # measure() stops on any answer but 200: the four pages were served signed in, each reading the database.
    pages = ["tableau de bord", "feuille de route", "consultation", "fiche-action"]
    assert all(rows[page][2] > 0 for page in pages)


def test_a_refused_password_stops_the_measure(action):
    plan = {**seed(agents=1, polls=1), "password": "pas-le-bon"}
    with pytest.raises(SystemExit, match="authenticate"):
        measure(plan)
