"""A server-rendered SVG line chart of one indicator over time: one series per group, told apart
by marker shape and line style as well as colour, with each dated target as an open mark of the
group's shape, and dates along the axis.

Built with ElementTree, so all user text is escaped, and styled with presentation attributes
only (the Content-Security-Policy allows no inline style). The chart is an image (role="img"
with a <title> and <desc>); the same numbers are in the table beside it, which the <desc> names
and aria-describedby points to. Colours are GOV.UK colours with at least 3:1 contrast on white.
"""

import math
import xml.etree.ElementTree as ET  # noqa: S405 - builds markup; nothing untrusted is parsed
from datetime import date, timedelta
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from domains.languages import text_in_language

from .presenters import format_number
from .progress import GroupProgress, IndicatorProgress

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
WIDTH = 600
LEFT = 60  # room for the values on the vertical axis
RIGHT = 36
PLOT_HEIGHT = 240
LEGEND_ROW = 24
AXIS_LABELS = 40  # room for the dates under the plot
FONT_SIZE = 15
TEXT_COLOUR = "#0b0c0c"
GRID_COLOUR = "#b1b4b6"
COLOURS = ("#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#912b88", "#505a5f")
DASHES = ("", "8 4", "2 4", "10 4 2 4", "4 4", "12 2")
SHAPES = ("circle", "square", "triangle", "diamond", "cross", "triangle-down")
DATE_TICKS = 4  # intervals along the time axis


