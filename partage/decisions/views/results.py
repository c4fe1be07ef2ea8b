"""Results: the results page, its htmx partial, and the CSV / XLSX exports. Every one of them asks
`selectors.can_view_results` first: hidden results are hidden everywhere."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from partage.core import anonymity

from .. import exports, selectors


def _context(request: HttpRequest, pk: int) -> dict:
    poll = selectors.poll_for_view(request.user, pk)
    visible = selectors.can_view_results(poll, request.user)
    return {
        "poll": poll,
        "thread": poll.thread,
        "results_visible": visible,
        "results": selectors.poll_result(poll) if visible else None,
        "participant_count": poll.participations.count(),
        "results_min": anonymity.results_min(),
    }


@require_GET
def poll_results(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "decisions/poll_results.html", _context(request, pk))


@require_GET
def results_partial(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "decisions/partials/results_htmx.html", _context(request, pk))


def _visible_poll(request: HttpRequest, pk: int):
    poll = selectors.poll_for_view(request.user, pk)
    if not selectors.can_view_results(poll, request.user):
        raise PermissionDenied
    return poll


@require_GET
def results_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    poll = _visible_poll(request, pk)
    return exports.results_response(poll, selectors.poll_result(poll), fmt)


@require_GET
def ballots_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    poll = _visible_poll(request, pk)
    if poll.anonymous or not request.user.has_perm("decisions.manage_poll", poll):
        raise PermissionDenied
    return exports.ballots_response(poll, selectors.ballots_for_export(poll), fmt)
