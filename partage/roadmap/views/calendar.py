"""Stub: implemented by its issue."""

from django.http import HttpRequest, HttpResponse


def calendar(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Calendrier")
