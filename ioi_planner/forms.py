from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fluid, Layout, Size, Submit
from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .models import Role
from .text import UserTextFormMixin


def _email_field() -> forms.EmailField:
    return forms.EmailField(
        label=_("Email address"),
        max_length=254,
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
        },
    )


def _password_field(label, autocomplete: str, required, hint=None) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}),
        error_messages={"required": required},
    )


class SignInForm(UserTextFormMixin, AuthenticationForm):
    username = _email_field()
    password = _password_field(_("Password"), "current-password", _("Enter your password"))

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


NEW_PASSWORD_HINT = _(
    "Use 12 characters or more. A few unrelated words together make a strong password that is "
    "easy to remember. Do not use a password you use anywhere else."
)
PASSWORDS_DIFFER = _("The passwords do not match: type the same new password in both boxes")


class _NewPasswordFields:
    """The new password twice, checked by the password validators (settings), with GOV.UK
    messages; Django's own forms do the rest."""

    error_messages = {"password_mismatch": PASSWORDS_DIFFER}

    def _new_password_fields(self, *, before: tuple[str, ...], button: Submit) -> None:
        """The two new-password fields after the fields named in `before`, then the button."""
        self.fields["new_password1"] = _password_field(
            _("New password"), "new-password", _("Enter a new password"), NEW_PASSWORD_HINT
        )
        self.fields["new_password2"] = _password_field(
            _("Confirm your new password"), "new-password", _("Type your new password again")
        )
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}  # the service's own messages, not the browser's
        self.helper.layout = Layout(
            *(Field.text(name, field_width=20) for name in (*before, "new_password1")),
            Field.text("new_password2", field_width=20),
            button,
        )


class PasswordChangeForm(UserTextFormMixin, _NewPasswordFields, auth_forms.PasswordChangeForm):
    error_messages = {
        **_NewPasswordFields.error_messages,
        "password_incorrect": _("Your current password is wrong: type it again"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"] = _password_field(
            _("Current password"), "current-password", _("Enter your current password")
        )
        self._new_password_fields(
            before=("old_password",), button=Submit("change", _("Change password"))
        )


class SetPasswordForm(UserTextFormMixin, _NewPasswordFields, auth_forms.SetPasswordForm):
    """A new password from a reset link."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._new_password_fields(before=(), button=Submit("save", _("Save new password")))


class PasswordResetForm(UserTextFormMixin, auth_forms.PasswordResetForm):
    email = _email_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}  # the service's own messages, not the browser's
        self.helper.layout = Layout(
            Field.text("email", field_width=Fluid.TWO_THIRDS),
            Submit("send", _("Send the link")),
        )


NOT_IN_TEAM = ""


class PersonTeamsForm(UserTextFormMixin, forms.Form):
    """For each team of the council: not in it, officer or team lead."""

    def __init__(self, *args, teams, roles: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(NOT_IN_TEAM, _("Not in this team")), *Role.choices]
        for team in teams:
            self.fields[f"team_{team.pk}"] = forms.ChoiceField(
                label=team.name,
                choices=choices,
                required=False,
                initial=roles.get(team.pk, NOT_IN_TEAM),
                widget=forms.RadioSelect,
            )
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            *(Field.radios(name, legend_size=Size.MEDIUM, inline=True) for name in self.fields),
            Submit("save", _("Save teams")),
        )

    def clean(self):
        cleaned = super().clean()
        if self.fields and not any(cleaned.get(name) for name in self.fields):
            raise forms.ValidationError(
                _("Choose at least one team. A person in no team cannot use the service.")
            )
        return cleaned
