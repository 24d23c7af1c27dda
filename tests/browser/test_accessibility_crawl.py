"""The accessibility crawl: sign in as each role, follow every same-site link, check each page.

For every role the crawl starts from the start page (plus SEEDS, pages nothing links to yet),
follows the same-site links it finds and, on every page, in Chromium with JavaScript on:

- runs axe-core with the WCAG 2.0/2.1/2.2 A and AA rules: zero violations;
- checks one <h1> and the title "[Error: ]<h1 text> – IOI Planner";
- checks that no two links with the same text go to different places;
- checks reflow (WCAG 1.4.10): at 320 CSS px wide the page itself never scrolls sideways (a
  wide table scrolls inside its own focusable region);
- fills each form on it (text in every text field, the first choice of every select, radio
  group and checkbox) and runs axe on the filled form, which shows what a choice reveals;
- submits each form on it empty (a POST form only if it has fields to fill, so that buttons
  which act, such as sign out, are never pressed); where an error summary appears, runs axe
  again and checks that each of its links moves focus to its field.

With JavaScript off a browser shows the page as the server sent it (this service's scripts set
no cookie and change nothing the server answers), so each page's HTML as sent must hold one
<h1> too: the same check as loading it again in a browser with JavaScript off, without a second
sign-in and visit per page. The journeys (`any_page`) do every core journey with it off.

Pages are told apart by their URL pattern and the names of their query parameters, so
/indicators/<id>/ and /indicators/?page=N are each checked once per role, not once per row.
New pages are picked up by following links; a page nothing links to yet goes in SEEDS.

axe runs once per run of the test command on each page *structure*: the document's elements,
their attributes (ids and numbers aside) and where there is text, but not what the text says.
axe's WCAG rules read exactly these (names, roles, labels, landmarks, colours behind text), so
a page identical in structure to one axe already checked, as a collaborator or a team lead
sees many of an officer's pages, has nothing new for it. Every other check runs on every page
of every role. The structures checked are shared between the test workers (`AxeChecked`).
"""

import os
import re
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import Error as PlaywrightError

from domains.models import Indicator
from evaluation.models import Measurement
from ioi_planner.invitations import invitation_create
from readiness.models import Exercise, ExerciseDomain
from tests.factories import TEST_PASSWORD, UserFactory, measurement_group
from theory_of_change.models import (
    Assumption,
    Evidence,
    Notification,
    NotificationKind,
    Outcome,
    Plan,
)
from theory_of_change.versioning import plan_version_record
from theory_of_change.wizard.services import plan_update

from .conftest import assert_accessible, sign_in
from .welsh import english_on_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# An officer of another council is not crawled: to the pages they are the same kind of person
# as an officer of another team (in a team of their own, none of this plan's), and on
# 2026-12-05 their crawl reached the same 24 kinds of page and 9 forms as "other_team", 22 of
# the pages identical in structure (elements, attributes and where there is text), the other two
# the same templates with their own data (the two-factor set-up's QR code, the portfolio's
# rows): some 45 seconds of the test command for nothing new. What they are refused is the
# access matrix's job (tests/test_access_matrix.py), for every URL.
# The collaborator comes last: most of their pages are an officer's, checked by then.
ROLES = (
    "officer",
    "anonymous",
    "lead",
    "other_team",
    "admin",
    "council_admin",
    "collaborator",
)

# The crawl again in Welsh (issue 21): every check above, and each page marked lang="cy" and
# showing none of the service's English (tests/browser/welsh.py). The collaborator and the
# officer of another team reach only pages the officer reaches (their crawls in English found
# no kind of page of their own), so the Welsh crawl leaves them out.
WELSH_ROLES = ("officer", "anonymous", "lead", "admin", "council_admin")

# Pages to start from besides "/", for pages that no link reaches yet: callables of the world.
SEEDS = [
    lambda world: world["plan"].get_absolute_url(),
]

