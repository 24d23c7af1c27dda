"""A page read while the database restarts is read again instead of answering 500; a form
sent with POST is never sent twice."""

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


def test_a_read_gives_up_after_the_last_retry_with_the_error_page(client, fail):
    fail(10)
    response = client.get("/flaky/")
    assert response.status_code == 500
    assert len(outage_urls.CALLS) == 1 + len(middleware.RETRY_DELAYS)


def test_a_post_is_never_sent_twice(client, fail):
    fail(1)
    with override_settings(CSRF_COOKIE_SECURE=False):
        response = client.post("/flaky/")
    assert response.status_code == 500
    assert outage_urls.CALLS == ["POST"]


def test_other_errors_are_not_retried(client, fail):
    fail(1, ValueError)
    assert client.get("/flaky/").status_code == 500
    assert outage_urls.CALLS == ["GET"]


def test_the_middleware_is_installed(settings):
    assert "ioi_planner.middleware.RetryReadsDuringDatabaseOutage" in settings.MIDDLEWARE
