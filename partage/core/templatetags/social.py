"""Template tags of the social layer: `{% notification_bell %}`, `{% follow_button obj %}`,
`{% comments_section obj %}` (load with `{% load social %}`)."""

from django import template
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from partage.core import cache
from partage.core import comments as comments_registry
from partage.core.follows import is_following
from partage.core.forms import CommentForm
from partage.core.models import Comment
from partage.core.notifications import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def notification_bell(context) -> SafeString:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return SafeString("")
    return render_to_string("core/partials/notification_bell.html", {"count": unread_count(user)}, request=request)


@register.simple_tag(takes_context=True)
def follow_button(context, obj) -> SafeString:
    request = context.get("request")
    user = getattr(request, "user", None)
    if obj is None or user is None or not user.is_authenticated:
        return SafeString("")
    return render_to_string(
        "core/partials/follow_button.html",
        {
            "target": obj,
            "content_type_id": ContentType.objects.get_for_model(obj).pk,
            "following": is_following(user, obj),
            "next": request.get_full_path(),
        },
        request=request,
    )


def _thread(obj) -> tuple[list[Comment], int]:
    """Top-level comments, each with `.thread_replies`, in one query, once per change of the comments
    (namespace "comments", partage/core/comments.py): the same rows for every reader."""
    content_type = ContentType.objects.get_for_model(obj)
    return cache.cached(
        f"core:thread:{content_type.pk}:{obj.pk}",
        namespaces=["comments"],
        compute=lambda: _read_thread(content_type, obj),
    )


def _read_thread(content_type, obj) -> tuple[list[Comment], int]:
    rows = list(
        Comment.objects.filter(content_type=content_type, object_id=obj.pk)
        .select_related("author", "hidden_by")
        .annotate(report_count=Count("reports"))
        .order_by("created_at", "pk")
    )
    top: list[Comment] = []
    by_id: dict[int, Comment] = {}
    for comment in rows:
        comment.thread_replies = []
        by_id[comment.pk] = comment
    for comment in rows:
        parent = by_id.get(comment.parent_id) if comment.parent_id else None
        if parent is not None:
            parent.thread_replies.append(comment)
        else:
            top.append(comment)
    visible_count = sum(1 for c in rows if c.deleted_at is None and c.hidden_at is None)
    return top, visible_count


@register.simple_tag(takes_context=True)
def comments_section(context, obj, heading_level: int = 2) -> SafeString:
    """The thread of comments on `obj` with the forms the user may use (obj must be registered)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    commentable = comments_registry.commentable_for(obj) if obj is not None else None
    if commentable is None or user is None or not commentable.can_view(user, obj):
        return SafeString("")
    top, count = _thread(obj)
    is_moderator = bool(user.is_authenticated and user.is_active and (user.is_moderator or user.is_superuser))
    can_report = bool(user.is_authenticated and user.is_active and (user.is_agent or user.is_superuser))
    for comment in top:
        for c in [comment, *comment.thread_replies]:
            live = c.deleted_at is None and c.hidden_at is None
            mine = c.author_id == user.pk
            c.can_edit = mine and live
            c.can_delete = mine and c.deleted_at is None
            c.can_hide = is_moderator and c.deleted_at is None
            c.can_report = can_report and live and not mine
    content_type_id = ContentType.objects.get_for_model(obj).pk
    return render_to_string(
        "core/partials/comments_section.html",
        {
            "target": obj,
            "comments": top,
            "count": count,
            "can_comment": commentable.can_comment(user, obj),
            "is_moderator": is_moderator,
            "form": CommentForm(),
            "content_type_id": content_type_id,
            "h": max(2, min(heading_level, 5)),
            "h_sub": max(3, min(heading_level + 1, 6)),
        },
        request=request,
    )
