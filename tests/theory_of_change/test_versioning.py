"""versioning.plan_change: every change to a plan claims its version, runs, and is kept as a
version of the plan, in one transaction or not at all."""

import pytest

from theory_of_change.models import Outcome, Plan, PlanVersion
from theory_of_change.versioning import StalePlan, plan_change

pytestmark = pytest.mark.django_db


def test_a_change_claims_the_next_version_and_keeps_the_content_after_it(plan, alice):
    version = plan.version
    with plan_change(
        plan=plan, version=version, user=alice, section="outcomes", action="add"
    ) as change:
        change.subject = Outcome.objects.create(plan=plan, text="Neighbours meet", position=1)

    plan.refresh_from_db()
    assert plan.version == version + 1
    kept = PlanVersion.objects.get(plan=plan, number=version + 1)
    assert (kept.section, kept.action, kept.subject, kept.author) == (
        "outcomes",
        "add",
        "Neighbours meet",
        alice,
    )
    assert [row["text"] for row in kept.snapshot["outcomes"]] == ["Neighbours meet"]


def test_a_stale_version_is_refused_before_the_block_runs(plan, alice):
    ran = []
    with (
        pytest.raises(StalePlan),
        plan_change(plan=plan, version=plan.version - 1, user=alice, section="plan", action="x"),
    ):
        ran.append(True)
    assert ran == []
    assert not PlanVersion.objects.filter(plan=plan, action="x").exists()


def test_a_failing_change_saves_nothing_not_even_the_claimed_version(plan, alice):
    version = Plan.objects.values_list("version", flat=True).get(pk=plan.pk)

    def change() -> None:
        with plan_change(plan=plan, version=version, user=alice, section="outcomes", action="add"):
            Outcome.objects.create(plan=plan, text="Half done", position=1)
            raise RuntimeError("the rest of the change failed")

    with pytest.raises(RuntimeError):
        change()
    assert Plan.objects.values_list("version", flat=True).get(pk=plan.pk) == version
    assert not Outcome.objects.filter(plan=plan).exists()
    assert not PlanVersion.objects.filter(plan=plan, number=version + 1).exists()
