"""The worked examples: reading them, and copying one into a new plan."""

import json

import pytest

from domains.models import Indicator, IndicatorStatus
from theory_of_change.examples import catalogue as examples_module
from theory_of_change.examples.catalogue import ExampleNotFound, example_by_slug, examples
from theory_of_change.examples.services import plan_create_from_example
from theory_of_change.history.services import plan_restore
from theory_of_change.models import Plan
from theory_of_change.principles import principle_check
from theory_of_change.selectors import plan_for_display
from theory_of_change.snapshots import SNAPSHOT_FORMAT, plan_snapshot

from ..factories import MembershipFactory, TeamFactory, sign_in_with_two_factor

pytestmark = pytest.mark.django_db

SLUGS = ["friendship-club", "language-cafe", "safe-and-connected"]


def test_there_are_three_examples_each_with_a_whole_chain():
    assert [e.slug for e in examples()] == SLUGS
    for example in examples():
        assert example.snapshot["format"] == SNAPSHOT_FORMAT
        assert example.snapshot["answers"]["impact"]
        assert example.snapshot["outcomes"]
        assert example.snapshot["activities"]


LINKS = {
    "outputs": {"outcomes": "outcomes"},
    "activities": {"outputs": "outputs"},
    "assumptions": {
        "barrier": "barriers",
        "activity": "activities",
        "output": "outputs",
        "outcome": "outcomes",
    },
}


def comparable(snapshot: dict) -> dict:
    """A snapshot with every id replaced by the part's place in its list, domains by their
    number and indicators by their code: a copy and its example then read the same."""
    place = {
        kind: {row["id"]: n for n, row in enumerate(snapshot[kind], start=1)}
        for kind in ("outcomes", "outputs", "activities", "barriers")
    }

    def linked(kind: str, name: str, value):
        target = place[LINKS[kind][name]]
        return [target[v] for v in value] if isinstance(value, list) else target.get(value)

    parts = {}
    for kind in ("outcomes", "outputs", "activities", "barriers", "assumptions", "stakeholders"):
        parts[kind] = [
            {
                name: (
                    linked(kind, name, value)
                    if name in LINKS.get(kind, {})
                    else sorted(i["code"] for i in value)
                    if name == "indicators"
                    else [{k: e[k] for k in ("kind", "source", "strength")} for e in value]
                    if name == "evidence"
                    else value
                )
                for name, value in row.items()
                if name != "id"
            }
            for row in snapshot[kind]
        ]
    return {
        "answers": snapshot["answers"],
        "domains": sorted(d["number"] for d in snapshot["domains"]),
        **parts,
    }


@pytest.mark.parametrize("slug", SLUGS)
def test_copying_an_example_copies_every_part_and_link(slug, team, alice):
    example = example_by_slug(slug)
    copy = plan_create_from_example(example_slug=slug, team=team, user=alice)
    assert copy.notes == []
    plan = Plan.objects.get(pk=copy.plan.pk)
    assert (plan.team, plan.owner, plan.example, plan.shared_with_team) == (
        team,
        alice,
        slug,
        False,
    )
    assert comparable(plan_snapshot(plan)) == comparable(example.snapshot)


def test_a_copy_and_a_restore_share_one_loader(team, alice):
    """A copied example's first version, restored, gives the same content back."""
    copy = plan_create_from_example(example_slug="friendship-club", team=team, user=alice)
    plan = Plan.objects.get(pk=copy.plan.pk)
    first = plan_snapshot(plan)
    plan.outcomes.all().delete()
    plan.refresh_from_db()
    notes = plan_restore(plan=plan, version=plan.version, number=plan.version, user=alice)
    assert notes == []
    assert comparable(plan_snapshot(plan)) == comparable(first)


def test_a_copied_example_meets_the_chain_check(team, alice):
    copy = plan_create_from_example(example_slug="friendship-club", team=team, user=alice)
    results = {
        r.key: r for r in principle_check(plan_for_display(plan_id=copy.plan.pk, user=alice))
    }
    assert results["chain"].met, results["chain"].gaps
    assert results["multi_dimensional"].met, results["multi_dimensional"].gaps
    assert results["multi_directional"].met, results["multi_directional"].gaps


def test_a_second_copy_is_independent_of_the_first(team, alice):
    first = plan_create_from_example(example_slug="language-cafe", team=team, user=alice).plan
    second = plan_create_from_example(example_slug="language-cafe", team=team, user=alice).plan
    assert first.pk != second.pk
    first.outcomes.first().delete()
    first.outputs.update(text="Changed")
    first.domains.clear()
    assert second.outcomes.count() == 3
    assert not second.outputs.filter(text="Changed").exists()
    assert second.domains.count() == 4
    assert not set(first.activities.values_list("pk", flat=True)) & set(
        second.activities.values_list("pk", flat=True)
    )


def test_missing_and_retired_indicator_codes_are_skipped_with_a_note(team, alice):
    Indicator.objects.filter(code="S07-01").delete()
    Indicator.objects.filter(code="S05-07").update(status=IndicatorStatus.RETIRED)
    copy = plan_create_from_example(example_slug="friendship-club", team=team, user=alice)
    assert copy.notes == [
        "Indicator S07-01 is not in the indicator bank, so outcome 1 was copied without it.",
        "Indicator S05-07 has been retired, so outcome 2 was copied without it.",
    ]
    first = copy.plan.outcomes.first()
    assert [i.code for i in first.indicators.all()] == ["F07-02"]


