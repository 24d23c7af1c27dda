"""Text that people type, made safe once where it enters, and again where it leaves.

Entering: every form of the service mixes in `UserTextFormMixin`, which makes each of its text
fields normalise what was typed before validating it (`normalise`): Unicode NFC; line breaks
as "\\n"; control characters other than tab and line break, lone surrogates, and the
bidirectional embedding, override and isolate controls removed; text that is blank once spaces
and invisible characters are taken out counts as empty; a single-line field refuses a line break
with an error that says so. `tests/ioi_planner/test_text.py` checks that every form of the
project mixes it in.

Leaving: each export also neutralises what its own format cannot carry, as a second line of
defence for text saved before these rules or written by scripts: `for_xml` for the PDF and the
SVG diagram, `for_spreadsheet` for workbooks, `for_header` for email subjects.
"""

import html
import re
import unicodedata
from functools import cache

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import Promise, lazy
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

# C0 and C1 controls except tab (\t) and line feed (\n); carriage returns are turned into line
# feeds before this applies.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Lone UTF-16 surrogates (they can arrive through a form as lone code points) and the
# noncharacters U+FFFE and U+FFFF: no font draws them and XML cannot carry them.
_UNENCODABLE = re.compile(r"[\ud800-\udfff\ufffe\uffff]")
# Embeddings, overrides and isolates change the direction of the text that follows them, on the
# page and in exports (the "Trojan Source" trick). The plain marks (U+200E, U+200F, U+061C)
# act on one position only and stay.
_BIDI_CONTROLS = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
# Characters that take no room: zero-width space, joiners, word joiner, byte order mark,
# Mongolian vowel separator, soft hyphen, and the invisible operators.
_INVISIBLE = re.compile(r"[\u00ad\u180e\u200b-\u200d\u2060-\u2064\ufeff]")
# Every way of breaking a line, including the vertical tab and form feed that word processors
# use for a manual line break and a page break.
_LINE_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\x85\u2028\u2029]")


def normalise(value: str) -> str:
    """The text as the service stores it: NFC, "\\n" for every kind of line break, no other
    control characters (but tab), no lone surrogates, no direction overrides."""
    value = _UNENCODABLE.sub("", value)
    value = _LINE_BREAKS.sub("\n", value)
    value = _CONTROLS.sub("", value)
    value = _BIDI_CONTROLS.sub("", value)
    return unicodedata.normalize("NFC", value)


def lines_html(value: str) -> SafeString:
    """Text as HTML with its lines kept: escaped, each line break a <br> (what Django's
    linebreaksbr filter does, without its checks for lazy strings: a large plan's review page
    shows hundreds of texts)."""
    escaped = html.escape(value.replace("\r\n", "\n").replace("\r", "\n"))
    return SafeString(escaped.replace("\n", "<br>"))


def _escaped(value) -> str:
    if hasattr(value, "__html__"):  # safe HTML (SafeString, a rendered form) goes in as it is
        return value.__html__()
    return html.escape(str(value))


def xml_element(name: str, attributes: dict[str, int | str], content: str = "") -> str:
    """`<name attributes>content</name>` for server-drawn SVG (the plan's diagram, the progress
    charts), each attribute's value escaped (a whole number needs none); `content` is markup
    already: escape text before passing it. Written as text, not built and serialised with
    ElementTree, which took most of a chart's or a diagram's time (issue 20)."""
    written = "".join(
        f' {key}="{value}"' if type(value) is int else f' {key}="{html.escape(value)}"'
        for key, value in attributes.items()
    )
    if not content:
        return f"<{name}{written} />"
    return f"<{name}{written}>{content}</{name}>"


def html_format(template: str, *args) -> SafeString:
    """`template` (safe HTML with {} fields) with each of `args` escaped unless it is already
    safe HTML: what Django's format_html does, for pages that write hundreds of small pieces.
    format_html escapes through Django's lazy-string wrappers (conditional_escape, escape),
    which took half of its time on a large plan's review page; here plain strings are escaped
    by the standard library at once and lazy ones are made strings first."""
    return SafeString(template.format(*map(_escaped, args)))


def is_blank(value: str) -> bool:
    """True when nothing would show: only spaces, line breaks and invisible characters."""
    return not _INVISIBLE.sub("", value).strip()


def has_line_break(value: str) -> bool:
    return "\n" in value


