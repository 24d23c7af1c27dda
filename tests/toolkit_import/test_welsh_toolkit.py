"""The Welsh toolkit (issue 21): a workbook with Welsh sheet and column names is recognised as
Welsh, and importing it gives the bank's indicators their Welsh wording and group, matched by
code, changing nothing else."""

import pytest

from domains.models import Indicator
from tests.factories import sign_in_with_two_factor
from toolkit_import.models import ImportRecord
from toolkit_import.reader import workbook_language
from toolkit_import.services import toolkit_file_import

from .helpers import WELSH_HEADERS, WELSH_ROWS, WELSH_SHEET, bank_snapshot, welsh_workbook
from .test_pages import upload

pytestmark = pytest.mark.django_db


def test_a_workbook_is_welsh_by_its_sheet_or_by_most_of_its_headers():
    assert workbook_language(WELSH_SHEET, ["Domain", "Indicator"]) == "cy"
    assert workbook_language("Sheet1", ["Parth", "Dangosydd", "Source"]) == "cy"
    assert workbook_language("Sheet1", ["Parth", "Indicator", "Source"]) == "en-gb"
    assert workbook_language("UK questions and data information", WELSH_HEADERS[:1]) == "cy"


def test_the_welsh_toolkit_gives_the_bank_its_welsh_and_changes_nothing_else():
    before = bank_snapshot()
    esol = Indicator.objects.get(code="F09-01")
    assert esol.wording_cy == ""

    plan, record = toolkit_file_import(
        data=welsh_workbook(WELSH_ROWS), file_name="pecyn-cymorth.xlsx"
    )

    assert plan.language == "cy"
    assert plan.summary_line() == "added 0, changed 2, retired 0, unchanged 0, rejected 2"
    esol.refresh_from_db()
    assert esol.wording_cy == "% sy’n mynychu dosbarthiadau ESOL yn rheolaidd"
    assert esol.group_cy == "Dysgu iaith"
    # The English bank (wording, groups, codes, sources, questions) is as it was.
    assert bank_snapshot() == before
    # The Welsh wording is searched.
    assert "dosbarthiadau" in esol.search_text
    messages = [problem.message for problem in plan.problems]
    assert messages == [
        "No indicator in the bank has the code ZZ-99: import the English toolkit first",
        "A Welsh toolkit is matched to the bank by indicator code: enter the code",
    ]
    assert record.preview["language"] == "cy"
    assert record.preview["touched_plans"] == []


def test_importing_the_same_welsh_again_changes_nothing():
    toolkit_file_import(data=welsh_workbook(WELSH_ROWS[:2]), file_name="pecyn-cymorth.xlsx")
    plan, _record = toolkit_file_import(data=welsh_workbook(WELSH_ROWS[:2]), file_name="eto.xlsx")
    assert plan.summary_line() == "added 0, changed 0, retired 0, unchanged 2, rejected 0"


def test_the_import_pages_say_it_is_the_welsh_toolkit(client, admin_user):
    sign_in_with_two_factor(client, admin_user)
    response = upload(client, welsh_workbook(WELSH_ROWS[:2]), name="pecyn-cymorth.xlsx")
    record = ImportRecord.objects.get()
    # Its Welsh columns were recognised: nothing to choose by hand.
    assert record.column_mapping["code"] == 2
    assert record.column_mapping["indicator"] == 4
    assert "This is the Welsh toolkit." in client.get(response.url).content.decode()
    assert "This is the Welsh toolkit." in client.get(record.get_absolute_url()).content.decode()
