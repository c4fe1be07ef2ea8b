"""A commune's public works calendar (RFC 5545), public fields only."""

from collections.abc import Iterable

from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from partage.core.site import absolute_url, site_host
from partage.organisation.models import Commune

from .models import WorksNotice

PRODID = "-//Lorient Agglomération//Partage travaux//FR"


def commune_feed(commune: Commune, notices: Iterable[WorksNotice]) -> bytes:
    host = site_host()
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"Travaux — {commune.name}")
    page = absolute_url(reverse("communes:notices", kwargs={"slug": commune.slug}))
    now = timezone.now()
    for notice in notices:
        event = Event()
        event.add("uid", f"territory-notice-{notice.pk}@{host}")
        event.add("dtstamp", now)
        event.add("dtstart", notice.starts_at)
        event.add("dtend", notice.ends_at)
        event.add("summary", f"{notice.get_nature_display()} : {notice.title}")
        event.add("location", notice.place)
        event.add("description", f"{notice.public_message}\n\n{page}")
        event.add("status", "CANCELLED" if notice.status == WorksNotice.Status.CANCELLED else "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()
