"""Text that people type is normalised in one place (ioi_planner/text.py) by every form."""

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.template.defaultfilters import linebreaksbr
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy
from hypothesis import given
from hypothesis import strategies as st

from ioi_planner.text import (
    UserTextFormMixin,
    for_header,
    for_spreadsheet,
    for_xml,
    html_format,
    is_blank,
    lines_html,
    normalise,
)

PROJECT_APPS = ("domains", "evaluation", "ioi_planner", "theory_of_change", "toolkit_import")


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Isolation\x0bafter arrival", "Isolation\nafter arrival"),  # Word's manual line break
        ("one\r\ntwo\rthree\u2028four", "one\ntwo\nthree\nfour"),
        ("bell\x07 escape\x1b null\x00 delete\x7f c1\x9b", "bell escape null delete c1"),
        ("tab\tkept", "tab\tkept"),
        ("lone \ud800surrogate", "lone surrogate"),
        ("abc\u202edcba\u2066x\u2069", "abcdcbax"),  # direction overrides and isolates
        ("right\u200fmark kept", "right\u200fmark kept"),
        ("Cafe\u0301", "Café"),  # NFC
        ("emoji 👩🏽‍🌾 kept", "emoji 👩🏽‍🌾 kept"),
    ],
)
def test_normalise(typed, stored):
    assert normalise(typed) == stored


@pytest.mark.parametrize("text", ["", "   ", "\u200b", "\u200d\ufeff \u2060\n", "\u00ad"])
def test_blank_once_invisible_characters_are_removed(text):
    assert is_blank(text)


def test_text_with_something_visible_is_not_blank():
    assert not is_blank("\u200ba")


@given(st.text(alphabet=st.sampled_from("ab <>&\"'\r\n\u2028é")))
def test_lines_html_writes_text_as_linebreaksbr_does(text):
    """The review page's rows and comments are written by lines_html, not the linebreaksbr
    filter (for speed): the HTML must be the same, escaped, line breaks as <br>."""
    assert lines_html(text) == linebreaksbr(text)
    assert isinstance(lines_html(text), SafeString)


def test_lines_html_escapes_markup_and_keeps_lines():
    assert lines_html('<script>x</script>\r\n"a" & b') == (
        "&lt;script&gt;x&lt;/script&gt;<br>&quot;a&quot; &amp; b"
    )


@given(st.lists(st.text(alphabet=st.sampled_from("ab <>&\"'{}é")), min_size=1, max_size=3))
def test_html_format_writes_what_format_html_writes(texts):
    """The review page's threads and rows are written by html_format, not format_html (for
    speed): the same HTML, plain text escaped, safe HTML kept."""
    template = "<p>{}</p>" * len(texts)
    assert html_format(template, *texts) == format_html(template, *texts)
    safe = [mark_safe(text) for text in texts]  # noqa: S308 - the safe pieces are the test
    assert html_format(template, *safe) == format_html(template, *safe)
    assert isinstance(html_format(template, *texts), SafeString)


def test_html_format_takes_lazy_text_and_numbers_and_keeps_safe_html():
    lazy = gettext_lazy("Fish & <chips>")  # no catalogue has it: read as written, then escaped
    assert html_format("<b>{}</b> {} {} {}", lazy, mark_safe("<i>x</i>"), "<&>", 3) == (
        "<b>Fish &amp; &lt;chips&gt;</b> <i>x</i> &lt;&amp;&gt; 3"
    )


def test_exports_drop_what_their_format_cannot_carry():
    assert for_xml("a\x00b\x1bc\ud800d\tn\n") == "abcd\tn\n"
    assert for_spreadsheet("a\x0bb\x7f") == "ab"
    assert for_header("Title\r\nBcc: x@example.com\x00") == "Title Bcc: x@example.com"


def project_form_classes() -> list[type]:
    for app in PROJECT_APPS:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, f"{app}."):
            if any(part in module.name for part in (".migrations", ".management", ".loadtest")):
                continue
            importlib.import_module(module.name)
    found = []
    for module_name, module in list(__import__("sys").modules.items()):
        if not module_name.startswith(PROJECT_APPS):
            continue
        for _name, value in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(value, forms.BaseForm)
                and value.__module__ == module_name
                and not value.__name__.startswith("Base")
            ):
                found.append(value)
    return found


def test_every_form_of_the_project_normalises_what_is_typed():
    classes = project_form_classes()
    assert len(classes) > 25
    missing = [
        f"{c.__module__}.{c.__name__}" for c in classes if not issubclass(c, UserTextFormMixin)
    ]
    assert not missing, f"Forms that do not mix in UserTextFormMixin: {missing}"


class Example(UserTextFormMixin, forms.Form):
    title = forms.CharField(label="Title of the plan")
    problem = forms.CharField(widget=forms.Textarea)
    password = forms.CharField(widget=forms.PasswordInput)


def test_a_single_line_field_refuses_a_line_break_and_says_so():
    form = Example({"title": "one\r\nBcc: x", "problem": "a\r\nb", "password": "p\x07"})
    assert not form.is_valid()
    assert form.errors["title"] == ["Title of the plan must be on one line: remove the line break"]
    assert "problem" not in form.errors


def test_a_multi_line_field_keeps_line_breaks_and_passwords_are_left_as_typed():
    form = Example({"title": "Café\u200b", "problem": "a\r\nb\x1b", "password": "p\x07"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"title": "Café\u200b", "problem": "a\nb", "password": "p\x07"}


def test_a_required_field_of_invisible_characters_is_empty():
    form = Example({"title": "\u200b\u200b", "problem": "\ufeff", "password": "x"})
    assert not form.is_valid()
    assert set(form.errors) == {"title", "problem"}
