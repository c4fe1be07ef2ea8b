"""Scheduling meetings, their pages and iCalendar (invitation and group feed)."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from partage.followup.models import AgendaItem, Meeting

from .factories import AgendaItemFactory, MeetingFactory


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _meeting_post(**overrides) -> dict:
    data = {
        "title": "Point d'étape télétravail",
        "starts_at": "2030-03-14T14:00",
        "ends_at": "2030-03-14T16:00",
        "place": "Maison de l'agglomération, salle 3",
        "video_link": "",
        "agenda-TOTAL_FORMS": "2",
        "agenda-INITIAL_FORMS": "0",
        "agenda-0-order": "1",
        "agenda-0-title": "Bilan de l'expérimentation",
        "agenda-0-action": "",
        "agenda-1-order": "2",
        "agenda-1-title": "",
        "agenda-1-action": "",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_animator_schedules_a_meeting_with_its_agenda(animator, member, group, action):
    data = _meeting_post(**{"agenda-0-action": str(action.pk), "invited": [str(member.pk)]})
    response = _client(animator).post(reverse("followup:meeting_create", args=[group.slug]), data)
    meeting = Meeting.objects.get(title="Point d'étape télétravail")
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert meeting.group == group
    assert list(meeting.invited.all()) == [member]
    item = AgendaItem.objects.get(meeting=meeting)
    assert (item.title, item.action) == ("Bilan de l'expérimentation", action)
    page = _client(member).get(meeting.get_absolute_url()).content.decode()
    assert "Bilan de l&#x27;expérimentation" in page and "fiche-action 2.4.1" in page


@pytest.mark.django_db
def test_new_meeting_form_invites_every_member_by_default(animator, member, group):
    page = _client(animator).get(reverse("followup:meeting_create", args=[group.slug])).content.decode()
    assert f'value="{member.pk}" id="id_invited_1" checked' in page
    assert f'value="{animator.pk}" id="id_invited_0" checked' in page


@pytest.mark.django_db
def test_a_meeting_ending_before_it_starts_is_refused(animator, group):
    data = _meeting_post(ends_at="2030-03-14T13:00")
    response = _client(animator).post(reverse("followup:meeting_create", args=[group.slug]), data)
    assert response.status_code == 400
    assert "La fin de la réunion doit suivre son début." in response.content.decode()
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_a_meeting_needs_a_place_or_a_video_link(animator, group):
    response = _client(animator).post(reverse("followup:meeting_create", args=[group.slug]), _meeting_post(place=""))
    assert "Indiquez un lieu ou un lien de visioconférence." in response.content.decode()
    assert not Meeting.objects.exists()
    data = _meeting_post(place="", video_link="https://visio.lorient-agglo.test/qvt")
    assert _client(animator).post(reverse("followup:meeting_create", args=[group.slug]), data).status_code == 302


@pytest.mark.django_db
def test_garbage_input_gives_errors_not_a_500(animator, group):
    data = _meeting_post(starts_at="pas une date", **{"agenda-TOTAL_FORMS": "abc"})
    response = _client(animator).post(reverse("followup:meeting_create", args=[group.slug]), data)
    assert response.status_code == 400
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_editing_a_meeting_updates_it_and_its_invitation_sequence(animator, group, upcoming_meeting):
    item = AgendaItemFactory(meeting=upcoming_meeting, title="Ancien point")
    data = _meeting_post(
        title="Réunion déplacée",
        **{
            "agenda-TOTAL_FORMS": "1",
            "agenda-INITIAL_FORMS": "1",
            "agenda-0-id": str(item.pk),
            "agenda-0-meeting": str(upcoming_meeting.pk),
            "agenda-0-title": "Nouveau point",
        },
    )
    response = _client(animator).post(reverse("followup:meeting_edit", args=[group.slug, upcoming_meeting.pk]), data)
    assert response.status_code == 302
    upcoming_meeting.refresh_from_db()
    assert upcoming_meeting.title == "Réunion déplacée" and upcoming_meeting.sequence == 1
    item.refresh_from_db()
    assert item.title == "Nouveau point"


@pytest.mark.django_db
def test_invitation_is_valid_icalendar(agent, group, upcoming_meeting):
    response = _client(agent).get(reverse("followup:meeting_ics", args=[group.slug, upcoming_meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == f"{group.name} — Réunion d'avril"
    assert event.decoded("DTSTART") == upcoming_meeting.starts_at.replace(microsecond=0)
    assert event.decoded("DTEND") == upcoming_meeting.ends_at.replace(microsecond=0)
    assert str(event["LOCATION"]) == upcoming_meeting.place
    assert str(event["UID"]).startswith(f"followup-meeting-{upcoming_meeting.pk}@")


@pytest.mark.django_db
def test_group_feed_lists_all_meetings_for_calendar_apps_without_login(group, past_meeting, upcoming_meeting):
    MeetingFactory(title="Réunion d'un autre groupe")
    url = reverse("followup:group_calendar", args=[group.slug, group.calendar_token])
    response = Client().get(url)
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    titles = sorted(str(e["SUMMARY"]) for e in calendar.walk("VEVENT"))
    assert titles == [f"{group.name} — Réunion d'avril", f"{group.name} — Réunion de mars"]


@pytest.mark.django_db
def test_group_page_shows_members_actions_and_meetings(agent, animator, member, group, past_meeting, upcoming_meeting):
    page = _client(agent).get(reverse("followup:group", args=[group.slug])).content.decode()
    for text in (
        "Alice Animatrice",
        "Animateur",
        "Marc Membre",
        "Représentant du personnel",
        "Mettre en place le télétravail",
        "En cours",
        "30 %",
        "Réunion d&#x27;avril",
        "Réunion de mars",
    ):
        assert text in page
    assert group.calendar_token in page
    assert "Programmer une réunion" not in page  # agents do not schedule meetings
    assert (
        "Programmer une réunion" in _client(animator).get(reverse("followup:group", args=[group.slug])).content.decode()
    )


@pytest.mark.django_db
def test_meeting_page_shows_attendance(agent, member, past_meeting, group):
    from partage.followup.models import Attendance

    Attendance.objects.create(meeting=past_meeting, user=member, status="present")
    page = _client(agent).get(past_meeting.get_absolute_url()).content.decode()
    assert "Marc Membre" in page and "Présent" in page


@pytest.mark.django_db
def test_meetings_of_the_past_and_future_are_sorted(group):
    now = timezone.now()
    old = MeetingFactory(
        group=group,
        starts_at=now - datetime.timedelta(days=30),
        ends_at=now - datetime.timedelta(days=30) + datetime.timedelta(hours=1),
    )
    assert list(Meeting.objects.filter(group=group).past()) == [old]
