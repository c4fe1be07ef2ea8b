"""Query counts of the list and detail pages stay the same when the data grows."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partage.core import cache
from partage.core.comments import post_comment
from partage.core.history import set_reason
from partage.followup import writes
from partage.followup.models import Attendance, Decision, Membership, Minutes
from partage.testing.factories import ActionFactory, AxisFactory, ObjectiveFactory, UserFactory

from .factories import (
    ActionItemFactory,
    ActionReviewFactory,
    AgendaItemFactory,
    GroupFactory,
    MeetingFactory,
    MinutesFactory,
)


def _grow(group, size: int, objective) -> None:
    """Add `size` of everything a page shows: members, followed actions, meetings with agenda,
    attendance, minutes (published and drafts), comments, and other groups."""
    now = timezone.now()
    for i in range(size):
        user = UserFactory()
        writes.add_member(group=group, user=user, role=list(Membership.Role)[i % 3])
        action = ActionFactory(objective=objective, pilots=[user])
        group.actions.add(action)
        starts_at = now + datetime.timedelta(days=(i - size) * 15 + 1)
        meeting = MeetingFactory(group=group, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2))
        meeting.invited.add(user)
        AgendaItemFactory(meeting=meeting, action=action)
        Attendance.objects.create(meeting=meeting, user=user, status="present")
        if i % 2:
            minutes = MinutesFactory(meeting=meeting, status=Minutes.Status.PUBLISHED, published_at=now)
            ActionReviewFactory(minutes=minutes, action=action)
        else:
            MinutesFactory(meeting=meeting)
        writes.add_member(group=GroupFactory(actions=[action]), user=user)
        post_comment(target=group, author=user, body=f"Commentaire {i}")


def _count(client: Client, url: str) -> int:
    # Measure the computing path at both sizes: a render served from the figures cache would hide an N+1.
    cache.forget_all()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["groups", "group", "meeting", "meeting_edit", "minutes", "action"])
def test_query_count_is_constant(page, animator, group, past_meeting, action):
    MinutesFactory(meeting=past_meeting)
    client = Client()
    client.force_login(animator)
    urls = {
        "groups": reverse("followup:groups"),
        "group": reverse("followup:group", args=[group.slug]),
        "meeting": reverse("followup:meeting", args=[group.slug, past_meeting.pk]),
        # The meeting form: one agenda row per item, each with its select of the group's actions.
        "meeting_edit": reverse("followup:meeting_edit", args=[group.slug, past_meeting.pk]),
        "minutes": reverse("followup:minutes", args=[group.slug, past_meeting.pk]),
        "action": action.get_absolute_url(),
    }
    objective = ObjectiveFactory(axis=AxisFactory(programme=action.programme, number=9))
    _grow(group, 2, objective)
    past_meeting.agenda_items.create(title="Un point", action=action)
    client.get(urls[page])  # warm-up: per-process caches (content types, sessions)
    small = _count(client, urls[page])
    _grow(group, 6, objective)
    past_meeting.agenda_items.create(title="Un autre point", action=action)
    assert _count(client, urls[page]) == small


def _correct_many(minutes, size: int, action) -> None:
    """`size` more rows in the published minutes (decisions, action items, attendance), each corrected once:
    the minutes page's history grows by about four entries per row."""
    group = minutes.meeting.group
    for i in range(size):
        user, other = UserFactory(), UserFactory()
        writes.add_member(group=group, user=user)
        writes.add_member(group=group, user=other)
        decision = Decision.objects.create(minutes=minutes, text=f"Décision {i}", action=action)
        item = ActionItemFactory(minutes=minutes, owner=user, action=action)
        attendance = Attendance.objects.create(meeting=minutes.meeting, user=user, status="present")
        for row, field, value in ((decision, "text", f"Décision {i} corrigée"), (item, "owner", other)):
            setattr(row, field, value)
            set_reason(row, f"followup.minutes.corrected:Correction {i}")
            row.save()
        attendance.status = "excused"
        attendance.save()
        minutes.summary = f"Synthèse corrigée {i}"
        minutes.corrected_at = timezone.now()
        minutes.save()
        ActionItemFactory(minutes=minutes, owner=other).delete()


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["minutes", "minutes_correct"])
def test_query_count_of_corrected_minutes_is_constant(page, animator, group, published_minutes, action):
    """The minutes page with its history and attendance, and the correction form with its rows."""
    client = Client()
    client.force_login(animator)
    url = reverse(f"followup:{page}", args=[group.slug, published_minutes.meeting_id])
    _correct_many(published_minutes, 2, action)
    client.get(url)  # warm-up: per-process caches (content types, sessions)
    small = _count(client, url)
    _correct_many(published_minutes, 6, action)
    assert _count(client, url) == small
