"""The review page, comments on sections, collaborators, the dashboard and notifications."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import escape

from tests.factories import MembershipFactory
from theory_of_change.models import Notification, Plan, PlanStatus, ReviewComment
from theory_of_change.review import presenters as review_presenters
from theory_of_change.review import services as review_services

pytestmark = pytest.mark.django_db


def review_url(plan) -> str:
    return reverse("theory_of_change:plan_review", kwargs={"plan_id": plan.pk})


def comment_url(plan, section="domains") -> str:
    return reverse(
        "theory_of_change:review_comment_add", kwargs={"plan_id": plan.pk, "section": section}
    )


@pytest.fixture
def submitted(plan, alice, lena):
    """alice's plan, sent for review to lena, the team's lead."""
    review_services.plan_transition(plan=plan, user=alice, slug="submit", version=plan.version)
    return plan


def test_the_review_page_shows_every_section_and_the_principle_check(client, submitted, lena):
    client.force_login(lena)
    response = client.get(review_url(submitted))
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Review of Friendship club – IOI Planner</title>" in page
    for heading in ("The plan", "Domains", "Intermediate outcomes", "Stakeholders"):
        assert f">{heading}</h2>" in page
    assert "Principle check" in page
    assert "Submitted for review" in page
    # The lead decides here; the plan's content has no form to change it.
    assert "Approve the plan" in page
    assert "Ask for changes" in page
    assert 'name="title"' not in page


def test_the_lead_comments_on_a_section_and_the_author_replies_and_resolves(
    client, submitted, lena, alice
):
    client.force_login(lena)
    response = client.post(
        comment_url(submitted, "outcomes"), {"comment-outcomes-text": "Add a baseline"}
    )
    comment = ReviewComment.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#comment-{comment.pk}")
    assert (comment.section, comment.author, comment.text) == ("outcomes", lena, "Add a baseline")

    client.force_login(alice)
    reply_url = reverse(
        "theory_of_change:review_comment_reply",
        kwargs={"plan_id": submitted.pk, "comment_id": comment.pk},
    )
    client.post(reply_url, {f"reply-{comment.pk}-text": "Added one from the survey"})
    reply = ReviewComment.objects.get(parent=comment)
    assert (reply.section, reply.author) == ("outcomes", alice)
    # A reply to a reply joins the same thread.
    client.post(
        reverse(
            "theory_of_change:review_comment_reply",
            kwargs={"plan_id": submitted.pk, "comment_id": reply.pk},
        ),
        {f"reply-{reply.pk}-text": "Thanks"},
    )
    assert ReviewComment.objects.filter(parent=comment).count() == 2

    client.post(
        reverse(
            "theory_of_change:review_comment_resolve",
            kwargs={"plan_id": submitted.pk, "comment_id": comment.pk},
        )
    )
    comment.refresh_from_db()
    assert comment.resolved_by == alice
    assert comment.resolved_at is not None
    page = client.get(review_url(submitted)).content.decode()
    assert "Add a baseline" in page
    assert "Added one from the survey" in page
    assert "Resolved" in page


def test_an_empty_comment_is_refused_with_an_error_that_says_what_to_do(client, submitted, lena):
    client.force_login(lena)
    response = client.post(comment_url(submitted), {"comment-domains-text": "   "})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Comment on “Domains” – IOI Planner</title>" in page
    assert 'href="#id_comment-domains-text"' in page
    assert "Enter a comment" in page
    assert not ReviewComment.objects.exists()


def test_a_comment_too_long_is_refused_and_what_was_typed_is_kept(client, submitted, lena):
    client.force_login(lena)
    text = "Say where the baseline comes from. " * 40
    response = client.post(comment_url(submitted), {"comment-domains-text": text})
    page = response.content.decode()
    assert "The comment must be 1000 characters or fewer" in page
    assert "Say where the baseline comes from." in page
    assert not ReviewComment.objects.exists()


def test_comments_and_replies_are_written_on_pages_of_their_own(client, submitted, lena, alice):
    """The review page links to a comment page per section and a reply page per thread; it
    renders no comment or reply form itself (issue 17, item 5)."""
    comment = review_services.review_comment_add(
        plan=submitted, user=lena, section="outcomes", text="Add a baseline"
    )
    review_services.review_comment_add(
        plan=submitted, user=alice, section="outcomes", text="Which survey?", parent=comment
    )
    reply_url = reverse(
        "theory_of_change:review_comment_reply",
        kwargs={"plan_id": submitted.pk, "comment_id": comment.pk},
    )
    client.force_login(alice)
    review = client.get(review_url(submitted)).content.decode()
    assert "<textarea" not in review
    assert f'href="{reply_url}"' in review
    assert f'href="{comment_url(submitted, "outcomes")}"' in review

    page = client.get(comment_url(submitted, "outcomes")).content.decode()
    assert "<title>Comment on “Intermediate outcomes” – IOI Planner</title>" in page
    assert 'name="comment-outcomes-text"' in page

    page = client.get(reply_url).content.decode()
    assert f"<title>Reply to {escape(str(lena))} – IOI Planner</title>" in page
    # The thread being answered is shown above the reply box.
    assert "Add a baseline" in page
    assert "Which survey?" in page
    response = client.post(reply_url, {f"reply-{comment.pk}-text": ""})
    assert "Enter a reply" in response.content.decode()
    response = client.post(reply_url, {f"reply-{comment.pk}-text": "The 2025 residents survey"})
    reply = ReviewComment.objects.get(text="The 2025 residents survey")
    assert response["Location"].endswith(f"#comment-{reply.pk}")


def test_a_comment_on_another_councils_plan_is_not_found(client, other_plan, lena):
    client.force_login(lena)
    response = client.post(comment_url(other_plan), {"comment-domains-text": "Hello"})
    assert response.status_code == 404
    assert client.get(review_url(other_plan)).status_code == 404
    assert not ReviewComment.objects.exists()


def test_another_team_cannot_comment_or_resolve(client, submitted, bob, lena):
    comment = review_services.review_comment_add(
        plan=submitted, user=lena, section="domains", text="Why these?"
    )
    client.force_login(bob)
    assert client.post(comment_url(submitted), {"comment-domains-text": "Hi"}).status_code == 404
    resolve = reverse(
        "theory_of_change:review_comment_resolve",
        kwargs={"plan_id": submitted.pk, "comment_id": comment.pk},
    )
    assert client.post(resolve).status_code == 404
    comment.refresh_from_db()
    assert comment.resolved_at is None
    assert ReviewComment.objects.count() == 1


def test_a_comment_on_an_unknown_section_is_not_found(client, submitted, lena):
    client.force_login(lena)
    response = client.post(comment_url(submitted, "nowhere"), {"comment-nowhere-text": "Hi"})
    assert response.status_code == 404


def test_a_team_officer_who_does_not_work_on_the_plan_reads_it_without_commenting(
    client, submitted, team
):
    dave = MembershipFactory(team=team).user
    client.force_login(dave)
    page = client.get(review_url(submitted)).content.decode()
    assert "Review of Friendship club" in page
    assert "Comment on “" not in page
    assert client.get(comment_url(submitted)).status_code == 404
    assert client.post(comment_url(submitted), {"comment-domains-text": "Hi"}).status_code == 404


def _review_with_comments(plan, people, count):
    for number in range(count):
        comment = review_services.review_comment_add(
            plan=plan, user=people[number % 2], section="outcomes", text=f"Comment {number}"
        )
        review_services.review_comment_add(
            plan=plan,
            user=people[(number + 1) % 2],
            section="outcomes",
            text="Reply",
            parent=comment,
        )


def test_the_review_page_makes_the_same_queries_for_1_and_10_times_the_comments(
    client, submitted, lena, alice, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(lena)
    _review_with_comments(submitted, [lena, alice], 2)
    with CaptureQueriesContext(connection) as small:
        assert client.get(review_url(submitted)).status_code == 200
    _review_with_comments(submitted, [lena, alice], 18)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(review_url(submitted))
    assert response.content.decode().count("Comment 1") >= 10


# -- Collaborators ------------------------------------------------------------------------------


def test_the_owner_adds_and_removes_a_collaborator_from_the_team(client, plan, alice, carol, team):
    dave = MembershipFactory(team=team, user__email="dave@alpha.example").user
    url = reverse("theory_of_change:plan_collaborators", kwargs={"plan_id": plan.pk})
    client.force_login(alice)
    page = client.get(url).content.decode()
    assert "dave@alpha.example" in page
    response = client.post(url, {"user": dave.pk, "version": plan.version})
    assert response.status_code == 302
    assert set(plan.collaborators.all()) == {carol, dave}
    plan.refresh_from_db()
    remove = reverse(
        "theory_of_change:plan_collaborator_remove",
        kwargs={"plan_id": plan.pk, "user_id": carol.pk},
    )
    client.post(remove, {f"remove-{carol.pk}-version": plan.version})
    assert set(plan.collaborators.all()) == {dave}


def test_a_collaborator_from_another_team_is_refused(client, plan, alice, bob):
    url = reverse("theory_of_change:plan_collaborators", kwargs={"plan_id": plan.pk})
    client.force_login(alice)
    response = client.post(url, {"user": bob.pk, "version": plan.version})
    assert response.status_code == 200
    assert "Select someone in the plan’s team" in response.content.decode()
    assert bob not in plan.collaborators.all()


def test_a_stale_collaborator_form_is_refused(client, plan, alice, lena):
    url = reverse("theory_of_change:plan_collaborators", kwargs={"plan_id": plan.pk})
    client.force_login(alice)
    response = client.post(url, {"user": lena.pk, "version": plan.version + 3})
    assert "nothing was saved" in response.content.decode()
    assert lena not in plan.collaborators.all()


def test_only_the_owner_chooses_collaborators(client, plan, carol):
    url = reverse("theory_of_change:plan_collaborators", kwargs={"plan_id": plan.pk})
    client.force_login(carol)
    assert client.get(url).status_code == 404


# -- Dashboard and notifications ----------------------------------------------------------------


def test_the_dashboard_lists_drafts_returned_awaiting_and_approved_with_counts(
    client, plan, alice, lena, team
):
    second = Plan.objects.create(team=team, owner=alice, title="Language café")
    client.force_login(alice)
    page = client.get("/").content.decode()
    assert "Your drafts" in page
    assert "Friendship club" in page
    assert "Language café" in page

    review_services.plan_transition(plan=plan, user=alice, slug="submit", version=plan.version)
    client.force_login(lena)
    page = client.get("/").content.decode()
    assert "Awaiting your review" in page
    assert "Review of Friendship club" in page
    assert "Notifications: 1 unread" in page

    review_services.review_comment_add(plan=plan, user=lena, section="domains", text="Why?")
    review_services.plan_transition(
        plan=plan, user=lena, slug="request-changes", version=plan.version, comment="See comments"
    )
    client.force_login(alice)
    response = client.get("/")
    page = response.content.decode()
    assert "Returned to you with comments" in page
    assert "1 open comment" in page

    Plan.objects.filter(pk=second.pk).update(status=PlanStatus.APPROVED, shared_with_team=True)
    from theory_of_change.selectors import dashboard_lists

    counts = {item.slug: item.count for item in dashboard_lists(alice)}
    assert counts == {
        "drafts": 0,
        "sent": 0,
        "returned": 1,
        "awaiting-review": 0,
        "approved": 1,
    }


def test_anonymous_visitors_still_see_the_start_page(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Your drafts" not in response.content.decode()


def test_notifications_are_listed_and_marked_read(client, submitted, lena):
    client.force_login(lena)
    page = client.get(reverse("notifications:notification_list")).content.decode()
    assert "sent “Friendship club” for your review" in page
    assert "You have 1 unread notification." in page
    client.post(reverse("notifications:notifications_mark_read"))
    assert not Notification.objects.filter(user=lena, read_at__isnull=True).exists()


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 1, 5, 9, 3, tzinfo=UTC),  # Greenwich Mean Time
        datetime(2026, 7, 31, 23, 30, tzinfo=UTC),  # British Summer Time: the next day
    ],
)
@pytest.mark.parametrize("language", ["en-gb", "cy"])
def test_a_comments_time_reads_as_the_date_filter_writes_it(moment, language):
    with translation.override(language):
        months = review_presenters.month_names()
        assert review_presenters.posted_at(moment, months) == date_format(
            timezone.localtime(moment), "j F Y, H:i"
        )
