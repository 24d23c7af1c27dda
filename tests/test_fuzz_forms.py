"""The fuzzing gate: every form URL the access matrix declares, sent hostile values.

For each URL whose row in tests/test_access_matrix.py declares a POST, a user who may post
there sends the row's valid form with one to three of its fields (those the row sends and those
the page's own form has) replaced by hostile values: control characters, CR/LF, zero-width and
bidirectional marks, lone surrogates, emoji, 10,000-character strings, huge and negative
numbers, 1e309, impossible dates, formula prefixes, HTML/SVG/CSS payloads, file:// and
loopback URLs. Every answer must be a page, never an exception (the test client re-raises a
view's exception) nor a 500. Afterwards the plan's page, review page, history difference, PDF,
workbook and notification email must all still build, with no raw markup, formula or fetched
resource in them.

Examples per form: FUZZ_EXAMPLES, from a fixed seed so every run of the test command sends the
same cases. PostgreSQL, what councils run and the stricter store (it refuses NUL characters,
over-long text and out-of-range numbers that SQLite keeps), gets 15 per form; the SQLite pass
sends 10 more per form, different ones (a seed of its own), so the two passes together send 25
distinct cases per form, as many as when both passes sent the same 25. A longer, random run:

    FUZZ_EXAMPLES=300 FUZZ_RANDOM=1 bin/test tests/test_fuzz_forms.py

A failing example hypothesis finds and shrinks is added to REGRESSIONS below, so it is sent on
every run from then on.
"""

import io
import os
import re
import time
import urllib.parse
from html.parser import HTMLParser

import openpyxl
import pytest
from django.core import mail
from django.urls import reverse
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

import ioi_planner.pdf
from theory_of_change.models import Notification, NotificationKind, PlanVersion
from theory_of_change.review.services import notification_emails_send
from theory_of_change.steps import STEPS

from .factories import ON_POSTGRESQL
from .test_access_matrix import MATRIX, ROLES, Url, World, answers, as_role
from .test_access_matrix import world as world  # noqa: F401, PLC0414 - the matrix's fixture

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "15" if ON_POSTGRESQL else "10"))
RANDOM = bool(os.environ.get("FUZZ_RANDOM"))
SEED = 2019 if ON_POSTGRESQL else 2020

MARKUP = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<svg onload="alert(1)"><circle r="9"/></svg>',
    "</textarea><style>body{display:none}</style>",
    '<a href="javascript:alert(1)">click</a>',
    '"><iframe src="http://127.0.0.1:9/">',
    "<link rel=stylesheet href=http://127.0.0.1:9/x.css>",
]
HOSTILE = [
    *MARKUP,
    "background:url(file:///etc/passwd)",
    "Isolation\x0bafter arrival",
    "line one\r\nBcc: someone@example.com",
    "escape\x1b[31m red \x00 null \x07 bell \x7f",
    "\u200b\u200c\u200d\ufeff",
    "abc\u202etxt.exe\u2066x",
    "\ud800 lone surrogate \udfff",
    "emoji 👩🏽‍🌾🇬🇧 text",
    "x" * 10_000,
    "y\n" * 3_000,
    "99999999999999999999",
    str(10**23),
    "-99999999999999999999",
    "-1",
    "0",
    "1e309",
    "-1e309",
    "NaN",
    "Infinity",
    "12.3456789",
    "31/02/2026",
    "2026-02-31",
    '=HYPERLINK("http://127.0.0.1:9/","x")',
    "+SUM(A1:A9)",
    "-2+3",
    "@cmd",
    "file:///etc/passwd",
    "http://127.0.0.1:9/",
    "",
    " ",
]
# Hypothesis also makes text of its own from the characters that break things most often.
awkward_text = st.text(
    alphabet=st.sampled_from(
        list("aZ09 <>&\"'=+-@/\\\t\n\r")
        + ["\x00", "\x0b", "\x1b", "\x7f", "\x85", "\u200b", "\u202e", "\u2028", "\ud800", "😀"]
    ),
    max_size=40,
)
hostile_value = st.one_of(st.sampled_from(HOSTILE), awkward_text)

