"""Answering: the list of surveys, a survey's page, and the page-by-page answer flow reached four ways
(an agent signed in; a secret resume link; a personal invitation link; the public link or QR code,
with its kiosk variant for a reception desk). All four share `_flow`.

Guests never get a session or a personal-data trace: the resume token is in the link only, and the
anti-abuse limit counts new responses per hashed address in the cache (an hour), never in the database.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from .. import answering, selectors, writes
from ..models import Question, Response, Survey

GUEST_STARTS_PER_HOUR = 30
RESUME_COOKIE = "enquete_%s"


@require_GET
def survey_list(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("surveys.view_surveys"):
        raise writes_permission_denied()
    found = selectors.surveys_visible_to(request.user)
    return render(
        request,
        "surveys/survey_list.html",
        {**found, "can_create": request.user.has_perm("surveys.create_survey")},
    )


def writes_permission_denied():
    from django.core.exceptions import PermissionDenied

    return PermissionDenied()


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_for_staff_answer(request.user, pk) if not _is_public(pk) else None
    if survey is None:
        survey = selectors.survey_for_manage(request.user, pk)
    can_manage = request.user.has_perm("surveys.manage_survey", survey)
    return render(
        request,
        "surveys/detail.html",
        {
            "survey": survey,
            "can_manage": can_manage,
            "completed": writes.has_completed(survey=survey, user=request.user),
            "questions_count": survey.questions.exclude(kind=Question.Kind.TEXT_BLOCK).count(),
        },
    )


def _is_public(pk: int) -> bool:
    return Survey.objects.filter(pk=pk, audience=Survey.Audience.PUBLIC).exists()


# --- the flow -------------------------------------------------------------------------------------------


def _page_number(request: HttpRequest, count: int) -> int:
    raw = request.POST.get("page") if request.method == "POST" else request.GET.get("page")
    try:
        number = int(raw or 1)
    except (TypeError, ValueError):
        number = 1
    return min(max(number, 1), max(count, 1))


def _flow(
    request: HttpRequest,
    survey: Survey,
    response: Response | None,
    *,
    url: str,
    start,
    invitation: str = "",
    kiosk: str = "",
    token: str = "",
) -> HttpResponse:
    """Show or save one page. `start()` creates the draft on the first save and returns (response, url)."""
    try:
        writes.check_open(survey)
    except writes.RuleViolation as error:
        return render(request, "surveys/closed.html", {"survey": survey, "message": error.message}, status=200)
    if response is not None and not writes.can_change(response):
        return render(request, "surveys/closed.html", {"survey": survey, "message": _("Vos réponses sont envoyées.")})
    pages = list(survey.pages.all())
    all_questions = list(survey.questions.order_by("page__position", "position", "pk"))
    number = _page_number(request, len(pages))
    page = pages[number - 1] if pages else None
    page_questions = [q for q in all_questions if page and q.page_id == page.pk]
    values = answering.answers_of(response)
    context = {"survey": survey, "page": page, "number": number, "count": len(pages), "url": url, "kiosk": kiosk}
    context["token"] = token
    if request.method == "POST":
        if request.POST.get("website"):  # the honeypot field, invisible to people
            raise Http404
        move = request.POST.get("move", "next")
        relaxed = answering.PageForm(request.POST, request.FILES, questions=page_questions, shown=set())
        relaxed.is_valid()
        posted = {q.pk: relaxed.value_of(q) for q in page_questions if q.takes_answer}
        shown = {q.pk for q in answering.visible_questions(all_questions, {**values, **posted})}
        form = answering.PageForm(
            request.POST, request.FILES, questions=page_questions, shown=shown & {q.pk for q in page_questions}
        )
        lenient = move in ("previous", "save")
        chosen = relaxed if lenient else form
        if lenient:
            relaxed.shown = form.shown
        if chosen.is_valid():
            try:
                if response is None:
                    response, url = start()
                writes.save_page(response=response, page_number=number, form=chosen)
                if move == "previous":
                    return HttpResponseRedirect(_at(url, max(number - 1, 1)))
                if move == "save":
                    return _saved(request, survey, url, token_in_url=url != context["url"] or bool(token))
                if number < len(pages):
                    target = _next_page(number, pages, all_questions, response)
                    return HttpResponseRedirect(_at(url, target))
                writes.submit(response=response, user=request.user, invitation_token=invitation)
            except writes.RuleViolation as error:
                form.add_error(None, str(error.message))
            else:
                thanks = reverse("surveys:thanks", args=[survey.pk])
                if kiosk:
                    thanks += "?" + urlencode({"borne": kiosk})
                elif survey.allow_edit and token:
                    thanks += "?" + urlencode({"lien": token})
                result = HttpResponseRedirect(thanks)
                result.delete_cookie(RESUME_COOKIE % survey.pk)
                return result
        context["form"] = form
        status = 400
    else:
        shown = {q.pk for q in answering.visible_questions(all_questions, values)}
        context["form"] = answering.PageForm(
            initial=answering.initial_for(page_questions, values),
            questions=page_questions,
            shown=shown & {q.pk for q in page_questions},
        )
        status = 200
    context["items"] = context["form"].questions_with_fields()
    context["conditions"] = {q.pk: q for q in page_questions if q.condition_question_id}
    result = render(request, "surveys/answer.html", context, status=status)
    result["Cache-Control"] = "no-store"
    return result


def _at(url: str, page: int) -> str:
    return f"{url}{'&' if '?' in url else '?'}{urlencode({'page': page})}"


def _next_page(number: int, pages, all_questions, response: Response) -> int:
    """Skip pages whose every question is hidden by its condition."""
    values = answering.answers_of(response)
    shown = {q.pk for q in answering.visible_questions(all_questions, values)}
    for candidate in range(number + 1, len(pages) + 1):
        ids = [q.pk for q in all_questions if q.page_id == pages[candidate - 1].pk]
        if not ids or any(i in shown for i in ids) or candidate == len(pages):
            return candidate
    return min(number + 1, len(pages))


def _saved(request: HttpRequest, survey: Survey, url: str, *, token_in_url: bool) -> HttpResponse:
    link = request.build_absolute_uri(url) if token_in_url else ""
    result = render(request, "surveys/saved.html", {"survey": survey, "link": link, "url": url})
    result["Cache-Control"] = "no-store"
    return result


# --- the four ways in -----------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    """An agent signed in. Named surveys keep the agent's draft; anonymous ones use a resume link
    (remembered in a cookie of this browser only, never on the server)."""
    survey = selectors.survey_for_staff_answer(request.user, pk)
    if writes.has_completed(survey=survey, user=request.user) and not (survey.allow_edit and not survey.is_anonymous):
        return render(
            request,
            "surveys/closed.html",
            {"survey": survey, "message": _("Vous avez déjà répondu à cette enquête : merci.")},
        )
    url = reverse("surveys:answer", args=[pk])
    if survey.is_anonymous:
        token = request.COOKIES.get(RESUME_COOKIE % pk, "")
        existing = writes.response_by_token(token)
        if existing is not None and existing.survey_id == survey.pk and writes.can_change(existing):
            return HttpResponseRedirect(reverse("surveys:resume", args=[token]) + _page_query(request))
        response = None
    else:
        response = Response.objects.filter(survey=survey, respondent=request.user).first()

    def start():
        created, new = writes.start_response(survey=survey, user=request.user)
        return created, reverse("surveys:resume", args=[new]) if new else url

    with writes.request_scope():
        result = _flow(request, survey, response, url=url, start=start)
    if survey.is_anonymous and result.status_code == 302 and "/reponse/" in result.get("Location", ""):
        token = result["Location"].split("/reponse/")[1].split("/")[0]
        result.set_cookie(
            RESUME_COOKIE % pk, token, max_age=60 * 86400, httponly=True, samesite="Lax", secure=request.is_secure()
        )
    return result


def _page_query(request: HttpRequest) -> str:
    return f"?{urlencode({'page': request.GET['page']})}" if request.GET.get("page") else ""


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def resume(request: HttpRequest, token: str) -> HttpResponse:
    # An anonymous survey's response is held between requests: put back for this one, held again after.
    with writes.request_scope():
        return _resume(request, token)


def _resume(request: HttpRequest, token: str) -> HttpResponse:
    response = writes.open_response(token)
    if response is None:
        raise Http404
    survey = response.survey
    invitation = request.GET.get("invitation", "")[:100]
    if not survey.is_public and not request.user.is_authenticated:
        # A staff survey's draft opens to its agent signed in, or to the holder of their invitation link.
        participation = writes.participation_by_token(invitation) if invitation else None
        if participation is None or participation.survey_id != survey.pk:
            return redirect_to_login(request.get_full_path())
    kiosk = request.GET.get("borne", "")[:100]
    if kiosk and kiosk != survey.kiosk_token:
        kiosk = ""
    url = reverse("surveys:resume", args=[token])
    carried = {k: v for k, v in (("invitation", invitation), ("borne", kiosk)) if v}
    if carried:
        url += "?" + urlencode(carried)
    return _flow(
        request,
        survey,
        response,
        url=url,
        start=lambda: (response, url),
        invitation=invitation,
        kiosk=kiosk,
        token="" if kiosk else token,
    )


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """A personal invitation link: the token stands for the agent; it is carried along in the links of
    the draft (never stored with the response) so that submitting marks the invitation completed."""
    participation = writes.participation_by_token(token)
    if participation is None:
        raise Http404
    survey = participation.survey
    if participation.completed:
        return render(
            request,
            "surveys/closed.html",
            {"survey": survey, "message": _("Vous avez déjà répondu à cette enquête : merci.")},
        )
    if not survey.is_anonymous:
        if request.user.is_authenticated and request.user.pk == participation.user_id:
            return HttpResponseRedirect(reverse("surveys:answer", args=[survey.pk]))
        return redirect_to_login(reverse("surveys:answer", args=[survey.pk]))
    url = reverse("surveys:invitation", args=[token])

    def start():
        created, new = writes.start_response(survey=survey)
        return created, reverse("surveys:resume", args=[new]) + "?" + urlencode({"invitation": token})

    with writes.request_scope():
        return _flow(request, survey, None, url=url, start=start, invitation=token)


def _client_key(request: HttpRequest) -> str:
    """A keyed hash of the address and the day: kept in the cache for an hour, never in the database."""
    address = request.META.get("REMOTE_ADDR", "")
    day = timezone.localdate().isoformat()
    return hmac.new(settings.SECRET_KEY.encode(), f"{address}|{day}".encode(), hashlib.sha256).hexdigest()[:32]


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def public(request: HttpRequest, token: str, kiosk: str = "") -> HttpResponse:
    survey = Survey.objects.filter(public_token=token, audience=Survey.Audience.PUBLIC).first()
    if survey is None or len(token) > 100:
        raise Http404
    if kiosk and (not survey.kiosk_token or not hmac.compare_digest(kiosk, survey.kiosk_token)):
        raise Http404
    url = reverse("surveys:kiosk", args=[token, kiosk]) if kiosk else reverse("surveys:public", args=[token])

    def start():
        if not kiosk:
            key = f"surveys:starts:{_client_key(request)}"
            cache.add(key, 0, 3600)
            if cache.incr(key) > GUEST_STARTS_PER_HOUR:
                raise writes.RuleViolation(_("Trop de réponses depuis cette connexion : réessayez dans une heure."))
        created, new = writes.start_response(survey=survey)
        return created, reverse("surveys:resume", args=[new]) + (("?" + urlencode({"borne": kiosk})) if kiosk else "")

    with writes.request_scope():
        return _flow(request, survey, None, url=url, start=start, kiosk=kiosk)


@login_not_required
@require_GET
def thanks(request: HttpRequest, pk: int) -> HttpResponse:
    survey = Survey.objects.filter(pk=pk).first()
    if survey is None:
        raise Http404
    kiosk = request.GET.get("borne", "")
    if kiosk and kiosk != survey.kiosk_token:
        kiosk = ""
    link = request.GET.get("lien", "")
    if link and writes.response_by_token(link) is None:
        link = ""
    return render(
        request,
        "surveys/thanks.html",
        {
            "survey": survey,
            "kiosk_url": reverse("surveys:kiosk", args=[survey.public_token, kiosk]) if kiosk else "",
            "edit_link": request.build_absolute_uri(reverse("surveys:resume", args=[link])) if link else "",
        },
    )


def flash_saved(request: HttpRequest) -> None:
    messages.success(request, _("Brouillon enregistré."))
