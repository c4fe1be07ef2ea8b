"""The search source the search app itself owns: comments, on whatever kinds of object are commentable
(see partage.core.hooks). Every other kind of content is registered by its own app's hook module."""

from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db.models import QuerySet, prefetch_related_objects
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from partage.core import hooks
from partage.core.comments import commentable_for, commentables
from partage.core.models import Comment

from .engine import Source, local_date


def _comments(user) -> QuerySet:
    # Hidden and deleted comments are never searched.
    return (
        Comment.objects.filter(deleted_at__isnull=True, hidden_at__isnull=True)
        .select_related("author")
        .order_by("-created_at", "-pk")
    )


def _visible_comments(user, comments: list) -> list:
    """Keep comments on objects this user may see (each registered model says who may)."""
    # The targets' URLs need their relations: each commentable kind says which (one query per kind).
    targets = [registration.target_queryset() for registration in commentables()]
    prefetch_related_objects(comments, GenericPrefetch("target", targets))
    visible = []
    for comment in comments:
        target = comment.target
        registration = commentable_for(target) if target is not None else None
        if registration is not None and registration.can_view(user, target):
            comment.search_url = f"{registration.url(target)}#commentaire-{comment.pk}"
            visible.append(comment)
    return visible


def _comment_title(comment) -> str:
    return gettext("Commentaire de %(author)s sur « %(target)s »") % {
        "author": comment.author or gettext("un ancien utilisateur"),
        "target": comment.target,
    }


# Every signed-in reader may have comments to find; each comment is then kept only where its target
# says the user may see it (post_filter).
@hooks.search_source(permission="search.use_search", order=90)
def comments_source() -> Source:
    return Source(
        kind="comments",
        label=_("Commentaires"),
        queryset=_comments,
        title_field=None,
        text_fields=["body"],
        url=lambda comment: comment.search_url,
        meta=lambda comment: local_date(comment.created_at),
        title=_comment_title,
        post_filter=_visible_comments,
    )
