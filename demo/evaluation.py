"""The demo plan's evaluation, partly filled in, for `seed_demo`: the first outcome's block
has its responsibility, methods, timeline and a sample, and one indicator has a baseline for
two groups, so the officer has something to finish."""

from datetime import date
from decimal import Decimal

from django.db import transaction

from demo.plans import DEMO_EXAMPLE, DEMO_OFFICER
from evaluation import services
from evaluation.groups import group_for_choice
from evaluation.models import GroupKind, Measurement, OutcomeEvaluation
from theory_of_change.models import Plan


@transaction.atomic
def demo_evaluation() -> str:
    plan = Plan.objects.filter(owner__email=DEMO_OFFICER, example=DEMO_EXAMPLE).first()
    if plan is None:
        return "No demo plan, so no demo evaluation."
    services.evaluation_draft(plan=plan)
    first = OutcomeEvaluation.objects.filter(outcome__plan=plan).order_by(
        "outcome__position", "outcome__created_at"
    )
    evaluation = first.select_related("outcome").first()
    if evaluation is None:
        return "The demo plan has no outcomes, so no demo evaluation."
    if evaluation.responsibility:
        return "Demo evaluation already there."
    services.outcome_evaluation_update(
        plan=plan,
        version=plan.version,
        evaluation=evaluation,
        values={
            "responsibility": "The club coordinator, with volunteers from the residents’ association",
            "methods": ["survey", "participant_feedback"],
            "related_activities": "A five-question card at the end of each club session",
            "start_date": date(2026, 4, 1),
            "end_date": date(2027, 3, 31),
        },
        samples=[services.SampleValues(group="participants", description="Club members", size=30)],
    )
    indicator = evaluation.outcome.indicators.first()
    if indicator is not None and not Measurement.objects.filter(plan=plan).exists():
        for kind, value in ((GroupKind.NEWCOMERS, "18"), (GroupKind.RECEIVING, "42")):
            services.measurement_add(
                plan=plan,
                version=plan.version,
                indicator=indicator,
                group=group_for_choice(plan, kind),
                kind="baseline",
                measured_on=date(2026, 4, 1),
                value=Decimal(value),
                source="Club sign-up survey, April 2026",
            )
    return f"Demo evaluation started for {plan.title}."
