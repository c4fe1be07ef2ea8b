"""Dashboard figures: notices sent, share on time, share acknowledged, median delay."""

import datetime
import zoneinfo

import time_machine
from django.urls import reverse

from partage.territory import writes
from partage.territory.models import NoticeDispatch

from .factories import WorksNoticeFactory

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def test_figures_per_commune_and_overall(client, agent, lanester, hennebont, lanester_entry, hennebont_entry):
    start = datetime.datetime(2030, 6, 1, 8, 0, tzinfo=PARIS)
    with time_machine.travel(start - datetime.timedelta(days=30), tick=False):
        on_time = WorksNoticeFactory(starts_at=start, communes=[lanester, hennebont])
    with time_machine.travel(start - datetime.timedelta(days=15), tick=False):
        writes.send_due_notices()
    with time_machine.travel(start - datetime.timedelta(days=4), tick=False):
        late = WorksNoticeFactory(starts_at=start, communes=[lanester])
        writes.send_notice_updates(late)
    dispatch = NoticeDispatch.objects.get(notice=on_time, email="dst@lanester.test")
    writes.acknowledge_dispatch(dispatch_id=dispatch.pk, action="received")

    client.force_login(agent)
    response = client.get(reverse("territory:dashboard"))
    assert response.status_code == 200
    lanester_row, overall = response.context["communes"][1], response.context["overall"]
    assert lanester_row.label == "Lanester"
    assert (lanester_row.sent, lanester_row.on_time_share, lanester_row.acknowledged_share) == (2, 50, 50)
    assert lanester_row.median_delay == 9.5
    assert (overall.sent, overall.on_time, overall.acknowledged) == (3, 2, 1)
    assert overall.median_delay == 15
    assert "Les communes sont-elles prévenues à temps ?" in response.content.decode()
