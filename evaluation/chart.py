"""A server-rendered SVG line chart of one indicator over time: one series per group, told apart
by marker shape and line style as well as colour, with each dated target as an open mark of the
group's shape, and dates along the axis.

Written as text (ioi_planner.text.xml_element escapes every attribute; text is escaped before it
goes in), and styled with presentation attributes only (the Content-Security-Policy allows no
inline style). The chart is an image (role="img" with a <title> and <desc>); the same numbers
are in the table beside it, which the <desc> names and aria-describedby points to. Colours are GOV.UK colours with at least 3:1 contrast on white.
"""

import math
from datetime import date, timedelta
from decimal import Decimal
from html import escape

from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from domains.languages import text_in_language
from ioi_planner.text import for_xml, xml_element

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


def _marker(shape: str, x: float, y: float, colour: str, *, open_: bool) -> str:
    size = 7 if open_ else 5
    attrs = {
        "fill": "#ffffff" if open_ else colour,
        "stroke": colour,
        "stroke-width": "2.5" if open_ else "1.5",
        "class": "app-chart-target" if open_ else "app-chart-point",
    }
    if shape == "circle":
        return xml_element("circle", {"cx": f"{x:.1f}", "cy": f"{y:.1f}", "r": size, **attrs})
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
    return xml_element("polygon", {"points": path, **attrs})


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

    parts = [
        xml_element(
            "title",
            {"id": f"{chart_id}-title"},
            escape(
                _("Progress of ‘%(indicator)s’ over time, by group")
                % {"indicator": text_in_language(figures.indicator, "wording")}
            ),
        ),
        xml_element(
            "desc",
            {"id": f"{chart_id}-desc"},
            escape(
                _(
                    "A line for each group joins its values in date order; each group has its "
                    "own colour, line style and marker shape. Open markers are targets. The "
                    "table that follows gives the same numbers."
                )
            ),
        ),
    ]
    # The legend: a sample of each group's line and marker, and what an open marker means.
    for row, group in enumerate(groups):
        colour, dash, shape = _style(row)
        middle = 8 + row * LEGEND_ROW + 7
        line = {"x1": 4, "x2": 40, "y1": middle, "y2": middle, "stroke": colour}
        parts.append(xml_element("line", {**line, "stroke-width": "2.5", **_dash(dash)}))
        parts.append(_marker(shape, 22, middle, colour, open_=False))
        parts.append(
            xml_element(
                "text", {"x": 48, "y": middle + 5, "fill": TEXT_COLOUR}, escape(_label(group.name))
            )
        )
    middle = 8 + len(groups) * LEGEND_ROW + 7
    parts.append(_marker("circle", 22, middle, TEXT_COLOUR, open_=True))
    parts.append(
        xml_element(
            "text",
            {"x": 48, "y": middle + 5, "fill": TEXT_COLOUR},
            escape(_("Target (open marker, in the group’s colour and shape)")),
        )
    )
    # Axes: values with grid lines, dates along the bottom.
    for step in range(5):
        value = bottom + (top - bottom) * step / 4
        at = f"{y(value):.1f}"
        grid = {"x1": LEFT, "x2": WIDTH - RIGHT, "y1": at, "y2": at, "stroke": GRID_COLOUR}
        parts.append(xml_element("line", grid))
        label = {"x": LEFT - 6, "y": f"{y(value) + 4:.1f}", "fill": TEXT_COLOUR}
        parts.append(
            xml_element(
                "text",
                {**label, "text-anchor": "end"},
                escape(format_number(Decimal(str(round(value, 2))))),
            )
        )
    axis = plot_top + PLOT_HEIGHT
    parts.append(
        xml_element(
            "line",
            {"x1": LEFT, "x2": WIDTH - RIGHT, "y1": axis, "y2": axis, "stroke": TEXT_COLOUR},
        )
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
        at = f"{x(tick):.1f}"
        parts.append(
            xml_element(
                "line", {"x1": at, "x2": at, "y1": axis, "y2": axis + 5, "stroke": TEXT_COLOUR}
            )
        )
        parts.append(
            xml_element(
                "text",
                {"x": at, "y": axis + 20, "fill": TEXT_COLOUR, "text-anchor": anchor},
                escape(date_format(tick, "M Y" if long_span else "j M Y")),
            )
        )
    # The series: a line through each group's values, then its targets as open markers.
    for row, group in enumerate(groups):
        colour, dash, shape = _style(row)
        series = []
        if len(group.measurements) > 1:
            points = " ".join(
                f"{x(m.measured_on):.1f},{y(m.value):.1f}" for m in group.measurements
            )
            line = {"points": points, "fill": "none", "stroke": colour, "stroke-width": "2.5"}
            series.append(xml_element("polyline", {**line, **_dash(dash)}))
        series += [
            _marker(shape, x(m.measured_on), y(m.value), colour, open_=False)
            for m in group.measurements
        ]
        series += [
            _marker(shape, x(target.due_on), y(target.value), colour, open_=True)
            for target in group.targets
            if target.due_on
        ]
        parts.append(xml_element("g", {"class": "app-chart-series"}, "".join(series)))
    svg = xml_element(
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
            "font-size": FONT_SIZE,
        },
        "".join(parts),
    )
    return mark_safe(for_xml(svg))  # noqa: S308 - every attribute and text escaped above


def _style(row: int) -> tuple[str, str, str]:
    return COLOURS[row % len(COLOURS)], DASHES[row % len(DASHES)], SHAPES[row % len(SHAPES)]


def _dash(dash: str) -> dict:
    return {"stroke-dasharray": dash} if dash else {}
