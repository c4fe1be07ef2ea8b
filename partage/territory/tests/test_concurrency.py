"""Two workers sending the same due notice at the same time send each email once."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from partage.territory import writes
from partage.territory.models import NoticeDispatch

from .factories import WorksNoticeFactory


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_once(lanester, hennebont, lanester_entry, hennebont_entry):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip("threads do not share SQLite's in-memory test database")
    WorksNoticeFactory(communes=[lanester, hennebont], starts_at=timezone.now() + datetime.timedelta(days=3))
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def worker():
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            writes.send_due_notices()
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert NoticeDispatch.objects.count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["dst@hennebont.test", "dst@lanester.test"]


def test_other_service_agent_cannot_change_a_notice(client, agent, lanester):
    from django.urls import reverse

    notice = WorksNoticeFactory(communes=[lanester], title="Avis d'un autre service")
    client.force_login(agent)
    response = client.post(reverse("territory:notice_edit", kwargs={"pk": notice.pk}), {"title": "Forgé"})
    assert response.status_code == 403
    notice.refresh_from_db()
    assert (notice.title, notice.revision) == ("Avis d'un autre service", 1)


def test_commune_contact_cannot_create_a_notice(client, commune_contact, lanester, voirie):
    from django.urls import reverse

    from partage.territory.models import WorksNotice

    client.force_login(commune_contact)
    response = client.post(
        reverse("territory:notice_create"),
        {"title": "Forgé", "nature": "works", "domain": voirie.pk, "communes": [lanester.pk]},
    )
    assert response.status_code == 403
    assert not WorksNotice.objects.exists()
