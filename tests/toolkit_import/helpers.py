"""Small workbooks for the toolkit-import tests, built with the app's generator."""

import io

import openpyxl

from domains.models import DataSource, Indicator, IndicatorQuestion
from toolkit_import import generator
from toolkit_import.generator import HEADERS, WorkbookSpec, build_workbook

WORK = ["Markers and Means", "Work"]
LANGUAGE = ["Facilitators", "Language and Communication"]


def row(type_and_domain, wording, question="", source="", *, level="National", url=""):
    return [
        *type_and_domain,
        wording,
        question,
        source,
        level if source else "",
        "Annual" if source else "",
        "Age, sex" if source else "",
        "",
        url,
    ]


GOLDEN_ROWS = [
    row(WORK, "% of adults in paid work", "Are you in paid work?", "Synthetic Labour Survey"),
    row(WORK, "% of adults in paid work", "Hours worked last week", "Synthetic Labour Survey"),
    row(
        WORK,
        "% of adults with qualifications recognised",
        "Were your qualifications recognised?",
        "Synthetic Skills Survey",
    ),
    row(
        LANGUAGE,
        "% regularly attending ESOL classes or equivalent adult English language learning",
        "Do you attend English classes?",
        "Synthetic Language Survey",
        url="https://example.org/language",
    ),
]


def workbook(rows=None, **spec) -> bytes:
    return build_workbook(
        WorkbookSpec(
            header=spec.pop("header", list(HEADERS)),
            rows=GOLDEN_ROWS if rows is None else rows,
            **spec,
        )
    )


def bank_snapshot() -> dict:
    """Every framework-data row that an import may write, as comparable values."""
    return {
        "indicators": sorted(
            Indicator.objects.values_list(
                "id",
                "code",
                "wording",
                "group",
                "provenance",
                "status",
                "toolkit_version",
                "domain_id",
            )
        ),
        "sources": sorted(DataSource.objects.values_list("id", "name", "url", "frequency")),
        "questions": sorted(IndicatorQuestion.objects.values_list("id", "indicator_id", "text")),
    }


def generated(rows: int) -> bytes:
    """A toolkit-style workbook as a spreadsheet program saves one: its sheet declares its size."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = generator.SHEET_NAME
    sheet.append(generator.headers())
    for values in generator.toolkit_rows(rows, seed=7):
        sheet.append(values)
    target = io.BytesIO()
    book.save(target)
    return target.getvalue()


# The Welsh toolkit (issue 21): Welsh sheet and column names, Welsh domain and type names.
WELSH_HEADERS = ["Math o ddangosydd", "Parth", "Cod y dangosydd", "Grŵp y dangosydd", "Dangosydd"]
WELSH_SHEET = "Cwestiynau a data’r DU"


def welsh_workbook(rows, **spec) -> bytes:
    return build_workbook(
        WorkbookSpec(header=WELSH_HEADERS, rows=rows, sheet_name=WELSH_SHEET, **spec)
    )


WELSH_ROWS = [
    [
        "Hwyluswyr",
        "Iaith a Chyfathrebu",
        "F09-01",
        "Dysgu iaith",
        "% sy’n mynychu dosbarthiadau ESOL yn rheolaidd",
    ],
    ["Hwyluswyr", "9. Iaith a Chyfathrebu", "F09-02", "", "% sy’n ymarfer iaith y tu allan"],
    ["Marcwyr a Moddion", "Gwaith", "ZZ-99", "Cyflogaeth", "% mewn gwaith"],
    ["Marcwyr a Moddion", "Gwaith", "", "Cyflogaeth", "% heb god"],
]
