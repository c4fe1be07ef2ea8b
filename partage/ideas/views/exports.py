"""Moderators download the ideas with their supports and statuses (CSV, XLSX)."""

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.views.decorators.http import require_GET

from partage.core import tabular

from .. import exports, selectors


@require_GET
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    selectors.check_can_moderate_ideas(request.user)
    return tabular.csv_response(exports.filename("csv"), exports.export_sheet())


@require_GET
def export_xlsx(request: HttpRequest) -> HttpResponse:
    selectors.check_can_moderate_ideas(request.user)
    return tabular.xlsx_response(exports.filename("xlsx"), [exports.export_sheet()])
