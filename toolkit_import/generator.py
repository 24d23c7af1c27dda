"""Writes toolkit-style workbooks of any size, with optional damage, for tests and benchmarks.

The rows are synthetic (the real toolkit is never needed, and its rows are not reproduced): the
14 framework domains with made-up indicator wording, questions and data sources, laid out the
way the toolkit describes its "UK questions and data information" sheet, below title rows.
"""

import io
import random
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field

import openpyxl

DOMAINS = [
    (1, "Work", "Markers and Means"),
    (2, "Education", "Markers and Means"),
    (3, "Housing", "Markers and Means"),
    (4, "Health and Social Care", "Markers and Means"),
    (5, "Leisure", "Markers and Means"),
    (6, "Social Bonds", "Social Connections"),
    (7, "Social Bridges", "Social Connections"),
    (8, "Social Links", "Social Connections"),
    (9, "Language and Communication", "Facilitators"),
    (10, "Culture", "Facilitators"),
    (11, "Digital Skills", "Facilitators"),
    (12, "Safety", "Facilitators"),
    (13, "Stability", "Facilitators"),
    (14, "Rights and Responsibilities", "Foundation"),
]
SHEET_NAME = "UK questions & data information"
HEADERS = [
    "Indicator type",
    "Domain",
    "Indicator",
    "Question or variable",
    "Source",
    "Level of data",
    "Collection frequency",
    "How the data can be disaggregated",
    "Link to technical information",
    "Link to the data",
]
CODE_HEADER = "Indicator code"
TITLE_ROWS = [
    ["Home Office Indicators of Integration framework 2019 Toolkit (synthetic test copy)"],
    ["UK questions and data information"],
]
OTHER_SHEETS = ["UK source overview", "International comparison", "International data sources"]
LEVELS = ["National", "Regional", "Local authority", "Ward"]
FREQUENCIES = ["Annual", "Quarterly", "Every two years", "Every ten years"]
SOURCES = 40


def indicator_wording(index: int, domain_name: str) -> str:
    return f"% of residents reporting synthetic outcome {index} in {domain_name.lower()}"


def toolkit_rows(count: int, *, seed: int = 0, codes: bool = False) -> list[list]:
    """`count` data rows: each indicator has one or two question rows."""
    rng = random.Random(seed)  # noqa: S311 - test data, not security
    rows: list[list] = []
    index = 0
    while len(rows) < count:
        number, name, type_name = DOMAINS[index % len(DOMAINS)]
        wording = indicator_wording(index, name)
        for question in range(1 + (index % 2)):
            if len(rows) >= count:
                break
            source = index * 7 % SOURCES
            row = [
                type_name,
                name,
                wording,
                f"Synthetic question {question + 1} about outcome {index}",
                f"Synthetic Survey {source}",
                LEVELS[source % len(LEVELS)],
                FREQUENCIES[source % len(FREQUENCIES)],
                rng.choice(
                    ["Age, sex", "Age, sex, ethnicity", "Country of birth", "Not disaggregated"]
                ),
                f"https://example.org/survey-{source}/technical",
                f"https://example.org/survey-{source}/data",
            ]
            if codes:
                row.insert(0, f"TK{number:02d}-{index:05d}")
            rows.append(row)
        index += 1
    return rows


def headers(*, codes: bool = False) -> list[str]:
    return [CODE_HEADER, *HEADERS] if codes else list(HEADERS)


