"""Reading a toolkit workbook: check the file, find the data sheet and its header row, map the
columns by header name, and turn each row into values or a reason for rejecting it.

The workbook is read with openpyxl in read-only (streaming) mode with `data_only=True`, so a
formula is read as the value the spreadsheet stored for it and never evaluated. openpyxl parses
the XML through defusedxml when it is installed (it is a dependency), which refuses entity
expansion ("billion laughs") and external entities.

Nothing here touches the database: the caller passes the framework's domains in.
"""

import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import lru_cache

import openpyxl
from defusedxml import ElementTree as DefusedElementTree
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from domains.models import DataAvailability, DataSource, Indicator

from .welsh import WELSH_HEADERS, WELSH_SHEET_NAMES

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
SHARED_STRINGS = "xl/sharedStrings.xml"
VBA_PROJECT = "xl/vbaProject.bin"
# The content type of an .xlsm (a macro-enabled workbook), with or without macros in it.
MACRO_ENABLED = b"macroEnabled"
CONTENT_TYPES_READ_LIMIT = 2**20
# The stream name an encrypted OOXML file keeps inside its OLE container, as UTF-16.
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
HEADER_SCAN_ROWS = 30
ERROR_VALUES = frozenset(
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"}
)

# The sheet the importer reads, and other names it may go by (compared after normalising).
DATA_SHEET_NAMES = [
    "UK questions and data information",
    "UK questions and data info",
    "UK questions and data",
    "Questions and data information",
    "UK questions",
]


@dataclass(frozen=True)
class Column:
    """A field the importer can read, and the header names it recognises for it."""

    name: str
    label: str | Promise
    synonyms: tuple[str, ...]
    required: bool = False


COLUMNS = [
    Column(
        "indicator_type",
        gettext_lazy("Indicator type"),
        ("indicator type", "type", "domain type", "type of indicator"),
    ),
    Column(
        "domain",
        gettext_lazy("Domain"),
        ("domain", "domain name", "integration domain", "domains"),
        required=True,
    ),
    Column(
        "code",
        gettext_lazy("Indicator code"),
        ("indicator code", "code", "indicator ref", "indicator reference", "ref", "indicator id"),
    ),
    Column(
        "group",
        gettext_lazy("Indicator group"),
        ("indicator group", "group", "sub domain", "subdomain", "theme", "topic"),
    ),
    Column(
        "indicator",
        gettext_lazy("Indicator"),
        (
            "indicator",
            "indicators",
            "indicator wording",
            "indicator text",
            "indicator description",
            "outcome indicator",
        ),
        required=True,
    ),
    Column(
        "data_availability",
        gettext_lazy("Data availability"),
        ("data availability", "availability", "type of data", "data type", "data available"),
    ),
    Column(
        "question",
        gettext_lazy("Question or variable"),
        (
            "question or variable",
            "question variable",
            "questions or variables",
            "question",
            "questions",
            "variable",
            "survey question",
            "example question",
            "example questions",
        ),
    ),
    Column(
        "source",
        gettext_lazy("Source"),
        ("source", "data source", "source name", "survey", "dataset", "data set"),
    ),
    Column(
        "publisher",
        gettext_lazy("Publisher"),
        ("publisher", "published by", "produced by", "owner"),
    ),
    Column(
        "level",
        gettext_lazy("Level of data"),
        (
            "level of data",
            "data level",
            "level",
            "geography",
            "geographic level",
            "geography level",
        ),
    ),
    Column(
        "frequency",
        gettext_lazy("Collection frequency"),
        ("collection frequency", "frequency", "frequency of collection", "how often collected"),
    ),
    Column(
        "disaggregation",
        gettext_lazy("How the data can be disaggregated"),
        (
            "how the data can be disaggregated",
            "information on how the data can be disaggregated",
            "disaggregation",
            "disaggregation information",
            "disaggregated by",
            "breakdowns",
        ),
    ),
    Column(
        "technical_url",
        gettext_lazy("Link to technical information"),
        (
            "link to technical information",
            "links to technical information",
            "technical information",
            "technical information link",
            "technical link",
        ),
    ),
    Column(
        "data_url",
        gettext_lazy("Link to the data"),
        (
            "link to the data",
            "links to the data",
            "link to data",
            "data link",
            "the data information source",
            "data information source",
            "link",
            "url",
        ),
    ),
]
COLUMNS_BY_NAME = {column.name: column for column in COLUMNS}
REQUIRED_COLUMNS = [column.name for column in COLUMNS if column.required]

