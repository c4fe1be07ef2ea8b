"""notify(): in-app notifications, immediate emails, preferences and their pages."""

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partage.core.models import Notification, NotificationPreference
from partage.core.notifications import notify, preference_for
from partage.testing.factories import UserFactory


def _immediate(user) -> None:
    preference = preference_for(user)
    preference.email_frequency = NotificationPreference.Frequency.IMMEDIATE
    preference.save()


@pytest.mark.django_db(transaction=True)
def test_notify_dedupes_and_excludes_actor_and_inactive():
    actor, a, b = UserFactory.create_batch(3)
    inactive = UserFactory(is_active=False)
    created = notify([a, a, b, actor, inactive, b.pk], verb="test", title="Bonjour", url="/", actor=actor)
    assert len(created) == 2
    assert sorted(Notification.objects.values_list("recipient_id", flat=True)) == sorted([a.pk, b.pk])


@pytest.mark.django_db(transaction=True)
def test_notify_can_include_actor():
    actor = UserFactory()
    notify([actor], verb="test", title="Pour moi", url="/", actor=actor, exclude_actor=False)
    assert Notification.objects.filter(recipient=actor).count() == 1


@pytest.mark.django_db(transaction=True)
def test_immediate_preference_sends_email_in_french_with_one_click_link():
    user = UserFactory(email="immediat@lorient-agglo.test")
    _immediate(user)
    notify([user], verb="minutes_published", title="Le relevé de décisions est publié", url="/groupes/1/")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["immediat@lorient-agglo.test"]
    assert "Le relevé de décisions est publié" in message.subject
    token = NotificationPreference.objects.get(user=user).token
    assert f"/notifications/preferences/{token}/" in message.body
    assert f"/notifications/preferences/{token}/" in message.extra_headers["List-Unsubscribe"]
    html = message.alternatives[0][0]
    assert f"/notifications/preferences/{token}/" in html
    assert Notification.objects.get(recipient=user).emailed_at is not None


@pytest.mark.django_db(transaction=True)
def test_daily_preference_sends_no_immediate_email():
    user = UserFactory()
    preference_for(user)  # default: daily
    notify([user], verb="comment", title="Un commentaire", url="/")
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=user, emailed_at__isnull=True).count() == 1


@pytest.mark.django_db
def test_email_waits_for_the_transaction_to_commit(django_capture_on_commit_callbacks):
    user = UserFactory()
    _immediate(user)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify([user], verb="test", title="Plus tard", url="/")
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1


def test_one_click_link_works_without_login(db):
    user = UserFactory()
    token = preference_for(user).token
    client = Client()
    url = reverse("core:preferences_token", kwargs={"token": token})
    response = client.get(url)
    assert response.status_code == 200
    assert "Courriels de notification" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    response = client.post(url, {"email_frequency": "never"})
    assert response.status_code == 200
    assert NotificationPreference.objects.get(user=user).email_frequency == "never"


def test_mail_client_one_click_unsubscribe(db):
    user = UserFactory()
    token = preference_for(user).token
    client = Client(enforce_csrf_checks=True)
    url = reverse("core:preferences_token", kwargs={"token": token})
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 204
    assert NotificationPreference.objects.get(user=user).email_frequency == "never"


def test_tampered_token_is_not_found(db):
    user = UserFactory()
    token = preference_for(user).token
    response = Client().get(reverse("core:preferences_token", kwargs={"token": token[:-2] + "xx"}))
    assert response.status_code == 404


def test_preferences_page_needs_login_and_saves(client, agent):
    response = client.get(reverse("core:preferences"))
    assert response.status_code == 302
    client.force_login(agent)
    response = client.post(reverse("core:preferences"), {"email_frequency": "weekly"}, follow=True)
    assert "Votre préférence est enregistrée." in response.content.decode()
    assert preference_for(agent).email_frequency == "weekly"


def test_bad_preference_value_shows_french_error(client, agent):
    client.force_login(agent)
    response = client.post(reverse("core:preferences"), {"email_frequency": "toujours"})
    assert response.status_code == 400  # an invalid form answers 400 with its errors, everywhere
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert preference_for(agent).email_frequency == "daily"


def _make_notifications(user, count: int) -> None:
    actor = UserFactory()
    Notification.objects.bulk_create(
        [
            Notification(recipient=user, actor=actor, verb="test", title=f"Notification {i}", url="/")
            for i in range(count)
        ]
    )


def _list_queries(client, user, count: int) -> int:
    Notification.objects.filter(recipient=user).delete()
    _make_notifications(user, count)
    client.get(reverse("core:notifications"))  # warm the session and content types
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("core:notifications"))
    assert response.status_code == 200
    assert "Notification" in response.content.decode()
    return len(ctx.captured_queries)


def test_notification_list_queries_are_constant(client, agent):
    client.force_login(agent)
    assert _list_queries(client, agent, 3) == _list_queries(client, agent, 45)


def test_notification_list_is_paginated(client, agent):
    _make_notifications(agent, 25)
    client.force_login(agent)
    html = client.get(reverse("core:notifications")).content.decode()
    assert "Page 1 sur 2" in html
    assert client.get(reverse("core:notifications") + "?page=2").status_code == 200


def test_notification_list_highlights_unread_and_mark_all_read(client, agent):
    _make_notifications(agent, 2)
    client.force_login(agent)
    page = client.get(reverse("core:notifications")).content.decode()
    assert "Non lue" in page
    assert "Tout marquer comme lu" in page
    client.post(reverse("core:mark_all_read"))
    assert Notification.objects.filter(recipient=agent, read_at__isnull=True).count() == 0
    assert "Non lue" not in client.get(reverse("core:notifications")).content.decode()


def test_opening_a_notification_marks_it_read_and_redirects(client, agent):
    notification = Notification.objects.create(recipient=agent, verb="test", title="Voir", url="/feuille-de-route/")
    client.force_login(agent)
    response = client.post(reverse("core:open_notification", args=[notification.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/feuille-de-route/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_someone_elses_notification_is_not_found(client, agent, moderator):
    notification = Notification.objects.create(recipient=moderator, verb="test", title="Privé", url="/")
    client.force_login(agent)
    assert client.post(reverse("core:open_notification", args=[notification.pk])).status_code == 404


def test_bell_shows_unread_count(client, agent):
    _make_notifications(agent, 3)
    from django.template import Context, Template
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = agent
    html = Template("{% load social %}{% notification_bell %}").render(Context({"request": request}))
    assert "3 non lues" in html
