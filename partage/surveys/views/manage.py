"""Building and running a survey: create (blank or from a template), settings, pages and questions,
publish, duplicate, new version, invitations and response rates, public link and QR code."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partage.core import anonymity
from partage.core.http import posted

from .. import results, selectors, tasks, writes
from ..forms import CreateForm, QuestionForm, SurveyForm
from ..models import Question, Survey
from ..templates_lib import TEMPLATES


@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("surveys.create_survey"):
        raise PermissionDenied
    form = CreateForm(posted(request), initial={"template": request.GET.get("modele", "")})
    if request.method == "POST" and form.is_valid():
        key = form.cleaned_data["template"]
        spec = TEMPLATES[key]["spec"]() if key else {"pages": [{"title": ""}]}
        spec["title"] = form.cleaned_data["title"]
        survey = writes.create_survey(spec=spec, by=request.user)
        messages.success(request, _("Enquête créée : complétez ses réglages puis publiez-la."))
        return HttpResponseRedirect(reverse("surveys:builder", args=[survey.pk]))
    return render(request, "surveys/create.html", {"form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_for_manage(request.user, pk)
    locked = writes.is_locked(survey)
    form = SurveyForm(posted(request), instance=survey, locked=locked)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Réglages enregistrés."))
        return HttpResponseRedirect(survey.get_absolute_url())
    return render(
        request,
        "surveys/edit.html",
        {"survey": survey, "form": form, "locked": locked},
        status=400 if form.errors else 200,
    )


@require_GET
def builder(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_for_manage(request.user, pk)
    pages = list(survey.pages.prefetch_related("questions"))
    return render(
        request,
        "surveys/builder.html",
        {"survey": survey, "pages": pages, "locked": writes.is_locked(survey), "form": QuestionForm(survey=survey)},
    )


@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, pk: int, question_id: int | None = None) -> HttpResponse:
    survey = selectors.survey_for_manage(request.user, pk)
    question = get_object_or_404(Question, pk=question_id, survey=survey) if question_id else None
    form = QuestionForm(posted(request), survey=survey, question=question)
    if request.method == "POST" and form.is_valid():
        target = question or Question(survey=survey, page=survey.pages.first())
        try:
            writes.save_question(question=target, values=form.values())
        except writes.RuleViolation as error:
            form.add_error(error.field if error.field in form.fields else None, str(error.message))
        else:
            messages.success(request, _("Question enregistrée."))
            return HttpResponseRedirect(reverse("surveys:builder", args=[survey.pk]))
    return render(
        request,
        "surveys/question_form.html",
        {"survey": survey, "question": question, "form": form, "locked": writes.is_locked(survey)},
        status=400 if form.errors else 200,
    )


@require_POST
def question_delete(request: HttpRequest, pk: int, question_id: int) -> HttpResponse:
    survey = selectors.survey_for_manage(request.user, pk)
    question = get_object_or_404(Question, pk=question_id, survey=survey)
    try:
        writes.delete_question(question=question)
    except writes.RuleViolation as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Question retirée."))
    return HttpResponseRedirect(reverse("surveys:builder", args=[survey.pk]))


@require_POST
def page_add(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_for_manage(request.user, pk)
    try:
        writes.add_page(survey=survey, title=(request.POST.get("title") or "")[:200])
    except writes.RuleViolation as error:
        messages.error(request, str(error.message))
    return HttpResponseRedirect(reverse("surveys:builder", args=[survey.pk]))


@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_for_manage(request.user, pk)
    try:
        writes.set_published(survey=survey, published=request.POST.get("published") == "1")
    except writes.RuleViolation as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Enquête publiée.") if survey.is_published else _("Enquête dépubliée."))
    return HttpResponseRedirect(survey.get_absolute_url())


@require_POST
def duplicate(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_for_manage(request.user, pk)
    copy = writes.duplicate_survey(survey=survey, by=request.user)
    messages.success(request, _("Copie créée, non publiée."))
    return HttpResponseRedirect(reverse("surveys:builder", args=[copy.pk]))


@require_POST
def new_version(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_for_manage(request.user, pk)
    try:
        copy = writes.duplicate_survey(survey=survey, by=request.user, as_new_version=True)
    except writes.RuleViolation as error:
        messages.error(request, str(error.message))
        following = Survey.objects.filter(previous=survey).first()
        return HttpResponseRedirect(reverse("surveys:builder", args=[following.pk if following else survey.pk]))
    messages.success(
        request,
        _("Version %(v)s créée : modifiez-la librement, puis publiez-la pour la nouvelle vague.") % {"v": copy.version},
    )
    return HttpResponseRedirect(reverse("surveys:builder", args=[copy.pk]))


@require_http_methods(["GET", "POST"])
def invitations(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_for_manage(request.user, pk)
    if survey.is_public:
        raise PermissionDenied
    if request.method == "POST":
        if request.POST.get("what") == "remind":
            tasks.send_reminders(survey.pk)
            messages.success(request, _("Relances envoyées aux agents qui n'ont pas encore répondu."))
        else:
            if not survey.is_published:
                messages.error(request, _("Publiez l'enquête avant d'envoyer les invitations."))
            else:
                count = tasks.invite_audience(survey.pk)
                messages.success(request, _("%(n)s invitation(s) envoyée(s).") % {"n": count})
        return HttpResponseRedirect(reverse("surveys:invitations", args=[pk]))
    rates = results.response_rates(survey)
    return render(
        request,
        "surveys/invitations.html",
        {
            "survey": survey,
            "rates": rates,
            "audience_count": selectors.audience(survey).count(),
            "invited": sum(r["invited"] for r in rates),
            "completed": sum(r["completed"] for r in rates),
            "min_group": anonymity.breakdown_min(),
        },
    )


@require_GET
def share(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_for_manage(request.user, pk)
    if not survey.is_public:
        raise PermissionDenied
    link = request.build_absolute_uri(survey.public_url())
    qr = segno.make(link, error="m").svg_inline(scale=4, title=_("QR code du questionnaire"))
    kiosk = (
        request.build_absolute_uri(reverse("surveys:kiosk", args=[survey.public_token, survey.kiosk_token]))
        if survey.kiosk_token
        else ""
    )
    return render(request, "surveys/share.html", {"survey": survey, "link": link, "qr": qr, "kiosk": kiosk})


@require_GET
def qr_code(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_for_manage(request.user, pk)
    if not survey.is_public:
        raise PermissionDenied
    out = segno.make(request.build_absolute_uri(survey.public_url()), error="m")
    import io

    buffer = io.BytesIO()
    out.save(buffer, kind="svg", scale=8, title=str(survey))
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Content-Disposition"] = f'attachment; filename="qr-enquete-{survey.pk}.svg"'
    return response