SOURCE_FIELDS = ("publisher", "level", "frequency", "disaggregation", "technical_url", "data_url")

AVAILABILITY_WORDS = {
    "official statistics": DataAvailability.OFFICIAL_STATISTICS,
    "official statistic": DataAvailability.OFFICIAL_STATISTICS,
    "official": DataAvailability.OFFICIAL_STATISTICS,
    "national survey": DataAvailability.NATIONAL_SURVEY,
    "national surveys": DataAvailability.NATIONAL_SURVEY,
    "other data": DataAvailability.OTHER_DATA,
    "other": DataAvailability.OTHER_DATA,
    "no data located": DataAvailability.NO_DATA_LOCATED,
    "no data": DataAvailability.NO_DATA_LOCATED,
}


class WorkbookError(Exception):
    """The file as a whole cannot be imported. The message is one line a user can act on."""


_PUNCTUATION = re.compile(r"[\W_]+")


@lru_cache(maxsize=2**16)
def normalise(text: str) -> str:
    """Fold case, spacing and punctuation, with "&" read as "and"."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("&", " and ")
    return " ".join(_PUNCTUATION.sub(" ", text).split())


def normalise_name(text: str) -> str:
    """Sheet names compare with all spacing and punctuation removed."""
    return normalise(text).replace(" ", "")


def column_letter(index: int) -> str:
    return openpyxl.utils.get_column_letter(index + 1)


# -- The file ---------------------------------------------------------------------------------


def check_file(data: bytes) -> None:
    """Refuse, with a reason, a file that is too big or is not an .xlsx workbook."""
    limit = settings.TOOLKIT_IMPORT_MAX_FILE_BYTES
    if len(data) > limit:
        raise WorkbookError(
            _("The file is larger than %(limit)s MB. Check it is the toolkit workbook.")
            % {"limit": _megabytes(limit)}
        )
    if not data:
        raise WorkbookError(_("The file is empty. Choose the toolkit workbook (.xlsx)."))
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_PACKAGE in data:
            raise WorkbookError(
                _(
                    "This workbook is password protected. Remove the password in Excel "
                    "(File, Info, Protect Workbook) and upload it again."
                )
            )
        raise WorkbookError(
            _(
                "This is an older Excel file (.xls). Open it in Excel, save it as an Excel "
                "Workbook (.xlsx) and upload that."
            )
        )
    if not data.startswith(ZIP_MAGIC):
        raise WorkbookError(
            _("The file is not an Excel workbook. Upload the toolkit as an .xlsx file.")
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise WorkbookError(
            _("The file is damaged and cannot be opened. Save the workbook again and upload it.")
        ) from None
    with archive:
        _check_archive(archive)


def _check_archive(archive: zipfile.ZipFile) -> None:
    names = set(archive.namelist())
    uncompressed = sum(info.file_size for info in archive.infolist())
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise WorkbookError(
            _("The file is not an Excel workbook. Upload the toolkit as an .xlsx file.")
        )
    if uncompressed > settings.TOOLKIT_IMPORT_MAX_UNCOMPRESSED_BYTES:
        raise WorkbookError(
            _("The workbook unpacks to more than %(limit)s MB, which is more than a toolkit needs.")
            % {"limit": _megabytes(settings.TOOLKIT_IMPORT_MAX_UNCOMPRESSED_BYTES)}
        )
    macro_enabled = VBA_PROJECT in names or MACRO_ENABLED in _content_types(archive)
    if not macro_enabled and SHARED_STRINGS in names:
        _check_shared_strings(archive)
    if macro_enabled:
        raise WorkbookError(
            _(
                "This workbook contains macros (an .xlsm file). Open it in Excel, save it as an "
                "Excel Workbook (.xlsx), which leaves the macros out, and upload that."
            )
        )


def _content_types(archive: zipfile.ZipFile) -> bytes:
    try:
        with archive.open("[Content_Types].xml") as stream:
            return stream.read(CONTENT_TYPES_READ_LIMIT)
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, KeyError):
        raise WorkbookError(
            _("The file is damaged and cannot be opened. Save the workbook again and upload it.")
        ) from None


def _check_shared_strings(archive: zipfile.ZipFile) -> None:
    """openpyxl reads every shared string into memory before the first row: a small file can
    hold millions of them (16 million empty strings fit in 700 KB). Count them as they stream
    past and stop at the limits, so such a file costs a moment, not minutes and gigabytes."""
    count_limit = settings.TOOLKIT_IMPORT_MAX_SHARED_STRINGS
    length_limit = settings.TOOLKIT_IMPORT_MAX_SHARED_STRING_CHARACTERS
    count = length = 0
    try:
        with archive.open(SHARED_STRINGS) as stream:
            for _event, element in DefusedElementTree.iterparse(stream, events=("end",)):
                tag = element.tag.rsplit("}", 1)[-1]
                if tag == "t":
                    length += len(element.text or "")
                elif tag == "si":
                    count += 1
                    element.clear()
                if count > count_limit:
                    raise WorkbookError(
                        _(
                            "The workbook holds more than %(limit)s different pieces of text, "
                            "which is more than a toolkit needs. Check it is the toolkit workbook."
                        )
                        % {"limit": f"{count_limit:,}"}
                    )
                if length > length_limit:
                    raise WorkbookError(
                        _(
                            "The workbook holds more than %(limit)s characters of text, which is "
                            "more than a toolkit needs. Check it is the toolkit workbook."
                        )
                        % {"limit": f"{length_limit:,}"}
                    )
    except WorkbookError:
        raise
    except Exception as error:  # a damaged or hostile XML part
        raise _unreadable(error) from None


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:g}"


def open_workbook(data: bytes):
    """Open the workbook for streaming, with formulas read as their stored values."""
    check_file(data)
    try:
        return openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=True, keep_links=False
        )
    except Exception as error:  # openpyxl raises many kinds of error for a damaged file
        raise _unreadable(error) from None


def _unreadable(error: Exception) -> WorkbookError:
    # openpyxl wraps what the parser raised; look down the chain for defusedxml's refusal.
    cause: BaseException | None = error
    seen = 0
    while cause is not None and seen < 10:
        if type(cause).__module__.startswith("defusedxml"):
            break
        cause, seen = cause.__cause__ or cause.__context__, seen + 1  # noqa: PLW2901
    if cause is not None and type(cause).__module__.startswith("defusedxml"):
        return WorkbookError(
            _(
                "The workbook contains XML that is not allowed (entity declarations). It was refused."
            )
        )
    return WorkbookError(
        _("The workbook is damaged and cannot be read. Save it again in Excel and upload it.")
    )


# -- The sheet and its header row -------------------------------------------------------------


@dataclass
class Layout:
    """Where the data is: the sheet, its header row (1-based), its headers, and the mapping of
    each field to a 0-based column index (None when the file has no such column)."""

    sheet_name: str
    header_row: int
    headers: list[str]
    mapping: dict[str, int | None]
    # Fields whose header appears more than once: the admin must choose.
    ambiguous: dict[str, list[int]] = field(default_factory=dict)

    @property
    def missing_required(self) -> list[str]:
        return [name for name in REQUIRED_COLUMNS if self.mapping.get(name) is None]

    @property
    def language(self) -> str:
        return workbook_language(self.sheet_name, self.headers)


_SYNONYMS = {normalise(s): column.name for column in COLUMNS for s in column.synonyms}
_WELSH_SYNONYMS = {normalise(s): name for name, names in WELSH_HEADERS.items() for s in names}
_SYNONYMS |= _WELSH_SYNONYMS
_WELSH_SHEETS = {normalise_name(name) for name in WELSH_SHEET_NAMES}


def workbook_language(sheet_name: str, headers: list[str]) -> str:
    """ "cy" for the Welsh toolkit (toolkit_import/welsh.py): its data sheet has a Welsh name,
    or more of its headers are Welsh than not; "en-gb" otherwise."""
    if normalise_name(sheet_name) in _WELSH_SHEETS:
        return "cy"
    named = [header for header in headers if header]
    welsh = sum(1 for header in named if normalise(header) in _WELSH_SYNONYMS)
    return "cy" if welsh * 2 > len(named) else "en-gb"


def field_for_header(header: str) -> str | None:
    return _SYNONYMS.get(normalise(header))


def find_layout(workbook) -> Layout:
    """Find the data sheet by name, then its header row, then map the columns."""
    sheet = _find_sheet(workbook)
    rows = _rows(sheet, max_row=HEADER_SCAN_ROWS, max_col=settings.TOOLKIT_IMPORT_MAX_COLUMNS + 1)
    best: tuple[int, int, tuple] | None = None
    for number, values in enumerate(rows, start=1):
        if len(values) > settings.TOOLKIT_IMPORT_MAX_COLUMNS and values[-1] not in (None, ""):
            raise WorkbookError(
                _("The sheet “%(sheet)s” has more than %(limit)d columns.")
                % {"sheet": sheet.title, "limit": settings.TOOLKIT_IMPORT_MAX_COLUMNS}
            )
        matched = {field_for_header(v) for v in values if isinstance(v, str)} - {None}
        if "indicator" in matched and (best is None or len(matched) > best[1]):
            best = (number, len(matched), values)
    if best is None:
        raise WorkbookError(
            _(
                "No header row was found in the first %(rows)d rows of “%(sheet)s”: "
                "one cell must be headed “Indicator”."
            )
            % {"rows": HEADER_SCAN_ROWS, "sheet": sheet.title}
        )
    header_row, _count, values = best
    headers = [_header_text(v) for v in values]
    while headers and not headers[-1]:
        headers.pop()
    mapping: dict[str, int | None] = dict.fromkeys(COLUMNS_BY_NAME)
    seen: dict[str, list[int]] = {}
    for index, header in enumerate(headers):
        name = field_for_header(header) if header else None
        if name:
            seen.setdefault(name, []).append(index)
    ambiguous = {name: indexes for name, indexes in seen.items() if len(indexes) > 1}
    for name, indexes in seen.items():
        if name not in ambiguous:
            mapping[name] = indexes[0]
    return Layout(
        sheet_name=sheet.title,
        header_row=header_row,
        headers=headers,
        mapping=mapping,
        ambiguous=ambiguous,
    )


def _header_text(value) -> str:
    if value is None:
        return ""
    return " ".join(str(value).split())[:200]


def real_extent(sheet):
    """The sheet read to its real end. A streamed sheet trusts the size its file declares
    (<dimension>), which a file can under-state (rows after it silently dropped) or over-state
    (thousands of empty rows made up): forget it, and read the rows that are there."""
    if hasattr(sheet, "reset_dimensions"):
        # What the file declares is kept as an estimate, only to show progress against.
        sheet.declared_rows = sheet.max_row or 0
        sheet.reset_dimensions()
    return sheet


def _find_sheet(workbook):
    wanted = {normalise_name(name) for name in [*DATA_SHEET_NAMES, *WELSH_SHEET_NAMES]}
    hidden = None
    for sheet in workbook.worksheets:
        if normalise_name(sheet.title) in wanted:
            if sheet.sheet_state == "visible":
                return real_extent(sheet)
            hidden = hidden or sheet
    if hidden is not None:
        raise WorkbookError(
            _("The sheet “%(sheet)s” is hidden. Unhide it in Excel and upload the file again.")
            % {"sheet": hidden.title}
        )
    raise WorkbookError(
        _("The workbook has no sheet called “%(name)s”. Check it is the Home Office toolkit.")
        % {"name": DATA_SHEET_NAMES[0]}
    )


def _rows(sheet, *, min_row: int = 1, max_row: int | None = None, max_col: int | None = None):
    try:
        yield from sheet.iter_rows(
            min_row=min_row, max_row=max_row, max_col=max_col, values_only=True
        )
    except WorkbookError:
        raise
    except Exception as error:  # a damaged sheet can fail at any row
        raise _unreadable(error) from None


# -- Rows ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DomainInfo:
    number: int
    type_name: str


class DomainLookup:
    """Finds a domain from what a cell says: its number, name or another name, with or
    without a leading number ("9. Language and Communication")."""

    _LEADING_NUMBER = re.compile(r"^(?:domain\s*)?(\d{1,2})\s*(.*)$")

    def __init__(
        self,
        domains: Iterable[tuple[int, str, list[str], str]],
        type_aliases: dict[str, str] | None = None,
    ):
        """`domains`: (number, name, other names, type's name); `type_aliases`: other names of
        the types (their Welsh), each to the type's name."""
        self.by_number: dict[int, DomainInfo] = {}
        self.by_name: dict[str, DomainInfo] = {}
        self.type_names: dict[str, str] = {}
        for number, name, aliases, type_name in domains:
            info = DomainInfo(number=number, type_name=type_name)
            self.by_number[number] = info
            for alias in [name, *aliases]:
                self.by_name[normalise(alias)] = info
            self.type_names[normalise(type_name)] = type_name
        for alias, type_name in (type_aliases or {}).items():
            self.type_names[normalise(alias)] = type_name

    def find(self, value) -> DomainInfo | None:
        if isinstance(value, bool):
            return None
        if isinstance(value, int | float):
            return self.by_number.get(int(value)) if float(value).is_integer() else None
        text = normalise(value)
        if text in self.by_name:
            return self.by_name[text]
        match = self._LEADING_NUMBER.match(text)
        if match:
            info = self.by_number.get(int(match.group(1)))
            rest = match.group(2)
            if info and (not rest or self.by_name.get(rest) == info):
                return info
        return None


@dataclass
class Problem:
    """Why a row (or a cell in it) was rejected."""

    sheet: str
    row: int
    column: str  # the column letter, or "" when the problem is with the row as a whole
    header: str
    message: str
    value: str = ""

    def as_dict(self) -> dict:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "header": self.header,
            "message": self.message,
            "value": self.value,
        }


