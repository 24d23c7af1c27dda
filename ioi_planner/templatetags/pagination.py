"""The page numbers of the GOV.UK pagination component (templates/components/pagination.html)."""

from django import template
from django.core.paginator import Page

register = template.Library()


@register.filter
def page_links(page_obj: Page) -> list:
    """The first, last, current and neighbouring page numbers, with Paginator.ELLIPSIS between
    (1 … 6 [7] 8 … 42); a gap of a single page shows that page rather than an ellipsis."""
    return list(
        page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=1, on_ends=1)
    )
