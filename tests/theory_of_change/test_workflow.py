"""Every status change allowed and refused, by role and state, against an expected matrix
written out here (not read from theory_of_change/workflow.py, which it tests); and what a
change does besides (records, shares, notifies)."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from ioi_planner.models import Role
from tests.factories import MembershipFactory
from theory_of_change import versioning
from theory_of_change.models import Notification, Plan, PlanStatus, PlanTransition
from theory_of_change.review import services as review_services
from theory_of_change.review.workflow import TRANSITIONS, TRANSITIONS_BY_SLUG
from theory_of_change.wizard import part_services
from theory_of_change.wizard import services as wizard_services

pytestmark = pytest.mark.django_db

# Who may make each change, from which status, to which status. The roles are who each person
# is to alice's plan: its owner, its collaborator, its team's lead, an officer of the same team
# who does not work on it (team_officer), an officer of another team and one of another
# council. A (change, status, role) not listed is refused.
EXPECTED = {
    #  change             from status           to status            who may
    "submit":          {"draft":             ("submitted",         "owner collaborator")},
    "request-changes": {"submitted":         ("changes_requested", "lead"),
                        "resubmitted":       ("changes_requested", "lead")},
    "resubmit":        {"changes_requested": ("resubmitted",       "owner collaborator")},
    "approve":         {"submitted":         ("approved",          "lead"),
                        "resubmitted":       ("approved",          "lead")},
    "reopen":          {"approved":          ("draft",             "owner collaborator lead")},
    "archive":         {"approved":          ("archived",          "owner collaborator lead")},
}  # fmt: skip
ROLES = ("owner", "collaborator", "lead", "team_officer", "other_team", "other_council")
CASES = [
    (slug, status, role) for slug in EXPECTED for status in PlanStatus.values for role in ROLES
]


def test_the_expected_matrix_names_every_change_of_the_workflow():
    assert set(EXPECTED) == {transition.slug for transition in TRANSITIONS}


@pytest.fixture
def dave(team):
    return MembershipFactory(team=team, user__email="dave@alpha.example").user


@pytest.fixture
def people(alice, carol, lena, dave, bob, charlie):
    return {
        "owner": alice,
        "collaborator": carol,
        "lead": lena,
        "team_officer": dave,
        "other_team": bob,
        "other_council": charlie,
    }


def _at(plan: Plan, status: str) -> Plan:
    Plan.objects.filter(pk=plan.pk).update(status=status, shared_with_team=True)
    plan.refresh_from_db()
    return plan


def _reason(slug: str) -> str:
    return "Name the indicators" if TRANSITIONS_BY_SLUG[slug].reason_required else ""


@pytest.mark.parametrize(("slug", "status", "role"), CASES)
def test_each_transition_is_allowed_only_to_its_actors_from_its_states(
    plan, people, slug, status, role
):
    plan = _at(plan, status)
    version = plan.version
    target, who = EXPECTED[slug].get(status, (None, ""))
    if role in who.split():
        review_services.plan_transition(
            plan=plan, user=people[role], slug=slug, version=version, comment=_reason(slug)
        )
        plan.refresh_from_db()
        assert plan.status == target
        assert plan.version == version + 1
        change = PlanTransition.objects.get(plan=plan)
        assert (change.from_status, change.to_status, change.by) == (
            status,
            target,
            people[role],
        )
        assert change.comment == _reason(slug)
    else:
        with pytest.raises(review_services.TransitionRefused) as refused:
            review_services.plan_transition(
                plan=plan, user=people[role], slug=slug, version=version, comment=_reason(slug)
            )
        assert str(refused.value)
        plan.refresh_from_db()
        assert (plan.status, plan.version) == (status, version)
        assert not PlanTransition.objects.exists()
        assert not Notification.objects.exists()


def test_asking_for_changes_needs_a_reason_and_changes_nothing_without_one(plan, lena):
    plan = _at(plan, PlanStatus.SUBMITTED)
    with pytest.raises(part_services.ValidationError) as error:
        review_services.plan_transition(
            plan=plan, user=lena, slug="request-changes", version=plan.version, comment="  "
        )
    assert "Enter what needs to change" in str(error.value)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    assert not PlanTransition.objects.exists()


def test_a_stale_form_is_refused_and_changes_nothing(plan, alice):
    version = plan.version
    wizard_services.plan_update(plan=plan, version=version, title="Friendship club (new)")
    with pytest.raises(versioning.StalePlan):
        review_services.plan_transition(plan=plan, user=alice, slug="submit", version=version)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    assert plan.version == version + 1
    assert not PlanTransition.objects.exists()


def test_submitting_shares_the_plan_with_the_team(plan, alice, lena):
    assert not plan.shared_with_team
    review_services.plan_transition(plan=plan, user=alice, slug="submit", version=plan.version)
    plan.refresh_from_db()
    assert plan.shared_with_team
    assert plan.status == PlanStatus.SUBMITTED


def test_submitting_emails_and_notifies_the_team_leads_only(
    plan, alice, lena, team, django_capture_on_commit_callbacks
):
    other_lead = MembershipFactory(
        team=team, role=Role.TEAM_LEAD, user__email="lee@alpha.example"
    ).user
    with django_capture_on_commit_callbacks(execute=True):
        review_services.plan_transition(plan=plan, user=alice, slug="submit", version=plan.version)
        assert not mail.outbox, "emails go only once the change is committed"
    assert sorted(m.to[0] for m in mail.outbox) == sorted([lena.email, other_lead.email])
    assert "for your review" in mail.outbox[0].body
    assert reverse("theory_of_change:plan_review", kwargs={"plan_id": plan.pk}) in (
        mail.outbox[0].body
    )
    assert set(Notification.objects.values_list("user__email", "kind")) == {
        (lena.email, "submitted"),
        (other_lead.email, "submitted"),
    }


def test_each_notification_and_email_is_in_its_recipients_language(
    plan, alice, lena, team, django_capture_on_commit_callbacks
):
    other_lead = MembershipFactory(
        team=team, role=Role.TEAM_LEAD, user__email="lee@alpha.example"
    ).user
    lena.language = "cy"
    lena.save()
    # Alice works in Welsh; the lead who never chose a language is written to in English.
    with translation.override("cy"), django_capture_on_commit_callbacks(execute=True):
        review_services.plan_transition(plan=plan, user=alice, slug="submit", version=plan.version)
    emails = {message.to[0]: message for message in mail.outbox}
    assert "i chi ei adolygu" in emails[lena.email].body
    assert "Tudalen adolygu’r cynllun" in emails[lena.email].body
    assert "for your review" in emails[other_lead.email].body
    assert "The plan’s review page" in emails[other_lead.email].body
    assert "i chi ei adolygu" in Notification.objects.get(user=lena).message
    assert "for your review" in Notification.objects.get(user=other_lead).message


def test_returning_and_approving_email_the_owner_and_collaborators(
    plan, alice, carol, lena, django_capture_on_commit_callbacks
):
    def transition(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            review_services.plan_transition(plan=plan, version=plan.version, **kwargs)

    transition(user=alice, slug="submit")
    mail.outbox.clear()
    transition(user=lena, slug="request-changes", comment="Add targets")
    assert sorted(m.to[0] for m in mail.outbox) == [alice.email, carol.email]
    assert "asked for changes" in mail.outbox[0].body
    mail.outbox.clear()
    transition(user=carol, slug="resubmit")
    assert [m.to[0] for m in mail.outbox] == [lena.email]
    mail.outbox.clear()
    transition(user=lena, slug="approve")
    assert sorted(m.to[0] for m in mail.outbox) == [alice.email, carol.email]
    assert "approved" in mail.outbox[0].body
    assert Notification.objects.filter(user=alice, kind="approved").exists()


def test_reopening_an_approved_plan_makes_it_an_editable_draft_again(plan, alice, lena):
    from theory_of_change.access import plans_editable_by

    plan = _at(plan, PlanStatus.APPROVED)
    assert plan not in plans_editable_by(alice)
    review_services.plan_transition(plan=plan, user=alice, slug="reopen", version=plan.version)
    assert plan in plans_editable_by(alice)
    assert PlanTransition.objects.get().to_status == PlanStatus.DRAFT


@pytest.mark.parametrize(
    ("status", "editable"),
    [
        (PlanStatus.DRAFT, True),
        (PlanStatus.SUBMITTED, False),
        (PlanStatus.CHANGES_REQUESTED, True),
        (PlanStatus.RESUBMITTED, False),
        (PlanStatus.APPROVED, False),
        (PlanStatus.ARCHIVED, False),
    ],
)
def test_only_plans_with_their_authors_are_editable(plan, alice, carol, status, editable):
    from theory_of_change.access import plans_editable_by

    plan = _at(plan, status)
    assert (plan in plans_editable_by(alice)) is editable
    assert (plan in plans_editable_by(carol)) is editable


# -- Through the pages --------------------------------------------------------------------------


def test_a_refused_transition_page_says_why_and_changes_nothing(client, plan, lena, alice):
    plan = _at(plan, PlanStatus.DRAFT)
    client.force_login(lena)
    url = reverse(
        "theory_of_change:plan_transition", kwargs={"plan_id": plan.pk, "slug": "approve"}
    )
    response = client.post(url, {"approve-version": plan.version})
    assert response.status_code == 403
    assert "This cannot be done while the plan’s status is “Draft”" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    client.force_login(alice)
    response = client.post(url, {"approve-version": plan.version})
    assert response.status_code == 403
    assert "Only a team lead of the plan’s team can do this" in response.content.decode()
    assert not PlanTransition.objects.exists()


def test_asking_for_changes_without_a_reason_shows_the_error(client, plan, lena):
    plan = _at(plan, PlanStatus.SUBMITTED)
    client.force_login(lena)
    url = reverse(
        "theory_of_change:plan_transition", kwargs={"plan_id": plan.pk, "slug": "request-changes"}
    )
    response = client.post(
        url, {"request-changes-version": plan.version, "request-changes-comment": ""}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Ask for changes – IOI Planner</title>" in page
    assert "Enter what needs to change, and why" in page
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED


def test_a_stale_decision_is_refused_with_the_stale_message(client, plan, lena):
    plan = _at(plan, PlanStatus.SUBMITTED)
    client.force_login(lena)
    url = reverse(
        "theory_of_change:plan_transition", kwargs={"plan_id": plan.pk, "slug": "approve"}
    )
    response = client.post(url, {"approve-version": plan.version - 1 + 5})
    assert response.status_code == 200
    assert "nothing was saved" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED


def test_an_approval_goes_back_to_the_review_page_with_a_message(client, plan, lena):
    plan = _at(plan, PlanStatus.SUBMITTED)
    client.force_login(lena)
    url = reverse(
        "theory_of_change:plan_transition", kwargs={"plan_id": plan.pk, "slug": "approve"}
    )
    response = client.post(url, {"approve-version": plan.version}, follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "theory_of_change:plan_review", kwargs={"plan_id": plan.pk}
    )
    assert "The plan is approved." in response.content.decode()


def test_a_plan_of_another_council_has_no_transition_page(client, other_plan, lena):
    client.force_login(lena)
    url = reverse(
        "theory_of_change:plan_transition", kwargs={"plan_id": other_plan.pk, "slug": "submit"}
    )
    assert client.get(url).status_code == 404
    assert client.post(url, {"submit-version": 1}).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "theory_of_change:plan_tasks",
        "theory_of_change:plan_step",
        "theory_of_change:item_add",
    ],
)
def test_the_wizard_of_a_locked_plan_tells_its_authors_why(client, plan, alice, bob, lena, path):
    plan = _at(plan, PlanStatus.APPROVED)
    kwargs = {"plan_id": plan.pk}
    if path == "theory_of_change:plan_step":
        kwargs["slug"] = "plan"
    if path == "theory_of_change:item_add":
        kwargs["kind"] = "barriers"
    url = reverse(path, kwargs=kwargs)
    client.force_login(alice)
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == plan.get_absolute_url()
    page = response.content.decode()
    assert "cannot be changed while its status is “Approved”" in page
    assert "Change this plan" not in page
    for other in (lena, bob):
        client.force_login(other)
        assert client.get(url).status_code == 404


def test_a_locked_plans_wizard_refuses_a_post_and_changes_nothing(client, plan, alice):
    plan = _at(plan, PlanStatus.SUBMITTED)
    client.force_login(alice)
    url = reverse("theory_of_change:plan_step", kwargs={"plan_id": plan.pk, "slug": "plan"})
    response = client.post(url, {"title": "Changed", "version": plan.version})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.title == "Friendship club"


def test_of_two_decisions_made_on_the_same_version_only_the_first_is_applied(plan, lena, team):
    other_lead = MembershipFactory(team=team, role=Role.TEAM_LEAD).user
    plan = _at(plan, PlanStatus.SUBMITTED)
    seen = plan.version
    review_services.plan_transition(plan=plan, user=lena, slug="approve", version=seen)
    late = Plan.objects.get(pk=plan.pk)
    with pytest.raises(versioning.StalePlan):
        review_services.plan_transition(
            plan=late, user=other_lead, slug="request-changes", version=seen, comment="No"
        )
    late.refresh_from_db()
    assert late.status == PlanStatus.APPROVED
    assert PlanTransition.objects.count() == 1


def test_email_links_start_with_the_site_address(
    plan, alice, lena, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://planner.example-council.gov.uk"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        review_services.plan_transition(plan=plan, user=alice, slug="submit", version=plan.version)
    review = reverse("theory_of_change:plan_review", kwargs={"plan_id": plan.pk})
    assert f"https://planner.example-council.gov.uk{review}" in mail.outbox[0].body
