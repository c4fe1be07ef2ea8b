"""Moderators download the ideas with their supports and statuses (CSV, XLSX)."""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from .. import exports, selectors

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_GET
def export_csv(request: HttpRequest) -> HttpResponse:
    selectors.check_can_moderate(request.user)
    response = HttpResponse(exports.export_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{exports.filename("csv")}"'
    return response


@require_GET
def export_xlsx(request: HttpRequest) -> HttpResponse:
    selectors.check_can_moderate(request.user)
    response = HttpResponse(exports.export_xlsx(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{exports.filename("xlsx")}"'
    return response
