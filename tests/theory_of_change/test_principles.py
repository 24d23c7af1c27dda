"""Each rule of the principle check: a complete plan meets every principle, and each test takes
one thing away from it and expects that gap, named, under its principle."""

import pytest

from domains.models import Domain, Indicator
from theory_of_change.models import Assumption, StakeholderKind
from theory_of_change.principles import principle_check
from theory_of_change.selectors import plan_for_display

from ..factories import (
    ActivityFactory,
    AssumptionFactory,
    BarrierFactory,
    EvidenceFactory,
    OutcomeFactory,
    OutputFactory,
    PlanFactory,
    StakeholderFactory,
)

pytestmark = pytest.mark.django_db

# One domain of each type, as the guide's first exercise asks: Leisure (Markers and Means),
# Social Bridges (Social Connections), Language and Communication (Facilitators) and Rights and
# Responsibilities (Foundation).
DOMAIN_NUMBERS = [5, 7, 9, 14]


def indicator_in(number: int) -> Indicator:
    return Indicator.objects.filter(domain__number=number).first()


@pytest.fixture
def plan(team, alice):
    plan = PlanFactory(
        team=team,
        owner=alice,
        title="Friendship club",
        place="Ashby Cross",
        audience="Newcomers and long-standing residents",
        problem="People from different backgrounds rarely meet.",
        impact="Everyone feels they belong.",
        stakeholder_agreement="Outcomes, actions and who does what.",
    )
    plan.domains.set(Domain.objects.filter(number__in=DOMAIN_NUMBERS))
    meet = OutcomeFactory(
        plan=plan, text="Residents meet and make friends", baseline="10%", target="30%"
    )
    meet.indicators.set([indicator_in(5), indicator_in(7)])
    talk = OutcomeFactory(plan=plan, text="Women speak English daily", baseline="2", target="5")
    talk.indicators.set([indicator_in(9), indicator_in(14)])
    sessions = OutputFactory(plan=plan, text="Weekly sessions held")
    sessions.outcomes.set([meet])
    classes = OutputFactory(plan=plan, text="Conversation classes held")
    classes.outcomes.set([talk])
    ActivityFactory(plan=plan, text="Run a drop-in", inputs="Venue").outputs.set([sessions])
    ActivityFactory(plan=plan, text="Train volunteers", inputs="Trainer").outputs.set([classes])
    BarrierFactory(plan=plan, text="Low confidence")
    EvidenceFactory(assumption=AssumptionFactory(plan=plan, text="Mixing builds friendships"))
    StakeholderFactory(
        plan=plan,
        name="Newcomers",
        kind=StakeholderKind.NEWCOMERS,
        in_design=True,
        in_evaluation=True,
    )
    StakeholderFactory(
        plan=plan, name="Residents", kind=StakeholderKind.RECEIVING_COMMUNITY, in_evaluation=True
    )
    StakeholderFactory(plan=plan, name="Council team", kind=StakeholderKind.STATUTORY)
    return plan


def gaps(plan, alice) -> dict[str, list[str]]:
    checked = principle_check(plan_for_display(plan_id=plan.pk, user=alice))
    return {result.key: [gap.text for gap in result.gaps] for result in checked}


def test_a_complete_plan_meets_every_principle_and_the_chain(plan, alice):
    checked = principle_check(plan_for_display(plan_id=plan.pk, user=alice))
    assert [r.key for r in checked] == [
        "multi_dimensional",
        "multi_directional",
        "shared_responsibility",
        "context_specific",
        "chain",
    ]
    assert all(r.met for r in checked), {r.key: r.gaps for r in checked}


def test_the_check_makes_no_queries_of_its_own(plan, alice, django_assert_num_queries):
    fetched = plan_for_display(plan_id=plan.pk, user=alice)
    with django_assert_num_queries(0):
        principle_check(fetched)


def test_a_plan_fetched_without_the_selector_is_checked_the_same(plan, alice):
    plan.domains.set(Domain.objects.filter(number__in=[5, 7]))
    from_selector = principle_check(plan_for_display(plan_id=plan.pk, user=alice))
    assert principle_check(plan) == from_selector


# --- Multi-dimensional ---------------------------------------------------------------------------


def test_it_asks_for_domains_when_none_are_chosen(plan, alice):
    plan.domains.clear()
    assert gaps(plan, alice)["multi_dimensional"] == ["No domains are chosen yet"]


def test_it_names_the_one_type_every_chosen_domain_is_of(plan, alice):
    plan.domains.set(Domain.objects.filter(number__in=[9, 10, 11]))
    assert (
        "Every chosen domain is of one type (Facilitators)"
        in gaps(plan, alice)["multi_dimensional"]
    )