@dataclass
class SourceValues:
    name: str
    publisher: str = ""
    level: str = ""
    frequency: str = ""
    disaggregation: str = ""
    technical_url: str = ""
    data_url: str = ""


@dataclass
class Row:
    number: int
    domain: int
    type_name: str
    code: str
    wording: str
    group: str | None
    availability: frozenset[str] | None
    question: str
    source: SourceValues | None


@dataclass
class ReadResult:
    layout: Layout
    rows: list[Row]
    problems: list[Problem]
    # (domain number, normalised wording) of rejected rows whose indicator could still be told:
    # their indicators are kept as they are, never retired because of a mistake in another cell.
    rejected_keys: set[tuple[int, str]]
    rows_read: int


def _max_length(model, name: str) -> int | None:
    return model._meta.get_field(name).max_length


TEXT_LIMITS = {
    "code": _max_length(Indicator, "code"),
    "group": _max_length(Indicator, "group"),
    "source": _max_length(DataSource, "name"),
    "publisher": _max_length(DataSource, "publisher"),
    "level": _max_length(DataSource, "geography_level"),
    "frequency": _max_length(DataSource, "frequency"),
    "technical_url": _max_length(DataSource, "technical_url"),
    "data_url": _max_length(DataSource, "url"),
}
URL_FIELDS = ("technical_url", "data_url")
_url_validator = URLValidator(schemes=["http", "https"])


