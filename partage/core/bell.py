"""The notification bell of the header: its short list, loaded with htmx when the bell is opened, and
"mark as read" from that list. The full list stays at core:notifications (core/views.py).

Every query is the signed-in user's own (recipient=request.user): the list cannot show anyone else's
notifications, and a notification of another user answers 404, as if it did not exist."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import notifications
from .models import Notification

# What the bell lists: the newest few; the notifications page has the rest.
PANEL_SIZE = 8


def panel_context(user, status: str = "") -> dict:
    own = Notification.objects.filter(recipient=user).select_related("actor")
    latest = list(own.order_by("-created_at", "-pk")[:PANEL_SIZE])
    return {"notifications": latest, "count": notifications.unread_count(user), "status": status}


@require_GET
def panel(request: HttpRequest) -> HttpResponse:
    """The bell's short list (an htmx fragment; a plain GET shows the same fragment, harmless)."""
    return render(request, "core/partials/notification_panel_htmx.html", panel_context(request.user))


@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    if not request.htmx:
        return redirect("core:notifications")
    context = panel_context(request.user, _("Notification marquée comme lue."))
    return render(request, "core/partials/notification_panel_htmx.html", context | {"oob_count": True})


@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    """The bell's "Tout marquer comme lu" (htmx); the notifications page keeps its own form."""
    notifications.mark_all_read(request.user)
    if not request.htmx:
        return redirect("core:notifications")
    context = panel_context(request.user, _("Toutes vos notifications sont marquées comme lues."))
    return render(request, "core/partials/notification_panel_htmx.html", context | {"oob_count": True})
