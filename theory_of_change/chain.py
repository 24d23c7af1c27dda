"""A Theory of Change chain in a neutral shape, built from a saved plan or from a worked example,
so that the diagram and the text version are drawn the same way for both."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from theory_of_change.models import Plan
from theory_of_change.part_values import linked_ids, related, value_of
from theory_of_change.shape import ACTIVITIES, OUTPUTS


@dataclass
class ChainItem:
    key: str  # unique in the chain, e.g. "outcome-12"; used for links and SVG data attributes
    label: str  # "Outcome 1"
    text: str
    leads_to: list[str] = field(default_factory=list)  # keys of the next stage's items
    details: list[str] = field(default_factory=list)  # indicators of an outcome; inputs


@dataclass
class Chain:
    impact: str
    outcomes: list[ChainItem]
    outputs: list[ChainItem]
    activities: list[ChainItem]

    @property
    def is_empty(self) -> bool:
        return not (self.impact or self.outcomes or self.outputs or self.activities)

    def labels(self) -> dict[str, str]:
        return {i.key: i.label for i in (*self.outcomes, *self.outputs, *self.activities)}


# The chain's kinds of item, by the key of their part kind (shape.py): "outcome-12".
KEY_PREFIX = {"outcomes": "outcome", "outputs": "output", "activities": "activity"}


def chain_key(kind: str, pk) -> str:
    """The key of a part in the chain, from its part kind's key and its id."""
    return f"{KEY_PREFIX[kind]}-{pk}"


def indicator_text(indicator) -> str:
    return f"{indicator.code}: {indicator.wording_marked}"


def inputs_text(inputs: str) -> list[str]:
    label = ACTIVITIES.label_of("inputs")
    return (
        [_("%(label)s: %(inputs)s") % {"label": label, "inputs": inputs}] if inputs.strip() else []
    )


def chain_of(
    *,
    impact: str,
    outcomes: Iterable[Any],
    outputs: Iterable[Any],
    activities: Iterable[Any],
    indicators: Callable[[Any], list[str]],
) -> Chain:
    """The chain of parts that are saved models or snapshot rows (part_values reads both);
    `indicators` describes an outcome's indicators."""
    (served,) = OUTPUTS.links
    (leads_to,) = ACTIVITIES.links
    # Each kind's label translated once, not once per item (a large plan has hundreds).
    outcome_text, output_text = _("Outcome %(number)s"), _("Output %(number)s")
    activity_text = _("Activity %(number)s")
    return Chain(
        impact=impact,
        outcomes=[
            ChainItem(
                key=chain_key("outcomes", value_of(o, "id")),
                label=outcome_text % {"number": n},
                text=value_of(o, "text"),
                details=indicators(o),
            )
            for n, o in enumerate(outcomes, start=1)
        ],
        outputs=[
            ChainItem(
                key=chain_key("outputs", value_of(p, "id")),
                label=output_text % {"number": n},
                text=value_of(p, "text"),
                leads_to=[chain_key(served.to, pk) for pk in linked_ids(p, served.name)],
            )
            for n, p in enumerate(outputs, start=1)
        ],
        activities=[
            ChainItem(
                key=chain_key("activities", value_of(a, "id")),
                label=activity_text % {"number": n},
                text=value_of(a, "text"),
                leads_to=[chain_key(leads_to.to, pk) for pk in linked_ids(a, leads_to.name)],
                details=inputs_text(value_of(a, "inputs")),
            )
            for n, a in enumerate(activities, start=1)
        ],
    )


def chain_from_plan(plan: Plan) -> Chain:
    """The chain of a plan from `selectors.plan_for_display` (prefetched relations only)."""
    return chain_of(
        impact=plan.impact,
        outcomes=plan.outcomes.all(),
        outputs=plan.outputs.all(),
        activities=plan.activities.all(),
        indicators=lambda outcome: [indicator_text(i) for i in related(outcome, "indicators")],
    )


def chain_tree(chain: Chain) -> dict:
    """The chain read backwards from the impact, as nested lists for the text version: each
    outcome with the outputs that serve it, each output with the activities that lead to it.
    An item linked to several others appears under each; items not linked yet are listed apart.
    """
    activities_for: dict[str, list[ChainItem]] = {}
    for activity in chain.activities:
        for key in activity.leads_to:
            activities_for.setdefault(key, []).append(activity)
    outputs_for: dict[str, list[ChainItem]] = {}
    for output in chain.outputs:
        for key in output.leads_to:
            outputs_for.setdefault(key, []).append(output)
    return {
        "impact": chain.impact,
        "outcomes": [
            {
                "item": outcome,
                "outputs": [
                    {"item": output, "activities": activities_for.get(output.key, [])}
                    for output in outputs_for.get(outcome.key, [])
                ],
            }
            for outcome in chain.outcomes
        ],
        "unlinked_outputs": [
            {"item": output, "activities": activities_for.get(output.key, [])}
            for output in chain.outputs
            if not output.leads_to
        ],
        "unlinked_activities": [a for a in chain.activities if not a.leads_to],
    }
