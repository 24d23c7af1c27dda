"""The council's portfolio: which plans it covers, the domains they work on and leave
uncovered, the indicators several plans measure, each plan's progress, filters and the
workbook (issue 18, item 5)."""

from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from domains.models import Domain
from evaluation.portfolio import PLANS_PER_PAGE, council_portfolio
from evaluation.presenters import format_date
from tests.evaluation.test_measurements import measure
from tests.factories import OutcomeFactory, PlanFactory
from theory_of_change.models import Plan, PlanStatus

pytestmark = pytest.mark.django_db

URL = reverse("portfolio:portfolio")


@pytest.fixture
def plans(plan, outcome, indicator, team, other_team, alice, bob, charlie, beta_team):
    """alice's shared plan (domain 9, measured); bob's shared plan in another team of the
    council using the same indicator (domain 4, measured); bob's unshared draft; a plan of
    another council."""
    plan.domains.set(Domain.objects.filter(number=9))
    measure(plan, indicator, "newcomers", "baseline", date.today() - timedelta(days=30), "20")
    housing = PlanFactory(team=other_team, owner=bob, title="Warm homes", shared_with_team=True)
    housing.domains.set(Domain.objects.filter(number=4))
    OutcomeFactory(plan=housing, text="Homes are warm").indicators.add(indicator)
    measure(housing, indicator, "all", "baseline", date.today() - timedelta(days=10), "41")
    PlanFactory(team=other_team, owner=bob, title="Bob's private draft", shared_with_team=False)
    PlanFactory(team=beta_team, owner=charlie, title="Beta's plan", shared_with_team=True)
    return plan, housing


def test_the_portfolio_covers_the_council_s_shared_plans_and_links_only_those_one_may_open(
    client, alice, plans
):
    client.force_login(alice)
    page = client.get(URL).content.decode()
    assert "Friendship café" in page
    assert "Warm homes" in page  # another team's plan, shared with its team
    assert "Bob&#x27;s private draft" not in page
    assert "Beta&#x27;s plan" not in page  # another council
    own, housing = plans
    assert f'href="{own.get_absolute_url()}"' in page
    assert f'href="{housing.get_absolute_url()}"' not in page  # alice is not in that team
    assert "2 plans" in page


def test_domains_no_plan_works_on_are_named_and_types_left_uncovered(alice, plans):
    portfolio = council_portfolio(alice)
    assert [d.number for d in portfolio.uncovered_domains] == [
        n for n in range(1, 15) if n not in (4, 9)
    ]
    # Housing (Markers and Means) and Language (Facilitators) are covered.
    assert {t.name for t in portfolio.uncovered_types} == {
        "Social Connections",
        "Foundation",
    }


def test_an_indicator_two_plans_use_is_listed_with_each_plan_s_latest_value(
    alice, plans, indicator
):
    [shared] = council_portfolio(alice).shared_indicators
    assert shared.indicator == indicator
    assert {p.title for p in shared.plans} == {"Friendship café", "Warm homes"}
    assert {(v.plan.title, v.value) for v in shared.latest} == {
        ("Friendship café", Decimal("20")),
        ("Warm homes", Decimal("41")),
    }


def test_the_indicator_s_page_lists_the_plans_using_it_and_their_latest_values(
    client, alice, plans, indicator, other_team
):
    own, housing = plans
    client.force_login(alice)
    page = client.get(URL).content.decode()
    address = reverse("portfolio:portfolio_indicator", kwargs={"indicator_id": indicator.pk})
    assert f'href="{address}"' in page
    response = client.get(address)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Used by 2 plans" in page
    assert f'<a class="govuk-link" href="{own.get_absolute_url()}">' in page
    assert "Warm homes (" in page
    assert f'href="{housing.get_absolute_url()}"' not in page
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">20</td>' in page
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">41</td>' in page
    # The portfolio's filters come along: one team's plans only, and the way back keeps them.
    page = client.get(address, {"team": other_team.pk}).content.decode()
    assert "Used by 1 plan" in page
    assert "Friendship café" not in page
    assert f'href="{URL}?team={other_team.pk}"' in page


