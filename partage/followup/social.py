"""The follow-up module's hooks into core's social layer: groups and meetings take comments
and can be followed (registered in FollowupConfig.ready())."""

from partage.core.comments import register_commentable

from .models import Group, Meeting


def can_view(user, obj) -> bool:
    """Groups and meetings are visible to every agent and administrator."""
    return user.is_authenticated and user.has_perm("followup.view_groups")


def register() -> None:
    register_commentable(Group, url=lambda group: group.get_absolute_url(), can_view=can_view, can_comment=can_view)
    register_commentable(
        Meeting, url=lambda meeting: meeting.get_absolute_url(), can_view=can_view, can_comment=can_view
    )
