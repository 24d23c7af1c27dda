"""Issue 17, items 1, 2, 7 and 8: a plan sent for review stays on its author's dashboard with
who reviews it and since when; a plan returned with changes requested shows the lead's reason
and its open comments wherever its author looks; numbers are GOV.UK text inputs; the worked
examples are linked from where an officer starts a plan."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from theory_of_change.models import PlanStatus, PlanVersion
from theory_of_change.review import services as review_services
from theory_of_change.selectors import dashboard_lists

pytestmark = pytest.mark.django_db


def test_a_plan_sent_for_review_stays_on_the_author_s_dashboard(client, plan, alice, lena):
    review_services.plan_transition(plan=plan, user=alice, slug="submit", version=plan.version)
    client.force_login(alice)
    page = client.get("/").content.decode()
    assert 'id="dashboard-sent"' in page
    assert plan.title in page
    assert f"To be reviewed by {escape(str(lena))}" in page
    assert "Sent on " in page
    counts = {item.slug: item.count for item in dashboard_lists(alice)}
    assert counts["sent"] == 1
    assert counts["drafts"] == 0


def test_the_lead_s_reason_and_open_comments_are_shown_to_the_author(client, plan, alice, lena):
    review_services.plan_transition(plan=plan, user=alice, slug="submit", version=plan.version)
    review_services.review_comment_add(plan=plan, user=lena, section="domains", text="Why?")
    plan.refresh_from_db()
    review_services.plan_transition(
        plan=plan,
        user=lena,
        slug="request-changes",
        version=plan.version,
        comment="Add a Foundation domain & say why",
    )
    client.force_login(alice)
    review_url = reverse("theory_of_change:plan_review", kwargs={"plan_id": plan.pk})
    for path in (
        "/",
        plan.get_absolute_url(),
        reverse("theory_of_change:plan_tasks", kwargs={"plan_id": plan.pk}),
    ):
        page = client.get(path).content.decode()
        assert "Add a Foundation domain &amp; say why" in page, path
        if path != "/":
            assert "1 comment is still open." in page, path
            assert review_url in page, path


def test_numbers_are_gov_uk_text_inputs_with_a_numeric_keypad():
    from evaluation.forms import SampleForm
    from evaluation.measurement_forms import MeasurementForm, TargetForm

    assert 'inputmode="numeric"' in str(SampleForm()["size"])
    for form_class in (MeasurementForm, TargetForm):
        widget = form_class.base_fields["value"].widget
        assert widget.input_type == "text"
        assert widget.attrs["inputmode"] == "decimal"


def test_the_worked_examples_are_linked_from_where_a_plan_starts(client, alice):
    examples = reverse("theory_of_change:example_list")
    assert examples in client.get("/").content.decode()  # the start page, signed out
    client.force_login(alice)
    for name in ("theory_of_change:plan_list", "theory_of_change:plan_create"):
        assert examples in client.get(reverse(name)).content.decode(), name


def test_approving_is_confirmed_on_its_own_page_with_a_comment_kept_in_the_history(
    client, plan, alice, lena
):
    review_services.plan_transition(plan=plan, user=alice, slug="submit", version=plan.version)
    plan.refresh_from_db()
    client.force_login(lena)
    approve = reverse(
        "theory_of_change:plan_transition", kwargs={"plan_id": plan.pk, "slug": "approve"}
    )
    review = client.get(
        reverse("theory_of_change:plan_review", kwargs={"plan_id": plan.pk})
    ).content.decode()
    assert f'href="{approve}"' in review  # a link to the decision's page, not a one-click form
    assert f'action="{approve}"' not in review
    page = client.get(approve).content.decode()
    assert "After this it will be “Approved”." in page
    assert "Comment (optional)" in page
    assert PlanVersion.objects.filter(plan=plan, action="status-approve").count() == 0

    response = client.post(
        approve, {"approve-version": plan.version, "approve-comment": "A clear plan."}
    )

    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    assert plan.transitions.last().comment == "A clear plan."
    assert PlanVersion.objects.get(plan=plan, action="status-approve").reason == "A clear plan."
    # Sent again from the same page: refused, since the plan is approved already.
    again = client.post(approve, {"approve-version": plan.version - 1})
    assert again.status_code == 403
    assert plan.transitions.filter(to_status=PlanStatus.APPROVED).count() == 1
