"""Who may use each wizard address. Editing is for the owner and collaborators; the team
(leads included) sees a shared plan's page only; everyone else gets 404, and anonymous
visitors are sent to sign in."""

import pytest
from django.urls import reverse

from theory_of_change import urls
from theory_of_change.models import Evidence, Stakeholder
from theory_of_change.steps import STEPS

from ..factories import sign_in_with_two_factor

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "alice", "carol", "lena", "bob", "charlie", "admin_user"]
EDITORS = {"alice", "carol"}


@pytest.fixture
def shared_plan(plan, chain):
    plan.shared_with_team = True
    plan.save()
    Stakeholder.objects.create(plan=plan, name="Residents", kind="receiving_community")
    Evidence.objects.create(
        assumption=chain["assumption"], kind="survey", source="Survey", strength="weak"
    )
    return plan


def wizard_urls(plan, chain) -> dict[str, list[str]]:
    """Every wizard address, by URL name, for one plan."""
    p = {"plan_id": plan.pk}
    items = {
        "outcomes": chain["outcome"],
        "outputs": chain["output"],
        "activities": chain["activity"],
        "barriers": chain["barrier"],
        "assumptions": chain["assumption"],
        "stakeholders": plan.stakeholders.first(),
    }

    def item(name, kind):
        return reverse(
            f"theory_of_change:{name}", kwargs={**p, "kind": kind, "item_id": items[kind].pk}
        )

    evidence = chain["assumption"].evidence.first()
    return {
        "plan_tasks": [reverse("theory_of_change:plan_tasks", kwargs=p)],
        "plan_step": [step.url(plan) for step in STEPS],
        "item_add": [
            reverse("theory_of_change:item_add", kwargs={**p, "kind": kind}) for kind in items
        ],
        "item_change": [item("item_change", kind) for kind in items],
        "item_remove": [item("item_remove", kind) for kind in items],
        "outcome_indicators": [
            reverse(
                "theory_of_change:outcome_indicators",
                kwargs={**p, "item_id": chain["outcome"].pk},
            )
        ],
        "council_indicator_add": [
            reverse(
                "theory_of_change:council_indicator_add",
                kwargs={**p, "item_id": chain["outcome"].pk},
            )
        ],
        "evidence_add": [
            reverse(
                "theory_of_change:evidence_add", kwargs={**p, "item_id": chain["assumption"].pk}
            )
        ],
        "evidence_change": [
            reverse(
                "theory_of_change:evidence_change",
                kwargs={**p, "item_id": chain["assumption"].pk, "evidence_id": evidence.pk},
            )
        ],
        "evidence_remove": [
            reverse(
                "theory_of_change:evidence_remove",
                kwargs={**p, "item_id": chain["assumption"].pk, "evidence_id": evidence.pk},
            )
        ],
    }


def sign_in_as(client, request, role):
    if role != "anonymous":
        sign_in_with_two_factor(client, request.getfixturevalue(role))


def test_every_url_of_the_app_is_in_this_matrix(shared_plan, chain):
    covered = set(wizard_urls(shared_plan, chain)) | {
        "plan_list",
        "plan_create",
        "plan_detail",
        "item_move",
        # The plan page and the worked examples: test_plan_page.py and test_examples.py.
        "example_list",
        "example_detail",
        # The review, its comments, status changes and collaborators: test_review.py,
        # test_workflow.py and the access matrix.
        "plan_review",
        "review_comment_add",
        "review_comment_reply",
        "review_comment_resolve",
        "plan_transition",
        "plan_collaborators",
        "plan_collaborator_remove",
        # The history: test_history.py and tests/test_access_matrix.py.
        "plan_history",
        "plan_history_compare",
        "plan_history_restore",
        # The switch to a retired indicator's successor: test_indicator_switch.py and the
        # access matrix.
        "indicator_switch",
    }
    assert {pattern.name for pattern in urls.urlpatterns} <= covered


@pytest.mark.parametrize("role", ROLES)
def test_wizard_pages_are_for_the_owner_and_collaborators_only(
    client, request, role, shared_plan, chain
):
    sign_in_as(client, request, role)
    for name, addresses in wizard_urls(shared_plan, chain).items():
        for address in addresses:
            for method in (client.get, client.post):
                response = method(address)
                if role == "anonymous":
                    assert response.status_code == 302, (name, address)
                    assert response.headers["Location"].startswith("/sign-in/")
                elif role in EDITORS:
                    # A POST without data is a form with errors: shown again, nothing saved.
                    assert response.status_code == 200, (role, name, address, method)
                else:
                    assert response.status_code == 404, (role, name, address, method)


@pytest.mark.parametrize("role", ROLES)
def test_moving_an_item_is_for_the_owner_and_collaborators_only(
    client, request, role, shared_plan, chain
):
    sign_in_as(client, request, role)
    address = reverse(
        "theory_of_change:item_move",
        kwargs={"plan_id": shared_plan.pk, "kind": "outcomes", "item_id": chain["outcome"].pk},
    )
    response = client.post(address, {"direction": "up", "version": shared_plan.version})
    if role == "anonymous":
        assert response.headers["Location"].startswith("/sign-in/")
    elif role in EDITORS:
        assert response.status_code == 302
        assert client.get(address).status_code == 405
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_the_plan_page_is_for_the_plans_audience(client, request, role, shared_plan):
    sign_in_as(client, request, role)
    response = client.get(shared_plan.get_absolute_url())
    expected = {"anonymous": 302, "alice": 200, "carol": 200, "lena": 200}.get(role, 404)
    assert response.status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_the_plan_list_shows_only_plans_the_user_may_see(client, request, role, shared_plan):
    sign_in_as(client, request, role)
    response = client.get(reverse("theory_of_change:plan_list"))
    if role == "anonymous":
        assert response.headers["Location"].startswith("/sign-in/")
        return
    assert response.status_code == 200
    listed = shared_plan.title in response.content.decode()
    assert listed == (role in {"alice", "carol", "lena"})


@pytest.mark.parametrize("role", ROLES)
def test_creating_a_plan_needs_a_team(client, request, role):
    sign_in_as(client, request, role)
    response = client.get(reverse("theory_of_change:plan_create"))
    expected = {"anonymous": 302, "admin_user": 403}.get(role, 200)
    assert response.status_code == expected


def test_the_plan_of_another_council_cannot_be_changed_by_guessing_its_address(
    client, charlie, shared_plan, chain
):
    client.force_login(charlie)
    address = STEPS[1].url(shared_plan)
    response = client.post(address, {"problem": "Hijack", "impact": "x", "version": 1})
    assert response.status_code == 404
    shared_plan.refresh_from_db()
    assert shared_plan.problem == ""
