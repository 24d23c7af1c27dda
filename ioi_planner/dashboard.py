"""The dashboard registry: apps add panels to the signed-in start page from their own
`dashboard` module.

The home view imports each installed app's `dashboard` module once (the way the admin
autodiscovers `admin` modules) and shows the panels they registered, in the order of
INSTALLED_APPS, so the core app shows the features built on it without importing them.

A panel is a function registered with `@dashboard_panel`: it takes the signed-in user and
returns a `Panel` (a template of its app and that template's context), or None to show nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.module_loading import autodiscover_modules


@dataclass
class Panel:
    template: str
    context: dict = field(default_factory=dict)


PanelFunction = Callable[[object], Panel | None]

_panels: list[PanelFunction] = []
_discovered = False


def dashboard_panel(function: PanelFunction) -> PanelFunction:
    if function not in _panels:
        _panels.append(function)
    return function


def panels_for(user) -> list[Panel]:
    global _discovered
    if not _discovered:
        autodiscover_modules("dashboard")
        _discovered = True
    return [panel for function in _panels if (panel := function(user)) is not None]
