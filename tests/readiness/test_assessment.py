"""The readiness self-assessment through the test client: a team fills in the six areas and its
actions, a lead reviews it, the next round starts from it with the movement per area and the
open actions carried; bad input is refused with a GOV.UK error and what was typed kept; a stale
form changes nothing; every change is a version with a difference; other teams and councils
see nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from ioi_planner.models import Role
from ioi_planner.versioning import Stale
from readiness import assessment_services as services
from readiness.areas import AREAS, SECTIONS
from readiness.assessment_selectors import actions_due_soon
from readiness.models import Action, Assessment, AssessmentStatus, AssessmentVersion
from tests.factories import MembershipFactory
from theory_of_change.history.compare import compare_sections
from theory_of_change.models import Plan

pytestmark = pytest.mark.django_db


def url(name, assessment=None, **kwargs):
    if assessment is not None:
        kwargs["assessment_id"] = assessment.pk
    return reverse(f"readiness:{name}", kwargs=kwargs)


def fill(assessment, user, rating="partly"):
    for guide in AREAS:
        services.area_save(
            assessment=assessment,
            version=assessment.version,
            user=user,
            area=guide.slug,
            rating=rating,
            challenges=f"Challenge in {guide.slug}",
            response="",
        )


@pytest.fixture
def assessment(alice, team):
    return services.assessment_start(user=alice, team=team)


def test_a_whole_round_is_filled_in_sent_reviewed_and_repeated(client, alice, lena, team):
    client.force_login(alice)
    response = client.post(url("assessment_start", team_id=team.pk))
    assessment = Assessment.objects.get()
    assert response.url == url("assessment_area", assessment, area="leadership")
    # Each area saves and goes on to the next, then to the actions.
    for index, guide in enumerate(AREAS):
        response = client.post(
            url("assessment_area", assessment, area=guide.slug),
            {
                "version": Assessment.objects.get().version,
                "rating": "not-yet" if index == 0 else "partly",
                "challenges": f"Our {guide.slug} challenge",
                "response": "A plan around it",
            },
        )
        following = AREAS[index + 1].slug if index + 1 < len(AREAS) else None
        assert response.url == (
            url("assessment_area", assessment, area=following)
            if following
            else url("assessment_actions", assessment)
        )
    due = timezone.localdate() + datetime.timedelta(days=10)
    response = client.post(
        url("action_add", assessment),
        {
            "version": Assessment.objects.get().version,
            "text": "Brief the housing team",
            "area": "leadership",
            "owner": alice.pk,
            "due_0": due.day,
            "due_1": due.month,
            "due_2": due.year,
        },
    )
    assert response.url == url("assessment_actions", assessment)
    action = Action.objects.get()
    assert (action.owner, action.due) == (alice, due)
    # The action is on its owner's dashboard.
    assert "Brief the housing team" in client.get("/").content.decode()
    response = client.post(
        url("assessment_submit", assessment), {"version": Assessment.objects.get().version}
    )
    assert Assessment.objects.get().status == AssessmentStatus.SUBMITTED
    # An officer cannot review; a lead of the team can, and it is on their dashboard.
    assert client.get(url("assessment_review", assessment)).status_code == 404
    client.force_login(lena)
    assert "Integration: round 1" in client.get("/").content.decode()
    response = client.post(
        url("assessment_review", assessment),
        {
            "version": Assessment.objects.get().version,
            "decision": "reviewed",
            "comment": "A fair picture",
        },
    )
    assessment.refresh_from_db()
    assert (assessment.status, assessment.reviewed_by) == (AssessmentStatus.REVIEWED, lena)
    # The next round starts from this one: answers as they were, the open action carried.
    client.force_login(alice)
    client.post(url("assessment_start", team_id=team.pk))
    second = Assessment.objects.get(round=2)
    assert second.previous == assessment
    carried = second.actions.get()
    assert (carried.text, carried.carried_from) == ("Brief the housing team", action)
    services.area_save(
        assessment=second,
        version=second.version,
        user=alice,
        area="leadership",
        rating="established",
        challenges="",
        response="",
    )
    page = client.get(url("assessment_detail", second)).content.decode()
    assert "Movement since the last round" in page
    assert "Moved up since the last round (was: Not yet in place)" in page
    # Only the latest round's open actions are on the dashboard: the carried one, once.
    assert list(actions_due_soon(alice)) == [carried]


def test_an_assessment_is_sent_only_when_every_area_is_rated(assessment, alice):
    with pytest.raises(ValidationError, match="Say where the team stands on leadership"):
        services.assessment_submit(assessment=assessment, version=assessment.version, user=alice)
    assert Assessment.objects.get().status == AssessmentStatus.DRAFT


def test_a_round_cannot_start_while_the_last_is_not_reviewed(client, assessment, alice, team):
    client.force_login(alice)
    response = client.post(url("assessment_start", team_id=team.pk))
    assert response.status_code == 400
    assert "already has an assessment in progress" in response.content.decode()
    assert Assessment.objects.count() == 1


def test_bad_input_is_refused_with_what_was_typed_kept(client, assessment, alice, bob):
    client.force_login(alice)
    response = client.post(
        url("assessment_area", assessment, area="data"),
        {"version": assessment.version, "challenges": "Typed but no rating"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Select where the team stands" in page
    assert "Typed but no rating" in page
    response = client.post(
        url("action_add", assessment),
        {
            "version": assessment.version,
            "text": "Set up a data log",
            "area": "data",
            "owner": bob.pk,  # in another team
            "due_0": "31",
            "due_1": "2",
            "due_2": "2027",  # no such date
        },
    )
    page = response.content.decode()
    assert "Choose someone in the team" in page
    assert "Enter the date it is due as a real date" in page
    assert "Set up a data log" in page
    assert not Action.objects.exists()
    assert AssessmentVersion.objects.count() == 1  # only its start


def test_an_owner_outside_the_team_is_refused_by_the_service(assessment, alice, bob):
    with pytest.raises(ValidationError, match="Choose someone in Integration"):
        services.action_save(
            assessment=assessment,
            version=assessment.version,
            user=alice,
            action=None,
            area="data",
            text="Set up a data log",
            owner=bob,
            due=datetime.date(2027, 1, 1),
        )
    assert not Action.objects.exists()


def test_a_stale_form_changes_nothing_and_keeps_what_was_typed(client, assessment, alice, carol):
    opened = assessment.version
    services.area_save(
        assessment=assessment,
        version=opened,
        user=carol,
        area="data",
        rating="established",
        challenges="Carol's words",
        response="",
    )
    client.force_login(alice)
    response = client.post(
        url("assessment_area", assessment, area="data"),
        {"version": opened, "rating": "not-yet", "challenges": "Alice's words"},
    )
    page = response.content.decode()
    assert "This assessment was changed" in page
    assert "Alice&#x27;s words" in page or "Alice's words" in page
    assert assessment.answers.get(area="data").challenges == "Carol's words"
    with pytest.raises(Stale):
        services.area_save(
            assessment=assessment,
            version=opened,
            user=alice,
            area="data",
            rating="not-yet",
            challenges="",
            response="",
        )


def test_every_change_is_a_version_and_the_difference_shows_it(client, assessment, alice):
    fill(assessment, alice)
    services.area_save(
        assessment=assessment,
        version=assessment.version,
        user=alice,
        area="resources",
        rating="established",
        challenges="No budget for evaluation this year",
        response="",
    )
    versions = list(AssessmentVersion.objects.order_by("number").values_list("number", flat=True))
    assert versions == list(range(1, assessment.version + 1))
    last, before = AssessmentVersion.objects.order_by("-number")[:2]
    differences = compare_sections(before.snapshot, last.snapshot, SECTIONS)
    assert [d.title for d in differences] == ["Resources, including time"]
    assert {(a.label, a.old, a.new) for a in differences[0].answers} == {
        ("Where the team stands", "Partly in place", "Established"),
        ("Challenges", "Challenge in resources", "No budget for evaluation this year"),
    }
    client.force_login(alice)
    page = client.get(url("assessment_history", assessment)).content.decode()
    assert "Changed the answers" in page
    page = client.get(
        url("assessment_history_compare", assessment) + f"?from={before.number}&to={last.number}"
    ).content.decode()
    assert "Resources, including time" in page
    assert "No budget for evaluation this year" in page


def test_a_lead_links_an_action_to_a_plan_of_the_team(client, assessment, alice, lena, team):
    action = services.action_save(
        assessment=assessment,
        version=assessment.version,
        user=alice,
        action=None,
        area="data",
        text="Set up data collection",
        owner=alice,
        due=datetime.date(2027, 1, 1),
    )
    plan = Plan.objects.create(
        team=team, owner=alice, title="Friendship club", shared_with_team=True
    )
    client.force_login(alice)
    assert client.get(url("action_plan", assessment, action_id=action.pk)).status_code == 404
    client.force_login(lena)
    client.post(
        url("action_plan", assessment, action_id=action.pk),
        {"version": Assessment.objects.get().version, "plan": plan.pk},
    )
    action.refresh_from_db()
    assert action.plan == plan


def test_an_action_is_marked_done_and_leaves_the_dashboard(client, assessment, alice):
    action = services.action_save(
        assessment=assessment,
        version=assessment.version,
        user=alice,
        action=None,
        area="data",
        text="Set up data collection",
        owner=alice,
        due=timezone.localdate() - datetime.timedelta(days=1),
    )
    client.force_login(alice)
    assert "Overdue" in client.get("/").content.decode()
    client.post(
        url("action_done", assessment, action_id=action.pk),
        {"version": Assessment.objects.get().version, "done": "1", "next": "dashboard"},
    )
    action.refresh_from_db()
    assert action.done_on == timezone.localdate()
    assert list(actions_due_soon(alice)) == []


def test_only_the_team_sees_its_assessment_and_leads_see_the_council(
    client, assessment, alice, bob, charlie, lena, other_team
):
    for outsider in (bob, charlie):
        client.force_login(outsider)
        assert client.get(url("assessment_detail", assessment)).status_code == 404
        assert client.get(url("assessment_history", assessment)).status_code == 404
    client.force_login(alice)
    assert client.get(url("council_overview")).status_code == 404  # not a lead
    # A lead of another team of the council sees the ratings side by side, not the text.
    housing_lead = MembershipFactory(team=other_team, role=Role.TEAM_LEAD).user
    fill(assessment, alice, rating="established")
    client.force_login(housing_lead)
    page = client.get(url("council_overview")).content.decode()
    assert "Round 1, Draft" in page
    assert "Established" in page
    assert "Challenge in data" not in page
    assert assessment.get_absolute_url() not in page
    assert client.get(url("assessment_detail", assessment)).status_code == 404
    beta_lead = MembershipFactory(team=charlie.memberships.get().team, role=Role.TEAM_LEAD).user
    client.force_login(beta_lead)
    page = client.get(url("council_overview")).content.decode()
    assert "No team of your council has assessed its readiness yet" in page
    assert "Round 1" not in page


def test_a_submitted_assessment_cannot_be_changed(client, assessment, alice):
    fill(assessment, alice)
    services.assessment_submit(assessment=assessment, version=assessment.version, user=alice)
    client.force_login(alice)
    response = client.post(
        url("assessment_area", assessment, area="data"),
        {"version": Assessment.objects.get().version, "rating": "not-yet"},
    )
    assert response.status_code == 302
    assert assessment.answers.get(area="data").rating == "partly"


def test_asking_for_changes_needs_a_comment(client, assessment, alice, lena):
    fill(assessment, alice)
    services.assessment_submit(assessment=assessment, version=assessment.version, user=alice)
    client.force_login(lena)
    response = client.post(
        url("assessment_review", assessment),
        {"version": Assessment.objects.get().version, "decision": "changes", "comment": ""},
    )
    assert "Say what the team should change" in response.content.decode()
    assert Assessment.objects.get().status == AssessmentStatus.SUBMITTED
    client.post(
        url("assessment_review", assessment),
        {
            "version": Assessment.objects.get().version,
            "decision": "changes",
            "comment": "Be more specific on data",
        },
    )
    client.force_login(alice)
    page = client.get(url("assessment_detail", assessment)).content.decode()
    assert "Be more specific on data" in page
    assert Assessment.objects.get().status == AssessmentStatus.CHANGES_REQUESTED


def test_a_person_s_actions_and_changes_are_in_their_data_and_go_to_their_successor(
    assessment, alice, carol, bob
):
    from ioi_planner.leavers import Handover, person_deactivate
    from privacy.personal_data import personal_data

    action = services.action_save(
        assessment=assessment,
        version=assessment.version,
        user=alice,
        action=None,
        area="data",
        text="Set up data collection",
        owner=alice,
        due=datetime.date(2027, 1, 1),
    )
    data = personal_data(alice)
    assert [a["action"] for a in data["readiness_actions"]] == ["Set up data collection"]
    assert [c["action"] for c in data["readiness_changes"]] == ["create", "action-add"]
    person_deactivate(person=alice, handover=Handover(successor=carol), request=None)
    action.refresh_from_db()
    assert action.owner == carol
    # A successor outside the action's team does not get it: it waits for a new owner.
    person_deactivate(person=carol, handover=Handover(successor=bob), request=None)
    action.refresh_from_db()
    assert action.owner is None


def test_seed_demo_gives_the_demo_team_a_reviewed_round_once(settings):
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")  # idempotent
    (assessment,) = Assessment.objects.all()
    assert assessment.status == AssessmentStatus.REVIEWED
    assert assessment.team.name == "Communities and Integration"
    (action,) = actions_due_soon(assessment.actions.get().owner)
    assert action.owner.email == "officer@demo.example"


def test_the_assessment_downloads_as_a_tagged_pdf_kept_per_version(client, assessment, alice, bob):
    from io import BytesIO

    import pypdf

    from ioi_planner.models import Job

    fill(assessment, alice, rating="established")
    services.action_save(
        assessment=assessment,
        version=assessment.version,
        user=alice,
        action=None,
        area="data",
        text="Set up a data log",
        owner=alice,
        due=datetime.date(2027, 1, 31),
    )
    client.force_login(alice)
    response = client.get(url("assessment_pdf", assessment))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="readiness-integration-round-1.pdf"' in response["Content-Disposition"]
    reader = pypdf.PdfReader(BytesIO(response.getvalue()))
    assert reader.metadata.title == "Readiness self-assessment: Integration, round 1"
    root = reader.trailer["/Root"]
    assert str(root["/Lang"]).lower() == "en-gb"
    assert "/StructTreeRoot" in root
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for shown in ("Leadership and coordination", "Established", "Set up a data log"):
        assert shown in text, shown
    # Built once for this version: asked again, the same file; after a change, a new one.
    client.get(url("assessment_pdf", assessment))
    assert Job.objects.filter(kind="readiness-pdf").count() == 1
    services.area_save(
        assessment=assessment,
        version=assessment.version,
        user=alice,
        area="data",
        rating="partly",
        challenges="",
        response="",
    )
    client.get(url("assessment_pdf", assessment))
    assert Job.objects.filter(kind="readiness-pdf").count() == 1  # the older one removed
    # Another team's member finds nothing.
    client.force_login(bob)
    assert client.get(url("assessment_pdf", assessment)).status_code == 404
