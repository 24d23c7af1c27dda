"""Building a plan's content from a snapshot: the one way a plan is made from plain data.

Two callers use it. A restore (history/services.py) makes a plan's content that of one of its
own versions: parts keep their ids (parts removed since are made again with their old id, which
is free because ids are never reused), indicators are found by id and a retired one is kept.
Starting from a worked example (examples/services.py) copies the example's snapshot into a new
plan: parts get new ids, indicators are found by code in the council's bank and only those still
offered are chosen, and what cannot be copied is noted. Snapshots are made by snapshots.py, and
what each part keeps is declared in shape.py.
"""

from collections.abc import Callable
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from domains.models import Domain, Indicator, IndicatorStatus
from domains.selectors import indicators_of_council
from theory_of_change.models import Evidence, Outcome, Plan
from theory_of_change.shape import (
    ACTIVITIES,
    ASSUMPTIONS,
    BARRIERS,
    OUTCOMES,
    OUTPUTS,
    PART_KINDS,
    PART_KINDS_BY_KEY,
    STAKEHOLDERS,
    PartKind,
)


def _domains(snapshot: dict[str, Any], *, copy: bool) -> tuple[list[Domain], list[str]]:
    """The snapshot's domains that exist now (by id, or by number where the snapshot has no
    ids), and a note for each that does not."""
    rows = snapshot["domains"]
    if copy:
        found = {d.number: d for d in Domain.objects.filter(number__in=[r["number"] for r in rows])}
        missing = _("Domain %(number)s is not in the framework data, so it was left out.")
        keys = [row["number"] for row in rows]
    else:
        found = {d.pk: d for d in Domain.objects.filter(pk__in=[r["id"] for r in rows])}
        missing = _(
            "Domain %(number)s, %(name)s, is no longer in the framework, so it was left out."
        )
        keys = [row["id"] for row in rows]
    notes = [missing % row for row, key in zip(rows, keys, strict=True) if key not in found]
    return [found[key] for key in keys if key in found], notes


def _indicators(snapshot: dict[str, Any], *, plan: Plan | None, copy: bool):
    """For each outcome of the snapshot, the ids of the indicators it can have now, and a note
    for each indicator left out."""
    rows = snapshot["outcomes"]
    chosen: dict[int, list[int]] = {}
    notes = []
    if copy:
        codes = {i["code"] for row in rows for i in row["indicators"]}
        council = plan.team.organisation if plan is not None else None
        known = {i.code: i for i in indicators_of_council(council).filter(code__in=codes)}
        for number, row in enumerate(rows, start=1):
            chosen[row["id"]] = []
            for wanted in row["indicators"]:
                indicator = known.get(wanted["code"])
                if indicator is not None and indicator.status == IndicatorStatus.ACTIVE:
                    chosen[row["id"]].append(indicator.pk)
                    continue
                reason = (
                    _(
                        "Indicator %(code)s has been retired, so outcome %(number)s was copied "
                        "without it."
                    )
                    if indicator is not None
                    else _(
                        "Indicator %(code)s is not in the indicator bank, so outcome %(number)s "
                        "was copied without it."
                    )
                )
                notes.append(reason % {"code": wanted["code"], "number": number})
        return chosen, notes
    ids = {i["id"] for row in rows for i in row["indicators"]}
    existing = set(Indicator.objects.filter(pk__in=ids).values_list("pk", flat=True))
    for row in rows:
        chosen[row["id"]] = [i["id"] for i in row["indicators"] if i["id"] in existing]
        notes += [
            _(
                "Indicator %(code)s (“%(wording)s”) is no longer in the indicator bank, so the "
                "outcome “%(outcome)s” was restored without it."
            )
            % {**indicator, "outcome": row["text"]}
            for indicator in row["indicators"]
            if indicator["id"] not in existing
        ]
    return chosen, notes


def snapshot_left_out(
    snapshot: dict[str, Any], *, plan: Plan | None = None, copy: bool = False
) -> list[str]:
    """What loading the snapshot would leave out (domains and indicators gone since, or, for a
    copy, no longer offered), worded; nothing is written. A restore keeps retired indicators:
    one may stay on an outcome that had it."""
    return _domains(snapshot, copy=copy)[1] + _indicators(snapshot, plan=plan, copy=copy)[1]


