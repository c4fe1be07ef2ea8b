"""The yearly report ("bilan annuel") of a programme as a PDF (fpdf2, pure Python:
docs/decisions/0026-yearly-report-pdf.md).

Per axis and action: status, progress, milestones met and missed in the year, indicator charts (each
with its values as a table, the chart's text alternative); then what the consultation produced,
read from the figures each feeding app registers (`partage.core.hooks.report_figure`), never by
importing those apps. The PDF is tagged as far as fpdf2 goes: document language and title, an
outline (bookmarks) of axes and actions, headings as structure elements, charts as figures with
alternative text.
"""

import datetime
import io
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace, TextStyle

from partage.core import hooks
from partage.roadmap import charts
from partage.roadmap.models import Action, Axis, Indicator, Milestone, Programme

ENCODING = "windows-1252"  # the PDF core fonts' encoding: covers French (œ, é, « », —, ’, €)
INK = (30, 30, 30)
MUTED = (90, 90, 90)
ACCENT = (0, 85, 164)


def clean(text) -> str:
    """What the core fonts can print: characters outside Windows-1252 become '?'."""
    return str(text).encode(ENCODING, errors="replace").decode(ENCODING)


def _fmt(value) -> str:
    if value is None:
        return "—"
    value = Decimal(value)
    return f"{value.normalize():f}".replace(".", ",") if value != value.to_integral_value() else f"{int(value)}"


class ReportPDF(FPDF):
    def __init__(self, title: str) -> None:
        super().__init__(format="A4")
        self.core_fonts_encoding = ENCODING
        self.report_title = title
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(18, 18, 18)
        self.set_section_title_styles(
            TextStyle(font_family="helvetica", font_style="B", font_size_pt=18, color=ACCENT, t_margin=4, b_margin=4),
            TextStyle(font_family="helvetica", font_style="B", font_size_pt=14, color=ACCENT, t_margin=6, b_margin=2),
            TextStyle(font_family="helvetica", font_style="B", font_size_pt=11, color=INK, t_margin=4, b_margin=1),
        )

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("helvetica", size=8)
        self.set_text_color(*MUTED)
        self.cell(0, 6, clean(f"{self.report_title} — page {self.page_no()}/{{nb}}"), align="C")

    def para(self, text: str, *, size: float = 10, color=INK, style: str = "") -> None:
        self.set_font("helvetica", style=style, size=size)
        self.set_text_color(*color)
        self.multi_cell(0, size * 0.5, clean(text), new_x="LMARGIN", new_y="NEXT")

    def table_rows(self, headings: list[str], rows: list[list[str]], widths: tuple[int, ...] | None = None) -> None:
        self.set_font("helvetica", size=9)
        self.set_text_color(*INK)
        self.set_fill_color(255, 255, 255)  # the progress bars leave their fill colour behind
        with self.table(
            col_widths=widths,
            headings_style=FontFace(emphasis="BOLD", fill_color=(230, 236, 245)),
            line_height=5,
            text_align="LEFT",
        ) as table:
            table.row([clean(h) for h in headings])
            for values in rows:
                table.row([clean(v) for v in values])
        self.ln(2)


def _line(x1, x2, y1, y2, colour: str, width: float = 1, dash: str = "") -> str:
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    return f'<line x1="{x1}" x2="{x2}" y1="{y1}" y2="{y2}" stroke="{colour}" stroke-width="{width}"{dashes}/>'


