"""Reading workbooks: finding the sheet, the header row and the columns, and refusing files
that are not what they should be, with a reason."""

import io
import zipfile

import openpyxl
import pytest
from openpyxl.xml import DEFUSEDXML

from domains.models import Indicator
from toolkit_import import generator
from toolkit_import.reader import WorkbookError, check_file, find_layout, normalise, open_workbook
from toolkit_import.services import toolkit_file_import

from .helpers import GOLDEN_ROWS, WORK, bank_snapshot, row, workbook

pytestmark = pytest.mark.django_db


def layout_of(data: bytes):
    return find_layout(open_workbook(data))


def test_openpyxl_parses_the_xml_through_defusedxml():
    assert DEFUSEDXML is True


def test_normalising_folds_case_spacing_punctuation_and_ampersands():
    assert normalise("  UK Questions & Data-Information ") == "uk questions and data information"


@pytest.mark.parametrize(
    "name",
    [
        "UK questions and data info",
        "uk QUESTIONS & DATA information",
        "UK_Questions-and-data",
    ],
)
def test_the_data_sheet_is_found_by_name_ignoring_case_spacing_and_punctuation(name):
    assert layout_of(workbook(sheet_name=name)).sheet_name == name


def test_the_header_row_is_found_below_title_rows():
    layout = layout_of(workbook(title_rows=[["Toolkit"], [], ["Contents"], ["Prepared 2019"]]))

    assert layout.header_row == 5


def test_columns_are_matched_by_header_synonyms_in_any_order():
    header = [
        "Data source",
        "Indicator wording",
        "Integration domain",
        "Collection Frequency",
        "Survey question",
        "Links to the data",
    ]
    layout = layout_of(workbook(header=header, rows=[]))

    assert layout.mapping["source"] == 0
    assert layout.mapping["indicator"] == 1
    assert layout.mapping["domain"] == 2
    assert layout.mapping["frequency"] == 3
    assert layout.mapping["question"] == 4
    assert layout.mapping["data_url"] == 5
    assert layout.mapping["level"] is None


def test_a_duplicated_header_is_left_for_the_admin_to_choose():
    layout = layout_of(workbook(header=["Domain", "Indicator", "Domain"], rows=[]))

    assert layout.mapping["domain"] is None
    assert layout.ambiguous == {"domain": [0, 2]}


def test_a_formula_is_read_as_its_stored_value_and_never_evaluated():
    rows = [row(WORK, "placeholder", "Q", "Synthetic Labour Survey")]
    data = workbook(rows, formulas=[(4, 3, 'CONCAT("% of adults ","in work")', "% stored value")])

    plan, _record = toolkit_file_import(data=data, file_name="t.xlsx", dry_run=True)

    assert [i.wording for i in plan.added] == ["% stored value"]


def test_a_formula_without_a_stored_value_reads_as_empty():
    rows = [row(WORK, "=1+1", "Q", "Synthetic Labour Survey")]

    plan, _record = toolkit_file_import(data=workbook(rows), file_name="t.xlsx", dry_run=True)

    assert plan.added == []
    assert [p.message for p in plan.problems] == ["Enter the indicator"]


def test_merged_domain_cells_carry_down_to_the_rows_they_cover():
    rows = [
        row(WORK, "% of adults in paid work"),
        row(["", ""], "% of adults in unpaid work"),
    ]

    plan, _record = toolkit_file_import(
        data=workbook(rows, merged=["A4:A5", "B4:B5"]), file_name="t.xlsx", dry_run=True
    )

    assert sorted(i.domain for i in plan.added) == [1, 1]
    assert plan.problems == []


def test_a_cell_longer_than_the_limit_rejects_its_row(settings):
    settings.TOOLKIT_IMPORT_MAX_CELL_LENGTH = 100
    rows = [*GOLDEN_ROWS, row(WORK, "% of adults " + "very " * 20 + "busy")]

    plan, _record = toolkit_file_import(data=workbook(rows), file_name="t.xlsx", dry_run=True)

    assert [p.message for p in plan.problems] == ["The cell is longer than 100 characters"]
    assert plan.problems[0].column == "C"


def test_a_date_where_text_belongs_rejects_the_row():
    import datetime

    rows = [row(WORK, datetime.datetime(2020, 1, 1))]

    plan, _record = toolkit_file_import(data=workbook(rows), file_name="t.xlsx", dry_run=True)

    assert plan.problems[0].message == (
        "Indicator must be text, not a date, time or true/false value"
    )


def test_a_spreadsheet_error_value_rejects_the_row():
    rows = [row(WORK, "% of adults in paid work", "Q", "S")]
    data = workbook(rows, formulas=[(4, 4, "1/0", "#DIV/0!")])

    plan, _record = toolkit_file_import(data=data, file_name="t.xlsx", dry_run=True)

    assert "spreadsheet error (#DIV/0!)" in plan.problems[0].message


# -- Files refused whole ---------------------------------------------------------------------


def _zip(files: dict[str, bytes]) -> bytes:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return stream.getvalue()


def _wide_workbook() -> bytes:
    book = openpyxl.Workbook()
    book.active.title = generator.SHEET_NAME
    book.active.append(["Domain", "Indicator", *[f"Extra {n}" for n in range(80)]])
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


MALFORMED = {
    "password protected": (generator.encrypted_lookalike(), "password protected"),
    "old .xls": (generator.legacy_xls_lookalike(), "older Excel file"),
    "CSV": (generator.CSV_BYTES, "not an Excel workbook"),
    "PNG renamed": (generator.PNG_BYTES, "not an Excel workbook"),
    "empty": (b"", "The file is empty"),
    "zip that is not a workbook": (_zip({"hello.txt": b"hi"}), "not an Excel workbook"),
    "truncated workbook": (workbook()[:2000], "damaged"),
    "no data sheet": (workbook(sheet_name="Summary"), "no sheet called"),
    "hidden data sheet": (workbook(hidden=True), "is hidden"),
    "no header row": (workbook(header=["Nothing", "Here"], rows=[]), "No header row"),
    "too many columns": (_wide_workbook(), "more than 60 columns"),
    "entity expansion": (generator.with_entity_expansion(workbook()), "not allowed"),
}


@pytest.mark.parametrize("case", MALFORMED, ids=list(MALFORMED))
def test_a_malformed_file_is_refused_with_a_reason_and_nothing_changes(case):
    data, reason = MALFORMED[case]
    before = bank_snapshot()

    with pytest.raises(WorkbookError, match=reason):
        toolkit_file_import(data=data, file_name="bad.xlsx")

    assert bank_snapshot() == before


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.TOOLKIT_IMPORT_MAX_FILE_BYTES = 1000

    with pytest.raises(WorkbookError, match="larger than"):
        check_file(workbook())


def test_a_workbook_that_unpacks_too_large_is_refused(settings):
    settings.TOOLKIT_IMPORT_MAX_UNCOMPRESSED_BYTES = 1000

    with pytest.raises(WorkbookError, match="unpacks to more than"):
        check_file(workbook())


def test_a_sheet_over_the_row_limit_is_refused_whole(settings):
    settings.TOOLKIT_IMPORT_MAX_ROWS = 3
    count = Indicator.objects.count()

    with pytest.raises(WorkbookError, match="more than 3 rows"):
        toolkit_file_import(data=workbook(), file_name="t.xlsx")
    assert Indicator.objects.count() == count


def test_the_billion_laughs_file_really_declares_entities():
    data = generator.with_entity_expansion(workbook())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    assert b"<!ENTITY lol9" in sheet
    assert b"&lol9;" in sheet
