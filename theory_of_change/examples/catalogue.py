"""The worked examples (fixtures/framework/examples.json), and copying one into a new plan.

The examples are read from the file, not stored: they are reference content, like the framework
data, and a plan copied from one is independent of it afterwards. Indicators are referenced by
code; a code the bank does not have (or no longer offers) is skipped with a note, never an error.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from domains.models import Domain, IndicatorStatus
from domains.selectors import indicators_of_council
from ioi_planner.access import teams_of
from ioi_planner.models import Team
from theory_of_change.chain import (
    Chain,
    ChainItem,
    activity_label,
    inputs_text,
    outcome_label,
    output_label,
)
from theory_of_change.models import (
    Activity,
    Assumption,
    Barrier,
    Evidence,
    Outcome,
    Output,
    Plan,
    Stakeholder,
)
from theory_of_change.versioning import plan_version_record

EXAMPLES_FILE = Path(settings.BASE_DIR) / "fixtures" / "framework" / "examples.json"


IMPACT = "impact"


class ExampleNotFound(LookupError):
    pass


@cache
def _load(path: Path) -> tuple[dict, ...]:
    with path.open(encoding="utf-8") as file:
        return tuple(json.load(file))


def examples() -> tuple[dict, ...]:
    return _load(EXAMPLES_FILE)


def example_by_slug(slug: str) -> dict:
    for example in examples():
        if example["slug"] == slug:
            return example
    raise ExampleNotFound(slug)


def example_chain(example: dict) -> Chain:
    """An example's chain, for the same diagram and text version as a saved plan."""
    indicators = {i.code: i for i in _indicators_by_code(_codes(example))}

    def described(codes: list[str]) -> list[str]:
        return [
            f"{code}: {indicators[code].wording}" if code in indicators else code for code in codes
        ]

    return Chain(
        impact=example.get("impact", ""),
        outcomes=[
            ChainItem(
                key=o["key"],
                label=outcome_label(n),
                text=o["text"],
                details=described(o.get("indicators", [])),
            )
            for n, o in enumerate(example.get("outcomes", []), start=1)
        ],
        outputs=[
            ChainItem(
                key=p["key"],
                label=output_label(n),
                text=p["text"],
                leads_to=list(p.get("outcomes", [])),
            )
            for n, p in enumerate(example.get("outputs", []), start=1)
        ],
        activities=[
            ChainItem(
                key=a["key"],
                label=activity_label(n),
                text=a["text"],
                leads_to=list(a.get("outputs", [])),
                details=inputs_text(a.get("inputs", "")),
            )
            for n, a in enumerate(example.get("activities", []), start=1)
        ],
    )


def _codes(example: dict) -> set[str]:
    return {code for outcome in example.get("outcomes", []) for code in outcome["indicators"]}


def _indicators_by_code(codes: set[str], *, council=None):
    # Without a council: the shared bank only, never a council's own indicators.
    return indicators_of_council(council).filter(code__in=codes)


@dataclass
class ExampleCopy:
    plan: Plan
    notes: list[str] = field(default_factory=list)


