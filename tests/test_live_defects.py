"""Regression tests for the defects a security and robustness pass found (issue 12), one or
more per reproduction, each failing without its fix."""

import io
import logging
import re
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from domains.models import Domain, Indicator, Provenance
from evaluation.models import Measurement
from ioi_planner.models import Membership, Role
from theory_of_change import versioning
from theory_of_change.models import Notification, Outcome, Plan, PlanStatus, ReviewComment
from theory_of_change.review import selectors as review_selectors
from theory_of_change.review import services as review_services
from theory_of_change.wizard import part_services
from theory_of_change.wizard import selectors as wizard_selectors
from theory_of_change.wizard import services as wizard_services
from toolkit_import.generator import WorkbookSpec, build_workbook, toolkit_rows
from toolkit_import.reader import WorkbookError, check_file, find_layout, open_workbook, read_rows
from toolkit_import.selectors import domain_lookup

from .factories import MembershipFactory, TeamFactory, measurement_group, sign_in_with_two_factor

pytestmark = pytest.mark.django_db


# -- 0. People who leave keep reading plans ----------------------------------------------------


@pytest.fixture
def plan(team, alice, carol, lena):
    plan = Plan.objects.create(
        team=team, owner=alice, title="Friendship club", shared_with_team=True
    )
    plan.collaborators.add(carol)
    outcome = Outcome.objects.create(plan=plan, text="Neighbours meet")
    indicator = Domain.objects.get(number=9).indicators.first()
    outcome.indicators.add(indicator)
    Measurement.objects.create(
        plan=plan,
        indicator=indicator,
        group=measurement_group(plan),
        kind="baseline",
        measured_on="2026-04-01",
        value=20,
        source="Café survey",
    )
    ReviewComment.objects.create(plan=plan, section="domains", author=lena, text="Why these?")
    versioning.plan_version_record(plan=plan, user=alice, section="plan", action="create")
    wizard_services.plan_update(plan=plan, version=plan.version, user=alice, problem="Few places")
    return plan


def plan_pages(plan) -> list[str]:
    kwargs = {"plan_id": plan.pk}
    return [
        reverse("theory_of_change:plan_detail", kwargs=kwargs),
        reverse("theory_of_change:plan_history", kwargs=kwargs),
        reverse("theory_of_change:plan_history_compare", kwargs=kwargs) + "?from=1&to=2",
        reverse("theory_of_change:plan_review", kwargs=kwargs),
        reverse("evaluation:evaluation_detail", kwargs=kwargs),
        reverse("evaluation:evaluation_pdf", kwargs=kwargs),
        reverse("evaluation:evaluation_xlsx", kwargs=kwargs),
        reverse("evaluation:measurement_list", kwargs=kwargs),
    ]


def move(user, team=None):
    """Take the user out of every team, and into `team` if given (as an admin would)."""
    Membership.objects.filter(user=user).delete()
    if team is not None:
        Membership.objects.create(user=user, team=team)
    user.refresh_from_db()


@pytest.mark.parametrize(
    ("who", "where"),
    [
        ("alice", "beta_team"),  # the owner, moved to another council
        ("alice", None),  # the owner, left the council
        ("carol", "other_team"),  # a collaborator, moved to another team
        ("carol", "beta_team"),  # a collaborator, moved to another council
        ("lena", "other_team"),  # the team lead, moved to another team
    ],
)
def test_people_who_leave_the_plans_team_lose_it_on_their_next_request(
    client, request, plan, who, where
):
    user = request.getfixturevalue(who)
    client.force_login(user)
    assert client.get(plan_pages(plan)[0]).status_code == 200
    move(user, request.getfixturevalue(where) if where else None)
    for path in plan_pages(plan):
        assert client.get(path).status_code == 404, path
    listing = client.get(reverse("theory_of_change:plan_list"))
    assert plan.title not in listing.text


