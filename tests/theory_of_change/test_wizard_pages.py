"""The wizard's pages through the test client: each step saves and moves on, bad input is
refused with a GOV.UK error and what was typed kept, and a stale form changes nothing."""

import re
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from domains.models import Domain, Indicator, IndicatorStatus, Provenance
from tests.factories import IndicatorFactory, MembershipFactory, sign_in_with_two_factor
from theory_of_change.models import Activity, Assumption, Evidence, Outcome, Output, Plan
from theory_of_change.steps import STEPS_BY_SLUG

pytestmark = pytest.mark.django_db


def step_url(plan, slug):
    return STEPS_BY_SLUG[slug].url(plan)


def item_url(plan, kind, action, item=None):
    if item is None:
        return reverse("theory_of_change:item_add", kwargs={"plan_id": plan.pk, "kind": kind})
    return reverse(
        f"theory_of_change:item_{action}",
        kwargs={"plan_id": plan.pk, "kind": kind, "item_id": item.pk},
    )


def checked_values(page: str, name: str) -> list[str]:
    """Values of the ticked checkboxes or radios called name."""
    inputs = re.findall(r"<input[^>]*>", page, flags=re.S)
    return [
        re.search(r'value="([^"]*)"', tag).group(1)
        for tag in inputs
        if f'name="{name}"' in tag and "checked" in tag
    ]


@pytest.fixture
def signed_in(client, alice):
    client.force_login(alice)
    return client


def test_creating_a_plan_saves_step_one_and_goes_to_step_two(signed_in, team, alice):
    response = signed_in.post(
        reverse("theory_of_change:plan_create"),
        {
            "title": "Friendship club",
            "place": "Eastfield",
            "intervention_kind": "new",
            "audience": "Refugee families and long-standing residents of the estate",
        },
    )
    plan = Plan.objects.get()
    assert plan.owner == alice
    assert plan.team == team
    assert plan.place == "Eastfield"
    assert response.headers["Location"] == step_url(plan, "problem-and-impact")


def test_a_user_in_two_teams_chooses_the_team(client, alice, other_team):
    MembershipFactory(team=other_team, user=alice)
    client.force_login(alice)
    page = client.get(reverse("theory_of_change:plan_create")).content.decode()
    assert "Which team is this plan for?" in page
    response = client.post(
        reverse("theory_of_change:plan_create"),
        {"title": "Café", "place": "Town", "intervention_kind": "new", "audience": "All"},
    )
    page = response.content.decode()
    assert "Select the team this plan is for" in page
    assert 'href="#id_team_1"' in page
    assert not Plan.objects.exists()
    client.post(
        reverse("theory_of_change:plan_create"),
        {
            "team": other_team.pk,
            "title": "Café",
            "place": "Town",
            "intervention_kind": "new",
            "audience": "All",
        },
    )
    assert Plan.objects.get().team == other_team


def test_a_user_cannot_create_a_plan_for_a_team_they_are_not_in(client, alice, beta_team):
    MembershipFactory(team__organisation=alice.memberships.first().team.organisation, user=alice)
    client.force_login(alice)
    response = client.post(
        reverse("theory_of_change:plan_create"),
        {
            "team": beta_team.pk,
            "title": "Café",
            "place": "Town",
            "intervention_kind": "new",
            "audience": "All",
        },
    )
    assert "Select one of your teams" in response.content.decode()
    assert not Plan.objects.exists()


def test_staff_in_no_team_are_told_they_cannot_create_plans(client, admin_user):
    sign_in_with_two_factor(client, admin_user)
    response = client.get(reverse("theory_of_change:plan_create"))
    assert response.status_code == 403
    assert "You cannot create a plan" in response.content.decode()
    assert "Create a plan" not in client.get(reverse("theory_of_change:plan_list")).content.decode()