@lru_cache(maxsize=2**12)
def _is_web_address(text: str) -> bool:
    # Cached: a toolkit repeats the same few sources' links on thousands of rows.
    try:
        _url_validator(text)
    except ValidationError:
        return False
    return True


class _RowRejected(Exception):
    def __init__(self, column: str | None, message: str, value=None):
        self.column = column
        self.message = message
        self.value = value


def _text(value, column: str, *, numbers_allowed: bool = True) -> str:
    """A cell's value as text; dates, times and true/false are the wrong type for text."""
    if value is None:
        return ""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, bool | datetime | date | time):
        raise _RowRejected(
            column,
            _("%(header)s must be text, not a date, time or true/false value")
            % {"header": COLUMNS_BY_NAME[column].label},
            value,
        )
    if isinstance(value, int | float):
        if not numbers_allowed:
            raise _RowRejected(
                column,
                _("%(header)s must be text, not a number")
                % {"header": COLUMNS_BY_NAME[column].label},
                value,
            )
        return str(int(value)) if float(value).is_integer() else str(value)
    raise _RowRejected(column, _("The cell's value cannot be read as text"), value)


PROGRESS_EVERY = 1000


def read_rows(
    workbook,
    layout: Layout,
    domains: DomainLookup,
    on_progress: Callable[[int, int], None] | None = None,
) -> ReadResult:
    """Read every data row below the header row into values, or a problem saying what is wrong.

    `on_progress(rows_read, rows_expected)` is called every PROGRESS_EVERY rows; the rows
    expected are what the file declares, an estimate (the real count is only known at the end).
    """
    sheet = workbook[layout.sheet_name]
    expected = max(getattr(sheet, "declared_rows", 0) - layout.header_row, 0)
    mapping = {name: index for name, index in layout.mapping.items() if index is not None}
    missing = [name for name in REQUIRED_COLUMNS if name not in mapping]
    if missing:
        raise WorkbookError(
            _("The sheet “%(sheet)s” has no column for: %(fields)s.")
            % {
                "sheet": layout.sheet_name,
                "fields": ", ".join(str(COLUMNS_BY_NAME[name].label) for name in missing),
            }
        )
    width = max(mapping.values()) + 1
    max_rows = settings.TOOLKIT_IMPORT_MAX_ROWS
    max_cell = settings.TOOLKIT_IMPORT_MAX_CELL_LENGTH
    items = list(mapping.items())
    rows: list[Row] = []
    problems: list[Problem] = []
    rejected_keys: set[tuple[int, str]] = set()
    previous: dict[str, object] = {}
    count = 0
    number = layout.header_row
    for number, values in enumerate(
        _rows(sheet, min_row=layout.header_row + 1, max_col=width), start=layout.header_row + 1
    ):
        count += 1
        if on_progress is not None and count % PROGRESS_EVERY == 0:
            on_progress(count, max(expected, count))
        if count > max_rows:
            raise WorkbookError(
                _("The sheet “%(sheet)s” has more than %(limit)s rows below its header.")
                % {"sheet": layout.sheet_name, "limit": f"{max_rows:,}"}
            )
        cells = {name: values[index] if index < len(values) else None for name, index in items}
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in cells.values()):
            continue
        try:
            row = _read_row(number, cells, previous, domains, max_cell)
        except _RowRejected as rejected:
            problem = _problem(layout, number, rejected)
            problems.append(problem)
            key = _key_if_known(cells, previous, domains)
            if key:
                rejected_keys.add(key)
            continue
        rows.append(row)
    return ReadResult(
        layout=layout,
        rows=rows,
        problems=problems,
        rejected_keys=rejected_keys,
        rows_read=count,
    )


