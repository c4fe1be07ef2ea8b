"""Public pages, without login, for each commune's website and its residents: upcoming and ongoing
notices (public fields only), RSS and iCalendar feeds, an embeddable widget; and the one-click
acknowledgement pages reached from the emails (signed links, see tokens.py).

Only these fields of a notice are public: title, nature, place, dates, status, message to users.
"""

from csp.decorators import csp_replace
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET, require_http_methods

from partage.organisation.models import Commune

from .. import ical, tokens, writes
from ..models import CorrespondenceDelivery, NoticeDispatch, WorksNotice

PUBLIC_FIELDS = ("title", "nature", "place", "starts_at", "ends_at", "status", "public_message")


def public_notices_of(commune: Commune):
    return WorksNotice.objects.public().filter(communes=commune).only(*PUBLIC_FIELDS).order_by("starts_at", "pk")


@login_not_required
@require_GET
def commune_notices(request: HttpRequest, slug: str) -> HttpResponse:
    commune = get_object_or_404(Commune, slug=slug)
    return render(request, "territory/public/notices.html", {"commune": commune, "notices": public_notices_of(commune)})


@login_not_required
@require_GET
def commune_ics(request: HttpRequest, slug: str) -> HttpResponse:
    commune = get_object_or_404(Commune, slug=slug)
    response = HttpResponse(
        ical.commune_feed(commune, public_notices_of(commune)), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="travaux-{commune.slug}.ics"'
    return response


@login_not_required
@require_GET
@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})
def commune_widget(request: HttpRequest, slug: str) -> HttpResponse:
    """A small page meant for an <iframe> on the commune's website: framing is allowed here only."""
    commune = get_object_or_404(Commune, slug=slug)
    return render(
        request, "territory/public/widget.html", {"commune": commune, "notices": public_notices_of(commune)[:10]}
    )


def _read(salt: str, token: str, allowed: tuple[str, ...]) -> tuple[int, str]:
    try:
        return tokens.read(salt, token, allowed)
    except tokens.BadToken:
        raise PermissionDenied from None


@login_not_required
@require_http_methods(["GET", "POST"])
def acknowledge(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows what is acknowledged and a button; only the POST records it, so that mail scanners
    which follow links do not acknowledge in the contact's place."""
    dispatch_id, action = _read(tokens.NOTICE_SALT, token, tokens.NOTICE_ACTIONS)
    dispatch = NoticeDispatch.objects.select_related("notice", "commune").filter(pk=dispatch_id).first()
    if dispatch is None:
        raise PermissionDenied
    done = False
    if request.method == "POST":
        dispatch = writes.acknowledge_dispatch(dispatch_id=dispatch.pk, action=action)
        done = True
    return render(
        request,
        "territory/public/acknowledge.html",
        {"dispatch": dispatch, "notice": dispatch.notice, "action": action, "done": done},
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def correspondence_link(request: HttpRequest, token: str) -> HttpResponse:
    """The link in a forwarded letter's email: opening it marks the letter read; the button confirms receipt."""
    delivery_id, _action = _read(tokens.CORRESPONDENCE_SALT, token, tokens.CORRESPONDENCE_ACTIONS)
    deliveries = CorrespondenceDelivery.objects.filter(pk=delivery_id)
    delivery = deliveries.select_related("correspondence").first()
    if delivery is None:
        raise PermissionDenied
    done = False
    if request.method == "POST":
        delivery = writes.acknowledge_delivery(delivery_id=delivery.pk)
        done = True
    else:
        writes.mark_read(deliveries)
    return render(
        request,
        "territory/public/correspondence.html",
        {"delivery": delivery, "correspondence": delivery.correspondence, "done": done},
    )