# URL names never followed: they act rather than show (GET must never change state, but a
# crawler that signs itself out learns nothing), or they are outside the service's pages. The
# plan report's two files are not pages, and each takes seconds to build (in the request, with
# the tests' task backend) for every role: tests/evaluation/test_report.py and the evaluation
# journey check them; so does a readiness assessment's PDF (tests/readiness/test_assessment.py).
# The language switch changes the language of every page after it, so the crawl stays in one
# language; tests/browser/test_languages.py drives the switch.
NOT_FOLLOWED = {"logout", "report_pdf", "report_docx", "assessment_pdf", "choose_language"}
NOT_FOLLOWED_PREFIXES = ("/" + settings.ADMIN_URL, settings.STATIC_URL)

VISITS_PER_ROLE = 60  # a bound, far above what the shapes allow today
TITLE_SUFFIX = " – IOI Planner"
REFLOW_WIDTH = 320


# A 64-bit hash (cyrb53's mixing, twice) of the document's structure: elements, attributes
# and whether there is text, with UUIDs and digits in attribute values made alike and a value
# attribute (a CSRF token, a field's value) counted only as there or empty. No text is hashed.
STRUCTURE = r"""() => {
  let h1 = 0xdeadbeef, h2 = 0x41c6ce57;
  const add = s => {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
  };
  const alike = v => v.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, 'U')
    .replace(/\d+/g, '#');
  // Ids are made alike too, but whether an id is unique and whether each id a reference
  // names exists are kept: axe's duplicate-id and reference rules read just that.
  const ids = new Map();
  for (const e of document.querySelectorAll('[id]')) ids.set(e.id, (ids.get(e.id) || 0) + 1);
  const REFERENCES = ['for', 'headers', 'list', 'aria-activedescendant', 'aria-controls',
    'aria-describedby', 'aria-details', 'aria-errormessage', 'aria-flowto', 'aria-labelledby',
    'aria-owns'];
  const marks = a => {
    if (a.name === 'id') return ids.get(a.value) > 1 ? '!repeated' : '';
    let names = [];
    if (REFERENCES.includes(a.name)) names = a.value.split(/\s+/).filter(Boolean);
    else if (a.name === 'href' && a.value.length > 1 && a.value.startsWith('#')) names = [a.value.slice(1)];
    return names.map(n => ids.has(n) ? '' : '!missing').join('');
  };
  const walk = node => {
    if (node.nodeType === 3) { if (node.textContent.trim()) add('T'); return; }
    if (node.nodeType !== 1) return;
    add('<' + node.tagName);
    const attributes = [...node.attributes].filter(a => a.name !== 'nonce').map(a =>
      a.name === 'value' ? 'value=' + (a.value ? 'T' : '') : a.name + '=' + alike(a.value) + marks(a));
    for (const attribute of attributes.sort()) add(' ' + attribute);
    add('>');
    for (const child of node.childNodes) walk(child);
    add('</>');
  };
  walk(document.documentElement);
  const a = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  const b = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (b >>> 0).toString(16).padStart(8, '0') + (a >>> 0).toString(16).padStart(8, '0');
}"""


