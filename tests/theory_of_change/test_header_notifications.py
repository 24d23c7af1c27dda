"""The unread notifications in the service header, on every page for signed-in users."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from theory_of_change.models import Notification, NotificationKind

pytestmark = pytest.mark.django_db

NOTIFICATION_TABLE = Notification._meta.db_table


def notify(user, plan, *, read=False):
    return Notification.objects.create(
        user=user,
        plan=plan,
        kind=NotificationKind.RETURNED,
        message="Changes requested",
        read_at=timezone.now() if read else None,
    )


def header_link(html: str) -> str:
    """The header's notifications link, its tags removed: what a screen reader announces."""
    match = re.search(r'<a class="govuk-link" href="/notifications/">(.*?)</a>', html, re.S)
    assert match, "no notifications link in the header"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", match.group(1))).strip()


def notification_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return sum(NOTIFICATION_TABLE in query["sql"] for query in captured)


def test_the_header_counts_only_the_users_unread_notifications(client, plan, alice, carol):
    notify(alice, plan)
    notify(alice, plan)
    notify(alice, plan, read=True)
    notify(carol, plan)
    client.force_login(alice)
    html = client.get(reverse("domains:framework_overview")).content.decode()
    assert header_link(html) == "Notifications, 2 unread"
    assert '<strong class="govuk-tag">2 unread</strong>' in html


def test_with_nothing_unread_the_header_links_to_notifications_without_a_count(client, plan, alice):
    notify(alice, plan, read=True)
    client.force_login(alice)
    html = client.get(reverse("theory_of_change:plan_list")).content.decode()
    assert header_link(html) == "Notifications"


def test_signed_in_pages_ask_for_the_count_once(client, plan, alice):
    notify(alice, plan)
    client.force_login(alice)
    assert notification_queries(client, reverse("domains:framework_overview")) == 1
    assert notification_queries(client, plan.get_absolute_url()) == 1
    # The dashboard's panel shows the count too, from the same query.
    assert notification_queries(client, reverse("home")) == 1


def test_the_count_is_fresh_on_the_next_page(client, plan, alice):
    notify(alice, plan)
    client.force_login(alice)
    assert "1 unread" in client.get(reverse("home")).content.decode()
    client.post(reverse("notifications:notifications_mark_read"))
    assert header_link(client.get(reverse("home")).content.decode()) == "Notifications"


def test_anonymous_visitors_see_no_link_and_cost_no_query(client):
    assert notification_queries(client, reverse("domains:framework_overview")) == 0
    html = client.get(reverse("domains:framework_overview")).content.decode()
    assert 'href="/notifications/"' not in html
