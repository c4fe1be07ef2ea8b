"""The roadmap pages run the same number of queries whatever the size of the programme."""

import datetime
import os

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partage.core import cache
from partage.roadmap.models import Action, Programme, ValueFamily
from partage.testing import factories


def build_programme(slug: str, scale: int, *, current: bool) -> tuple[Programme, Action]:
    """A programme of 5 × scale actions, each with milestones, an indicator with measures and journal entries;
    the returned action has scale times more of each, and its history has changes made by a user."""
    today = timezone.localdate()
    programme = factories.ProgrammeFactory(name=f"PAP {slug}", slug=slug, is_current=current)
    for order in range(1, 4):
        start = datetime.date(2018 + order, 1, 1)
        factories.PhaseFactory(programme=programme, order=order, start_date=start, end_date=start.replace(month=12))
    family = ValueFamily.objects.create(programme=programme, order=1, name="Respect")
    directions = [factories.DirectionFactory(name=f"Direction {slug} {i}") for i in range(3)]
    axes = [factories.AxisFactory(programme=programme, number=n, to_complete=n == 2) for n in range(1, 5)]
    objectives = [factories.ObjectiveFactory(axis=axis, number=n) for axis in axes for n in range(1, 3)]
    editor = factories.UserFactory()
    actions = []
    for i in range(5 * scale):
        action = factories.ActionFactory(
            objective=objectives[i % len(objectives)],
            position=i + 1,
            pilot_direction=directions[i % 3],
            pilots=[factories.UserFactory()],
            to_complete=i % 4 == 0,
        )
        action.value_families.add(family)
        actions.append(action)
    target = actions[0]
    target.related_actions.set(actions[1 : 1 + scale])
    target.contributors.set([factories.UserFactory() for _ in range(scale)])
    for action in actions:
        extra = scale if action is target else 1
        for m in range(2 * extra):
            factories.MilestoneFactory(action=action, due_date=today - datetime.timedelta(days=m - 1))
        for _ in range(extra):
            indicator = factories.IndicatorFactory(action=action)
            for day in range(3 * extra):
                factories.IndicatorMeasureFactory(
                    indicator=indicator, date=datetime.date(2020, 1, 1) + datetime.timedelta(days=day), value=day
                )
        for _ in range(2 * extra):
            factories.ProgressUpdateFactory(action=action, author=editor)
    for step in range(3 * scale):
        target.progress = (step * 7) % 100
        target._history_user = editor
        target.save()
    return programme, target


def count_queries(client, url: str) -> int:
    client.get(url)  # warm process-wide caches (content types, sessions) so that both sizes start alike
    cache.forget_all()  # ...but count the computing path: a render from the figures cache would hide an N+1
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_pages_run_a_constant_number_of_queries(client, agent):
    client.force_login(agent)
    small, small_action = build_programme("petit", 1, current=True)
    pages = {}
    for name, url in {
        "dashboard": reverse("roadmap:dashboard"),
        "roadmap": reverse("roadmap:roadmap", kwargs={"programme": small.slug}),
        "roadmap filtered": reverse("roadmap:roadmap", kwargs={"programme": small.slug}) + "?status=in_progress&q=a",
        "action": reverse("roadmap:action", kwargs={"programme": small.slug, "number": small_action.number}),
        "action journal": reverse("roadmap:action", kwargs={"programme": small.slug, "number": small_action.number})
        + "?onglet=journal",
        "action indicateurs": reverse("roadmap:action", kwargs={"programme": small.slug, "number": small_action.number})
        + "?onglet=indicateurs",
        "action historique": reverse("roadmap:action", kwargs={"programme": small.slug, "number": small_action.number})
        + "?onglet=historique",
        "action discussion": reverse("roadmap:action", kwargs={"programme": small.slug, "number": small_action.number})
        + "?onglet=discussion",
        "calendar": reverse("roadmap:calendar"),
        "values": reverse("roadmap:values"),
    }.items():
        pages[name] = [count_queries(client, url)]

    small.is_current = False
    small.save()
    large, large_action = build_programme("grand", 10, current=True)
    for name, url in {
        "dashboard": reverse("roadmap:dashboard"),
        "roadmap": reverse("roadmap:roadmap", kwargs={"programme": large.slug}),
        "roadmap filtered": reverse("roadmap:roadmap", kwargs={"programme": large.slug}) + "?status=in_progress&q=a",
        "action": reverse("roadmap:action", kwargs={"programme": large.slug, "number": large_action.number}),
        "action journal": reverse("roadmap:action", kwargs={"programme": large.slug, "number": large_action.number})
        + "?onglet=journal",
        "action indicateurs": reverse("roadmap:action", kwargs={"programme": large.slug, "number": large_action.number})
        + "?onglet=indicateurs",
        "action historique": reverse("roadmap:action", kwargs={"programme": large.slug, "number": large_action.number})
        + "?onglet=historique",
        "action discussion": reverse("roadmap:action", kwargs={"programme": large.slug, "number": large_action.number})
        + "?onglet=discussion",
        "calendar": reverse("roadmap:calendar"),
        "values": reverse("roadmap:values"),
    }.items():
        pages[name].append(count_queries(client, url))

    assert {name: counts[0] for name, counts in pages.items()} == {name: counts[1] for name, counts in pages.items()}
    assert large.actions.count() == 50


@pytest.mark.django_db
def test_the_2019_roadmap_and_a_generated_programme_ten_times_larger_run_the_same_queries(client, agent):
    """The issue's measure: the real 2019 data against `generate_demo --scale 10`."""
    from django.core.management import call_command

    from partage.demo.programme import generate_programme

    with open(os.devnull, "w") as quiet:
        call_command("load_roadmap", "data/pap2019.json", stdout=quiet)
        # The demo pilot's milestones, indicator and journal on 2.4.1, so that both sizes have the same shapes.
        call_command("seed_demo", "--force", stdout=quiet)
    client.force_login(agent)

    def page_counts(programme: Programme) -> dict[str, int]:
        action = programme.actions.annotate(n=Count("milestones")).order_by("-n", "pk").first()
        urls = {
            "dashboard": reverse("roadmap:dashboard"),
            "roadmap": reverse("roadmap:roadmap", kwargs={"programme": programme.slug}),
            "action": reverse("roadmap:action", kwargs={"programme": programme.slug, "number": action.number}),
        }
        return {name: count_queries(client, url) for name, url in urls.items()}

    pap_2019 = Programme.objects.get(slug="pap-2019", is_current=True)
    assert pap_2019.actions.count() == 44
    at_1x = page_counts(pap_2019)
    large = generate_programme(10, current=True)
    assert large.actions.count() == 440
    # Generated rows are bulk-created, without history: give the busiest action edits like 2.4.1's.
    busiest = large.actions.annotate(n=Count("milestones")).order_by("-n", "pk").first()
    for direction in (None, factories.DirectionFactory(name="Direction des tests")):
        busiest.pilot_direction = direction
        busiest._history_user = agent
        busiest.save()
    assert page_counts(large) == at_1x
