"""A plan's history: a version for every saved change, comparing versions, restoring one as a
new version, and a stale form that shows the other person's change."""

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from domains.models import Domain, Indicator, IndicatorStatus
from tests.factories import IndicatorFactory
from theory_of_change import versioning
from theory_of_change.examples.services import plan_create_from_example
from theory_of_change.history import services as history_services
from theory_of_change.history.compare import compare, inline_diff
from theory_of_change.models import (
    Activity,
    Assumption,
    Barrier,
    Evidence,
    Outcome,
    Output,
    Plan,
    PlanVersion,
    Stakeholder,
)
from theory_of_change.review import services as review_services
from theory_of_change.snapshots import content, plan_snapshot
from theory_of_change.versioning import STALE_MESSAGE
from theory_of_change.wizard import part_services
from theory_of_change.wizard import services as wizard_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded(plan, chain, alice):
    """alice's plan with its chain, and its first version recorded as plan_create would have."""
    versioning.plan_version_record(plan=plan, user=alice, section="plan", action="create")
    return plan


@pytest.fixture
def full_plan(recorded, chain, alice, one_domain_of_each_type):
    """The chain of the conftest, with domains, indicators, evidence and a stakeholder, all saved
    through the services, so every step is a version."""
    plan = recorded
    wizard_services.plan_set_domains(
        plan=plan, version=plan.version, domains=one_domain_of_each_type, user=alice
    )
    indicators = list(Indicator.objects.filter(domain=one_domain_of_each_type[0])[:2])
    part_services.outcome_set_indicators(
        plan=plan, version=plan.version, user=alice, outcome=chain["outcome"], indicators=indicators
    )
    part_services.evidence_add(
        plan=plan,
        version=plan.version,
        assumption=chain["assumption"],
        kind="survey",
        source="Parents survey",
        strength="moderate",
        user=alice,
    )
    part_services.plan_item_add(
        plan=plan,
        version=plan.version,
        model=Stakeholder,
        values={"name": "Library", "kind": "statutory", "in_delivery": True},
        user=alice,
    )
    part_services.plan_item_add(
        plan=plan,
        version=plan.version,
        model=Assumption,
        values={
            "text": "Sessions lead to meeting",
            "output": chain["output"],
            "outcome": chain["outcome"],
        },
        user=alice,
    )
    wizard_services.plan_update(
        plan=plan, version=plan.version, user=alice, problem="Isolation", impact="Belonging"
    )
    return plan


def latest(plan) -> PlanVersion:
    return PlanVersion.objects.filter(plan=plan).order_by("-number").first()


# -- A version for every change -------------------------------------------------------------


def test_creating_a_plan_records_version_one_by_its_creator(alice, team):
    plan = wizard_services.plan_create(user=alice, team=team, title="Café", place="Town")
    version = PlanVersion.objects.get(plan=plan)
    assert (version.number, version.author, version.section, version.action) == (
        1,
        alice,
        "plan",
        "create",
    )
    assert version.snapshot["answers"]["title"] == "Café"


def test_starting_from_an_example_records_version_one(alice, team):
    plan = plan_create_from_example(example_slug="friendship-club", team=team, user=alice).plan
    version = PlanVersion.objects.get(plan=plan)
    assert (version.number, version.author, version.action) == (1, alice, "example")
    assert len(version.snapshot["outcomes"]) == plan.outcomes.count() > 0


