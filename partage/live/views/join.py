"""The participant side over HTTP: `/j/` (code form), `/j/<CODE>/` (the participant screen), the
nickname form, and the polling fallback (PROTOCOL.md §1 and §6). Open to everyone, guests included."""

from __future__ import annotations

import json
import time
import uuid

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import writes
from ..broadcast import dumps
from ..codes import is_well_formed, normalise
from ..forms import JoinForm, NicknameForm
from ..identity import read_key, retention_days, set_cookie
from ..models import LiveSession, Participant
from ..state import participant_state, session_state
from ..texts import participant_texts
from ..values import Refused

MAX_BODY = 4096


@login_not_required
@require_GET
def join_form(request: HttpRequest) -> HttpResponse:
    form = JoinForm(request.GET or None)
    if request.GET and form.is_valid():
        code = form.cleaned_data["code"]
        if LiveSession.objects.filter(code=code, is_template=False).exists():
            return redirect("live:join", code=code)
        form.add_error("code", _("Aucune session ne porte ce code. Vérifiez-le auprès de l'animateur."))
    return render(request, "live/join_form.html", {"form": form}, status=404 if form.errors else 200)


def _find(code: str) -> LiveSession | None:
    code = normalise(code)
    if not is_well_formed(code):
        return None
    return LiveSession.objects.filter(code=code, is_template=False).select_related("current_activity").first()


def _agent(request: HttpRequest):
    return request.user if request.user.is_authenticated else None


def _participant(request: HttpRequest, session: LiveSession, *, create: bool) -> Participant | None:
    key = None if _agent(request) else read_key(session.code, request.COOKIES)
    participant = writes.participant_for(session=session, user=_agent(request), key=key, create=create)
    if participant is not None:
        participant.session = session
    return participant


@login_not_required
@never_cache
@require_GET
def join(request: HttpRequest, code: str) -> HttpResponse:
    session = _find(code)
    if session is None:
        form = JoinForm(initial={"code": code})

        return render(request, "live/join_form.html", {"form": form, "unknown_code": code}, status=404)
    if session.code != code:
        return redirect("live:join", code=session.code)
    agent = _agent(request)
    key = None if agent else read_key(session.code, request.COOKIES)
    existing = writes.participant_for(session=session, user=agent, key=key, create=False)
    if existing is not None and existing.banned:
        return render(request, "live/refused.html", {"session": session, "banned": True}, status=403)
    accepts = session.status != LiveSession.Status.CLOSED and not session.locked
    if existing is None and not accepts:
        return render(request, "live/refused.html", {"session": session}, status=403)
    new_key = None
    if agent is None and key is None:
        new_key = uuid.uuid4()
    # Light: the page of a join storm computes no results (the socket's first state brings them).
    state = participant_state(session, existing, light=True) if existing else session_state(session, light=True)
    state["now"] = round(time.time(), 3)  # the server's clock, for the countdown of timed questions
    response = render(
        request,
        "live/participant.html",
        {
            "session": session,
            "participant": existing,
            "state": state,
            "nickname_form": NicknameForm(initial={"nickname": existing.nickname if existing else ""}),
            "retention_days": retention_days(),
            "ws_path": f"/ws/live/j/{session.code}/",
            "texts": participant_texts(),
        },
    )
    if new_key is not None:
        set_cookie(response, session.code, new_key)
    return response


@login_not_required
@require_POST
def nickname(request: HttpRequest, code: str) -> HttpResponse:
    session = _find(code)
    if session is None:
        return render(request, "live/join_form.html", {"form": JoinForm()}, status=404)
    participant = _participant(request, session, create=True)
    if participant is None or participant.banned:
        return render(request, "live/refused.html", {"session": session}, status=403)
    form = NicknameForm(request.POST)
    if form.is_valid():
        writes.set_nickname(participant=participant, nickname=form.cleaned_data["nickname"])
    return redirect("live:join", code=session.code)


