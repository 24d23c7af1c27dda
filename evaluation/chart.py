"""A server-rendered SVG chart of one indicator's measurements: per group, a bar for the
baseline and one for the latest value, and a mark at the group's next target.

Built with ElementTree, so all user text is escaped, and styled with presentation attributes
only (the Content-Security-Policy allows no inline style). The chart is an image (role="img"
with a <title> and <desc>); the same numbers are in the table beside it, which the <desc> names
and aria-describedby points to.
"""

import xml.etree.ElementTree as ET  # noqa: S405 - builds markup; nothing untrusted is parsed
from decimal import Decimal

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .presenters import format_number
from .progress import IndicatorProgress

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
# Drawn for half a page column (about 450 pixels), so the text stays readable when scaled.
WIDTH = 420
LEFT = 4
RIGHT = 60
LABEL_HEIGHT = 20  # each group's name sits above its two bars
BAR_HEIGHT = 16
ROW_HEIGHT = LABEL_HEIGHT + 2 * BAR_HEIGHT + 4 + 14
TOP = 34
FONT_SIZE = 14
BASELINE_COLOUR = "#505a5f"
LATEST_COLOUR = "#1d70b8"
TARGET_COLOUR = "#d4351c"
TEXT_COLOUR = "#0b0c0c"


def _label(group: str, limit: int = 48) -> str:
    return group if len(group) <= limit else group[: limit - 1] + "…"


def indicator_chart(figures: IndicatorProgress, *, chart_id: str, table_id: str) -> SafeString:
    values = [
        row.value for g in figures.groups for row in (g.baseline, g.latest, g.next_target) if row
    ]
    top = max([Decimal(0), *values]) or Decimal(1)
    bottom = min([Decimal(0), *values])
    span = top - bottom or Decimal(1)
    plot = WIDTH - LEFT - RIGHT

    def x(value: Decimal) -> float:
        return round(LEFT + float((value - bottom) / span) * plot, 1)

    height = TOP + ROW_HEIGHT * max(len(figures.groups), 1) + 24
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
        "Progress of ‘%(indicator)s’ by group"
    ) % {"indicator": figures.indicator.wording}
    ET.SubElement(svg, "desc", {"id": f"{chart_id}-desc"}).text = _(
        "Grey bars are baselines, blue bars the latest values, and a red line marks each "
        "group’s next target. The table that follows gives the same numbers."
    )
    legend = [(BASELINE_COLOUR, _("Baseline")), (LATEST_COLOUR, _("Latest"))]
    if any(g.next_target for g in figures.groups):
        legend.append((TARGET_COLOUR, _("Next target")))
    for index, (colour, text) in enumerate(legend):
        left = LEFT + index * 110
        ET.SubElement(
            svg,
            "rect",
            {"x": str(left), "y": "8", "width": "14", "height": "14", "fill": colour},
        )
        ET.SubElement(
            svg, "text", {"x": str(left + 20), "y": "20", "fill": TEXT_COLOUR}
        ).text = text
    for row, group in enumerate(figures.groups):
        top = TOP + row * ROW_HEIGHT
        ET.SubElement(
            svg,
            "text",
            {"x": str(LEFT), "y": str(top + 14), "fill": TEXT_COLOUR, "font-weight": "bold"},
        ).text = _label(group.name)
        y = top + LABEL_HEIGHT
        for offset, value, colour in (
            (0, group.baseline, BASELINE_COLOUR),
            (BAR_HEIGHT + 4, group.latest, LATEST_COLOUR),
        ):
            if value is None:
                continue
            value = value.value
            left, right = sorted((x(Decimal(0)), x(value)))
            ET.SubElement(
                svg,
                "rect",
                {
                    "class": "app-chart-bar",
                    "x": str(left),
                    "y": str(y + offset),
                    "width": str(max(round(right - left, 1), 1)),
                    "height": str(BAR_HEIGHT),
                    "fill": colour,
                },
            )
            ET.SubElement(
                svg,
                "text",
                {"x": str(right + 4), "y": str(y + offset + BAR_HEIGHT - 4), "fill": TEXT_COLOUR},
            ).text = format_number(value)
        if group.next_target is not None:
            tx = str(x(group.next_target.value))
            ET.SubElement(
                svg,
                "line",
                {
                    "class": "app-chart-target",
                    "x1": tx,
                    "x2": tx,
                    "y1": str(y - 2),
                    "y2": str(y + 2 * BAR_HEIGHT + 6),
                    "stroke": TARGET_COLOUR,
                    "stroke-width": "3",
                },
            )
    return mark_safe(ET.tostring(svg, encoding="unicode", short_empty_elements=True))  # noqa: S308