CHANGES = {
    "plan answers": (
        "plan",
        lambda p, c, u: wizard_services.plan_update(
            plan=p, version=p.version, user=u, title="Club"
        ),
    ),
    "problem": (
        "problem-and-impact",
        lambda p, c, u: wizard_services.plan_update(
            plan=p, version=p.version, user=u, problem="Lonely"
        ),
    ),
    "agreement": (
        "stakeholders",
        lambda p, c, u: wizard_services.plan_update(
            plan=p, version=p.version, user=u, stakeholder_agreement="All agree"
        ),
    ),
    "sharing": (
        "check-and-share",
        lambda p, c, u: wizard_services.plan_update(
            plan=p, version=p.version, user=u, shared_with_team=True
        ),
    ),
    "domains": (
        "domains",
        lambda p, c, u: wizard_services.plan_set_domains(
            plan=p,
            version=p.version,
            user=u,
            domains=[
                Domain.objects.filter(type__slug=s).first()
                for s in ("markers-and-means", "social-connections", "facilitators", "foundation")
            ],
        ),
    ),
    "add outcome": (
        "outcomes",
        lambda p, c, u: part_services.plan_item_add(
            plan=p, version=p.version, user=u, model=Outcome, values={"text": "More friends"}
        ),
    ),
    "change output": (
        "outputs",
        lambda p, c, u: part_services.plan_item_update(
            plan=p, version=p.version, user=u, item=c["output"], values={"text": "50 sessions"}
        ),
    ),
    "remove activity": (
        "activities",
        lambda p, c, u: part_services.plan_item_remove(
            plan=p, version=p.version, user=u, item=c["activity"]
        ),
    ),
    "move barrier": (
        "barriers-and-assumptions",
        lambda p, c, u: part_services.plan_item_move(
            plan=p, version=p.version, user=u, item=c["barrier"], direction="down"
        ),
    ),
    "add stakeholder": (
        "stakeholders",
        lambda p, c, u: part_services.plan_item_add(
            plan=p,
            version=p.version,
            user=u,
            model=Stakeholder,
            values={"name": "Library", "kind": "statutory"},
        ),
    ),
    "indicators": (
        "outcomes",
        lambda p, c, u: part_services.outcome_set_indicators(
            plan=p,
            version=p.version,
            user=u,
            outcome=c["outcome"],
            indicators=list(Indicator.objects.filter(organisation=None)[:1]),
        ),
    ),
    "council indicator": (
        "outcomes",
        lambda p, c, u: part_services.council_indicator_add(
            plan=p,
            version=p.version,
            user=u,
            outcome=c["outcome"],
            domain=Domain.objects.first(),
            wording="% at the club twice a month",
        ),
    ),
    "add evidence": (
        "barriers-and-assumptions",
        lambda p, c, u: part_services.evidence_add(
            plan=p,
            version=p.version,
            user=u,
            assumption=c["assumption"],
            kind="survey",
            source="Survey",
            strength="weak",
        ),
    ),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_every_kind_of_change_records_one_version_with_the_plan_after_it(
    recorded, chain, carol, change
):
    section, write = CHANGES[change]
    before = PlanVersion.objects.filter(plan=recorded).count()
    write(recorded, chain, carol)
    recorded.refresh_from_db()
    version = latest(recorded)
    assert PlanVersion.objects.filter(plan=recorded).count() == before + 1
    assert (version.number, version.author, version.section) == (recorded.version, carol, section)
    assert version.snapshot == plan_snapshot(recorded)


def test_removing_evidence_records_a_version_without_it(recorded, chain, alice):
    evidence = Evidence.objects.create(
        assumption=chain["assumption"], kind="survey", source="Survey", strength="weak"
    )
    part_services.evidence_remove(
        plan=recorded, version=recorded.version, evidence=evidence, user=alice
    )
    assumption = latest(recorded).snapshot["assumptions"][0]
    assert (latest(recorded).action, assumption["evidence"]) == ("evidence-remove", [])


def test_a_refused_change_records_no_version(recorded):
    with pytest.raises(versioning.StalePlan):
        wizard_services.plan_update(plan=recorded, version=0, problem="Overwritten")
    assert PlanVersion.objects.filter(plan=recorded).count() == 1


def test_a_snapshot_holds_every_part_with_its_links(full_plan, chain):
    snapshot = latest(full_plan).snapshot
    assert snapshot["answers"]["problem"] == "Isolation"
    assert len(snapshot["domains"]) == 4
    [outcome] = snapshot["outcomes"]
    assert (outcome["id"], outcome["text"], len(outcome["indicators"])) == (
        chain["outcome"].pk,
        "Neighbours meet weekly",
        2,
    )
    assert snapshot["outputs"][0]["outcomes"] == [chain["outcome"].pk]
    assert snapshot["activities"][0]["outputs"] == [chain["output"].pk]
    barrier_assumption, link_assumption = snapshot["assumptions"]
    assert barrier_assumption["barrier"] == chain["barrier"].pk
    assert barrier_assumption["evidence"][0]["source"] == "Parents survey"
    assert (link_assumption["output"], link_assumption["outcome"]) == (
        chain["output"].pk,
        chain["outcome"].pk,
    )
    assert snapshot["stakeholders"][0]["in_delivery"] is True


def test_a_snapshot_takes_the_same_queries_for_a_small_and_a_large_plan(
    recorded, chain, django_assert_num_queries
):
    with django_assert_num_queries(12):
        plan_snapshot(recorded)
    for number in range(20):
        outcome = Outcome.objects.create(plan=recorded, text=f"Outcome {number}")
        output = Output.objects.create(plan=recorded, text=f"Output {number}")
        output.outcomes.add(outcome)
        Activity.objects.create(plan=recorded, text=f"Activity {number}").outputs.add(output)
        Assumption.objects.create(plan=recorded, text=f"A {number}", outcome=outcome)
    with django_assert_num_queries(12):
        plan_snapshot(recorded)


# -- Restore ---------------------------------------------------------------------------------


def test_restoring_brings_back_every_part_and_link_as_a_new_version(full_plan, chain, alice):
    old = latest(full_plan)
    outcome_id, barrier_id = chain["outcome"].pk, chain["barrier"].pk
    count = PlanVersion.objects.filter(plan=full_plan).count()
    # Changes everywhere: answers, domains, parts removed, changed, added and moved.
    wizard_services.plan_update(plan=full_plan, version=full_plan.version, problem="Something else")
    wizard_services.plan_set_domains(
        plan=full_plan,
        version=full_plan.version,
        domains=[
            Domain.objects.filter(type__slug=slug).order_by("number").last()
            for slug in ("markers-and-means", "social-connections", "facilitators", "foundation")
        ],
    )
    part_services.plan_item_remove(plan=full_plan, version=full_plan.version, item=chain["outcome"])
    part_services.plan_item_remove(plan=full_plan, version=full_plan.version, item=chain["barrier"])
    part_services.plan_item_update(
        plan=full_plan,
        version=full_plan.version,
        item=chain["activity"],
        values={"text": "Run two clubs", "outputs": []},
    )
    part_services.plan_item_add(
        plan=full_plan, version=full_plan.version, model=Barrier, values={"text": "Cost"}
    )
    Stakeholder.objects.filter(plan=full_plan).delete()
    assert content(plan_snapshot(full_plan)) != content(old.snapshot)
    changes_made = PlanVersion.objects.filter(plan=full_plan).count() - count

    notes = history_services.plan_restore(
        plan=full_plan, version=full_plan.version, number=old.number, user=alice
    )

    assert notes == []
    assert content(plan_snapshot(full_plan)) == content(old.snapshot)
    restored = latest(full_plan)
    assert PlanVersion.objects.filter(plan=full_plan).count() == count + changes_made + 1
    assert (restored.number, restored.section, restored.reason, restored.author) == (
        full_plan.version,
        "restore",
        f"Restored version {old.number}",
        alice,
    )
    # Parts come back with their old ids, so later comparisons still match them up.
    assert Outcome.objects.filter(pk=outcome_id, plan=full_plan).exists()
    assert Assumption.objects.get(pk=chain["assumption"].pk).barrier_id == barrier_id


def test_restoring_leaves_out_deleted_indicators_keeps_retired_ones_and_says_so(
    recorded, chain, alice
):
    kept, gone = (
        IndicatorFactory(domain=Domain.objects.first()),
        IndicatorFactory(domain=Domain.objects.first()),
    )
    part_services.outcome_set_indicators(
        plan=recorded,
        version=recorded.version,
        user=alice,
        outcome=chain["outcome"],
        indicators=[kept, gone],
    )
    number = recorded.version
    Indicator.objects.filter(pk=kept.pk).update(status=IndicatorStatus.RETIRED)
    part_services.outcome_set_indicators(
        plan=recorded,
        version=recorded.version,
        user=alice,
        outcome=chain["outcome"],
        indicators=[],
    )
    gone.delete()

    notes = history_services.plan_restore(plan=recorded, version=recorded.version, number=number)

    assert list(chain["outcome"].indicators.all()) == [kept]
    assert len(notes) == 1
    assert gone.code in notes[0]
    assert "no longer in the indicator bank" in notes[0]


def test_restoring_keeps_who_the_plan_is_shared_with(recorded):
    wizard_services.plan_update(plan=recorded, version=recorded.version, shared_with_team=True)
    history_services.plan_restore(plan=recorded, version=recorded.version, number=1)
    recorded.refresh_from_db()
    assert recorded.shared_with_team is True


def test_a_stale_restore_changes_nothing(recorded):
    wizard_services.plan_update(plan=recorded, version=1, problem="Isolation")
    before = plan_snapshot(recorded)
    with pytest.raises(versioning.StalePlan):
        history_services.plan_restore(plan=Plan.objects.get(pk=recorded.pk), version=1, number=1)
    assert plan_snapshot(recorded) == before
    assert PlanVersion.objects.filter(plan=recorded).count() == 2


# -- Differences -----------------------------------------------------------------------------


def test_an_inline_difference_escapes_text_then_marks_insertions_and_deletions():
    html = inline_diff("Meet <b>weekly</b>", "Meet <b>monthly</b> & talk")
    assert "<b>" not in html
    assert "&lt;b&gt;" in html
    assert re.search(r"<del[^>]*>.*removed:.*weekly.*</del>", html)
    assert re.search(r"<ins[^>]*>.*added:.*monthly.*</ins>", html)
    assert "&amp; talk" in html


def test_compare_names_what_was_added_removed_and_changed_per_section(full_plan, chain):
    old = latest(full_plan).snapshot
    part_services.plan_item_update(
        plan=full_plan,
        version=full_plan.version,
        item=chain["output"],
        values={"text": "60 club sessions", "outcomes": [chain["outcome"]]},
    )
    part_services.plan_item_remove(plan=full_plan, version=full_plan.version, item=chain["barrier"])
    part_services.plan_item_add(
        plan=full_plan, version=full_plan.version, model=Outcome, values={"text": "Trust grows"}
    )
    differences = {d.slug: d for d in compare(old, plan_snapshot(full_plan))}
    assert set(differences) == {"outcomes", "outputs", "barriers-and-assumptions"}
    [added] = differences["outcomes"].parts
    assert (added.status, added.title) == ("added", "Trust grows")
    [changed] = differences["outputs"].parts
    assert (changed.status, [f.label for f in changed.fields]) == ("changed", ["Output"])
    removed = {(p.kind, p.status) for p in differences["barriers-and-assumptions"].parts}
    # The assumption about the barrier went with it.
    assert removed == {("Barrier", "removed"), ("Assumption", "removed")}


# -- The pages -------------------------------------------------------------------------------


def history_url(plan, name="plan_history", **kwargs):
    return reverse(f"theory_of_change:{name}", kwargs={"plan_id": plan.pk, **kwargs})


def test_the_plan_page_links_to_the_history(client, recorded, alice):
    client.force_login(alice)
    response = client.get(recorded.get_absolute_url())
    assert history_url(recorded) in response.content.decode()


def test_the_history_lists_every_change_newest_first(client, full_plan, alice, lena):
    client.force_login(alice)
    page = client.get(history_url(full_plan)).content.decode()
    numbers = [int(n) for n in re.findall(r'<td class="govuk-table__cell">(\d+)</td>', page)]
    assert numbers == list(range(full_plan.version, 0, -1))
    assert "Added “Library”" in page
    assert "Restore<span" in page
    assert "Compare two versions" in page


def test_the_history_page_takes_the_same_queries_however_many_versions(client, recorded, alice):
    client.force_login(alice)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(history_url(recorded)).status_code == 200
        return len(captured)

    few = queries()
    for number in range(40):
        wizard_services.plan_update(
            plan=recorded, version=recorded.version, problem=f"Problem {number}"
        )
    assert queries() == few


def test_a_team_lead_sees_the_history_but_is_not_offered_a_restore(client, recorded, lena):
    wizard_services.plan_update(plan=recorded, version=1, shared_with_team=True)
    client.force_login(lena)
    page = client.get(history_url(recorded)).content.decode()
    assert "What changed" in page
    assert "Restore<span" not in page


def test_comparing_two_versions_shows_the_words_changed(client, recorded, alice):
    wizard_services.plan_update(plan=recorded, version=1, problem="People <rarely> meet")
    wizard_services.plan_update(plan=recorded, version=2, problem="People often meet")
    client.force_login(alice)
    response = client.get(history_url(recorded, "plan_history_compare") + "?from=2&to=3")
    page = response.content.decode()
    assert "<title>Changes from version 2 to version 3 – IOI Planner</title>" in page
    assert "&lt;rarely&gt;" in page
    assert "<rarely>" not in page
    assert re.search(r"<ins[^>]*>.*often.*</ins>", page)


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ("", "Enter the number of the older version to compare"),
        ("?from=one&to=2", "Enter a version number in figures, like 12"),
        ("?from=1&to=99", "Enter the number of a version this plan has"),
        ("?from=1&to=1", "Enter a different version from the first"),
        ("?from=1", "Enter the number of the newer version to compare"),
    ],
)
def test_comparing_with_bad_parameters_says_what_to_fix(client, recorded, alice, query, error):
    wizard_services.plan_update(plan=recorded, version=1, problem="Isolation")
    client.force_login(alice)
    response = client.get(history_url(recorded, "plan_history_compare") + query)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Compare two versions – IOI Planner</title>" in page
    assert error in page


