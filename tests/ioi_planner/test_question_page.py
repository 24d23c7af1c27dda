"""templates/layouts/question_page.html: the page title is the h1's text, with "Error: " when
the form or the search form has errors."""

import re

import pytest
from django import forms
from django.template import engines
from django.test import RequestFactory

CHILD = (
    '{% extends "layouts/question_page.html" %}'
    "{% block heading %}Name the {{ thing }}{% endblock %}"
    "{% block form %}<p>the form</p>{% endblock %}"
)


class NameForm(forms.Form):
    name = forms.CharField()


def render(**context) -> str:
    template = engines["django"].from_string(CHILD)
    return template.render(
        {"thing": "plan", "back_url": "/back/", **context}, RequestFactory().get("/")
    )


def title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1)


def test_the_title_is_the_heading_of_the_page():
    html = render(form=NameForm())
    assert title(html) == "Name the plan – IOI Planner"
    assert re.findall(r"<h1[^>]*>(.*?)</h1>", html) == ["Name the plan"]
    assert '<a href="/back/" class="govuk-back-link">Back</a>' in html
    assert "<p>the form</p>" in html
    assert "govuk-error-summary" not in html


@pytest.mark.parametrize("name", ["form", "search_form"])
def test_a_form_with_errors_puts_error_before_the_title_and_shows_the_summary(name):
    html = render(**{name: NameForm(data={})})
    assert title(html) == "Error: Name the plan – IOI Planner"
    assert 'href="#id_name"' in html


def test_the_heading_is_escaped_once_in_the_title_and_the_h1():
    html = render(form=NameForm(), thing="<b>café</b> & co")
    assert title(html) == "Name the &lt;b&gt;café&lt;/b&gt; &amp; co – IOI Planner"
    assert re.findall(r"<h1[^>]*>(.*?)</h1>", html) == ["Name the &lt;b&gt;café&lt;/b&gt; &amp; co"]


def test_capture_needs_a_quoted_name():
    from django.template import TemplateSyntaxError

    with pytest.raises(TemplateSyntaxError, match="capture"):
        engines["django"].from_string("{% load layouts %}{% capture heading %}x{% endcapture %}")
