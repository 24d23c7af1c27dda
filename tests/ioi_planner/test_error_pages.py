import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings
from django.urls import path

from ioi_planner.urls import urlpatterns as site_urlpatterns


def broken_view(request):
    raise RuntimeError("a bug")


def forbidden_view(request):
    raise PermissionDenied


urlpatterns = [
    *site_urlpatterns,
    path("broken/", broken_view),
    path("forbidden/", forbidden_view),
]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_a_server_error_shows_the_styled_500_page(client):
    client.raise_request_exception = False
    response = client.get("/broken/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "govuk-header" in html
    assert "a bug" not in html


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_a_forbidden_page_shows_the_styled_403_page(client):
    response = client.get("/forbidden/")
    assert response.status_code == 403
    assert "govuk-header" in response.content.decode()