def test_versions_to_compare_are_typed_as_numbers_with_their_range_and_kept_when_wrong(
    client, recorded, alice
):
    # Typed, not picked from two lists: a long-lived plan has hundreds of versions.
    for number in range(1, 4):
        wizard_services.plan_update(plan=recorded, version=number, problem=f"Version {number}")
    client.force_login(alice)
    page = client.get(history_url(recorded, "plan_history")).content.decode()
    assert "<select" not in page
    assert page.count('inputmode="numeric"') == 2
    assert page.count("A version number from 1 to 4") == 2
    assert 'name="to" value="4"' in page
    assert 'name="from" value="3"' in page
    wrong = client.get(history_url(recorded, "plan_history_compare") + "?from=one&to=4")
    assert 'name="from" value="one"' in wrong.content.decode()


def test_the_restore_page_shows_what_will_change_then_restores(client, recorded, alice):
    wizard_services.plan_update(plan=recorded, version=1, problem="Isolation")
    client.force_login(alice)
    url = history_url(recorded, "plan_history_restore", number=1)
    page = client.get(url).content.decode()
    assert "What will change" in page
    assert "Isolation" in page
    response = client.post(url, {"version": 2})
    assert response.status_code == 302
    recorded.refresh_from_db()
    assert (recorded.problem, recorded.version) == ("", 3)


