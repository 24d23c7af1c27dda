"""The wizard's writes: every link rule, the version check, and nothing saved half-way."""

import pytest
from django.core.exceptions import ValidationError

from domains.models import Domain, IndicatorStatus, Provenance
from domains.selectors import indicators_visible_to
from tests.factories import IndicatorFactory, OrganisationFactory
from theory_of_change import versioning
from theory_of_change.models import (
    Activity,
    Assumption,
    Barrier,
    Evidence,
    Outcome,
    Output,
    Plan,
    Stakeholder,
)
from theory_of_change.wizard import part_services
from theory_of_change.wizard import services as wizard_services

pytestmark = pytest.mark.django_db


def test_plan_create_makes_the_creator_the_owner(alice, team):
    plan = wizard_services.plan_create(user=alice, team=team, title="Café", place="Town")
    assert (plan.owner, plan.team, plan.version) == (alice, team, 1)


def test_plan_create_refuses_a_team_the_user_is_not_in(alice, beta_team):
    with pytest.raises(ValidationError):
        wizard_services.plan_create(user=alice, team=beta_team, title="Café")
    assert not Plan.objects.exists()


def test_plan_create_refuses_an_overlong_audience(alice, team):
    with pytest.raises(ValidationError):
        wizard_services.plan_create(user=alice, team=team, title="Café", audience="x" * 1001)


def test_plan_update_bumps_the_version(plan):
    wizard_services.plan_update(plan=plan, version=1, problem="Isolation")
    plan.refresh_from_db()
    assert (plan.problem, plan.version) == ("Isolation", 2)


def test_plan_update_refuses_a_stale_version_and_writes_nothing(plan):
    wizard_services.plan_update(plan=plan, version=1, problem="Isolation")
    stale = Plan.objects.get(pk=plan.pk)
    with pytest.raises(versioning.StalePlan):
        wizard_services.plan_update(plan=stale, version=1, problem="Overwritten")
    plan.refresh_from_db()
    assert (plan.problem, plan.version) == ("Isolation", 2)


def test_plan_update_writes_only_the_plans_own_answers(plan):
    with pytest.raises(ValueError, match="owner"):
        wizard_services.plan_update(plan=plan, version=1, owner=None)


def test_plan_update_refuses_overlong_text_and_keeps_the_version(plan):
    with pytest.raises(ValidationError):
        wizard_services.plan_update(plan=plan, version=1, impact="x" * 1001)
    plan.refresh_from_db()
    assert (plan.impact, plan.version) == ("", 1)


def test_plan_set_domains_needs_one_of_each_type(plan, one_domain_of_each_type):
    with pytest.raises(ValidationError, match="social-connections"):
        wizard_services.plan_set_domains(
            plan=plan, version=1, domains=[Domain.objects.get(slug="work")]
        )
    wizard_services.plan_set_domains(plan=plan, version=1, domains=one_domain_of_each_type)
    assert plan.domains.count() == 4


def test_domain_types_missing_names_them_in_framework_order():
    assert wizard_services.domain_types_missing([Domain.objects.get(slug="safety")]) == [
        "markers-and-means",
        "social-connections",
        "foundation",
    ]


def test_items_are_added_at_the_end_of_their_list(plan):
    first = part_services.plan_item_add(plan=plan, version=1, model=Barrier, values={"text": "A"})
    second = part_services.plan_item_add(plan=plan, version=2, model=Barrier, values={"text": "B"})
    assert first.position < second.position
    assert list(plan.barriers.all()) == [first, second]


def test_an_item_with_empty_text_is_refused(plan):
    with pytest.raises(ValidationError):
        part_services.plan_item_add(plan=plan, version=1, model=Barrier, values={"text": ""})
    assert not Barrier.objects.exists()
    plan.refresh_from_db()
    assert plan.version == 1


def test_an_output_may_serve_only_outcomes_of_its_own_plan(plan, other_plan):
    foreign = Outcome.objects.create(plan=other_plan, text="Theirs")
    with pytest.raises(ValidationError, match="same plan"):
        part_services.plan_item_add(
            plan=plan, version=1, model=Output, values={"text": "Ours", "outcomes": [foreign]}
        )
    assert not Output.objects.exists()


def test_an_activity_may_lead_only_to_outputs_of_its_own_plan(plan, other_plan):
    foreign = Output.objects.create(plan=other_plan, text="Theirs")
    with pytest.raises(ValidationError, match="same plan"):
        part_services.plan_item_add(
            plan=plan, version=1, model=Activity, values={"text": "Ours", "outputs": [foreign]}
        )


def test_changing_links_to_another_plans_item_is_refused_and_nothing_changes(
    plan, chain, other_plan
):
    foreign = Outcome.objects.create(plan=other_plan, text="Theirs")
    with pytest.raises(ValidationError):
        part_services.plan_item_update(
            plan=plan,
            version=1,
            item=chain["output"],
            values={"text": "Changed", "outcomes": [foreign]},
        )
    chain["output"].refresh_from_db()
    assert chain["output"].text == "40 club sessions"
    assert list(chain["output"].outcomes.all()) == [chain["outcome"]]


def test_an_item_of_another_plan_cannot_be_changed_through_this_plan(plan, other_plan):
    foreign = Barrier.objects.create(plan=other_plan, text="Theirs")
    for call in (
        lambda: part_services.plan_item_update(plan=plan, version=1, item=foreign, values={}),
        lambda: part_services.plan_item_remove(plan=plan, version=1, item=foreign),
        lambda: part_services.plan_item_move(plan=plan, version=1, item=foreign, direction="up"),
    ):
        with pytest.raises(ValidationError):
            call()
    assert Barrier.objects.filter(pk=foreign.pk).exists()