def test_it_names_each_type_with_no_chosen_domain(plan, alice):
    plan.domains.set(Domain.objects.filter(number__in=[5, 9]))
    found = gaps(plan, alice)["multi_dimensional"]
    assert "No Social Connections domain is chosen" in found
    assert "No Foundation domain is chosen" in found
    assert "No Markers and Means domain is chosen" not in found


def test_it_names_a_chosen_domain_no_outcome_is_measured_in(plan, alice):
    plan.domains.add(Domain.objects.get(number=10))
    assert gaps(plan, alice)["multi_dimensional"] == [
        "No outcome is measured in Culture, a chosen domain"
    ]


# --- Multi-directional ---------------------------------------------------------------------------


def test_it_says_when_no_stakeholder_is_from_the_receiving_community(plan, alice):
    plan.stakeholders.filter(kind=StakeholderKind.RECEIVING_COMMUNITY).delete()
    assert gaps(plan, alice)["multi_directional"] == [
        "No stakeholder is from the receiving community"
    ]


def test_it_says_when_no_stakeholder_is_from_the_newcomers(plan, alice):
    plan.stakeholders.filter(kind=StakeholderKind.NEWCOMERS).update(kind=StakeholderKind.OTHER)
    assert gaps(plan, alice)["multi_directional"] == ["No stakeholder is from the newcomers"]


def test_it_says_when_the_receiving_community_is_left_out_of_the_evaluation(plan, alice):
    plan.stakeholders.filter(kind=StakeholderKind.RECEIVING_COMMUNITY).update(in_evaluation=False)
    assert gaps(plan, alice)["multi_directional"] == [
        "The receiving community is not involved in the evaluation"
    ]


def test_it_says_when_the_newcomers_are_left_out_of_the_evaluation(plan, alice):
    plan.stakeholders.filter(kind=StakeholderKind.NEWCOMERS).update(in_evaluation=False)
    assert gaps(plan, alice)["multi_directional"] == [
        "The newcomers are not involved in the evaluation"
    ]


# --- Shared responsibility -----------------------------------------------------------------------


def test_it_asks_for_stakeholders_when_there_are_none(plan, alice):
    plan.stakeholders.all().delete()
    found = gaps(plan, alice)
    assert found["shared_responsibility"] == ["No stakeholders are named yet"]
    assert found["multi_directional"] == [
        "No stakeholder is from the newcomers",
        "No stakeholder is from the receiving community",
    ]


def test_it_asks_for_a_public_body_among_the_stakeholders(plan, alice):
    plan.stakeholders.filter(kind=StakeholderKind.STATUTORY).update(kind=StakeholderKind.EMPLOYER)
    assert gaps(plan, alice)["shared_responsibility"] == [
        "No stakeholder is a statutory service or other public body, such as education or health"
    ]


def test_it_names_a_stakeholder_with_no_responsibility(plan, alice):
    plan.stakeholders.filter(name="Council team").update(responsibility="  ")
    assert gaps(plan, alice)["shared_responsibility"] == [
        "Stakeholder ‘Council team’ has no responsibility written"
    ]


def test_it_says_when_no_stakeholder_is_involved_in_the_design(plan, alice):
    plan.stakeholders.update(in_design=False)
    assert gaps(plan, alice)["shared_responsibility"] == [
        "No stakeholder is involved in the design"
    ]


def test_it_says_once_when_no_stakeholder_is_involved_in_the_evaluation(plan, alice):
    plan.stakeholders.update(in_evaluation=False)
    found = gaps(plan, alice)
    assert found["shared_responsibility"] == ["No stakeholder is involved in the evaluation"]
    assert found["multi_directional"] == []


def test_it_asks_for_what_the_stakeholders_have_agreed(plan, alice):
    plan.stakeholder_agreement = ""
    plan.save()
    assert gaps(plan, alice)["shared_responsibility"] == [
        "What the stakeholders have agreed is not recorded"
    ]


# --- Context specific ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "gap"),
    [
        ("place", "The place is not given"),
        ("audience", "Who the plan is for is not described"),
        ("problem", "The integration problem is not described"),
    ],
)
def test_it_asks_where_for_whom_and_why(plan, alice, field, gap):
    setattr(plan, field, " ")
    plan.save()
    assert gaps(plan, alice)["context_specific"] == [gap]


def test_it_asks_for_barriers(plan, alice):
    plan.barriers.all().delete()
    assert gaps(plan, alice)["context_specific"] == ["No barriers are named"]


def test_it_asks_for_assumptions(plan, alice):
    plan.assumptions.all().delete()
    assert gaps(plan, alice)["context_specific"] == ["No assumptions are written"]


def test_it_says_when_no_assumption_has_evidence(plan, alice):
    AssumptionFactory(plan=plan, text="Volunteers will stay")
    for assumption in Assumption.objects.filter(plan=plan):
        assumption.evidence.all().delete()
    assert gaps(plan, alice)["context_specific"] == ["No assumption has evidence"]


