"""iCalendar (RFC 5545) for meetings, written with the `icalendar` library:
one meeting's invitation, and a group's calendar feed (all its meetings)."""

from collections.abc import Iterable

from django.utils import timezone
from icalendar import Calendar, Event, vUri

from partage.core.site import absolute_url, site_host

from .models import Group, Meeting

PRODID = "-//Lorient Agglomération//Partage//FR"


def meeting_uid(meeting: Meeting) -> str:
    return f"followup-meeting-{meeting.pk}@{site_host()}"


def meeting_event(meeting: Meeting, group: Group) -> Event:
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("sequence", meeting.sequence)
    event.add("summary", f"{group.name} — {meeting.title}")
    url = absolute_url(meeting.get_absolute_url())
    description = [url]
    if meeting.video_link:
        description.insert(0, meeting.video_link)
    event.add("description", "\n".join(description))
    event.add("url", vUri(url))
    location = meeting.place or meeting.video_link
    if location:
        event.add("location", location)
    return event


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def meeting_invitation(meeting: Meeting, group: Group) -> bytes:
    calendar = _calendar(group.name)
    calendar.add("method", "PUBLISH")
    calendar.add_component(meeting_event(meeting, group))
    return calendar.to_ical()


def group_feed(group: Group, meetings: Iterable[Meeting]) -> bytes:
    calendar = _calendar(group.name)
    for meeting in meetings:
        meeting.group = group
        calendar.add_component(meeting_event(meeting, group))
    return calendar.to_ical()
