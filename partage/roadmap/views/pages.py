"""Stub: implemented by its issue."""

from django.http import HttpRequest, HttpResponse


def values_charter(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")


def current_roadmap(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")


def roadmap(request: HttpRequest, programme: str) -> HttpResponse:
    return HttpResponse("")


def action_detail(request: HttpRequest, programme: str, number: str) -> HttpResponse:
    return HttpResponse("")
