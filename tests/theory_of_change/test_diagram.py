"""The diagram, parsed as XML: one box per item, one line per link, user text as text."""

import xml.etree.ElementTree as ET

import pytest

from theory_of_change.chain import Chain, ChainItem, chain_from_plan, chain_tree
from theory_of_change.diagram import MAX_TEXT_LINES, chain_svg, wrap
from theory_of_change.selectors import plan_for_display

from ..factories import ActivityFactory, OutcomeFactory, OutputFactory, PlanFactory

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup: str) -> ET.Element:
    return ET.fromstring(markup)  # noqa: S314 - our own output


def nodes(svg: ET.Element) -> dict[str, ET.Element]:
    return {
        g.get("data-key"): g
        for g in svg.iter(f"{SVG}g")
        if "toc-node" in g.get("class", "").split()
    }


def edges(svg: ET.Element) -> list[tuple[str, str]]:
    return sorted(
        (p.get("data-from"), p.get("data-to"))
        for p in svg.iter(f"{SVG}path")
        if p.get("class") == "toc-edge"
    )


def node_text(node: ET.Element) -> str:
    """The box's lines (label first), joined with spaces."""
    return " ".join(line.text for line in node.iter(f"{SVG}tspan"))


@pytest.fixture
def chain():
    return Chain(
        impact="Everyone belongs",
        outcomes=[
            ChainItem("outcome-1", "Outcome 1", "People mix", details=["S07-01: friends"]),
            ChainItem("outcome-2", "Outcome 2", "People talk"),
        ],
        outputs=[
            ChainItem("output-1", "Output 1", "Sessions held", leads_to=["outcome-1", "outcome-2"]),
            ChainItem("output-2", "Output 2", "Leaflets", leads_to=[]),
        ],
        activities=[
            ChainItem("activity-1", "Activity 1", "Run sessions", leads_to=["output-1"]),
            ChainItem("activity-2", "Activity 2", "Print", leads_to=["output-1", "output-2"]),
            ChainItem("activity-3", "Activity 3", "Plan", leads_to=[]),
        ],
    )


def test_the_diagram_has_one_node_per_item_and_the_impact(chain):
    svg = parse(chain_svg(chain, title="Friendship club"))
    assert set(nodes(svg)) == {
        "impact",
        "outcome-1",
        "outcome-2",
        "output-1",
        "output-2",
        "activity-1",
        "activity-2",
        "activity-3",
    }
    assert node_text(nodes(svg)["outcome-1"]) == "Outcome 1 People mix"
    assert node_text(nodes(svg)["impact"]) == "Long-term impact Everyone belongs"


def test_the_diagram_has_one_edge_per_link_and_each_outcome_leads_to_the_impact(chain):
    svg = parse(chain_svg(chain, title="Friendship club"))
    assert edges(svg) == sorted(
        [
            ("activity-1", "output-1"),
            ("activity-2", "output-1"),
            ("activity-2", "output-2"),
            ("output-1", "outcome-1"),
            ("output-1", "outcome-2"),
            ("outcome-1", "impact"),
            ("outcome-2", "impact"),
        ]
    )


def test_edges_run_from_the_right_of_a_box_to_the_left_of_the_next(chain):
    svg = parse(chain_svg(chain, title="Friendship club"))
    boxes = {key: node.find(f"{SVG}rect") for key, node in nodes(svg).items()}
    paths = [path for path in svg.iter(f"{SVG}path") if path.get("class") == "toc-edge"]
    # The chain has seven links: checking no edge would prove nothing.
    assert len(paths) == 7
    for path in paths:
        start, end = path.get("d").split(" C ")[0], path.get("d").split(", ")[-1]
        source, target = boxes[path.get("data-from")], boxes[path.get("data-to")]
        assert float(start.split()[1]) == float(source.get("x")) + float(source.get("width"))
        assert float(end.split()[0]) == float(target.get("x"))


