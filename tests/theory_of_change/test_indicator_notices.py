"""When a toolkit update changes or retires an indicator a plan uses, the plan's people are told:
in the service and by email (a real SMTP server on loopback), once the import is committed; and
a retired indicator is marked in words wherever the plan shows it."""

import datetime
import html
from io import BytesIO

import openpyxl
import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone

from domains.models import RETIRED_MARK, REWORDED_MARK_DAYS, Indicator, IndicatorStatus
from tests.factories import MembershipFactory
from tests.toolkit_import.helpers import GOLDEN_ROWS, workbook
from theory_of_change.models import Notification, NotificationKind, Outcome, Plan, PlanStatus
from theory_of_change.review.indicator_notices import plans_told_of_revised_indicators
from toolkit_import.services import (
    import_apply,
    import_preview,
    import_upload,
    toolkit_file_import,
)

pytestmark = pytest.mark.django_db

QUALIFICATIONS = "% of adults with qualifications recognised"
ESOL = "% regularly attending ESOL classes or equivalent adult English language learning"


@pytest.fixture
def first_import():
    """The golden workbook imported once, so a second import can change its indicators."""
    toolkit_file_import(data=workbook(), file_name="toolkit.xlsx")


def plan_using(team, owner, *wordings, title="Friendship club", **fields) -> Plan:
    plan = Plan.objects.create(team=team, owner=owner, title=title, **fields)
    outcome = Outcome.objects.create(plan=plan, text="Newcomers find work they trained for")
    outcome.indicators.add(*Indicator.objects.filter(wording__in=wordings))
    return plan


def test_the_owner_and_collaborators_still_in_the_team_are_told_in_the_service_and_by_email(
    first_import,
    team,
    other_team,
    alice,
    carol,
    bob,
    smtp_server,
    django_capture_on_commit_callbacks,
):
    plan = plan_using(team, alice, QUALIFICATIONS, ESOL)
    left = MembershipFactory(team=team, user__email="fred@alpha.example").user
    plan.collaborators.add(carol, left)
    left.memberships.all().delete()
    untouched = plan_using(other_team, bob, ESOL, title="Conversation café")
    archived = plan_using(team, alice, QUALIFICATIONS, title="Old plan", status=PlanStatus.ARCHIVED)
    rows = [list(r) for r in GOLDEN_ROWS]
    rows[2][2] = "% of adults with their qualifications recognised"

    with django_capture_on_commit_callbacks(execute=True):
        toolkit_file_import(data=workbook(rows), file_name="toolkit-2027.xlsx")

    notices = Notification.objects.filter(kind=NotificationKind.INDICATORS)
    assert sorted(notices.values_list("user__email", "plan__title")) == [
        (alice.email, "Friendship club"),
        (carol.email, "Friendship club"),
    ], "not the one who left, not another plan's people, not an archived plan"
    message = notices.first().message
    assert "The toolkit update “toolkit-2027.xlsx” of " in message
    assert "“Friendship club”" in message
    assert "“% of adults with their qualifications recognised”" in message
    assert "has new wording" in message
    assert "ESOL" not in message, "an indicator the update left alone is not named"
    assert not untouched.notifications.exists()
    assert not archived.notifications.exists()

    assert sorted(m["To"] for m in smtp_server) == sorted([alice.email, carol.email])
    body = smtp_server[0].get_payload(decode=True).decode()
    assert message in body
    assert f"/plans/{plan.pk}/" in body
    assert set(notices.values_list("email_error", flat=True)) == {""}
    assert all(notices.values_list("emailed_at", flat=True))


def test_a_retired_indicator_is_named_as_retired_and_the_notice_links_to_the_plan(
    first_import, team, alice, client, django_capture_on_commit_callbacks
):
    plan_using(team, alice, QUALIFICATIONS)
    rows = [r for r in GOLDEN_ROWS if r[2] != QUALIFICATIONS]

    with django_capture_on_commit_callbacks(execute=True):
        toolkit_file_import(data=workbook(rows), file_name="toolkit.xlsx")

    assert Indicator.objects.get(wording=QUALIFICATIONS).status == IndicatorStatus.RETIRED
    notice = Notification.objects.get(user=alice, kind=NotificationKind.INDICATORS)
    assert f"“{QUALIFICATIONS}”" in notice.message
    assert "was retired" in notice.message
    client.force_login(alice)
    page = client.get("/notifications/").content.decode()
    assert f'href="/plans/{notice.plan_id}/"' in page
    assert "The plan Friendship club" in page


def test_an_import_that_changes_nothing_a_plan_uses_tells_no_one(
    first_import, team, alice, django_capture_on_commit_callbacks
):
    plan_using(team, alice, QUALIFICATIONS, ESOL)

    with django_capture_on_commit_callbacks(execute=True):
        toolkit_file_import(data=workbook(), file_name="toolkit.xlsx")

    assert not Notification.objects.exists()


