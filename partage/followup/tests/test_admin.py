"""The French admin of the follow-up models: changelists, add and change pages answer for administrators."""

import pytest
from django.urls import reverse

from partage.followup.models import ActionReview, Group, Meeting, Minutes

from .factories import ActionReviewFactory


@pytest.mark.django_db
@pytest.mark.parametrize("model", ["group", "meeting", "minutes"])
def test_admin_pages(client, administrator, animator, draft_minutes, action, model):
    ActionReviewFactory(minutes=draft_minutes, action=action)
    client.force_login(administrator)
    objects = {"group": draft_minutes.meeting.group, "meeting": draft_minutes.meeting, "minutes": draft_minutes}
    for url in (
        reverse(f"admin:followup_{model}_changelist"),
        reverse(f"admin:followup_{model}_add"),
        reverse(f"admin:followup_{model}_change", args=[objects[model].pk]),
    ):
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_members_added_in_the_admin_follow_their_group(client, administrator, agent):
    from partage.core.follows import is_following

    client.force_login(administrator)
    response = client.post(
        reverse("admin:followup_group_add"),
        {
            "name": "Réseau des secrétaires de mairie",
            "slug": "reseau-secretaires",
            "kind": "network",
            "description": "",
            "minutes_deadline_days": "8",
            "calendar_token": "un-jeton-secret-assez-long",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-0-user": str(agent.pk),
            "memberships-0-role": "animator",
        },
    )
    assert response.status_code == 302
    group = Group.objects.get(slug="reseau-secretaires")
    assert is_following(agent, group)
    assert Meeting.objects.count() == 0 and Minutes.objects.count() == 0 and ActionReview.objects.count() == 0
