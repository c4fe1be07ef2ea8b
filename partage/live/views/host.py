"""Host pages: the list of sessions, preparing a session and its activities, presenter and remote."""

from __future__ import annotations

import io

import segno
from django.contrib import messages
from django.db import transaction
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partage.core.http import form_status, posted

from .. import writes
from ..forms import ActivityForm, SessionForm
from ..models import Activity, LiveSession
from ..texts import host_texts
from ..values import Refused
from .access import activity_for_host, require_host, session_for_host


@require_GET
def sessions(request: HttpRequest) -> HttpResponse:
    require_host(request)
    rows = LiveSession.objects.select_related("host").annotate(
        activity_count=Count("activities", distinct=True), participant_count=Count("participants", distinct=True)
    )
    if not request.user.is_superuser:
        rows = rows.filter(host=request.user)
    rows = list(rows.order_by("-created_at", "-pk")[:200])
    return render(
        request,
        "live/sessions.html",
        {
            "sessions": [s for s in rows if not s.is_template],
            "templates": [s for s in rows if s.is_template],
        },
    )


@require_http_methods(["GET", "POST"])
def session_create(request: HttpRequest) -> HttpResponse:
    require_host(request)
    form = SessionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        session = form.save(commit=False)
        session.host = request.user
        session.save()
        messages.success(request, _("Session créée : ajoutez ses activités."))
        return redirect(session)
    return render(request, "live/session_form.html", {"form": form}, status=form_status(form))


@require_GET
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_for_host(request, pk)
    return render(request, "live/session.html", _session_context(request, session))


def _session_context(request, session, *, form=None, activity_form=None) -> dict:
    return {
        "session": session,
        "activities": list(session.activities.annotate(answer_count=Count("answers"))),
        "linked_actions": list(session.actions.living().select_related("objective__axis__programme")),
        "form": form or SessionForm(instance=session),
        "activity_form": activity_form or ActivityForm(),
        "join_url": request.build_absolute_uri(session.join_path()),
    }


@require_POST
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_for_host(request, pk)
    form = SessionForm(request.POST, instance=session)
    if form.is_valid():
        form.save()
        writes.touch(session=session)
        messages.success(request, _("Session enregistrée."))
        return redirect(session)
    return render(request, "live/session.html", _session_context(request, session, form=form), status=400)


@require_POST
def activity_create(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_for_host(request, pk)
    form = ActivityForm(request.POST)
    if form.is_valid():
        with transaction.atomic():
            activity = form.save(commit=False)
            activity.session = session
            last = session.activities.order_by("-position").values_list("position", flat=True).first()
            activity.position = (last or 0) + 1
            activity.save()
            writes.touch(session=session)
        messages.success(request, _("Activité ajoutée."))
        return redirect(session)
    return render(request, "live/session.html", _session_context(request, session, activity_form=form), status=400)


@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, pk: int, activity_pk: int) -> HttpResponse:
    session, activity = activity_for_host(request, pk, activity_pk)
    form = ActivityForm(posted(request), instance=activity)
    if request.method == "POST" and form.is_valid():
        form.save()
        writes.touch(session=session)
        messages.success(request, _("Activité enregistrée."))
        return redirect(session)
    return render(
        request,
        "live/activity_form.html",
        {"session": session, "activity": activity, "form": form},
        status=form_status(form),
    )


@require_POST
def activity_delete(request: HttpRequest, pk: int, activity_pk: int) -> HttpResponse:
    session, activity = activity_for_host(request, pk, activity_pk)
    with transaction.atomic():
        if session.current_activity_id == activity.pk:
            LiveSession.objects.filter(pk=session.pk).update(current_activity=None)
        activity.delete()
        writes.touch(session=session)
    messages.success(request, _("Activité supprimée."))
    return redirect(session)


@require_POST
def activity_move(request: HttpRequest, pk: int, activity_pk: int) -> HttpResponse:
    session, activity = activity_for_host(request, pk, activity_pk)
    direction = -1 if request.POST.get("direction") == "up" else 1
    with transaction.atomic():
        ordered = list(session.activities.order_by("position", "pk"))
        index = ordered.index(next(a for a in ordered if a.pk == activity.pk))
        other = index + direction
        if 0 <= other < len(ordered):
            ordered[index], ordered[other] = ordered[other], ordered[index]
            for position, item in enumerate(ordered, start=1):
                if item.position != position:
                    Activity.objects.filter(pk=item.pk).update(position=position)
            writes.touch(session=session)
    return redirect(f"{session.get_absolute_url()}#activite-{activity.pk}")


