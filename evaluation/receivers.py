"""What the evaluation app does when the plans app changes a plan's indicators."""

from .models import IndicatorTarget, Measurement


def indicator_switched(sender, *, plan, old, new, **kwargs) -> None:
    """A plan switched from a retired indicator to its successor (theory_of_change/wizard/
    indicator_switch.py): its measurements follow, and so do its targets, except one for a group
    and date the new indicator already has a target for (that one stays on the old indicator,
    in the plan's history)."""
    Measurement.objects.filter(plan=plan, indicator=old).update(indicator=new)
    taken = set(
        IndicatorTarget.objects.filter(plan=plan, indicator=new).values_list("group_id", "due_on")
    )
    for target in IndicatorTarget.objects.filter(plan=plan, indicator=old):
        if (target.group_id, target.due_on) not in taken:
            target.indicator = new
            target.save(update_fields=["indicator"])
