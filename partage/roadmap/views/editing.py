"""Editing an action sheet: the sheet itself, its journal, milestones, indicators and measures.

Every view goes through `_get_action_for_edit`, which answers 404 for an unknown
action and 403 for a user who may not edit it (rule "roadmap.edit_action":
administrators, or agents who pilot the action), for GET as for POST.
Saves made inside a request are recorded in the history with the request's user
(simple_history's HistoryRequestMiddleware).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from partage.core.errors import RuleViolation, add_to_form

from .. import writes
from ..forms import ActionForm, IndicatorForm, IndicatorMeasureForm, MilestoneForm, ProgressUpdateForm
from ..models import Action, Indicator, IndicatorMeasure, Milestone


def _get_action_for_edit(request: HttpRequest, programme: str, number: str) -> Action:
    """The action at this address, if the user may edit it (404 if unknown, 403 if not allowed)."""
    action = get_object_or_404(
        Action.objects.select_related("programme", "objective__axis").prefetch_related("pilots"),
        programme__slug=programme,
        number=number,
    )
    if not request.user.has_perm("roadmap.edit_action", action):
        raise PermissionDenied
    return action


def _data(request: HttpRequest):
    """The submitted data on POST (even empty, so that required fields report), None otherwise."""
    return request.POST if request.method == "POST" else None


def _render_form(request: HttpRequest, template: str, action: Action, form, **extra) -> HttpResponse:
    """The form page; 400 when a submitted form carries errors, so that clients and tests see the refusal."""
    status = 400 if form.is_bound and form.errors else 200
    return render(request, template, {"action": action, "form": form, **extra}, status=status)


@require_http_methods(["GET", "POST"])
def edit_action(request: HttpRequest, programme: str, number: str) -> HttpResponse:
    action = _get_action_for_edit(request, programme, number)
    form = ActionForm(_data(request), instance=action, user=request.user)
    if request.method == "POST" and form.is_valid():
        action = form.save()
        messages.success(request, _("La fiche-action a été enregistrée."))
        return redirect(action)
    return _render_form(request, "roadmap/forms/action_form.html", action, form)


@require_http_methods(["GET", "POST"])
def add_progress_update(request: HttpRequest, programme: str, number: str) -> HttpResponse:
    action = _get_action_for_edit(request, programme, number)
    initial = {"date": timezone.localdate(), "status": action.status, "progress": action.progress}
    form = ProgressUpdateForm(_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        writes.add_progress_update(action=action, author=request.user, **form.cleaned_data)
        messages.success(request, _("Point d'avancement enregistré."))
        return redirect(action.get_tab_url("journal"))
    return _render_form(request, "roadmap/forms/progress_update_form.html", action, form)


@require_http_methods(["GET", "POST"])
def add_milestone(request: HttpRequest, programme: str, number: str) -> HttpResponse:
    action = _get_action_for_edit(request, programme, number)
    form = MilestoneForm(_data(request), instance=Milestone(action=action))
    if request.method == "POST" and form.is_valid():
        try:
            writes.add_milestone(action=action, **form.cleaned_data)
        except RuleViolation as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Jalon ajouté."))
            return redirect(action)
    return _render_form(request, "roadmap/forms/milestone_form.html", action, form, milestone=None)


@require_http_methods(["GET", "POST"])
def edit_milestone(request: HttpRequest, programme: str, number: str, pk: int) -> HttpResponse:
    action = _get_action_for_edit(request, programme, number)
    milestone = get_object_or_404(Milestone, pk=pk, action=action)
    form = MilestoneForm(_data(request), instance=milestone)
    if request.method == "POST" and form.is_valid():
        try:
            writes.update_milestone(milestone=milestone, **form.cleaned_data)
        except RuleViolation as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Jalon enregistré."))
            return redirect(action)
    return _render_form(request, "roadmap/forms/milestone_form.html", action, form, milestone=milestone)


@require_http_methods(["GET", "POST"])
def add_indicator(request: HttpRequest, programme: str, number: str) -> HttpResponse:
    action = _get_action_for_edit(request, programme, number)
    form = IndicatorForm(_data(request), instance=Indicator(action=action))
    if request.method == "POST" and form.is_valid():
        try:
            writes.add_indicator(action=action, **form.cleaned_data)
        except RuleViolation as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Indicateur ajouté."))
            return redirect(action.get_tab_url("indicateurs"))
    return _render_form(request, "roadmap/forms/indicator_form.html", action, form)


@require_http_methods(["GET", "POST"])
def add_measure(request: HttpRequest, programme: str, number: str, pk: int) -> HttpResponse:
    action = _get_action_for_edit(request, programme, number)
    indicator = get_object_or_404(Indicator, pk=pk, action=action)
    form = IndicatorMeasureForm(
        _data(request), instance=IndicatorMeasure(indicator=indicator, recorded_by=request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            writes.record_measure(
                indicator=indicator,
                value=data["value"],
                measured_on=data["date"],
                note=data["comment"],
                by=request.user,
            )
        except RuleViolation as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Mesure enregistrée."))
            return redirect(action.get_tab_url("indicateurs"))
    return _render_form(request, "roadmap/forms/measure_form.html", action, form, indicator=indicator)


def _confirm_delete(request: HttpRequest, action: Action, *, title: str, what: str, consequence: str) -> HttpResponse:
    context = {"action": action, "title": title, "what": what, "consequence": consequence}
    return render(request, "roadmap/forms/confirm_delete.html", context)


@require_http_methods(["GET", "POST"])
def delete_milestone(request: HttpRequest, programme: str, number: str, pk: int) -> HttpResponse:
    """A confirmation page (GET), then the deletion (POST); the history keeps the deleted milestone."""
    action = _get_action_for_edit(request, programme, number)
    milestone = get_object_or_404(Milestone, pk=pk, action=action)
    if request.method == "POST":
        writes.delete_milestone(milestone=milestone)
        messages.success(request, _("Jalon « %(title)s » supprimé.") % {"title": milestone.title})
        return redirect(action)
    return _confirm_delete(
        request,
        action,
        title=_("Supprimer le jalon « %(title)s »") % {"title": milestone.title},
        what=_("Échéance : %(date)s") % {"date": formats.date_format(milestone.due_date, "DATE_FORMAT")},
        consequence=_("Le jalon disparaîtra de la fiche ; l'historique de la fiche gardera sa trace."),
    )


def _measure_of(action: Action, pk: int) -> IndicatorMeasure:
    return get_object_or_404(IndicatorMeasure.objects.select_related("indicator"), pk=pk, indicator__action=action)


@require_http_methods(["GET", "POST"])
def edit_measure(request: HttpRequest, programme: str, number: str, pk: int) -> HttpResponse:
    action = _get_action_for_edit(request, programme, number)
    measure = _measure_of(action, pk)
    form = IndicatorMeasureForm(_data(request), instance=measure)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            writes.update_measure(measure=measure, value=data["value"], measured_on=data["date"], note=data["comment"])
        except RuleViolation as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Mesure corrigée."))
            return redirect(action.get_tab_url("indicateurs"))
    return _render_form(
        request, "roadmap/forms/measure_form.html", action, form, indicator=measure.indicator, measure=measure
    )


@require_http_methods(["GET", "POST"])
def delete_measure(request: HttpRequest, programme: str, number: str, pk: int) -> HttpResponse:
    action = _get_action_for_edit(request, programme, number)
    measure = _measure_of(action, pk)
    indicator = measure.indicator
    if request.method == "POST":
        writes.delete_measure(measure=measure)
        messages.success(request, _("Mesure supprimée."))
        return redirect(action.get_tab_url("indicateurs"))
    unit = f" {indicator.unit}" if indicator.unit else ""
    return _confirm_delete(
        request,
        action,
        title=_("Supprimer la mesure du %(date)s") % {"date": formats.date_format(measure.date, "DATE_FORMAT")},
        what=_("Indicateur « %(name)s » : %(value)s%(unit)s")
        % {"name": indicator.name, "value": formats.number_format(measure.value, use_l10n=True), "unit": unit},
        consequence=_(
            "La mesure disparaîtra du graphique et du tableau ; l'historique de la fiche gardera sa trace "
            "et le journal garde son entrée."
        ),
    )