def test_a_stale_restore_form_is_refused_and_nothing_changes(client, recorded, alice, carol):
    wizard_services.plan_update(plan=recorded, version=1, user=carol, problem="Isolation")
    client.force_login(alice)
    url = history_url(recorded, "plan_history_restore", number=1)
    response = client.post(url, {"version": 1})
    page = unescape(response.content.decode())
    assert response.status_code == 200
    assert str(STALE_MESSAGE) in page
    assert carol.full_name in page
    recorded.refresh_from_db()
    assert (recorded.problem, recorded.version) == ("Isolation", 2)


def test_someone_who_cannot_edit_the_plan_cannot_restore_it(client, recorded, lena, charlie):
    wizard_services.plan_update(
        plan=recorded, version=1, shared_with_team=True, problem="Isolation"
    )
    for user in (lena, charlie):
        client.force_login(user)
        url = history_url(recorded, "plan_history_restore", number=1)
        assert client.get(url).status_code == 404
        assert client.post(url, {"version": 2}).status_code == 404
    recorded.refresh_from_db()
    assert (recorded.problem, recorded.version) == ("Isolation", 2)


def test_restoring_an_unknown_version_is_not_found(client, recorded, alice):
    client.force_login(alice)
    assert client.get(history_url(recorded, "plan_history_restore", number=9)).status_code == 404


