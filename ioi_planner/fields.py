"""Model fields of the project."""

from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


class LimitedTextField(models.TextField):
    """A TextField whose max_length model validation enforces too. Django checks a TextField's
    max_length only in its form field, so a service that saves without a form (scripts,
    restore, the examples) would otherwise store text of any length."""

    @cached_property
    def validators(self):
        validators = list(super().validators)
        if self.max_length is not None:
            validators.append(
                MaxLengthValidator(
                    self.max_length, message=_("Must be %(limit_value)d characters or fewer")
                )
            )
        return validators
