from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class IoiPlannerConfig(AppConfig):
    name = "ioi_planner"
    verbose_name = _("People and organisations")

    def ready(self) -> None:
        # The dashboard's panels, the header's links, what happens to a leaver's work and the
        # kinds of document come from the apps built on this one: find them once, at start-up,
        # not on a request.
        autodiscover_modules("dashboard", "header", "leavers", "documents")
        # The audit log and the language kept at sign-in listen to the sign-in signals.
        from . import audit, languages  # noqa: F401
        from .translation_catalogues import install as flatten_translations

        # One catalogue to search per string, not a chain of seven (translation_catalogues.py).
        flatten_translations()
