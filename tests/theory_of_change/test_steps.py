"""Each section's status is derived from the plan's data; nothing about progress is stored."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from domains.models import Indicator
from theory_of_change import selectors
from theory_of_change.access import plans_editable_by
from theory_of_change.models import Activity, Evidence, Outcome, Output, Stakeholder
from theory_of_change.steps import STEPS, STEPS_BY_SLUG, Status, next_step, previous_step
from theory_of_change.wizard import selectors as wizard_selectors

pytestmark = pytest.mark.django_db


def status(plan, slug):
    fresh = selectors.plan_with_parts(type(plan).objects.all()).get(pk=plan.pk)
    return STEPS_BY_SLUG[slug].status(fresh)


def test_the_steps_run_backwards_from_the_impact_in_the_designs_order():
    assert [step.slug for step in STEPS] == [
        "plan",
        "problem-and-impact",
        "domains",
        "outcomes",
        "outputs",
        "activities",
        "barriers-and-assumptions",
        "stakeholders",
        "check-and-share",
    ]
    assert next_step("plan").slug == "problem-and-impact"
    assert next_step("check-and-share") is None
    assert previous_step("plan") is None


def test_the_plan_section_is_completed_when_every_question_is_answered(plan):
    assert status(plan, "plan") is Status.IN_PROGRESS
    plan.place, plan.intervention_kind, plan.audience = "Town", "new", "Everyone"
    plan.save()
    assert status(plan, "plan") is Status.COMPLETED


def test_problem_and_impact_go_from_not_started_to_completed(plan):
    assert status(plan, "problem-and-impact") is Status.NOT_STARTED
    plan.problem = "Isolation"
    plan.save()
    assert status(plan, "problem-and-impact") is Status.IN_PROGRESS
    plan.impact = "A connected town"
    plan.save()
    assert status(plan, "problem-and-impact") is Status.COMPLETED


def test_domains_are_completed_once_every_type_is_covered(plan, one_domain_of_each_type):
    assert status(plan, "domains") is Status.NOT_STARTED
    plan.domains.add(one_domain_of_each_type[0])
    assert status(plan, "domains") is Status.IN_PROGRESS
    plan.domains.add(*one_domain_of_each_type)
    assert status(plan, "domains") is Status.COMPLETED


def test_outcomes_are_completed_when_each_has_an_indicator(plan):
    assert status(plan, "outcomes") is Status.NOT_STARTED
    outcome = Outcome.objects.create(plan=plan, text="Meet weekly")
    assert status(plan, "outcomes") is Status.IN_PROGRESS
    outcome.indicators.add(Indicator.objects.first())
    assert status(plan, "outcomes") is Status.COMPLETED


def test_outputs_and_activities_are_completed_when_each_is_linked(plan, chain):
    assert status(plan, "outputs") is Status.COMPLETED
    assert status(plan, "activities") is Status.COMPLETED
    Output.objects.create(plan=plan, text="Serves nothing")
    Activity.objects.create(plan=plan, text="Leads nowhere")
    assert status(plan, "outputs") is Status.IN_PROGRESS
    assert status(plan, "activities") is Status.IN_PROGRESS


def test_barriers_and_assumptions_are_completed_when_every_assumption_has_evidence(plan, chain):
    assert status(plan, "barriers-and-assumptions") is Status.IN_PROGRESS
    Evidence.objects.create(
        assumption=chain["assumption"], kind="survey", source="Survey", strength="weak"
    )
    assert status(plan, "barriers-and-assumptions") is Status.COMPLETED


def test_stakeholders_are_completed_with_stakeholders_and_their_agreement(plan):
    assert status(plan, "stakeholders") is Status.NOT_STARTED
    Stakeholder.objects.create(plan=plan, name="Residents", kind="receiving_community")
    assert status(plan, "stakeholders") is Status.IN_PROGRESS
    plan.stakeholder_agreement = "The outcomes and who does what"
    plan.save()
    assert status(plan, "stakeholders") is Status.COMPLETED


def test_check_and_share_is_completed_once_shared(plan):
    assert status(plan, "check-and-share") is Status.NOT_STARTED
    plan.shared_with_team = True
    plan.save()
    assert status(plan, "check-and-share") is Status.COMPLETED


def _task_list_queries(plan, alice):
    with CaptureQueriesContext(connection) as queries:
        fetched = selectors.plan_with_parts(plans_editable_by(alice)).get(pk=plan.pk)
        wizard_selectors.plan_tasks(fetched)
    return len(queries)


def test_the_task_list_costs_the_same_queries_for_a_large_plan(plan, chain, alice):
    small = _task_list_queries(plan, alice)
    for n in range(20):
        outcome = Outcome.objects.create(plan=plan, text=f"Outcome {n}")
        outcome.indicators.add(Indicator.objects.first())
        output = Output.objects.create(plan=plan, text=f"Output {n}")
        output.outcomes.add(outcome)
        Activity.objects.create(plan=plan, text=f"Activity {n}").outputs.add(output)
    assert _task_list_queries(plan, alice) == small
