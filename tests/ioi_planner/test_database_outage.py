"""A page read while the database restarts is read again instead of answering 500; a form
sent with POST is never sent twice, and answers a 503 page saying nothing was saved."""

import pytest
from django.db import InterfaceError, OperationalError
from django.test import Client, override_settings

from ioi_planner import middleware
from tests.ioi_planner import outage_urls

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.ioi_planner.outage_urls")]


@pytest.fixture
def fail(monkeypatch):
    monkeypatch.setattr(middleware, "RETRY_DELAYS", (0, 0, 0))
    outage_urls.CALLS.clear()

    def times(count: int, error=OperationalError):
        outage_urls.FAILURES.update(left=count, error=error)

    yield times
    outage_urls.FAILURES["left"] = 0
    outage_urls.MIDDLEWARE_FAILURES["left"] = 0


@pytest.fixture
def client():
    # The test client would raise the first attempt's exception even after a retry succeeded.
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_read_is_tried_again_until_the_database_is_back(client, fail, error):
    fail(2, error)
    response = client.get("/flaky/")
    assert (response.status_code, response.content) == (200, b"read it")
    assert outage_urls.CALLS == ["GET", "GET", "GET"]


def test_a_read_gives_up_after_the_last_retry_with_the_unavailable_page(client, fail):
    fail(10)
    response = client.get("/flaky/")
    assert len(outage_urls.CALLS) == 1 + len(middleware.RETRY_DELAYS)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == str(middleware.RETRY_AFTER_SECONDS)
    assert "no-store" in response.headers["Cache-Control"]
    page = response.content.decode()
    assert "<title>Sorry, the service is unavailable – IOI Planner</title>" in page
    assert "Wait a minute, then reload the page." in page


def test_a_post_is_never_sent_twice_and_says_nothing_was_saved(client, fail):
    fail(1)
    with override_settings(CSRF_COOKIE_SECURE=False):
        response = client.post("/flaky/", {"title": "Typed"})
    assert outage_urls.CALLS == ["POST"]
    assert response.status_code == 503
    page = response.content.decode()
    assert '<h1 class="govuk-heading-l">Sorry, your changes were not saved</h1>' in page
    assert "nothing from the form you sent was saved" in page
    assert "back button" in page
    assert "Sorry, there is a problem with the service" not in page  # not the generic 500


def test_the_unavailable_page_needs_no_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = middleware.database_unavailable_page(sent_form=True)
    assert response.status_code == 503


def test_the_database_going_away_in_a_middleware_is_noticed_too(client, fail, settings):
    # Here the session, read before any view runs, finds the database away: the read is tried
    # again like a view's.
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE[: settings.MIDDLEWARE.index("ioi_planner.sessions.SessionLimits")],
        "tests.ioi_planner.outage_urls.FlakyMiddleware",
        *settings.MIDDLEWARE[settings.MIDDLEWARE.index("ioi_planner.sessions.SessionLimits") :],
    ]
    outage_urls.MIDDLEWARE_FAILURES["left"] = 1
    response = client.get("/flaky/")
    assert (response.status_code, response.content) == (200, b"read it")
    outage_urls.MIDDLEWARE_FAILURES["left"] = 2
    with override_settings(CSRF_COOKIE_SECURE=False):
        response = client.post("/flaky/")
    assert response.status_code == 503
    assert outage_urls.CALLS == ["GET"]  # the view never ran for the failed attempts


def test_other_errors_are_not_retried(client, fail):
    fail(1, ValueError)
    assert client.get("/flaky/").status_code == 500
    assert outage_urls.CALLS == ["GET"]


def test_the_middleware_is_installed(settings):
    assert "ioi_planner.middleware.RetryReadsDuringDatabaseOutage" in settings.MIDDLEWARE


def test_the_retry_window_covers_the_longest_restart_measured():
    # A PostgreSQL restart under the load test took up to 3.6 s (docs/operations.md).
    assert sum(middleware.RETRY_DELAYS) > 3.6
