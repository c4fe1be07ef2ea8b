"""The schedule of notices, frozen in time: told on day 15 before the start, once per change."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from partage.territory import writes
from partage.territory.models import NoticeDispatch, WorksNotice

from .factories import WorksNoticeFactory

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
START = datetime.datetime(2030, 3, 21, 8, 0, tzinfo=PARIS)
CREATED = START - datetime.timedelta(days=20)


@pytest.fixture
def notice(lanester, lanester_entry, service_agent):
    with time_machine.travel(CREATED, tick=False):
        notice = WorksNoticeFactory(
            title="Réfection de la rue de Verdun",
            starts_at=START,
            service=service_agent.service,
            created_by=service_agent,
            communes=[lanester],
        )
    return notice


def run_at(moment: datetime.datetime) -> int:
    with time_machine.travel(moment, tick=False):
        return writes.send_due_notices()


def test_notice_20_days_ahead_is_sent_on_day_15_before_start_once(notice):
    assert run_at(START - datetime.timedelta(days=16)) == 0
    assert run_at(START - datetime.timedelta(days=15, minutes=1)) == 0
    assert mail.outbox == []

    day_15 = START - datetime.timedelta(days=15) + datetime.timedelta(minutes=5)
    assert run_at(day_15) == 1
    assert run_at(day_15) == 0  # the worker runs twice: nothing more
    assert run_at(day_15 + datetime.timedelta(hours=1)) == 0

    assert [m.to for m in mail.outbox] == [["dst@lanester.test"]]
    assert "Réfection de la rue de Verdun" in mail.outbox[0].subject
    dispatch = NoticeDispatch.objects.get()
    assert (dispatch.kind, dispatch.revision) == ("initial", 1)
    assert dispatch.sent_at is not None


def _edit(client, notice, **changes):
    data = {
        "title": notice.title,
        "nature": notice.nature,
        "domain": notice.domain_id,
        "communes": [c.pk for c in notice.communes.all()],
        "place": notice.place,
        "starts_at": notice.starts_at.astimezone(PARIS).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": notice.ends_at.astimezone(PARIS).strftime("%Y-%m-%dT%H:%M"),
        "status": notice.status,
        "impact": notice.impact,
        "public_message": notice.public_message,
        **changes,
    }
    return client.post(reverse("territory:notice_edit", kwargs={"pk": notice.pk}), data)


def test_a_date_change_sends_one_update(client, notice, service_agent, django_capture_on_commit_callbacks):
    day_15 = START - datetime.timedelta(days=15) + datetime.timedelta(minutes=5)
    run_at(day_15)
    client.force_login(service_agent)
    later = START + datetime.timedelta(days=7)
    with time_machine.travel(day_15 + datetime.timedelta(days=2), tick=False):
        client.force_login(service_agent)  # sessions made in real time have expired by 2030
        with django_capture_on_commit_callbacks(execute=True):
            response = _edit(
                client,
                notice,
                starts_at=later.strftime("%Y-%m-%dT%H:%M"),
                ends_at=(later + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
            )
        assert response.status_code == 302
        writes.send_due_notices()
        writes.send_due_notices()
    notice.refresh_from_db()
    assert notice.revision == 2
    assert [d.kind for d in NoticeDispatch.objects.order_by("created_at")] == ["initial", "update"]
    assert len(mail.outbox) == 2
    assert "Avis modifié" in mail.outbox[1].subject


def test_a_title_change_sends_nothing_more(client, notice, service_agent, django_capture_on_commit_callbacks):
    run_at(START - datetime.timedelta(days=14))
    client.force_login(service_agent)
    with time_machine.travel(START - datetime.timedelta(days=13), tick=False):
        client.force_login(service_agent)
        with django_capture_on_commit_callbacks(execute=True):
            response = _edit(client, notice, title="Réfection de la rue de Verdun (tranche 1)")
            assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.revision == 1
    assert len(mail.outbox) == 1


def test_a_cancelled_notice_sends_a_cancellation(client, notice, service_agent, django_capture_on_commit_callbacks):
    run_at(START - datetime.timedelta(days=14))
    client.force_login(service_agent)
    with time_machine.travel(START - datetime.timedelta(days=10), tick=False):
        client.force_login(service_agent)
        with django_capture_on_commit_callbacks(execute=True):
            assert _edit(client, notice, status=WorksNotice.Status.CANCELLED).status_code == 302
        writes.send_due_notices()
    assert [d.kind for d in NoticeDispatch.objects.order_by("created_at")] == ["initial", "cancellation"]
    assert "Avis annulé" in mail.outbox[-1].subject
    assert len(mail.outbox) == 2


def test_cancelled_before_sending_tells_nobody(notice):
    notice.status = WorksNotice.Status.CANCELLED
    notice.revision += 1
    notice.save()
    assert run_at(START - datetime.timedelta(days=14)) == 0
    assert mail.outbox == []


def test_late_notice_is_flagged_and_sent_at_once(
    client, lanester, lanester_entry, service_agent, voirie, django_capture_on_commit_callbacks
):
    client.force_login(service_agent)
    with time_machine.travel(START - datetime.timedelta(days=3), tick=False):
        client.force_login(service_agent)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("territory:notice_create"),
                {
                    "title": "Fuite sur le réseau",
                    "nature": "water_cut",
                    "domain": voirie.pk,
                    "communes": [lanester.pk],
                    "place": "Quai",
                    "starts_at": "2030-03-21T08:00",
                    "ends_at": "2030-03-21T12:00",
                    "public_message": "Coupure d'eau de 8 h à 12 h.",
                },
            )
    assert response.status_code == 302
    notice = WorksNotice.objects.get()
    assert notice.is_late
    assert notice.service == service_agent.service
    assert [m.to for m in mail.outbox] == [["dst@lanester.test"]]


def test_reminder_goes_once_to_those_who_have_not_acknowledged(notice, hennebont, hennebont_entry):
    notice.communes.add(hennebont)
    run_at(START - datetime.timedelta(days=14))
    assert len(mail.outbox) == 2
    acknowledged = NoticeDispatch.objects.get(email="dst@hennebont.test")
    writes.acknowledge_dispatch(dispatch_id=acknowledged.pk, action="received")
    with time_machine.travel(START - datetime.timedelta(days=2), tick=False):
        assert writes.send_reminders() == 1
        assert writes.send_reminders() == 0
    assert mail.outbox[-1].to == ["dst@lanester.test"]
    assert "Rappel" in mail.outbox[-1].subject


def test_commune_contact_accounts_are_told_in_the_app_too(notice, lanester_account):
    from partage.core.models import Notification

    run_at(START - datetime.timedelta(days=14))
    assert sorted(m.to[0] for m in mail.outbox) == ["dst@lanester.test", "mairie-compte@lanester.test"]
    assert Notification.objects.filter(recipient=lanester_account, verb="notice_initial").count() == 1


def test_a_contact_who_wants_every_notification_at_once_gets_one_email_not_two(
    notice, lanester_account, django_capture_on_commit_callbacks
):
    from partage.core.models import Notification, NotificationPreference
    from partage.core.notifications import preference_for
    from partage.core.tasks import send_digests

    preference = preference_for(lanester_account)
    preference.email_frequency = NotificationPreference.Frequency.IMMEDIATE
    preference.save()

    with django_capture_on_commit_callbacks(execute=True):  # immediate notification emails go on commit
        run_at(START - datetime.timedelta(days=14))
    assert [m.to[0] for m in mail.outbox].count("mairie-compte@lanester.test") == 1
    assert Notification.objects.filter(recipient=lanester_account, verb="notice_initial").count() == 1

    preference.email_frequency = NotificationPreference.Frequency.DAILY
    preference.save()
    send_digests("daily")  # the in-app notification is not mailed again in a digest
    assert [m.to[0] for m in mail.outbox].count("mairie-compte@lanester.test") == 1
