"""Role × route rows of the follow-up pages added since core's table (collected by
partage/core/tests/test_roles.py; the first follow-up routes keep their rows there). The finer table,
with members, animators and secretaries of the group, is in test_permissions.py."""

from partage.testing.roles import ADMIN_ONLY

ROWS = {
    "followup:minutes_correct": ADMIN_ONLY,  # published minutes: the group's animator or secretary, administrators
}


def route_kwargs(*, action, pilot, agent) -> dict:
    from django.utils import timezone

    from partage.followup.models import Minutes

    from .factories import GroupFactory, MeetingFactory, MinutesFactory

    meeting = MeetingFactory(group=GroupFactory(slug="releves-publies", actions=[action]))
    MinutesFactory(meeting=meeting, status=Minutes.Status.PUBLISHED, published_at=timezone.now())
    return {"followup:minutes_correct": {"slug": meeting.group.slug, "pk": meeting.pk}}
