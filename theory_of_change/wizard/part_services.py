"""Writes to the plan's listed parts, their links, an outcome's indicators and an assumption's
evidence. A part may link only to parts of the same plan; every change goes through versioning.
"""

import uuid
from typing import Any, Literal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from domains.languages import text_in_language
from domains.models import Domain, Indicator, IndicatorStatus, Provenance
from domains.selectors import indicators_of_council
from ioi_planner.models import AnyUser, User
from theory_of_change.models import (
    Activity,
    Assumption,
    Barrier,
    Evidence,
    Outcome,
    Output,
    Plan,
    PlanItem,
)
from theory_of_change.shape import SECTION_OF_PART
from theory_of_change.versioning import plan_change, version_subject


def _is_plan_item(model: type[models.Model]) -> bool:
    return issubclass(model, PlanItem)


def _split(model: type[PlanItem], values: dict[str, Any]) -> tuple[dict, dict]:
    many = {field.name for field in model._meta.many_to_many}
    fields = {name: value for name, value in values.items() if name not in many}
    links = {name: list(value) for name, value in values.items() if name in many}
    return fields, links


def assumption_link_error(
    *,
    barrier: Barrier | None = None,
    activity: Activity | None = None,
    output: Output | None = None,
    outcome: Outcome | None = None,
) -> str | None:
    """An assumption is about a barrier, or about ONE link of the chain that exists in the plan:
    an activity leading to an output, an output serving an outcome, or an outcome leading to
    the long-term impact. Returns what is wrong, or None."""
    given = (barrier is not None, activity is not None, output is not None, outcome is not None)
    if given == (False, False, False, False):
        return _("Select what the assumption is about")
    if given == (True, False, False, False):
        return None
    if given == (False, True, True, False) and activity is not None and output is not None:
        if not activity.outputs.filter(pk=output.pk).exists():
            return _("That activity does not lead to that output")
        return None
    if given == (False, False, True, True) and output is not None and outcome is not None:
        if not output.outcomes.filter(pk=outcome.pk).exists():
            return _("That output does not serve that outcome")
        return None
    if given == (False, False, False, True):
        return None
    return _("An assumption is about one barrier or one link of the chain, not several")


def _check_links(*, plan: Plan, model: type[PlanItem], fields: dict, links: dict) -> None:
    """Every part an item points to is a part of the same plan."""
    related = [value for value in fields.values() if isinstance(value, PlanItem)]
    related += [value for values in links.values() for value in values]
    for other in related:
        if isinstance(other, PlanItem) and other.plan_id != plan.pk:
            raise ValidationError(_("You can only link parts of the same plan"))
    if model is Assumption:
        error = assumption_link_error(
            **{name: fields.get(name) for name in ("barrier", "activity", "output", "outcome")}
        )
        if error:
            raise ValidationError(error)


def _check_item(*, plan: Plan, item: PlanItem) -> None:
    if item.plan_id != plan.pk:
        raise ValidationError(_("That item is not part of this plan"))


def part_limit(model: type[PlanItem]) -> int | None:
    """The most parts of this kind a plan may have (settings.PLAN_MAX_PARTS), if limited."""
    return settings.PLAN_MAX_PARTS.get(model._meta.model_name or "")


def _check_room(*, plan: Plan, model: type[PlanItem]) -> None:
    limit = part_limit(model)
    if limit is not None and model._default_manager.filter(plan=plan).count() >= limit:
        raise ValidationError(
            _(
                "This plan already has %(limit)s %(parts)s, the most a plan can have. Remove "
                "one before you add another, or split the work into more than one plan."
            )
            % {"limit": limit, "parts": model._meta.verbose_name_plural}
        )