@dataclass
class AxeChecked:
    """The page structures axe has checked in this run, by any role on any test worker: one
    empty file each in a folder the workers share, claimed by creating it (atomic, so two
    workers never both take one)."""

    folder: Path

    def claim(self, key: str) -> bool:
        try:
            os.close(os.open(self.folder / key, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            return False
        return True

    def first_look(self, page, form: int | None = None) -> bool:
        """Whether axe should check the page (or its `form`-th form) as it is now: no worker
        has checked this structure yet. A form is covered by its whole page checked in the
        same state."""
        structure = page.evaluate(STRUCTURE)
        if form is None:
            return self.claim(f"page-{structure}")
        if (self.folder / f"page-{structure}").exists():
            return False
        return self.claim(f"form-{structure}-{form}")


@dataclass
class Crawl:
    base: str
    axe: AxeChecked
    language: str = "en-gb"
    visited_shapes: set = field(default_factory=set)
    pages: list[str] = field(default_factory=list)  # the URLs checked, in order
    forms_checked: set = field(default_factory=set)
    problems: list[str] = field(default_factory=list)


def shape(url: str) -> tuple | None:
    """The URL pattern and query parameter names of a same-site URL; None if it is not ours."""
    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return ("not found", parts.path)
    if match.url_name in NOT_FOLLOWED or parts.path.startswith(NOT_FOLLOWED_PREFIXES):
        return None
    names = tuple(sorted({name for name, _ in parse_qsl(parts.query, keep_blank_values=True)}))
    return (match.route, names)


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip().lower()


class _Headings(HTMLParser):
    def __init__(self):
        super().__init__()
        self.count = 0

    def handle_starttag(self, tag, attrs):
        self.count += tag == "h1"


def headings_as_sent(html: str) -> int:
    """How many <h1> the page has with JavaScript off: in the HTML as the server sent it."""
    parser = _Headings()
    parser.feed(html)
    parser.close()
    return parser.count


def error_prefix(crawl: Crawl) -> str:
    """What a page's title starts with when its form has errors, in the crawl's language."""
    with translation.override(crawl.language):
        return gettext("Error:") + " "


def check_page_rules(page, crawl: Crawl) -> None:
    url = page.url
    headings = page.locator("h1").all_inner_texts()
    if len(headings) != 1:
        crawl.problems.append(f"{url}: {len(headings)} <h1> elements")
    else:
        title = page.title()
        expected = normalise(headings[0] + TITLE_SUFFIX)
        if normalise(title.removeprefix(error_prefix(crawl))) != expected:
            crawl.problems.append(f"{url}: title {title!r} does not match <h1> {headings[0]!r}")
    links = page.eval_on_selector_all(
        "a[href]",
        """links => links.map(a => [
            (a.innerText || a.getAttribute('aria-label') || '').trim(), a.href])""",
    )
    destinations: dict[str, set] = {}
    for text, href in links:
        if normalise(text):
            destinations.setdefault(normalise(text), set()).add(href)
    for text, hrefs in destinations.items():
        if len(hrefs) > 1:
            crawl.problems.append(f"{url}: links named {text!r} go to {sorted(hrefs)}")


def fill(form) -> None:
    """Fill every field a person could, without sending the form: the filled state."""
    form.evaluate(
        """form => {
          for (const field of form.querySelectorAll('input, textarea, select')) {
            if (field.disabled || field.type === 'hidden' || field.type === 'submit') continue;
            if (field.tagName === 'SELECT') {
              const choice = [...field.options].find(option => option.value);
              if (choice) field.value = choice.value;
            } else if (field.type === 'radio') {
              const first = form.querySelector(`input[type=radio][name="${field.name}"]`);
              if (first === field) field.click();
            } else if (field.type === 'checkbox') {
              if (!field.checked) field.click();
            } else if (field.type === 'number') {
              field.value = '3';
            } else if (field.type === 'date') {
              field.value = '2027-01-31';
            } else if (field.type !== 'file') {
              field.value = 'Checked by the accessibility crawl';
            }
            field.dispatchEvent(new Event('change', {bubbles: true}));
          }
        }"""
    )


# The innermost elements that reach past the screen's edge, outside any region that scrolls.
WIDEST = """width => {
  const scrolls = e => e.closest('.app-table-scroll, .app-toc-diagram-wrapper');
  const wide = [...document.body.querySelectorAll('*')].filter(
    e => e.getBoundingClientRect().right > width + 1 && !scrolls(e));
  return wide.filter(e => !wide.some(o => o !== e && e.contains(o))).slice(0, 5).map(
    e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
         (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : ''));
}"""


def check_reflow(page, crawl: Crawl) -> None:
    """At 320 CSS px wide, nothing makes the page wider than the screen."""
    size = page.viewport_size
    page.set_viewport_size({"width": REFLOW_WIDTH, "height": size["height"]})
    try:
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > REFLOW_WIDTH:
            crawl.problems.append(
                f"{page.url}: {width} px wide at {REFLOW_WIDTH} px, "
                f"because of {', '.join(page.evaluate(WIDEST, REFLOW_WIDTH))}"
            )
    finally:
        page.set_viewport_size(size)


def check_forms(page, crawl: Crawl, role: str) -> None:
    """Submit each form of the page empty; check the error state it leads to."""
    url = page.url
    forms = page.eval_on_selector_all(
        "main form",
        """forms => forms.map(f => ({
            method: (f.getAttribute('method') || 'get').toLowerCase(),
            action: f.action,
            fields: f.querySelectorAll(
              'input:not([type=hidden]):not([type=submit]):not([type=button]), textarea, select'
            ).length,
        }))""",
    )
    untouched = True  # the page as loaded, so the first form checked needs no reload
    for index, form in enumerate(forms):
        if form["method"] == "post" and not form["fields"]:
            continue  # a button that acts (sign out, delete, share): never pressed
        action_shape = shape(form["action"])
        key = (shape(url), action_shape, form["method"])
        if action_shape is None or key in crawl.forms_checked:
            continue
        crawl.forms_checked.add(key)
        if not untouched:
            page.goto(url)
        untouched = False
        target = page.locator("main form").nth(index)
        fill(target)
        # Filling changes only the form (GOV.UK Frontend reveals a choice's conditional
        # fields inside it, and this service's own scripts touch no form), and the page as
        # loaded was checked whole: axe checks the filled form.
        try:
            if crawl.axe.first_look(page, form=index):
                assert_accessible(page, within=target)
        except AssertionError as error:
            crawl.problems.append(f"{role}: filled {form['method']} form of {url}: {error}")
        # Back to the form as loaded (as a reload would, without one), then emptied.
        target.evaluate(
            """form => {
              form.reset();
              for (const field of form.querySelectorAll(
                  'input:not([type=hidden]):not([type=submit]):not([type=button]), textarea')) {
                if (field.type !== 'radio' && field.type !== 'checkbox') field.value = '';
              }
            }"""
        )
        # Wait for the answer's page itself: waiting for a load state right after the click
        # can return for the page being left, and an error link clicked before the new page's
        # scripts run only jumps to the field instead of focusing it.
        with page.expect_navigation():
            target.locator(
                "button[type=submit], input[type=submit], button:not([type])"
            ).first.click()
        try:
            if crawl.axe.first_look(page):
                assert_accessible(page)
        except AssertionError as error:
            crawl.problems.append(f"{role}: empty {form['method']} form of {url}: {error}")
        check_language(page, crawl, f"empty {form['method']} form of {url}")
        summary = page.locator(".govuk-error-summary")
        if summary.count():
            if not page.title().startswith(error_prefix(crawl)):
                crawl.problems.append(
                    f"{page.url}: an error page whose title lacks {error_prefix(crawl)!r}"
                )
            for link in summary.get_by_role("link").all():
                target_id = (link.get_attribute("href") or "").removeprefix("#")
                link.click()
                focused = page.evaluate("document.activeElement && document.activeElement.id")
                if focused != target_id:
                    crawl.problems.append(
                        f"{page.url}: error link to #{target_id} focused #{focused or 'nothing'}"
                    )


def check_language(page, crawl: Crawl, where: str, sent: str | None = None) -> None:
    """On a crawl in Welsh: the page is marked as Welsh, as sent (JavaScript off) and as shown,
    and shows none of the service's English (tests/browser/welsh.py)."""
    if crawl.language == "en-gb":
        return
    if sent is not None and not re.search(rf'<html lang="{crawl.language}"[ >]', sent):
        crawl.problems.append(f'{where}: sent without <html lang="{crawl.language}">')
    if page.locator("html").get_attribute("lang") != crawl.language:
        crawl.problems.append(f"{where}: <html lang> is not {crawl.language}")
    english = english_on_page(page)
    if english:
        crawl.problems.append(f"{where}: English on a Welsh page: {english}")


def crawl_as(page, crawl: Crawl, role: str, start: list[str]) -> None:
    queue = list(start)
    while queue and len(crawl.pages) < VISITS_PER_ROLE:
        url = queue.pop(0)
        page_shape = shape(url)
        if page_shape is None or page_shape in crawl.visited_shapes:
            continue
        crawl.visited_shapes.add(page_shape)
        try:
            response = page.goto(url)
        except PlaywrightError as error:
            if "Download is starting" in str(error):
                continue  # a file (an export, a workbook), not a page
            raise
        if shape(page.url) != page_shape:  # redirected: check where it led, once
            if shape(page.url) is None or shape(page.url) in crawl.visited_shapes:
                continue
            crawl.visited_shapes.add(shape(page.url))
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        if response.status >= 500:
            crawl.problems.append(f"{role}: {url} answered {response.status}")
            continue
        crawl.pages.append(page.url)
        html = response.text()
        sent = headings_as_sent(html)
        if sent != 1:
            crawl.problems.append(f"{role}, no JavaScript: {page.url} was sent with {sent} <h1>")
        check_language(page, crawl, f"{role}: {page.url}", sent=html)
        try:
            if crawl.axe.first_look(page):
                assert_accessible(page)
        except AssertionError as error:
            crawl.problems.append(f"{role}: {error}")
        check_page_rules(page, crawl)
        check_reflow(page, crawl)
        links = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
        queue.extend(link.split("#")[0] for link in links if link.startswith(crawl.base + "/"))
        check_forms(page, crawl, role)
    unvisited = {shape(url) for url in queue} - crawl.visited_shapes - {None}
    if unvisited:
        crawl.problems.append(
            f"{role}: stopped at {VISITS_PER_ROLE} pages with {len(unvisited)} kinds of page "
            "unvisited: raise VISITS_PER_ROLE"
        )


def readiness_rounds(alice, carol, lena, team, plan) -> None:
    """The team's first readiness round, reviewed, and its second in progress with an action
    linked to the plan (so the crawl reaches the movement per area, the history's comparison,
    the actions' pages and the dashboards' panels); and a second team that lena leads, with
    carol in it, whose assessment waits for review (so it reaches the review page)."""
    from ioi_planner.models import Role
    from readiness import assessment_services as services
    from readiness.models import Area
    from tests.factories import MembershipFactory, TeamFactory

    def filled(team, user, rating):
        assessment = services.assessment_start(user=user, team=team)
        for area in Area.values:
            services.area_save(
                assessment=assessment,
                version=assessment.version,
                user=user,
                area=area,
                rating=rating,
                challenges="Little time to gather data",
                response="Share the work",
            )
        return assessment

    first = filled(team, alice, "not-yet")
    services.action_save(
        assessment=first,
        version=first.version,
        user=alice,
        action=None,
        area="data",
        text="Set up a data log",
        owner=alice,
        due=date.today(),
    )
    services.assessment_submit(assessment=first, version=first.version, user=alice)
    services.assessment_decide(
        assessment=first, version=first.version, user=lena, changes=False, comment="Fair"
    )
    second = services.assessment_start(user=alice, team=team)
    services.action_link_plan(
        assessment=second,
        version=second.version,
        user=lena,
        action=second.actions.get(),
        plan=plan,
    )
    resettlement = TeamFactory(organisation=team.organisation, name="Resettlement")
    MembershipFactory(team=resettlement, user=lena, role=Role.TEAM_LEAD)
    MembershipFactory(team=resettlement, user=carol)
    waiting = filled(resettlement, carol, "partly")
    services.assessment_submit(assessment=waiting, version=waiting.version, user=carol)


@pytest.fixture
def world(alice, carol, lena, bob, admin_user, team):
    plan = Plan.objects.create(
        team=team,
        owner=alice,
        title="Friendship club",
        problem="Newcomers and neighbours rarely meet.",
        shared_with_team=True,
    )
    plan.collaborators.add(carol)
    # Two versions, so the history offers its comparison and restore pages.
    plan_version_record(plan=plan, user=alice, section="plan", action="create")
    plan_update(plan=plan, version=plan.version, user=carol, impact="People get on well.")
    # An outcome with an indicator and a measurement, so the crawl reaches the evaluation's
    # edit, measurement and target pages, and checks the chart with its table.
    outcome = Outcome.objects.create(plan=plan, text="Neighbours old and new meet every week")
    indicator = Indicator.objects.filter(organisation__isnull=True).order_by("pk").first()
    outcome.indicators.add(indicator)
    Measurement.objects.create(
        plan=plan,
        indicator=indicator,
        group=measurement_group(plan),
        kind="baseline",
        measured_on=date(2026, 4, 1),
        value=20,
        source="Café survey",
    )
    # An assumption with evidence, so the crawl reaches the evidence's change page; an unread
    # notification, so the header shows its count.
    assumption = Assumption.objects.create(
        plan=plan, text="Neighbours will come to a weekly club", outcome=outcome
    )
    Evidence.objects.create(
        assumption=assumption, kind="survey", source="Residents survey", strength="moderate"
    )
    # Its collaborator has one too, as when changes are asked for: the header is then the
    # same for both, so axe needs to check only once the many pages they both see alike.
    for user in (alice, carol):
        Notification.objects.create(
            user=user,
            plan=plan,
            kind=NotificationKind.RETURNED,
            message="Changes requested",
            language="en-gb",  # written while they read English: marked so on a Welsh page
        )
    # A council admin with a pending invitation and a former member, so the crawl reaches the
    # council's invitation, deactivation and erasure pages.
    council_admin = UserFactory(
        email="council-admin@alpha.example", is_council_admin=True, organisation=team.organisation
    )
    invitation_create(
        council=team.organisation,
        email="nia@alpha.example",
        full_name="Nia Newcomer",
        teams=[team],
        role="officer",
    )
    UserFactory(email="former@alpha.example", is_active=False, organisation=team.organisation)
    # An Exercise 1 worksheet with a domain chosen, so the crawl reaches its reasons page.
    exercise = Exercise.objects.create(
        owner=alice, team=team, title="Club", problem="Newcomers and neighbours rarely meet."
    )
    ExerciseDomain.objects.create(exercise=exercise, domain=indicator.domain)
    readiness_rounds(alice, carol, lena, team, plan)
    return {
        "plan": plan,
        "users": {
            "council_admin": council_admin,
            "anonymous": None,
            "officer": alice,
            "collaborator": carol,
            "lead": lena,
            "other_team": bob,
            "admin": admin_user,
        },
    }


@pytest.fixture
def axe_checked(tmp_path_factory, worker_id) -> AxeChecked:
    """The run's shared record of structures axe checked: in the folder every test worker of
    this run shares (the workers' own temporary folders are in it)."""
    run = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        run = run.parent
    folder = run / "axe-checked"
    folder.mkdir(exist_ok=True)
    return AxeChecked(folder)


@pytest.mark.parametrize(
    ("role", "language"),
    [(role, "en-gb") for role in ROLES] + [(role, "cy") for role in WELSH_ROLES],
)
def test_every_page_a_role_can_reach_is_accessible(
    page, live_server, world, role, language, axe_checked
):
    user = world["users"][role]
    base = live_server.url
    if user is not None:
        sign_in(page, live_server, user.email, TEST_PASSWORD)
        if language != "en-gb":  # their choice, on their account
            type(user).objects.filter(pk=user.pk).update(language=language)
    # A visitor's choice, in the language cookie.
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base}]
    )
    crawl = Crawl(base=base, axe=axe_checked, language=language)
    start = [f"{base}/"] + [f"{base}{seed(world)}" for seed in SEEDS]
    crawl_as(page, crawl, role, start)
    assert len(crawl.pages) >= 5, f"The crawl as {role} reached only {crawl.pages}"
    assert crawl.forms_checked, f"The crawl as {role} found no form to submit"
    assert not crawl.problems, "\n".join(crawl.problems)


