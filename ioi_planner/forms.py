from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fluid, Layout, Submit
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .text import UserTextFormMixin


class SignInForm(UserTextFormMixin, AuthenticationForm):
    username = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
        },
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Enter your password")},
    )

    error_messages = {
        "invalid_login": _(
            "Enter a correct email address and password. Both are case-sensitive for the password."
        ),
        "inactive": _("This account has been switched off. Ask your administrator."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "email", "spellcheck": "false", "autofocus": False}
        )
        self.helper = FormHelper()
        # The template writes the <form> tag itself, to carry the "next" address.
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.text("username", field_width=Fluid.TWO_THIRDS),
            Field.text("password", field_width=20),
            Submit("sign_in", _("Sign in")),
        )


def sign_in_email(request, credentials: dict | None) -> str:
    """The email address a sign-in attempt was for, as django-axes counts failures: in lower
    case, so that changing the case of an address does not reset the count."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return str(username).strip().lower()
