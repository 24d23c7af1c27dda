"""A Theory of Change chain in a neutral shape, built from a saved plan or from a worked example,
so that the diagram and the text version are drawn the same way for both."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from theory_of_change.models import Plan


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


def outcome_label(number: int) -> str:
    return _("Outcome %(number)s") % {"number": number}


def output_label(number: int) -> str:
    return _("Output %(number)s") % {"number": number}


def activity_label(number: int) -> str:
    return _("Activity %(number)s") % {"number": number}


def indicator_text(indicator) -> str:
    return f"{indicator.code}: {indicator.wording}"


def inputs_text(inputs: str) -> list[str]:
    return [_("Inputs: %(inputs)s") % {"inputs": inputs}] if inputs.strip() else []


def chain_from_plan(plan: Plan) -> Chain:
    """The chain of a plan from `selectors.plan_for_display` (prefetched relations only)."""
    return Chain(
        impact=plan.impact,
        outcomes=[
            ChainItem(
                key=f"outcome-{o.pk}",
                label=outcome_label(n),
                text=o.text,
                details=[indicator_text(i) for i in o.indicators.all()],
            )
            for n, o in enumerate(plan.outcomes.all(), start=1)
        ],
        outputs=[
            ChainItem(
                key=f"output-{p.pk}",
                label=output_label(n),
                text=p.text,
                leads_to=[f"outcome-{o.pk}" for o in p.outcomes.all()],
            )
            for n, p in enumerate(plan.outputs.all(), start=1)
        ],
        activities=[
            ChainItem(
                key=f"activity-{a.pk}",
                label=activity_label(n),
                text=a.text,
                leads_to=[f"output-{p.pk}" for p in a.outputs.all()],
                details=inputs_text(a.inputs),
            )
            for n, a in enumerate(plan.activities.all(), start=1)
        ],
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
