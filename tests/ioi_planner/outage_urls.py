"""Views for tests/ioi_planner/test_database_outage.py: each fails as the test tells it to."""

from django.db import OperationalError
from django.http import HttpResponse
from django.urls import path

from ioi_planner.urls import urlpatterns as project_urlpatterns

CALLS: list[str] = []
FAILURES = {"left": 0, "error": OperationalError}
MIDDLEWARE_FAILURES = {"left": 0}


def flaky(request):
    CALLS.append(request.method)
    if FAILURES["left"]:
        FAILURES["left"] -= 1
        raise FAILURES["error"]("the database went away")
    return HttpResponse("read it")


class FlakyMiddleware:
    """Fails before the view, as a middleware reading the session would when the database is
    away."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if MIDDLEWARE_FAILURES["left"]:
            MIDDLEWARE_FAILURES["left"] -= 1
            raise OperationalError("the database went away")
        return self.get_response(request)


# The project's own URLs too: the error pages link to them.
urlpatterns = [path("flaky/", flaky), *project_urlpatterns]