@require_POST
def duplicate(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_for_host(request, pk)
    copy = writes.duplicate_session(
        session=session, host=request.user, as_template=request.POST.get("as") == "template"
    )
    messages.success(request, _("Copie créée : « %(title)s ».") % {"title": copy.title})
    return redirect(copy)


@require_POST
def control(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_for_host(request, pk)
    try:
        writes.control(session=session, action=request.POST.get("action", ""), activity_id=request.POST.get("activity"))
    except Refused as refused:
        messages.error(request, refused.message)
    return redirect(_back(request, session))


@require_POST
def moderate(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_for_host(request, pk)
    try:
        writes.moderate(
            session=session,
            contribution_id=request.POST.get("contribution"),
            action=request.POST.get("action", ""),
            column=request.POST.get("column", ""),
            into=request.POST.get("into"),
        )
    except Refused as refused:
        messages.error(request, refused.message)
    return redirect(_back(request, session))


@require_POST
def delete_word(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_for_host(request, pk)
    try:
        writes.delete_word(session=session, activity_id=request.POST.get("activity"), word=request.POST.get("word", ""))
    except Refused as refused:
        messages.error(request, refused.message)
    return redirect(_back(request, session))


@require_POST
def ban(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_for_host(request, pk)
    try:
        writes.ban(session=session, participant_key=request.POST.get("participant"))
        messages.success(request, _("Participant exclu de la session."))
    except Refused as refused:
        messages.error(request, refused.message)
    return redirect(_back(request, session))


@require_POST
def extra_time(request: HttpRequest, pk: int) -> HttpResponse:
    """The host grants a participant +50 % or no time limit on timed questions, or back to normal (RGAA 2.2.1)."""
    session = session_for_host(request, pk)
    try:
        writes.grant_extra_time(
            session=session, participant_key=request.POST.get("participant"), grant=request.POST.get("grant", "")
        )
        messages.success(request, _("Temps de réponse modifié."))
    except Refused as refused:
        messages.error(request, refused.message)
    return redirect(_back(request, session))


def _back(request: HttpRequest, session: LiveSession) -> str:
    # Only our own host pages: the remote and the presenter post their controls here.
    allowed = {
        reverse("live:remote", kwargs={"pk": session.pk}),
        reverse("live:presenter", kwargs={"pk": session.pk}),
        session.get_absolute_url(),
    }
    target = request.POST.get("next", "")
    return target if target in allowed else reverse("live:remote", kwargs={"pk": session.pk})


def _buttons(*actions: str) -> list[tuple[str, str]]:
    labels = {
        "open": _("Ouvrir la session"),
        "previous": _("Précédente"),
        "next": _("Suivante"),
        "reveal": _("Révéler les résultats"),
        "hide": _("Masquer les résultats"),
        "close_activity": _("Clore les réponses"),
        "reopen_activity": _("Rouvrir les réponses"),
        "waiting": _("Écran d'attente"),
        "lock": _("Verrouiller le code"),
        "unlock": _("Déverrouiller le code"),
        "close": _("Fermer la session"),
    }
    return [(action, labels[action]) for action in actions]


def _screen_context(request: HttpRequest, session: LiveSession) -> dict:
    return {
        "texts": host_texts(),
        "presenter_buttons": _buttons("previous", "next", "reveal", "hide"),
        "remote_buttons": _buttons(
            "open",
            "previous",
            "next",
            "reveal",
            "hide",
            "close_activity",
            "reopen_activity",
            "waiting",
            "unlock" if session.locked else "lock",
            "close",
        ),
        "session": session,
        "activities": list(session.activities.all()),
        "join_url": request.build_absolute_uri(session.join_path()),
        "short_url": request.build_absolute_uri(reverse("live:join_form")),
    }


@require_GET
def presenter(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_for_host(request, pk)
    return render(request, "live/presenter.html", _screen_context(request, session))


@require_GET
def remote(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_for_host(request, pk)
    return render(request, "live/remote.html", _screen_context(request, session))


@require_GET
def qr(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_for_host(request, pk)
    code = segno.make(request.build_absolute_uri(session.join_path()), error="m")
    buffer = io.BytesIO()
    code.save(buffer, kind="svg", scale=8, dark="#000", light="#fff", title=_("Code QR pour rejoindre la session"))
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=3600"
    return response
