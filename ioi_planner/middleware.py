"""Riding out a short database outage (a PostgreSQL restart or fail-over).

A page being read when the database goes away would answer 500, and so would any request that
arrives in the second or so before it is back. Reading a page changes nothing, so for GET and
HEAD requests the middleware closes the broken connection, waits a moment and runs the request
again, a few times. Anything else (a form sent with POST) is never repeated: since every write
is in one transaction, nothing of it was saved, and the person is told so on a 503 page that
asks them to go back and send the form again (the browser keeps what they typed). A read that
still finds the database away after the last attempt gets a 503 page too, never the generic
500: the service is unavailable for a moment, not broken.

The database going away is noticed wherever it happens, in a view or in a middleware that
reads the session or the signed-in user: Django announces every uncaught exception with the
`got_request_exception` signal, while the exception is being handled.
"""

import logging
import sys
import time

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError, connections
from django.dispatch import receiver
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

# Seconds to wait before each new attempt: 5.25 s in all, then the 503 page. A PostgreSQL
# restart (`pg_ctl restart -m immediate`) took 3.4-3.6 s under the load test's 50 users
# (issue 20); the window covers it with room to spare. A sync gunicorn worker waits meanwhile,
# which is what a person reading the page would otherwise do by hand.
RETRY_DELAYS = (0.25, 0.5, 1.0, 1.5, 2.0)
SAFE_METHODS = {"GET", "HEAD"}
# What the 503 page's Retry-After header suggests: well beyond a restart, and about the minute
# the page asks a reader to wait.
RETRY_AFTER_SECONDS = 30
_FLAG = "_ioi_database_unavailable"


class RetryReadsDuringDatabaseOutage:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method in SAFE_METHODS:
            for attempt, delay in enumerate(RETRY_DELAYS, start=1):
                if not getattr(request, _FLAG, False):
                    break
                setattr(request, _FLAG, False)
                _close_broken_connections()
                logger.warning(
                    "Database unavailable: reading %s again (attempt %d)", request.path, attempt
                )
                time.sleep(delay)
                response = self.get_response(request)
        if getattr(request, _FLAG, False):
            _close_broken_connections()
            logger.warning("Database unavailable: %s %s answered 503", request.method, request.path)
            return database_unavailable_page(sent_form=request.method not in SAFE_METHODS)
        return response


@receiver(got_request_exception, dispatch_uid="ioi_planner.database_unavailable")
def _note_database_unavailable(sender, request=None, **kwargs) -> None:
    # Only the database going away is worth another try or the 503 page; anything else is a
    # real error and gets the usual 500 page. Sent while the exception is being handled.
    exception = sys.exc_info()[1]
    if request is not None and isinstance(exception, OperationalError | InterfaceError):
        setattr(request, _FLAG, True)


def database_unavailable_page(*, sent_form: bool) -> HttpResponse:
    """The GOV.UK-styled 503 page, made without the database: like the 500 page, it renders
    with no request (so no user, session or context processors, which would read it again)."""
    content = loader.render_to_string("503.html", {"sent_form": sent_form})
    response = HttpResponse(content, status=503)
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


def _close_broken_connections() -> None:
    for connection in connections.all(initialized_only=True):
        if connection.in_atomic_block:
            continue  # a test's transaction, or a caller's: not ours to close
        connection.close_if_unusable_or_obsolete()


class NoStoreWhenSignedIn:
    """What a signed-in person is shown (pages and downloads alike) is not kept by the browser
    or any cache on the way: `Cache-Control: no-store`, so the back button on a shared computer
    after signing out shows nothing of it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


class GovukErrorPages:
    """A 405 that Django answers itself (require_POST and the like) has an empty body: a blank
    page for a person who opened a button's address as a link. It gets the GOV.UK 405 page,
    keeping its status and Allow header. Other error pages have templates of their own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.content and request.method != "HEAD":
            page = render(request, "405.html", status=405)
            if "Allow" in response.headers:
                page.headers["Allow"] = response.headers["Allow"]
            return page
        return response