def write_toolkit_workbook(
    target, *, rows: int, seed: int = 0, codes: bool = False, title_rows: bool = True
) -> None:
    """Write a large toolkit-style workbook in streaming mode (to a path or a binary stream)."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Introduction")
    sheet.append(["Synthetic toolkit workbook for tests and benchmarks."])
    data = workbook.create_sheet(SHEET_NAME)
    if title_rows:
        for title in TITLE_ROWS:
            data.append(title)
        data.append([])
    data.append(headers(codes=codes))
    for row in toolkit_rows(rows, seed=seed, codes=codes):
        data.append(row)
    for name in OTHER_SHEETS:
        workbook.create_sheet(name).append(["Not read by the importer"])
    workbook.save(target)


@dataclass
class WorkbookSpec:
    """A small workbook described cell by cell, so tests can damage it in any way."""

    header: list = field(default_factory=headers)
    rows: list[list] = field(default_factory=lambda: toolkit_rows(6))
    sheet_name: str = SHEET_NAME
    title_rows: Sequence[Sequence] = tuple(TITLE_ROWS)
    hidden: bool = False
    other_sheets: Sequence[str] = tuple(OTHER_SHEETS)
    empty_sheets: Sequence[str] = ()
    hidden_sheets: Sequence[str] = ()
    # Ranges such as "B5:B7" (1-based, in the data sheet) to merge.
    merged: Sequence[str] = ()
    # (row, column, formula, stored value): a formula cell with the value a spreadsheet stored.
    formulas: Sequence[tuple[int, int, str, str]] = ()


def build_workbook(spec: WorkbookSpec) -> bytes:
    workbook = openpyxl.Workbook()
    data = workbook.active
    data.title = spec.sheet_name
    for title in spec.title_rows:
        data.append(list(title))
    data.append(list(spec.header))
    for row in spec.rows:
        data.append(list(row))
    markers = {}
    for number, (row, column, formula, stored) in enumerate(spec.formulas):
        marker = f"FORMULA-MARKER-{number}"
        data.cell(row=row, column=column, value=marker)
        markers[marker] = (formula, stored)
    # Merged last, as a spreadsheet does: a merge keeps only its top-left cell's value.
    for cell_range in spec.merged:
        data.merge_cells(cell_range)
    if spec.hidden:
        data.sheet_state = "hidden"
        workbook.create_sheet("Cover")
        workbook.active = 1
    for name in spec.other_sheets:
        workbook.create_sheet(name).append(["Not read by the importer"])
    for name in spec.empty_sheets:
        workbook.create_sheet(name)
    for name in spec.hidden_sheets:
        hidden = workbook.create_sheet(name)
        hidden.append(["Lookup"])
        hidden.sheet_state = "hidden"
    stream = io.BytesIO()
    workbook.save(stream)
    data_bytes = stream.getvalue()
    if markers:
        data_bytes = _with_stored_formulas(data_bytes, markers)
    return data_bytes


def _with_stored_formulas(data: bytes, markers: dict[str, tuple[str, str]]) -> bytes:
    """Turn marker strings into formula cells carrying a stored (cached) value, as Excel saves
    them: openpyxl itself never writes cached values."""

    def rewrite(xml: str) -> str:
        for marker, (formula, stored) in markers.items():
            xml = re.sub(
                r'<c r="([A-Z]+\d+)"([^>]*?) t="inlineStr"><is><t>'
                + re.escape(marker)
                + r"</t></is></c>",
                lambda m, f=formula, s=stored: (
                    f'<c r="{m.group(1)}"{m.group(2)} t="str"><f>{_escape(f)}</f><v>{_escape(s)}</v></c>'
                ),
                xml,
            )
        return xml

    return _rewrite_parts(data, lambda name: name.startswith("xl/worksheets/sheet"), rewrite)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _rewrite_parts(data: bytes, wanted, rewrite) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if wanted(info.filename):
                content = rewrite(content.decode("utf-8")).encode("utf-8")
            target.writestr(info, content)
    return output.getvalue()


def with_entity_expansion(data: bytes) -> bytes:
    """A "billion laughs" document type declaration in the data sheet's XML."""
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'
            for n in range(1, 10)
        )
        + "]>\n"
    )

    def rewrite(xml: str) -> str:
        xml = re.sub(r"^<\?xml[^>]*\?>\s*", "", xml)
        return bomb + xml.replace("Indicator</t>", "Indicator &lol9;</t>", 1)

    return _rewrite_parts(data, lambda name: name.startswith("xl/worksheets/sheet1"), rewrite)


def encrypted_lookalike() -> bytes:
    """The start of an OLE compound file holding an EncryptedPackage stream, as Excel writes a
    password-protected .xlsx (enough for the importer to recognise it)."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    directory = "EncryptedPackage".encode("utf-16-le") + b"\x00" * 94
    return header + directory + b"\x00" * 1024


def legacy_xls_lookalike() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "Workbook".encode("utf-16-le")


PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)
CSV_BYTES = b"Domain,Indicator\nWork,% in paid work\n"
