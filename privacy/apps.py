from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """The privacy notice, a person's own data as a download, and how long records are kept.
    It reads every app's records of people, so it stands at the top: no app imports it."""

    name = "privacy"
    verbose_name = _("Privacy")
