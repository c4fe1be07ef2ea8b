"""The idea box's hooks into core's social layer: ideas take comments and can be followed."""

import rules

from partage.core.comments import register_commentable

from .models import Idea


def register() -> None:
    register_commentable(
        Idea,
        url=lambda idea: idea.get_absolute_url(),
        can_view=lambda user, idea: user.is_authenticated and user.has_perm("ideas.view_idea", idea),
        # rules.has_perm: superusers get no pass to comment on a hidden idea.
        can_comment=lambda user, idea: user.is_authenticated and rules.has_perm("ideas.comment_idea", user, idea),
    )
