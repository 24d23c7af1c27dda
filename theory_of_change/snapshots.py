"""The whole content of a plan as plain data, for its history (PlanVersion.snapshot).

A snapshot is JSON: the plan's answers, its domains and every part in list order, each part
with its id (so two versions can be matched part by part, and a restore can give a part back
its old id) and its links as ids of other parts of the same snapshot. Indicators and domains
carry their wording as it was, so a version stays readable after the bank changes.

plan_snapshot makes one query per part type, however many parts the plan has.
"""

from typing import Any

from django.db.models import Prefetch

from domains.models import Domain, Indicator
from theory_of_change.models import (
    Activity,
    Assumption,
    Barrier,
    Outcome,
    Output,
    Plan,
    Stakeholder,
)

SNAPSHOT_FORMAT = 1

# The plan's own answers kept in a snapshot, in the wizard's order. Sharing is kept beside
# them: it says who sees the plan, not what the plan says, so a restore leaves it alone.
ANSWER_FIELDS = [
    "title",
    "place",
    "intervention_kind",
    "audience",
    "problem",
    "impact",
    "stakeholder_agreement",
]

PART_KINDS = ["outcomes", "outputs", "activities", "barriers", "assumptions", "stakeholders"]


def _ids(related) -> list[int]:
    return sorted(item.pk for item in related.all())


def plan_snapshot(plan: Plan) -> dict[str, Any]:
    """The plan's content now, read from the database (never from caches on `plan`)."""
    plan_id = plan.pk
    row = Plan.objects.values(*ANSWER_FIELDS, "shared_with_team").get(pk=plan_id)
    domains = Domain.objects.filter(plans=plan_id).order_by("number")
    outcomes = Outcome.objects.filter(plan=plan_id).prefetch_related(
        Prefetch("indicators", queryset=Indicator.objects.order_by("code", "pk"))
    )
    outputs = Output.objects.filter(plan=plan_id).prefetch_related("outcomes")
    activities = Activity.objects.filter(plan=plan_id).prefetch_related("outputs")
    assumptions = Assumption.objects.filter(plan=plan_id).prefetch_related("evidence")
    return {
        "format": SNAPSHOT_FORMAT,
        "answers": {name: row[name] for name in ANSWER_FIELDS},
        "shared_with_team": row["shared_with_team"],
        "domains": [{"id": d.pk, "number": d.number, "name": d.name} for d in domains],
        "outcomes": [
            {
                "id": o.pk,
                "text": o.text,
                "baseline": o.baseline,
                "target": o.target,
                "indicators": [
                    {"id": i.pk, "code": i.code, "wording": i.wording} for i in o.indicators.all()
                ],
            }
            for o in _ordered(outcomes)
        ],
        "outputs": [
            {"id": p.pk, "text": p.text, "outcomes": _ids(p.outcomes)} for p in _ordered(outputs)
        ],
        "activities": [
            {"id": a.pk, "text": a.text, "inputs": a.inputs, "outputs": _ids(a.outputs)}
            for a in _ordered(activities)
        ],
        "barriers": [
            {"id": b.pk, "text": b.text} for b in _ordered(Barrier.objects.filter(plan=plan_id))
        ],
        "assumptions": [
            {
                "id": a.pk,
                "text": a.text,
                "barrier": a.barrier_id,
                "activity": a.activity_id,
                "output": a.output_id,
                "outcome": a.outcome_id,
                "evidence": [
                    {"id": e.pk, "kind": e.kind, "source": e.source, "strength": e.strength}
                    for e in a.evidence.all()
                ],
            }
            for a in _ordered(assumptions)
        ],
        "stakeholders": [
            {
                "id": s.pk,
                "name": s.name,
                "kind": s.kind,
                "responsibility": s.responsibility,
                "in_design": s.in_design,
                "in_delivery": s.in_delivery,
                "in_evaluation": s.in_evaluation,
            }
            for s in _ordered(Stakeholder.objects.filter(plan=plan_id))
        ],
    }


def _ordered(queryset):
    # The lists' own order (see PlanItem.Meta), with the id to break ties the same way each time.
    return queryset.order_by("position", "created_at", "pk")


def content(snapshot: dict[str, Any]) -> dict[str, Any]:
    """What a restore brings back: everything but the sharing."""
    return {key: value for key, value in snapshot.items() if key != "shared_with_team"}