def plan_item_add(
    *,
    plan: Plan,
    version: int,
    model: type[PlanItem],
    values: dict[str, Any],
    user: User | None = None,
) -> PlanItem:
    """Add a part at the end of its list; it may link only to parts of the same plan."""
    fields, links = _split(model, values)
    _check_links(plan=plan, model=model, fields=fields, links=links)
    change = plan_change(
        plan=plan, version=version, user=user, section=SECTION_OF_PART[model], action="add"
    )
    with change as made:
        # Inside the change: its version claim locks the plan, so two adds cannot both pass.
        _check_room(plan=plan, model=model)
        last = model._default_manager.filter(plan=plan).aggregate(models.Max("position"))
        position = (last["position__max"] or 0) + 1
        made.subject = item = model(plan=plan, position=position, **fields)
        _item_save(item=item, links=links)
    return item


def _check_no_assumption_loses_its_link(*, item: PlanItem, links: dict) -> None:
    """An assumption about one link of the chain (activity → output, output → outcome) keeps
    that link: unticking it is refused, naming each assumption about it, so that no assumption
    is left about a link that no longer exists. The officer changes or removes the assumption
    first, or keeps the box ticked."""
    if isinstance(item, Activity) and "outputs" in links:
        field, other = "outputs", "output"
        about = Assumption.objects.filter(activity=item, outcome__isnull=True)
        message = _(
            "The assumption “%(assumption)s” is about this activity leading to “%(other)s”. "
            "Keep “%(other)s” ticked, or change or remove that assumption first"
        )
    elif isinstance(item, Output) and "outcomes" in links:
        field, other = "outcomes", "outcome"
        about = Assumption.objects.filter(output=item, activity__isnull=True)
        message = _(
            "The assumption “%(assumption)s” is about this output serving “%(other)s”. "
            "Keep “%(other)s” ticked, or change or remove that assumption first"
        )
    else:
        return
    kept = [linked.pk for linked in links[field]]
    lost = (
        about.filter(**{f"{other}__isnull": False})
        .exclude(**{f"{other}__in": kept})
        .select_related(other)
        .order_by("position", "pk")
    )
    errors = [
        message % {"assumption": assumption, "other": getattr(assumption, other)}
        for assumption in lost
    ]
    if errors:
        raise ValidationError({field: errors})


def plan_item_update(
    *, plan: Plan, version: int, item: PlanItem, values: dict[str, Any], user: User | None = None
) -> PlanItem:
    """Change a part's answers and links; it may link only to parts of the same plan, and may
    not drop a link an assumption is about."""
    _check_item(plan=plan, item=item)
    model = type(item)
    fields, links = _split(model, values)
    _check_links(plan=plan, model=model, fields=fields, links=links)
    section = SECTION_OF_PART[model]
    with plan_change(
        plan=plan, version=version, user=user, section=section, action="change", subject=item
    ):
        # Checked after the claim, so a concurrent change to the plan cannot slip in between.
        _check_no_assumption_loses_its_link(item=item, links=links)
        for name, value in fields.items():
            setattr(item, name, value)
        _item_save(item=item, links=links)
    return item


def _item_save(*, item: PlanItem, links: dict) -> None:
    """Check a part's answers and save it with its links."""
    item.full_clean()
    item.save()
    for name, related in links.items():
        getattr(item, name).set(related)


def plan_item_remove(*, plan: Plan, version: int, item: PlanItem, user: User | None = None) -> None:
    """Remove a part, its links, and the assumptions attached to it."""
    _check_item(plan=plan, item=item)
    section = SECTION_OF_PART[type(item)]
    subject = version_subject(item)
    with plan_change(
        plan=plan, version=version, user=user, section=section, action="remove", subject=subject
    ):
        item.delete()


def plan_item_move(
    *,
    plan: Plan,
    version: int,
    item: PlanItem,
    direction: Literal["up", "down"],
    user: User | None = None,
) -> None:
    """Swap a part with its neighbour in its list; at either end it stays where it is."""
    _check_item(plan=plan, item=item)
    with plan_change(
        plan=plan,
        version=version,
        user=user,
        section=SECTION_OF_PART[type(item)],
        action=f"move-{direction}",
        subject=item,
    ):
        items = list(
            type(item)._default_manager.filter(plan=plan).order_by("position", "created_at", "pk")
        )
        index = next(i for i, other in enumerate(items) if other.pk == item.pk)
        target = index - 1 if direction == "up" else index + 1
        if 0 <= target < len(items):
            items[index], items[target] = items[target], items[index]
        # Positions are renumbered 1..n so that equal positions never make a move a no-op.
        for position, other in enumerate(items, start=1):
            if other.position != position:
                other.position = position
                other.save(update_fields=["position"])


