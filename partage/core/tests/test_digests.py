"""Daily and weekly digests, and milestone reminders."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partage.core.models import Notification, NotificationPreference
from partage.core.tasks import local_crontab, send_digests
from partage.roadmap.models import MilestoneReminder
from partage.roadmap.tasks import send_reminders
from partage.testing.factories import MilestoneFactory, UserFactory


def _user(frequency: str | None):
    user = UserFactory()
    if frequency:
        NotificationPreference.objects.create(user=user, email_frequency=frequency)
    return user


def _notify(user, count: int = 2) -> None:
    Notification.objects.bulk_create(
        [Notification(recipient=user, verb="test", title=f"Nouvelle n°{i}", url="/") for i in range(count)]
    )


def test_daily_digest_one_email_per_daily_user_only(db):
    daily, default, weekly, immediate, never = (
        _user("daily"),
        _user(None),
        _user("weekly"),
        _user("immediate"),
        _user("never"),
    )
    for user in (daily, default, weekly, immediate, never):
        _notify(user, 3)
    read = Notification.objects.filter(recipient=daily).first()
    read.read_at = read.created_at
    read.save()

    assert send_digests("daily") == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([daily.email, default.email])
    message = next(m for m in mail.outbox if m.to == [daily.email])
    assert "2 notification(s)" in message.subject
    assert "Nouvelle n°" in message.body
    token = NotificationPreference.objects.get(user=daily).token
    assert f"/notifications/preferences/{token}/" in message.body
    assert "<ul>" in message.alternatives[0][0]
    assert (
        Notification.objects.filter(recipient__in=[daily, default], emailed_at__isnull=True).count() == 1
    )  # the read one

    mail.outbox = []
    assert send_digests("daily") == 0  # nothing twice
    assert send_digests("weekly") == 1
    assert mail.outbox[0].to == [weekly.email]


def test_digest_with_50_agents_and_500_notifications_is_bounded(db):
    users = [_user("daily" if i % 5 else "never") for i in range(50)]
    Notification.objects.bulk_create(
        [Notification(recipient=users[i % 50], verb="test", title=f"N{i}", url="/") for i in range(500)]
    )
    with CaptureQueriesContext(connection) as ctx:
        sent = send_digests("daily")
    assert sent == 40
    assert len(mail.outbox) == 40
    assert len({m.to[0] for m in mail.outbox}) == 40
    assert len(ctx.captured_queries) <= 8


def test_bench_runs_and_leaves_no_data(db):
    from partage.core import bench_digest

    seconds = bench_digest.run(agents=30, notifications=200)
    assert seconds > 0
    assert not Notification.objects.exists()


def test_local_crontab_is_paris_time():
    at_seven_paris = local_crontab(hour="7", minute="0")
    assert at_seven_paris(datetime.datetime(2026, 1, 5, 6, 0))  # 7:00 in Paris in winter (UTC+1)
    assert at_seven_paris(datetime.datetime(2026, 7, 6, 5, 0))  # 7:00 in Paris in summer (UTC+2)
    assert not at_seven_paris(datetime.datetime(2026, 1, 5, 7, 0))


@pytest.mark.django_db(transaction=True)
def test_upcoming_milestone_reminds_pilots_once(action, pilot):
    other_pilot = UserFactory()
    action.pilots.add(other_pilot)
    with time_machine.travel(datetime.datetime(2026, 3, 2, 7, 0, tzinfo=datetime.UTC), tick=False):
        milestone = MilestoneFactory(action=action, title="Charte signée", due_date=datetime.date(2026, 3, 9))
        MilestoneFactory(action=action, title="Lointain", due_date=datetime.date(2026, 6, 1))
        MilestoneFactory(
            action=action, title="Fait", due_date=datetime.date(2026, 3, 5), done_date=datetime.date(2026, 3, 1)
        )
        assert send_reminders() == 1
        assert send_reminders() == 0
    notifications = Notification.objects.filter(verb="milestone_upcoming")
    assert sorted(n.recipient_id for n in notifications) == sorted([pilot.pk, other_pilot.pk])
    assert "Charte signée" in notifications[0].title
    assert "09/03/2026" in notifications[0].title
    assert MilestoneReminder.objects.get().milestone == milestone


@pytest.mark.django_db(transaction=True)
def test_late_milestone_reminds_once(action, pilot):
    MilestoneFactory(action=action, title="En retard", due_date=datetime.date(2026, 3, 1))
    MilestoneFactory(action=action, title="Très ancien", due_date=datetime.date(2019, 3, 1))
    with time_machine.travel(datetime.datetime(2026, 3, 2, 7, 0, tzinfo=datetime.UTC), tick=False):
        assert send_reminders() == 1
    with time_machine.travel(datetime.datetime(2026, 3, 3, 7, 0, tzinfo=datetime.UTC), tick=False):
        assert send_reminders() == 0
    notification = Notification.objects.get(recipient=pilot)
    assert notification.verb == "milestone_late"
    assert "est en retard" in notification.title
    assert notification.url == action.get_absolute_url()


@pytest.mark.django_db(transaction=True)
def test_reminder_emails_immediately_when_preferred(action, pilot):
    NotificationPreference.objects.create(user=pilot, email_frequency="immediate")
    with time_machine.travel(datetime.datetime(2026, 3, 2, 7, 0, tzinfo=datetime.UTC), tick=False):
        MilestoneFactory(action=action, due_date=datetime.date(2026, 3, 4))
        from partage.roadmap.tasks import remind_milestones

        remind_milestones.call_local()
    assert len(mail.outbox) == 1
    assert "arrive à échéance" in mail.outbox[0].subject


def test_weekly_digest_runs_on_monday_at_seven_paris_time():
    weekly = local_crontab(day_of_week="1", hour="7", minute="0")
    assert weekly(datetime.datetime(2026, 1, 5, 6, 0))  # Monday 5 January 2026, 7:00 in Paris
    assert not weekly(datetime.datetime(2026, 1, 6, 6, 0))  # Tuesday