def test_it_names_an_assumption_without_evidence_when_others_have_some(plan, alice):
    AssumptionFactory(plan=plan, text="Volunteers will stay")
    assert gaps(plan, alice)["context_specific"] == [
        "Assumption ‘Volunteers will stay’ has no evidence"
    ]


def test_it_names_an_outcome_with_no_baseline_or_no_target(plan, alice):
    plan.outcomes.filter(text__startswith="Residents").update(baseline="")
    plan.outcomes.filter(text__startswith="Women").update(baseline="", target="")
    assert gaps(plan, alice)["context_specific"] == [
        "Outcome ‘Residents meet and make friends’ has no baseline",
        "Outcome ‘Women speak English daily’ has no baseline or target",
    ]


def test_it_names_an_outcome_with_no_target(plan, alice):
    plan.outcomes.filter(text__startswith="Residents").update(target="")
    assert gaps(plan, alice)["context_specific"] == [
        "Outcome ‘Residents meet and make friends’ has no target"
    ]


def test_long_texts_are_quoted_shortened(plan, alice):
    plan.outcomes.filter(text__startswith="Residents").update(
        target="", text="one two three four five six seven eight nine ten eleven twelve thirteen"
    )
    assert gaps(plan, alice)["context_specific"] == [
        "Outcome ‘one two three four five six seven eight nine ten eleven twelve…’ has no target"
    ]


# --- The chain -----------------------------------------------------------------------------------


def test_it_asks_for_the_long_term_impact(plan, alice):
    plan.impact = ""
    plan.save()
    assert gaps(plan, alice)["chain"] == ["The long-term impact is not written"]


def test_it_asks_for_outcomes_when_there_are_none(plan, alice):
    plan.outcomes.all().delete()
    found = gaps(plan, alice)["chain"]
    assert "No intermediate outcomes are written yet" in found
    assert "Output ‘Weekly sessions held’ serves no outcome" in found


def test_it_names_an_outcome_with_no_indicator(plan, alice):
    plan.outcomes.get(text__startswith="Women").indicators.clear()
    found = gaps(plan, alice)
    assert found["chain"] == ["Outcome ‘Women speak English daily’ has no indicator"]
    # The domains that outcome measured are now measured by none.
    assert (
        "No outcome is measured in Language and Communication, a chosen domain"
        in (found["multi_dimensional"])
    )


def test_it_names_an_outcome_no_output_serves(plan, alice):
    plan.outputs.get(text="Conversation classes held").outcomes.clear()
    assert gaps(plan, alice)["chain"] == [
        "No output serves outcome ‘Women speak English daily’",
        "Output ‘Conversation classes held’ serves no outcome",
    ]


def test_it_asks_for_outputs_when_there_are_none(plan, alice):
    plan.outputs.all().delete()
    assert gaps(plan, alice)["chain"] == [
        "No outputs are written yet",
        "Activity ‘Run a drop-in’ leads to no output",
        "Activity ‘Train volunteers’ leads to no output",
    ]


def test_it_names_an_output_no_activity_leads_to(plan, alice):
    OutputFactory(plan=plan, text="Leaflets printed").outcomes.set(plan.outcomes.all()[:1])
    assert gaps(plan, alice)["chain"] == ["No activity leads to output ‘Leaflets printed’"]


def test_it_asks_for_activities_when_there_are_none(plan, alice):
    plan.activities.all().delete()
    assert gaps(plan, alice)["chain"] == ["No activities are written yet"]


def test_it_names_an_activity_that_leads_to_no_output(plan, alice):
    ActivityFactory(plan=plan, text="Print posters", inputs="Printing budget")
    assert gaps(plan, alice)["chain"] == ["Activity ‘Print posters’ leads to no output"]


def test_it_names_an_activity_with_no_inputs(plan, alice):
    plan.activities.filter(text="Run a drop-in").update(inputs="")
    assert gaps(plan, alice)["chain"] == ["Activity ‘Run a drop-in’ has no inputs listed"]


def test_an_empty_plan_gets_one_gap_per_missing_part_not_a_flood(team, alice):
    empty = PlanFactory(team=team, owner=alice)
    found = gaps(empty, alice)
    assert found == {
        "multi_dimensional": ["No domains are chosen yet"],
        "multi_directional": [
            "No stakeholder is from the newcomers",
            "No stakeholder is from the receiving community",
        ],
        "shared_responsibility": ["No stakeholders are named yet"],
        "context_specific": [
            "The place is not given",
            "Who the plan is for is not described",
            "The integration problem is not described",
            "No barriers are named",
            "No assumptions are written",
        ],
        "chain": [
            "The long-term impact is not written",
            "No intermediate outcomes are written yet",
            "No outputs are written yet",
            "No activities are written yet",
        ],
    }
