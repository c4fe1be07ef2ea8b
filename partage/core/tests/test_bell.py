"""The header's notification bell: count in the button's text, the short list loaded with htmx, mark as
read from it, and nobody else's notifications."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partage.core import cache
from partage.core.models import Notification
from partage.core.notifications import notify

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def tell(user, n: int, title: str = "Nouveau commentaire") -> None:
    for i in range(n):
        notify([user], verb="comment", title=f"{title} {i}", url="/")


def test_bell_is_a_button_with_the_unread_count_in_its_text(client, agent, programme):
    tell(agent, 3)
    client.force_login(agent)
    html = client.get(reverse("roadmap:dashboard")).content.decode()
    assert 'class="bell-button"' in html
    assert 'aria-expanded="false"' in html
    assert 'aria-controls="bell-panel"' in html
    assert "Notifications (3 non lues)" in html
    assert 'role="status"' in html
    assert reverse("core:notification_panel") in html


def test_bell_says_none_unread(client, agent, programme):
    client.force_login(agent)
    assert "Notifications (aucune non lue)" in client.get(reverse("roadmap:dashboard")).content.decode()


def test_panel_lists_the_newest_of_ones_own_notifications(client, agent, pilot):
    tell(agent, 10, "Pour Anne")
    tell(pilot, 2, "Pour Paul")
    client.force_login(agent)
    html = client.get(reverse("core:notification_panel"), **HTMX).content.decode()
    assert "Pour Anne 9" in html  # the newest first
    assert "Pour Anne 1" not in html  # eight shown, the page has the rest
    assert html.count('class="bell-item') == 8
    assert "Pour Paul" not in html
    assert reverse("core:notifications") in html
    assert "Tout marquer comme lu" in html


def test_mark_read_from_the_panel_updates_the_count_and_says_so(client, agent):
    tell(agent, 2)
    first = Notification.objects.filter(recipient=agent).order_by("pk").first()
    client.force_login(agent)
    response = client.post(reverse("core:mark_notification_read", args=[first.pk]), **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    first.refresh_from_db()
    assert first.read_at is not None
    assert 'id="bell-count" hx-swap-oob="innerHTML"' in html
    assert "Notifications (1 non lue)" in html
    assert "Notification marquée comme lue." in html


def test_mark_read_without_htmx_goes_back_to_the_notifications_page(client, agent):
    tell(agent, 1)
    notification = Notification.objects.get(recipient=agent)
    client.force_login(agent)
    response = client.post(reverse("core:mark_notification_read", args=[notification.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("core:notifications")


def test_someone_elses_notification_cannot_be_marked(client, agent, pilot):
    tell(pilot, 1)
    notification = Notification.objects.get(recipient=pilot)
    client.force_login(agent)
    assert client.post(reverse("core:mark_notification_read", args=[notification.pk]), **HTMX).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read_from_the_panel(client, agent, pilot):
    tell(agent, 3)
    tell(pilot, 1)
    client.force_login(agent)
    html = client.post(reverse("core:bell_mark_all_read"), **HTMX).content.decode()
    assert not Notification.objects.filter(recipient=agent, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=pilot, read_at__isnull=True).count() == 1
    assert "Notifications (aucune non lue)" in html
    assert "Toutes vos notifications sont marquées comme lues." in html


def test_signed_out_visitors_get_the_login_page(client):
    response = client.get(reverse("core:notification_panel"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_panel_runs_a_fixed_number_of_queries(client, agent, pilot):
    client.force_login(agent)

    def count() -> int:
        cache.forget_all()  # count the computing path: a value from the figures cache would hide an N+1
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("core:notification_panel"), **HTMX)
        return len(queries)

    for _ in range(3):
        notify([agent], verb="comment", title="x", url="/", actor=pilot)
    small = count()
    for _ in range(40):
        notify([agent], verb="comment", title="x", url="/", actor=pilot)
    assert count() == small


def _page_count(client) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("roadmap:dashboard")).content.decode()
    unread_queries = [q for q in queries if "core_notification" in q["sql"]]
    return html, len(unread_queries)


def test_bell_count_is_read_once_and_follows_every_change(client, agent, pilot, programme):
    tell(agent, 2)
    client.force_login(agent)
    html, counted = _page_count(client)
    assert "Notifications (2 non lues)" in html and counted == 1
    html, counted = _page_count(client)
    assert "Notifications (2 non lues)" in html and counted == 0  # the next pages do not count again
    tell(agent, 1)  # notify() writes with bulk_create
    assert "Notifications (3 non lues)" in _page_count(client)[0]
    tell(pilot, 4)  # someone else's bell
    assert "Notifications (3 non lues)" in _page_count(client)[0]
    first = Notification.objects.filter(recipient=agent).order_by("pk").first()
    client.post(reverse("core:open_notification", args=[first.pk]))
    assert "Notifications (2 non lues)" in _page_count(client)[0]
    Notification.objects.filter(recipient=agent).order_by("pk").last().delete()
    assert "Notifications (1 non lue)" in _page_count(client)[0]
    client.post(reverse("core:mark_all_read"))
    assert "Notifications (aucune non lue)" in _page_count(client)[0]
