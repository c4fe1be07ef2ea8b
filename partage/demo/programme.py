"""A generated programme N times larger than the 2019 one, for query-count tests and benchmarks.

`generate_programme(10)` builds "Démo ×10" (slug "demo-x10"): 4 axes, 11×N
objectives, 44×N actions, each with pilots, 3 milestones (some done, some
late), 1 indicator with 4 measures, 3 progress updates, and some related
actions. Everything is written with bulk_create (no history rows), so N=10
takes a few seconds. An existing programme with the same slug is deleted first.
"""

import datetime
import itertools
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from partage.core import cache
from partage.organisation.models import Direction
from partage.roadmap.loading import read_json
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
    ValueFamily,
)

ROADMAP_FILE = Path(settings.BASE_DIR) / "data" / "pap2019.json"
STATUSES = [
    Action.Status.TO_START,
    Action.Status.IN_PROGRESS,
    Action.Status.IN_PROGRESS,
    Action.Status.DONE,
    Action.Status.SUSPENDED,
    Action.Status.IN_PROGRESS,
    Action.Status.ABANDONED,
]
PROGRESS = {"to_start": 0, "in_progress": 45, "done": 100, "suspended": 30, "abandoned": 10}


def demo_slug(scale: int) -> str:
    return f"demo-x{scale}"


def delete_programme(slug: str) -> None:
    """Delete a programme and everything in it, without writing history rows for the deletion."""
    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        # Objectives protect their actions: delete the actions first.
        Action.objects.filter(programme__slug=slug).delete()
        Programme.objects.filter(slug=slug).delete()


def _agents(scale: int) -> list:
    """A pool of demo agents, reused from one generation to the next."""
    User = get_user_model()
    count = max(10, 5 * scale)
    emails = [f"demo-agent-{i}@partage.local" for i in range(1, count + 1)]
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    unusable = make_password(None)
    User.objects.bulk_create(
        [
            User(
                email=email,
                first_name="Agent",
                last_name=f"Démo {email.split('-')[2].split('@')[0]}",
                password=unusable,
            )
            for email in emails
            if email not in existing
        ]
    )
    return list(User.objects.filter(email__in=emails).order_by("pk"))


def _directions() -> list[Direction]:
    directions = []
    for i in range(1, 5):
        direction, _created = Direction.objects.get_or_create(
            name=f"Direction de démonstration {i}", defaults={"acronym": f"DD{i}"}
        )
        directions.append(direction)
    return directions


