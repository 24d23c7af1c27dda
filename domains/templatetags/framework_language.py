"""{{ domain|in_language:"name" }} and {{ domain|text_in_language:"name" }}: the framework's
data in the reader's language, English marked as such on a Welsh page (domains/languages.py).
Loaded in every template (settings.TEMPLATES builtins)."""

from django import template

from domains import languages

register = template.Library()


@register.filter
def in_language(obj, field: str):
    """As HTML: the text, in a <span lang="en-gb"> where it is English on a Welsh page."""
    return languages.in_language(obj, field) if obj is not None else ""


@register.filter
def text_in_language(obj, field: str) -> str:
    """As plain text, for an attribute (title, aria-label) or a page's <title>."""
    return languages.text_in_language(obj, field) if obj is not None else ""


@register.filter
def level_in_language(level: str):
    """A data source's level of data in the reader's language (domains/languages.py)."""
    return languages.level_in_language(level) if level else "–"
