"""Results pages for hosts: exports per activity, the printable summary, attaching the results to the
linked actions' journals and meeting minutes, and turning a contribution into an idea."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import exports, writes
from ..models import Contribution
from ..values import Refused
from .access import activity_for_host, session_for_host


@require_GET
def export(request: HttpRequest, pk: int, activity_pk: int, fmt: str) -> HttpResponse:
    _session, activity = activity_for_host(request, pk, activity_pk)
    if fmt == "csv":
        return exports.csv_response(activity)
    if fmt == "xlsx":
        return exports.xlsx_response(activity)
    raise Http404


@require_GET
def summary(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_for_host(request, pk)
    activities = list(session.activities.all())
    blocks = []
    for activity in activities:
        activity.session = session
        contributions = []
        if activity.takes_contributions:
            contributions = list(
                Contribution.objects.filter(activity=activity, merged_into__isnull=True)
                .exclude(status=Contribution.Status.HIDDEN)
                .order_by("-votes_count", "pk")
            )
        blocks.append(
            {
                "activity": activity,
                "header": exports.figure_header(activity),
                "rows": exports.summary_rows(activity),
                "contributions": contributions,
            }
        )
    return render(
        request,
        "live/summary.html",
        {"session": session, "blocks": blocks, "participants": session.participants.count()},
    )


@require_http_methods(["GET", "POST"])
def attach(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_for_host(request, pk)
    actions = list(session.actions.living().select_related("objective__axis__programme"))
    if request.method == "POST":
        chosen = [int(v) for v in request.POST.getlist("actions") if v.isdigit()]
        to_meeting = request.POST.get("meeting") == "on"
        if not chosen and not to_meeting:
            messages.error(request, _("Choisissez au moins une fiche-action ou la réunion."))
            return render(request, "live/attach.html", {"session": session, "actions": actions}, status=400)
        done = writes.attach_results(
            session=session,
            user=request.user,
            action_ids=chosen,
            to_meeting=to_meeting,
            summary_url=reverse("live:summary", kwargs={"pk": session.pk}),
        )
        for action in done["actions"]:
            messages.success(
                request, _("Résultats ajoutés au journal de la fiche %(number)s.") % {"number": action.number}
            )
        if to_meeting:
            if done["meeting"]:
                messages.success(request, _("Résultats ajoutés au relevé de décisions de la réunion."))
            else:
                messages.error(
                    request,
                    _(
                        "Le relevé de la réunion n'a pas été modifié "
                        "(réunion introuvable, relevé publié ou droits insuffisants)."
                    ),
                )
        return redirect(session)
    return render(request, "live/attach.html", {"session": session, "actions": actions})


@require_POST
def to_idea(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_for_host(request, pk)
    try:
        url = writes.contribution_to_idea(
            session=session, user=request.user, contribution_id=request.POST.get("contribution")
        )
    except Refused as refused:
        messages.error(request, refused.message)
        return redirect("live:summary", pk=session.pk)
    messages.success(request, _("Idée créée dans la boîte à idées."))
    return redirect(url)
