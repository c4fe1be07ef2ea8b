"""The idea box's hooks into core's social layer: ideas take comments and can be followed."""

from partage.core.comments import register_commentable

from .models import Idea


def register() -> None:
    register_commentable(
        Idea,
        url=lambda idea: idea.get_absolute_url(),
        can_view=lambda user, idea: user.is_authenticated and user.has_perm("ideas.view_idea", idea),
        can_comment=lambda user, idea: user.is_authenticated and user.has_perm("ideas.comment_idea", idea),
    )
