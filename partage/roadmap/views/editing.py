"""Stub: implemented by its issue."""

from django.http import HttpRequest, HttpResponse


def edit_action(request: HttpRequest, programme: str, number: str) -> HttpResponse:
    return HttpResponse("")


def add_progress_update(request: HttpRequest, programme: str, number: str) -> HttpResponse:
    return HttpResponse("")


def add_milestone(request: HttpRequest, programme: str, number: str) -> HttpResponse:
    return HttpResponse("")


def edit_milestone(request: HttpRequest, programme: str, number: str, pk: int) -> HttpResponse:
    return HttpResponse("")


def add_indicator(request: HttpRequest, programme: str, number: str) -> HttpResponse:
    return HttpResponse("")


def add_measure(request: HttpRequest, programme: str, number: str, pk: int) -> HttpResponse:
    return HttpResponse("")
