"""The evaluation beside the review and the history: it stays open to the plan's authors while
the plan is reviewed and delivered, closes when the plan is archived, and every change of it is
a version in the plan's history."""

import pytest
from django.urls import reverse

from evaluation import services
from evaluation.models import OutcomeEvaluation
from theory_of_change.models import Plan, PlanStatus, PlanVersion

pytestmark = pytest.mark.django_db


def edit_url(plan, outcome) -> str:
    return reverse("evaluation:outcome_edit", kwargs={"plan_id": plan.pk, "outcome_id": outcome.pk})


def form(plan, responsibility: str) -> dict:
    return {
        "version": Plan.objects.values_list("version", flat=True).get(pk=plan.pk),
        "responsibility": responsibility,
        "samples-TOTAL_FORMS": "1",
        "samples-INITIAL_FORMS": "0",
        "samples-0-group": "participants",
        "samples-0-size": "20",
    }


@pytest.mark.parametrize(
    "status",
    [PlanStatus.SUBMITTED, PlanStatus.RESUBMITTED, PlanStatus.APPROVED, PlanStatus.DRAFT],
)
def test_its_authors_change_the_evaluation_while_the_plan_is_reviewed_or_delivered(
    client, alice, plan, outcome, status
):
    Plan.objects.filter(pk=plan.pk).update(status=status)
    client.force_login(alice)
    response = client.post(edit_url(plan, outcome), form(plan, f"Coordinator ({status})"))
    assert response.status_code == 302
    assert OutcomeEvaluation.objects.get(outcome=outcome).responsibility == (
        f"Coordinator ({status})"
    )


def test_an_archived_plan_s_evaluation_is_read_only(client, alice, plan, outcome):
    services.evaluation_draft(plan=plan)
    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.ARCHIVED)
    client.force_login(alice)
    assert client.get(edit_url(plan, outcome)).status_code == 404
    assert client.post(edit_url(plan, outcome), form(plan, "Changed")).status_code == 404
    assert OutcomeEvaluation.objects.get(outcome=outcome).responsibility == ""
    # It can still be read and exported.
    evaluation = reverse("evaluation:evaluation_detail", kwargs={"plan_id": plan.pk})
    assert client.get(evaluation).status_code == 200


def test_each_change_of_the_evaluation_is_a_version_in_the_plan_s_history(
    client, alice, plan, outcome
):
    client.force_login(alice)
    client.post(edit_url(plan, outcome), form(plan, "The café coordinator"))
    version = PlanVersion.objects.filter(plan=plan).latest("number")
    plan.refresh_from_db()
    assert (version.number, version.section, version.action) == (
        plan.version,
        "evaluation",
        "evaluation-change",
    )
    assert version.author == alice
    history = client.get(reverse("theory_of_change:plan_history", kwargs={"plan_id": plan.pk}))
    page = history.content.decode()
    assert "Changed the evaluation of “Neighbours old and new meet every week”" in page
    assert "Evaluation plan" in page
