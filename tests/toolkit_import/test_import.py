"""Importing the toolkit: the golden import, re-imports, changes, retirements, rejected rows,
and applying only once and only what was previewed."""

import io

import openpyxl
import pytest

from domains.models import DataSource, Indicator, IndicatorStatus, Provenance
from tests.factories import IndicatorFactory, OrganisationFactory, sign_in_with_two_factor
from theory_of_change.models import Outcome, Plan
from toolkit_import.models import ImportRecord, ImportStatus
from toolkit_import.services import (
    ImportRefused,
    PreviewOutOfDate,
    import_apply,
    import_preview,
    import_upload,
    rejected_rows_workbook,
    toolkit_file_import,
)

from .helpers import GOLDEN_ROWS, LANGUAGE, WORK, bank_snapshot, row, workbook

pytestmark = pytest.mark.django_db


def test_the_golden_import_adds_framework_indicators_sources_and_questions():
    plan, record = toolkit_file_import(data=workbook(), file_name="toolkit.xlsx")

    assert plan.summary_line() == "added 2, changed 0, retired 122, unchanged 1, rejected 0"
    paid_work = Indicator.objects.get(wording="% of adults in paid work")
    assert paid_work.provenance == Provenance.FRAMEWORK
    assert paid_work.domain.number == 1
    assert paid_work.toolkit_version == record.toolkit_version
    assert sorted(paid_work.questions.values_list("text", flat=True)) == [
        "Are you in paid work?",
        "Hours worked last week",
    ]
    assert paid_work.questions.first().data_source.name == "Synthetic Labour Survey"
    assert DataSource.objects.get(name="Synthetic Language Survey").url == (
        "https://example.org/language"
    )
    assert record.status == ImportStatus.APPLIED
    assert record.sha256
    assert record.counts["added"] == 2


def test_the_toolkit_s_sources_replace_the_starter_sources():
    esol = Indicator.objects.get(code="F09-01")
    assert esol.questions.filter(data_source__is_starter=True).exists()
    rows = [
        *GOLDEN_ROWS,
        row(WORK, "% of adults in paid work", "Employment rate", "Annual Population Survey"),
    ]

    toolkit_file_import(data=workbook(rows), file_name="toolkit.xlsx")

    # The matched indicator has the toolkit's questions only, and what it takes from them.
    assert list(esol.questions.values_list("text", flat=True)) == ["Do you attend English classes?"]
    esol.refresh_from_db()
    assert "Synthetic Language Survey" in esol.search_text
    assert not esol.local_data  # the file says National
    # A starter source the toolkit names is the toolkit's now, as the file describes it.
    survey = DataSource.objects.get(name="Annual Population Survey")
    assert not survey.is_starter
    # Its Welsh translated the starter description the file replaced: dropped.
    assert (survey.publisher_cy, survey.frequency_cy, survey.disaggregation_cy) == ("", "", "")
    assert DataSource.objects.get(name="Census 2021").frequency_cy == "Bob 10 mlynedd"
    assert survey.geography_level == "National"
    assert DataSource.objects.filter(name="Census 2021", is_starter=True).exists()


def test_the_known_framework_wording_is_matched_not_added_again():
    toolkit_file_import(data=workbook(), file_name="toolkit.xlsx")

    esol = Indicator.objects.filter(wording__startswith="% regularly attending ESOL")
    assert esol.count() == 1
    assert esol.get().code == "F09-01"
    assert esol.get().status == IndicatorStatus.ACTIVE


def test_starter_wording_is_retired_not_deleted():
    starter_count = Indicator.objects.filter(provenance=Provenance.STARTER).count()

    toolkit_file_import(data=workbook(), file_name="toolkit.xlsx")

    starter = Indicator.objects.filter(provenance=Provenance.STARTER)
    assert starter.count() == starter_count
    assert set(starter.values_list("status", flat=True)) == {IndicatorStatus.RETIRED}


def test_re_importing_the_same_file_changes_nothing():
    toolkit_file_import(data=workbook(), file_name="toolkit.xlsx")
    before = bank_snapshot()

    plan, _record = toolkit_file_import(data=workbook(), file_name="toolkit.xlsx")

    assert plan.summary_line() == "added 0, changed 0, retired 0, unchanged 3, rejected 0"
    assert plan.counts["questions_added"] == plan.counts["questions_removed"] == 0
    assert bank_snapshot() == before