def _label(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5 or 5 times a power of ten that is at least `value`."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 2.5, 5, 10) if step * power >= value)


def _marker(parent, shape: str, x: float, y: float, colour: str, *, open_: bool) -> None:
    size = 7 if open_ else 5
    attrs = {
        "fill": "#ffffff" if open_ else colour,
        "stroke": colour,
        "stroke-width": "2.5" if open_ else "1.5",
        "class": "app-chart-target" if open_ else "app-chart-point",
    }
    if shape == "circle":
        ET.SubElement(
            parent, "circle", {"cx": f"{x:.1f}", "cy": f"{y:.1f}", "r": str(size), **attrs}
        )
        return
    points = {
        "square": [(-1, -1), (1, -1), (1, 1), (-1, 1)],
        "triangle": [(0, -1.2), (1.1, 0.9), (-1.1, 0.9)],
        "triangle-down": [(0, 1.2), (1.1, -0.9), (-1.1, -0.9)],
        "diamond": [(0, -1.3), (1.3, 0), (0, 1.3), (-1.3, 0)],
        "cross": [
            (-0.4, -1.2),
            (0.4, -1.2),
            (0.4, -0.4),
            (1.2, -0.4),
            (1.2, 0.4),
            (0.4, 0.4),
            (0.4, 1.2),
            (-0.4, 1.2),
            (-0.4, 0.4),
            (-1.2, 0.4),
            (-1.2, -0.4),
            (-0.4, -0.4),
        ],
    }[shape]
    path = " ".join(f"{x + dx * size:.1f},{y + dy * size:.1f}" for dx, dy in points)
    ET.SubElement(parent, "polygon", {"points": path, **attrs})


def _date_ticks(first: date, last: date) -> list[date]:
    span = (last - first).days
    if span == 0:
        return [first]
    return [first + timedelta(days=round(span * i / DATE_TICKS)) for i in range(DATE_TICKS + 1)]


def _charted(group: GroupProgress) -> bool:
    return bool(group.measurements) or any(t.due_on for t in group.targets)


def indicator_chart(figures: IndicatorProgress, *, chart_id: str, table_id: str) -> SafeString:
    groups = [g for g in figures.groups if _charted(g)]
    points = [(m.measured_on, m.value) for g in groups for m in g.measurements]
    points += [(t.due_on, t.value) for g in groups for t in g.targets if t.due_on]
    days = [on for on, _value in points] or [date.today()]
    first, last = min(days), max(days)
    span_days = (last - first).days or 1
    values = [float(value) for _on, value in points]
    top = _nice_ceiling(max([0.0, *values]))
    bottom = -_nice_ceiling(-min(values)) if values and min(values) < 0 else 0.0
    legend_height = LEGEND_ROW * (len(groups) + 1) + 6
    plot_top = legend_height + 10
    height = plot_top + PLOT_HEIGHT + AXIS_LABELS
    plot_width = WIDTH - LEFT - RIGHT

    def x(on: date) -> float:
        if first == last:
            return LEFT + plot_width / 2
        return LEFT + (on - first).days / span_days * plot_width

    def y(value: Decimal | float) -> float:
        return plot_top + PLOT_HEIGHT - (float(value) - bottom) / (top - bottom) * PLOT_HEIGHT

    svg = ET.Element(
        "svg",
        {
            "xmlns": SVG_NAMESPACE,
            "viewBox": f"0 0 {WIDTH} {height}",
            "width": "100%",
            "role": "img",
            "aria-labelledby": f"{chart_id}-title {chart_id}-desc",
            "aria-describedby": table_id,
            "class": "app-measurement-chart",
            "font-family": "Arial, sans-serif",
            "font-size": str(FONT_SIZE),
        },
    )
    ET.SubElement(svg, "title", {"id": f"{chart_id}-title"}).text = _(
        "Progress of ‘%(indicator)s’ over time, by group"
    ) % {"indicator": text_in_language(figures.indicator, "wording")}
    ET.SubElement(svg, "desc", {"id": f"{chart_id}-desc"}).text = _(
        "A line for each group joins its values in date order; each group has its own colour, "
        "line style and marker shape. Open markers are targets. The table that follows gives "
        "the same numbers."
    )
    # The legend: a sample of each group's line and marker, and what an open marker means.
    for row, group in enumerate(groups):
        colour, dash, shape = _style(row)
        middle = 8 + row * LEGEND_ROW + 7
        line = {"x1": "4", "x2": "40", "y1": str(middle), "y2": str(middle), "stroke": colour}
        ET.SubElement(svg, "line", {**line, "stroke-width": "2.5", **_dash(dash)})
        _marker(svg, shape, 22, middle, colour, open_=False)
        ET.SubElement(
            svg, "text", {"x": "48", "y": str(middle + 5), "fill": TEXT_COLOUR}
        ).text = _label(group.name)
    middle = 8 + len(groups) * LEGEND_ROW + 7
    _marker(svg, "circle", 22, middle, TEXT_COLOUR, open_=True)
    ET.SubElement(svg, "text", {"x": "48", "y": str(middle + 5), "fill": TEXT_COLOUR}).text = _(
        "Target (open marker, in the group’s colour and shape)"
    )
    # Axes: values with grid lines, dates along the bottom.
    for step in range(5):
        value = bottom + (top - bottom) * step / 4
        at = f"{y(value):.1f}"
        ET.SubElement(
            svg,
            "line",
            {"x1": str(LEFT), "x2": str(WIDTH - RIGHT), "y1": at, "y2": at, "stroke": GRID_COLOUR},
        )
        ET.SubElement(
            svg,
            "text",
            {
                "x": str(LEFT - 6),
                "y": f"{y(value) + 4:.1f}",
                "fill": TEXT_COLOUR,
                "text-anchor": "end",
            },
        ).text = format_number(Decimal(str(round(value, 2))))
    axis = f"{plot_top + PLOT_HEIGHT}"
    ET.SubElement(
        svg,
        "line",
        {"x1": str(LEFT), "x2": str(WIDTH - RIGHT), "y1": axis, "y2": axis, "stroke": TEXT_COLOUR},
    )
    long_span = (last - first).days > 2 * 365 // DATE_TICKS
    ticks = _date_ticks(first, last)
    for number, tick in enumerate(ticks):
        # The first and last labels end at the plot's edges, so that neither is cut off.
        anchor = (
            "middle"
            if 0 < number < len(ticks) - 1 or len(ticks) == 1
            else ("start" if number == 0 else "end")
        )
        ET.SubElement(
            svg,
            "line",
            {
                "x1": f"{x(tick):.1f}",
                "x2": f"{x(tick):.1f}",
                "y1": axis,
                "y2": str(plot_top + PLOT_HEIGHT + 5),
                "stroke": TEXT_COLOUR,
            },
        )
        ET.SubElement(
            svg,
            "text",
            {
                "x": f"{x(tick):.1f}",
                "y": str(plot_top + PLOT_HEIGHT + 20),
                "fill": TEXT_COLOUR,
                "text-anchor": anchor,
            },
        ).text = date_format(tick, "M Y" if long_span else "j M Y")
    # The series: a line through each group's values, then its targets as open markers.
    for row, group in enumerate(groups):
        colour, dash, shape = _style(row)
        series = ET.SubElement(svg, "g", {"class": "app-chart-series"})
        if len(group.measurements) > 1:
            ET.SubElement(
                series,
                "polyline",
                {
                    "points": " ".join(
                        f"{x(m.measured_on):.1f},{y(m.value):.1f}" for m in group.measurements
                    ),
                    "fill": "none",
                    "stroke": colour,
                    "stroke-width": "2.5",
                    **_dash(dash),
                },
            )
        for m in group.measurements:
            _marker(series, shape, x(m.measured_on), y(m.value), colour, open_=False)
        for target in group.targets:
            if target.due_on:
                _marker(series, shape, x(target.due_on), y(target.value), colour, open_=True)
    return mark_safe(ET.tostring(svg, encoding="unicode", short_empty_elements=True))  # noqa: S308


def _style(row: int) -> tuple[str, str, str]:
    return COLOURS[row % len(COLOURS)], DASHES[row % len(DASHES)], SHAPES[row % len(SHAPES)]


def _dash(dash: str) -> dict:
    return {"stroke-dasharray": dash} if dash else {}