def test_leavers_hear_no_more_of_the_plan_not_even_its_title(plan, alice, carol, lena, beta_team):
    review_services.plan_transition(plan=plan, user=alice, slug="submit", version=plan.version)
    review_services.plan_transition(
        plan=plan, user=lena, slug="request-changes", version=plan.version, comment="Targets"
    )
    assert review_selectors.notifications_of(alice)
    move(alice, beta_team)
    assert review_selectors.notifications_of(alice) == []
    assert review_selectors.unread_notification_count(alice) == 0
    # Nor are they told when the plan is next decided on; those still in the team are.
    review_services.plan_transition(plan=plan, user=carol, slug="resubmit", version=plan.version)
    review_services.plan_transition(plan=plan, user=lena, slug="approve", version=plan.version)
    assert not Notification.objects.filter(user=alice, kind="approved").exists()
    assert Notification.objects.filter(user=carol, kind="approved").exists()


def test_a_person_belongs_to_one_council(alice, beta_team, other_team):
    # Another team of the same council is fine.
    Membership.objects.create(user=alice, team=other_team)
    with pytest.raises(ValidationError, match="belongs to one council"):
        Membership.objects.create(user=alice, team=beta_team)
    assert not Membership.objects.filter(user=alice, team=beta_team).exists()
    alice.refresh_from_db()
    assert alice.organisation == other_team.organisation


def test_a_person_moved_to_another_council_belongs_to_it(alice, beta_team):
    move(alice, beta_team)
    assert alice.organisation == beta_team.organisation


def test_the_migration_names_people_in_two_councils_rather_than_guessing():
    from importlib import import_module

    migration = import_module("ioi_planner.migrations.0002_user_organisation")

    class Rows:
        @staticmethod
        def values_list(*fields):
            return [
                ("pat@a.example", "Alpha"),
                ("pat@a.example", "Beta"),
                ("sam@a.example", "Alpha"),
                ("sam@a.example", "Alpha"),
            ]

    class MembershipModel:
        objects = Rows()

    assert migration.people_in_several_councils(MembershipModel) == {
        "pat@a.example": ["Alpha", "Beta"]
    }


def test_council_indicators_are_offered_only_on_that_councils_plans(plan, alice, beta):
    theirs = Indicator.objects.create(
        domain=Domain.objects.get(number=9),
        code="council-beta-1",
        wording="% at Beta's own café",
        provenance=Provenance.COUNCIL,
        organisation=beta,
    )
    ours = Indicator.objects.create(
        domain=Domain.objects.get(number=9),
        code="council-alpha-1",
        wording="% at Alpha's own café",
        provenance=Provenance.COUNCIL,
        organisation=plan.team.organisation,
    )
    plan.domains.add(Domain.objects.get(number=9))
    outcome = plan.outcomes.get()
    choices = wizard_selectors.indicator_choices(
        user=alice, plan=plan, outcome=outcome, query="café"
    )
    offered = {i.pk for i in choices.suggested + choices.found}
    assert ours.pk in offered
    assert theirs.pk not in offered
    with pytest.raises(ValidationError):
        part_services.outcome_set_indicators(
            plan=plan, version=plan.version, user=alice, outcome=outcome, indicators=[theirs]
        )


# -- 1. A control character breaks the workbook export -----------------------------------------


