"""Server-side SVG charts: well-formed XML, one bar or cell per datum, escaping, empty data."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from markupsafe import Markup

from trainer.charts import HEAT_COLOURS, bar_chart_svg, calendar_heatmap_svg

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: Markup) -> ET.Element:
    # Our own output, not untrusted input.
    return ET.fromstring(str(svg))  # noqa: S314


def with_class(root: ET.Element, css_class: str) -> list[ET.Element]:
    return [el for el in root.iter() if css_class in el.get("class", "").split()]


def title_of(element: ET.Element) -> str | None:
    title = element.find(f"{SVG}title")
    return None if title is None else title.text


# --- bar chart ------------------------------------------------------------------------------


def test_bar_chart_is_accessible_well_formed_svg():
    points = [("Today", 4), ("Tue", 0), ("Wed", 2.5)]
    svg = bar_chart_svg(points, title="Reviews due", y_label="cards")
    assert isinstance(svg, Markup)
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("viewBox") == "0 0 720 220"
    assert title_of(root) == "Reviews due"
    label = root.get("aria-label")
    assert label.startswith("Reviews due: 3 bars from Today to Wed")
    assert "total 6.5 cards" in label
    assert "highest 4 (Today)" in label
    assert "<script" not in svg and "http://" not in svg.replace("http://www.w3.org/2000/svg", "")


def test_bar_chart_has_one_bar_with_a_tooltip_per_point():
    points = [(f"Day {i}", i % 7) for i in range(30)]
    root = parse(bar_chart_svg(points, title="Forecast", y_label="cards"))
    bars = with_class(root, "chart-bar")
    assert len(bars) == 30
    columns = with_class(root, "chart-col")
    assert [title_of(col) for col in columns] == [f"Day {i}: {i % 7}" for i in range(30)]
    for bar in bars:
        assert bar.get("fill")  # looks right without any stylesheet


def test_bar_heights_are_proportional_to_values():
    root = parse(bar_chart_svg([("a", 0), ("b", 5), ("c", 10)], title="t", y_label="y"))
    heights = [float(bar.get("height")) for bar in with_class(root, "chart-bar")]
    assert heights[0] == 0
    assert heights[1] == pytest.approx(heights[2] / 2, abs=0.01)
    assert heights[2] > 0


def test_bar_chart_thins_x_labels_but_keeps_the_first():
    points = [(f"L{i}", 1) for i in range(30)]
    root = parse(bar_chart_svg(points, title="t", y_label="y"))
    labels = [el.text for el in with_class(root, "chart-x-label")]
    assert labels[0] == "L0"
    assert 3 <= len(labels) < 30


def test_bar_chart_escapes_every_text():
    points = [("<b>&co</b>", 3), ('say "hi"', 1)]
    svg = bar_chart_svg(points, title="A & <B>", y_label="<cards>")
    assert "<b>" not in svg and "<B>" not in svg
    root = parse(svg)
    assert title_of(root) == "A & <B>"
    assert root.get("aria-label").startswith('A & <B>: 2 bars from <b>&co</b> to say "hi"')
    tips = [title_of(col) for col in with_class(root, "chart-col")]
    assert tips == ["<b>&co</b>: 3", 'say "hi": 1']
    assert with_class(root, "chart-y-label")[0].text == "<cards>"


def test_bar_chart_drops_characters_xml_forbids():
    root = parse(bar_chart_svg([("a\x00b\x1fc", 1)], title="t\x0b", y_label="y"))
    assert title_of(with_class(root, "chart-col")[0]) == "abc: 1"


def test_bar_chart_without_points_says_no_data_yet():
    root = parse(bar_chart_svg([], title="Forecast", y_label="cards"))
    assert root.get("role") == "img"
    assert "no data yet" in root.get("aria-label")
    assert with_class(root, "chart-empty")[0].text == "No data yet"
    assert with_class(root, "chart-bar") == []


def test_bar_chart_with_only_zeros_still_draws_the_bars():
    root = parse(bar_chart_svg([("a", 0), ("b", 0)], title="t", y_label="y"))
    assert [float(bar.get("height")) for bar in with_class(root, "chart-bar")] == [0, 0]


def test_bar_chart_custom_size_sets_the_view_box():
    root = parse(bar_chart_svg([("a", 1)], title="t", y_label="y", width=400, height=160))
    assert root.get("viewBox") == "0 0 400 160"


@pytest.mark.parametrize("value", [-1, float("nan"), float("inf")])
def test_bar_chart_rejects_bad_values(value):
    with pytest.raises(ValueError, match="finite and >= 0"):
        bar_chart_svg([("a", value)], title="t", y_label="y")


# --- calendar heatmap -----------------------------------------------------------------------

YEAR_START = date(2024, 1, 1)  # a Monday


def year_of_days(count=lambda i: i % 5):
    return [(YEAR_START + timedelta(days=i), count(i)) for i in range(366)]


def test_calendar_has_one_cell_per_day_with_tooltips():
    svg = calendar_heatmap_svg(year_of_days(), title="Review activity")
    assert isinstance(svg, Markup)
    root = parse(svg)
    assert root.get("role") == "img"
    assert title_of(root) == "Review activity"
    cells = with_class(root, "heat-cell")
    assert len(cells) == 366
    assert title_of(cells[0]) == "2024-01-01: 0 reviews"
    assert title_of(cells[1]) == "2024-01-02: 1 review"
    assert title_of(cells[2]) == "2024-01-03: 2 reviews"
    label = root.get("aria-label")
    assert label.startswith("Review activity: ")
    assert "from 2024-01-01 to 2024-12-31" in label
    assert "busiest day 2024-01-05 (4 reviews)" in label


def test_calendar_puts_weeks_in_columns_monday_first():
    cells = with_class(parse(calendar_heatmap_svg(year_of_days(), title="t")), "heat-cell")
    monday, sunday, next_monday = cells[0], cells[6], cells[7]
    assert monday.get("x") == sunday.get("x")
    assert float(sunday.get("y")) - float(monday.get("y")) == 6 * 16
    assert float(next_monday.get("x")) - float(monday.get("x")) == 16
    assert next_monday.get("y") == monday.get("y")


def test_calendar_fills_gaps_between_dates_with_zero():
    days = [(date(2024, 1, 1), 1), (date(2024, 1, 10), 2)]
    cells = with_class(parse(calendar_heatmap_svg(days, title="t")), "heat-cell")
    assert len(cells) == 10
    assert title_of(cells[4]) == "2024-01-05: 0 reviews"


def test_calendar_uses_five_levels_relative_to_the_busiest_day():
    days = [(YEAR_START + timedelta(days=i), count) for i, count in enumerate([0, 1, 2, 3, 4, 8])]
    cells = with_class(parse(calendar_heatmap_svg(days, title="t")), "heat-cell")
    levels = [cell.get("class").split()[1] for cell in cells]  # "heat-cell heat-N"
    # Quarters of the busiest day (8): 1 and 2 -> 1, 3 and 4 -> 2, 8 -> 4.
    assert levels == ["heat-0", "heat-1", "heat-1", "heat-2", "heat-2", "heat-4"]
    assert [cell.get("fill") for cell in cells][0] == HEAT_COLOURS[0]
    assert cells[-1].get("fill") == HEAT_COLOURS[4]


def test_calendar_has_a_legend_and_month_labels():
    root = parse(calendar_heatmap_svg(year_of_days(), title="t"))
    legend = with_class(root, "heat-legend")
    assert [el.get("fill") for el in legend] == list(HEAT_COLOURS)
    texts = [el.text for el in root.iter(f"{SVG}text")]
    assert "Less" in texts and "More" in texts
    months = [el.text for el in with_class(root, "chart-month")]
    assert months == [
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "May",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Oct",
        "Nov",
        "Dec",
    ]


@pytest.mark.parametrize(
    ("first", "months"),
    [
        (date(2024, 3, 27), ["Apr"]),  # 1 April is in the 2nd column: "Mar" would overlap it
        (date(2024, 3, 18), ["Apr"]),  # 1 April in the 3rd column: still too close
        (date(2024, 3, 11), ["Mar", "Apr"]),  # 1 April in the 4th column
        (date(2024, 3, 1), ["Mar", "Apr"]),  # starts on the 1st
        (date(2024, 4, 2), ["Apr"]),  # no month starts in the range
    ],
)
def test_calendar_month_labels_never_overlap(first, months):
    days = [(first + timedelta(days=i), 1) for i in range((date(2024, 4, 20) - first).days + 1)]
    root = parse(calendar_heatmap_svg(days, title="t"))
    labels = with_class(root, "chart-month")
    assert [el.text for el in labels] == months
    xs = [float(el.get("x")) for el in labels]
    assert all(b - a >= 3 * 16 for a, b in zip(xs, xs[1:], strict=False))


def test_calendar_escapes_the_title():
    svg = calendar_heatmap_svg([(YEAR_START, 1)], title="<Reviews> & 'more'")
    assert "<Reviews>" not in svg
    root = parse(svg)
    assert title_of(root) == "<Reviews> & 'more'"
    assert root.get("aria-label").startswith("<Reviews> & 'more': 1 review on 1 of 1 days")


def test_calendar_without_days_says_no_data_yet():
    root = parse(calendar_heatmap_svg([], title="Review activity"))
    assert with_class(root, "chart-empty")[0].text == "No data yet"
    assert with_class(root, "heat-cell") == []


def test_calendar_rejects_duplicate_dates_and_negative_counts():
    with pytest.raises(ValueError) as info:
        calendar_heatmap_svg([(YEAR_START, 1), (YEAR_START, 2), (date(2024, 1, 2), -1)], title="t")
    assert "2024-01-01 appears twice" in str(info.value)
    assert "2024-01-02 has a negative count" in str(info.value)
