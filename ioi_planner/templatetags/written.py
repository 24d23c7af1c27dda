"""{{ text|written_in:content_lang }}: text that people wrote, marked as in the language they
wrote it in when that is not the page's (issue 21): `content_lang` is that language's code, or
empty when the text is in the page's language (or its language is not known), so nothing is
added. Loaded in every template (settings.TEMPLATES builtins)."""

from django import template

from ioi_planner.text import in_lang

register = template.Library()


@register.filter
def written_in(text, lang: str):
    return in_lang(text, lang)


@register.filter
def lang_of(value) -> str:
    """The language a piece of a document is marked as written in (ioi_planner.text.Written),
    or empty."""
    return getattr(value, "lang", "") or ""
