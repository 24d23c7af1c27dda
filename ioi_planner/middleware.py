"""Riding out a short database outage (a PostgreSQL restart or fail-over).

A page being read when the database goes away would answer 500, and so would any request that
arrives in the second or so before it is back. Reading a page changes nothing, so for GET and
HEAD requests the middleware closes the broken connection, waits a moment and runs the request
again, a few times, before it gives up and lets the usual error page through. Anything else
(a form sent with POST) is never repeated: it answers the error page, and since every write is
in one transaction, nothing of it was saved.
"""

import logging
import time

from django.db import InterfaceError, OperationalError, connections
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

# Seconds to wait before each new attempt: about two seconds in all, then the error page.
RETRY_DELAYS = (0.25, 0.5, 1.25)
SAFE_METHODS = {"GET", "HEAD"}
_FLAG = "_ioi_database_unavailable"


class RetryReadsDuringDatabaseOutage:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in SAFE_METHODS:
            return response
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
        return response

    def process_exception(self, request, exception):
        # Only the database going away is worth another try; anything else is a real error.
        if isinstance(exception, OperationalError | InterfaceError):
            setattr(request, _FLAG, True)
        return None


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