def test_a_page_is_counted_as_a_browser_without_javascript_shows_it(page_without_js, live_server):
    """The crawl's check with JavaScript off reads the HTML as sent: it counts what a browser
    with JavaScript off finds, headings in <noscript> included and text that looks like a tag
    in a script or a comment left out."""
    html = (
        "<html><head><script>document.write('<h1>not one</h1>')</script></head><body>"
        "<!-- <h1>nor this</h1> --><h1>One</h1><noscript><h1>Two</h1></noscript></body></html>"
    )
    page_without_js.goto(f"{live_server.url}/sign-in/")
    page_without_js.set_content(html)
    assert page_without_js.locator("h1").count() == headings_as_sent(html) == 2
    response = page_without_js.goto(f"{live_server.url}/sign-in/")
    assert headings_as_sent(response.text()) == page_without_js.locator("h1").count() == 1


def test_axe_within_a_form_finds_what_the_form_reveals_and_nothing_outside_it(page, live_server):
    """The crawl checks a filled form with axe limited to the form: a field revealed inside it
    without a label is found; a fault elsewhere on the page (checked whole when it loaded) is
    left to that whole-page check."""
    page.goto(f"{live_server.url}/sign-in/")
    form = page.locator("main form").first
    assert_accessible(page)
    assert_accessible(page, within=form)
    page.evaluate(
        "document.querySelector('footer').append(Object.assign("
        "document.createElement('input'), {id: 'outside'}))"
    )
    assert_accessible(page, within=form)
    with pytest.raises(AssertionError, match="label"):
        assert_accessible(page)
    form.evaluate("form => form.append(Object.assign(document.createElement('input'), {}))")
    with pytest.raises(AssertionError, match="label"):
        assert_accessible(page, within=form)