# -- Two people editing at once --------------------------------------------------------------


def test_two_concurrent_edits_the_second_is_refused_with_the_first_shown_and_kept(
    client, recorded, alice, carol
):
    step = reverse(
        "theory_of_change:plan_step", kwargs={"plan_id": recorded.pk, "slug": "problem-and-impact"}
    )
    # Both open the page at version 1.
    client.force_login(carol)
    assert 'name="version" value="1"' in client.get(step).content.decode()
    client.force_login(alice)
    assert 'name="version" value="1"' in client.get(step).content.decode()

    client.force_login(carol)
    carol_saves = {"problem": "Few shared spaces", "impact": "People belong", "version": 1}
    assert client.post(step, carol_saves).status_code == 302

    client.force_login(alice)
    alice_types = {"problem": "Language barriers", "impact": "Neighbours talk", "version": 1}
    response = client.post(step, alice_types)
    page = unescape(response.content.decode())
    assert response.status_code == 200
    assert str(STALE_MESSAGE) in page
    # Who saved, and what they changed in this section.
    assert f"Version 2, by {carol.full_name}" in page
    assert re.search(r"<ins[^>]*>.*Few shared spaces.*</ins>", page, re.S)
    # What alice typed is kept, and the form now carries the current version.
    assert re.search(r">\s*Language barriers</textarea>", page)
    assert 'name="version" value="2"' in page
    recorded.refresh_from_db()
    assert recorded.problem == "Few shared spaces"

    # Saving again, knowingly, goes through; both changes are in the history.
    assert client.post(step, {**alice_types, "version": 2}).status_code == 302
    authors = list(
        PlanVersion.objects.filter(plan=recorded)
        .order_by("number")
        .values_list("author", flat=True)
    )
    assert authors == [alice.pk, carol.pk, alice.pk]


