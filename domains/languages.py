"""The framework's data in the reader's language (issue 21): a domain type's, a domain's and an
indicator's texts are stored in English and, where there is one, in Welsh (`<field>_cy`).

A Welsh reader gets the Welsh; where there is none yet, the English, marked as English (`lang`)
so that a screen reader reads it with English pronunciation: `in_language` (as HTML, for a
page) and `text_in_language` (plain text, for attributes, titles and documents)."""

from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext_lazy

from ioi_planner.text import in_lang

ENGLISH = "en-gb"


def localised(obj, field: str) -> tuple[str, str | None]:
    """(text, lang): the field in the active language, and the language it is in when that is
    not the page's (English shown on a Welsh page); lang is None when it is the page's."""
    english = getattr(obj, field)
    if not (get_language() or "").startswith("cy"):
        return english, None
    welsh = getattr(obj, f"{field}_cy", "")
    if welsh:
        return welsh, None
    return english, ENGLISH if english else None


def text_in_language(obj, field: str) -> str:
    return localised(obj, field)[0]


def in_language(obj, field: str) -> SafeString:
    text, lang = localised(obj, field)
    return in_lang(text, lang or "")


def numbered_name(domain) -> str:
    """A domain as lists and choices name it, "4. Housing", in the reader's language."""
    return f"{domain.number}. {text_in_language(domain, 'name')}"


# A data source's level of data, as the starter sources write it: shown in the reader's
# language. Other levels (a toolkit's own words) are shown as written, marked as English.
LEVELS = {
    "local authority": gettext_lazy("local authority"),
    "regional": gettext_lazy("regional"),
    "national": gettext_lazy("national"),
    "none": gettext_lazy("none (the council’s own data)"),
}


def level_text(level: str) -> str:
    """The level as plain text: as written for an English reader; a known level in Welsh for
    a Welsh one (any other as written)."""
    if not (get_language() or "").startswith("cy"):
        return level
    return str(LEVELS.get(level.strip().lower(), level))


def level_in_language(level: str) -> SafeString:
    """The level as HTML, an unknown level on a Welsh page marked as English."""
    unknown = (get_language() or "").startswith("cy") and level.strip().lower() not in LEVELS
    return in_lang(level_text(level), ENGLISH if unknown else "")