def _chart_svg(chart: charts.IndicatorChart) -> bytes:
    """A text-free SVG of the indicator chart (its values are printed as a table below it)."""
    shapes = [
        _line(chart.left, chart.left, chart.top, chart.bottom, "#333"),
        _line(chart.left, chart.right, chart.bottom, chart.bottom, "#333"),
    ]
    if chart.baseline_y is not None:
        shapes.append(_line(chart.left, chart.right, chart.baseline_y, chart.baseline_y, "#777", 1, "2 3"))
    if chart.target_y is not None:
        shapes.append(_line(chart.left, chart.right, chart.target_y, chart.target_y, "#b34700", 1.5, "6 4"))
    shapes.append(f'<polyline points="{chart.polyline}" fill="none" stroke="#0055a4" stroke-width="2"/>')
    shapes += [f'<circle cx="{p.x}" cy="{p.y}" r="3.5" fill="#0055a4"/>' for p in chart.points]
    size = f'width="{chart.width}" height="{chart.height}" viewBox="0 0 {chart.width} {chart.height}"'
    return f'<svg xmlns="http://www.w3.org/2000/svg" {size}>{"".join(shapes)}</svg>'.encode()


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def report_data(programme: Programme, year: int) -> list[Axis]:
    people = get_user_model().objects.only("id")
    actions = (
        Action.objects.filter(programme=programme)
        .living()
        .select_related("objective__axis", "pilot_direction")
        .prefetch_related(
            Prefetch("milestones", queryset=Milestone.objects.order_by("due_date", "pk")),
            Prefetch("indicators", queryset=Indicator.objects.prefetch_related("measures")),
            Prefetch("pilots", queryset=people),
        )
    )
    by_axis: dict[int, list[Action]] = {}
    for action in actions:
        by_axis.setdefault(action.objective.axis_id, []).append(action)
    axes = list(Axis.objects.filter(programme=programme))
    for axis in axes:
        axis.report_actions = by_axis.get(axis.pk, [])
    return axes


def milestones_of_year(action: Action, start: datetime.date, end: datetime.date, today: datetime.date):
    """Met: done during the year. Missed: due during the year (and already past) and not done by its due date."""
    met, missed = [], []
    for milestone in action.milestones.all():
        if milestone.done_date and start <= milestone.done_date <= end:
            met.append(milestone)
        elif start <= milestone.due_date <= min(end, today - datetime.timedelta(days=1)) and (
            milestone.done_date is None or milestone.done_date > milestone.due_date
        ):
            missed.append(milestone)
    return met, missed


def build_report(*, programme: Programme, year: int, user) -> bytes:
    start, end = year_bounds(year)
    today = timezone.localdate()
    title = _("Bilan annuel %(year)s — %(programme)s") % {"year": year, "programme": programme.name}
    pdf = ReportPDF(title)
    pdf.set_lang("fr-FR")
    pdf.set_title(clean(title))
    pdf.set_subject(clean(_("Bilan annuel de la feuille de route du Projet d'Administration Partagé")))
    pdf.set_author(clean("Partage"))
    pdf.set_creator("Partage (fpdf2)")
    pdf.set_display_mode(zoom="fullwidth")
    pdf.add_page()
    pdf.set_font("helvetica", size=10)

    axes = report_data(programme, year)
    all_actions = [a for axis in axes for a in axis.report_actions]
    pdf.start_section(clean(title), level=0)
    pdf.para(
        _("Période : du %(start)s au %(end)s. Édité le %(today)s.")
        % {
            "start": date_format(start, "DATE_FORMAT"),
            "end": date_format(end, "DATE_FORMAT"),
            "today": date_format(today, "DATE_FORMAT"),
        },
        color=MUTED,
    )
    pdf.ln(2)

    # Overview -----------------------------------------------------------------------------------
    pdf.start_section(clean(_("Vue d'ensemble")), level=1)
    counts: dict[str, int] = {}
    for action in all_actions:
        counts[action.status] = counts.get(action.status, 0) + 1
    mean = round(sum(a.progress for a in all_actions) / len(all_actions)) if all_actions else 0
    met_total = missed_total = 0
    for action in all_actions:
        met, missed = milestones_of_year(action, start, end, today)
        action.report_met, action.report_missed = met, missed
        met_total += len(met)
        missed_total += len(missed)
    rows = [[str(label), str(counts.get(value, 0))] for value, label in Action.Status.choices]
    rows += [
        [_("Fiches-actions"), str(len(all_actions))],
        [_("Avancement moyen"), f"{mean} %"],
        [_("Jalons réalisés dans l'année"), str(met_total)],
        [_("Jalons manqués dans l'année"), str(missed_total)],
    ]
    pdf.table_rows([_("Statut ou mesure"), _("Nombre")], rows, widths=(120, 40))

    # Consultation -------------------------------------------------------------------------------
    figures = hooks.report_figures_for(user, programme, start, end)
    pdf.start_section(clean(_("Ce que la consultation a produit")), level=1)
    if figures:
        pdf.table_rows(
            [_("Consultation"), _("Nombre")], [[str(label), str(value)] for label, value in figures], widths=(120, 40)
        )
    else:
        pdf.para(_("Aucun module de consultation n'a fourni de chiffre pour cette période."), color=MUTED)

    # Axes and actions ---------------------------------------------------------------------------
    for axis in axes:
        pdf.add_page()
        pdf.start_section(
            clean(_("Axe %(number)s — %(title)s") % {"number": axis.number, "title": axis.title}), level=1
        )
        if not axis.report_actions:
            pdf.para(_("Aucune fiche-action dans cet axe."), color=MUTED)
        for action in axis.report_actions:
            pdf.start_section(clean(f"{action.number} {action.title}"), level=2)
            facts = [
                _("Statut : %(status)s") % {"status": action.get_status_display()},
                _("Avancement : %(progress)s %%") % {"progress": action.progress},
            ]
            if action.pilot_direction:
                facts.append(_("Direction pilote : %(direction)s") % {"direction": action.pilot_direction.name})
            if action.end_date:
                facts.append(_("Fin prévue : %(date)s") % {"date": date_format(action.end_date, "DATE_FORMAT")})
            pdf.para(" · ".join(str(f) for f in facts))
            _progress_bar(pdf, action.progress)
            if action.report_met or action.report_missed:
                rows = [
                    [
                        m.title,
                        date_format(m.due_date, "SHORT_DATE_FORMAT"),
                        _("réalisé le %(date)s") % {"date": date_format(m.done_date, "SHORT_DATE_FORMAT")},
                    ]
                    for m in action.report_met
                ]
                rows += [
                    [
                        m.title,
                        date_format(m.due_date, "SHORT_DATE_FORMAT"),
                        _("manqué")
                        if m.done_date is None
                        else _("réalisé en retard, le %(date)s")
                        % {"date": date_format(m.done_date, "SHORT_DATE_FORMAT")},
                    ]
                    for m in action.report_missed
                ]
                pdf.table_rows([_("Jalon"), _("Échéance"), _("Dans l'année")], rows, widths=(100, 30, 44))
            for indicator in action.indicators.all():
                _indicator(pdf, indicator)
    pdf.alias_nb_pages()
    out = io.BytesIO()
    pdf.output(out)
    return out.getvalue()


