"""Role × route table of every follow-up URL: who gets which status code.

Roles: anonymous (redirected to the login page), agent not in the group, member of the
group, animator of the group, secretary of the group (writes the minutes, schedules no meeting),
administrator, commune contact (external, sees no group).
"""

import pytest
from django.test import Client
from django.urls import reverse

from partage.followup.models import Meeting

ROLES = ["anonymous", "agent", "member", "animator", "secretary", "administrator", "commune_contact"]


def by_role(anonymous, agent, member, animator, secretary, administrator, commune_contact) -> dict:
    return dict(
        zip(ROLES, (anonymous, agent, member, animator, secretary, administrator, commune_contact), strict=True)
    )


READ = by_role(302, 200, 200, 200, 200, 200, 403)
MANAGE = by_role(302, 403, 403, 200, 403, 200, 403)  # meetings: animators and administrators
MINUTES = by_role(302, 403, 403, 200, 200, 200, 403)  # minutes: animators, secretaries and administrators
DRAFT = by_role(302, 404, 200, 200, 200, 200, 403)
PUBLISH = by_role(302, 403, 403, 302, 302, 302, 403)

# (url name, kwargs builder, method, expected status by role)
ROUTES = [
    ("groups", lambda g, m: {}, "get", READ),
    ("group", lambda g, m: {"slug": g.slug}, "get", READ),
    ("meeting", lambda g, m: {"slug": g.slug, "pk": m.pk}, "get", READ),
    ("meeting_ics", lambda g, m: {"slug": g.slug, "pk": m.pk}, "get", READ),
    ("meeting_create", lambda g, m: {"slug": g.slug}, "get", MANAGE),
    ("meeting_edit", lambda g, m: {"slug": g.slug, "pk": m.pk}, "get", MANAGE),
    ("minutes", lambda g, m: {"slug": g.slug, "pk": m.pk}, "get", DRAFT),
    ("minutes_edit", lambda g, m: {"slug": g.slug, "pk": m.pk}, "get", MINUTES),
    ("minutes_publish", lambda g, m: {"slug": g.slug, "pk": m.pk}, "post", PUBLISH),
    # A draft is not corrected but edited: those who may are sent to the draft form.
    ("minutes_correct", lambda g, m: {"slug": g.slug, "pk": m.pk}, "get", PUBLISH),
]

# The same routes once the minutes are published (empty POSTs: a refused correction answers 400).
PUBLISHED_ROUTES = [
    ("minutes", "get", READ),
    ("minutes_edit", "get", PUBLISH),  # sent to the correction form
    ("minutes_publish", "post", PUBLISH),  # "already published", back to the minutes
    ("minutes_correct", "get", MINUTES),
    ("minutes_correct", "post", by_role(302, 403, 403, 400, 400, 400, 403)),
]


def _client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "kwargs", "method", "expected"), ROUTES, ids=[r[0] for r in ROUTES])
def test_role_route_table(followup_users, group, draft_minutes, role, name, kwargs, method, expected):
    meeting = draft_minutes.meeting
    response = getattr(_client(followup_users[role]), method)(
        reverse(f"followup:{name}", kwargs=kwargs(group, meeting))
    )
    assert response.status_code == expected[role]
    if role == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "method", "expected"), PUBLISHED_ROUTES, ids=[f"{r[0]}-{r[1]}" for r in PUBLISHED_ROUTES]
)
def test_role_route_table_on_published_minutes(followup_users, group, published_minutes, role, name, method, expected):
    url = reverse(f"followup:{name}", kwargs={"slug": group.slug, "pk": published_minutes.meeting_id})
    response = getattr(_client(followup_users[role]), method)(url)
    assert response.status_code == expected[role]
    if role == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_calendar_feed_needs_the_token_not_a_login(followup_users, group, past_meeting, role):
    client = _client(followup_users[role])
    good = reverse("followup:group_calendar", kwargs={"slug": group.slug, "token": group.calendar_token})
    bad = reverse("followup:group_calendar", kwargs={"slug": group.slug, "token": "mauvais-jeton"})
    assert client.get(good).status_code == 200
    assert client.get(bad).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["minutes_publish"])
def test_publish_refuses_get(animator, group, draft_minutes, name):
    url = reverse(f"followup:{name}", kwargs={"slug": group.slug, "pk": draft_minutes.meeting_id})
    assert _client(animator).get(url).status_code == 405


@pytest.mark.django_db
def test_unknown_objects_are_404(animator, group, past_meeting):
    client = _client(animator)
    assert client.get(reverse("followup:group", kwargs={"slug": "inconnu"})).status_code == 404
    assert client.get(reverse("followup:meeting", kwargs={"slug": group.slug, "pk": 999999})).status_code == 404
    # A meeting of another group is not reachable through this group's address.
    other = Meeting.objects.create(
        group=type(group).objects.create(name="Autre", slug="autre"),
        title="Ailleurs",
        starts_at=past_meeting.starts_at,
        ends_at=past_meeting.ends_at,
        place="Lorient",
    )
    assert client.get(reverse("followup:meeting", kwargs={"slug": group.slug, "pk": other.pk})).status_code == 404
    # No minutes yet: 404 on the reading page and on the correction form.
    on_meeting = {"slug": group.slug, "pk": past_meeting.pk}
    assert client.get(reverse("followup:minutes", kwargs=on_meeting)).status_code == 404
    assert client.get(reverse("followup:minutes_correct", kwargs=on_meeting)).status_code == 404


@pytest.mark.django_db
def test_correction_form_declares_its_methods(animator, group, published_minutes):
    url = reverse("followup:minutes_correct", kwargs={"slug": group.slug, "pk": published_minutes.meeting_id})
    assert _client(animator).put(url).status_code == 405
    assert _client(animator).delete(url).status_code == 405


@pytest.mark.django_db
def test_secretary_writes_minutes_but_schedules_no_meeting(secretary, group, past_meeting):
    client = _client(secretary)
    assert client.get(reverse("followup:meeting_create", kwargs={"slug": group.slug})).status_code == 403
    kwargs = {"slug": group.slug, "pk": past_meeting.pk}
    assert client.get(reverse("followup:meeting_edit", kwargs=kwargs)).status_code == 403
    assert client.get(reverse("followup:minutes_edit", kwargs=kwargs)).status_code == 200


@pytest.mark.django_db
def test_animator_of_another_group_cannot_manage(agent, group, past_meeting):
    from partage.followup import writes
    from partage.followup.models import Membership

    from .factories import GroupFactory

    writes.add_member(group=GroupFactory(), user=agent, role=Membership.Role.ANIMATOR)
    client = _client(agent)
    assert client.get(reverse("followup:meeting_create", kwargs={"slug": group.slug})).status_code == 403
    assert (
        client.get(reverse("followup:minutes_edit", kwargs={"slug": group.slug, "pk": past_meeting.pk})).status_code
        == 403
    )
