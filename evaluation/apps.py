from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = _("Evaluation plans")

    def ready(self) -> None:
        from theory_of_change.signals import plan_indicator_switched

        from .receivers import indicator_switched

        plan_indicator_switched.connect(indicator_switched, dispatch_uid="evaluation_switch")
