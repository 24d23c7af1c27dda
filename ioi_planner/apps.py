from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IoiPlannerConfig(AppConfig):
    name = "ioi_planner"
    verbose_name = _("People and organisations")
