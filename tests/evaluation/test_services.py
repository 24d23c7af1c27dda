"""The evaluation services' rules hold for any caller, not only the forms."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from evaluation import services
from evaluation.models import OutcomeEvaluation, Sample
from theory_of_change.models import Plan
from theory_of_change.versioning import StalePlan

from ..factories import OutcomeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluation(plan, outcome):
    services.evaluation_draft(plan=plan)
    return OutcomeEvaluation.objects.get(outcome=outcome)


def version_of(plan) -> int:
    return Plan.objects.values_list("version", flat=True).get(pk=plan.pk)


def update(plan, evaluation, *, version=None, samples=(), **values):
    return services.outcome_evaluation_update(
        plan=plan,
        version=version_of(plan) if version is None else version,
        evaluation=evaluation,
        values={"responsibility": "The coordinator", **values},
        samples=list(samples),
    )


def test_a_negative_sample_size_saves_nothing_at_all(plan, evaluation):
    Sample.objects.create(evaluation=evaluation, group="participants", size=12)
    with pytest.raises(ValidationError):
        update(
            plan,
            evaluation,
            samples=[
                services.SampleValues(group="participants", description="", size=10),
                services.SampleValues(group="community", description="", size=-1),
            ],
        )
    evaluation.refresh_from_db()
    assert evaluation.responsibility == ""
    assert list(evaluation.samples.values_list("size", flat=True)) == [12]


def test_dates_out_of_order_save_nothing(plan, evaluation):
    before = version_of(plan)
    with pytest.raises(ValidationError):
        update(plan, evaluation, start_date=date(2026, 5, 1), end_date=date(2026, 4, 1))
    evaluation.refresh_from_db()
    assert evaluation.responsibility == ""
    assert version_of(plan) == before


def test_the_same_start_and_end_date_are_in_order(plan, evaluation):
    update(plan, evaluation, start_date=date(2026, 5, 1), end_date=date(2026, 5, 1))
    evaluation.refresh_from_db()
    assert evaluation.end_date == date(2026, 5, 1)


def test_a_method_not_on_the_list_is_refused(plan, evaluation):
    with pytest.raises(ValidationError):
        update(plan, evaluation, methods=["survey", "telepathy"])


def test_a_stale_version_writes_nothing(plan, evaluation):
    with pytest.raises(StalePlan):
        update(plan, evaluation, version=version_of(plan) - 1)
    evaluation.refresh_from_db()
    assert evaluation.responsibility == ""


def test_another_plan_s_outcome_is_refused(plan, evaluation, team, alice):
    from ..factories import PlanFactory

    other_plan = PlanFactory(team=team, owner=alice)
    with pytest.raises(ValidationError):
        update(other_plan, evaluation)


def test_drafting_twice_makes_one_block_per_outcome(plan, outcome):
    OutcomeFactory(plan=plan)
    assert services.evaluation_draft(plan=plan) == 2
    assert services.evaluation_draft(plan=plan) == 0
    assert OutcomeEvaluation.objects.filter(outcome__plan=plan).count() == 2
