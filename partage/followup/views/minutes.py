"""Minutes (relevé de décisions): reading them, writing the draft, publishing it, correcting it once published."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partage.core.http import form_status, posted

from .. import history, selectors, writes
from ..forms import (
    ActionItemFormSet,
    AttendanceForm,
    DecisionFormSet,
    MinutesCorrectionForm,
    MinutesForm,
    review_formset,
)
from ..models import Minutes


@require_GET
def minutes_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = selectors.group_for_view(request.user, slug)
    meeting = selectors.meeting_of(group, pk)
    minutes = selectors.minutes_for_view(request.user, meeting)
    return render(
        request,
        "followup/minutes_detail.html",
        {
            "group": group,
            "meeting": meeting,
            "minutes": minutes,
            **selectors.minutes_detail(minutes),
            "history": history.minutes_history(minutes),
            "can_write_minutes": request.user.has_perm("followup.write_minutes", group),
        },
    )


def _row_formsets(data, minutes: Minutes, group) -> tuple:
    kwargs = {"form_kwargs": {"group": group, "shared_choices": {}}}
    decisions = DecisionFormSet(data, instance=minutes, prefix="decisions", **kwargs)
    action_items = ActionItemFormSet(data, instance=minutes, prefix="items", **kwargs)
    attendance = AttendanceForm(data, meeting=minutes.meeting, prefix="attendance")
    return decisions, action_items, attendance


def _render_minutes_form(
    request: HttpRequest,
    group,
    minutes: Minutes,
    *,
    form,
    decisions,
    action_items,
    attendance,
    reviews,
    correcting=False,
) -> HttpResponse:
    """The minutes form of a draft, or of a correction (then the reviews are shown as published, not as fields);
    400 when a posted part is refused."""
    parts = (form, decisions, action_items, attendance) + (() if correcting else (reviews,))
    return render(
        request,
        "followup/forms/minutes_form.html",
        {
            "group": group,
            "meeting": minutes.meeting,
            "minutes": minutes,
            "form": form,
            "decisions": decisions,
            "action_items": action_items,
            "reviews": reviews,
            "attendance": attendance,
            "has_errors": form.is_bound,
            "correcting": correcting,
        },
        status=form_status(*parts),
    )


@require_http_methods(["GET", "POST"])
def minutes_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = selectors.group_for_minutes(request.user, slug)
    meeting = selectors.meeting_of(group, pk)
    # Unsaved until the first valid POST: opening the form does not create an (empty) draft.
    minutes = getattr(meeting, "minutes", None) or Minutes(meeting=meeting)
    if minutes.is_published:
        messages.info(request, _("Ce relevé est publié : corrigez-le en indiquant le motif de la correction."))
        return redirect("followup:minutes_correct", slug=group.slug, pk=meeting.pk)
    data = posted(request)
    form = MinutesForm(data, instance=minutes)
    decisions, action_items, attendance = _row_formsets(data, minutes, group)
    reviews = review_formset(data, minutes=minutes, group=group)
    parts = (form, decisions, action_items, reviews, attendance)
    if data is not None and all([part.is_valid() for part in parts]):
        try:
            writes.save_minutes(
                minutes=minutes,
                form=form,
                decisions=decisions,
                action_items=action_items,
                reviews=reviews,
                attendance=attendance.statuses(),
            )
        except writes.MinutesAlreadyPublished:
            messages.error(request, _("Ce relevé vient d'être publié : vos changements n'ont pas été enregistrés."))
            return redirect("followup:minutes_correct", slug=group.slug, pk=meeting.pk)
        messages.success(request, _("Le brouillon du relevé a été enregistré."))
        return redirect(minutes)
    return _render_minutes_form(
        request,
        group,
        minutes,
        form=form,
        decisions=decisions,
        action_items=action_items,
        attendance=attendance,
        reviews=reviews,
    )


@require_http_methods(["GET", "POST"])
def minutes_correct(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Published minutes corrected by the group's animator or secretary (or an administrator), with a reason;
    the reviews stay as published (they are in the actions' journals)."""
    group = selectors.group_for_minutes(request.user, slug)
    meeting = selectors.meeting_of(group, pk)
    minutes = getattr(meeting, "minutes", None)
    if minutes is None:
        raise Http404
    if not minutes.is_published:
        return redirect("followup:minutes_edit", slug=group.slug, pk=meeting.pk)
    data = posted(request)
    form = MinutesCorrectionForm(data, instance=minutes)
    decisions, action_items, attendance = _row_formsets(data, minutes, group)
    parts = (form, decisions, action_items, attendance)
    if data is not None and all([part.is_valid() for part in parts]):
        try:
            writes.correct_minutes(
                minutes=minutes,
                by=request.user,
                reason=form.cleaned_data["reason"],
                form=form,
                decisions=decisions,
                action_items=action_items,
                attendance=attendance.statuses(),
                url=minutes.get_absolute_url(),
            )
        except writes.MinutesCorrectionRefused as refusal:
            form.add_error(refusal.field, refusal.message)
        else:
            messages.success(request, _("La correction est enregistrée ; les membres du groupe sont prévenus."))
            return redirect(minutes)
    return _render_minutes_form(
        request,
        group,
        minutes,
        form=form,
        decisions=decisions,
        action_items=action_items,
        attendance=attendance,
        reviews=selectors.minutes_reviews(minutes),
        correcting=True,
    )


@require_POST
def minutes_publish(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = selectors.group_for_minutes(request.user, slug)
    meeting = selectors.meeting_of(group, pk)
    minutes = selectors.minutes_for_view(request.user, meeting)
    try:
        writes.publish_minutes(minutes=minutes, by=request.user, url=minutes.get_absolute_url())
    except writes.MinutesAlreadyPublished:
        messages.error(request, _("Ce relevé était déjà publié."))
    else:
        messages.success(request, _("Le relevé de décisions est publié ; les membres du groupe sont prévenus."))
    return redirect(minutes)
