"""Restoring a plan to an earlier version, from that version's snapshot.

A restore is a change like any other: it claims the next version and is kept as a new version
(see versioning.py), so it can itself be undone.
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from domains.models import Domain, Indicator
from ioi_planner.models import User
from theory_of_change.models import (
    Evidence,
    Outcome,
    Plan,
    PlanVersion,
)
from theory_of_change.shape import (
    ACTIVITIES,
    ASSUMPTIONS,
    BARRIERS,
    OUTCOMES,
    OUTPUTS,
    PART_KINDS,
    STAKEHOLDERS,
    PartKind,
)
from theory_of_change.versioning import plan_change


class RestoreNotes(list):
    """What a restore could not bring back (indicators or domains deleted since), worded."""


def restore_left_out(snapshot: dict[str, Any]) -> RestoreNotes:
    """The indicators and domains of a snapshot that no longer exist, so a restore leaves them
    out. Retired indicators still exist and are kept: a retired indicator may stay on an
    outcome that had it."""
    notes = RestoreNotes()
    domain_ids = {domain["id"] for domain in snapshot["domains"]}
    existing_domains = set(Domain.objects.filter(pk__in=domain_ids).values_list("pk", flat=True))
    for domain in snapshot["domains"]:
        if domain["id"] not in existing_domains:
            notes.append(
                _("Domain %(number)s, %(name)s, is no longer in the framework, so it was left out.")
                % domain
            )
    indicator_ids = {i["id"] for o in snapshot["outcomes"] for i in o["indicators"]}
    existing = set(Indicator.objects.filter(pk__in=indicator_ids).values_list("pk", flat=True))
    for outcome in snapshot["outcomes"]:
        for indicator in outcome["indicators"]:
            if indicator["id"] not in existing:
                notes.append(
                    _(
                        "Indicator %(code)s (“%(wording)s”) is no longer in the indicator bank, "
                        "so the outcome “%(outcome)s” was restored without it."
                    )
                    % {**indicator, "outcome": outcome["text"]}
                )
    return notes


def _restore_items(
    *,
    plan: Plan,
    model: type[models.Model],
    rows: list[dict],
    fields: tuple[str, ...],
    links: Callable[[dict], dict] | None = None,
) -> dict:
    """Make the plan's parts of one kind those of the snapshot: parts it does not have are
    removed, the others changed in place, and parts removed since are made again with their
    old id (ids are never reused, so it is free) so later versions still match them up.
    Each part gets the snapshot's `fields`, the ids `links` gives for a row, and (but evidence,
    which belongs to an assumption) the plan and its position in the list.
    Returns a map from each snapshot id to the id the part has now."""
    wanted = {row["id"] for row in rows}
    owner = {"plan": plan} if model is not Evidence else {"assumption__plan": plan}
    model._default_manager.filter(**owner).exclude(pk__in=wanted).delete()
    current = {item.pk: item for item in model._default_manager.filter(**owner, pk__in=wanted)}
    taken = set(
        model._default_manager.filter(pk__in=wanted - set(current)).values_list("pk", flat=True)
    )
    ids = {}
    for position, row in enumerate(rows, start=1):
        # A field added since the snapshot was kept is left as it is (or its default).
        values = {name: row[name] for name in fields if name in row}
        if model is not Evidence:
            values.update(plan=plan, position=position)
        if links is not None:
            values.update(links(row))
        item = current.get(row["id"])
        if item is None:
            item = model(**values) if row["id"] in taken else model(pk=row["id"], **values)
            item.save(force_insert=True)
        else:
            for name, value in values.items():
                setattr(item, name, value)
            item.save()
        ids[row["id"]] = item.pk
    return ids


def _restore_part_kind(plan: Plan, kind: PartKind, snapshot: dict, links=None) -> dict:
    """The parts of one kind as the snapshot has them, with the fields the kind declares."""
    return _restore_items(
        plan=plan, model=kind.model, rows=snapshot[kind.key], fields=kind.field_names, links=links
    )


def plan_restore(
    *, plan: Plan, version: int, number: int, user: User | None = None
) -> RestoreNotes:
    """Bring back an earlier version's content as a new version: nothing is overwritten, and
    the plan's history keeps every version in between. Its sharing is left as it is now."""
    recorded = PlanVersion.objects.filter(plan=plan, number=number).first()
    if recorded is None:
        raise ValidationError(_("There is no version %(number)d of this plan") % {"number": number})
    snapshot = recorded.snapshot
    with plan_change(
        plan=plan,
        version=version,
        user=user,
        section="restore",
        action="restore",
        reason=_("Restored version %(number)d") % {"number": number},
    ):
        notes = restore_left_out(snapshot)
        answers = snapshot["answers"]
        for name, value in answers.items():
            setattr(plan, name, value)
        plan.save(update_fields=[*answers, "version", "updated_at"])
        plan.domains.set(Domain.objects.filter(pk__in=[d["id"] for d in snapshot["domains"]]))

        # Removing parts first, in an order where nothing is removed twice by a cascade that
        # would then be restored: assumptions (and their evidence) go with what they are about.
        outcomes = _restore_part_kind(plan, OUTCOMES, snapshot)
        outputs = _restore_part_kind(plan, OUTPUTS, snapshot)
        activities = _restore_part_kind(plan, ACTIVITIES, snapshot)
        barriers = _restore_part_kind(plan, BARRIERS, snapshot)
        assumptions = _restore_part_kind(
            plan,
            ASSUMPTIONS,
            snapshot,
            links=lambda row: {
                "barrier_id": barriers.get(row["barrier"]),
                "activity_id": activities.get(row["activity"]),
                "output_id": outputs.get(row["output"]),
                "outcome_id": outcomes.get(row["outcome"]),
            },
        )
        evidence_rows = [
            {**evidence, "assumption": row["id"]}
            for row in snapshot["assumptions"]
            for evidence in row["evidence"]
        ]
        _restore_items(
            plan=plan,
            model=Evidence,
            rows=evidence_rows,
            fields=("kind", "source", "strength"),
            links=lambda row: {"assumption_id": assumptions[row["assumption"]]},
        )
        _restore_part_kind(plan, STAKEHOLDERS, snapshot)
        _restore_links(snapshot=snapshot, outcomes=outcomes, outputs=outputs, activities=activities)
    return notes


def _restore_links(*, snapshot: dict, outcomes: dict, outputs: dict, activities: dict) -> None:
    existing = set(
        Indicator.objects.filter(
            pk__in={i["id"] for o in snapshot["outcomes"] for i in o["indicators"]}
        ).values_list("pk", flat=True)
    )
    indicator_links = Outcome.indicators.through
    indicator_links.objects.filter(outcome_id__in=outcomes.values()).delete()
    indicator_links.objects.bulk_create(
        indicator_links(outcome_id=outcomes[row["id"]], indicator_id=indicator["id"])
        for row in snapshot["outcomes"]
        for indicator in row["indicators"]
        if indicator["id"] in existing
    )
    ids = {"outcomes": outcomes, "outputs": outputs, "activities": activities}
    for kind in PART_KINDS:
        for link in kind.links:
            through = getattr(kind.model, link.name).through
            source = f"{kind.model._meta.model_name}_id"
            target = f"{getattr(kind.model, link.name).field.related_model._meta.model_name}_id"
            through.objects.filter(**{f"{source}__in": ids[kind.key].values()}).delete()
            through.objects.bulk_create(
                through(**{source: ids[kind.key][row["id"]], target: ids[link.to][linked]})
                for row in snapshot[kind.key]
                for linked in row.get(link.name, [])
                if linked in ids[link.to]
            )
