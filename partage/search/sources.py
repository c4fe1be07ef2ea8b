"""What the search page looks in, and who sees what (each kind reuses its app's permissions)."""

import re

from django.apps import apps
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db.models import Q, QuerySet, prefetch_related_objects
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from partage.news.models import Post
from partage.roadmap.models import Action

from .engine import Source


def _actions(user) -> QuerySet | None:
    if not user.has_perm("roadmap.view_roadmap"):
        return None
    return Action.objects.select_related("programme")


def _action_number(query: str) -> Q:
    """ "2.4.1" finds that sheet; "2.4" every sheet of objective 2.4."""
    number = query.strip().rstrip(".")
    if not re.fullmatch(r"\d+(\.\d+){0,2}", number):
        return Q(pk__in=[])
    return Q(number=number) | Q(number__startswith=f"{number}.")


def _posts(user) -> QuerySet | None:
    if not user.has_perm("news.view_posts"):
        return None
    return Post.objects.visible_to(user)


def _date(value) -> str:
    return date_format(timezone.localtime(value), "j F Y") if value else ""


def _post_meta(post: Post) -> str:
    return _date(post.published_at) if post.published_at else gettext("Brouillon")


def _comment_model():
    try:
        return apps.get_model("core", "Comment")
    except LookupError:
        return None


def _comments(user) -> QuerySet | None:
    model = _comment_model()
    if model is None or not user.has_perm("roadmap.view_roadmap"):
        return None
    # Hidden and deleted comments are never searched.
    return (
        model.objects.filter(deleted_at__isnull=True, hidden_at__isnull=True)
        .select_related("author")
        .order_by("-created_at", "-pk")
    )


def _visible_comments(user, comments: list) -> list:
    """Keep comments on objects this user may see (each registered model says who may)."""
    from partage.core.comments import commentable_for

    # The targets' URLs need these relations: fetch them with the targets, one query per kind.
    targets: list[QuerySet] = [Action.objects.select_related("programme"), Post.objects.all()]
    if _followup_installed():
        from partage.followup.models import Meeting

        targets.append(Meeting.objects.select_related("group"))
    prefetch_related_objects(comments, GenericPrefetch("target", targets))
    visible = []
    for comment in comments:
        target = comment.target
        registration = commentable_for(target) if target is not None else None
        if registration is not None and registration.can_view(user, target):
            comment.search_url = f"{registration.url(target)}#commentaire-{comment.pk}"
            visible.append(comment)
    return visible


def _followup_installed() -> bool:
    return apps.is_installed("partage.followup")


def _meetings(user) -> QuerySet | None:
    from partage.followup.models import Meeting

    if not user.has_perm("followup.view_groups"):
        return None
    return Meeting.objects.select_related("group")


def _minutes_visibility(user, prefix: str = "") -> Q | None:
    """Published minutes for every agent; drafts for the group's members and administrators."""
    from partage.followup.rules import group_roles

    if not user.has_perm("followup.view_groups"):
        return None
    if user.is_superuser:
        return Q()
    return Q(**{f"{prefix}status": "published"}) | Q(**{f"{prefix}meeting__group_id__in": list(group_roles(user))})


def _minutes(user) -> QuerySet | None:
    from partage.followup.models import Minutes

    visible = _minutes_visibility(user)
    if visible is None:
        return None
    return Minutes.objects.filter(visible).select_related("meeting__group")


def _decisions(user) -> QuerySet | None:
    from partage.followup.models import Decision

    visible = _minutes_visibility(user, prefix="minutes__")
    if visible is None:
        return None
    return Decision.objects.filter(visible).select_related("minutes__meeting__group")


def _comment_title(comment) -> str:
    return gettext("Commentaire de %(author)s sur « %(target)s »") % {
        "author": comment.author or gettext("un ancien utilisateur"),
        "target": comment.target,
    }


def sources() -> list[Source]:
    found = [
        Source(
            kind="actions",
            label=_("Fiches-actions"),
            queryset=_actions,
            title_field="title",
            text_fields=["description", "expected_results"],
            url=lambda action: action.get_absolute_url(),
            meta=lambda action: gettext("Fiche %(number)s") % {"number": action.number},
            exact=_action_number,
        ),
        Source(
            kind="posts",
            label=_("Actualités"),
            queryset=_posts,
            title_field="title",
            text_fields=["summary", "body"],
            url=lambda post: post.get_absolute_url(),
            meta=_post_meta,
        ),
    ]
    if _followup_installed():
        found += [
            Source(
                kind="meetings",
                label=_("Réunions"),
                queryset=_meetings,
                title_field="title",
                text_fields=["place", "group__name"],
                url=lambda meeting: meeting.get_absolute_url(),
                meta=lambda meeting: _date(meeting.starts_at),
            ),
            Source(
                kind="minutes",
                label=_("Relevés de décisions"),
                queryset=_minutes,
                title_field="meeting__title",
                text_fields=["summary"],
                url=lambda minutes: minutes.get_absolute_url(),
                meta=lambda minutes: f"{minutes.meeting.group.name} — {_date(minutes.meeting.starts_at)}",
            ),
            Source(
                kind="decisions",
                label=_("Décisions"),
                queryset=_decisions,
                title_field=None,
                text_fields=["text"],
                url=lambda decision: decision.minutes.get_absolute_url(),
                meta=lambda decision: _date(decision.minutes.meeting.starts_at),
                title=lambda decision: (
                    gettext("Décision de la réunion « %(meeting)s »") % {"meeting": decision.minutes.meeting.title}
                ),
            ),
        ]
    if _comment_model() is not None:
        found.append(
            Source(
                kind="comments",
                label=_("Commentaires"),
                queryset=_comments,
                title_field=None,
                text_fields=["body"],
                url=lambda comment: comment.search_url,
                meta=lambda comment: _date(comment.created_at),
                title=_comment_title,
                post_filter=_visible_comments,
            )
        )
    return found
