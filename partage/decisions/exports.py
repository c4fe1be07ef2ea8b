"""CSV and XLSX exports of a poll's results and, for non-anonymous polls, of its ballots.

Written by the shared `partage.core.tabular`, which escapes every cell against formula injection
(titles and option texts included: `=HYPERLINK(…)` in a poll title no longer gets through)."""

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from partage.core import tabular

from .models import Poll, Stance
from .selectors import PollResult


def _pct(value):
    return "" if value is None else round(value, 1)


def results_rows(poll: Poll, data: PollResult) -> list[list]:
    result = data.result
    rows: list[list] = [
        [_("Consultation"), poll.title],
        [_("Type"), poll.get_kind_display()],
        [_("Votants"), result.voters],
        [_("Électorat"), data.electorate],
        [_("Indécis"), result.undecided],
        [_("Participation (%)"), _pct(data.turnout_percent)],
    ]
    if poll.quorum:
        rows.append([_("Quorum atteint"), _("oui") if data.quorum_reached else _("non")])
    if poll.kind == Poll.Kind.QUESTION_ROUND:
        rows.append([_("Raisons données"), result.reasons])
        return rows
    rows.append([])
    header = [_("Option"), _("Total"), _("Rang"), _("% des points"), _("% des votants"), _("% de l'électorat")]
    if poll.kind == Poll.Kind.TIME_POLL:
        header += [_("Oui"), _("Peut-être"), _("Non")]
    if poll.kind == Poll.Kind.SCORE:
        header.append(_("Moyenne"))
    if poll.kind == Poll.Kind.RANKED_CHOICE:
        header[1] = _("Points Borda")
        header.append(_("Rang Schulze"))
    rows.append(header)
    for row in data.rows:
        r = row.result
        line = [
            str(row.option),
            r.total,
            r.rank,
            _pct(r.percent_of_total),
            _pct(r.percent_of_voters),
            _pct(r.percent_of_electorate),
        ]
        if poll.kind == Poll.Kind.TIME_POLL:
            line += [r.yes, r.maybe, r.no]
        if poll.kind == Poll.Kind.SCORE:
            line.append(_pct(r.mean))
        if poll.kind == Poll.Kind.RANKED_CHOICE:
            line.append(row.schulze_rank)
        rows.append(line)
    if data.pairwise:
        rows.append([])
        rows.append([_("Préférences par paires (ligne préférée à colonne)")] + [str(o) for o, _c in data.pairwise])
        for option, cells in data.pairwise:
            rows.append([str(option)] + ["" if n is None else n for _o, n in cells])
    return rows


def ballots_rows(poll: Poll, stances: list[Stance]) -> list[list]:
    if poll.anonymous:
        raise Http404
    options = list(poll.options.all())
    rows = [[_("Votant"), _("Courriel"), _("Voté le"), *[str(o) for o in options], _("Raison")]]
    for stance in stances:
        values = {c.option_id: c.value for c in stance.choices.all()}
        voted_at = timezone.localtime(stance.created_at).strftime("%d/%m/%Y %H:%M") if stance.created_at else ""
        rows.append(
            [
                stance.voter.get_full_name() if stance.voter else "",
                stance.voter.email if stance.voter else "",
                voted_at,
                *[values.get(o.pk, "") for o in options],
                stance.reason,
            ]
        )
    return rows


def _response(rows: list[list], fmt: str, basename: str) -> HttpResponse | StreamingHttpResponse:
    return tabular.export_response(fmt, basename, [tabular.Sheet(title=basename, headers=rows[0], rows=rows[1:])])


def results_response(poll: Poll, data: PollResult, fmt: str) -> HttpResponse | StreamingHttpResponse:
    return _response(results_rows(poll, data), fmt, f"resultats-{poll.pk}")


def ballots_response(poll: Poll, stances: list[Stance], fmt: str) -> HttpResponse | StreamingHttpResponse:
    return _response(ballots_rows(poll, stances), fmt, f"bulletins-{poll.pk}")
