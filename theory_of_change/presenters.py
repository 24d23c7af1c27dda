"""Shape plans for their templates, so the templates only loop and branch."""

from django.utils.translation import gettext as _

from .models import Plan
from .principles import principle_check

NOT_GIVEN = "–"


def plan_summary_rows(plan: Plan) -> list[dict]:
    """The plan's summary as rows for components/summary_list.html."""
    domains = ", ".join(f"{d.number}. {d.name}" for d in plan.domains.all())
    return [
        {"key": _("Team"), "value": plan.team.name},
        {"key": _("Owner"), "value": str(plan.owner)},
        {"key": _("Place"), "value": plan.place or NOT_GIVEN},
        {
            "key": _("New or existing"),
            "value": plan.get_intervention_kind_display() or NOT_GIVEN,
        },
        {"key": _("Who it is for"), "value": plan.audience or NOT_GIVEN},
        {"key": _("Integration problem"), "value": plan.problem or NOT_GIVEN},
        {"key": _("Long-term impact"), "value": plan.impact or NOT_GIVEN},
        {"key": _("Domains"), "value": domains or NOT_GIVEN},
    ]


def plan_page(plan: Plan) -> dict:
    return {
        "plan": plan,
        "summary_rows": plan_summary_rows(plan),
        "principle_results": principle_check(plan),
    }
