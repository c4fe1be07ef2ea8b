"""The decisions module's hooks into core's social layer: threads take comments and can be followed."""

from partage.core.comments import register_commentable, register_followable

from .models import Poll, Thread


def can_view_thread(user, thread) -> bool:
    return user.is_authenticated and user.has_perm("decisions.view_thread", thread)


def can_comment_thread(user, thread) -> bool:
    return can_view_thread(user, thread) and not thread.is_closed


def can_view_poll(user, poll) -> bool:
    return user.is_authenticated and user.has_perm("decisions.view_poll", poll)


def register() -> None:
    register_commentable(
        Thread, url=lambda thread: thread.get_absolute_url(), can_view=can_view_thread, can_comment=can_comment_thread
    )
    register_followable(Poll, can_view=can_view_poll)
