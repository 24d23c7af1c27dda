"""The plans' link in the service header (registered with ioi_planner.header)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ioi_planner.header import HeaderLink, header_link
from theory_of_change.review import selectors as review_selectors


@header_link
def notifications_link(user) -> HeaderLink:
    """Notifications, with how many are unread (one query)."""
    unread = review_selectors.page_unread_notification_count(user)
    return HeaderLink(
        text=_("Notifications"),
        href=reverse("notifications:notification_list"),
        count_text=ngettext("%(count)d unread", "%(count)d unread", unread) % {"count": unread}
        if unread
        else "",
    )