def test_an_indicator_no_plan_of_the_council_uses_has_no_page(client, alice, charlie, plans):
    """Not even its title: the page would tell alice that another council measures it."""
    theirs = PlanFactory(team=charlie.memberships.get().team, owner=charlie, shared_with_team=True)
    other = OutcomeFactory(plan=theirs).indicators.create(
        code="X1", wording="Another council's own indicator", domain=Domain.objects.get(number=1)
    )
    client.force_login(alice)
    address = reverse("portfolio:portfolio_indicator", kwargs={"indicator_id": other.pk})
    assert client.get(address).status_code == 404
    client.force_login(charlie)
    assert client.get(address).status_code == 200


def test_the_plans_are_shown_a_page_at_a_time_and_the_counts_are_of_them_all(
    client, alice, team, indicator
):
    plans = Plan.objects.bulk_create(
        PlanFactory.build(team=team, owner=alice, shared_with_team=True, title=f"Plan {n:03}")
        for n in range(PLANS_PER_PAGE + 5)
    )
    plans[-1].domains.add(Domain.objects.get(number=7))  # on the second page only
    client.force_login(alice)
    page = client.get(URL).content.decode()
    assert f"{PLANS_PER_PAGE + 5} plans" in page
    assert f"Showing plans 1 to {PLANS_PER_PAGE} of {PLANS_PER_PAGE + 5}" in page
    assert "Plan 000" in page
    assert f"Plan {PLANS_PER_PAGE:03}" not in page
    # Counted over every plan: the second page's plan covers domain 7 on the first page too.
    first_page = council_portfolio(alice, page=1)
    assert len(first_page.plans) == PLANS_PER_PAGE
    assert 7 not in [d.number for d in first_page.uncovered_domains]
    assert first_page.by_status == [("Draft", PLANS_PER_PAGE + 5)]
    assert (
        '<th scope="row" class="govuk-table__header">Draft</th>\n'
        f'        <td class="govuk-table__cell govuk-table__cell--numeric">{PLANS_PER_PAGE + 5}</td>'
    ) in page
    filtered = client.get(URL, {"status": "draft"}).content.decode()
    assert 'href="?status=draft&amp;page=2"' in filtered  # the filters survive paging
    page = client.get(URL, {"page": 2}).content.decode()
    assert f"Plan {PLANS_PER_PAGE + 4:03}" in page
    assert "Plan 000" not in page
    # A page out of range, or not a number, is the nearest page, not an error.
    assert f"Plan {PLANS_PER_PAGE + 4:03}" in client.get(URL, {"page": 99}).content.decode()
    assert "Plan 000" in client.get(URL, {"page": "x"}).content.decode()


def test_a_page_and_the_whole_portfolio_count_the_same(alice, plans, team, indicator):
    """The page counts in the database what the workbook reads plan by plan."""
    for number in range(PLANS_PER_PAGE + 1):
        plan = PlanFactory(team=team, owner=alice, shared_with_team=True, status="submitted")
        plan.domains.add(Domain.objects.get(number=number % 3 + 1))
        if number % 2:
            OutcomeFactory(plan=plan).indicators.add(indicator)
    for filters in ({}, {"status": "submitted"}, {"domain": 2}, {"team": team.pk}):
        whole, paged = (
            council_portfolio(alice, **filters),
            council_portfolio(alice, page=2, **filters),
        )
        assert paged.count == whole.count == len(whole.plans)
        assert paged.by_status == whole.by_status
        assert paged.by_team == whole.by_team
        assert paged.uncovered_domains == whole.uncovered_domains
        assert [(s.indicator, s.plan_count) for s in paged.shared_indicators] == [
            (s.indicator, len(s.plans)) for s in whole.shared_indicators
        ]