def _problem(layout: Layout, number: int, rejected: _RowRejected) -> Problem:
    index = layout.mapping.get(rejected.column) if rejected.column else None
    value = "" if rejected.value is None else str(rejected.value)
    return Problem(
        sheet=layout.sheet_name,
        row=number,
        column=column_letter(index) if index is not None else "",
        header=layout.headers[index] if index is not None and index < len(layout.headers) else "",
        message=str(rejected.message),
        value=value[:100] + ("…" if len(value) > 100 else ""),
    )


def _key_if_known(cells, previous, domains: DomainLookup) -> tuple[int, str] | None:
    wording, domain = cells.get("indicator"), cells.get("domain")
    if wording is None:
        wording = previous.get("indicator")
    if domain is None:
        domain = previous.get("domain")
    if not isinstance(wording, str) or not wording.strip() or domain is None:
        return None
    info = domains.find(domain) if isinstance(domain, str | int | float) else None
    return (info.number, normalise(wording)) if info else None


def _read_row(number, cells, previous, domains: DomainLookup, max_cell: int) -> Row:
    for name, value in cells.items():
        if isinstance(value, str):
            if value.strip() in ERROR_VALUES:
                raise _RowRejected(
                    name,
                    _("The cell holds a spreadsheet error (%(error)s) instead of a value")
                    % {"error": value.strip()},
                    value,
                )
            if len(value) > max_cell:
                raise _RowRejected(
                    name,
                    _("The cell is longer than %(limit)s characters") % {"limit": f"{max_cell:,}"},
                    value,
                )

    # A blank indicator cell below an indicator continues it (another question or source),
    # and blank domain and type cells continue the row above, as merged or filled-down cells do.
    continues = cells.get("indicator") in (None, "") and previous.get("indicator")
    for name in ("domain", "indicator_type", "code", "group", "indicator", "data_availability"):
        inherits = name in ("domain", "indicator_type") or continues
        if inherits and cells.get(name) in (None, "") and previous.get(name) not in (None, ""):
            cells[name] = previous[name]

    raw_domain = cells.get("domain")
    if raw_domain is None or (isinstance(raw_domain, str) and not raw_domain.strip()):
        raise _RowRejected("domain", _("Enter the domain"))
    if not isinstance(raw_domain, str | int | float) or isinstance(raw_domain, bool):
        raise _RowRejected("domain", _("The domain must be a domain's name or number"), raw_domain)
    domain = domains.find(raw_domain)
    if domain is None:
        raise _RowRejected("domain", _("This is not one of the framework's 14 domains"), raw_domain)

    wording = _text(cells.get("indicator"), "indicator", numbers_allowed=False)
    if not wording:
        raise _RowRejected("indicator", _("Enter the indicator"))

    type_name = _text(cells.get("indicator_type"), "indicator_type")
    if type_name and domains.type_names.get(normalise(type_name)) != domain.type_name:
        raise _RowRejected(
            "indicator_type",
            _("This domain is in the type “%(type)s”") % {"type": domain.type_name},
            type_name,
        )

    values = {name: _text(cells.get(name), name) for name in ("code", "group", "question")}
    # None when the file has no group column, so an import never blanks the bank's groups.
    group = values["group"] if "group" in cells else None
    source_values = {name: _text(cells.get(name), name) for name in ("source", *SOURCE_FIELDS)}
    for name, limit in TEXT_LIMITS.items():
        text = values.get(name) or source_values.get(name) or ""
        if limit and len(text) > limit:
            raise _RowRejected(
                name,
                _("%(header)s must be %(limit)d characters or fewer")
                % {"header": COLUMNS_BY_NAME[name].label, "limit": limit},
                text,
            )
    for name in URL_FIELDS:
        if source_values[name] and not _is_web_address(source_values[name]):
            raise _RowRejected(
                name,
                _("Enter a web address starting with https:// or http://"),
                source_values[name],
            )

    availability = None
    if "data_availability" in cells:
        availability = _availability(cells.get("data_availability"))

    source = None
    if source_values["source"]:
        source = SourceValues(
            name=source_values.pop("source"), **{k: source_values[k] for k in SOURCE_FIELDS}
        )
    elif any(source_values[k] for k in SOURCE_FIELDS):
        raise _RowRejected("source", _("Enter the source's name for the details in this row"))

    previous.clear()
    previous.update(cells)
    return Row(
        number=number,
        domain=domain.number,
        type_name=domain.type_name,
        code=values["code"],
        wording=wording,
        group=group,
        availability=availability,
        question=values["question"],
        source=source,
    )


_SEPARATORS = re.compile(r"[;,/\n+]|\band\b|&")


def _availability(value) -> frozenset[str]:
    text = _text(value, "data_availability", numbers_allowed=False)
    found = set()
    for part in _SEPARATORS.split(text.casefold()):
        part = normalise(part)
        if not part:
            continue
        if part not in AVAILABILITY_WORDS:
            raise _RowRejected(
                "data_availability",
                _(
                    "Data availability must be one or more of: official statistics, "
                    "national survey, other data, no data located"
                ),
                value,
            )
        found.add(str(AVAILABILITY_WORDS[part]))
    return frozenset(found)
