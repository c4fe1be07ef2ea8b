"""Minutes (relevé de décisions): reading them, writing the draft, publishing it."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partage.core.http import form_status

from .. import selectors, writes
from ..forms import ActionItemFormSet, AttendanceForm, DecisionFormSet, MinutesForm, review_formset
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
            "can_manage": request.user.has_perm("followup.manage_group", group),
        },
    )


@require_http_methods(["GET", "POST"])
def minutes_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = selectors.group_for_manage(request.user, slug)
    meeting = selectors.meeting_of(group, pk)
    # Unsaved until the first valid POST: opening the form does not create an (empty) draft.
    minutes = getattr(meeting, "minutes", None) or Minutes(meeting=meeting)
    if minutes.is_published:
        messages.error(request, _("Ce relevé est publié : il ne peut plus être modifié."))
        return redirect(minutes)
    data = request.POST if request.method == "POST" else None
    kwargs = {"form_kwargs": {"group": group}}
    form = MinutesForm(data, instance=minutes)
    decisions = DecisionFormSet(data, instance=minutes, prefix="decisions", **kwargs)
    action_items = ActionItemFormSet(data, instance=minutes, prefix="items", **kwargs)
    reviews = review_formset(data, minutes=minutes, group=group)
    attendance = AttendanceForm(data, meeting=meeting, prefix="attendance")
    parts = (form, decisions, action_items, reviews, attendance)
    if request.method == "POST" and all([part.is_valid() for part in parts]):
        writes.save_minutes(
            minutes=minutes,
            form=form,
            decisions=decisions,
            action_items=action_items,
            reviews=reviews,
            attendance=attendance.statuses(),
        )
        messages.success(request, _("Le brouillon du relevé a été enregistré."))
        return redirect(minutes)
    return render(
        request,
        "followup/forms/minutes_form.html",
        {
            "group": group,
            "meeting": meeting,
            "minutes": minutes,
            "form": form,
            "decisions": decisions,
            "action_items": action_items,
            "reviews": reviews,
            "attendance": attendance,
            "has_errors": request.method == "POST",
        },
        status=form_status(form, decisions, action_items, attendance),
    )


@require_POST
def minutes_publish(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = selectors.group_for_manage(request.user, slug)
    meeting = selectors.meeting_of(group, pk)
    minutes = selectors.minutes_for_view(request.user, meeting)
    try:
        writes.publish_minutes(minutes=minutes, by=request.user, url=minutes.get_absolute_url())
    except writes.MinutesAlreadyPublished:
        messages.error(request, _("Ce relevé était déjà publié."))
    else:
        messages.success(request, _("Le relevé de décisions est publié ; les membres du groupe sont prévenus."))
    return redirect(minutes)