def test_the_page_s_queries_are_the_same_for_five_plans_and_for_two_hundred(
    client, alice, team, indicator
):
    def add(count: int) -> None:
        for plan in Plan.objects.bulk_create(
            PlanFactory.build(team=team, owner=alice, shared_with_team=True) for _ in range(count)
        ):
            OutcomeFactory(plan=plan).indicators.add(indicator)

    client.force_login(alice)
    add(5)
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    add(195)
    with CaptureQueriesContext(connection) as many:
        client.get(URL)
    assert len(many) == len(few)


def test_filters_by_team_status_and_domain_and_a_bad_filter_is_a_form_error(
    client, alice, plans, other_team
):
    client.force_login(alice)
    page = client.get(URL, {"team": other_team.pk}).content.decode()
    assert "Warm homes" in page
    assert "Friendship café" not in page
    page = client.get(URL, {"domain": 9}).content.decode()
    assert "Friendship café" in page
    assert "Warm homes" not in page
    assert "0 plans" in client.get(URL, {"status": PlanStatus.APPROVED}).content.decode()
    response = client.get(URL, {"team": "99999", "domain": "x"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Select a team from the list" in page
    assert 'href="#id_team"' in page
    assert "Warm homes" in page  # no filter applied while the filter is wrong


def test_the_workbook_has_the_plans_uncovered_domains_and_shared_indicators(
    client, alice, plans, indicator
):
    own, _housing = plans
    own.title = '=HYPERLINK("http://example.com")'
    own.save()
    client.force_login(alice)
    response = client.get(reverse("portfolio:portfolio_xlsx"))
    assert response["Content-Disposition"].startswith("attachment;")
    workbook = openpyxl.load_workbook(BytesIO(response.getvalue()))
    assert workbook.sheetnames == ["Plans", "Domains not covered", "Shared indicators"]
    rows = list(workbook["Plans"].iter_rows(values_only=True))
    assert rows[0][:4] == ("Plan", "Team", "Status", "Progress")
    assert rows[0][4] == "1. Work"
    titles = {row[0] for row in rows[1:]}
    assert titles == {own.title, "Warm homes"}
    formula_cell = next(c for c in workbook["Plans"]["A"] if c.value == own.title)
    assert formula_cell.data_type == "s"  # written as text, never a formula
    assert len(list(workbook["Domains not covered"].iter_rows())) == 1 + 12
    shared = list(workbook["Shared indicators"].iter_rows(values_only=True))[1:]
    assert {(row[0], row[2], row[4]) for row in shared} == {
        (indicator.wording, own.title, 20),
        (indicator.wording, "Warm homes", 41),
    }


def _portfolio_queries(user) -> int:
    with CaptureQueriesContext(connection) as queries:
        council_portfolio(user)
    return len(queries)


def test_the_queries_are_the_same_for_five_plans_and_for_five_hundred(alice, team, indicator):
    def add(count: int) -> None:
        plans = Plan.objects.bulk_create(
            PlanFactory.build(team=team, owner=alice, shared_with_team=True) for _ in range(count)
        )
        for number, plan in enumerate(plans):
            plan.domains.add(Domain.objects.get(number=number % 14 + 1))
            OutcomeFactory(plan=plan).indicators.add(indicator)
        measure(plans[0], indicator, "newcomers", "baseline", date.today(), "20")

    add(5)
    few = _portfolio_queries(alice)
    add(495)
    many = _portfolio_queries(alice)
    assert len(council_portfolio(alice).plans) == 500
    assert many == few


# Who may see a portfolio at all (nobody in no team: 404) is in tests/test_access_matrix.py.


def test_each_plan_s_row_says_its_team_status_and_progress(client, alice, plans):
    client.force_login(alice)
    page = client.get(URL).content.decode()
    for item in council_portfolio(alice).plans:
        plan = item.plan
        assert f"{plan.team.name}, {plan.get_status_display().lower()}</span>" in page
        assert f'<td class="govuk-table__cell">{item.status_label}</td>' in page


def test_dates_are_in_the_reader_s_language_whichever_was_asked_for_first():
    day = date(2027, 1, 31)
    assert format_date(day) == "31 January 2027"
    with translation.override("cy"):
        assert format_date(day) == "31 Ionawr 2027"
    assert format_date(day) == "31 January 2027"
