"""The plan page, its review page and its history as key pages for `manage.py bench`: a plan
whose parts, review comments and versions grow with the scale."""

from django.db import transaction
from django.urls import reverse

from bench.registry import BenchContext, PageRequest, bench_people, key_page
from domains.models import Indicator
from theory_of_change.models import (
    Activity,
    Assumption,
    Barrier,
    Evidence,
    EvidenceKind,
    EvidenceStrength,
    Outcome,
    Output,
    Plan,
    PlanVersion,
    ReviewComment,
    Stakeholder,
    StakeholderKind,
)
from theory_of_change.snapshots import plan_snapshot
from theory_of_change.steps import STEPS

PARTS_PER_SCALE = 5  # outcomes, outputs, activities, barriers and stakeholders at 1x


@transaction.atomic
def bench_plan(*, owner, team, scale: int, title: str = "") -> Plan:
    """A shared plan with PARTS_PER_SCALE x scale of each part, linked along the chain (one
    per title: a benchmark that adds to it names its own)."""
    title = title or f"Bench plan at {scale}x"
    plan = Plan.objects.filter(owner=owner, title=title).first()
    if plan:
        return plan
    plan = Plan.objects.create(
        team=team,
        owner=owner,
        title=title,
        problem="Newcomers and long-standing residents rarely meet.",
        impact="People from different backgrounds get on well together.",
        shared_with_team=True,
    )
    indicators = list(Indicator.objects.filter(organisation__isnull=True)[:20])
    count = PARTS_PER_SCALE * scale
    for number in range(count):
        outcome = Outcome.objects.create(plan=plan, position=number, text=f"Outcome {number}")
        outcome.indicators.set(indicators[number % len(indicators) :][:2])
        output = Output.objects.create(plan=plan, position=number, text=f"Output {number}")
        output.outcomes.add(outcome)
        activity = Activity.objects.create(
            plan=plan, position=number, text=f"Activity {number}", inputs="Two staff"
        )
        activity.outputs.add(output)
        barrier = Barrier.objects.create(plan=plan, position=number, text=f"Barrier {number}")
        assumption = Assumption.objects.create(
            plan=plan, position=number, text=f"Assumption {number}", barrier=barrier
        )
        Evidence.objects.create(
            assumption=assumption,
            kind=EvidenceKind.SURVEY,
            source=f"Residents survey {number}",
            strength=EvidenceStrength.MODERATE,
        )
        Stakeholder.objects.create(
            plan=plan, position=number, name=f"Partner {number}", kind=StakeholderKind.VOLUNTARY
        )
    return plan


@key_page("plan page")
def plan_page(context: BenchContext, scale: int) -> PageRequest:
    officer = bench_people(scale=scale)
    team = officer.memberships.first().team
    plan = bench_plan(owner=officer, team=team, scale=scale)
    return PageRequest(path=plan.get_absolute_url(), user=officer)


COMMENTS_PER_SCALE = 10  # comment threads (each with a reply) on the review page at 1x


@transaction.atomic
def bench_review(*, owner, team, scale: int) -> Plan:
    """The bench plan at this scale, submitted, with COMMENTS_PER_SCALE x scale threads."""
    plan = bench_plan(owner=owner, team=team, scale=scale)
    if not ReviewComment.objects.filter(plan=plan).exists():
        sections = [step.slug for step in STEPS]
        for number in range(COMMENTS_PER_SCALE * scale):
            comment = ReviewComment.objects.create(
                plan=plan,
                section=sections[number % len(sections)],
                author=owner,
                text=f"Comment {number}: say where this figure comes from.",
            )
            ReviewComment.objects.create(
                plan=plan, section=comment.section, author=owner, text="Done.", parent=comment
            )
    return plan


@key_page("review page")
def review_page(context: BenchContext, scale: int) -> PageRequest:
    officer = bench_people(scale=scale)
    team = officer.memberships.first().team
    plan = bench_review(owner=officer, team=team, scale=scale)
    return PageRequest(
        path=reverse("theory_of_change:plan_review", kwargs={"plan_id": plan.pk}), user=officer
    )


VERSIONS_PER_SCALE = 30  # saved changes of the plan at 1x; the history page shows 20 a page


@transaction.atomic
def bench_history(plan: Plan, *, scale: int) -> None:
    """VERSIONS_PER_SCALE x scale recorded versions of the plan, each with its whole content."""
    if plan.versions.exists():
        return
    snapshot = plan_snapshot(plan)
    author = plan.owner
    PlanVersion.objects.bulk_create(
        PlanVersion(
            plan=plan,
            number=number,
            author=author,
            section="problem-and-impact",
            action="answers",
            snapshot=snapshot,
        )
        for number in range(1, VERSIONS_PER_SCALE * scale + 1)
    )
    Plan.objects.filter(pk=plan.pk).update(version=VERSIONS_PER_SCALE * scale)


@key_page("plan history")
def plan_history_page(context: BenchContext, scale: int) -> PageRequest:
    """The history page of a plan with many versions: its queries must not grow with them."""
    officer = bench_people(scale=scale)
    team = officer.memberships.first().team
    plan = bench_plan(owner=officer, team=team, scale=scale)
    bench_history(plan, scale=scale)
    return PageRequest(path=f"{plan.get_absolute_url()}history/", user=officer)
