"""The GOV.UK pagination component: which page numbers and ellipses it shows."""

import re

import pytest
from django.core.paginator import Paginator
from django.template.loader import render_to_string


def shown(number: int, pages: int = 42) -> list[str]:
    page_obj = Paginator(range(pages), 1).get_page(number)
    html = render_to_string("components/pagination.html", {"page_obj": page_obj})
    items = re.findall(r'<li class="govuk-pagination__item[^"]*">\s*(.*?)\s*</li>', html, re.S)
    return ["…" if item == "⋯" else re.sub(r"<[^>]+>", "", item).strip() for item in items]


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (1, ["1", "2", "…", "42"]),
        (4, ["1", "2", "3", "4", "5", "…", "42"]),  # a one-page gap shows the page
        (7, ["1", "…", "6", "7", "8", "…", "42"]),
        (39, ["1", "…", "38", "39", "40", "41", "42"]),
        (42, ["1", "…", "41", "42"]),
    ],
)
def test_first_last_current_and_neighbours_with_ellipses_between(number, expected):
    assert shown(number) == expected


def test_the_current_page_is_marked_for_screen_readers():
    page_obj = Paginator(range(5), 1).get_page(3)
    html = render_to_string("components/pagination.html", {"page_obj": page_obj})
    assert html.count('aria-current="page"') == 1
    assert re.search(r'aria-label="Page 3" aria-current="page">3<', html)


def test_one_page_renders_nothing():
    page_obj = Paginator(range(3), 10).get_page(1)
    assert render_to_string("components/pagination.html", {"page_obj": page_obj}).strip() == ""