def test_broken_links_in_an_example_file_are_noted_not_fatal(tmp_path, monkeypatch, team, alice):
    data = json.loads(examples_module.EXAMPLES_FILE.read_text(encoding="utf-8"))
    snapshot = data[0]["snapshot"]
    snapshot["outputs"][0]["outcomes"] = [1, 99]
    snapshot["assumptions"][0]["outcome"] = 98
    snapshot["domains"].append({"number": 99, "name": "Nowhere"})
    broken = tmp_path / "examples.json"
    broken.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(examples_module, "EXAMPLES_FILE", broken)
    copy = plan_create_from_example(example_slug="friendship-club", team=team, user=alice)
    assert copy.notes == [
        "Domain 99 is not in the framework data, so it was left out.",
        "An assumption was copied without its link to part 98 of the outcomes, which the "
        "example does not have.",
        "A link to part 99 of the outcomes was left out: the example has no such part.",
    ]
    assert copy.plan.outputs.first().outcomes.count() == 1


def test_an_unknown_example_is_not_found(team, alice):
    with pytest.raises(ExampleNotFound):
        plan_create_from_example(example_slug="nope", team=team, user=alice)
    assert not Plan.objects.exists()


def test_a_plan_cannot_be_copied_into_someone_elses_team(alice, beta_team):
    with pytest.raises(Exception, match="Select one of your own teams"):
        plan_create_from_example(example_slug="language-cafe", team=beta_team, user=alice)
    assert not Plan.objects.exists()


# --- The pages ---------------------------------------------------------------------------------

EXAMPLE_URLS = ["/plans/examples/", "/plans/examples/language-cafe/"]


@pytest.mark.parametrize("url", EXAMPLE_URLS)
def test_anonymous_visitors_are_sent_to_sign_in_from_the_examples(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in/?next=")


@pytest.mark.parametrize("url", EXAMPLE_URLS)
@pytest.mark.parametrize("role", ["alice", "carol", "lena", "bob", "charlie", "admin_user"])
def test_every_signed_in_user_may_read_the_examples(client, request, url, role):
    sign_in_with_two_factor(client, request.getfixturevalue(role))
    response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("<h1") == 1


def test_an_unknown_example_page_is_not_found(client, alice):
    client.force_login(alice)
    assert client.get("/plans/examples/no-such-example/").status_code == 404


def test_the_example_page_shows_the_chain_and_the_start_button(client, alice):
    client.force_login(alice)
    html = client.get("/plans/examples/safe-and-connected/").content.decode()
    assert "Standing up to racial harassment" in html
    assert 'role="img"' in html
    assert "The chain as text" in html
    assert "Start from this example" in html
    # One team: the team is implied, not asked.
    assert 'type="radio"' not in html


def test_starting_from_an_example_makes_a_draft_plan_in_the_users_team(client, alice, team):
    client.force_login(alice)
    response = client.post("/plans/examples/language-cafe/", {"team": team.pk})
    plan = Plan.objects.get()
    assert response.status_code == 302
    assert response.headers["Location"] == plan.get_absolute_url()
    assert (plan.owner, plan.team, plan.example) == (alice, team, "language-cafe")
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "Your plan has been created from the worked example" in page


def test_a_user_in_several_teams_chooses_the_team(client, alice, team):
    second = TeamFactory(organisation=team.organisation, name="Resettlement")
    MembershipFactory(user=alice, team=second)
    client.force_login(alice)
    html = client.get("/plans/examples/friendship-club/").content.decode()
    assert html.count('type="radio"') == 2
    response = client.post("/plans/examples/friendship-club/", {})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Friendship club open to all residents – IOI Planner</title>" in html
    assert "Select the team the plan is for" in html
    assert not Plan.objects.exists()
    client.post("/plans/examples/friendship-club/", {"team": second.pk})
    assert Plan.objects.get().team == second


def test_a_team_the_user_is_not_in_is_refused(client, alice, team, beta_team):
    second = TeamFactory(organisation=team.organisation, name="Resettlement")
    MembershipFactory(user=alice, team=second)
    client.force_login(alice)
    response = client.post("/plans/examples/friendship-club/", {"team": beta_team.pk})
    assert response.status_code == 200
    assert "Select the team the plan is for" in response.content.decode()
    assert not Plan.objects.exists()


def test_with_one_team_a_posted_team_is_ignored(client, alice, team, beta_team):
    client.force_login(alice)
    client.post("/plans/examples/friendship-club/", {"team": beta_team.pk})
    assert Plan.objects.get().team == team


def test_staff_in_no_team_can_read_but_not_start_an_example(client, admin_user):
    sign_in_with_two_factor(client, admin_user)
    html = client.get("/plans/examples/friendship-club/").content.decode()
    assert "You need to be a member of a council team" in html
    assert "Start from this example" not in html
    assert client.post("/plans/examples/friendship-club/", {}).status_code == 403
    assert not Plan.objects.exists()
