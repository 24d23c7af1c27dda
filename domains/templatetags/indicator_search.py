"""{% search_match search indicator as match %}: why a search result matched (domains/search.py)."""

from django import template

register = template.Library()


@register.simple_tag
def search_match(search, indicator):
    """The Explanation of `indicator` in `search` (an IndicatorSearch), or None without a query."""
    if search is None:
        return None
    return search.explain(indicator)