def test_case_spacing_and_punctuation_do_not_change_identity():
    toolkit_file_import(data=workbook(), file_name="toolkit.xlsx")
    rows = [list(r) for r in GOLDEN_ROWS]
    rows[2][2] = "%  OF ADULTS with qualifications, recognised"

    plan, _record = toolkit_file_import(data=workbook(rows), file_name="toolkit.xlsx")

    assert plan.counts["added"] == 0
    assert plan.counts["retired"] == 0
    # The wording is kept as the file spells it, with runs of spaces collapsed.
    assert [c.fields["wording"][1] for c in plan.changed] == [
        "% OF ADULTS with qualifications, recognised"
    ]


def test_a_small_wording_edit_is_a_change_with_before_and_after():
    toolkit_file_import(data=workbook(), file_name="toolkit.xlsx")
    original = Indicator.objects.get(wording="% of adults with qualifications recognised")
    Indicator.objects.filter(pk=original.pk).update(wording_cy="% o oedolion â chymwysterau")
    rows = [list(r) for r in GOLDEN_ROWS]
    rows[2][2] = "% of adults with their qualifications recognised"

    plan, _record = toolkit_file_import(data=workbook(rows), file_name="toolkit.xlsx")

    assert plan.summary_line() == "added 0, changed 1, retired 0, unchanged 2, rejected 0"
    change = plan.changed[0]
    assert change.existing["id"] == original.pk
    assert change.fields["wording"] == (
        "% of adults with qualifications recognised",
        "% of adults with their qualifications recognised",
    )
    original.refresh_from_db()
    assert original.wording == "% of adults with their qualifications recognised"
    # The Welsh translated the old wording: dropped, and no longer searched.
    assert original.wording_cy == ""
    assert "chymwysterau" not in original.search_text


def test_a_new_wording_is_retired_and_added_rather_than_changed():
    toolkit_file_import(data=workbook(), file_name="toolkit.xlsx")
    rows = [list(r) for r in GOLDEN_ROWS]
    rows[2][2] = "Number of employers running mentoring schemes"

    plan, _record = toolkit_file_import(data=workbook(rows), file_name="toolkit.xlsx")

    assert plan.summary_line() == "added 1, changed 0, retired 1, unchanged 2, rejected 0"


@pytest.fixture
def plan_using_paid_work(alice, team):
    toolkit_file_import(data=workbook(), file_name="toolkit.xlsx")
    indicator = Indicator.objects.get(wording="% of adults in paid work")
    plan = Plan.objects.create(team=team, owner=alice, title="Jobs club")
    outcome = Outcome.objects.create(plan=plan, text="More newcomers in work")
    outcome.indicators.add(indicator)
    return indicator


def test_a_retired_indicator_is_kept_for_the_plans_that_use_it(plan_using_paid_work):
    rows = [r for r in GOLDEN_ROWS if r[2] != "% of adults in paid work"]

    plan, _record = toolkit_file_import(data=workbook(rows), file_name="toolkit.xlsx")

    assert [r["id"] for r in plan.retired] == [plan_using_paid_work.pk]
    plan_using_paid_work.refresh_from_db()
    assert plan_using_paid_work.status == IndicatorStatus.RETIRED
    assert plan_using_paid_work.outcomes.get().plan.title == "Jobs club"


def test_the_preview_names_the_plans_that_use_a_retired_indicator(admin_user, plan_using_paid_work):
    rows = [r for r in GOLDEN_ROWS if r[2] != "% of adults in paid work"]
    record = import_upload(user=admin_user, file_name="t.xlsx", data=workbook(rows))

    import_preview(record=record, mapping=record.column_mapping)

    retired = [r for r in record.preview["retired"] if r["id"] == plan_using_paid_work.pk]
    assert retired[0]["plans"] == [{"title": "Jobs club", "council": "Alpha Council"}]