class NormalisedText:
    """Mixed into a form field of the CharField family: normalises, treats blank as empty, and
    (single-line fields) refuses line breaks. Multi-line fields are those drawn as a Textarea."""

    def to_python(self, value):
        if isinstance(value, str):
            value = normalise(value)
        value = super().to_python(value)
        if isinstance(value, str) and is_blank(value):
            return self.empty_value
        return value

    def validate(self, value):
        super().validate(value)
        if (
            isinstance(value, str)
            and not isinstance(self.widget, forms.Textarea)
            and has_line_break(value)
        ):
            raise ValidationError(
                _("%(label)s must be on one line: remove the line break")
                % {"label": _sentence(self.label) or _("This answer")},
                code="line_break",
            )


def _sentence(label) -> str:
    text = str(label or "").strip().rstrip("?:")
    return text[:1].upper() + text[1:]


@cache
def _normalising(field_class: type) -> type:
    return type(f"Normalised{field_class.__name__}", (NormalisedText, field_class), {})


def normalising_field(field: forms.Field) -> None:
    """Make a text field of a form normalise what it receives (in place; idempotent). Password
    fields are left as typed: a password is compared, never shown or exported."""
    if (
        isinstance(field, forms.CharField)
        and not isinstance(field, NormalisedText)
        and not isinstance(field.widget, forms.PasswordInput)
    ):
        field.__class__ = _normalising(type(field))


class UserTextFormMixin:
    """Every form of the service: its text fields normalise what was typed (see the module's
    docstring). Applied just before validation, so fields added in any __init__ count too."""

    def full_clean(self):
        for field in self.fields.values():
            normalising_field(field)
        super().full_clean()


# -- Leaving: each format's own limits ---------------------------------------------------------

# What XML 1.0 cannot carry at all (the PDF's HTML and the SVG diagram are XML or parsed as such).
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def for_xml(value: str) -> str:
    return _XML_ILLEGAL.sub("", _BIDI_CONTROLS.sub("", value))


def for_spreadsheet(value: str) -> str:
    """What an xlsx cell can hold: openpyxl refuses control characters in a cell."""
    return for_xml(value).replace("\x7f", "")


def cell_as_text(cell, value) -> None:
    """Write a value into an openpyxl cell, as text. openpyxl stores a string that starts with =
    as a formula, and spreadsheets treat = + - @ typed into a cell as the start of one; the cell
    is set to string type and given a quote prefix, so it is shown as typed and never
    calculated. What a cell cannot hold (control characters) is dropped, not left to fail."""
    if isinstance(value, str):
        value = for_spreadsheet(value)
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True


def for_csv(value: str) -> str:
    """A CSV field that a spreadsheet opening the file shows as typed: one that would start a
    formula gets a leading apostrophe (a CSV cell has no quote-prefix flag to carry instead)."""
    value = for_xml(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def for_header(value: str) -> str:
    """One line for an email header: any run of line breaks, controls and spaces becomes one
    space, so user text can never add a header."""
    return " ".join(_CONTROLS.sub(" ", _LINE_BREAKS.sub(" ", for_xml(value))).split())


def _interpolated(template, values: dict) -> str:
    return str(template) % {
        name: str(value) if isinstance(value, Promise) else value for name, value in values.items()
    }


def _capitalised(text) -> str:
    text = str(text)
    return text[:1].upper() + text[1:]


# A message built from lazy pieces (`gettext_lazy`) at import time, in a class body or a
# module-level dict: `_("Enter %(what)s") % {...}` there would be turned into text at once, in
# the default language, and stay English on a Welsh page. These wait until the message is shown.
_lazy_interpolated = lazy(_interpolated, str)
capitalised = lazy(_capitalised, str)


def lazy_format(template, **values):
    """`template % values`, done when the message is shown, in the reader's language."""
    return _lazy_interpolated(template, values)


NOT_WRITTEN = "–"  # how pages and documents show an answer not given


class Written(str):
    """Text people wrote, in `lang`, a language that is not the page's or the document's
    (issue 21): a page or a PDF marks it with `lang`, a Word document gives its runs that
    language."""

    lang: str

    def __new__(cls, text: str, lang: str) -> "Written":
        marked = super().__new__(cls, text)
        marked.lang = lang
        return marked


def written(text: str, lang: str) -> str:
    """`text`, marked as in `lang` when a language is given (theory_of_change.presenters.
    content_lang); an empty answer ("–") is the page's own."""
    return Written(text, lang) if lang and text and text != NOT_WRITTEN else text


def in_lang(content, lang: str) -> SafeString:
    """`content` (text, escaped here, or safe HTML) in a <span lang> when `lang` is given: how
    every page marks words in another language than its own (WCAG 3.1.2, issue 21)."""
    if not lang:
        return SafeString(_escaped(content))
    return html_format('<span lang="{}">{}</span>', lang, content)


def written_html(text: str) -> SafeString:
    """Text with its lines kept (lines_html), in a <span lang> when it is Written."""
    return in_lang(lines_html(text), getattr(text, "lang", ""))