def test_nothing_is_told_of_an_import_that_was_only_previewed(
    first_import, team, alice, django_capture_on_commit_callbacks
):
    plan_using(team, alice, QUALIFICATIONS)
    rows = [r for r in GOLDEN_ROWS if r[2] != QUALIFICATIONS]

    with django_capture_on_commit_callbacks(execute=True):
        toolkit_file_import(data=workbook(rows), file_name="toolkit.xlsx", dry_run=True)

    assert not Notification.objects.exists()


def test_an_import_applied_through_the_pages_tells_them_too(
    first_import, team, alice, admin_user, django_capture_on_commit_callbacks
):
    plan_using(team, alice, QUALIFICATIONS)
    rows = [r for r in GOLDEN_ROWS if r[2] != QUALIFICATIONS]
    record = import_upload(user=admin_user, file_name="update.xlsx", data=workbook(rows))
    import_preview(record=record, mapping=record.column_mapping)
    assert not Notification.objects.exists(), "a preview tells no one"

    with django_capture_on_commit_callbacks(execute=True):
        import_apply(import_id=record.pk, user=admin_user)

    notice = Notification.objects.get(user=alice, kind=NotificationKind.INDICATORS)
    assert "“update.xlsx”" in notice.message


def test_a_retired_indicator_is_marked_in_words_wherever_the_plan_shows_it(
    first_import, team, alice, client
):
    plan = plan_using(team, alice, QUALIFICATIONS, ESOL)
    rows = [r for r in GOLDEN_ROWS if r[2] != QUALIFICATIONS]
    toolkit_file_import(data=workbook(rows), file_name="toolkit.xlsx")
    marked = f"{QUALIFICATIONS} {RETIRED_MARK}"
    kept = Indicator.objects.get(wording=ESOL)
    client.force_login(alice)
    kwargs = {"plan_id": plan.pk}

    for name in ("theory_of_change:plan_detail", "evaluation:evaluation_detail"):
        page = html.unescape(client.get(reverse(name, kwargs=kwargs)).content.decode())
        assert marked in page, name
        assert f"{ESOL} {RETIRED_MARK}" not in page, name

    pdf = client.get(reverse("evaluation:evaluation_pdf", kwargs=kwargs))
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(BytesIO(pdf.getvalue())).pages)
    assert "retired: no longer in the Home Office toolkit" in " ".join(text.split())
    book = openpyxl.load_workbook(
        BytesIO(client.get(reverse("evaluation:evaluation_xlsx", kwargs=kwargs)).getvalue())
    )
    cells = [str(c.value) for sheet in book for r in sheet.iter_rows() for c in r if c.value]
    assert any(marked in cell for cell in cells)
    assert kept.wording_marked == ESOL


def test_a_reworded_indicator_is_marked_with_its_old_wording_for_half_a_year(
    first_import, team, alice, client
):
    plan = plan_using(team, alice, QUALIFICATIONS, ESOL)
    reworded = "% of adults with their qualifications recognised"
    rows = [list(r) for r in GOLDEN_ROWS]
    rows[2][2] = reworded
    toolkit_file_import(data=workbook(rows), file_name="toolkit-2027.xlsx")
    indicator = Indicator.objects.get(wording=reworded)  # the same row, reworded
    assert indicator.previous_wording == QUALIFICATIONS
    client.force_login(alice)
    kwargs = {"plan_id": plan.pk}
    for name in ("theory_of_change:plan_detail", "evaluation:evaluation_detail"):
        page = html.unescape(client.get(reverse(name, kwargs=kwargs)).content.decode())
        assert f"{reworded} (reworded by a toolkit update on " in page, name
        assert f"it was: “{QUALIFICATIONS}”)" in page, name
    pdf = client.get(reverse("evaluation:evaluation_pdf", kwargs=kwargs))
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(BytesIO(pdf.getvalue())).pages)
    assert "reworded by a toolkit update on" in " ".join(text.split())
    # After REWORDED_MARK_DAYS the new wording stands on its own.
    Indicator.objects.filter(pk=indicator.pk).update(
        reworded_at=timezone.now() - datetime.timedelta(days=REWORDED_MARK_DAYS + 1)
    )
    indicator.refresh_from_db()
    assert indicator.wording_marked == reworded


def test_the_plans_are_found_however_many_indicators_an_import_revises(
    team, alice, monkeypatch, django_capture_on_commit_callbacks
):
    """The ids are read in chunks (an import can retire tens of thousands, beyond SQLite's
    limit on query parameters): a plan is found whichever chunk its indicators fall in (here,
    chunks of 2, the plan's indicators in the last)."""
    monkeypatch.setattr("theory_of_change.review.indicator_notices.CHUNK", 2)
    indicators = list(Indicator.objects.order_by("pk")[:7])
    plan = Plan.objects.create(team=team, owner=alice, title="Many measures")
    Outcome.objects.create(plan=plan, text="All of them").indicators.add(*indicators[-2:])

    with django_capture_on_commit_callbacks(execute=True):
        made = plans_told_of_revised_indicators(
            None, changed={}, retired=[i.pk for i in indicators], source="a test update"
        )

    assert [(n.user, n.plan) for n in made] == [(alice, plan)]
    assert made[0].message.count("was retired") == 2
