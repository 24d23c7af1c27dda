"""Benchmarks of the evaluation plan, for `manage.py bench`.

`pdf_export_ratio`: the whole export of a 50-outcome plan's evaluation PDF (reading the plan,
presenting it, rendering the HTML and WeasyPrint's PDF/UA-1 rendering) against WeasyPrint alone
turning the same HTML into a PDF: the best of five of each, run in turns. The export can be no
faster than WeasyPrint, so 1.0 is the floor and what is above it is our own cost.

`report_export_ratio`: the same for the plan report (evaluation/report.py) of a 50-outcome plan
with measurements and targets: reading the plan, laying the report out (charts and diagram
included; a second layout when a figure is drawn smaller to fit a page) and writing the PDF,
against WeasyPrint alone turning the report's final HTML into a PDF.

The evaluation page is also a key page: its queries must not grow with the outcomes.

Run them on their own with `python -m bench.evaluation` (add `--quick` for a smoke run).
"""

import json
import os
import sys
import tempfile
import time
from pathlib import Path

from django.urls import reverse

from bench.registry import BenchContext, PageRequest, bench_people, benchmark, key_page

# Models are imported inside the functions: `python -m bench.evaluation` imports this
# module before it sets Django up.

OUTCOMES = 50
QUICK_OUTCOMES = 5
REPEATS = 5


def _filled_evaluation(plan) -> None:
    """Every block drafted and filled in the way an officer would, so the PDF has real rows."""
    from evaluation import services
    from evaluation.models import OutcomeEvaluation, Sample

    services.evaluation_draft(plan=plan)
    blocks = OutcomeEvaluation.objects.filter(outcome__plan=plan, responsibility="")
    for number, evaluation in enumerate(blocks):
        evaluation.framework_outcome = f"People from different backgrounds mix ({number})"
        evaluation.data_sources = "Community Life Survey – annual\nClub attendance – weekly"
        evaluation.questions = "How often do you chat to your neighbours?"
        evaluation.methods = ["survey", "interview", "participant_feedback"]
        evaluation.related_activities = "A short survey at the end of each session"
        evaluation.responsibility = "The club coordinator and two volunteers"
        evaluation.analysis_process = "Quarterly review of the survey and the attendance records"
        evaluation.milestones = "Baseline in April, follow-up in October"
        evaluation.save()
        Sample.objects.bulk_create(
            [
                Sample(evaluation=evaluation, group="participants", size=40),
                Sample(evaluation=evaluation, group="community", size=200),
            ]
        )


def largest_allowed_plan(*, owner, team):
    """The largest plan the service takes (settings.PLAN_MAX_PARTS: outcomes with two
    indicators each, outputs and activities linked along the chain), its evaluation filled in:
    what the jobs benchmark and the load test's long work export."""
    from django.conf import settings

    from domains.models import Indicator
    from theory_of_change.models import Activity, Outcome, Output, Plan

    limits = settings.PLAN_MAX_PARTS
    plan = Plan.objects.create(
        team=team,
        owner=owner,
        title="The largest plan allowed",
        problem="Newcomers and long-standing residents rarely meet.",
        impact="People from different backgrounds get on well together.",
        shared_with_team=True,
    )
    indicators = list(Indicator.objects.filter(organisation__isnull=True)[:20])
    outcomes = []
    for number in range(limits["outcome"]):
        outcome = Outcome.objects.create(
            plan=plan, position=number, text=f"Outcome {number}: neighbours meet and mix"
        )
        outcome.indicators.set(indicators[number % len(indicators) :][:2])
        outcomes.append(outcome)
    outputs = []
    for number in range(limits["output"]):
        output = Output.objects.create(plan=plan, position=number, text=f"Output {number}")
        output.outcomes.add(outcomes[number % len(outcomes)])
        outputs.append(output)
    for number in range(limits["activity"]):
        activity = Activity.objects.create(
            plan=plan, position=number, text=f"Activity {number}", inputs="Two staff, a hall"
        )
        activity.outputs.add(outputs[number % len(outputs)])
    _filled_evaluation(plan)
    return plan


