"""The dashboard registry: apps add panels to the signed-in start page from their own
`dashboard` module.

The app's ready() imports each installed app's `dashboard` module at start-up (the way the admin
autodiscovers `admin` modules); the home view shows the panels they registered, in the order of
INSTALLED_APPS, so the core app shows the features built on it without importing them.

A panel is a function registered with `@dashboard_panel`: it takes the signed-in user and
returns a `Panel` (a template of its app and that template's context), or None to show nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from .registry import Registry


@dataclass
class Panel:
    template: str
    context: dict = field(default_factory=dict)


PanelFunction = Callable[[object], Panel | None]

_panels: Registry[PanelFunction] = Registry()
dashboard_panel = _panels.register


def panels_for(user) -> list[Panel]:
    return [panel for function in _panels if (panel := function(user)) is not None]
