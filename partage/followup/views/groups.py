"""Group pages: the list of groups, a group's page and its calendar feed."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.crypto import constant_time_compare
from django.views.decorators.http import require_GET

from .. import ical, selectors
from ..models import Group, Meeting
from ..rules import is_group_member


@require_GET
def group_list(request: HttpRequest) -> HttpResponse:
    selectors.check_can_view_groups(request.user)
    return render(request, "followup/group_list.html", {"groups": selectors.group_list()})


@require_GET
def group_detail(request: HttpRequest, slug: str) -> HttpResponse:
    group = selectors.group_for_view(request.user, slug)
    context = selectors.group_detail(group)
    return render(
        request,
        "followup/group_detail.html",
        {
            "group": group,
            **context,
            "is_member": is_group_member(request.user, group),
            "can_view_drafts": request.user.has_perm("followup.view_drafts", group),
            "can_manage": request.user.has_perm("followup.manage_group", group),
            "can_write_minutes": request.user.has_perm("followup.write_minutes", group),
        },
    )


@login_not_required
@require_GET
def group_calendar(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """The group's meetings as an iCalendar feed for calendar applications.

    Calendar apps cannot log in, so this address is public but carries the group's secret
    `calendar_token` (shown on the group page to agents; an administrator changes it in the
    admin to revoke old links). A wrong token answers 404, like an unknown group.
    """
    group = get_object_or_404(Group, slug=slug)
    if not constant_time_compare(token, group.calendar_token):
        raise Http404
    meetings = Meeting.objects.filter(group=group).order_by("starts_at")
    response = HttpResponse(ical.group_feed(group, meetings), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{group.slug}.ics"'
    return response