@login_not_required
@never_cache
@require_GET
def poll_state(request: HttpRequest, code: str) -> HttpResponse:
    session = _find(code)
    if session is None:
        return JsonResponse(
            {"type": "error", "code": "unknown_session", "message": _("Session introuvable.")}, status=404
        )
    participant = _participant(request, session, create=True)
    if participant is None or participant.banned:
        return JsonResponse({"type": "error", "code": "not_allowed", "message": _("Accès refusé.")}, status=403)
    try:
        since = int(request.GET.get("since", "0"))
    except ValueError:
        since = 0
    if since and session.seq <= since:
        return HttpResponse(status=204)
    state = {**participant_state(session, participant), "now": round(time.time(), 3)}
    return HttpResponse(dumps(state), content_type="application/json")


def _rate_limited(participant: Participant, kind: str) -> bool:
    # A fixed window per participant and kind, in the cache (shared by workers when it is Redis).
    limits = {"answer": 20, "contribute": 3, "vote": 10, "nickname": 3, "more_time": 3}
    key = f"live:rl:{participant.pk}:{kind}"
    if cache.add(key, 1, timeout=5):
        return False
    try:
        return cache.incr(key) > limits.get(kind, 10)
    except ValueError:
        return False


@login_not_required
@never_cache
@require_http_methods(["POST"])
def poll_send(request: HttpRequest, code: str) -> HttpResponse:
    session = _find(code)
    if session is None:
        return JsonResponse(
            {"type": "error", "code": "unknown_session", "message": _("Session introuvable.")}, status=404
        )
    if len(request.body) > MAX_BODY:
        return JsonResponse(Refused("too_large", _("Message trop long.")).as_message(None), status=413)
    try:
        message = json.loads(request.body or b"null")
    except ValueError:
        message = None
    if not isinstance(message, dict) or not isinstance(message.get("type"), str):
        return JsonResponse(Refused("bad_message", _("Message illisible.")).as_message(None), status=400)
    kind = message["type"]
    client_id = message.get("id") if isinstance(message.get("id"), str) else None
    if kind not in ("answer", "contribute", "vote", "nickname", "more_time"):
        return JsonResponse(Refused("unknown_type", _("Type de message inconnu.")).as_message(client_id), status=400)
    # A refused message leaves nothing behind, not even the participant row its request created.
    with transaction.atomic():
        participant = _participant(request, session, create=True)
        if participant is None or participant.banned:
            transaction.set_rollback(True)
            return JsonResponse({"type": "error", "code": "not_allowed", "message": _("Accès refusé.")}, status=403)
        if _rate_limited(participant, kind):
            transaction.set_rollback(True)
            refused = Refused("rate_limited", _("Trop de messages : réessayez dans un instant."), retry_after=5000)
            return JsonResponse(refused.as_message(client_id), status=429)
        try:
            reply = _dispatch(participant, kind, message, client_id)
        except Refused as refused:
            transaction.set_rollback(True)
            return JsonResponse(
                refused.as_message(client_id), status=409 if refused.code == "already_answered" else 400
            )
    return JsonResponse(reply)


def _dispatch(participant: Participant, kind: str, message: dict, client_id: str | None) -> dict:
    if kind == "answer":
        return writes.submit_answer(
            participant=participant,
            activity_id=message.get("activity"),
            client_id=message.get("id"),
            value=message.get("value"),
        )
    if kind == "contribute":
        return writes.contribute(
            participant=participant,
            activity_id=message.get("activity"),
            client_id=message.get("id"),
            text=message.get("text"),
            anonymous=bool(message.get("anonymous")),
            column=str(message.get("column") or ""),
        )
    if kind == "vote":
        return writes.vote(
            participant=participant, contribution_id=message.get("contribution"), client_id=message.get("id")
        )
    if kind == "more_time":
        writes.ask_more_time(participant=participant)
        return {"type": "ack", "id": client_id, "status": "stored"}
    writes.set_nickname(participant=participant, nickname=str(message.get("nickname") or ""))
    return {"type": "ack", "id": client_id, "status": "stored"}


def join_url(session: LiveSession) -> str:
    return reverse("live:join", kwargs={"code": session.code})
