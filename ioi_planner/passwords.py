"""Django's password validators, with messages in the GOV.UK style (say what to do, not what
is wrong with the person). settings.AUTH_PASSWORD_VALIDATORS lists these, so every place a
password is set (changing it, a reset link, the admin, createsuperuser) applies the same rules.
"""

from django.contrib.auth import password_validation as django_rules
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

MIN_LENGTH = 12


class MinimumLength(django_rules.MinimumLengthValidator):
    def __init__(self, min_length: int = MIN_LENGTH):
        super().__init__(min_length)

    def get_error_message(self) -> str:
        return ngettext(
            "Your password must be %(count)d character or more",
            "Your password must be %(count)d characters or more",
            self.min_length,
        ) % {"count": self.min_length}

    def get_help_text(self) -> str:
        return self.get_error_message()


class NotLikePersonalDetails(django_rules.UserAttributeSimilarityValidator):
    def get_error_message(self) -> str:
        return _("Your password is too like your name or email address: choose another")

    def get_help_text(self) -> str:
        return _("Your password must not be like your name or email address")


class NotCommon(django_rules.CommonPasswordValidator):
    def get_error_message(self) -> str:
        return _("That password is one of the most common passwords: choose another")

    def get_help_text(self) -> str:
        return _("Your password must not be a common password")


class NotOnlyNumbers(django_rules.NumericPasswordValidator):
    def get_error_message(self) -> str:
        return _("Your password must not be only numbers")

    def get_help_text(self) -> str:
        return self.get_error_message()