@transaction.atomic
def generate_programme(scale: int, *, current: bool = False) -> Programme:
    """Generate (or regenerate) the programme "Démo ×scale"."""
    if scale < 1:
        raise ValueError("scale must be at least 1")
    source = read_json(ROADMAP_FILE)
    slug = demo_slug(scale)
    delete_programme(slug)
    if current:
        Programme.objects.filter(is_current=True).update(is_current=False)
    programme = Programme.objects.create(
        name=f"Démo ×{scale}",
        slug=slug,
        summary=f"Programme de démonstration {scale} fois plus grand que le PAP 2019.",
        participants_count=200 * scale,
        is_current=current,
    )
    Phase.objects.bulk_create(
        [
            Phase(
                programme=programme,
                order=item["order"],
                name=item["name"],
                description=item["description"],
                start_date=datetime.date.fromisoformat(item["start_date"]),
                end_date=datetime.date.fromisoformat(item["end_date"]) if item["end_date"] else None,
                period_label=item["period_label"],
            )
            for item in source["phases"]
        ]
    )
    families = ValueFamily.objects.bulk_create(
        [
            ValueFamily(programme=programme, order=item["order"], name=item["name"], description=item["description"])
            for item in source["value_families"]
        ]
    )
    agents = _agents(scale)
    directions = _directions()
    today = timezone.localdate()

    axes = Axis.objects.bulk_create(
        [Axis(programme=programme, number=item["number"], title=item["title"]) for item in source["axes"]]
    )
    objectives, templates = [], []
    for axis, axis_item in zip(axes, source["axes"], strict=True):
        base = axis_item["objectives"]
        for k in range(len(base) * scale):
            template = base[k % len(base)]
            objectives.append(Objective(axis=axis, number=k + 1, title=template["title"]))
            templates.append(template["actions"])
    objectives = Objective.objects.bulk_create(objectives)

    actions = []
    for objective, action_templates in zip(objectives, templates, strict=True):
        for position, template in enumerate(action_templates, start=1):
            i = len(actions)
            status = STATUSES[i % len(STATUSES)]
            start = datetime.date(2019, 10, 1) + datetime.timedelta(days=30 * (i % 24))
            actions.append(
                Action(
                    programme=programme,
                    objective=objective,
                    number=f"{objective.axis.number}.{objective.number}.{position}",
                    position=position,
                    lead_verb=template["lead_verb"],
                    title=template["title"],
                    description="Fiche générée pour la démonstration.",
                    pilot_direction=directions[i % len(directions)],
                    status=status,
                    progress=PROGRESS[status],
                    start_date=start,
                    end_date=start + datetime.timedelta(days=365 + 30 * (i % 12)),
                    origin=Action.Origin.ROADMAP,
                )
            )
    actions = Action.objects.bulk_create(actions)

    pilots_through = Action.pilots.through
    pilots_through.objects.bulk_create(
        [
            pilots_through(action_id=action.pk, user_id=agents[(i + k) % len(agents)].pk)
            for i, action in enumerate(actions)
            for k in range(1 + i % 2)
        ]
    )
    related_through = Action.related_actions.through
    pairs = [(a, b) for a, b in itertools.pairwise(actions) if a.pk % 5 == 0]
    related_through.objects.bulk_create(
        [related_through(from_action_id=a.pk, to_action_id=b.pk) for a, b in pairs]
        + [related_through(from_action_id=b.pk, to_action_id=a.pk) for a, b in pairs]
    )
    families_through = Action.value_families.through
    families_through.objects.bulk_create(
        [
            families_through(action_id=action.pk, valuefamily_id=families[i % len(families)].pk)
            for i, action in enumerate(actions)
            if i % 4 == 0
        ]
    )

    milestones, indicators, updates = [], [], []
    for i, action in enumerate(actions):
        late = i % 3 == 0
        milestones += [
            Milestone(
                action=action,
                title="Cadrage",
                due_date=today - datetime.timedelta(days=200),
                done_date=today - datetime.timedelta(days=190),
            ),
            Milestone(
                action=action,
                title="Expérimentation",
                due_date=today - datetime.timedelta(days=20) if late else today + datetime.timedelta(days=40),
            ),
            Milestone(action=action, title="Bilan", due_date=today + datetime.timedelta(days=200)),
        ]
        indicators.append(Indicator(action=action, name="Agents concernés", unit="agents", baseline=0, target=100))
        author = agents[i % len(agents)]
        for k, progress in enumerate([10, 25, action.progress]):
            updates.append(
                ProgressUpdate(
                    action=action,
                    date=today - datetime.timedelta(days=90 * (2 - k) + 1),
                    author=author,
                    text=f"Point d'avancement n° {k + 1}.",
                    status=Action.Status.IN_PROGRESS if k < 2 else action.status,
                    progress=min(progress, action.progress) if k < 2 else action.progress,
                )
            )
    Milestone.objects.bulk_create(milestones)
    ProgressUpdate.objects.bulk_create(updates)
    indicators = Indicator.objects.bulk_create(indicators)
    IndicatorMeasure.objects.bulk_create(
        [
            IndicatorMeasure(
                indicator=indicator, date=today - datetime.timedelta(days=90 * (3 - k)), value=20 * (k + 1)
            )
            for indicator in indicators
            for k in range(4)
        ]
    )
    cache.bump("roadmap")  # bulk_create sends no signal (partage/core/cache.py)
    return programme
