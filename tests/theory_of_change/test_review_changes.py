"""What changed since the lead's last decision, on the review page (issue 17, item 3)."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from theory_of_change.models import PlanVersion
from theory_of_change.review import services as review_services
from theory_of_change.review.changes import changes_since
from theory_of_change.review.selectors import plan_for_review
from theory_of_change.wizard.services import plan_update

pytestmark = pytest.mark.django_db


def review_url(plan) -> str:
    return reverse("theory_of_change:plan_review", kwargs={"plan_id": plan.pk})


def _transition(plan, user, slug, comment=""):
    review_services.plan_transition(
        plan=plan, user=user, slug=slug, version=plan.version, comment=comment
    )


@pytest.fixture
def resubmitted(plan, alice, lena):
    """alice's plan: changed once before review, sent back by lena with a comment, changed and
    its comment answered and resolved, then sent again."""
    plan_update(plan=plan, version=plan.version, user=alice, problem="Few newcomers meet locals")
    _transition(plan, alice, "submit")
    comment = review_services.review_comment_add(
        plan=plan, user=lena, section="problem-and-impact", text="Say how you know"
    )
    untouched = review_services.review_comment_add(
        plan=plan, user=lena, section="domains", text="Why Bridges?"
    )
    _transition(plan, lena, "request-changes", "See my comments")
    plan_update(
        plan=plan,
        version=plan.version,
        user=alice,
        problem="Few newcomers meet locals, says the 2025 residents survey",
    )
    review_services.review_comment_add(
        plan=plan, user=alice, section="problem-and-impact", text="Added", parent=comment
    )
    review_services.review_comment_resolve(plan=plan, user=alice, comment=comment)
    _transition(plan, alice, "resubmit")
    plan.comment, plan.untouched = comment, untouched
    return plan


def test_the_lead_sees_what_changed_since_asking_for_changes(client, resubmitted, lena):
    client.force_login(lena)
    page = client.get(review_url(resubmitted)).content.decode()
    assert "What changed since changes were asked for" in page
    decided = PlanVersion.objects.get(plan=resubmitted, action="status-request-changes").number
    assert f"Version {decided} ({escape(str(lena))}, " in page
    # The change, word by word, in the section it was made in.
    assert '<ins class="app-diff__added">' in page
    assert "says the 2025 residents survey" in page
    # The thread answered and resolved since then is listed with a link to it; the other not.
    comment = resubmitted.comment
    assert f'href="#comment-{comment.pk}"' in page
    assert "resolved, 1 new reply" in page
    assert f'href="#comment-{resubmitted.untouched.pk}">Comment by' not in page
    # The whole history, and the same comparison there.
    assert reverse("theory_of_change:plan_history", kwargs={"plan_id": resubmitted.pk}) in page
    assert f"?from={decided}&amp;to={resubmitted.version}" in page


def test_since_submitted_compares_with_the_version_sent_for_review(client, resubmitted, lena):
    client.force_login(lena)
    page = client.get(review_url(resubmitted) + "?since=submitted").content.decode()
    assert "What changed since the plan was sent for review" in page
    submitted = PlanVersion.objects.get(plan=resubmitted, action="status-submit").number
    assert f"?from={submitted}&amp;to={resubmitted.version}" in page
    assert "Show what changed since the last decision" in page


def test_a_first_review_and_a_draft_show_no_comparison(client, plan, alice, lena):
    client.force_login(alice)
    assert "What changed since" not in client.get(review_url(plan)).content.decode()
    _transition(plan, alice, "submit")
    client.force_login(lena)
    assert "What changed since" not in client.get(review_url(plan)).content.decode()


def test_nothing_changed_says_so(resubmitted, lena):
    plan = plan_for_review(plan_id=resubmitted.pk, user=lena)
    assert changes_since(plan).differences
    # Sent back and sent again unchanged: no differences, and the page says so.
    _transition(resubmitted, lena, "request-changes", "Still no baseline")
    _transition(resubmitted, resubmitted.owner, "resubmit")
    plan = plan_for_review(plan_id=resubmitted.pk, user=lena)
    since = changes_since(plan)
    assert since.differences == []
    assert since.threads == []


def test_an_unknown_since_falls_back_to_the_last_decision(client, resubmitted, lena):
    client.force_login(lena)
    response = client.get(review_url(resubmitted) + "?since=%00<script>")
    assert response.status_code == 200
    assert "What changed since changes were asked for" in response.content.decode()