def test_control_characters_saved_earlier_do_not_break_the_exports(client, plan, alice):
    # (No NUL: PostgreSQL cannot store one in text, so no saved plan can hold it.)
    Plan.objects.filter(pk=plan.pk).update(problem="Isolation\x0bafter arrival\x01")
    Outcome.objects.filter(plan=plan).update(text="Neighbours\x1b meet\x0c")
    client.force_login(alice)
    kwargs = {"plan_id": plan.pk}
    workbook = client.get(reverse("evaluation:evaluation_xlsx", kwargs=kwargs))
    assert workbook.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(workbook.getvalue())).active
    texts = [str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value]
    assert any("Neighbours meet" in text for text in texts)
    assert not any(re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", text) for text in texts)
    assert client.get(reverse("evaluation:evaluation_pdf", kwargs=kwargs)).status_code == 200
    page = client.get(reverse("theory_of_change:plan_detail", kwargs=kwargs))
    assert page.status_code == 200
    svg = re.search(r"<svg.*?</svg>", page.text, re.S).group(0)
    assert "\x1b" not in svg


def test_control_characters_typed_are_taken_out_and_line_breaks_kept(client, plan, alice):
    client.force_login(alice)
    response = client.post(
        reverse(
            "theory_of_change:plan_step", kwargs={"plan_id": plan.pk, "slug": "problem-and-impact"}
        ),
        {
            "problem": "Isolation\x0bafter\x1b arrival\r\nand more",
            "impact": "Belonging\u200b",
            "version": plan.version,
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.problem == "Isolation\nafter arrival\nand more"


def test_text_of_only_invisible_characters_counts_as_empty(client, plan, alice):
    client.force_login(alice)
    response = client.post(
        reverse("theory_of_change:item_add", kwargs={"plan_id": plan.pk, "kind": "barriers"}),
        {"text": "\u200b\u200d\ufeff \u2060", "version": plan.version},
    )
    assert response.status_code == 200
    assert "Enter" in response.text
    assert not plan.barriers.exists()


# -- 2. A newline in a plan title: 500 after a committed status change -------------------------


def test_a_title_with_a_line_break_is_refused_with_a_clear_error(client, plan, alice):
    client.force_login(alice)
    response = client.post(
        reverse("theory_of_change:plan_step", kwargs={"plan_id": plan.pk, "slug": "plan"}),
        {
            "title": "Title line one\r\nBcc: someone@example.com",
            "place": "Ashby",
            "intervention_kind": "new",
            "audience": "Newcomers",
            "version": plan.version,
        },
    )
    assert response.status_code == 200
    assert "must be on one line" in response.text
    assert "Title line one" in response.text  # what was typed is kept
    plan.refresh_from_db()
    assert plan.title == "Friendship club"


def test_a_title_saved_with_a_line_break_still_submits_and_emails_one_header(
    client, plan, alice, lena, smtp_server, django_capture_on_commit_callbacks
):
    Plan.objects.filter(pk=plan.pk).update(title="Title line one\r\nBcc: someone@example.com")
    plan.refresh_from_db()
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse(
                "theory_of_change:plan_transition", kwargs={"plan_id": plan.pk, "slug": "submit"}
            ),
            {"submit-version": plan.version},
        )
    assert response.status_code == 302
    assert [message["To"] for message in smtp_server] == [lena.email]
    subject = smtp_server[0]["Subject"]
    assert "\n" not in subject
    assert "\r" not in subject
    assert subject == "IOI Planner: Title line one Bcc: someone@example.com"
    assert smtp_server[0]["Bcc"] is None
    notification = Notification.objects.get(user=lena)
    assert notification.emailed_at is not None
    assert notification.email_error == ""


def test_a_mail_server_that_is_down_never_turns_a_saved_decision_into_an_error(
    client, plan, alice, lena, closed_smtp_port, django_capture_on_commit_callbacks, caplog
):
    client.force_login(alice)
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse(
                "theory_of_change:plan_transition", kwargs={"plan_id": plan.pk, "slug": "submit"}
            ),
            {"submit-version": plan.version},
        )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    notification = Notification.objects.get(user=lena)
    assert notification.emailed_at is None
    assert "ConnectionRefusedError" in notification.email_error
    assert "Could not send an email" in caplog.text


# -- 3. and 4. Numbers and dates out of range --------------------------------------------------


@pytest.mark.parametrize(
    ("url", "data"),
    [
        (
            "evaluation:measurement_add",
            {
                "measured_on_0": "99999999999999999999",
                "measured_on_1": "1",
                "measured_on_2": "2026",
            },
        ),
        (
            "evaluation:measurement_add",
            {"measured_on_0": "1", "measured_on_1": "1", "measured_on_2": "9" * 5000},
        ),
        (
            "evaluation:target_set",
            {"value": "60", "due_on_0": "1", "due_on_1": "1", "due_on_2": "99999999999999999999"},
        ),
    ],
)
def test_a_huge_number_in_a_date_is_a_form_error(client, plan, alice, url, data):
    client.force_login(alice)
    indicator = plan.outcomes.get().indicators.get()
    kwargs = {"plan_id": plan.pk}
    if url == "evaluation:target_set":
        kwargs["indicator_id"] = indicator.pk
    posted = {
        "indicator": indicator.pk,
        "group": "newcomers",
        "kind": "baseline",
        "value": "20",
        "source": "Survey",
        "version": plan.version,
        **data,
    }
    response = client.post(reverse(url, kwargs=kwargs), posted)
    assert response.status_code == 200
    assert "real date" in response.text


def test_a_huge_date_in_the_outcome_evaluation_is_a_form_error(client, plan, alice):
    client.force_login(alice)
    outcome = plan.outcomes.get()
    client.get(reverse("evaluation:evaluation_detail", kwargs={"plan_id": plan.pk}))
    plan.refresh_from_db()
    response = client.post(
        reverse("evaluation:outcome_edit", kwargs={"plan_id": plan.pk, "outcome_id": outcome.pk}),
        {
            "version": plan.version,
            "samples-TOTAL_FORMS": "0",
            "samples-INITIAL_FORMS": "0",
            "start_date_0": "1",
            "start_date_1": "1",
            "start_date_2": "99999999999999999999",
        },
    )
    assert response.status_code == 200
    assert "real date" in response.text


@pytest.mark.parametrize("version", [str(10**23), "-1", "1e309", "nan"])
def test_a_version_out_of_range_is_refused_as_stale(client, plan, alice, version):
    client.force_login(alice)
    outcome = plan.outcomes.get()
    step = client.post(
        reverse(
            "theory_of_change:plan_step", kwargs={"plan_id": plan.pk, "slug": "problem-and-impact"}
        ),
        {"problem": "Few places", "impact": "Belonging", "version": version},
    )
    assert step.status_code == 200
    assert "nothing was saved" in step.text
    move = client.post(
        reverse(
            "theory_of_change:item_move",
            kwargs={"plan_id": plan.pk, "kind": "outcomes", "item_id": outcome.pk},
        ),
        {"direction": "down", "version": version},
    )
    assert move.status_code in (200, 302)


# -- 5. and 6. Workbooks that lie about their size ---------------------------------------------


def rewrite(data: bytes, member: str, change) -> bytes:
    """The workbook with one of its parts changed by `change` (bytes -> bytes); a part it does
    not have is added, made by `change(b"")`."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == member:
                content = change(content)
            target.writestr(item, content)
        if member not in source.namelist():
            target.writestr(member, change(b""))
    return out.getvalue()


def test_a_sheet_that_understates_its_size_is_read_to_its_real_end():
    data = build_workbook(WorkbookSpec(rows=toolkit_rows(40)))
    understated = rewrite(
        data,
        "xl/worksheets/sheet1.xml",
        lambda xml: re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:J10"', xml),
    )
    assert understated != data
    counts = []
    for workbook_bytes in (data, understated):
        workbook = open_workbook(workbook_bytes)
        result = read_rows(workbook, find_layout(workbook), domain_lookup())
        counts.append(len(result.rows) + len(result.problems))
    assert counts[0] == counts[1] >= 40


SST = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def shared_strings_workbook(items: bytes) -> bytes:
    data = build_workbook(WorkbookSpec(rows=toolkit_rows(2)))
    return rewrite(data, "xl/sharedStrings.xml", lambda _xml: SST + items + b"</sst>")


def test_a_workbook_with_too_many_shared_strings_is_refused_naming_the_limit(settings):
    settings.TOOLKIT_IMPORT_MAX_SHARED_STRINGS = 5_000
    check_file(shared_strings_workbook(b"<si><t/></si>" * 1_000))
    with pytest.raises(WorkbookError, match="more than 5,000 different pieces of text"):
        check_file(shared_strings_workbook(b"<si><t/></si>" * 6_000))


def test_the_shared_string_refusal_stops_early_on_a_huge_count(settings):
    """Two million empty strings (a few kB zipped): refused at the default limit of half a
    million without reading them all into memory."""
    with pytest.raises(WorkbookError, match="500,000"):
        check_file(shared_strings_workbook(b"<si><t/></si>" * 2_000_000))


def test_a_workbook_with_too_much_shared_text_is_refused(settings):
    settings.TOOLKIT_IMPORT_MAX_SHARED_STRING_CHARACTERS = 1_000
    big = shared_strings_workbook(b"<si><t>" + b"x" * 2000 + b"</t></si>")
    with pytest.raises(WorkbookError, match="1,000 characters"):
        check_file(big)


# -- 7. Minor ----------------------------------------------------------------------------------


def test_a_macro_enabled_workbook_is_refused_with_what_to_do(client, admin_user):
    data = build_workbook(WorkbookSpec(rows=toolkit_rows(2)))
    xlsm = rewrite(
        data,
        "[Content_Types].xml",
        lambda xml: xml.replace(
            b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
        ),
    )
    assert xlsm != data
    sign_in_with_two_factor(client, admin_user)
    response = client.post(
        reverse("toolkit_import:import_upload"),
        {"workbook": SimpleUploadedFile("toolkit.xlsm", xlsm)},
    )
    assert response.status_code == 200
    assert "contains macros" in response.text


def test_a_very_long_upload_file_name_gets_a_govuk_page(client, admin_user):
    """Django refuses a file part whose headers are over 1 kB (a 1,000-character file name)
    with a 400 of its own: it is the GOV.UK page, saying what to do."""
    sign_in_with_two_factor(client, admin_user)
    data = build_workbook(WorkbookSpec(rows=toolkit_rows(2)))
    boundary = "BoUnDaRy"
    body = (
        (
            f"--{boundary}\r\n"
            f'Content-Disposition: form-data; name="workbook"; filename="{"t" * 1000}.xlsx"\r\n'
            "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n"
            "\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    response = client.generic(
        "POST",
        reverse("toolkit_import:import_upload"),
        body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert response.status_code == 400
    assert "Sorry, there is a problem with what was sent" in response.text
    assert "shorter, simpler name" in response.text
    assert 'class="govuk-header' in response.text


def test_django_own_400_and_413_pages_are_govuk_pages(client, settings, alice):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    client.force_login(alice)
    response = client.post(
        reverse("theory_of_change:plan_create"), {f"f{n}": "x" for n in range(10)}
    )
    assert response.status_code == 413
    assert "What you sent is too large" in response.text
    assert 'class="govuk-header' in response.text


def test_an_empty_405_gets_the_govuk_page(client, alice, plan):
    client.force_login(alice)
    outcome = plan.outcomes.get()
    response = client.get(
        reverse(
            "theory_of_change:item_move",
            kwargs={"plan_id": plan.pk, "kind": "outcomes", "item_id": outcome.pk},
        )
    )
    assert response.status_code == 405
    assert "This page cannot be opened directly" in response.text
    assert response.headers["Allow"] == "POST"


def test_other_councils_team_is_not_a_place_for_a_person(alice, beta):
    team = TeamFactory(organisation=beta)
    with pytest.raises(ValidationError):
        MembershipFactory(team=team, user=alice, role=Role.OFFICER)
