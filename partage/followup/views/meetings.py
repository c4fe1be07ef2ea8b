"""Meeting pages: a meeting (agenda, invited members, attendance), its invitation (.ics),
and the form animators use to schedule or change it."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from partage.core.http import form_status

from .. import ical, selectors, writes
from ..forms import AgendaFormSet, MeetingForm
from ..models import Meeting


@require_GET
def meeting_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = selectors.group_for_view(request.user, slug)
    meeting = selectors.meeting_of(group, pk)
    minutes = getattr(meeting, "minutes", None)
    can_view_drafts = request.user.has_perm("followup.view_drafts", group)
    return render(
        request,
        "followup/meeting_detail.html",
        {
            "group": group,
            "meeting": meeting,
            **selectors.meeting_detail(meeting),
            "minutes": minutes if minutes and (minutes.is_published or can_view_drafts) else None,
            "can_manage": request.user.has_perm("followup.manage_group", group),
            "can_write_minutes": request.user.has_perm("followup.write_minutes", group),
        },
    )


@require_GET
def meeting_invitation(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = selectors.group_for_view(request.user, slug)
    meeting = selectors.meeting_of(group, pk)
    response = HttpResponse(ical.meeting_invitation(meeting, group), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="reunion-{meeting.pk}.ics"'
    return response


def _meeting_form(request: HttpRequest, group, meeting: Meeting | None) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    instance = meeting or Meeting(group=group)
    form = MeetingForm(data, instance=instance, group=group)
    # shared_choices: the rows' selects of the group's actions are read once for the page, not once per row.
    agenda = AgendaFormSet(data, instance=instance, prefix="agenda", form_kwargs={"group": group, "shared_choices": {}})
    if request.method == "POST" and form.is_valid() and agenda.is_valid():
        meeting = writes.save_meeting(form=form, agenda_formset=agenda)
        messages.success(request, _("La réunion a été enregistrée."))
        return redirect(meeting)
    return render(
        request,
        "followup/forms/meeting_form.html",
        {"group": group, "meeting": meeting, "form": form, "agenda": agenda},
        status=form_status(form, agenda),
    )


@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, slug: str) -> HttpResponse:
    group = selectors.group_for_manage(request.user, slug)
    return _meeting_form(request, group, None)


@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = selectors.group_for_manage(request.user, slug)
    return _meeting_form(request, group, selectors.meeting_of(group, pk))
