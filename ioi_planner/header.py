"""The header registry: apps add links to the service header from their own `header` module.

The app's ready() imports each installed app's `header` module at start-up (the way the admin
autodiscovers `admin` modules), so the core app shows, for example, the unread
notifications of the plans app without importing it.

A link is a function registered with `@header_link`: it takes the signed-in user and returns a
`HeaderLink`, or None to show nothing. The links are worked out only when a page shows them,
and never for anonymous visitors.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from .registry import Registry


@dataclass(frozen=True)
class HeaderLink:
    text: str  # the link's words, e.g. "Notifications"
    href: str
    # Shown beside the text when there is something to count, e.g. "2 unread"; screen
    # readers hear "Notifications, 2 unread".
    count_text: str = ""


HeaderLinkFunction = Callable[[object], HeaderLink | None]

_links: Registry[HeaderLinkFunction] = Registry()
header_link = _links.register


def links_for(user) -> list[HeaderLink]:
    if user is None or not user.is_authenticated:
        return []
    return [link for function in _links if (link := function(user)) is not None]


def header_links(request):
    """The context processor: `header_links`, worked out the first time a template uses it."""
    return {"header_links": SimpleLazyObject(lambda: links_for(getattr(request, "user", None)))}


@header_link
def council_link(user) -> HeaderLink | None:
    """Council admins reach their council's people and teams from every page."""
    if not (user.is_council_admin and user.is_active and user.organisation_id):
        return None
    return HeaderLink(text=_("Your council"), href=reverse("council_home"))


@header_link
def councils_link(user) -> HeaderLink | None:
    """Site staff add councils (and invite their first admin) from every page."""
    if not user.is_staff:
        return None
    return HeaderLink(text=_("Councils"), href=reverse("council_create"))
