"""The council's portfolio as a key page for `manage.py bench`: PLANS_PER_SCALE x scale plans
in the officer's council, each working on two domains, with an outcome, two indicators,
baselines and later values for newcomers and the receiving community, and a dated target."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.urls import reverse

from bench.registry import BenchContext, PageRequest, bench_people, key_page
from domains.models import Domain, Indicator
from evaluation.models import GroupKind, IndicatorTarget, Measurement, MeasurementGroup
from theory_of_change.models import Outcome, Plan

PLANS_PER_SCALE = 20
TITLE = "Portfolio plan"


@transaction.atomic
def portfolio_plans(*, owner, team, count: int) -> None:
    """Make the council's portfolio plans up to `count` (the scales add to the same council)."""
    have = Plan.objects.filter(team=team, title__startswith=TITLE).count()
    domains = list(Domain.objects.order_by("number"))
    indicators = list(Indicator.objects.filter(organisation__isnull=True).order_by("pk")[:10])
    for number in range(have, count):
        plan = Plan.objects.create(
            team=team,
            owner=owner,
            title=f"{TITLE} {number}",
            problem="Newcomers and long-standing residents rarely meet.",
            shared_with_team=True,
        )
        plan.domains.set([domains[number % 14], domains[(number + 5) % 14]])
        outcome = Outcome.objects.create(plan=plan, text=f"Outcome of plan {number}")
        used = [indicators[number % 10], indicators[(number + 1) % 10]]
        outcome.indicators.set(used)
        groups = [
            MeasurementGroup.objects.create(plan=plan, kind=kind)
            for kind in (GroupKind.NEWCOMERS, GroupKind.RECEIVING)
        ]
        Measurement.objects.bulk_create(
            Measurement(
                plan=plan,
                indicator=indicator,
                group=group,
                kind=kind,
                measured_on=on,
                value=Decimal(value),
                source="Bench survey",
            )
            for indicator in used
            for group in groups
            for kind, on, value in (
                ("baseline", date(2026, 1, 1), "20"),
                ("later", date(2026, 9, 1), "30"),
            )
        )
        IndicatorTarget.objects.create(
            plan=plan, indicator=used[0], group=groups[0], value=40, due_on=date(2027, 1, 1)
        )


@key_page("portfolio")
def portfolio_page(context: BenchContext, scale: int) -> PageRequest:
    officer = bench_people(scale=scale)
    team = officer.memberships.first().team
    portfolio_plans(owner=officer, team=team, count=PLANS_PER_SCALE * scale)
    return PageRequest(path=reverse("portfolio:portfolio"), user=officer)


@key_page("portfolio indicator")
def portfolio_indicator_page(context: BenchContext, scale: int) -> PageRequest:
    """The most used indicator of the portfolio: its plans and their latest values."""
    officer = bench_people(scale=scale)
    team = officer.memberships.first().team
    portfolio_plans(owner=officer, team=team, count=PLANS_PER_SCALE * scale)
    indicator = Indicator.objects.filter(organisation__isnull=True).order_by("pk").first()
    return PageRequest(
        path=reverse("portfolio:portfolio_indicator", kwargs={"indicator_id": indicator.pk}),
        user=officer,
    )