@transaction.atomic
def plan_create_from_example(*, example_slug: str, team: Team, user) -> ExampleCopy:
    """Copy a worked example into a new draft plan owned by the user, in one of their teams;
    every part and link is copied, and what cannot be copied is listed in the notes."""
    example = example_by_slug(example_slug)
    if not teams_of(user).filter(pk=team.pk).exists():
        raise ValidationError(_("Select one of your own teams."), code="team")
    notes: list[str] = []
    plan = Plan.objects.create(
        team=team,
        owner=user,
        title=example["title"],
        place=example.get("place", ""),
        intervention_kind=example.get("intervention_kind", ""),
        audience=example.get("audience", ""),
        problem=example.get("problem", ""),
        impact=example.get("impact", ""),
        stakeholder_agreement=example.get("stakeholder_agreement", ""),
        example=example["slug"],
    )
    numbers = example.get("domains", [])
    domains = list(Domain.objects.filter(number__in=numbers))
    plan.domains.set(domains)
    for number in sorted(set(numbers) - {d.number for d in domains}):
        notes.append(
            _("Domain %(number)s is not in the framework data, so it was left out.")
            % {"number": number}
        )

    known = {i.code: i for i in _indicators_by_code(_codes(example), council=team.organisation)}
    outcomes: dict[str, Outcome] = {}
    for position, item in enumerate(example.get("outcomes", [])):
        outcome = Outcome.objects.create(
            plan=plan,
            position=position,
            text=item["text"],
            baseline=item.get("baseline", ""),
            target=item.get("target", ""),
        )
        outcomes[item["key"]] = outcome
        chosen = []
        for code in item.get("indicators", []):
            indicator = known.get(code)
            if indicator is not None and indicator.status == IndicatorStatus.ACTIVE:
                chosen.append(indicator)
                continue
            reason = (
                _(
                    "Indicator %(code)s has been retired, so outcome %(number)s was copied without it."
                )
                if indicator is not None
                else _(
                    "Indicator %(code)s is not in the indicator bank, so outcome %(number)s was "
                    "copied without it."
                )
            )
            notes.append(reason % {"code": code, "number": position + 1})
        outcome.indicators.set(chosen)

    outputs: dict[str, Output] = {}
    for position, item in enumerate(example.get("outputs", [])):
        output = Output.objects.create(plan=plan, position=position, text=item["text"])
        outputs[item["key"]] = output
        output.outcomes.set(_linked(item.get("outcomes", []), outcomes, notes))

    activities: dict[str, Activity] = {}
    for position, item in enumerate(example.get("activities", [])):
        activity = Activity.objects.create(
            plan=plan, position=position, text=item["text"], inputs=item.get("inputs", "")
        )
        activities[item["key"]] = activity
        activity.outputs.set(_linked(item.get("outputs", []), outputs, notes))

    barriers: dict[str, Barrier] = {}
    for position, item in enumerate(example.get("barriers", [])):
        barriers[item["key"]] = Barrier.objects.create(
            plan=plan, position=position, text=item["text"]
        )

    for position, item in enumerate(example.get("assumptions", [])):
        assumption = Assumption(plan=plan, position=position, text=item["text"])
        if item.get("barrier"):
            found = _linked([item["barrier"]], barriers, notes)
            assumption.barrier = found[0] if found else None
        _attach_to_link(assumption, item.get("link"), activities, outputs, outcomes, notes)
        assumption.save()
        Evidence.objects.bulk_create(
            Evidence(
                assumption=assumption,
                kind=evidence["kind"],
                source=evidence["source"],
                strength=evidence["strength"],
            )
            for evidence in item.get("evidence", [])
        )

    Stakeholder.objects.bulk_create(
        Stakeholder(
            plan=plan,
            position=position,
            name=item["name"],
            kind=item["kind"],
            responsibility=item.get("responsibility", ""),
            in_design=bool(item.get("design")),
            in_delivery=bool(item.get("delivery")),
            in_evaluation=bool(item.get("evaluation")),
        )
        for position, item in enumerate(example.get("stakeholders", []))
    )
    plan_version_record(
        plan=plan, user=user, section="plan", action="example", subject=example["title"]
    )
    return ExampleCopy(plan=plan, notes=notes)


def _linked(keys: list[str], items: dict, notes: list[str]) -> list:
    for key in keys:
        if key not in items:
            notes.append(
                _("A link to %(key)s was left out: the example has no such item.") % {"key": key}
            )
    return [items[key] for key in keys if key in items]


def _attach_to_link(assumption, link, activities, outputs, outcomes, notes) -> None:
    """A link is written "a1->p1" (activity to output), "p1->o1" (output to outcome) or
    "o1->impact" (outcome to the long-term impact)."""
    if not link:
        return
    source, _arrow, target = link.partition("->")
    if source in activities and target in outputs:
        assumption.activity, assumption.output = activities[source], outputs[target]
    elif source in outputs and target in outcomes:
        assumption.output, assumption.outcome = outputs[source], outcomes[target]
    elif source in outcomes and target == IMPACT:
        assumption.outcome = outcomes[source]
    else:
        notes.append(
            _(
                "Assumption %(number)s was copied without its link %(link)s, which the example "
                "does not have."
            )
            % {"number": assumption.position + 1, "link": link}
        )
