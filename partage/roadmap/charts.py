"""Server-rendered SVG charts: pure functions that turn data into coordinates.

Templates draw the shapes (`roadmap/partials/indicator_chart.html`,
`roadmap/partials/timeline.html`); text is left raw here and escaped by the
template engine. Every chart comes with a table alternative in the template.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from partage.core import bounds


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    value: Decimal
    date: datetime.date


@dataclass(frozen=True)
class Tick:
    position: float
    label: str
    anchor: str = "middle"


@dataclass(frozen=True)
class IndicatorChart:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    points: list[ChartPoint]
    polyline: str
    target_y: float | None
    baseline_y: float | None
    y_ticks: list[Tick]
    x_ticks: list[Tick]
    description: str


def _fmt(value: Decimal | float | int) -> str:
    value = Decimal(value)
    if value == value.to_integral_value():
        return number_format(value.quantize(Decimal(1)), force_grouping=True)
    return number_format(value.normalize(), force_grouping=True)


def indicator_chart(
    *,
    name: str,
    unit: str,
    measures: list[tuple[datetime.date, Decimal]],
    target: Decimal | None = None,
    baseline: Decimal | None = None,
    width: int = 480,
    height: int = 200,
) -> IndicatorChart | None:
    """A line chart of an indicator's measures, with its target and baseline as horizontal lines.

    Returns None when there is nothing to draw (no measure).
    """
    if not measures:
        return None
    measures = sorted(measures)
    left, right, top, bottom = 56, width - 16, 16, height - 32
    values = [Decimal(v) for _d, v in measures]
    references = [Decimal(r) for r in (target, baseline) if r is not None]
    low = min([*values, *references, Decimal(0)])
    high = max([*values, *references])
    if high == low:
        high = low + 1
    first, last = measures[0][0], measures[-1][0]
    span_days = max((last - first).days, 1)

    def x_of(day: datetime.date) -> float:
        if len(measures) == 1:
            return round((left + right) / 2, 1)
        return round(left + (right - left) * (day - first).days / span_days, 1)

    def y_of(value: Decimal) -> float:
        return round(bottom - float((value - low) / (high - low)) * (bottom - top), 1)

    points = [ChartPoint(x=x_of(d), y=y_of(Decimal(v)), value=Decimal(v), date=d) for d, v in measures]
    x_ticks = [Tick(points[0].x, date_format(first, "SHORT_DATE_FORMAT"), "start" if len(points) > 1 else "middle")]
    if len(points) > 1:
        x_ticks.append(Tick(points[-1].x, date_format(last, "SHORT_DATE_FORMAT"), "end"))
    y_ticks = [Tick(y_of(low), _fmt(low)), Tick(y_of(high), _fmt(high))]
    suffix = f" {unit}" if unit else ""
    latest_date, latest_value = measures[-1]
    description = _(
        "Évolution de l'indicateur « %(name)s » : %(count)d mesures, dernière valeur %(value)s le %(date)s."
    ) % {
        "name": name,
        "count": len(measures),
        "value": _fmt(latest_value) + suffix,
        "date": date_format(latest_date, "DATE_FORMAT"),
    }
    if target is not None:
        description += " " + _("Cible : %(target)s.") % {"target": _fmt(target) + suffix}
    return IndicatorChart(
        width=width,
        height=height,
        left=left,
        right=right,
        top=top,
        bottom=bottom,
        points=points,
        polyline=" ".join(f"{p.x},{p.y}" for p in points),
        target_y=y_of(Decimal(target)) if target is not None else None,
        baseline_y=y_of(Decimal(baseline)) if baseline is not None else None,
        y_ticks=y_ticks,
        x_ticks=x_ticks,
        description=description,
    )


@dataclass(frozen=True)
class TimelineBar:
    label: str
    start: datetime.date
    end: datetime.date | None
    x: float
    width: float
    y: float
    url: str = ""
    css_class: str = ""
    is_current: bool = False
    label_at_end: bool = False

    @property
    def label_x(self) -> float:
        return round(self.x + self.width - 4, 1) if self.label_at_end else round(self.x + 4, 1)


@dataclass(frozen=True)
class TimelineGroup:
    label: str
    y: float
    bars: list[TimelineBar] = field(default_factory=list)


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    label_width: int
    year_ticks: list[Tick]
    groups: list[TimelineGroup]
    today_x: float
    today: datetime.date
    row_height: int
    bar_height: int

    @property
    def today_label_at_start(self) -> bool:
        return self.today_x < self.label_width + 120


def timeline(
    groups: list[tuple[str, list[dict]]],
    *,
    today: datetime.date,
    width: int = 960,
    label_width: int = 0,
    row_height: int = 28,
    bar_height: int = 18,
    group_header: int = 28,
) -> Timeline | None:
    """Horizontal bars on a time axis graduated in years, with today marked.

    `groups` is [(group label, [{"label", "start", "end", "url"?, "css_class"?}, ...])];
    a missing end means "open": the bar runs to the end of the axis.
    Returns None when no item has a start date.
    """
    items = [item for _label, rows in groups for item in rows if item.get("start")]
    if not items:
        return None
    # Today is always on the axis, so that it can be marked.
    # Clamped to the years a form accepts (partage/core/bounds.py): a row stored some other way with an end in
    # 9999 would otherwise ask for 1 January 10000 (ValueError) and thousands of year ticks.
    first_year = min(min(bounds.clamp_date(item["start"]).year for item in items), today.year)
    last_year = max(max(bounds.clamp_date(item["end"] or item["start"]).year for item in items), today.year)
    axis_start = datetime.date(first_year, 1, 1)
    axis_end = datetime.date(last_year + 1, 1, 1)
    total_days = (axis_end - axis_start).days
    plot_left, plot_right = label_width, width - 8

    def x_of(day: datetime.date) -> float:
        day = min(max(day, axis_start), axis_end)
        return round(plot_left + (plot_right - plot_left) * (day - axis_start).days / total_days, 1)

    year_ticks = [Tick(x_of(datetime.date(year, 1, 1)), str(year)) for year in range(first_year, last_year + 1)]
    y = 24.0  # room for the year labels
    built: list[TimelineGroup] = []
    for label, rows in groups:
        dated = [row for row in rows if row.get("start")]
        if not dated:
            continue
        group_y = y
        y += group_header if label else 0
        bars = []
        for row in dated:
            start, end = row["start"], row.get("end")
            x_start = x_of(start)
            x_end = x_of(bounds.clamp_date(end) + datetime.timedelta(days=1)) if end else plot_right
            bars.append(
                TimelineBar(
                    label=row["label"],
                    start=start,
                    end=end,
                    x=x_start,
                    width=max(round(x_end - x_start, 1), 2.0),
                    y=y,
                    url=row.get("url", ""),
                    css_class=row.get("css_class", ""),
                    is_current=start <= today and (end is None or today <= end),
                    # Bars starting in the right half carry their label right-aligned inside, so it stays visible.
                    label_at_end=x_start > plot_left + (plot_right - plot_left) / 2,
                )
            )
            y += row_height
        built.append(TimelineGroup(label=label, y=group_y, bars=bars))
    today_x = x_of(today)
    return Timeline(
        width=width,
        height=int(y) + 8,
        label_width=label_width,
        year_ticks=year_ticks,
        groups=built,
        today_x=today_x,
        today=today,
        row_height=row_height,
        bar_height=bar_height,
    )


# --- dashboard charts -------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    y: float
    width: float
    css_class: str = ""

    @property
    def text_y(self) -> float:
        return round(self.y + 14, 1)


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    label_width: int
    bar_height: int
    bars: list[Bar]
    description: str

    @property
    def plot_left(self) -> int:
        return self.label_width + 8


def bar_chart(
    rows: list[tuple[str, int, str]],
    *,
    description: str,
    width: int = 560,
    label_width: int = 190,
    row_height: int = 30,
    bar_height: int = 20,
) -> BarChart | None:
    """Horizontal bars, one per (label, value, css class), the value written after each bar.

    Returns None when every value is zero (nothing to draw; the table still says so)."""
    if not rows or not any(value for _label, value, _css in rows):
        return None
    high = max(value for _label, value, _css in rows)
    plot = width - label_width - 8 - 48  # room for the value after the bar
    bars = [
        Bar(
            label=label,
            value=value,
            y=float(8 + i * row_height),
            width=round(plot * value / high, 1) if value else 0.0,
            css_class=css,
        )
        for i, (label, value, css) in enumerate(rows)
    ]
    return BarChart(
        width=width,
        height=16 + len(rows) * row_height,
        label_width=label_width,
        bar_height=bar_height,
        bars=bars,
        description=description,
    )


@dataclass(frozen=True)
class Series:
    label: str
    css_class: str
    values: list[int]
    points: list[tuple[float, float]]

    @property
    def polyline(self) -> str:
        return " ".join(f"{x},{y}" for x, y in self.points)

    @property
    def end(self) -> tuple[float, float]:
        return self.points[-1]


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    series: list[Series]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    description: str


def percent_lines(
    dates: list[datetime.date],
    series: list[tuple[str, list[int]]],
    *,
    description: str,
    width: int = 640,
    height: int = 260,
) -> LineChart | None:
    """Lines of percentages (0–100) over the same dates, one per series, each labelled at its end.

    Each series gets its own class (colour and dash pattern: the lines are told apart without colour)."""
    if not dates or not series:
        return None
    left, right, top, bottom = 44, width - 110, 12, height - 32
    count = len(dates)

    def x_of(i: int) -> float:
        return round(left + (right - left) * (i / (count - 1) if count > 1 else 0.5), 1)

    def y_of(value: int) -> float:
        return round(bottom - (bottom - top) * value / 100, 1)

    built = [
        Series(
            label=label,
            css_class=f"series-{i % 6}",
            values=values,
            points=[(x_of(j), y_of(v)) for j, v in enumerate(values)],
        )
        for i, (label, values) in enumerate(series)
    ]
    step = max(1, (count + 5) // 6)  # at most six date labels
    x_ticks = [Tick(x_of(i), date_format(d, "SHORT_DATE_FORMAT")) for i, d in enumerate(dates) if i % step == 0]
    if (count - 1) % step:
        x_ticks.append(Tick(x_of(count - 1), date_format(dates[-1], "SHORT_DATE_FORMAT")))
    y_ticks = [Tick(y_of(v), f"{v} %") for v in (0, 25, 50, 75, 100)]
    return LineChart(
        width=width,
        height=height,
        left=left,
        right=right,
        top=top,
        bottom=bottom,
        series=built,
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        description=description,
    )
