from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TheoryOfChangeConfig(AppConfig):
    name = "theory_of_change"
    verbose_name = _("Theory of Change plans")

    def ready(self) -> None:
        from domains.signals import indicators_revised

        from .review.indicator_notices import plans_told_of_revised_indicators

        indicators_revised.connect(
            plans_told_of_revised_indicators, dispatch_uid="plans_told_of_revised_indicators"
        )
