"""The indicator bank, as filtered, downloads as CSV (streamed) and as an Excel workbook."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from domains.models import DataSource, Domain, Indicator, IndicatorQuestion, Provenance
from tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db


def csv_of(client, **params) -> list[list[str]]:
    response = client.get(reverse("domains:indicator_export_csv"), params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="indicator-bank-')
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff"), "a byte-order mark, so Excel reads the file as UTF-8"
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def workbook_of(client, **params):
    response = client.get(reverse("domains:indicator_export_xlsx"), params)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    return openpyxl.load_workbook(io.BytesIO(response.content)).active


def test_the_csv_holds_the_bank_as_filtered_with_its_sources_and_questions(client):
    language = Domain.objects.get(number=9)
    source = DataSource.objects.create(
        name="Testshire residents' panel",
        geography_level="Local authority",
        frequency="Quarterly",
        disaggregation="age, sex, country of birth",
    )
    indicator = language.indicators.order_by("pk").first()
    IndicatorQuestion.objects.create(
        indicator=indicator, data_source=source, text="Main language spoken at home"
    )

    rows = csv_of(client, domain=language.slug)

    header, body = rows[0], rows[1:]
    assert header[:3] == ["Code", "Indicator", "Domain"]
    assert len(body) == language.indicators.filter(status="active").count()
    assert {row[2] for row in body} == {"9. Language and Communication"}
    row = next(r for r in body if r[0] == indicator.code)
    assert row[1] == indicator.wording
    assert row[3] == "Facilitators"
    # Its starter sources, then the one added here, one a line.
    assert (
        "Testshire residents' panel (Local authority, Quarterly); by age, sex, country of birth"
        in row[7].splitlines()
    )
    assert len(row[7].splitlines()) == indicator.questions.count()
    assert "Main language spoken at home" in row[8].splitlines()


def test_the_workbook_holds_the_same_rows_as_the_csv(client):
    rows = csv_of(client, q="ESOL")
    sheet = workbook_of(client, q="ESOL")

    cells = [[cell.value or "" for cell in row] for row in sheet.iter_rows()]
    assert cells == rows
    assert len(rows) > 1


def test_text_that_would_start_a_formula_is_shown_as_typed(client, alice):
    IndicatorFactory(
        domain_id=Domain.objects.get(number=1).pk,
        provenance=Provenance.COUNCIL,
        organisation=alice.organisation,
        wording='=HYPERLINK("http://127.0.0.1/","Click")',
        code="C-EVIL",
    )
    client.force_login(alice)

    rows = csv_of(client, q="HYPERLINK")
    assert [row[1] for row in rows[1:]] == ['\'=HYPERLINK("http://127.0.0.1/","Click")']
    sheet = workbook_of(client, q="HYPERLINK")
    cell = sheet.cell(row=2, column=2)
    assert cell.data_type == "s"
    assert cell.value.startswith("=HYPERLINK")
    assert cell.quotePrefix


def test_a_council_s_own_indicators_go_only_to_its_own_people(client, alice, charlie):
    IndicatorFactory(
        domain_id=1,
        provenance=Provenance.COUNCIL,
        organisation=alice.organisation,
        wording="% of Alpha residents in the Quayside allotment society",
    )
    client.force_login(charlie)
    assert len(csv_of(client, q="Quayside")) == 1, "the header only"
    client.force_login(alice)
    assert len(csv_of(client, q="Quayside")) == 2


def test_the_csv_reads_in_a_fixed_number_of_queries_however_many_rows(
    client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        csv_of(client)
    IndicatorFactory.create_batch(300, domain_id=1)
    with django_assert_max_num_queries(6):
        assert len(csv_of(client)) == Indicator.objects.filter(status="active").count() + 1


def test_too_many_rows_for_a_workbook_says_so_and_offers_the_csv(client, settings):
    settings.BANK_WORKBOOK_MAX_ROWS = 5

    response = client.get(reverse("domains:indicator_export_xlsx"), {"domain": "work"})
    listing = client.get(reverse("domains:indicator_list"), {"domain": "work"}).content.decode()

    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1" in page
    assert "Too many indicators for a spreadsheet" in page
    assert reverse("domains:indicator_export_csv") + "?domain=work" in page
    assert reverse("domains:indicator_export_xlsx") not in listing
    assert reverse("domains:indicator_export_csv") in listing


@pytest.mark.parametrize("params", [{"domain": "999999"}, {"type": "x"}, {"q": "\x00" * 3000}])
def test_filters_to_correct_lead_back_to_the_bank_and_never_fail(client, params):
    for name in ("domains:indicator_export_csv", "domains:indicator_export_xlsx"):
        response = client.get(reverse(name), params)
        assert response.status_code in (200, 302), name
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("domains:indicator_list"))