def output_change_url(plan, output) -> str:
    return reverse(
        "theory_of_change:item_change",
        kwargs={"plan_id": plan.pk, "kind": "outputs", "item_id": output.pk},
    )


def test_a_stale_item_form_shows_only_the_changes_to_its_own_section(
    client, recorded, chain, alice, carol
):
    output, barrier = chain["output"], chain["barrier"]
    part_services.plan_item_update(
        plan=recorded, version=1, user=carol, item=output, values={"text": "30 club sessions"}
    )
    part_services.plan_item_update(
        plan=recorded, version=2, user=carol, item=barrier, values={"text": "No creche"}
    )
    client.force_login(alice)
    response = client.post(
        output_change_url(recorded, output),
        {"text": "45 sessions", "outcomes": [chain["outcome"].pk], "version": 1},
    )
    page = unescape(response.content.decode())
    assert str(STALE_MESSAGE) in page
    assert f"Version 3, by {carol.full_name}" in page
    assert "Outputs</h3>" in page
    assert "added: </span>30<" in page
    assert "Barriers, assumptions and evidence</h3>" not in page
    output.refresh_from_db()
    assert output.text == "30 club sessions"


def test_a_save_goes_through_when_its_section_did_not_change_since_the_form_was_made(
    client, recorded, chain, alice, carol
):
    part_services.plan_item_update(
        plan=recorded, version=1, user=carol, item=chain["barrier"], values={"text": "No creche"}
    )
    client.force_login(alice)
    response = client.post(
        output_change_url(recorded, chain["output"]),
        {"text": "45 sessions", "outcomes": [chain["outcome"].pk], "version": 1},
    )
    assert response.status_code == 302
    recorded.refresh_from_db()
    chain["output"].refresh_from_db()
    chain["barrier"].refresh_from_db()
    # Both changes are kept, one after the other.
    assert (chain["output"].text, chain["barrier"].text, recorded.version) == (
        "45 sessions",
        "No creche",
        3,
    )


def test_a_form_sent_twice_is_refused_the_second_time(client, recorded, chain, alice):
    client.force_login(alice)
    url = reverse("theory_of_change:item_add", kwargs={"plan_id": recorded.pk, "kind": "barriers"})
    assert client.post(url, {"text": "Cost of travel", "version": 1}).status_code == 302
    response = client.post(url, {"text": "Cost of travel", "version": 1})
    assert response.status_code == 200
    assert Barrier.objects.filter(plan=recorded, text="Cost of travel").count() == 1