def snapshot_load(plan: Plan, snapshot: dict[str, Any], *, copy: bool) -> list[str]:
    """Make the plan's answers, domains, parts, links, indicators and evidence those of the
    snapshot (its sharing stays as it is); return what was left out. Call it inside the
    change's transaction."""
    answers = snapshot["answers"]
    for name, value in answers.items():
        setattr(plan, name, value)
    plan.save(update_fields=[*answers, "version", "updated_at"])
    domains, notes = _domains(snapshot, copy=copy)
    plan.domains.set(domains)

    def load(kind: PartKind, links: Callable[[dict], dict] | None = None) -> dict[int, int]:
        return _load_items(
            plan=plan,
            model=kind.model,
            rows=snapshot[kind.key],
            fields=kind.field_names,
            links=links,
            copy=copy,
        )

    # Removing parts first, in an order where nothing is removed twice by a cascade that would
    # then be restored: assumptions (and their evidence) go with what they are about.
    ids: dict[str, dict[int, int]] = {kind.key: {} for kind in PART_KINDS}
    for kind in (OUTCOMES, OUTPUTS, ACTIVITIES, BARRIERS):
        ids[kind.key] = load(kind)

    def about(row: dict) -> dict:
        """What an assumption is about: a barrier, or the ends of one link of the chain."""
        linked = {}
        for name, key in (
            ("barrier", "barriers"),
            ("activity", "activities"),
            ("output", "outputs"),
            ("outcome", "outcomes"),
        ):
            linked[f"{name}_id"] = ids[key].get(row[name]) if row.get(name) else None
            if copy and row.get(name) and row[name] not in ids[key]:
                notes.append(
                    _(
                        "An assumption was copied without its link to part %(id)s of the "
                        "%(kind)s, which the example does not have."
                    )
                    % {"id": row[name], "kind": PART_KINDS_BY_KEY[key].plural}
                )
        return linked

    ids["assumptions"] = load(ASSUMPTIONS, links=about)
    _load_items(
        plan=plan,
        model=Evidence,
        rows=[
            {**evidence, "assumption": row["id"]}
            for row in snapshot["assumptions"]
            for evidence in row["evidence"]
        ],
        fields=("kind", "source", "strength"),
        links=lambda row: {"assumption_id": ids["assumptions"][row["assumption"]]},
        copy=copy,
    )
    ids["stakeholders"] = load(STAKEHOLDERS)
    chosen, indicator_notes = _indicators(snapshot, plan=plan, copy=copy)
    notes += indicator_notes
    notes += _load_links(snapshot, ids=ids, chosen=chosen, copy=copy)
    return notes


def _load_items(
    *,
    plan: Plan,
    model: type[models.Model],
    rows: list[dict],
    fields: tuple[str, ...],
    links: Callable[[dict], dict] | None = None,
    copy: bool,
) -> dict[int, int]:
    """Make the plan's parts of one kind those of the snapshot. For a restore, parts it does not
    have are removed, the others changed in place, and parts removed since are made again with
    their old id (ids are never reused, so it is free) so later versions still match them up;
    for a copy, every part is new. Each part gets the snapshot's `fields`, the ids `links` gives
    for a row, and (but evidence, which belongs to an assumption) the plan and its position.
    Returns a map from each snapshot id to the id the part has now."""
    manager = model._default_manager
    owner = {"plan": plan} if model is not Evidence else {"assumption__plan": plan}
    current: dict[Any, models.Model] = {}
    taken: set[Any] = set()
    if not copy:
        wanted = {row["id"] for row in rows}
        manager.filter(**owner).exclude(pk__in=wanted).delete()
        current = {item.pk: item for item in manager.filter(**owner, pk__in=wanted)}
        taken = set(manager.filter(pk__in=wanted - set(current)).values_list("pk", flat=True))
    ids = {}
    for position, row in enumerate(rows, start=1):
        # A field added since the snapshot was kept is left as it is (or its default).
        values = {name: row[name] for name in fields if name in row}
        if model is not Evidence:
            values.update(plan=plan, position=position)
        if links is not None:
            values.update(links(row))
        item = current.get(row.get("id"))
        if item is None:
            keep_id = not copy and row["id"] not in taken
            item = model(pk=row["id"], **values) if keep_id else model(**values)
            item.save(force_insert=True)
        else:
            for name, value in values.items():
                setattr(item, name, value)
            item.save()
        if "id" in row:
            ids[row["id"]] = item.pk
    return ids


def _load_links(
    snapshot: dict, *, ids: dict[str, dict[int, int]], chosen: dict[int, list[int]], copy: bool
) -> list[str]:
    """Set the outcomes' indicators and the links between parts; for a copy, note each link to
    a part the snapshot does not have."""
    indicator_links = Outcome.indicators.through
    indicator_links.objects.filter(outcome_id__in=ids["outcomes"].values()).delete()
    indicator_links.objects.bulk_create(
        indicator_links(outcome_id=ids["outcomes"][outcome], indicator_id=indicator)
        for outcome, indicators in chosen.items()
        for indicator in indicators
    )
    notes = []
    for kind in PART_KINDS:
        for link in kind.links:
            through = getattr(kind.model, link.name).through
            source = f"{kind.model._meta.model_name}_id"
            target = f"{getattr(kind.model, link.name).field.related_model._meta.model_name}_id"
            through.objects.filter(**{f"{source}__in": ids[kind.key].values()}).delete()
            rows = [
                (row["id"], linked)
                for row in snapshot[kind.key]
                for linked in row.get(link.name, [])
            ]
            notes += [
                _(
                    "A link to part %(id)s of the %(kind)s was left out: the example has no such part."
                )
                % {"id": linked, "kind": PART_KINDS_BY_KEY[link.to].plural}
                for _row, linked in rows
                if copy and linked not in ids[link.to]
            ]
            through.objects.bulk_create(
                through(**{source: ids[kind.key][part], target: ids[link.to][linked]})
                for part, linked in rows
                if linked in ids[link.to]
            )
    return notes
