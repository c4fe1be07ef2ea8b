"""Who may do what with comments (django-rules). Seeing the commented object is
checked separately, through the `can_view` its module registered."""

import rules

from .roles import is_administrator, is_agent, is_moderator


@rules.predicate
def is_comment_author(user, comment) -> bool:
    return comment is not None and user.is_authenticated and comment.author_id == user.pk


@rules.predicate
def is_live_comment(user, comment) -> bool:
    return comment is not None and comment.deleted_at is None and comment.hidden_at is None


@rules.predicate
def is_undeleted_comment(user, comment) -> bool:
    return comment is not None and comment.deleted_at is None


rules.add_perm("core.edit_comment", is_comment_author & is_live_comment)
rules.add_perm("core.delete_comment", is_comment_author & is_undeleted_comment)
rules.add_perm("core.hide_comment", is_moderator & is_undeleted_comment)
rules.add_perm("core.report_comment", (is_agent | is_administrator) & ~is_comment_author & is_live_comment)
rules.add_perm("core.moderate_comments", is_moderator)
# The comment box's @mention suggestions (core/mentions.py): those who may write comments.
rules.add_perm("core.suggest_mentions", is_agent | is_administrator)
