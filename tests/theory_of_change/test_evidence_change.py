"""Evidence for an assumption can be changed, not only added and removed."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from theory_of_change import versioning
from theory_of_change.models import Assumption, Evidence, PlanStatus, PlanVersion
from theory_of_change.steps import STEPS_BY_SLUG
from theory_of_change.wizard import part_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def evidence(chain):
    return Evidence.objects.create(
        assumption=chain["assumption"], kind="survey", source="Parents survey", strength="weak"
    )


def change_url(plan, evidence, assumption=None):
    return reverse(
        "theory_of_change:evidence_change",
        kwargs={
            "plan_id": plan.pk,
            "item_id": (assumption or evidence.assumption).pk,
            "evidence_id": evidence.pk,
        },
    )


def test_the_barriers_step_links_to_each_evidences_change_page(client, plan, alice, evidence):
    client.force_login(alice)
    page = client.get(STEPS_BY_SLUG["barriers-and-assumptions"].url(plan)).content.decode()
    assert f'href="{change_url(plan, evidence)}"' in page
    assert 'Change<span class="govuk-visually-hidden"> evidence Parents survey</span>' in page


def test_the_change_page_shows_the_evidence_as_saved(client, plan, alice, evidence):
    client.force_login(alice)
    page = client.get(change_url(plan, evidence)).content.decode()
    assert "<title>Change evidence – IOI Planner</title>" in page
    assert page.count("<h1") == 1
    assert 'value="Parents survey"' in page
    assert "Save changes" in page
    ticked = [
        re.search(r'name="(\w+)"[^>]*value="(\w+)"', tag).groups()
        for tag in re.findall(r"<input[^>]*checked[^>]*>", page)
    ]
    assert sorted(ticked) == [("kind", "survey"), ("strength", "weak")]


def test_changing_evidence_saves_it_and_records_a_version(client, plan, alice, evidence):
    client.force_login(alice)
    response = client.post(
        change_url(plan, evidence),
        {"kind": "statistics", "source": "Census 2021", "strength": "strong", "version": 1},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"#item-assumptions-{evidence.assumption_id}")
    evidence.refresh_from_db()
    assert (evidence.kind, evidence.source, evidence.strength) == (
        "statistics",
        "Census 2021",
        "strong",
    )
    version = PlanVersion.objects.get(plan=plan, number=2)
    assert (version.action, version.section, version.author) == (
        "evidence-change",
        "barriers-and-assumptions",
        alice,
    )
    assert version.snapshot["assumptions"][0]["evidence"][0]["source"] == "Census 2021"
    history = client.get(reverse("theory_of_change:plan_history", kwargs={"plan_id": plan.pk}))
    assert "Changed evidence for “Parents come if childcare is offered”" in history.content.decode()


def test_a_change_with_errors_says_what_to_fix(client, plan, alice, evidence):
    client.force_login(alice)
    response = client.post(
        change_url(plan, evidence), {"kind": "survey", "source": "", "version": 1}
    )
    page = response.content.decode()
    assert "<title>Error: Change evidence – IOI Planner</title>" in page
    assert "Enter where the evidence comes from" in page
    assert "Select how strong the evidence is" in page
    evidence.refresh_from_db()
    assert evidence.source == "Parents survey"


def test_a_stale_change_is_refused_and_keeps_what_was_typed(client, plan, alice, carol, evidence):
    part_services.evidence_change(
        plan=plan,
        version=1,
        evidence=evidence,
        kind="service_records",
        source="Carol’s records",
        strength="moderate",
        user=carol,
    )
    client.force_login(alice)
    response = client.post(
        change_url(plan, evidence),
        {"kind": "statistics", "source": "Alice’s census", "strength": "strong", "version": 1},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "This plan was changed" in page
    assert "Alice’s census" in page
    assert 'name="version" value="2"' in page
    evidence.refresh_from_db()
    assert evidence.source == "Carol’s records"


def test_a_locked_plan_refuses_the_change_and_says_why(client, plan, alice, evidence):
    plan.status = PlanStatus.SUBMITTED
    plan.save()
    client.force_login(alice)
    url = change_url(plan, evidence)
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == plan.get_absolute_url()
    assert "cannot be changed while its status is" in response.content.decode()
    client.post(url, {"kind": "statistics", "source": "Census", "strength": "strong", "version": 1})
    evidence.refresh_from_db()
    assert evidence.source == "Parents survey"


def test_evidence_is_found_only_under_its_own_assumption(client, plan, alice, evidence):
    other = Assumption.objects.create(plan=plan, text="Volunteers stay", outcome=None)
    client.force_login(alice)
    assert client.get(change_url(plan, evidence, assumption=other)).status_code == 404


def test_the_service_checks_the_version_and_the_values(plan, evidence):
    with pytest.raises(versioning.StalePlan):
        part_services.evidence_change(
            plan=plan, version=0, evidence=evidence, kind="survey", source="X", strength="weak"
        )
    with pytest.raises(ValidationError):
        part_services.evidence_change(
            plan=plan, version=1, evidence=evidence, kind="rumour", source="X", strength="weak"
        )
    evidence.refresh_from_db()
    assert (evidence.kind, evidence.source) == ("survey", "Parents survey")
    plan.refresh_from_db()
    assert plan.version == 1