def test_the_first_change_to_a_plan_without_history_keeps_its_content_before_the_change(
    plan, chain, alice
):
    before = plan_snapshot(plan)
    wizard_services.plan_update(plan=plan, version=1, user=alice, problem="Isolation")
    baseline, change = PlanVersion.objects.filter(plan=plan).order_by("number")
    assert (baseline.number, baseline.action, baseline.author) == (1, "baseline", None)
    assert baseline.snapshot == before
    assert (change.number, change.author) == (2, alice)
    history_services.plan_restore(plan=plan, version=2, number=1)
    assert content(plan_snapshot(plan)) == content(before)


def test_a_move_goes_through_when_only_another_section_changed_meanwhile(
    client, recorded, chain, alice, carol
):
    second = part_services.plan_item_add(
        plan=recorded, version=1, user=alice, model=Barrier, values={"text": "Cost"}
    )
    wizard_services.plan_update(plan=recorded, version=2, user=carol, problem="Isolation")
    client.force_login(alice)
    url = reverse(
        "theory_of_change:item_move",
        kwargs={"plan_id": recorded.pk, "kind": "barriers", "item_id": second.pk},
    )
    client.post(url, {"direction": "up", "version": 2})
    assert list(recorded.barriers.values_list("text", flat=True)) == ["Cost", "No childcare"]
    assert latest(recorded).action == "move-up"


def test_the_restore_page_does_not_list_the_sharing_it_leaves_alone(client, recorded, alice):
    wizard_services.plan_update(plan=recorded, version=1, shared_with_team=True)
    client.force_login(alice)
    page = client.get(history_url(recorded, "plan_history_restore", number=1)).content.decode()
    assert "Nothing: that version has the same content as the plan now." in page
    assert "Shared with the team" not in page


def test_a_restore_names_what_it_left_out_on_the_history_page(client, recorded, chain, alice):
    gone = IndicatorFactory(domain=Domain.objects.first())
    part_services.outcome_set_indicators(
        plan=recorded, version=1, user=alice, outcome=chain["outcome"], indicators=[gone]
    )
    part_services.outcome_set_indicators(
        plan=recorded, version=2, user=alice, outcome=chain["outcome"], indicators=[]
    )
    gone.delete()
    client.force_login(alice)
    url = history_url(recorded, "plan_history_restore", number=2)
    assert gone.code in unescape(client.get(url).content.decode())
    page = unescape(client.post(url, {"version": 3}, follow=True).content.decode())
    assert "Version 2 was restored as version 4." in page
    assert f"Indicator {gone.code}" in page


def test_the_history_is_paginated(client, recorded, alice):
    for number in range(25):
        wizard_services.plan_update(
            plan=recorded, version=recorded.version, problem=f"Problem {number}"
        )
    client.force_login(alice)
    page = client.get(history_url(recorded) + "?page=2").content.decode()
    numbers = [int(n) for n in re.findall(r'<td class="govuk-table__cell">(\d+)</td>', page)]
    assert numbers == [6, 5, 4, 3, 2, 1]
    assert 'aria-label="Pagination"' in page


def test_text_in_a_comparison_of_parts_is_escaped(client, recorded, chain, alice):
    part_services.plan_item_add(
        plan=recorded,
        version=1,
        user=alice,
        model=Barrier,
        values={"text": "<script>alert(1)</script>"},
    )
    client.force_login(alice)
    page = client.get(history_url(recorded, "plan_history_compare") + "?from=1&to=2")
    html = page.content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_each_change_of_status_is_a_version_with_its_reason(plan, alice, lena):
    officer, lead = alice, lena
    review_services.plan_transition(plan=plan, user=officer, slug="submit", version=plan.version)
    review_services.plan_transition(
        plan=plan,
        user=lead,
        slug="request-changes",
        version=plan.version,
        comment="Add a baseline to each outcome",
    )
    versions = list(PlanVersion.objects.filter(plan=plan).order_by("number"))
    assert [(v.section, v.action, v.author) for v in versions[-2:]] == [
        ("status", "status-submit", officer),
        ("status", "status-request-changes", lead),
    ]
    assert versions[-1].reason == "Add a baseline to each outcome"
    assert versions[-1].number == Plan.objects.get(pk=plan.pk).version
