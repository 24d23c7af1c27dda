"""The evaluation page /plans/<id>/evaluation/ and the per-outcome edit page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluation.models import OutcomeEvaluation, Sample
from theory_of_change.models import Plan

from ..factories import OutcomeFactory

pytestmark = pytest.mark.django_db


def detail_url(plan) -> str:
    return reverse("evaluation:evaluation_detail", kwargs={"plan_id": plan.pk})


def edit_url(plan, outcome) -> str:
    return reverse("evaluation:outcome_edit", kwargs={"plan_id": plan.pk, "outcome_id": outcome.pk})


def version_of(plan) -> int:
    return Plan.objects.values_list("version", flat=True).get(pk=plan.pk)


def full_post(plan, **changes) -> dict:
    data = {
        "version": version_of(plan),
        "framework_outcome": "People mix across backgrounds",
        "data_sources": "Community Life Survey – annual",
        "questions": "How often do you chat to your neighbours?",
        "council_sources": "Café attendance records",
        "methods": ["survey", "participant_feedback"],
        "related_activities": "A short survey at the end of each café session",
        "responsibility": "The café coordinator at Northgate Library",
        "analysis_process": "Quarterly review of the survey and the attendance records",
        "start_date_0": "1",
        "start_date_1": "4",
        "start_date_2": "2026",
        "end_date_0": "31",
        "end_date_1": "3",
        "end_date_2": "2027",
        "milestones": "Baseline survey in April, follow-up in October",
        "samples-TOTAL_FORMS": "3",
        "samples-INITIAL_FORMS": "0",
        "samples-0-group": "participants",
        "samples-0-description": "Café members",
        "samples-0-size": "40",
        "samples-1-group": "comparison",
        "samples-1-size": "0",
        "samples-2-group": "",
        "samples-2-size": "",
    }
    data.update(changes)
    return data


def test_the_first_view_drafts_a_block_for_every_outcome_from_the_toolkit(
    client, alice, plan, outcome, toolkit_question, domain
):
    second = OutcomeFactory(plan=plan, text="Residents feel safe at the café")
    client.force_login(alice)
    response = client.get(detail_url(plan))
    assert response.status_code == 200
    drafted = OutcomeEvaluation.objects.get(outcome=outcome)
    # The indicator's starter sources, marked, with their level and breakdown; and the one
    # added here.
    lines = drafted.data_sources.splitlines()
    assert "Testshire residents' survey (Testshire Council) – Annual" in lines
    starter = next(line for line in lines if line.startswith("Further education and skills"))
    assert "; level: local authority; can be broken down by: " in starter
    assert starter.endswith("[starter source: check it with the publisher]")
    assert "How often do you chat to your neighbours?" in drafted.questions.splitlines()
    assert drafted.framework_domain == domain
    assert OutcomeEvaluation.objects.filter(outcome=second).exists()
    assert (
        "Testshire residents&#x27; survey (Testshire Council) – Annual" in response.content.decode()
    )


def test_drafting_claims_no_version_and_a_second_view_changes_nothing(client, alice, plan, outcome):
    before = version_of(plan)
    client.force_login(alice)
    client.get(detail_url(plan))
    evaluation = OutcomeEvaluation.objects.get(outcome=outcome)
    evaluation.responsibility = "Kept"
    evaluation.save()
    client.get(detail_url(plan))
    assert OutcomeEvaluation.objects.filter(outcome=outcome).count() == 1
    assert OutcomeEvaluation.objects.get(outcome=outcome).responsibility == "Kept"
    assert version_of(plan) == before


def test_a_team_lead_sees_the_evaluation_but_is_offered_no_change(client, lena, plan, outcome):
    client.force_login(lena)
    response = client.get(detail_url(plan))
    assert response.status_code == 200
    assert "Change the evaluation" not in response.content.decode()
    assert client.get(edit_url(plan, outcome)).status_code == 404


def test_the_owner_fills_in_every_row_and_the_outcome_is_complete(client, alice, plan, outcome):
    client.force_login(alice)
    client.get(detail_url(plan))
    before = version_of(plan)
    response = client.post(edit_url(plan, outcome), full_post(plan))
    assert response.status_code == 302
    evaluation = OutcomeEvaluation.objects.get(outcome=outcome)
    assert evaluation.methods == ["survey", "participant_feedback"]
    assert evaluation.responsibility == "The café coordinator at Northgate Library"
    assert str(evaluation.end_date) == "2027-03-31"
    samples = list(evaluation.samples.values_list("group", "description", "size"))
    assert samples == [("participants", "Café members", 40), ("comparison", "", 0)]
    assert version_of(plan) == before + 1
    page = client.get(detail_url(plan)).content.decode()
    assert "1 of 1 outcome is complete" in page
    assert "9 of 9 rows filled in" in page


def test_completeness_is_shown_per_outcome_and_overall(client, alice, plan, outcome):
    OutcomeFactory(plan=plan, text="Residents feel safe at the café")
    client.force_login(alice)
    client.get(detail_url(plan))
    client.post(edit_url(plan, outcome), full_post(plan))
    page = client.get(detail_url(plan)).content.decode()
    assert "1 of 2 outcomes are complete" in page
    assert "Completed" in page
    assert "Incomplete" in page
    assert "Still to fill in:" in page


def test_each_row_shows_what_was_typed_escaped_with_its_lines_or_says_it_is_empty(
    client, alice, plan, outcome
):
    client.force_login(alice)
    client.get(detail_url(plan))
    typed = "The <b>café</b> coordinator\nand a volunteer"
    client.post(edit_url(plan, outcome), full_post(plan, responsibility=typed, milestones=""))
    page = client.get(detail_url(plan)).content.decode()
    assert (
        '<dt class="govuk-summary-list__key">Responsibility (Who will collect this data?)</dt>'
        '<dd class="govuk-summary-list__value"><p class="govuk-body">The &lt;b&gt;café&lt;/b&gt;'
        " coordinator<br>and a volunteer</p></dd>"
    ) in page
    assert "<strong>Questions:</strong><br>How often do you chat to your neighbours?" in page
    empty = OutcomeFactory(plan=plan, text="Residents feel safe")
    page = client.get(detail_url(plan)).content.decode()
    block = page[page.index(f'id="outcome-{empty.pk}-heading"') :]
    assert block.count('<p class="govuk-body">Not filled in yet</p>') == 8  # all but the outcome


def test_dates_out_of_order_are_refused_and_nothing_is_saved(client, alice, plan, outcome):
    client.force_login(alice)
    client.get(detail_url(plan))
    before = version_of(plan)
    response = client.post(
        edit_url(plan, outcome),
        full_post(plan, end_date_0="1", end_date_1="1", end_date_2="2026"),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "The end date must be the same as or after the start date" in page
    assert 'href="#id_end_date_0"' in page
    assert "The café coordinator at Northgate Library" in page  # what was typed is kept
    evaluation = OutcomeEvaluation.objects.get(outcome=outcome)
    assert evaluation.responsibility == ""
    assert not Sample.objects.exists()
    assert version_of(plan) == before


def test_a_negative_sample_size_is_refused_and_nothing_is_saved(client, alice, plan, outcome):
    client.force_login(alice)
    client.get(detail_url(plan))
    response = client.post(edit_url(plan, outcome), full_post(plan, **{"samples-0-size": "-5"}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "The number of people must be 0 or more" in page
    assert 'href="#id_samples-0-size"' in page
    assert page.count("govuk-error-summary__list") == 1
    assert OutcomeEvaluation.objects.get(outcome=outcome).responsibility == ""
    assert not Sample.objects.exists()


def test_a_sample_size_that_is_not_a_number_is_refused(client, alice, plan, outcome):
    client.force_login(alice)
    client.get(detail_url(plan))
    response = client.post(edit_url(plan, outcome), full_post(plan, **{"samples-1-size": "lots"}))
    assert "Enter the number of people as a whole number, like 25" in response.content.decode()
    assert not Sample.objects.exists()


def test_a_stale_form_is_refused_with_what_was_typed_kept(client, alice, plan, outcome):
    client.force_login(alice)
    client.get(detail_url(plan))
    data = full_post(plan)
    Plan.objects.filter(pk=plan.pk).update(version=version_of(plan) + 1)
    response = client.post(edit_url(plan, outcome), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "nothing was saved" in page
    assert "The café coordinator at Northgate Library" in page
    assert OutcomeEvaluation.objects.get(outcome=outcome).responsibility == ""


def test_an_outcome_of_another_plan_is_not_found(client, alice, plan, team):
    from ..factories import PlanFactory

    other = OutcomeFactory(plan=PlanFactory(team=team, owner=alice))
    client.force_login(alice)
    assert client.get(edit_url(plan, other)).status_code == 404


def test_the_framework_outcome_is_offered_from_the_outcome_s_domains(
    client, alice, plan, outcome, domain
):
    client.force_login(alice)
    page = client.get(edit_url(plan, outcome)).content.decode()
    assert f"{domain.number}. {domain.name}" in page
    response = client.post(edit_url(plan, outcome), full_post(plan, framework_domain="1"))
    assert "Select a framework outcome from the list" in response.content.decode()


def test_the_evaluation_page_makes_the_same_queries_for_1_and_10_outcomes(
    client, alice, plan, indicator
):
    client.force_login(alice)

    def queries() -> int:
        client.get(detail_url(plan))  # drafts what is new
        with CaptureQueriesContext(connection) as captured:
            assert client.get(detail_url(plan)).status_code == 200
        return len(captured)

    OutcomeFactory(plan=plan).indicators.add(indicator)
    one = queries()
    for _ in range(9):
        OutcomeFactory(plan=plan).indicators.add(indicator)
    assert queries() == one


def test_the_plan_page_links_to_the_evaluation(client, alice, plan):
    client.force_login(alice)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert f'href="{detail_url(plan)}"' in page


def test_a_form_without_its_samples_says_so_and_saves_nothing(client, alice, plan, outcome):
    client.force_login(alice)
    client.get(detail_url(plan))
    data = {k: v for k, v in full_post(plan).items() if not k.startswith("samples-")}
    response = client.post(edit_url(plan, outcome), data)
    assert response.status_code == 200
    assert "The samples could not be read. Try again." in response.content.decode()
    assert OutcomeEvaluation.objects.get(outcome=outcome).responsibility == ""


def test_too_many_sample_rows_are_refused(client, alice, plan, outcome):
    client.force_login(alice)
    client.get(detail_url(plan))
    data = full_post(plan, **{"samples-TOTAL_FORMS": "25"})
    for number in range(25):
        data[f"samples-{number}-group"] = "participants"
        data[f"samples-{number}-size"] = "1"
    response = client.post(edit_url(plan, outcome), data)
    assert response.status_code == 200
    assert 'href="#id_samples-0-group"' in response.content.decode()
    assert not Sample.objects.exists()


def test_a_date_without_its_month_and_year_says_what_is_missing(client, alice, plan, outcome):
    client.force_login(alice)
    client.get(detail_url(plan))
    response = client.post(
        edit_url(plan, outcome), full_post(plan, start_date_1="", start_date_2="")
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "The start date must include a month" in page
    assert "The start date must include a year" in page
    assert OutcomeEvaluation.objects.get(outcome=outcome).start_date is None