# Explicit cases kept from earlier failures (url name, field, value): sent on every run.
REGRESSIONS = [
    ("evaluation:measurement_add", "measured_on_0", "99999999999999999999"),
    ("evaluation:target_set", "due_on_2", "99999999999999999999"),
    ("evaluation:outcome_edit", "start_date_2", "99999999999999999999"),
    ("theory_of_change:plan_step", "version", str(10**23)),
    ("theory_of_change:item_move", "version", str(10**23)),
    ("theory_of_change:item_change", "text", "Neighbours\x1b meet"),
    ("theory_of_change:plan_step", "problem", "Isolation\x0bafter arrival"),
]

ALLOWED_STATUSES = {200, 302, 400, 403, 404, 405, 413}


def poster(row: Url) -> str:
    """The first role the row lets post (302), so the form is really processed."""
    post = answers(row.post)
    return next(role for role in ROLES if post[role] == "302")


class FormFields(HTMLParser):
    """The names of the fields of a page's POST forms."""

    def __init__(self):
        super().__init__()
        self.names: set[str] = set()
        self._in_post_form = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self._in_post_form = (attributes.get("method") or "").lower() == "post"
        elif tag in ("input", "textarea", "select") and self._in_post_form:
            name = attributes.get("name")
            if name and name != "csrfmiddlewaretoken" and attributes.get("type") != "file":
                self.names.add(name)

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_post_form = False


def fuzz_targets() -> list[tuple[str, dict]]:
    """(url name, extra kwargs) for every form URL of the matrix; the wizard's step URL once per
    step, since each step is a different form."""
    targets = []
    for name, row in MATRIX.items():
        if row.post is None or "302" not in answers(row.post).values():
            continue
        if name == "theory_of_change:plan_step":
            targets += [(name, {"slug": step.slug}) for step in STEPS]
        else:
            targets.append((name, {}))
    return targets


def encoded(data: dict) -> bytes:
    """A form body as a browser sends it, lone surrogates included (as the bytes that would
    carry them), which the test client's own encoding cannot send."""
    pairs = []
    for key, value in data.items():
        for item in value if isinstance(value, list) else [value]:
            pairs.append((key, str(item)))
    return urllib.parse.urlencode(pairs, encoding="utf-8", errors="surrogatepass").encode()


def as_bytes(value):
    if isinstance(value, str):
        return value.encode("utf-8", errors="surrogatepass")
    return value


@pytest.fixture
def fetched(monkeypatch):
    """Every URL the PDF asked for while it was made."""
    urls: list[str] = []
    real = ioi_planner.pdf.local_fonts_only

    def recording(url):
        urls.append(url)
        return real(url)

    monkeypatch.setattr(ioi_planner.pdf, "local_fonts_only", recording)
    return urls


def target_id(target) -> str:
    name, extra = target
    return name + (f"[{extra['slug']}]" if extra else "")