def test_empty_answers_are_refused_with_gov_uk_errors_and_the_typed_text_kept(signed_in, plan):
    response = signed_in.post(
        step_url(plan, "plan"),
        {"title": "", "place": "Northside", "intervention_kind": "", "audience": "", "version": 1},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: The plan – IOI Planner</title>" in page
    assert "Enter a title for the plan" in page
    assert "Select whether the intervention is new or existing" in page
    assert 'href="#id_intervention_kind_1"' in page
    assert 'value="Northside"' in page
    plan.refresh_from_db()
    assert plan.title == "Friendship club"
    assert plan.version == 1


def test_overlong_text_is_refused(signed_in, plan):
    response = signed_in.post(
        step_url(plan, "problem-and-impact"),
        {"problem": "x" * 1001, "impact": "Neighbours help each other", "version": 1},
    )
    page = response.content.decode()
    assert "The integration problem must be 1000 characters or fewer" in page
    assert "Neighbours help each other" in page
    plan.refresh_from_db()
    assert plan.impact == ""


def test_save_and_continue_saves_and_goes_to_the_next_step(signed_in, plan):
    response = signed_in.post(
        step_url(plan, "problem-and-impact"),
        {"problem": "Isolation", "impact": "A connected estate", "version": 1},
    )
    assert response.headers["Location"] == step_url(plan, "domains")
    plan.refresh_from_db()
    assert (plan.problem, plan.impact, plan.version) == ("Isolation", "A connected estate", 2)


def test_a_stale_form_is_refused_with_a_clear_message_and_the_typed_text_kept(signed_in, plan):
    signed_in.post(
        step_url(plan, "problem-and-impact"),
        {"problem": "Isolation", "impact": "A connected estate", "version": 1},
    )
    replay = signed_in.post(
        step_url(plan, "problem-and-impact"),
        {"problem": "Loneliness", "impact": "Friends across the estate", "version": 1},
    )
    page = replay.content.decode()
    assert replay.status_code == 200
    assert "This plan was changed" in page
    assert "Friends across the estate" in page
    assert 'name="version" value="2"' in page
    plan.refresh_from_db()
    assert plan.problem == "Isolation"


def test_choosing_domains_says_which_types_are_missing(signed_in, plan):
    work = Domain.objects.get(slug="work")
    response = signed_in.post(
        step_url(plan, "domains"), {"markers_and_means": [work.pk], "version": 1}
    )
    page = response.content.decode()
    assert "Select at least one Social Connections domain" in page
    assert "Select at least one Facilitators domain" in page
    assert "Select at least one Rights and Responsibilities (the Foundation) domain" in page
    assert "Select at least one Markers and Means domain" not in page
    assert 'href="#id_social_connections_1"' in page
    assert plan.domains.count() == 0


def test_choosing_one_domain_of_each_type_saves_them(signed_in, plan, one_domain_of_each_type):
    data = {
        name: [domain.pk]
        for name, domain in zip(
            ["markers_and_means", "social_connections", "facilitators", "foundation"],
            one_domain_of_each_type,
            strict=True,
        )
    }
    response = signed_in.post(step_url(plan, "domains"), {**data, "version": 1})
    assert response.headers["Location"] == step_url(plan, "outcomes")
    assert set(plan.domains.all()) == set(one_domain_of_each_type)


def test_the_domain_search_uses_the_keyword_index(signed_in, plan):
    page = signed_in.get(step_url(plan, "domains"), {"q": "ESOL"}).content.decode()
    assert "Domains that ‘ESOL’ points to" in page
    assert "Language and Communication (Facilitators)" in page


def test_adding_an_outcome_goes_on_to_choosing_its_indicators(signed_in, plan):
    response = signed_in.post(
        item_url(plan, "outcomes", "add"),
        {"text": "Neighbours meet weekly", "baseline": "", "target": "40 a month", "version": 1},
    )
    outcome = Outcome.objects.get(plan=plan)
    assert outcome.target == "40 a month"
    assert response.headers["Location"] == reverse(
        "theory_of_change:outcome_indicators", kwargs={"plan_id": plan.pk, "item_id": outcome.pk}
    )


def test_an_output_cannot_be_tied_to_an_outcome_of_another_plan(signed_in, plan, other_plan):
    Outcome.objects.create(plan=plan, text="Ours")
    foreign = Outcome.objects.create(plan=other_plan, text="Not yours")
    response = signed_in.post(
        item_url(plan, "outputs", "add"),
        {"text": "20 sessions", "outcomes": [foreign.pk], "version": 1},
    )
    page = response.content.decode()
    assert "Select outcomes of this plan" in page
    assert 'href="#id_outcomes_1"' in page
    assert "20 sessions" in page
    assert not Output.objects.filter(plan=plan).exists()


def test_outputs_and_activities_are_tied_with_checkboxes(signed_in, plan, chain):
    signed_in.post(
        item_url(plan, "outputs", "add"),
        {"text": "A welcome pack", "outcomes": [chain["outcome"].pk], "version": 1},
    )
    output = Output.objects.get(plan=plan, text="A welcome pack")
    assert list(output.outcomes.all()) == [chain["outcome"]]
    signed_in.post(
        item_url(plan, "activities", "add"),
        {"text": "Write the pack", "inputs": "£200", "outputs": [output.pk], "version": 2},
    )
    activity = Activity.objects.get(plan=plan, text="Write the pack")
    assert list(activity.outputs.all()) == [output]


def test_the_item_pages_answer_404_for_an_item_of_another_plan(signed_in, plan, other_plan):
    foreign = Outcome.objects.create(plan=other_plan, text="Not yours")
    for action in ("change", "remove"):
        assert signed_in.get(item_url(plan, "outcomes", action, foreign)).status_code == 404
    assert signed_in.get(f"/plans/{plan.pk}/items/widgets/add/").status_code == 404
    assert signed_in.get(f"/plans/{plan.pk}/steps/no-such-step/").status_code == 404


def test_changing_an_item_keeps_its_place_and_links(signed_in, plan, chain):
    output = chain["output"]
    signed_in.post(
        item_url(plan, "outputs", "change", output),
        {"text": "50 club sessions", "outcomes": [chain["outcome"].pk], "version": 1},
    )
    output.refresh_from_db()
    assert output.text == "50 club sessions"
    assert list(output.outcomes.all()) == [chain["outcome"]]


def test_removing_asks_for_confirmation_first(signed_in, plan, chain):
    barrier = chain["barrier"]
    page = signed_in.get(item_url(plan, "barriers", "remove", barrier)).content.decode()
    assert "Are you sure you want to remove this barrier?" in page
    assert "Assumptions about it will be removed too." in page
    assert Plan.objects.get().barriers.count() == 1
    signed_in.post(item_url(plan, "barriers", "remove", barrier), {"version": 1})
    assert not plan.barriers.exists()
    assert not Assumption.objects.filter(pk=chain["assumption"].pk).exists()


def test_a_replayed_remove_is_refused(signed_in, plan, chain):
    # The same section (outcomes) changed since the form's version, so it is refused; a form
    # whose section nobody changed meanwhile would go through (test_history.py).
    signed_in.post(item_url(plan, "outcomes", "remove", chain["outcome"]), {"version": 1})
    second = Outcome.objects.create(plan=plan, text="Second outcome", position=2)
    response = signed_in.post(item_url(plan, "outcomes", "remove", second), {"version": 1})
    assert "This plan was changed" in response.content.decode()
    assert Outcome.objects.filter(pk=second.pk).exists()


def test_items_move_up_and_down_with_plain_posts(signed_in, plan, chain):
    second = Outcome.objects.create(plan=plan, text="Second outcome", position=2)
    response = signed_in.post(
        item_url(plan, "outcomes", "move", second), {"direction": "up", "version": 1}
    )
    assert response.status_code == 302
    assert list(plan.outcomes.values_list("text", flat=True)) == [
        "Second outcome",
        "Neighbours meet weekly",
    ]
    signed_in.post(item_url(plan, "outcomes", "move", second), {"direction": "down", "version": 2})
    assert list(plan.outcomes.values_list("text", flat=True)) == [
        "Neighbours meet weekly",
        "Second outcome",
    ]


def test_a_stale_move_changes_nothing_and_says_why(signed_in, plan, chain):
    second = Outcome.objects.create(plan=plan, text="Second outcome", position=2)
    response = signed_in.post(
        item_url(plan, "outcomes", "move", second), {"direction": "up", "version": 7}, follow=True
    )
    assert "This plan was changed" in response.content.decode()
    assert plan.outcomes.first().text == "Neighbours meet weekly"


def test_an_assumption_is_attached_to_one_link_of_the_chain(signed_in, plan, chain):
    link = f"output-{chain['output'].pk}-outcome-{chain['outcome'].pk}"
    page = signed_in.get(item_url(plan, "assumptions", "add")).content.decode()
    assert "Output ‘40 club sessions’ serves outcome ‘Neighbours meet weekly’" in page
    signed_in.post(
        item_url(plan, "assumptions", "add"),
        {"text": "Sessions build trust", "about": link, "version": 1},
    )
    assumption = Assumption.objects.get(text="Sessions build trust")
    assert (assumption.output, assumption.outcome, assumption.barrier) == (
        chain["output"],
        chain["outcome"],
        None,
    )


def test_an_assumption_cannot_be_about_a_link_that_does_not_exist(signed_in, plan, chain):
    lonely = Outcome.objects.create(plan=plan, text="Lonely outcome", position=2)
    response = signed_in.post(
        item_url(plan, "assumptions", "add"),
        {
            "text": "Made up",
            "about": f"output-{chain['output'].pk}-outcome-{lonely.pk}",
            "version": 1,
        },
    )
    page = response.content.decode()
    assert "Select what the assumption is about from the list" in page
    assert 'href="#id_about_1"' in page
    assert not Assumption.objects.filter(text="Made up").exists()


def test_evidence_is_added_to_an_assumption_and_removed_after_confirmation(signed_in, plan, chain):
    assumption = chain["assumption"]
    url = reverse(
        "theory_of_change:evidence_add", kwargs={"plan_id": plan.pk, "item_id": assumption.pk}
    )
    page = signed_in.post(url, {"source": "", "version": 1}).content.decode()
    assert "Select what kind of evidence it is" in page
    assert "Enter where the evidence comes from" in page
    assert "Select how strong the evidence is" in page
    signed_in.post(
        url,
        {"kind": "survey", "source": "Residents survey 2025", "strength": "moderate", "version": 1},
    )
    evidence = Evidence.objects.get()
    assert evidence.assumption == assumption
    remove = reverse(
        "theory_of_change:evidence_remove",
        kwargs={"plan_id": plan.pk, "item_id": assumption.pk, "evidence_id": evidence.pk},
    )
    assert "Are you sure" in signed_in.get(remove).content.decode()
    signed_in.post(remove, {"version": 2})
    assert not Evidence.objects.exists()


def test_a_stakeholder_records_kind_responsibility_and_involvement(signed_in, plan):
    signed_in.post(
        item_url(plan, "stakeholders", "add"),
        {
            "name": "Eastfield residents",
            "kind": "receiving_community",
            "responsibility": "Host the sessions",
            "involved": ["in_design", "in_evaluation"],
            "version": 1,
        },
    )
    stakeholder = plan.stakeholders.get()
    assert (stakeholder.in_design, stakeholder.in_delivery, stakeholder.in_evaluation) == (
        True,
        False,
        True,
    )
    page = signed_in.get(item_url(plan, "stakeholders", "change", stakeholder)).content.decode()
    assert checked_values(page, "involved") == ["in_design", "in_evaluation"]


def test_suggested_indicators_come_from_the_plans_domains(signed_in, plan, chain):
    language = Domain.objects.get(slug="language-and-communication")
    plan.domains.add(language)
    url = reverse(
        "theory_of_change:outcome_indicators",
        kwargs={"plan_id": plan.pk, "item_id": chain["outcome"].pk},
    )
    page = signed_in.get(url).content.decode()
    assert "Suggested from your plan’s domains" in page
    assert language.indicators.filter(status=IndicatorStatus.ACTIVE).first().wording in page
    assert "From the whole bank" not in page
    searched = signed_in.get(url, {"q": "hate crime"}).content.decode()
    assert "From the whole bank, matching ‘hate crime’" in searched


def test_choosing_indicators_saves_them_and_retired_ones_stay_shown(signed_in, plan, chain):
    outcome = chain["outcome"]
    retired = IndicatorFactory(
        domain=Domain.objects.get(number=9), status=IndicatorStatus.RETIRED, wording="Old measure"
    )
    outcome.indicators.add(retired)
    active = Indicator.objects.filter(status=IndicatorStatus.ACTIVE, domain__number=9).first()
    url = reverse(
        "theory_of_change:outcome_indicators", kwargs={"plan_id": plan.pk, "item_id": outcome.pk}
    )
    # Searched for by its whole wording: every word matches, so it comes first.
    page = signed_in.get(url, {"q": active.wording}).content.decode()
    assert "Old measure" in page
    assert "Retired" in page
    signed_in.post(
        f"{url}?{urlencode({'q': active.wording})}",
        {"current": [retired.pk], "found": [active.pk], "version": 1},
    )
    assert set(outcome.indicators.all()) == {retired, active}
    outcomes_page = signed_in.get(step_url(plan, "outcomes")).content.decode()
    assert "Retired" in outcomes_page


def test_a_council_indicator_is_added_to_the_outcome_and_marked(signed_in, plan, chain, alpha):
    outcome = chain["outcome"]
    url = reverse(
        "theory_of_change:council_indicator_add",
        kwargs={"plan_id": plan.pk, "item_id": outcome.pk},
    )
    page = signed_in.post(url, {"wording": "", "version": 1}).content.decode()
    assert "Enter the wording of the indicator" in page
    assert "Select the domain the indicator belongs to" in page
    signed_in.post(
        url,
        {
            "domain": Domain.objects.get(number=8).pk,
            "wording": "% who ask a neighbour",
            "version": 1,
        },
    )
    indicator = outcome.indicators.get()
    assert indicator.provenance == Provenance.COUNCIL
    assert indicator.organisation == alpha
    page = signed_in.get(step_url(plan, "outcomes")).content.decode()
    assert "Added by Alpha Council" in page


def test_sharing_with_the_team_lands_on_the_plan_page(signed_in, plan):
    response = signed_in.post(
        step_url(plan, "check-and-share"), {"shared_with_team": "yes", "version": 1}
    )
    assert response.headers["Location"] == plan.get_absolute_url()
    plan.refresh_from_db()
    assert plan.shared_with_team


def test_the_task_list_shows_each_section_status(signed_in, plan, chain):
    page = signed_in.get(reverse("theory_of_change:plan_tasks", kwargs={"plan_id": plan.pk}))
    text = page.content.decode()
    assert "Sections of Friendship club" in text
    assert "govuk-task-list" in text
    assert "Not started" in text
    assert "In progress" in text


def test_the_plan_list_shows_my_plans_and_my_teams_shared_plans(client, plan, lena, carol, team):
    shared = Plan.objects.create(team=team, owner=carol, title="Shared café", shared_with_team=True)
    client.force_login(lena)
    page = client.get(reverse("theory_of_change:plan_list")).content.decode()
    assert "Shared café" in page
    assert "Friendship club" not in page
    assert "1 of 9 sections completed" in page  # shared: check and share is done
    assert "Shared with team" in page
    assert shared.get_absolute_url() in page


def test_the_plan_list_has_an_empty_state(client, bob):
    client.force_login(bob)
    page = client.get(reverse("theory_of_change:plan_list")).content.decode()
    assert "You have no plans yet" in page
    assert "Create a plan" in page


def test_the_check_step_shows_the_principle_check_with_named_gaps(signed_in, plan, chain):
    page = signed_in.get(step_url(plan, "check-and-share")).content.decode()
    assert "Integration is multi-directional" in page
    assert "No stakeholder is from the receiving community" in page
    assert "No assumption has evidence" in page
    assert f'href="{step_url(plan, "stakeholders")}"' in page


def _queries_for(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_plan_list_costs_the_same_queries_for_one_plan_or_many(
    signed_in, plan, chain, team, alice
):
    one = _queries_for(signed_in, reverse("theory_of_change:plan_list"))
    for n in range(15):
        other = Plan.objects.create(team=team, owner=alice, title=f"Plan {n}")
        Outcome.objects.create(plan=other, text="An outcome").indicators.add(
            Indicator.objects.first()
        )
        Output.objects.create(plan=other, text="An output")
    assert _queries_for(signed_in, reverse("theory_of_change:plan_list")) == one


def test_a_list_step_costs_the_same_queries_for_one_item_or_many(signed_in, plan, chain):
    url = step_url(plan, "outcomes")
    one = _queries_for(signed_in, url)
    indicator = Indicator.objects.first()
    for n in range(15):
        Outcome.objects.create(plan=plan, text=f"Outcome {n}").indicators.add(indicator)
    assert _queries_for(signed_in, url) == one


def test_without_outcomes_the_output_form_says_to_add_them_and_links_nothing(
    signed_in, plan, other_plan
):
    foreign = Outcome.objects.create(plan=other_plan, text="Not yours")
    page = signed_in.get(item_url(plan, "outputs", "add")).content.decode()
    assert "The plan has no outcomes yet" in page
    assert 'name="outcomes"' not in page
    signed_in.post(
        item_url(plan, "outputs", "add"),
        {"text": "20 sessions", "outcomes": [foreign.pk], "version": 1},
    )
    assert not Output.objects.get(plan=plan).outcomes.exists()


@pytest.mark.parametrize(
    ("kind", "model", "setting", "words"),
    [
        ("outcomes", Outcome, "outcome", "outcomes"),
        ("outputs", Output, "output", "outputs"),
        ("activities", Activity, "activity", "activities"),
    ],
)
def test_a_plan_at_its_size_limit_refuses_one_more_part_and_keeps_what_was_typed(
    signed_in, plan, settings, kind, model, setting, words
):
    settings.PLAN_MAX_PARTS = {**settings.PLAN_MAX_PARTS, setting: 2}
    for number in range(2):
        model.objects.create(plan=plan, text=f"Part {number}", position=number)
    response = signed_in.post(
        item_url(plan, kind, "add"), {"text": "One too many", "inputs": "Staff", "version": 1}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error:" in page
    assert f"This plan already has 2 {words}, the most a plan can have." in page
    assert ">\nOne too many</textarea>" in page  # what was typed, kept
    assert model.objects.filter(plan=plan).count() == 2
    assert Plan.objects.get().version == 1  # the claimed version was given back


def test_suggestions_are_grouped_by_domain_with_provenance_and_data_availability(
    signed_in, plan, chain
):
    for slug in ("language-and-communication", "safety"):
        plan.domains.add(Domain.objects.get(slug=slug))
    url = reverse(
        "theory_of_change:outcome_indicators",
        kwargs={"plan_id": plan.pk, "item_id": chain["outcome"].pk},
    )
    page = signed_in.get(url).content.decode()

    legends = re.findall(r'<h3 class="govuk-fieldset__heading">\s*(.*?)\s*</h3>', page)
    assert legends == ["9. Language and Communication", "12. Safety"]
    assert 'name="suggested_9"' in page
    assert 'name="suggested_12"' in page
    # Each with what its starter sources say about the data: F09-01 has figures for a local
    # authority (Further education and skills statistics), S09-02 only the council's own.
    assert "Local figures published · Data: official statistics, other data" in page
    assert "Starter wording · Data: other data" in page
    assert "Starter wording" in page


def test_a_search_keeps_the_ticks_not_yet_saved_and_saving_keeps_them_all(signed_in, plan, chain):
    outcome = chain["outcome"]
    plan.domains.add(Domain.objects.get(slug="language-and-communication"))
    language = list(
        Indicator.objects.filter(status=IndicatorStatus.ACTIVE, domain__number=9).order_by("pk")
    )
    url = reverse(
        "theory_of_change:outcome_indicators", kwargs={"plan_id": plan.pk, "item_id": outcome.pk}
    )
    version = plan.version

    searched = signed_in.post(
        url, {"suggested_9": [language[0].pk], "q": "hate crime", "search": "", "version": version}
    )

    assert searched.status_code == 302
    assert "q=hate+crime" in searched["Location"]
    assert not outcome.indicators.exists(), "a search saves nothing"
    page = signed_in.get(searched["Location"]).content.decode()
    assert re.search(rf'value="{language[0].pk}"[^>]*checked', page), "still ticked"
    tag = re.search(rf'<input[^>]*value="{language[0].pk}"[^>]*>', page).group(0)
    assert 'name="current"' in tag, "this search does not suggest it: shown with the outcome's"
    in_group = signed_in.post(
        url,
        {
            "suggested_9": [language[0].pk],
            "q": language[0].wording[:25],
            "search": "",
            "version": version,
        },
    )
    grouped = signed_in.get(in_group["Location"]).content.decode()
    tag = re.search(rf'<input[^>]*value="{language[0].pk}"[^>]*>', grouped).group(0)
    assert 'name="suggested_9"' in tag, "a search that still suggests it keeps it in its group"
    assert "checked" in tag
    assert "From the whole bank, matching ‘hate crime’" in page
    safety = Indicator.objects.filter(status=IndicatorStatus.ACTIVE, domain__number=12).first()
    assert safety.wording in page

    # A second search whose results leave out the first tick still shows it, ticked.
    again = signed_in.post(
        searched["Location"],
        {
            "suggested_9": [language[0].pk],
            "found": [safety.pk],
            "q": "zzzz",
            "search": "",
            "version": version,
        },
    )
    page = signed_in.get(again["Location"]).content.decode()
    for indicator in (language[0], safety):
        assert re.search(rf'value="{indicator.pk}"[^>]*checked', page), indicator.wording

    signed_in.post(again["Location"], {"current": [language[0].pk, safety.pk], "version": version})
    assert set(outcome.indicators.all()) == {language[0], safety}