def outcome_set_indicators(
    *, plan: Plan, version: int, user: User, outcome: Outcome, indicators: list[Indicator]
) -> Outcome:
    """An outcome is measured by indicators the user may see; a retired indicator may stay on an
    outcome that already has it but cannot be newly chosen."""
    _check_item(plan=plan, item=outcome)
    visible = set(
        indicators_of_council(plan.team.organisation)
        .filter(pk__in=[indicator.pk for indicator in indicators])
        .values_list("pk", flat=True)
    )
    kept = set(outcome.indicators.values_list("pk", flat=True))
    for indicator in indicators:
        if indicator.pk not in visible:
            raise ValidationError(_("Select indicators from the bank"))
        if indicator.status == IndicatorStatus.RETIRED and indicator.pk not in kept:
            raise ValidationError(
                _("“%(wording)s” is retired and cannot be newly chosen")
                % {"wording": text_in_language(indicator, "wording")}
            )
    with plan_change(
        plan=plan,
        version=version,
        user=user,
        section="outcomes",
        action="indicators",
        subject=outcome,
    ):
        outcome.indicators.set(indicators)
    return outcome


def council_indicator_add(
    *,
    plan: Plan,
    version: int,
    outcome: Outcome,
    domain: Domain,
    wording: str,
    user: User | None = None,
) -> Indicator:
    """A council may add its own indicator; only that council sees it, marked as council-added,
    and it measures the outcome it was written for."""
    _check_item(plan=plan, item=outcome)
    organisation = plan.team.organisation
    with plan_change(
        plan=plan,
        version=version,
        user=user,
        section="outcomes",
        action="council-indicator",
        subject=outcome,
    ):
        indicator = Indicator(
            domain=domain,
            code=f"council-{organisation.pk}-{uuid.uuid4().hex[:12]}",
            wording=wording,
            provenance=Provenance.COUNCIL,
            provenance_note=_("Added by %(council)s") % {"council": organisation.name},
            organisation=organisation,
        )
        indicator.full_clean()
        indicator.save()
        outcome.indicators.add(indicator)
    return indicator


def _evidence_change(
    plan: Plan, version: int, user: AnyUser | None, action: str, assumption: Assumption
):
    """Evidence is part of the section of barriers and assumptions, named by its assumption."""
    return plan_change(
        plan=plan,
        version=version,
        user=user,
        section="barriers-and-assumptions",
        action=action,
        subject=assumption,
    )


def evidence_add(
    *,
    plan: Plan,
    version: int,
    assumption: Assumption,
    kind: str,
    source: str,
    strength: str,
    user: User | None = None,
) -> Evidence:
    """Evidence belongs to one assumption of the plan."""
    _check_item(plan=plan, item=assumption)
    with _evidence_change(plan, version, user, "evidence-add", assumption):
        evidence = Evidence(assumption=assumption, kind=kind, source=source, strength=strength)
        evidence.full_clean()
        evidence.save()
    return evidence


def evidence_change(
    *,
    plan: Plan,
    version: int,
    evidence: Evidence,
    kind: str,
    source: str,
    strength: str,
    user: User | None = None,
) -> Evidence:
    """Change what one item of evidence of one of the plan's assumptions says."""
    _check_item(plan=plan, item=evidence.assumption)
    with _evidence_change(plan, version, user, "evidence-change", evidence.assumption):
        evidence.kind, evidence.source, evidence.strength = kind, source, strength
        evidence.full_clean()
        evidence.save(update_fields=["kind", "source", "strength"])
    return evidence


def evidence_remove(
    *, plan: Plan, version: int, evidence: Evidence, user: User | None = None
) -> None:
    """Remove one item of evidence of one of the plan's assumptions."""
    _check_item(plan=plan, item=evidence.assumption)
    with _evidence_change(plan, version, user, "evidence-remove", evidence.assumption):
        evidence.delete()