@pytest.mark.parametrize("target", fuzz_targets(), ids=target_id)
def test_hostile_values_in_every_form_give_a_page_and_leave_the_plan_whole(
    client, world: World, target, fetched, capsys, django_capture_on_commit_callbacks
):
    name, extra = target
    row = MATRIX[name]
    role = poster(row)
    if name == "theory_of_change:plan_step":
        path = reverse(name, kwargs={"plan_id": world.plan.pk, **extra})
    else:
        path = reverse(name, kwargs=row.kwargs(world)) + row.query
    as_role(client, world, role)
    parser = FormFields()
    page = client.get(path)
    if page.status_code == 200 and "text/html" in page.headers.get("Content-Type", ""):
        parser.feed(page.content.decode())
    fields = sorted(set(row.data(world)) | parser.names)
    sent = 0

    def send(changes: dict):
        nonlocal sent
        as_role(client, world, role)
        data = {**row.data(world), **changes}
        if "version" in data and "version" not in changes:
            data["version"] = world.version()
        uploads = {k: v for k, v in data.items() if hasattr(v, "read")}
        if uploads:
            for upload in uploads.values():
                upload.seek(0)
            # As bytes, so lone surrogates go as the bytes a browser would send for them.
            response = client.post(path, {k: as_bytes(v) for k, v in data.items()})
        else:
            response = client.generic(
                "POST", path, encoded(data), content_type="application/x-www-form-urlencoded"
            )
        sent += 1
        assert response.status_code in ALLOWED_STATUSES, (
            f"POST {path} with {changes!r} answered {response.status_code}"
        )
        if "text/html" in response.headers.get("Content-Type", ""):
            assert_no_raw_markup(response.content.decode(), f"POST {path} with {changes!r}")

    started = time.monotonic()
    for url_name, field_name, value in REGRESSIONS:
        if url_name == name:
            send({field_name: value})

    @settings(
        max_examples=EXAMPLES,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        changes=st.dictionaries(
            st.sampled_from(fields or ["unexpected"]), hostile_value, min_size=1, max_size=3
        )
    )
    def hostile_form(changes):
        send(changes)

    if not RANDOM:
        hostile_form = seed(SEED)(hostile_form)

    hostile_form()
    check_plan_outputs(client, world, fetched, django_capture_on_commit_callbacks)
    with capsys.disabled():
        print(f"\n  fuzz {target_id(target)}: {sent} posts in {time.monotonic() - started:.1f} s")


def assert_no_raw_markup(html: str, where: str) -> None:
    for payload in MARKUP:
        assert payload not in html, f"{where}: {payload!r} is in the page unescaped"


def check_plan_outputs(client, world: World, fetched: list[str], on_commit) -> None:
    """The plan as the fuzzing left it: every page and export of it still builds, safely."""
    plan = world.plan
    as_role(client, world, "officer")
    kwargs = {"plan_id": plan.pk}
    numbers = list(
        PlanVersion.objects.filter(plan=plan).order_by("-number").values_list("number", flat=True)
    )
    pages = [
        reverse("theory_of_change:plan_detail", kwargs=kwargs),
        reverse("theory_of_change:plan_review", kwargs=kwargs),
        reverse("theory_of_change:plan_history", kwargs=kwargs),
        reverse("evaluation:evaluation_detail", kwargs=kwargs),
        reverse("evaluation:measurement_list", kwargs=kwargs),
    ]
    if len(numbers) >= 2:
        compare = reverse("theory_of_change:plan_history_compare", kwargs=kwargs)
        pages.append(f"{compare}?from={numbers[-1]}&to={numbers[0]}")
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assert_no_raw_markup(response.content.decode(), path)

    pdf = client.get(reverse("evaluation:evaluation_pdf", kwargs=kwargs))
    assert pdf.status_code == 200
    assert pdf.getvalue().startswith(b"%PDF")
    fonts = [url for url in fetched if url.endswith(".ttf")]
    assert fonts, "The PDF loaded none of its fonts"
    assert fetched == fonts, f"The PDF asked for more than its fonts: {set(fetched) - set(fonts)}"

    workbook = client.get(reverse("evaluation:evaluation_xlsx", kwargs=kwargs))
    assert workbook.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(workbook.getvalue()))
    for sheet in book.worksheets:
        for cells in sheet.iter_rows():
            for cell in cells:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
                if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")):
                    assert cell.quotePrefix, f"{sheet.title}!{cell.coordinate} may calculate"

    notification = Notification.objects.create(
        user=world.users["lead"], plan=plan, kind=NotificationKind.SUBMITTED, message="Sent"
    )
    mail.outbox.clear()
    with on_commit(execute=True):  # the email job is queued once the change commits
        notification_emails_send([notification.pk])
    assert len(mail.outbox) == 1
    assert not re.search(r"[\r\n]", mail.outbox[0].subject)
    mail.outbox[0].message().as_bytes()  # the whole message builds
