"""Permissions checked once per request (partage/accounts/permissions.py), and still exact."""

import pytest
from django.urls import reverse
from django.utils import timezone

from partage.accounts import permissions
from partage.core.models import Comment


@pytest.mark.django_db
def test_a_page_asks_the_backends_once_per_permission(client, agent, programme, monkeypatch):
    asked = []
    real = permissions.backends_have_perm

    def counting(user, perm, obj=None):
        asked.append((perm, obj))
        return real(user, perm, obj)

    monkeypatch.setattr(permissions, "backends_have_perm", counting)
    client.force_login(agent)
    assert client.get(reverse("roadmap:dashboard")).status_code == 200
    without_object = [perm for perm, obj in asked if obj is None]
    assert "roadmap.view_roadmap" in without_object  # the view, the navigation and the sections all ask for it
    assert len(without_object) == len(set(without_object))


@pytest.mark.django_db
def test_a_role_given_shows_on_the_next_page(client, agent, programme):
    client.force_login(agent)
    url = reverse("roadmap:dashboard")
    assert ">Administration<" not in client.get(url).content.decode()
    agent.is_staff = True
    agent.save()
    assert ">Administration<" in client.get(url).content.decode()
    agent.is_staff = False
    agent.save()
    assert ">Administration<" not in client.get(url).content.decode()


@pytest.mark.django_db
def test_object_permissions_follow_the_object_within_a_request(agent, action):
    user = permissions.remember_for_request(type(agent).objects.get(pk=agent.pk))
    comment = Comment.objects.create(target=action, author=user, body="Une remarque")
    assert user.has_perm("core.edit_comment", comment)
    comment.deleted_at = timezone.now()
    assert not user.has_perm("core.edit_comment", comment)


@pytest.mark.django_db
def test_the_request_user_saved_is_asked_again(agent):
    user = permissions.remember_for_request(type(agent).objects.get(pk=agent.pk))
    assert not user.has_perm("accounts.open_admin")
    user.is_staff = True
    user.save()
    assert user.has_perm("accounts.open_admin")


@pytest.mark.django_db
def test_a_group_permission_given_shows_on_the_next_page(client, agent, programme):
    from django.contrib.auth.models import Group, Permission

    client.force_login(agent)
    url = reverse("roadmap:dashboard")
    assert "Sessions en direct" not in client.get(url).content.decode()
    hosts = Group.objects.create(name="Animateurs")
    hosts.permissions.add(Permission.objects.get(codename="host_session"))
    agent.groups.add(hosts)
    assert "Sessions en direct" in client.get(url).content.decode()
    hosts.permissions.clear()
    assert "Sessions en direct" not in client.get(url).content.decode()


@pytest.mark.django_db
def test_a_sign_in_leaves_the_cached_figures_alone(agent):
    from partage.core import cache

    before = cache.versions(["roadmap", "ideas"])
    agent.save(update_fields=["last_login"])
    assert cache.versions(["roadmap", "ideas"]) == before
    agent.save()
    assert cache.versions(["roadmap", "ideas"]) != before