def _progress_bar(pdf: ReportPDF, progress: int) -> None:
    x, y, width = pdf.l_margin, pdf.get_y() + 1, 60
    pdf.set_draw_color(*MUTED)
    pdf.set_fill_color(255, 255, 255)
    pdf.rect(x, y, width, 3, style="D")
    if progress:
        pdf.set_fill_color(*ACCENT)
        pdf.rect(x, y, width * progress / 100, 3, style="F")
    pdf.set_y(y + 5)


def _indicator(pdf: ReportPDF, indicator: Indicator) -> None:
    measures = list(indicator.measures.all())
    unit = f" {indicator.unit}" if indicator.unit else ""
    pdf.para(
        _("Indicateur : %(name)s (départ %(baseline)s, cible %(target)s)")
        % {
            "name": indicator.name,
            "baseline": _fmt(indicator.baseline) + unit,
            "target": _fmt(indicator.target) + unit,
        },
        style="B",
        size=9.5,
    )
    chart = charts.indicator_chart(
        name=indicator.name,
        unit=indicator.unit,
        measures=[(m.date, m.value) for m in measures],
        target=indicator.target,
        baseline=indicator.baseline,
    )
    if chart is not None:
        width = 120
        height = width * chart.height / chart.width
        if pdf.will_page_break(height + 4):
            pdf.add_page()
        pdf.image(io.BytesIO(_chart_svg(chart)), x=pdf.l_margin, w=width, h=height, alt_text=clean(chart.description))
        pdf.para(_("Trait plein : mesures ; tirets : cible ; pointillés : valeur de départ."), size=8, color=MUTED)
    if measures:
        pdf.table_rows(
            [_("Date"), _("Valeur")],
            [[date_format(m.date, "DATE_FORMAT"), _fmt(m.value) + unit] for m in measures],
            widths=(60, 60),
        )
    else:
        pdf.para(_("Aucune mesure pour le moment."), size=9, color=MUTED)