def test_the_diagram_is_an_image_with_a_title_and_a_description(chain):
    svg = parse(chain_svg(chain, title="Friendship club", id_prefix="plan"))
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "plan-title plan-desc"
    assert svg.find(f"{SVG}title").get("id") == "plan-title"
    assert svg.find(f"{SVG}title").text == "Friendship club"
    description = svg.find(f"{SVG}desc").text
    assert "3 activities, 2 outputs, 2 outcomes, 7 links" in description
    # No inline style anywhere: the Content-Security-Policy forbids it.
    assert all("style" not in element.attrib for element in svg.iter())


def test_user_text_comes_out_as_text_never_as_markup():
    hostile = '<script>alert("x")</script> & </text><g onload="x">'
    chain = Chain(
        impact=hostile,
        outcomes=[ChainItem("outcome-1", "Outcome 1", hostile)],
        outputs=[],
        activities=[],
    )
    markup = chain_svg(chain, title=hostile)
    assert "<script>" not in markup
    assert "&lt;script&gt;" in markup
    svg = parse(markup)
    assert [e.tag for e in svg.iter() if "script" in e.tag] == []
    assert all("onload" not in e.attrib for e in svg.iter())
    assert svg.find(f"{SVG}title").text == hostile
    assert node_text(nodes(svg)["outcome-1"]) == "Outcome 1 " + " ".join(hostile.split())


def test_long_text_is_wrapped_into_lines_and_cut_with_an_ellipsis():
    lines = wrap("word " * 200)
    assert len(lines) == MAX_TEXT_LINES
    assert all(len(line) <= 28 for line in lines)
    assert lines[-1].endswith("…")
    assert wrap("A short outcome") == ["A short outcome"]


def test_taller_boxes_never_overlap_in_their_column():
    chain = Chain(
        impact="",
        outcomes=[ChainItem(f"outcome-{n}", f"Outcome {n}", "long text " * n) for n in range(8)],
        outputs=[],
        activities=[],
    )
    svg = parse(chain_svg(chain, title="Plan"))
    rects = [nodes(svg)[f"outcome-{n}"].find(f"{SVG}rect") for n in range(8)]
    for above, below in zip(rects, rects[1:], strict=False):
        assert float(above.get("y")) + float(above.get("height")) < float(below.get("y"))
    height = float(svg.get("viewBox").split()[3])
    assert float(rects[-1].get("y")) + float(rects[-1].get("height")) <= height
    assert node_text(nodes(svg)["impact"]) == "Long-term impact Not written yet"


@pytest.mark.django_db
def test_a_plans_chain_has_its_items_in_order_and_its_links(team, alice):
    plan = PlanFactory(team=team, owner=alice, impact="Belonging")
    first, second = OutcomeFactory(plan=plan, text="First"), OutcomeFactory(plan=plan, text="Next")
    output = OutputFactory(plan=plan, text="Sessions")
    output.outcomes.set([second])
    ActivityFactory(plan=plan, text="Run", inputs="Venue").outputs.set([output])
    ActivityFactory(plan=plan, text="Loose end")
    chain = chain_from_plan(plan_for_display(plan_id=plan.pk, user=alice))
    assert [(o.label, o.text) for o in chain.outcomes] == [
        ("Outcome 1", "First"),
        ("Outcome 2", "Next"),
    ]
    assert chain.outputs[0].leads_to == [f"outcome-{second.pk}"]
    assert chain.activities[0].details == ["Inputs: Venue"]

    tree = chain_tree(chain)
    assert tree["outcomes"][0]["outputs"] == []
    assert [o["item"].text for o in tree["outcomes"][1]["outputs"]] == ["Sessions"]
    assert [a.text for a in tree["outcomes"][1]["outputs"][0]["activities"]] == ["Run"]
    assert [a.text for a in tree["unlinked_activities"]] == ["Loose end"]
    assert first.pk != second.pk
