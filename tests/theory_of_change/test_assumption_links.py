"""An assumption about one link of the chain keeps that link: unticking it on the output or
activity page is refused, naming the assumption, and nothing is saved."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from theory_of_change.models import Assumption, Output, Plan, PlanVersion
from theory_of_change.wizard import part_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def about_links(chain):
    """Assumptions about each link of the chain: activity → output, output → outcome, and
    outcome → impact."""
    plan = chain["outcome"].plan
    return {
        "activity": Assumption.objects.create(
            plan=plan,
            text="Volunteers can run every session",
            activity=chain["activity"],
            output=chain["output"],
            position=2,
        ),
        "output": Assumption.objects.create(
            plan=plan,
            text="Sessions are where neighbours meet",
            output=chain["output"],
            outcome=chain["outcome"],
            position=3,
        ),
        "outcome": Assumption.objects.create(
            plan=plan, text="Meeting builds belonging", outcome=chain["outcome"], position=4
        ),
    }


def change_url(plan, kind, item):
    return reverse(
        "theory_of_change:item_change",
        kwargs={"plan_id": plan.pk, "kind": kind, "item_id": item.pk},
    )


def test_unticking_an_activitys_output_an_assumption_is_about_is_refused(
    plan, chain, about_links, alice
):
    with pytest.raises(ValidationError) as refused:
        part_services.plan_item_update(
            plan=plan,
            version=plan.version,
            item=chain["activity"],
            values={"text": "Run the club", "inputs": "", "outputs": []},
            user=alice,
        )
    assert refused.value.message_dict == {
        "outputs": [
            "The assumption “Volunteers can run every session” is about this activity leading "
            "to “40 club sessions”. Keep “40 club sessions” ticked, or change or remove that "
            "assumption first"
        ]
    }
    assert list(chain["activity"].outputs.all()) == [chain["output"]]
    assert Plan.objects.get(pk=plan.pk).version == 1
    assert not PlanVersion.objects.filter(plan=plan, number=2).exists()


def test_unticking_an_outputs_outcome_an_assumption_is_about_is_refused(
    plan, chain, about_links, alice
):
    with pytest.raises(ValidationError) as refused:
        part_services.plan_item_update(
            plan=plan,
            version=plan.version,
            item=chain["output"],
            values={"text": "40 club sessions", "outcomes": []},
            user=alice,
        )
    assert refused.value.message_dict["outcomes"] == [
        "The assumption “Sessions are where neighbours meet” is about this output serving "
        "“Neighbours meet weekly”. Keep “Neighbours meet weekly” ticked, or change or remove "
        "that assumption first"
    ]
    assert list(chain["output"].outcomes.all()) == [chain["outcome"]]
    assert Plan.objects.get(pk=plan.pk).version == 1


def test_links_no_assumption_is_about_can_be_unticked(plan, chain, about_links, alice):
    spare = Output.objects.create(plan=plan, text="A welcome pack", position=2)
    chain["activity"].outputs.add(spare)
    part_services.plan_item_update(
        plan=plan,
        version=plan.version,
        item=chain["activity"],
        values={"text": "Run the club", "inputs": "", "outputs": [chain["output"]]},
        user=alice,
    )
    assert list(chain["activity"].outputs.all()) == [chain["output"]]
    # Once its assumption is about something else, the link can go.
    about_links["output"].output = None
    about_links["output"].save()
    part_services.plan_item_update(
        plan=plan,
        version=plan.version,
        item=chain["output"],
        values={"text": "40 club sessions", "outcomes": []},
        user=alice,
    )
    assert not chain["output"].outcomes.exists()


def test_the_output_page_says_which_assumption_keeps_the_box_ticked(
    client, plan, chain, about_links, alice
):
    client.force_login(alice)
    response = client.post(
        change_url(plan, "outputs", chain["output"]),
        {"text": "Forty club sessions", "version": plan.version},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error:" in page
    assert "govuk-error-summary" in page
    assert "The assumption “Sessions are where neighbours meet” is about this output" in page
    assert "Forty club sessions" in page
    output = Output.objects.get(pk=chain["output"].pk)
    assert output.text == "40 club sessions"
    assert list(output.outcomes.all()) == [chain["outcome"]]


def test_the_activity_page_says_which_assumption_keeps_the_box_ticked(
    client, plan, chain, about_links, alice
):
    client.force_login(alice)
    response = client.post(
        change_url(plan, "activities", chain["activity"]),
        {"text": "Run the club", "inputs": "", "version": plan.version},
    )
    page = response.content.decode()
    assert "The assumption “Volunteers can run every session” is about this activity" in page
    assert list(chain["activity"].outputs.all()) == [chain["output"]]