def test_an_assumption_about_a_barrier_is_accepted(plan, chain):
    assumption = part_services.plan_item_add(
        plan=plan,
        version=1,
        model=Assumption,
        values={"text": "Grandparents help", "barrier": chain["barrier"]},
    )
    assert assumption.barrier == chain["barrier"]


@pytest.mark.parametrize(
    ("targets", "accepted"),
    [
        ((), False),
        (("barrier",), True),
        (("activity", "output"), True),
        (("output", "outcome"), True),
        (("outcome",), True),
        (("activity",), False),
        (("output",), False),
        (("barrier", "outcome"), False),
        (("activity", "output", "outcome"), False),
    ],
)
def test_an_assumption_is_about_a_barrier_or_exactly_one_link(chain, targets, accepted):
    error = part_services.assumption_link_error(**{name: chain[name] for name in targets})
    assert (error is None) == accepted


def test_an_assumption_cannot_be_about_a_link_the_plan_does_not_have(plan, chain):
    unlinked = Output.objects.create(plan=plan, text="Unlinked")
    assert part_services.assumption_link_error(activity=chain["activity"], output=unlinked)
    assert part_services.assumption_link_error(output=unlinked, outcome=chain["outcome"])


def test_an_assumption_cannot_be_about_another_plans_barrier(plan, other_plan):
    foreign = Barrier.objects.create(plan=other_plan, text="Theirs")
    with pytest.raises(ValidationError, match="same plan"):
        part_services.plan_item_add(
            plan=plan, version=1, model=Assumption, values={"text": "x", "barrier": foreign}
        )


def test_moving_swaps_with_the_neighbour_and_stops_at_the_ends(plan):
    a, b, c = (
        Stakeholder.objects.create(plan=plan, name=name, kind="other", position=0) for name in "ABC"
    )
    part_services.plan_item_move(plan=plan, version=1, item=c, direction="up")
    assert [s.name for s in plan.stakeholders.all()] == ["A", "C", "B"]
    part_services.plan_item_move(plan=plan, version=2, item=a, direction="up")
    assert [s.name for s in plan.stakeholders.all()] == ["A", "C", "B"]
    part_services.plan_item_move(plan=plan, version=3, item=a, direction="down")
    assert [s.name for s in plan.stakeholders.all()] == ["C", "A", "B"]


def test_removing_an_outcome_removes_its_links_and_assumptions(plan, chain):
    Assumption.objects.create(plan=plan, text="About outcome", outcome=chain["outcome"])
    part_services.plan_item_remove(plan=plan, version=1, item=chain["outcome"])
    assert not chain["output"].outcomes.exists()
    assert not Assumption.objects.filter(text="About outcome").exists()


def test_outcome_indicators_are_set_from_what_the_user_may_see(plan, chain, alice, charlie):
    outcome = chain["outcome"]
    theirs = IndicatorFactory(
        domain=Domain.objects.get(number=1),
        provenance=Provenance.COUNCIL,
        organisation=OrganisationFactory(slug="beta"),
    )
    with pytest.raises(ValidationError):
        part_services.outcome_set_indicators(
            plan=plan, version=1, user=alice, outcome=outcome, indicators=[theirs]
        )
    assert not outcome.indicators.exists()


def test_a_retired_indicator_may_stay_but_not_be_newly_chosen(plan, chain, alice):
    outcome = chain["outcome"]
    retired = IndicatorFactory(domain=Domain.objects.get(number=1), status=IndicatorStatus.RETIRED)
    with pytest.raises(ValidationError, match="retired"):
        part_services.outcome_set_indicators(
            plan=plan, version=1, user=alice, outcome=outcome, indicators=[retired]
        )
    outcome.indicators.add(retired)
    part_services.outcome_set_indicators(
        plan=plan, version=1, user=alice, outcome=outcome, indicators=[retired]
    )
    assert list(outcome.indicators.all()) == [retired]


def test_a_council_indicator_is_visible_to_its_council_only(plan, chain, alpha, charlie):
    indicator = part_services.council_indicator_add(
        plan=plan,
        version=1,
        outcome=chain["outcome"],
        domain=Domain.objects.get(number=8),
        wording="% who ask a neighbour for help",
    )
    assert (indicator.provenance, indicator.organisation) == (Provenance.COUNCIL, alpha)
    assert list(chain["outcome"].indicators.all()) == [indicator]
    assert indicator in indicators_visible_to(plan.owner)
    assert indicator not in indicators_visible_to(charlie)


def test_evidence_is_added_and_removed_with_the_version_check(plan, chain):
    evidence = part_services.evidence_add(
        plan=plan,
        version=1,
        assumption=chain["assumption"],
        kind="statistics",
        source="Census 2021",
        strength="strong",
    )
    with pytest.raises(versioning.StalePlan):
        part_services.evidence_remove(plan=plan, version=1, evidence=evidence)
    part_services.evidence_remove(plan=plan, version=2, evidence=evidence)
    assert not Evidence.objects.exists()


def test_evidence_with_an_unknown_kind_is_refused(plan, chain):
    with pytest.raises(ValidationError):
        part_services.evidence_add(
            plan=plan,
            version=1,
            assumption=chain["assumption"],
            kind="rumour",
            source="Someone",
            strength="strong",
        )
    assert not Evidence.objects.exists()
    plan.refresh_from_db()
    assert plan.version == 1
