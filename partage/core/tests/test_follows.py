"""Following objects: the functions, the toggle button (with and without htmx), pilots following by default."""

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from partage.core.follows import follow, followers, is_following, unfollow
from partage.core.models import Follow
from partage.testing.factories import ActionFactory, UserFactory


def toggle_url(action) -> str:
    return reverse("core:toggle_follow", args=[ContentType.objects.get_for_model(action).pk, action.pk])


def test_follow_unfollow_and_followers(agent, action):
    assert not is_following(agent, action)
    follow(agent, action)
    follow(agent, action)  # idempotent
    assert is_following(agent, action)
    assert Follow.objects.filter(user=agent).count() == 1
    inactive = UserFactory(is_active=False)
    follow(inactive, action)
    assert agent in followers(action)
    assert inactive not in followers(action)
    unfollow(agent, action)
    assert not is_following(agent, action)


def test_pilots_follow_their_action_by_default(pilot, action):
    assert is_following(pilot, action)
    other = ActionFactory(objective=action.objective)
    pilot.piloted_actions.add(other)
    assert is_following(pilot, other)


def test_follow_button_toggles_without_javascript(client, agent, action):
    client.force_login(agent)
    html = client.get(action.get_absolute_url()).content.decode()
    assert 'aria-pressed="false"' in html
    assert ">Suivre<" in html
    response = client.post(toggle_url(action), {"next": action.get_absolute_url()})
    assert response.status_code == 302
    assert response["Location"] == action.get_absolute_url()
    assert is_following(agent, action)
    html = client.get(action.get_absolute_url()).content.decode()
    assert "Ne plus suivre" in html
    assert 'aria-pressed="true"' in html
    client.post(toggle_url(action))
    assert not is_following(agent, action)


def test_follow_button_with_htmx_returns_the_new_button(client, agent, action):
    client.force_login(agent)
    response = client.post(toggle_url(action), headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ne plus suivre" in html
    assert 'aria-pressed="true"' in html


def test_follow_rejects_get_unknown_objects_and_external_next(client, agent, action):
    client.force_login(agent)
    assert client.get(toggle_url(action)).status_code == 405
    missing = reverse("core:toggle_follow", args=[ContentType.objects.get_for_model(action).pk, 424242])
    assert client.post(missing).status_code == 404
    response = client.post(toggle_url(action), {"next": "https://evil.example/"})
    assert response["Location"] == action.get_absolute_url()


def test_anonymous_is_sent_to_login(client, action):
    response = client.post(toggle_url(action))
    assert response.status_code == 302
    assert "/compte/" in response["Location"]
    assert not Follow.objects.exists()
