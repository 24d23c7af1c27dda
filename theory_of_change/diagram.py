"""The Theory of Change drawn as server-rendered SVG.

Four columns read left to right in the order things happen: activities lead to outputs, outputs
serve outcomes, outcomes lead to the long-term impact (the plan is written in the opposite
order). Each item is a box (a <g class="toc-node">) and each link a line with an arrow head (a
<path class="toc-edge">).

The markup is written as text (ioi_planner.text.xml_element escapes every attribute, and every
piece of user text is escaped before it goes in), styled with SVG presentation attributes and
classes only: the Content-Security-Policy allows no inline style. The SVG is an image (role="img" with <title> and <desc>); the page gives the same chain
as a nested text list for screen-reader users.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ioi_planner.text import for_xml, xml_element
from theory_of_change.chain import Chain, ChainItem

SVG_NAMESPACE = "http://www.w3.org/2000/svg"

MARGIN = 10
BOX_WIDTH = 220
COLUMN_GAP = 60
HEADING_HEIGHT = 34
BOX_GAP = 14
PADDING = 8
FONT_SIZE = 13
LINE_HEIGHT = 16
# Arial at 13px averages a little over 6px a character; 28 keeps lines inside the box.
CHARACTERS_PER_LINE = 28
MAX_TEXT_LINES = 6  # the text version carries the whole text

COLOURS = {
    "activity": "#1d70b8",
    "output": "#00703c",
    "outcome": "#4c2c92",
    "impact": "#0b0c0c",
}
TEXT_COLOUR = "#0b0c0c"
EDGE_COLOUR = "#505a5f"


@dataclass
class _Box:
    key: str
    kind: str
    x: int
    y: int
    height: int
    label: str
    lines: list[str]

    @property
    def middle(self) -> int:
        return self.y + self.height // 2


def wrap(text: str) -> list[str]:
    """Lines that fit a box; text longer than the box holds ends in an ellipsis."""
    lines = textwrap.wrap(" ".join(text.split()), CHARACTERS_PER_LINE, break_long_words=True)
    if len(lines) > MAX_TEXT_LINES:
        lines = lines[:MAX_TEXT_LINES]
        lines[-1] = lines[-1][: CHARACTERS_PER_LINE - 2].rstrip() + " …"
    return lines


def _box_height(lines: list[str]) -> int:
    return 2 * PADDING + LINE_HEIGHT * (1 + len(lines))


def _column_x(column: int) -> int:
    return MARGIN + column * (BOX_WIDTH + COLUMN_GAP)


def _layout(kind: str, column: int, items: list[ChainItem]) -> list[_Box]:
    boxes, y = [], MARGIN + HEADING_HEIGHT
    for item in items:
        lines = wrap(item.text)
        boxes.append(
            _Box(item.key, kind, _column_x(column), y, _box_height(lines), item.label, lines)
        )
        y += boxes[-1].height + BOX_GAP
    return boxes


def chain_svg(chain: Chain, *, title: str, id_prefix: str = "toc", lang: str = "") -> SafeString:
    """The chain as an inline <svg> element, ready to put in a template. `lang`: the language
    the plan's text is in, when it is not the page's (presenters.content_lang): each box's
    text is marked with it, its label ("Outcome 2") staying in the page's."""
    columns = [
        ("activity", _("Activities"), chain.activities),
        ("output", _("Outputs"), chain.outputs),
        ("outcome", _("Outcomes"), chain.outcomes),
    ]
    boxes: dict[str, _Box] = {}
    bottoms = [MARGIN + HEADING_HEIGHT]
    for column, (kind, _heading, items) in enumerate(columns):
        for box in _layout(kind, column, items):
            boxes[box.key] = box
            bottoms.append(box.y + box.height + BOX_GAP)
    impact_lines = wrap(chain.impact) if chain.impact.strip() else [_("Not written yet")]
    impact = _Box("impact", "impact", _column_x(3), 0, _box_height(impact_lines), "", impact_lines)
    impact.label = _("Long-term impact")
    top = MARGIN + HEADING_HEIGHT
    height = max(max(bottoms), top + impact.height + BOX_GAP) + MARGIN
    # The impact sits halfway down, level with the middle of the chain that reaches it.
    impact.y = max(top, (height - impact.height) // 2)
    width = _column_x(4) - COLUMN_GAP + MARGIN

    links = [
        (item.key, target)
        for items in (chain.activities, chain.outputs)
        for item in items
        for target in item.leads_to
        if target in boxes
    ] + [(outcome.key, "impact") for outcome in chain.outcomes]
    boxes["impact"] = impact

    parts = [
        xml_element("title", {"id": f"{id_prefix}-title"}, escape(title)),
        xml_element("desc", {"id": f"{id_prefix}-desc"}, escape(_description(chain, links))),
        _arrow_head(id_prefix),
    ]
    for column, (_kind, heading, _items) in enumerate([*columns, ("impact", _("Impact"), [])]):
        parts.append(
            xml_element(
                "text",
                {
                    "class": "toc-heading",
                    "x": _column_x(column),
                    "y": MARGIN + FONT_SIZE + 4,
                    "font-weight": "bold",
                    "font-size": "16",
                    "fill": TEXT_COLOUR,
                },
                escape(heading),
            )
        )
    edges = "".join(_edge(boxes[source], boxes[target], id_prefix) for source, target in links)
    parts.append(xml_element("g", {"class": "toc-edges"}, edges))
    for box in boxes.values():
        parts.append(_node(box, lang if box.kind != "impact" or chain.impact.strip() else ""))
    svg = xml_element(
        "svg",
        {
            "xmlns": SVG_NAMESPACE,
            "viewBox": f"0 0 {width} {height}",
            "width": "100%",
            "role": "img",
            "aria-labelledby": f"{id_prefix}-title {id_prefix}-desc",
            "class": "app-toc-diagram",
            "font-family": "Arial, sans-serif",
            "font-size": FONT_SIZE,
        },
        "".join(parts),
    )
    # Every piece is escaped (xml_element, escape); control characters, which no XML parser
    # accepts, are dropped by for_xml (text saved before the input rules, or by a script).
    return mark_safe(for_xml(svg))  # noqa: S308


def _description(chain: Chain, links: list) -> str:
    counts = [
        ngettext("%(count)s activity", "%(count)s activities", len(chain.activities)),
        ngettext("%(count)s output", "%(count)s outputs", len(chain.outputs)),
        ngettext("%(count)s outcome", "%(count)s outcomes", len(chain.outcomes)),
        ngettext("%(count)s link", "%(count)s links", len(links)),
    ]
    numbers = [len(chain.activities), len(chain.outputs), len(chain.outcomes), len(links)]
    counted = ", ".join(text % {"count": n} for text, n in zip(counts, numbers, strict=True))
    return _(
        "Activities on the left lead to outputs, outputs serve outcomes and outcomes lead to the "
        "long-term impact on the right: %(counted)s. The text version of the chain follows the "
        "diagram."
    ) % {"counted": counted}


def _arrow_head(id_prefix: str) -> str:
    arrow = xml_element("path", {"d": "M 0 0 L 10 5 L 0 10 z", "fill": EDGE_COLOUR})
    marker = xml_element(
        "marker",
        {
            "id": f"{id_prefix}-arrow",
            "viewBox": "0 0 10 10",
            "refX": "10",
            "refY": "5",
            "markerWidth": "7",
            "markerHeight": "7",
            "orient": "auto-start-reverse",
        },
        arrow,
    )
    return xml_element("defs", {}, marker)


def _edge(source: _Box, target: _Box, id_prefix: str) -> str:
    x1, y1 = source.x + BOX_WIDTH, source.middle
    x2, y2 = target.x, target.middle
    bend = (x2 - x1) // 2
    return xml_element(
        "path",
        {
            "class": "toc-edge",
            "data-from": source.key,
            "data-to": target.key,
            "d": f"M {x1} {y1} C {x1 + bend} {y1}, {x2 - bend} {y2}, {x2} {y2}",
            "fill": "none",
            "stroke": EDGE_COLOUR,
            "stroke-width": "1.5",
            "marker-end": f"url(#{id_prefix}-arrow)",
        },
    )


def _node(box: _Box, lang: str = "") -> str:
    rect = xml_element(
        "rect",
        {
            "x": box.x,
            "y": box.y,
            "width": BOX_WIDTH,
            "height": box.height,
            "rx": "4",
            "fill": "#ffffff",
            "stroke": COLOURS[box.kind],
            "stroke-width": "3" if box.kind == "impact" else "2",
        },
    )
    x = box.x + PADDING
    first_line = box.y + PADDING + FONT_SIZE
    label = {"x": x, "y": first_line, "font-weight": "bold", "fill": COLOURS[box.kind]}
    lines = [xml_element("tspan", label, escape(box.label))]
    marked = f' lang="{escape(lang, quote=True)}"' if lang else ""
    # The lines are most of the diagram: written directly, each one's text escaped.
    lines += [
        f'<tspan x="{x}" y="{first_line + number * LINE_HEIGHT}"{marked}>{escape(line)}</tspan>'
        for number, line in enumerate(box.lines, start=1)
    ]
    text = xml_element("text", {"fill": TEXT_COLOUR}, "".join(lines))
    return xml_element(
        "g", {"class": f"toc-node toc-node--{box.kind}", "data-key": box.key}, rect + text
    )
