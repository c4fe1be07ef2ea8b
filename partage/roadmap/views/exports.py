"""Stub: implemented by its issue."""

from django.http import HttpRequest, HttpResponse


def export_csv(request: HttpRequest, programme: str) -> HttpResponse:
    return HttpResponse("")


def export_xlsx(request: HttpRequest, programme: str) -> HttpResponse:
    return HttpResponse("")


def import_roadmap(request: HttpRequest, programme: str) -> HttpResponse:
    return HttpResponse("")
