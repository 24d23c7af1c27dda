"""Property-based tests over generated damaged workbooks (1,000 in all per run of the test
command: 750 on SQLite, 250 on PostgreSQL): missing, renamed, duplicated and shuffled headers, cells of the wrong type, huge
cells, spreadsheet errors, formulas with and without stored values, merged cells, title rows,
empty and hidden sheets.

Whatever the damage, an import either refuses the file with a reason (WorkbookError) and
writes nothing, or reads it, rejecting the rows it must; and nothing changes unless the import
is applied.
"""

import datetime
import io

import openpyxl
import pytest
from django.db import transaction
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import ON_POSTGRESQL
from toolkit_import.generator import HEADERS, SHEET_NAME, WorkbookSpec, build_workbook, toolkit_rows
from toolkit_import.models import ImportRecord, ImportStatus
from toolkit_import.reader import WorkbookError
from toolkit_import.services import (
    ImportRefused,
    import_apply,
    import_preview,
    import_upload,
    rejected_rows_workbook,
    toolkit_file_import,
)

from .helpers import bank_snapshot

pytestmark = pytest.mark.django_db


def examples(count: int) -> int:
    """This pass's share of a test's examples. The reader is the same whatever the database;
    what PostgreSQL adds (it refuses NUL characters and checks lengths where SQLite does not)
    shows in far fewer examples. bin/test runs each test's examples once in all: three quarters
    in the SQLite pass, a quarter in the PostgreSQL pass (docs/testing.md)."""
    return count // 4 if ON_POSTGRESQL else count - count // 4


CELL_LIMIT = 300
LIMITS = {"TOOLKIT_IMPORT_MAX_CELL_LENGTH": CELL_LIMIT, "TOOLKIT_IMPORT_MAX_ROWS": 40}
PROPERTY_SETTINGS = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
    "database": None,
}

# Text openpyxl can write (no control characters or lone surrogates).
plain_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=0, max_size=30
)
weird_values = st.one_of(
    st.none(),
    plain_text,
    st.sampled_from(["Work", "9", "Domain 14", "Safety", "Official statistics; other data"]),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.datetimes(min_value=datetime.datetime(1900, 3, 1), max_value=datetime.datetime(2100, 1, 1)),
    st.just("x" * (CELL_LIMIT + 1)),
    st.sampled_from(["#REF!", "#N/A", "#DIV/0!", "=1/0", "=A1&B1", '=HYPERLINK("x")']),
    st.sampled_from(["https://example.org/data", "ftp://example.org", "not a link"]),
)
header_names = st.one_of(
    st.sampled_from([*HEADERS, "Indicator code", "Group", "Data availability", "Domain"]),
    plain_text,
    st.none(),
)


@st.composite
def damaged_workbooks(draw) -> bytes:
    width = len(HEADERS)
    header: list = list(HEADERS)
    for _ in range(draw(st.integers(0, 3))):
        header[draw(st.integers(0, width - 1))] = draw(header_names)
    order = draw(st.permutations(range(width))) if draw(st.booleans()) else list(range(width))
    rows = [
        [r[i] for i in order]
        for r in toolkit_rows(draw(st.integers(0, 8)), seed=draw(st.integers(0, 5)))
    ]
    for _ in range(draw(st.integers(0, 6))):
        if rows:
            rows[draw(st.integers(0, len(rows) - 1))][draw(st.integers(0, width - 1))] = draw(
                weird_values
            )
    data_rows = len(rows)
    title_rows = [[draw(plain_text)] for _ in range(draw(st.integers(0, 3)))]
    first_data = len(title_rows) + 2
    merged = []
    if data_rows >= 2 and draw(st.booleans()):
        column = openpyxl.utils.get_column_letter(draw(st.integers(1, width)))
        start = draw(st.integers(first_data, first_data + data_rows - 2))
        merged.append(f"{column}{start}:{column}{start + 1}")
    formulas = []
    if data_rows and draw(st.booleans()):
        formulas.append(
            (
                draw(st.integers(first_data, first_data + data_rows - 1)),
                draw(st.integers(1, width)),
                "1+1",
                draw(st.sampled_from(["2", "% stored", "#VALUE!"])),
            )
        )
    spec = WorkbookSpec(
        header=[header[i] for i in order],
        rows=rows,
        sheet_name=draw(st.sampled_from([SHEET_NAME, "UK Questions and Data Info", "Sheet"])),
        title_rows=title_rows,
        hidden=draw(st.booleans()) and draw(st.booleans()),
        other_sheets=draw(st.sampled_from([(), ("UK source overview",)])),
        empty_sheets=draw(st.sampled_from([(), ("Empty",)])),
        hidden_sheets=draw(st.sampled_from([(), ("Lookups",)])),
        merged=merged,
        formulas=formulas,
    )
    return build_workbook(spec)


@settings(max_examples=examples(600), **PROPERTY_SETTINGS)
@given(data=damaged_workbooks())
def test_a_damaged_workbook_is_refused_cleanly_or_imported_and_a_re_import_changes_nothing(data):
    with override_settings(**LIMITS), transaction.atomic():
        before = bank_snapshot()
        records = ImportRecord.objects.count()
        refused = plan = None
        try:
            plan, _record = toolkit_file_import(data=data, file_name="damaged.xlsx")
        except WorkbookError as error:
            refused = str(error)
        if plan is None:
            assert refused
            assert "\n" not in refused
            assert bank_snapshot() == before
            assert ImportRecord.objects.count() == records
        else:
            assert all(p.message and p.row for p in plan.problems)
            again, _record = toolkit_file_import(data=data, file_name="damaged.xlsx", dry_run=True)
            assert (again.counts["added"], again.counts["changed"], again.counts["retired"]) == (
                0,
                0,
                0,
            )
            assert again.counts["questions_added"] == again.counts["questions_removed"] == 0
        transaction.set_rollback(True)


@settings(max_examples=examples(400), **PROPERTY_SETTINGS)
@given(data=damaged_workbooks())
def test_through_the_admin_pages_nothing_changes_before_apply_and_the_report_always_builds(data):
    from tests.factories import UserFactory

    with override_settings(**LIMITS), transaction.atomic():
        admin = UserFactory(email="property-admin@site.example", is_staff=True)
        before = bank_snapshot()
        try:
            record = import_upload(user=admin, file_name="damaged.xlsx", data=data)
            record = import_preview(record=record, mapping=record.column_mapping)
        except (WorkbookError, ImportRefused):
            # Refused whole, or a required column the admin must still choose.
            assert bank_snapshot() == before
            assert not ImportRecord.objects.filter(status=ImportStatus.APPLIED).exists()
        else:
            assert bank_snapshot() == before
            report = openpyxl.load_workbook(io.BytesIO(rejected_rows_workbook(record=record)))
            assert report["Problems"].max_row == len(record.rejected_rows) + 1
            applied = import_apply(import_id=record.pk, user=admin)
            assert applied.status == ImportStatus.APPLIED
        transaction.set_rollback(True)
