"""The dashboard of a pilot ("Mes actions", "Mes jalons") and the charts every reader gets (each with its
table), per role, with the query count at two data sizes."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partage.core import cache
from partage.roadmap.models import Milestone, ProgressUpdate
from partage.testing import factories

pytestmark = pytest.mark.django_db


def dashboard(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("roadmap:dashboard"))
    assert response.status_code == 200
    return response.content.decode()


def section(page: str, heading: str) -> str:
    if f">{heading}<" not in page:
        return ""
    return page.split(f">{heading}<", 1)[1].split("</section>", 1)[0]


@pytest.fixture
def milestones(action):
    today = timezone.localdate()
    return [
        Milestone.objects.create(action=action, title="Charte signée", due_date=today - datetime.timedelta(days=3)),
        Milestone.objects.create(action=action, title="Bilan à six mois", due_date=today + datetime.timedelta(days=20)),
        Milestone.objects.create(
            action=action, title="Lancement", due_date=today - datetime.timedelta(days=40), done_date=today
        ),
    ]


def test_pilot_sees_their_actions_and_milestones(client, pilot, action, milestones):
    page = dashboard(client, pilot)
    mine = section(page, "Mes actions")
    assert "2.4.1 Mettre en place le télétravail" in mine
    assert "2 jalons à venir" in mine
    jalons = section(page, "Mes jalons")
    assert "Charte signée" in jalons and "En retard" in jalons
    assert "Bilan à six mois" in jalons
    assert "Lancement" not in jalons  # done
    assert jalons.index("Charte signée") < jalons.index("Bilan à six mois")


def test_another_pilot_sees_only_their_own(client, pilot, action, milestones, programme):
    dashboard(client, pilot)  # the pilot's page is rendered first: nothing of it may reach the next reader
    other_action = factories.ActionFactory(objective=action.objective, number="2.4.2", title="Former les managers")
    other = factories.UserFactory(email="autre-pilote@lorient-agglo.test")
    other_action.pilots.add(other)
    page = dashboard(client, other)
    assert "Former les managers" in section(page, "Mes actions")
    assert "télétravail" not in section(page, "Mes actions")
    assert "Charte signée" not in section(page, "Mes jalons")


def test_agents_and_commune_contacts_who_pilot_nothing_get_no_pilot_block(
    client, agent, commune_contact, action, milestones
):
    for user in (agent, commune_contact):
        page = dashboard(client, user)
        assert section(page, "Mes actions") == ""
        assert section(page, "Mes jalons") == ""


def test_charts_come_with_their_tables(client, agent, pilot, action, milestones):
    ProgressUpdate.objects.create(
        action=action, author=pilot, date=timezone.localdate() - datetime.timedelta(days=200), text="Démarrage",
        status="in_progress", progress=20,
    )  # fmt: skip
    action.status, action.progress = "in_progress", 60
    action.save()
    page = dashboard(client, agent)
    assert page.count('role="img"') >= 3
    assert "Répartition des 1 fiches-actions par statut" in page
    assert "Avancement moyen de chaque axe" in page
    assert "Jalons non réalisés : 1 en retard et 1 à échéance" in page
    table = page.split("Avancement moyen par axe (en %)", 1)[1].split("</table>", 1)[0]
    assert "Favoriser l&#x27;engagement des agents" in table
    assert "20 %" in table and "60 %" in table  # the past update, then today's progress


def _count(client) -> int:
    cache.forget_all()  # measure the computing path, not the cached one
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("roadmap:dashboard"))
    return len(queries)


def _grow(programme, objective, n: int, pilot) -> None:
    today = timezone.localdate()
    for i in range(n):
        action = factories.ActionFactory(objective=objective, number=f"2.4.{10 + i + n * 3}")
        action.pilots.add(pilot)
        Milestone.objects.create(action=action, title=f"Jalon {i}", due_date=today + datetime.timedelta(days=i))
        ProgressUpdate.objects.create(action=action, author=pilot, date=today, text="x", status="to_start", progress=i)


@pytest.mark.parametrize("role", ["pilot", "agent", "commune_contact"])
def test_dashboard_queries_do_not_grow_with_the_data(client, request, role, action, pilot, programme):
    user = request.getfixturevalue(role)
    client.force_login(user)
    _grow(programme, action.objective, 2, pilot)
    small = _count(client)
    _grow(programme, action.objective, 20, pilot)
    assert _count(client) == small