def _plan_with_outcomes(outcomes: int):
    from bench.plans import bench_plan

    officer = bench_people(scale=1)
    team = officer.memberships.first().team
    # bench_plan makes 5 of each part per scale step.
    plan = bench_plan(owner=officer, team=team, scale=max(outcomes // 5, 1))
    _filled_evaluation(plan)
    return plan


def _timed(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def _best_interleaved(first, second, repeats: int) -> tuple[float, float]:
    """The best time of each, run in turns, so a burst of load on this shared machine falls
    on both rather than on one."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeats):
        times[0].append(_timed(first))
        times[1].append(_timed(second))
    return min(times[0]), min(times[1])


@benchmark("pdf_export_ratio")
def pdf_export_ratio(context: BenchContext) -> dict:
    from evaluation import exports
    from evaluation.selectors import evaluation_for_display
    from ioi_planner.pdf import html_to_pdf

    outcomes = QUICK_OUTCOMES if context.quick else OUTCOMES
    plan = _plan_with_outcomes(outcomes)
    repeats = 1 if context.quick else REPEATS
    html = exports.evaluation_html(evaluation_for_display(plan=plan))

    def export() -> bytes:
        return exports.evaluation_pdf(evaluation_for_display(plan=plan))

    export()  # warm up: the first PDF loads WeasyPrint, Pango and the fonts
    exported, weasyprint_alone = _best_interleaved(export, lambda: html_to_pdf(html), repeats)
    ratio = round(exported / weasyprint_alone, 2)
    print(  # noqa: T201 - a benchmark reports as it goes
        f"pdf_export_ratio: {ratio} (export {exported:.2f} s, WeasyPrint alone "
        f"{weasyprint_alone:.2f} s, {plan.outcomes.count()} outcomes)"
    )
    return {
        "pdf_export_ratio": ratio,
        "pdf_export_seconds": round(exported, 2),
        "pdf_weasyprint_seconds": round(weasyprint_alone, 2),
    }


def _measured(plan, indicators: int = 5) -> None:
    """Baselines, two later values for two groups and a dated target, for a few indicators."""
    from datetime import date, timedelta
    from decimal import Decimal

    from evaluation.groups import group_for_choice
    from evaluation.models import IndicatorTarget, Measurement, MeasurementKind
    from evaluation.selectors import plan_indicator_queryset

    start = date.today() - timedelta(days=300)
    groups = [group_for_choice(plan, "newcomers"), group_for_choice(plan, "receiving")]
    for indicator in plan_indicator_queryset(plan)[:indicators]:
        for offset, group in enumerate(groups):
            Measurement.objects.bulk_create(
                Measurement(
                    plan=plan,
                    indicator=indicator,
                    group=group,
                    kind=MeasurementKind.BASELINE if step == 0 else MeasurementKind.LATER,
                    measured_on=start + timedelta(days=100 * step),
                    value=Decimal(20 + 10 * offset + 5 * step),
                    source="Residents' survey",
                )
                for step in range(3)
            )
        IndicatorTarget.objects.create(
            plan=plan,
            indicator=indicator,
            group=groups[0],
            value=Decimal(50),
            due_on=date.today() + timedelta(days=200),
        )


@benchmark("report_export_ratio")
def report_export_ratio(context: BenchContext) -> dict:
    from evaluation import report, report_pdf
    from evaluation.selectors import report_plan
    from ioi_planner.pdf import html_to_pdf
    from theory_of_change.models import Plan

    outcomes = QUICK_OUTCOMES if context.quick else OUTCOMES
    plan = _plan_with_outcomes(outcomes)
    _measured(plan)
    repeats = 1 if context.quick else REPEATS
    laid_out = report.plan_report(report_plan(Plan.objects.all(), plan.pk))
    report_pdf.report_document(laid_out)  # figures drawn to fit, as the export draws them
    html = report_pdf.report_html(laid_out)

    def export() -> bytes:
        return report_pdf.report_pdf(report.plan_report(report_plan(Plan.objects.all(), plan.pk)))

    export()  # warm up
    exported, weasyprint_alone = _best_interleaved(export, lambda: html_to_pdf(html), repeats)
    ratio = round(exported / weasyprint_alone, 2)
    print(  # noqa: T201 - a benchmark reports as it goes
        f"report_export_ratio: {ratio} (export {exported:.2f} s, WeasyPrint alone "
        f"{weasyprint_alone:.2f} s, {plan.outcomes.count()} outcomes)"
    )
    return {
        "report_export_ratio": ratio,
        "report_export_seconds": round(exported, 2),
        "report_weasyprint_seconds": round(weasyprint_alone, 2),
    }


@key_page("evaluation page")
def evaluation_page(context: BenchContext, scale: int) -> PageRequest:
    from bench.plans import bench_plan

    officer = bench_people(scale=scale)
    team = officer.memberships.first().team
    plan = bench_plan(owner=officer, team=team, scale=scale)
    # Drafted and filled beforehand, so every timed request reads and none drafts.
    _filled_evaluation(plan)
    return PageRequest(
        path=reverse("evaluation:evaluation_detail", kwargs={"plan_id": plan.pk}), user=officer
    )


MEASURED_PER_SCALE = 5  # indicators with measurements on the measurements page at 1x


@key_page("measurements page")
def measurements_page(context: BenchContext, scale: int) -> PageRequest:
    """The progress report a manager reads (issue 18): each measured indicator's chart, table,
    parity gap and status. The bench plan uses at most 20 indicators, so 10x measures 20."""
    from bench.plans import bench_plan
    from evaluation.models import Measurement

    officer = bench_people(scale=scale)
    team = officer.memberships.first().team
    # A plan of its own: the report's benchmark measures the other one its own way.
    plan = bench_plan(owner=officer, team=team, scale=scale, title=f"Measured plan at {scale}x")
    if not Measurement.objects.filter(plan=plan).exists():
        _measured(plan, indicators=MEASURED_PER_SCALE * scale)
    return PageRequest(
        path=reverse("evaluation:measurement_list", kwargs={"plan_id": plan.pk}), user=officer
    )


def _main(argv: list[str]) -> None:
    quick = "--quick" in argv
    with tempfile.TemporaryDirectory(prefix="evaluation-bench-") as folder:
        workdir = Path(folder)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ioi_planner.settings")
        os.environ.setdefault("SECRET_KEY", "benchmark-only-not-secret")
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
        import django

        django.setup()
        from django.core.management import call_command

        from domains.services import framework_load

        call_command("migrate", verbosity=0)
        framework_load()
        context = BenchContext(workdir=workdir, quick=quick)
        figures = {**pdf_export_ratio(context), **report_export_ratio(context)}
    for name, value in figures.items():
        print(f"{name}: {json.dumps(value)}")  # noqa: T201


if __name__ == "__main__":
    _main(sys.argv[1:])
