"""List pages keep the same number of queries as data grows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partage.core import cache
from partage.territory import writes
from partage.testing.factories import CommuneFactory

from .factories import CorrespondenceFactory, InterlocutorFactory, WorksNoticeFactory


def _grow(n: int, voirie) -> None:
    for _ in range(n):
        communes = [CommuneFactory(), CommuneFactory()]
        for commune in communes:
            InterlocutorFactory(commune=commune, domain=voirie)
        notice = WorksNoticeFactory(communes=communes, starts_at=timezone.now() + datetime.timedelta(days=3))
        writes.send_notice_updates(notice)
        CorrespondenceFactory(communes=communes)


def _count(client, url: str) -> int:
    cache.forget_all()  # count the computing path: a render from the figures cache would hide an N+1
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


@pytest.mark.parametrize(
    "url",
    [
        reverse("territory:notices"),
        reverse("territory:correspondence_list"),
        reverse("territory:dashboard"),
        reverse("territory:directory"),
    ],
)
def test_internal_lists_constant_queries(client, agent, voirie, url):
    client.force_login(agent)
    _grow(2, voirie)
    small = _count(client, url)
    _grow(8, voirie)
    assert _count(client, url) == small


@pytest.mark.parametrize("name", ["notices", "rss", "ics", "widget"])
def test_public_pages_constant_queries(client, lanester, voirie, name):
    url = reverse(f"communes:{name}", kwargs={"slug": "lanester"})
    WorksNoticeFactory(communes=[lanester])
    small = _count(client, url)
    for _ in range(8):
        WorksNoticeFactory(communes=[lanester])
    assert _count(client, url) == small
