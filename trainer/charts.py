"""Server-side SVG charts to embed inline in pages: no JavaScript, no CDN.

Each function returns a :class:`markupsafe.Markup` string holding one ``<svg>`` element, so a
template can write ``{{ chart }}`` without ``|safe``. Every piece of text that comes from the
caller is escaped (and characters that XML does not allow are dropped), so the result is
well-formed XML as well as safe HTML.

The charts scale with their container: they carry a ``viewBox`` and are drawn at their natural
width at most, shrinking on narrow screens. Text sizes are chosen large enough to stay readable
at phone width. They are accessible: ``role="img"``, an ``aria-label`` with a text summary,
a ``<title>``, and a ``<title>`` tooltip on every bar or cell.

Colours are given as presentation attributes, which any CSS rule overrides, and every element
has a class to hook styles on: ``chart``, ``chart-title``, ``chart-grid``, ``chart-axis``,
``chart-label``, ``chart-bar``, ``chart-empty``, and for the calendar ``heat-cell`` with
``heat-0`` (no reviews) to ``heat-4`` (most).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from markupsafe import Markup, escape

__all__ = ["HEAT_COLOURS", "bar_chart_svg", "calendar_heatmap_svg"]

_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
_TEXT = "#495057"
_MUTED = "#6c757d"
_GRID = "#dee2e6"
_BAR = "#0d6efd"

#: Fill of heat levels 0 (no reviews) to 4 (busiest), light to dark green.
HEAT_COLOURS = ("#ebedf0", "#9be9a8", "#40c463", "#30a14e", "#216e39")

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_WEEKDAYS = ("Mon", "", "Wed", "", "Fri", "", "")  # rows labelled like GitHub's calendar

# Characters XML 1.0 does not allow anywhere (escaping cannot make them legal).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: object) -> str:
    """Escape ``value`` for use as element text or inside a double-quoted attribute."""
    return str(escape(_NOT_XML.sub("", str(value))))


def _num(value: float) -> str:
    """A coordinate, compactly: 12, 12.5, 12.33."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _value(value: float) -> str:
    """A data value for people: integers without decimals, others to at most 2 places."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _svg_open(width: float, height: float, label: str, title: str, css_class: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {css_class}" '
        f'viewBox="0 0 {_num(width)} {_num(height)}" role="img" aria-label="{_text(label)}" '
        f'preserveAspectRatio="xMidYMid meet" '
        f'style="width:100%;max-width:{_num(width)}px;height:auto;display:block" '
        f'font-family="{_FONT}">'
        f"<title>{_text(title)}</title>"
    )


def _markup(svg: str) -> Markup:
    # The one place SVG text becomes Markup: every caller-supplied string in it went through
    # _text(), and everything else is written here.
    return Markup(svg)  # noqa: S704 - built here, caller text escaped by _text()


def _empty_svg(title: str, width: float, height: float, css_class: str) -> Markup:
    return _markup(
        _svg_open(width, height, f"{title}: no data yet", title, css_class)
        + f'<rect class="chart-empty-bg" x="0.5" y="0.5" width="{_num(width - 1)}" '
        f'height="{_num(height - 1)}" rx="8" fill="#f8f9fa" stroke="{_GRID}"/>'
        f'<text class="chart-title" x="16" y="28" font-size="20" font-weight="600" '
        f'fill="{_TEXT}">{_text(title)}</text>'
        f'<text class="chart-empty" x="{_num(width / 2)}" y="{_num(height / 2 + 10)}" '
        f'text-anchor="middle" font-size="20" fill="{_MUTED}">No data yet</text>'
        "</svg>"
    )


def _nice_ticks(maximum: float, target: int = 4) -> list[float]:
    """Round tick values from 0 to at least ``maximum`` (steps of 1, 2 or 5 x 10^k)."""
    if maximum <= 0:
        return [0.0, 1.0]
    raw = maximum / target
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    if maximum >= 1:  # counts: never a tick at 0.5
        step = max(step, 1)
    count = math.ceil(maximum / step - 1e-9)
    return [i * step for i in range(count + 1)]


def bar_chart_svg(
    points: Sequence[tuple[str, float]],
    *,
    title: str,
    y_label: str,
    width: int = 720,
    height: int = 220,
) -> Markup:
    """A vertical bar chart, one bar per ``(label, value)`` point, in the given order.

    Made for the 30-day review forecast but works for any short series of values >= 0. Labels
    on the x axis are thinned so they never overlap; every bar keeps a tooltip
    ``"label: value"`` (the whole column is hoverable, so zero-height bars are too). With no
    points the chart says "No data yet".

    Raises:
        ValueError: if a value is negative or not finite, or the size is too small to draw.
    """
    if width < 200 or height < 120:
        raise ValueError(f"bar chart needs at least 200x120, got {width}x{height}")
    points = [(str(label), float(value)) for label, value in points]
    bad = [f"{label!r}: {value}" for label, value in points if not (0 <= value < math.inf)]
    if bad:
        raise ValueError("bar chart values must be finite and >= 0; got " + ", ".join(bad))
    if not points:
        return _empty_svg(title, width, height, "chart-bars")

    ticks = _nice_ticks(max(value for _, value in points))
    top_tick = ticks[-1]
    tick_labels = [_value(tick) for tick in ticks]

    left = 26 + 9 * max(len(label) for label in tick_labels)  # y label + tick numbers
    right, top, bottom = 8, 44, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    base_y = top + plot_h
    slot = plot_w / len(points)
    gap = min(slot * 0.2, 6)

    total = sum(value for _, value in points)
    peak_label, peak = max(points, key=lambda point: point[1])
    summary = (
        f"{title}: {len(points)} bars from {points[0][0]} to {points[-1][0]}; "
        f"total {_value(total)} {y_label}; highest {_value(peak)} ({peak_label})"
    )

    parts = [_svg_open(width, height, summary, title, "chart-bars")]
    parts.append(
        f'<text class="chart-title" x="{_num(left)}" y="24" font-size="20" font-weight="600" '
        f'fill="{_TEXT}">{_text(title)}</text>'
    )
    parts.append(
        f'<text class="chart-label chart-y-label" transform="translate(14 '
        f'{_num(top + plot_h / 2)}) rotate(-90)" text-anchor="middle" font-size="15" '
        f'fill="{_MUTED}">{_text(y_label)}</text>'
    )

    # Grid lines and y-axis numbers.
    parts.append('<g class="chart-grid">')
    for tick, text in zip(ticks, tick_labels, strict=True):
        y = base_y - plot_h * tick / top_tick
        parts.append(
            f'<line x1="{_num(left)}" x2="{_num(width - right)}" y1="{_num(y)}" y2="{_num(y)}" '
            f'stroke="{_GRID}" stroke-width="1"/>'
            f'<text class="chart-label" x="{_num(left - 6)}" y="{_num(y + 5)}" '
            f'text-anchor="end" font-size="15" fill="{_MUTED}">{text}</text>'
        )
    parts.append("</g>")

    # Bars: a transparent hit area the height of the plot carries the tooltip for the column.
    parts.append('<g class="chart-bars-group">')
    for index, (label, value) in enumerate(points):
        x = left + index * slot
        bar_h = plot_h * value / top_tick
        parts.append(
            f'<g class="chart-col"><title>{_text(label)}: {_value(value)}</title>'
            f'<rect class="chart-hit" x="{_num(x)}" y="{_num(top)}" width="{_num(slot)}" '
            f'height="{_num(plot_h)}" fill="transparent"/>'
            f'<rect class="chart-bar" x="{_num(x + gap / 2)}" y="{_num(base_y - bar_h)}" '
            f'width="{_num(slot - gap)}" height="{_num(bar_h)}" rx="2" fill="{_BAR}"/></g>'
        )
    parts.append("</g>")

    # X axis and thinned labels: about one label per 90 user units, always the first one.
    parts.append(
        f'<line class="chart-axis" x1="{_num(left)}" x2="{_num(width - right)}" '
        f'y1="{_num(base_y)}" y2="{_num(base_y)}" stroke="{_MUTED}" stroke-width="1"/>'
    )
    every = max(1, math.ceil(90 / slot))
    for index in range(0, len(points), every):
        x = left + (index + 0.5) * slot
        parts.append(
            f'<text class="chart-label chart-x-label" x="{_num(x)}" y="{_num(base_y + 20)}" '
            f'text-anchor="middle" font-size="15" fill="{_MUTED}">{_text(points[index][0])}</text>'
        )
    parts.append("</svg>")
    return _markup("".join(parts))


def _heat_level(count: int, maximum: int) -> int:
    """0 for no reviews; otherwise 1-4 by quarter of the busiest day."""
    if count <= 0 or maximum <= 0:
        return 0
    return min(4, max(1, math.ceil(4 * count / maximum)))


def _reviews(count: int) -> str:
    return f"{count:,} review" if count == 1 else f"{count:,} reviews"


def calendar_heatmap_svg(days: Iterable[tuple[date, int]], *, title: str) -> Markup:
    """A GitHub-style activity calendar: one column per week (Monday at the top), one cell per
    day from the earliest to the latest date given (dates missing in between count as 0).

    Cells are shaded in five levels (``heat-0`` for none, ``heat-1`` to ``heat-4`` by quarter
    of the busiest day), months are labelled above the column where they start, and a
    "Less ... More" legend explains the shades. Each cell has the tooltip
    ``"YYYY-MM-DD: N reviews"``. With no days the chart says "No data yet".

    Raises:
        ValueError: if a date appears twice or a count is negative.
    """
    counts: dict[date, int] = {}
    problems: list[str] = []
    for day, count in days:
        if day in counts:
            problems.append(f"{day.isoformat()} appears twice")
        if count < 0:
            problems.append(f"{day.isoformat()} has a negative count {count}")
        counts[day] = int(count)
    if problems:
        raise ValueError("Invalid calendar data: " + "; ".join(problems))

    cell, pitch = 13, 16  # cell size and distance between cells, in user units
    left, top = 48, 60  # room for weekday names, and for the title and month names
    if not counts:
        return _empty_svg(title, 53 * pitch + left + 8, top + 7 * pitch + 40, "chart-calendar")

    first, last = min(counts), max(counts)
    grid_start = first - timedelta(days=first.weekday())  # the Monday of the first week
    weeks = (last - grid_start).days // 7 + 1
    width = left + weeks * pitch + 8
    legend_y = top + 7 * pitch + 14
    height = legend_y + cell + 10
    width = max(width, 330)  # leave room for the title and legend on short ranges
    months = _month_labels(first, last, grid_start)
    # A month that starts in the last week is named there: widen so its name is not clipped.
    width = max(width, left + months[-1][0] * pitch + 36)

    span = (last - first).days + 1
    total = sum(counts.values())
    active = sum(1 for count in counts.values() if count > 0)
    busiest = max(counts.values())
    summary = (
        f"{title}: {_reviews(total)} on {active} of {span} days "
        f"from {first.isoformat()} to {last.isoformat()}"
    )
    if busiest:
        busiest_day = min(day for day, count in counts.items() if count == busiest)
        summary += f"; busiest day {busiest_day.isoformat()} ({_reviews(busiest)})"

    parts = [_svg_open(width, height, summary, title, "chart-calendar")]
    parts.append(
        f'<text class="chart-title" x="{left}" y="24" font-size="20" font-weight="600" '
        f'fill="{_TEXT}">{_text(title)}</text>'
    )
    for row, name in enumerate(_WEEKDAYS):
        if name:
            parts.append(
                f'<text class="chart-label" x="{left - 6}" y="{top + row * pitch + cell}" '
                f'text-anchor="end" font-size="15" fill="{_MUTED}">{name}</text>'
            )

    # Month names above the weeks where months begin.
    for week, month in months:
        parts.append(
            f'<text class="chart-label chart-month" x="{left + week * pitch}" y="{top - 8}" '
            f'font-size="15" fill="{_MUTED}">{_MONTHS[month - 1]}</text>'
        )

    parts.append('<g class="heat-cells">')
    day = first
    while day <= last:
        count = counts.get(day, 0)
        level = _heat_level(count, busiest)
        offset = (day - grid_start).days
        x, y = left + (offset // 7) * pitch, top + (offset % 7) * pitch
        parts.append(
            f'<rect class="heat-cell heat-{level}" x="{x}" y="{y}" width="{cell}" '
            f'height="{cell}" rx="2" fill="{HEAT_COLOURS[level]}">'
            f"<title>{day.isoformat()}: {_reviews(count)}</title></rect>"
        )
        day += timedelta(days=1)
    parts.append("</g>")

    # Legend, right-aligned: Less [0][1][2][3][4] More.
    legend_right = width - 8
    boxes_x = legend_right - 44 - 5 * pitch
    parts.append('<g class="chart-legend">')
    parts.append(
        f'<text class="chart-label" x="{boxes_x - 6}" y="{legend_y + cell - 2}" '
        f'text-anchor="end" font-size="15" fill="{_MUTED}">Less</text>'
    )
    for level, colour in enumerate(HEAT_COLOURS):
        parts.append(
            f'<rect class="heat-legend heat-{level}" x="{boxes_x + level * pitch}" '
            f'y="{legend_y}" width="{cell}" height="{cell}" rx="2" fill="{colour}"/>'
        )
    parts.append(
        f'<text class="chart-label" x="{boxes_x + 5 * pitch + 3}" y="{legend_y + cell - 2}" '
        f'font-size="15" fill="{_MUTED}">More</text>'
    )
    parts.append("</g></svg>")
    return _markup("".join(parts))


def _month_labels(first: date, last: date, grid_start: date) -> list[tuple[int, int]]:
    """``(week column, month)`` for each month name: over the column holding the month's 1st.

    The month the range starts in is named over the first column too, unless that column holds
    a 1st itself or the next name is under 3 columns away (the names would overlap; months are
    always at least 4 columns apart otherwise).
    """
    labels: list[tuple[int, int]] = []
    day = date(first.year, first.month, 1)
    while day <= last:
        if day >= first:
            labels.append(((day - grid_start).days // 7, day.month))
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    if not labels or (labels[0][0] >= 3):
        labels.insert(0, (0, first.month))
    return labels
