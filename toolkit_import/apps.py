from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ToolkitImportConfig(AppConfig):
    name = "toolkit_import"
    verbose_name = _("Toolkit imports")
