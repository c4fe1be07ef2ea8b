"""Views of the social layer: comments, follow toggle, notifications and email preferences."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Max, Model, Prefetch, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partage.core.http import form_status, posted

from . import comments, follows, hooks, identity, notifications
from .forms import CommentForm, HideCommentForm, PreferenceForm, ReportCommentForm
from .models import Comment, CommentReport, Notification, NotificationPreference, SiteIdentity, SitePage
from .notifications import preference_for
from .redirects import same_site_url

# --- helpers -----------------------------------------------------------------------------------


def _safe_next(request: HttpRequest, fallback: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or request.headers.get("Referer", "")
    return same_site_url(request, candidate, path_only=False) or fallback


def _visible_target(request: HttpRequest, content_type_id: int, object_id: int) -> tuple[Model, comments.Commentable]:
    target = comments.get_registered_object(content_type_id, object_id)
    commentable = comments.commentable_for(target)
    if not commentable.can_view(request.user, target):
        raise PermissionDenied
    return target, commentable


def _comment_for(request: HttpRequest, pk: int) -> tuple[Comment, Model, comments.Commentable]:
    """The comment, its object and registration, or 404 / 403 if its object is hidden from the user."""
    comment = get_object_or_404(Comment.objects.select_related("author", "content_type"), pk=pk)
    model = comment.content_type.model_class()
    commentable = comments.commentable_for(model) if model else None
    if commentable is None:
        raise Http404
    target = model._default_manager.filter(pk=comment.object_id).first()
    if target is None:
        raise Http404
    if not commentable.can_view(request.user, target):
        raise PermissionDenied
    return comment, target, commentable


def _posted_next(request: HttpRequest) -> str | None:
    """A same-site `next` sent with the form (the moderation queue sends one), else None."""
    return same_site_url(request, request.POST.get("next"))


def _anchor(commentable: comments.Commentable, target: Model, comment: Comment) -> str:
    return f"{commentable.url(target)}#commentaire-{comment.pk}"


# --- comments ----------------------------------------------------------------------------------


@require_POST
def post_comment(request: HttpRequest, content_type_id: int, object_id: int) -> HttpResponse:
    target, commentable = _visible_target(request, content_type_id, object_id)
    if not commentable.can_comment(request.user, target):
        raise PermissionDenied
    form = CommentForm(request.POST)
    parent = None
    if form.is_valid() and form.cleaned_data.get("parent"):
        parent = Comment.objects.filter(
            pk=form.cleaned_data["parent"], content_type_id=content_type_id, object_id=target.pk
        ).first()
        if parent is None:
            raise Http404
    if not form.is_valid():
        return render(
            request,
            "core/comment_form.html",
            {"form": form, "target": target, "target_url": commentable.url(target), "action_url": request.path},
            status=400,
        )
    comment = comments.post_comment(author=request.user, target=target, body=form.cleaned_data["body"], parent=parent)
    messages.success(request, _("Votre commentaire est publié."))
    return redirect(_anchor(commentable, target, comment))


@require_http_methods(["GET", "POST"])
def edit_comment(request: HttpRequest, pk: int) -> HttpResponse:
    comment, target, commentable = _comment_for(request, pk)
    # rules.has_perm, not user.has_perm: superusers get no pass to rewrite someone else's words.
    if not rules.has_perm("core.edit_comment", request.user, comment):
        raise PermissionDenied
    form = CommentForm(posted(request), initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        comments.edit_comment(comment, body=form.cleaned_data["body"], editor=request.user)
        messages.success(request, _("Votre commentaire est modifié."))
        return redirect(_anchor(commentable, target, comment))
    return render(
        request,
        "core/comment_form.html",
        {
            "form": form,
            "target": target,
            "target_url": commentable.url(target),
            "action_url": request.path,
            "editing": True,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def delete_comment(request: HttpRequest, pk: int) -> HttpResponse:
    comment, target, commentable = _comment_for(request, pk)
    if not rules.has_perm("core.delete_comment", request.user, comment):
        raise PermissionDenied
    if request.method == "POST":
        comments.delete_comment(comment)
        messages.success(request, _("Votre commentaire est supprimé."))
        return redirect(_anchor(commentable, target, comment))
    return render(
        request,
        "core/comment_delete.html",
        {"comment": comment, "target": target, "target_url": commentable.url(target)},
    )


@require_http_methods(["GET", "POST"])
def hide_comment(request: HttpRequest, pk: int) -> HttpResponse:
    comment, target, commentable = _comment_for(request, pk)
    if not request.user.has_perm("core.hide_comment", comment):
        raise PermissionDenied
    if request.method == "POST" and request.POST.get("unhide") and comment.is_hidden:
        comments.unhide_comment(comment)
        messages.success(request, _("Le commentaire est de nouveau visible."))
        return redirect(_anchor(commentable, target, comment))
    form = HideCommentForm(posted(request))
    if request.method == "POST" and form.is_valid():
        comments.hide_comment(comment, moderator=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("Le commentaire est masqué."))
        return HttpResponseRedirect(_posted_next(request) or _anchor(commentable, target, comment))
    return render(
        request,
        "core/comment_moderate.html",
        {
            "form": form,
            "comment": comment,
            "target": target,
            "target_url": commentable.url(target),
            "title": _("Masquer un commentaire"),
            "submit_label": _("Masquer le commentaire"),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def report_comment(request: HttpRequest, pk: int) -> HttpResponse:
    comment, target, commentable = _comment_for(request, pk)
    if not request.user.has_perm("core.report_comment", comment):
        raise PermissionDenied
    form = ReportCommentForm(posted(request))
    if request.method == "POST" and form.is_valid():
        report = comments.report_comment(comment, reporter=request.user, reason=form.cleaned_data["reason"])
        if report is None:
            messages.info(request, _("Vous aviez déjà signalé ce commentaire."))
        else:
            messages.success(request, _("Merci : les modérateurs sont avertis."))
        return redirect(_anchor(commentable, target, comment))
    return render(
        request,
        "core/comment_moderate.html",
        {
            "form": form,
            "comment": comment,
            "target": target,
            "target_url": commentable.url(target),
            "title": _("Signaler un commentaire"),
            "submit_label": _("Signaler le commentaire"),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_GET
def comment_versions(request: HttpRequest, pk: int) -> HttpResponse:
    """The earlier texts of an edited comment, for whoever may see its object (hidden ones: moderators only)."""
    comment, target, commentable = _comment_for(request, pk)
    if comment.hidden_at is not None and not request.user.has_perm("core.moderate_comments"):
        raise PermissionDenied
    return render(
        request,
        "core/comment_versions.html",
        {
            "comment": comment,
            "target": target,
            "target_url": _anchor(commentable, target, comment),
            "versions": comments.earlier_versions(comment),
        },
    )


# --- moderation queue --------------------------------------------------------------------------


def _open_reports_queue(user) -> list[Comment]:
    """Comments with open reports (a hidden or deleted comment's reports count as handled), newest report first,
    each with `.open_reports`, `.open_count`, `.target` and `.target_url`; objects the moderator cannot see left out."""
    open_filter = Q(reports__handled_at__isnull=True)
    rows = list(
        Comment.objects.filter(hidden_at__isnull=True, deleted_at__isnull=True)
        .annotate(
            open_count=Count("reports", filter=open_filter), last_report=Max("reports__created_at", filter=open_filter)
        )
        .filter(open_count__gt=0)
        .select_related("author", "content_type")
        .prefetch_related(
            Prefetch(
                "reports",
                queryset=CommentReport.objects.filter(handled_at__isnull=True).select_related("reporter"),
                to_attr="open_reports",
            )
        )
        .order_by("-last_report", "-pk")
    )
    ids_by_type: dict[int, set[int]] = {}
    for comment in rows:
        ids_by_type.setdefault(comment.content_type_id, set()).add(comment.object_id)
    targets: dict[tuple[int, int], Model] = {}
    for content_type_id, ids in ids_by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None or comments.commentable_for(model) is None:
            continue
        # select_related() with no argument follows the non-null foreign keys URLs and titles usually need.
        for obj in model._default_manager.select_related().filter(pk__in=ids):
            targets[(content_type_id, obj.pk)] = obj
    queue = []
    for comment in rows:
        target = targets.get((comment.content_type_id, comment.object_id))
        if target is None:
            continue
        commentable = comments.commentable_for(target)
        if not commentable.can_view(user, target):
            continue
        comment.target_object = target
        comment.target_url = _anchor(commentable, target, comment)
        comment.hide_form = HideCommentForm(auto_id=f"masquer-{comment.pk}-%s")
        queue.append(comment)
    return queue


@require_GET
def reports(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("core.moderate_comments"):
        raise PermissionDenied
    return render(request, "core/reports.html", {"queue": _open_reports_queue(request.user)})


@require_POST
def dismiss_reports(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm("core.moderate_comments"):
        raise PermissionDenied
    comment, _target, _commentable = _comment_for(request, pk)
    if comments.dismiss_reports(comment):
        messages.success(request, _("Les signalements sont classés sans suite."))
    return redirect("core:reports")


# --- follows -----------------------------------------------------------------------------------


@require_POST
def toggle_follow(request: HttpRequest, content_type_id: int, object_id: int) -> HttpResponse:
    target = comments.get_registered_object(content_type_id, object_id, followable=True)
    can_view = comments.followable_can_view(target)
    if can_view is None or not can_view(request.user, target):
        raise PermissionDenied
    if follows.is_following(request.user, target):
        follows.unfollow(request.user, target)
        following = False
    else:
        follows.follow(request.user, target)
        following = True
    if request.htmx:
        return render(
            request,
            "core/partials/follow_button_htmx.html",
            {"target": target, "following": following, "content_type_id": content_type_id, "next": ""},
        )
    if following:
        messages.success(request, _("Vous suivez maintenant « %(target)s ».") % {"target": target})
    else:
        messages.success(request, _("Vous ne suivez plus « %(target)s ».") % {"target": target})
    fallback = target.get_absolute_url() if hasattr(target, "get_absolute_url") else reverse("core:notifications")
    return HttpResponseRedirect(_safe_next(request, fallback))


# --- notifications -----------------------------------------------------------------------------


@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    notifications = Notification.objects.filter(recipient=request.user).select_related("actor")
    page = Paginator(notifications, 20).get_page(request.GET.get("page"))
    unread = Notification.objects.filter(recipient=request.user, read_at__isnull=True).count()
    return render(request, "core/notifications.html", {"page": page, "unread_count": unread})


@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = notifications.mark_all_read(request.user)
    if count:
        messages.success(request, _("Toutes vos notifications sont marquées comme lues."))
    return redirect("core:notifications")


@require_POST
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    url = same_site_url(request, notification.url, path_only=False)
    if url:
        return HttpResponseRedirect(url)
    return redirect("core:notifications")


@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    preference = preference_for(request.user)
    form = PreferenceForm(posted(request), instance=preference)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Votre préférence est enregistrée."))
        return redirect("core:preferences")
    return render(request, "core/preferences.html", {"form": form, "tokenized": False}, status=form_status(form))


@login_not_required
@csrf_exempt  # the unguessable token is the credential; mail clients post RFC 8058 one-click unsubscribes
@never_cache  # the page shows the user's email address to whoever holds the link: no copy kept anywhere
@require_http_methods(["GET", "POST"])
def preferences_token(request: HttpRequest, token: str) -> HttpResponse:
    """The one-click link of every email: change the preference without logging in."""
    preference = get_object_or_404(NotificationPreference.objects.select_related("user"), token=token)
    if not preference.user.is_active:
        raise Http404
    if request.POST.get("List-Unsubscribe") == "One-Click":
        preference.email_frequency = NotificationPreference.Frequency.NEVER
        preference.save(update_fields=["email_frequency"])
        return HttpResponse(status=204)
    form = PreferenceForm(posted(request), instance=preference)
    saved = False
    if request.method == "POST" and form.is_valid():
        form.save()
        saved = True
    return render(
        request,
        "core/preferences.html",
        {"form": form, "tokenized": True, "saved": saved, "preference_user": preference.user},
        status=400 if request.method == "POST" and not form.is_valid() else 200,
    )


@login_not_required  # legal pages: readable by anyone, signed in or not (RGAA, GDPR information duty)
@require_GET
def site_page(request: HttpRequest, slug: str) -> HttpResponse:
    """A footer page: the administrators' text if they wrote one, else the default French text."""
    if slug not in SitePage.Slug.values:
        raise Http404
    page = SitePage.objects.filter(slug=slug).first()
    return render(
        request,
        "core/site_page.html",
        {
            "page": page,
            "title": page.title if page else SitePage.Slug(slug).label,
            "default_template": f"core/pages/{slug}.html",
            "help_topics": hooks.help_topics_for(request.user) if slug == SitePage.Slug.HELP else [],
        },
    )


@login_not_required  # help, like the other footer pages, is readable signed out (how to join a live session…)
@require_GET
def help_page(request: HttpRequest, slug: str) -> HttpResponse:
    """A module's help page, registered by the module in its hooks.py (core.hooks.help_topic)."""
    topic = hooks.help_topic_by_slug(slug)
    if topic is None:
        raise Http404
    return render(
        request,
        "core/help_page.html",
        {"topic": topic, "others": [t for t in hooks.help_topics_for(request.user) if t.slug != slug]},
    )


# A year: each URL carries a version (partage.core.identity), so a change gets a new URL.
IDENTITY_MAX_AGE = 365 * 24 * 3600


@login_not_required  # the login page shows the organisation's colours and logo too
@require_GET
def identity_css(request: HttpRequest) -> HttpResponse:
    """The organisation's colours as CSS custom properties (an inline <style> would break our CSP)."""
    response = HttpResponse(identity.stylesheet(identity.current_identity()), content_type="text/css; charset=utf-8")
    patch_cache_control(response, public=True, max_age=IDENTITY_MAX_AGE, immutable=True)
    return response


@login_not_required
@require_GET
def identity_file(request: HttpRequest, kind: str) -> FileResponse:
    """The logo or the favicon uploaded in the admin (the proxy serves no other part of /media/)."""
    if kind not in ("logo", "favicon"):
        raise Http404
    row = SiteIdentity.objects.filter(pk=1).first()
    upload = getattr(row, kind, None) if row else None
    if not upload:
        raise Http404
    try:
        handle = upload.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    extension = upload.name.rsplit(".", 1)[-1].lower()
    content_type = {"ico": "image/x-icon", "jpg": "image/jpeg"}.get(extension, f"image/{extension}")
    response = FileResponse(handle, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, public=True, max_age=IDENTITY_MAX_AGE, immutable=True)
    return response
