"""The plan page /plans/<id>/: who may see it, what it shows, and its query budget."""

import uuid
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from domains.models import Domain, Indicator
from theory_of_change.models import Evidence, Outcome, Output, StakeholderKind
from theory_of_change.selectors import plan_for_display

from ..factories import (
    ActivityFactory,
    AssumptionFactory,
    BarrierFactory,
    EvidenceFactory,
    OutcomeFactory,
    OutputFactory,
    PlanFactory,
    StakeholderFactory,
    sign_in_with_two_factor,
)

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def plan(team, alice):
    return PlanFactory(team=team, owner=alice, title="Language café", place="Northgate")


def get_as(client, request, role, url):
    if role != "anonymous":
        sign_in_with_two_factor(client, request.getfixturevalue(role))
    return client.get(url)


@pytest.mark.parametrize(
    ("role", "draft_status", "shared_status"),
    [
        ("anonymous", 302, 302),
        ("alice", 200, 200),  # the owner
        ("carol", 404, 200),  # same team: sees it once shared
        ("lena", 404, 200),  # team lead: sees it once shared
        ("bob", 404, 404),  # another team of the same council
        ("charlie", 404, 404),  # another council
        ("admin_user", 404, 404),  # site staff are not plan readers
    ],
)
def test_who_may_see_the_plan_page(client, request, plan, role, draft_status, shared_status):
    response = get_as(client, request, role, plan.get_absolute_url())
    assert response.status_code == draft_status
    if draft_status == 302:
        assert response.headers["Location"].startswith("/sign-in/?next=")
    plan.shared_with_team = True
    plan.save()
    client.logout()
    assert get_as(client, request, role, plan.get_absolute_url()).status_code == shared_status


def test_a_collaborator_sees_the_draft(client, plan, carol):
    plan.collaborators.add(carol)
    client.force_login(carol)
    assert client.get(plan.get_absolute_url()).status_code == 200


def test_an_id_that_does_not_exist_is_not_found(client, alice):
    client.force_login(alice)
    assert client.get(f"/plans/{uuid.uuid4()}/").status_code == 404
    assert client.get("/plans/not-a-plan/").status_code == 404


def test_the_plan_page_shows_each_principle_with_its_named_gaps(client, plan, alice):
    OutcomeFactory(plan=plan, text="Women speak English daily")
    client.force_login(alice)
    html = client.get(plan.get_absolute_url()).content.decode()
    assert "Integration is multi-dimensional" in html
    assert "Integration is context specific" in html
    assert "Outcome ‘Women speak English daily’ has no indicator" in html
    assert "No domains are chosen yet" in html
    assert "The place is not given" not in html


def svg_of(html: str) -> ET.Element:
    start, end = html.index("<svg"), html.index("</svg>") + len("</svg>")
    return ET.fromstring(html[start:end])  # noqa: S314 - our own output


def test_the_plan_page_shows_the_summary_diagram_and_text_version(client, plan, alice):
    plan.impact = "Women use English every day"
    plan.save()
    plan.domains.set(Domain.objects.filter(number__in=[7, 9]))
    outcome = OutcomeFactory(plan=plan, text="Women speak English daily")
    outcome.indicators.set([Indicator.objects.filter(domain__number=9).first()])
    output = OutputFactory(plan=plan, text="Conversation sessions held")
    output.outcomes.set([outcome])
    activity = ActivityFactory(plan=plan, text="Recruit volunteers", inputs="Coordinator")
    activity.outputs.set([output])
    client.force_login(alice)
    response = client.get(plan.get_absolute_url())
    html = response.content.decode()
    assert "<title>Language café – IOI Planner</title>" in html
    assert html.count("<h1") == 1
    assert "9. Language and Communication (Facilitators)" in html
    svg = svg_of(html)
    assert svg.get("role") == "img"
    keys = {g.get("data-key") for g in svg.iter(f"{SVG}g") if g.get("data-key")}
    assert keys == {
        "impact",
        f"outcome-{outcome.pk}",
        f"output-{output.pk}",
        f"activity-{activity.pk}",
    }
    # The text version nests activity under output under outcome under the impact.
    chain = response.context["chain"]
    assert chain["impact"] == "Women use English every day"
    assert chain["outcomes"][0]["outputs"][0]["activities"][0].text == "Recruit volunteers"
    assert "The chain as text" in html
    assert "Inputs: Coordinator" in html


