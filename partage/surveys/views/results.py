"""Results: live charts (server-rendered SVG, each with its table), filter by the answer to another
question, free-text answers with search, breakdown by direction (groups of 5 or more), the printable
report, CSV/XLSX exports, publishing a score into an indicator, and the results shown to respondents."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from partage.core import anonymity

from .. import exports, results, selectors, writes
from ..forms import ScoreForm
from ..models import Question, Survey


def _filter(request: HttpRequest, survey: Survey):
    try:
        question_id = int(request.GET.get("question") or 0)
    except ValueError:
        question_id = 0
    choice = (request.GET.get("reponse") or "")[:200]
    question = survey.questions.filter(pk=question_id).first() if question_id else None
    if question is not None and choice not in question.choice_keys():
        choice = ""
    return question, choice


def _results_context(request: HttpRequest, survey: Survey) -> dict:
    question, choice = _filter(request, survey)
    # Unfiltered: the running totals; filtered by another answer: counted from the answers.
    filtered = results.filtered_responses(survey, question, choice) if question is not None and choice else None
    data = results.compute(survey, responses=filtered)
    filterable = [
        r.question
        for r in data["results"]
        if r.question.kind
        in (Question.Kind.SINGLE, Question.Kind.YES_NO, Question.Kind.RATING, Question.Kind.NPS, Question.Kind.MULTIPLE)
    ]
    return {
        "survey": survey,
        **data,
        "filterable": filterable,
        "filter_question": question,
        "filter_choice": choice,
        "min_group": anonymity.breakdown_min(),
    }


@require_GET
def results_page(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_for_manage(request.user, pk)
    context = _results_context(request, survey)
    context["score_form"] = ScoreForm(survey=survey)
    context["can_publish"] = bool(context["score_form"].fields["indicator"].choices)
    context["breakdowns"] = (
        [
            (r.question, *results.by_group(survey, r.question))
            for r in context["results"]
            if r.question.kind in (Question.Kind.RATING, Question.Kind.NPS)
        ]
        if not survey.is_anonymous
        else []
    )
    return render(request, "surveys/results.html", context)


@require_GET
def report(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_for_manage(request.user, pk)
    return render(request, "surveys/report.html", _results_context(request, survey))


@login_not_required
@require_GET
def public_results(request: HttpRequest, pk: int) -> HttpResponse:
    """Results shown to respondents when the survey says so: charts and tables, no free text."""
    survey = Survey.objects.filter(pk=pk, show_results=True, is_published=True).first()
    if survey is None:
        raise Http404
    if not survey.is_public:
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        if not request.user.has_perm("surveys.view_surveys"):
            raise PermissionDenied
    data = results.compute(survey, texts_per_question=0)
    return render(
        request, "surveys/public_results.html", {"survey": survey, **data, "min_group": anonymity.breakdown_min()}
    )


@require_GET
def texts(request: HttpRequest, pk: int, question_id: int) -> HttpResponse:
    survey = selectors.survey_for_manage(request.user, pk)
    question = get_object_or_404(Question, pk=question_id, survey=survey)
    search = (request.GET.get("q") or "").replace("\x00", "").strip()
    page = Paginator(results.text_answers(question, search=search).values_list("text", flat=True), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request, "surveys/texts.html", {"survey": survey, "question": question, "page": page, "search": search}
    )


@require_GET
def export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    survey = selectors.survey_for_manage(request.user, pk)
    name = f"enquete-{survey.pk}-{slugify(survey.title)[:40]}"
    if fmt == "csv":
        response = StreamingHttpResponse(
            exports.csv_chunks(exports.rows(survey)), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    if fmt == "xlsx":
        handle = exports.xlsx_file(exports.rows(survey), str(_("Réponses")))
        return FileResponse(
            handle,
            as_attachment=True,
            filename=f"{name}.xlsx",
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    raise Http404


@require_http_methods(["POST"])
def publish_score(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_for_manage(request.user, pk)
    form = ScoreForm(request.POST, survey=survey)
    if form.is_valid():
        indicator = form.cleaned_data["indicator_obj"]
        if indicator is None or not request.user.has_perm("roadmap.edit_action", indicator.action):
            raise PermissionDenied  # a measure is written by the action's pilots or an administrator
        try:
            writes.publish_score(
                survey=survey,
                question=form.cleaned_data["question_obj"],
                metric=form.cleaned_data["metric"],
                choice=form.cleaned_data.get("choice") or "",
                indicator=indicator,
                measured_on=form.cleaned_data["measured_on"],
                by=request.user,
                source_url=reverse("surveys:results", args=[survey.pk]),
            )
        except writes.RuleViolation as error:
            form.add_error(error.field if error.field in form.fields else None, str(error.message))
        else:
            messages.success(request, _("Score publié dans l'indicateur « %(name)s ».") % {"name": indicator.name})
            return HttpResponseRedirect(indicator.action.get_tab_url("indicateurs"))
    context = _results_context(request, survey)
    context.update(score_form=form, can_publish=True, breakdowns=[])
    return render(request, "surveys/results.html", context, status=400)
