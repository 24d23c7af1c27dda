"""What the evaluation app does when the plans app changes a plan's indicators."""

from .models import IndicatorTarget, Measurement


def indicator_switched(sender, *, plan, old, new, **kwargs) -> None:
    """A plan switched from a retired indicator to its successor (theory_of_change/wizard/
    indicator_switch.py): its measurements follow, and its target too unless the new indicator
    has one already (then the old one's stays, on the old indicator, in the plan's history)."""
    Measurement.objects.filter(plan=plan, indicator=old).update(indicator=new)
    if not IndicatorTarget.objects.filter(plan=plan, indicator=new).exists():
        IndicatorTarget.objects.filter(plan=plan, indicator=old).update(indicator=new)