def test_the_import_page_lists_every_plan_it_touches_beyond_the_first_changes_shown(
    admin_user, client, plan_using_paid_work, team, beta_team, carol, charlie, monkeypatch
):
    """The lists of changes stop at PREVIEW_LIMIT; the plans the import touches are all counted."""
    qualifications = Indicator.objects.get(wording="% of adults with qualifications recognised")
    for owner, plan_team, title in ((carol, team, "Skills club"), (charlie, beta_team, "Mentors")):
        plan = Plan.objects.create(team=plan_team, owner=owner, title=title)
        Outcome.objects.create(plan=plan, text="Skills recognised").indicators.add(qualifications)
    unaffected = Plan.objects.create(team=team, owner=carol, title="Conversation café")
    Outcome.objects.create(plan=unaffected, text="Talk").indicators.add(
        Indicator.objects.get(wording__startswith="% regularly attending ESOL")
    )
    rows = [list(r) for r in GOLDEN_ROWS if r[2] != "% of adults in paid work"]
    rows[-2][2] = "% of adults with their qualifications recognised"
    monkeypatch.setattr("toolkit_import.planning.PREVIEW_LIMIT", 1)
    record = import_upload(user=admin_user, file_name="t.xlsx", data=workbook(rows))

    import_preview(record=record, mapping=record.column_mapping)

    assert len(record.preview["retired"]) == 1, "the lists of changes are capped"
    assert record.preview["touched_plans_count"] == 3
    monkeypatch.setattr("toolkit_import.planning.PREVIEW_LIMIT", 100)
    import_preview(record=record, mapping=record.column_mapping)
    assert [(p["council"], p["title"]) for p in record.preview["touched_plans"]] == [
        ("Alpha Council", "Jobs club"),
        ("Alpha Council", "Skills club"),
        ("Beta Council", "Mentors"),
    ]
    sign_in_with_two_factor(client, admin_user)
    page = client.get(f"/toolkit/imports/{record.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Plans that use an indicator to be changed or retired (3)" in text
    assert plan_using_paid_work.code in text
    assert "Conversation café" not in text


def test_council_added_indicators_are_never_touched():
    council = OrganisationFactory(slug="gamma")
    own = IndicatorFactory(
        provenance=Provenance.COUNCIL,
        organisation=council,
        domain_id=1,
        wording="% of adults in paid work",
    )

    toolkit_file_import(data=workbook(), file_name="toolkit.xlsx")

    own.refresh_from_db()
    assert own.status == IndicatorStatus.ACTIVE
    assert own.provenance == Provenance.COUNCIL
    assert own.toolkit_version == ""


def test_rejected_rows_say_sheet_row_column_and_what_is_wrong():
    rows = [
        *GOLDEN_ROWS,
        row(["Markers and Means", "Gardening"], "% of people growing food"),
        row(WORK, "", "A question", "Synthetic Labour Survey"),
        row(LANGUAGE, "% reading a local newspaper", "Q", "A source", url="not a link"),
        row(["Foundation", "Work"], "% of adults in unpaid work"),
    ]
    rows[-3][2] = None  # no indicator and nothing above it to continue: see below
    plan, _record = toolkit_file_import(data=workbook(rows), file_name="toolkit.xlsx", dry_run=True)

    problems = {(p.row, p.column): p.message for p in plan.problems}
    first = 4 + len(GOLDEN_ROWS)  # two title rows, the header, then data
    assert problems[(first, "B")] == "This is not one of the framework's 14 domains"
    assert problems[(first + 2, "J")] == "Enter a web address starting with https:// or http://"
    assert problems[(first + 3, "A")] == "This domain is in the type “Markers and Means”"
    assert all(p.sheet == "UK questions & data information" for p in plan.problems)


def test_a_row_with_a_blank_indicator_continues_the_indicator_above():
    rows = [
        row(WORK, "% of adults in paid work", "Are you in paid work?", "Synthetic Labour Survey"),
        row(["", ""], "", "Hours worked last week", "Synthetic Labour Survey"),
    ]

    plan, _record = toolkit_file_import(data=workbook(rows), file_name="t.xlsx", dry_run=True)

    assert plan.counts["added"] == 1
    assert plan.counts["questions_added"] == 2


def test_an_indicator_whose_row_was_rejected_is_not_retired():
    toolkit_file_import(data=workbook(), file_name="toolkit.xlsx")
    rows = [list(r) for r in GOLDEN_ROWS]
    rows[3][9] = "ftp://not-the-web"

    plan, _record = toolkit_file_import(data=workbook(rows), file_name="t.xlsx", dry_run=True)

    assert plan.counts["rejected"] == 1
    assert plan.counts["retired"] == 0


def test_a_dry_run_changes_nothing():
    before = bank_snapshot()

    plan, record = toolkit_file_import(data=workbook(), file_name="t.xlsx", dry_run=True)

    assert record is None
    assert plan.counts["added"] == 2
    assert bank_snapshot() == before
    assert not ImportRecord.objects.exists()


@pytest.fixture
def previewed(admin_user):
    record = import_upload(user=admin_user, file_name="toolkit.xlsx", data=workbook())
    return import_preview(record=record, mapping=record.column_mapping)


def test_upload_and_preview_change_nothing_until_applied(previewed):
    before = bank_snapshot()
    assert previewed.status == ImportStatus.PREVIEWED
    assert previewed.counts["added"] == 2
    assert bank_snapshot() == before


def test_apply_writes_the_previewed_changes_once(previewed, admin_user):
    record = import_apply(import_id=previewed.pk, user=admin_user)

    assert record.status == ImportStatus.APPLIED
    assert record.applied_by == admin_user
    assert Indicator.objects.filter(wording="% of adults in paid work").exists()


def test_a_replayed_apply_is_refused_and_changes_nothing(previewed, admin_user):
    import_apply(import_id=previewed.pk, user=admin_user)
    after_first = bank_snapshot()

    with pytest.raises(ImportRefused, match="applied already"):
        import_apply(import_id=previewed.pk, user=admin_user)
    assert bank_snapshot() == after_first


def test_apply_is_refused_when_the_stored_file_no_longer_matches_its_checksum(
    previewed, admin_user
):
    before = bank_snapshot()
    ImportRecord.objects.filter(pk=previewed.pk).update(content=workbook(GOLDEN_ROWS[:1]))

    with pytest.raises(ImportRefused, match="no longer matches"):
        import_apply(import_id=previewed.pk, user=admin_user)
    assert bank_snapshot() == before


def test_apply_is_refused_and_the_preview_renewed_when_the_bank_changed_meanwhile(
    previewed, admin_user
):
    IndicatorFactory(provenance=Provenance.STARTER, domain_id=1, wording="A new starter row")
    before = bank_snapshot()

    with pytest.raises(PreviewOutOfDate):
        import_apply(import_id=previewed.pk, user=admin_user)
    assert bank_snapshot() == before
    previewed.refresh_from_db()
    assert any(r["wording"] == "A new starter row" for r in previewed.preview["retired"])
    assert import_apply(import_id=previewed.pk, user=admin_user).status == ImportStatus.APPLIED


def test_the_rejected_rows_report_marks_the_problem_cells(admin_user):
    rows = [*GOLDEN_ROWS, row(["Markers and Means", "Gardening"], "% of people growing food")]
    record = import_upload(user=admin_user, file_name="t.xlsx", data=workbook(rows))
    record = import_preview(record=record, mapping=record.column_mapping)

    report = openpyxl.load_workbook(io.BytesIO(rejected_rows_workbook(record=record)))

    sheet = report["Rejected rows"]
    header = [c.value for c in sheet[1]]
    assert header[0] == "Row"
    assert header[-1] == "What is wrong"
    data = list(sheet.iter_rows(min_row=2))
    assert len(data) == 1
    domain_cell = data[0][header.index("Domain")]
    assert domain_cell.value == "Gardening"
    assert domain_cell.fill.start_color.rgb == "FFF4C7C3"
    assert data[0][-1].value == "This is not one of the framework's 14 domains"
    problems = list(report["Problems"].iter_rows(min_row=2, values_only=True))
    assert problems[0][:3] == ("UK questions & data information", str(4 + len(GOLDEN_ROWS)), "B")


def test_a_failure_part_way_through_apply_leaves_nothing_written(
    previewed, admin_user, monkeypatch
):
    before = bank_snapshot()

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("domains.models.IndicatorQuestion.objects.bulk_create", fail)

    with pytest.raises(RuntimeError):
        import_apply(import_id=previewed.pk, user=admin_user)
    assert bank_snapshot() == before
    assert ImportRecord.objects.get(pk=previewed.pk).status == ImportStatus.PREVIEWED


def test_data_availability_and_group_columns_set_the_indicators_flags_and_group():
    header = ["Domain", "Group", "Indicator", "Data availability"]
    rows = [
        ["Work", "Employment", "% of adults in paid work", "Official statistics; national survey"],
        ["Work", "Employment", "% of adults in unpaid work", "No data located"],
        ["Work", "Employment", "% of adults in part-time work", "Rumour"],
    ]

    toolkit_file_import(data=workbook(rows, header=header), file_name="t.xlsx")

    paid = Indicator.objects.get(wording="% of adults in paid work")
    assert paid.group == "Employment"
    assert (paid.official_statistics, paid.national_survey, paid.other_data) == (True, True, False)
    assert Indicator.objects.get(wording="% of adults in unpaid work").no_data_located
    assert not Indicator.objects.filter(wording="% of adults in part-time work").exists()


def test_a_file_code_is_kept_and_identifies_the_indicator_when_its_wording_changes():
    header = ["Indicator code", "Domain", "Indicator"]
    toolkit_file_import(
        data=workbook([["W1", "Work", "% of adults in paid work"]], header=header), file_name="a"
    )

    plan, _record = toolkit_file_import(
        data=workbook(
            [["W1", "Work", "Share of working-age adults who are employed"]], header=header
        ),
        file_name="b",
    )

    assert plan.summary_line() == "added 0, changed 1, retired 0, unchanged 0, rejected 0"
    assert (
        Indicator.objects.get(code="W1").wording == "Share of working-age adults who are employed"
    )
