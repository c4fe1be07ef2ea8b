"""Who may start threads and polls, manage polls, and see group threads; the admin pages open."""

import pytest
from django.urls import reverse

from partage.decisions.models import Thread
from partage.testing.factories import UserFactory

from .factories import ThreadFactory, make_poll


def test_agent_cannot_start_a_thread_for_a_group_they_are_not_in(client, agent, group, members):
    client.force_login(agent)
    response = client.post(reverse("decisions:thread_create"), {"title": "Intrus", "group": group.pk})
    assert response.status_code == 400  # the group is not among the choices offered
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not Thread.objects.filter(title="Intrus").exists()


def test_member_starts_a_group_thread(client, group, members):
    client.force_login(members[2])
    response = client.post(reverse("decisions:thread_create"), {"title": "Horaires d'été", "group": group.pk})
    assert response.status_code == 302
    thread = Thread.objects.get(title="Horaires d'été")
    assert thread.group == group and thread.author == members[2]


def test_animator_of_the_group_adds_polls_other_members_do_not(client, group_thread, members):
    url = reverse("decisions:poll_create", args=[group_thread.pk])
    client.force_login(members[0])  # animator (and author)
    assert client.get(url).status_code == 200
    client.force_login(members[1])
    assert client.get(url).status_code == 403
    other = ThreadFactory(author=members[1], group=group_thread.group)
    client.force_login(members[0])
    assert client.get(reverse("decisions:poll_create", args=[other.pk])).status_code == 200  # animator


def test_only_author_and_admins_manage_a_poll(client, agent, administrator, thread):
    poll = make_poll(thread=thread, author=agent)
    other = UserFactory()
    for user, status in ((other, 403), (agent, 302), (administrator, 302)):
        client.force_login(user)
        assert client.post(reverse("decisions:close", args=[poll.pk])).status_code == status


def test_unknown_objects_are_404(client, agent):
    client.force_login(agent)
    assert client.get(reverse("decisions:thread", args=[999])).status_code == 404
    assert client.get(reverse("decisions:poll", args=[999])).status_code == 404
    assert client.get(reverse("decisions:poll_create", args=[999])).status_code == 404


def test_unknown_export_format_and_kind_are_404(client, agent, proposal, thread):
    client.force_login(agent)
    assert client.get(reverse("decisions:results_export", args=[proposal.pk, "pdf"])).status_code == 404
    assert client.get(reverse("decisions:poll_create", args=[thread.pk]) + "?type=loterie").status_code == 404


def test_closed_thread_takes_no_comment_and_can_be_reopened(client, agent, thread):
    client.force_login(agent)
    assert client.post(reverse("decisions:thread_close", args=[thread.pk])).status_code == 302
    thread.refresh_from_db()
    assert thread.is_closed
    page = client.get(reverse("decisions:thread", args=[thread.pk])).content.decode()
    assert "Rouvrir la discussion" in page
    client.post(reverse("decisions:thread_close", args=[thread.pk]))
    thread.refresh_from_db()
    assert not thread.is_closed


@pytest.mark.parametrize("model", ["thread", "poll", "outcome"])
def test_admin_pages_open(client, administrator, proposal, model):
    client.force_login(administrator)
    assert client.get(reverse(f"admin:decisions_{model}_changelist")).status_code == 200
    if model != "outcome":
        obj = proposal if model == "poll" else proposal.thread
        assert client.get(reverse(f"admin:decisions_{model}_change", args=[obj.pk])).status_code == 200