def test_axe_checks_a_structure_once_whatever_the_words_or_ids(page, live_server, tmp_path):
    """The crawl skips axe only on a page alike in structure to one already checked: other
    words, other numbers or UUIDs in links and ids and another CSRF token are alike; another
    element, attribute, an empty text where there was text, a repeated id or a reference to
    an id that is not there is not."""
    page.goto(f"{live_server.url}/sign-in/")

    def structure(body: str) -> str:
        page.set_content(f"<html lang='en'><body>{body}</body></html>")
        return page.evaluate(STRUCTURE)

    first = structure(
        "<a href='/plans/3f2c8a52-1111-4c1e-9a1e-2b8f3c4d5e6f/'>Café</a>"
        "<input type='hidden' name='csrfmiddlewaretoken' value='abc'><p id='step-1'>One</p>"
    )
    alike = structure(
        "<a href='/plans/0a9b8c7d-2222-4f3e-8d2c-1a0b9c8d7e6f/'>Club</a>"
        "<input type='hidden' name='csrfmiddlewaretoken' value='xyz'><p id='step-22'>Two</p>"
    )
    assert first == alike
    for different in (
        "<a href='/plans/3f2c8a52-1111-4c1e-9a1e-2b8f3c4d5e6f/'>Café</a>"
        "<input type='hidden' name='csrfmiddlewaretoken' value=''><p id='step-1'>One</p>",
        "<a href='/plans/3f2c8a52-1111-4c1e-9a1e-2b8f3c4d5e6f/'></a>"
        "<input type='hidden' name='csrfmiddlewaretoken' value='abc'><p id='step-1'>One</p>",
        "<a href='/plans/3f2c8a52-1111-4c1e-9a1e-2b8f3c4d5e6f/' aria-current='page'>Café</a>"
        "<input type='hidden' name='csrfmiddlewaretoken' value='abc'><p id='step-1'>One</p>",
        "<a href='/plans/3f2c8a52-1111-4c1e-9a1e-2b8f3c4d5e6f/'>Café</a>"
        "<input type='hidden' name='csrfmiddlewaretoken' value='abc'><h2 id='step-1'>One</h2>",
    ):
        assert structure(different) != first, different

    # Ids alike but not their uniqueness, nor whether a reference finds its element.
    unique = structure("<p id='a-1'>One</p><p id='a-2' aria-describedby='a-1'>Two</p>")
    assert unique == structure("<p id='a-7'>One</p><p id='a-8' aria-describedby='a-7'>Two</p>")
    assert unique != structure("<p id='a-1'>One</p><p id='a-1' aria-describedby='a-1'>Two</p>")
    assert unique != structure("<p id='a-1'>One</p><p id='a-2' aria-describedby='a-3'>Two</p>")
    linked = structure("<a href='#x-1'>Skip</a><main id='x-1'>M</main>")
    assert linked != structure("<a href='#x-1'>Skip</a><main id='x-2'>M</main>")

    checked = AxeChecked(tmp_path)
    page.set_content("<html lang='en'><body><main><form><input></form></main></body></html>")
    assert checked.first_look(page, form=0)  # the form, filled: not yet checked
    assert not checked.first_look(page, form=0)
    assert checked.first_look(page)  # the whole page still is
    assert not checked.first_look(page)
    page.set_content("<html lang='en'><body><main><form><select></select></form></main></body>")
    assert checked.first_look(page)
    assert not checked.first_look(page, form=0)  # checked whole in this state already
