"""The whole content of a plan as plain data, for its history (PlanVersion.snapshot).

A snapshot is JSON: the plan's answers, its domains and every part in list order, each part
with its id (so two versions can be matched part by part, and a restore can give a part back
its old id) and its links as ids of other parts of the same snapshot. Indicators and domains
carry their wording as it was, so a version stays readable after the bank changes.

plan_snapshot makes a fixed number of queries per part type, however many parts the plan has.
What a part keeps is declared in shape.py.
"""

from typing import Any

from django.db.models import Prefetch

from domains.models import Domain, Indicator
from theory_of_change.models import Assumption, Outcome, Plan
from theory_of_change.shape import ANSWER_FIELDS, PART_KINDS, SHARING, PartKind

SNAPSHOT_FORMAT = 1


def _ids(related) -> list[int]:
    return sorted(item.pk for item in related.all())


def _row(kind: PartKind, part) -> dict[str, Any]:
    """A part as its kind declares it: its id, its fields and its links to other parts."""
    row = {"id": part.pk}
    row.update((f.name, getattr(part, f.name)) for f in kind.fields)
    row.update((link.name, _ids(getattr(part, link.name))) for link in kind.links)
    return row


def _extras(part) -> dict[str, Any]:
    """What the declaration leaves to each kind: an outcome's indicators from the bank, with
    their wording as it was; what an assumption is about, and its evidence."""
    if isinstance(part, Outcome):
        return {
            "indicators": [
                {"id": i.pk, "code": i.code, "wording": i.wording} for i in part.indicators.all()
            ]
        }
    if isinstance(part, Assumption):
        return {
            "barrier": part.barrier_id,
            "activity": part.activity_id,
            "output": part.output_id,
            "outcome": part.outcome_id,
            "evidence": [
                {"id": e.pk, "kind": e.kind, "source": e.source, "strength": e.strength}
                for e in part.evidence.all()
            ],
        }
    return {}


# Related rows each kind's extras read (see _extras).
_PREFETCH = {
    Outcome: (Prefetch("indicators", queryset=Indicator.objects.order_by("code", "pk")),),
    Assumption: ("evidence",),
}


def plan_snapshot(plan: Plan) -> dict[str, Any]:
    """The plan's content now, read from the database (never from caches on `plan`)."""
    plan_id = plan.pk
    row = Plan.objects.values(*ANSWER_FIELDS, SHARING.name).get(pk=plan_id)
    domains = Domain.objects.filter(plans=plan_id).order_by("number")
    snapshot: dict[str, Any] = {
        "format": SNAPSHOT_FORMAT,
        "answers": {name: row[name] for name in ANSWER_FIELDS},
        SHARING.name: row[SHARING.name],
        "domains": [{"id": d.pk, "number": d.number, "name": d.name} for d in domains],
    }
    for kind in PART_KINDS:
        parts = kind.model._default_manager.filter(plan=plan_id).prefetch_related(
            *(link.name for link in kind.links), *_PREFETCH.get(kind.model, ())
        )
        snapshot[kind.key] = [{**_row(kind, p), **_extras(p)} for p in _ordered(parts)]
    return snapshot


def _ordered(queryset):
    # The lists' own order (see PlanItem.Meta), with the id to break ties the same way each time.
    return queryset.order_by("position", "created_at", "pk")


def content(snapshot: dict[str, Any]) -> dict[str, Any]:
    """What a restore brings back: everything but the sharing."""
    return {key: value for key, value in snapshot.items() if key != SHARING.name}
