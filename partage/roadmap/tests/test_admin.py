"""The French administration of roadmap, territory and accounts answers for an administrator."""

import datetime

import pytest
from django.contrib import admin
from django.urls import reverse

from partage.accounts.models import User
from partage.organisation.models import Commune, Direction, Service
from partage.roadmap.models import (
    Action,
    Axis,
    Indicator,
    IndicatorMeasure,
    Milestone,
    Objective,
    Programme,
    ProgressUpdate,
    Value,
    ValueFamily,
)
from partage.testing import factories

pytestmark = pytest.mark.django_db

ADMINISTERED = [Programme, ValueFamily, Axis, Objective, Action, Indicator, Milestone, ProgressUpdate]
ADMINISTERED += [Commune, User, Direction, Service]


@pytest.fixture
def objects(action, pilot, commune_contact) -> dict:
    family = ValueFamily.objects.create(programme=action.programme, order=1, name="Respect")
    Value.objects.create(family=family, order=1, name="Écoute")
    factories.PhaseFactory(programme=action.programme)
    indicator = factories.IndicatorFactory(action=action)
    IndicatorMeasure.objects.create(indicator=indicator, date=datetime.date(2021, 1, 1), value=3)
    return {
        Programme: action.programme,
        ValueFamily: family,
        Axis: action.objective.axis,
        Objective: action.objective,
        Action: action,
        Indicator: indicator,
        Milestone: factories.MilestoneFactory(action=action),
        ProgressUpdate: factories.ProgressUpdateFactory(action=action, author=pilot),
        Commune: commune_contact.commune,
        User: pilot,
        Direction: pilot.service.direction,
        Service: pilot.service,
    }


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", ADMINISTERED, ids=lambda m: m.__name__)
def test_changelist_add_and_change_pages_answer(client, administrator, objects, model):
    assert model in admin.site._registry
    client.force_login(administrator)
    obj = objects[model]
    for url in (admin_url(model, "changelist"), admin_url(model, "add"), admin_url(model, "change", obj.pk)):
        response = client.get(url)
        assert response.status_code == 200, url
    assert client.get(admin_url(model, "changelist") + "?q=a").status_code == 200


def test_admin_is_in_french_and_action_history_is_available(client, administrator, objects):
    client.force_login(administrator)
    action = objects[Action]
    html = client.get(admin_url(Action, "changelist")).content.decode()
    assert "Fiches-actions" in html
    assert "2.4.1" in html
    history = client.get(admin_url(Action, "history", action.pk))
    assert history.status_code == 200
    assert "Historique" in history.content.decode()


def test_action_changelist_query_count_is_constant(client, administrator, action, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(administrator)
    url = admin_url(Action, "changelist")
    client.get(url)  # warm-up: the site identity and permission caches fill on the first request
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for position in range(2, 12):
        factories.ActionFactory(
            objective=action.objective, position=position, pilot_direction=factories.DirectionFactory()
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_user_admin_creates_an_account_with_email_and_password(client, administrator):
    client.force_login(administrator)
    response = client.post(
        admin_url(User, "add"),
        {
            "email": "Nouvel.Agent@Lorient-Agglo.test",
            "usable_password": "true",
            "password1": "Lorient-2024-neuf",
            "password2": "Lorient-2024-neuf",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="nouvel.agent@lorient-agglo.test")
    assert user.check_password("Lorient-2024-neuf")


def test_non_staff_are_sent_to_the_admin_login(client, agent):
    client.force_login(agent)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