def test_user_text_on_the_plan_page_is_escaped(client, team, alice):
    plan = PlanFactory(team=team, owner=alice, title="<script>alert(1)</script>")
    OutcomeFactory(plan=plan, text="<b>bold</b> & more")
    client.force_login(alice)
    html = client.get(plan.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>bold</b>" not in html
    svg_of(html)  # still well-formed XML


def test_the_plan_page_lists_barriers_assumptions_and_stakeholders(client, plan, alice):
    BarrierFactory(plan=plan, text="Classes clash with school runs")
    output = OutputFactory(plan=plan, text="Sessions held")
    outcome = OutcomeFactory(plan=plan, text="Women mix")
    assumption = AssumptionFactory(
        plan=plan, text="A crèche brings mothers in", output=output, outcome=outcome
    )
    EvidenceFactory(assumption=assumption, source="Parents' survey", strength="strong")
    StakeholderFactory(
        plan=plan,
        name="Health visitors",
        kind=StakeholderKind.HEALTH,
        in_delivery=True,
        in_evaluation=True,
    )
    client.force_login(alice)
    html = client.get(plan.get_absolute_url()).content.decode()
    assert "Classes clash with school runs" in html
    assert "Link: Output 1 → Outcome 1" in html
    assert "Evidence: Survey: Parents&#x27; survey (strong)" in html
    assert "Health visitors" in html
    assert "Delivery, evaluation" in html


def build_plan(team, owner, *, outcomes: int, outputs: int, activities: int):
    plan = PlanFactory(team=team, owner=owner, impact="Belonging")
    plan.domains.set(Domain.objects.filter(number__in=[5, 7, 9, 14]))
    indicators = list(Indicator.objects.all()[:3])
    made_outcomes = [OutcomeFactory(plan=plan) for _ in range(outcomes)]
    for outcome in made_outcomes:
        outcome.indicators.set(indicators)
    made_outputs = [OutputFactory(plan=plan) for _ in range(outputs)]
    for n, output in enumerate(made_outputs):
        output.outcomes.set([made_outcomes[n % outcomes]])
    for n in range(activities):
        ActivityFactory(plan=plan, inputs="Staff").outputs.set([made_outputs[n % outputs]])
    for n in range(max(1, outcomes // 10)):
        BarrierFactory(plan=plan)
        assumption = AssumptionFactory(plan=plan, output=made_outputs[n], outcome=made_outcomes[0])
        EvidenceFactory(assumption=assumption)
        StakeholderFactory(plan=plan)
    plan.collaborators.add(owner)
    return plan


def queries_to_render(client, plan) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(plan.get_absolute_url())
    assert response.status_code == 200
    return len(captured)


def test_a_large_plan_renders_with_the_same_number_of_queries_as_a_small_one(client, team, alice):
    small = build_plan(team, alice, outcomes=1, outputs=1, activities=1)
    large = build_plan(team, alice, outcomes=30, outputs=60, activities=100)
    client.force_login(alice)
    queries_to_render(client, small)  # warm the session and any per-process caches
    small_count = queries_to_render(client, small)
    large_count = queries_to_render(client, large)
    assert large_count == small_count
    html = client.get(large.get_absolute_url()).content.decode()
    assert len([g for g in svg_of(html).iter(f"{SVG}g") if g.get("data-key")]) == 191


def test_the_plan_s_parts_are_handed_what_they_link_to_as_the_plan_s_own_parts(team, alice):
    """plan_for_display links parts to the plan's own outcomes and outputs (no second copy of
    each), in the order a prefetch gives, with an outcome's indicators and an assumption's
    evidence, and nothing to a part that links to nothing."""
    plan = build_plan(team, alice, outcomes=3, outputs=4, activities=5)
    extra = OutputFactory(plan=plan)
    extra.outcomes.set(plan.outcomes.order_by("-position"))
    lonely = OutcomeFactory(plan=plan)
    shown = plan_for_display(plan_id=plan.pk, user=alice)
    outcomes = {o.pk: o for o in shown.outcomes.all()}
    outputs = {p.pk: p for p in shown.outputs.all()}
    for output in shown.outputs.all():
        expected = list(Outcome.objects.filter(outputs=output).order_by("position", "created_at"))
        assert [o.pk for o in output.related["outcomes"]] == [o.pk for o in expected]
        assert all(o is outcomes[o.pk] for o in output.related["outcomes"])
    for activity in shown.activities.all():
        assert [p.pk for p in activity.related["outputs"]] == [
            p.pk for p in Output.objects.filter(activities=activity)
        ]
        assert all(p is outputs[p.pk] for p in activity.related["outputs"])
    for outcome in shown.outcomes.all():
        assert outcome.related["indicators"] == list(Indicator.objects.filter(outcomes=outcome))
    assert outcomes[lonely.pk].related == {"indicators": []}
    assert len(outputs[extra.pk].related["outcomes"]) == 3
    for assumption in shown.assumptions.all():
        assert assumption.related["evidence"] == list(
            Evidence.objects.filter(assumption=assumption)
        )
        assert assumption.related["evidence"]


def test_only_those_who_may_change_the_plan_get_the_link_to_its_task_list(client, plan, lena):
    plan.shared_with_team = True
    plan.save()
    tasks = f"/plans/{plan.pk}/steps/"
    client.force_login(plan.owner)
    assert f'href="{tasks}"' in client.get(plan.get_absolute_url()).content.decode()
    client.force_login(lena)
    assert tasks not in client.get(plan.get_absolute_url()).content.decode()
