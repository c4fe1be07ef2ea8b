"""Results of an activity as rows (CSV/XLSX, formula-safe through core.tabular's `escape_cell`), and the text of a
session's results for the minutes and the action journals. No participant identity is exported: raw answers
carry neither the participant key nor a name (agents included: the export leaves the app)."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.http import HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook

from partage.core.tabular import escape_cell as safe_cell

from . import results
from .models import Activity, Answer, Contribution, LiveSession


def _label(activity: Activity, choice_id: str) -> str:
    for choice in activity.choices:
        if str(choice.get("id")) == choice_id:
            return choice.get("label", choice_id)
    return choice_id


def summary_rows(activity: Activity) -> list[list[Any]]:
    """The figures the result table shows: (label, figure) rows."""
    data = results.compute(activity, reveal_correct=True)
    kind = activity.kind
    if kind in (Activity.Kind.POLL, Activity.Kind.QUIZ):
        correct = set(data.get("correct", []))
        return [
            [_label(activity, key) + (f" ({_('bonne réponse')})" if key in correct else ""), n]
            for key, n in data["counts"].items()
        ]
    if kind == Activity.Kind.WORDCLOUD:
        return [[w["label"], w["count"]] for w in data["words"]]
    if kind == Activity.Kind.SCALE:
        rows = [[key, n] for key, n in data["counts"].items()]
        rows.append([_("Moyenne"), data["average"] if data["average"] is not None else ""])
        if "nps" in data:
            rows.append(["NPS", data["nps"]])
        return rows
    if kind == Activity.Kind.RANKING:
        return sorted(([_label(activity, k), v] for k, v in data["scores"].items()), key=lambda r: (r[1] is None, r[1]))
    if kind == Activity.Kind.POINTS:
        return [[_label(activity, k), v] for k, v in data["points"].items()]
    rows = Contribution.objects.filter(activity=activity, merged_into__isnull=True).exclude(
        status=Contribution.Status.HIDDEN
    )
    return [[c.text, c.votes_count] for c in rows.order_by("-votes_count", "pk")]


def figure_header(activity: Activity) -> list[str]:
    if activity.kind == Activity.Kind.RANKING:
        return [_("Proposition"), _("Rang moyen")]
    if activity.kind == Activity.Kind.POINTS:
        return [_("Proposition"), _("Points")]
    if activity.takes_contributions:
        return [_("Contribution"), _("Votes")]
    return [_("Réponse"), _("Nombre")]


def raw_rows(activity: Activity) -> list[list[Any]]:
    if activity.takes_contributions:
        return []
    rows = []
    for value, points in Answer.objects.filter(activity=activity).order_by("pk").values_list("value", "points"):
        if "choices" in value:
            text = " ; ".join(_label(activity, c) for c in value["choices"])
        elif "words" in value:
            text = " ; ".join(value["words"])
        elif "score" in value:
            text = str(value["score"])
        elif "order" in value:
            text = " > ".join(_label(activity, c) for c in value["order"])
        elif "points" in value:
            text = " ; ".join(f"{_label(activity, k)} : {v}" for k, v in value["points"].items())
        else:
            text = ""
        rows.append([text, points])
    return rows


def _filename(activity: Activity, ext: str) -> str:
    return f"live-{activity.session_id}-{activity.position}-{slugify(activity.prompt)[:40] or 'activite'}.{ext}"


def csv_response(activity: Activity) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([safe_cell(activity.prompt)])
    writer.writerow(figure_header(activity))
    for row in summary_rows(activity):
        writer.writerow([safe_cell(v) for v in row])
    raw = raw_rows(activity)
    if raw:
        writer.writerow([])
        writer.writerow([_("Réponse individuelle (sans identité)"), _("Points")])
        for row in raw:
            writer.writerow([safe_cell(v) for v in row])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(activity, "csv")}"'
    return response


def xlsx_response(activity: Activity) -> HttpResponse:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Résultats")[:31]
    sheet.append([safe_cell(activity.prompt)])
    sheet.append(figure_header(activity))
    for row in summary_rows(activity):
        sheet.append([safe_cell(v) for v in row])
    raw = raw_rows(activity)
    if raw:
        answers = book.create_sheet(_("Réponses")[:31])
        answers.append([_("Réponse individuelle (sans identité)"), _("Points")])
        for row in raw:
            answers.append([safe_cell(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(activity, "xlsx")}"'
    return response


def results_markdown(session: LiveSession) -> str:
    """The session's results as Markdown, for the meeting's minutes and the actions' journals."""
    lines = [_("Résultats de la session en direct « %(title)s »") % {"title": session.title}, ""]
    for activity in session.activities.all():
        activity.session = session
        lines.append(f"**{activity.prompt}** ({activity.get_kind_display()})")
        rows = summary_rows(activity)[:15]
        if not rows:
            lines.append(f"- {_('Aucune réponse.')}")
        lines.extend(f"- {_md(str(label))} : {figure}" for label, figure in rows)
        lines.append("")
    participants = session.participants.count()
    lines.append(_("%(n)d participants.") % {"n": participants})
    return "\n".join(lines).strip()


def _md(text: str) -> str:
    # Participants' words go into Markdown rendered elsewhere: neutralise the markup characters.
    for char in "\\`*_{}[]<>#|!":
        text = text.replace(char, "\\" + char)
    return text
