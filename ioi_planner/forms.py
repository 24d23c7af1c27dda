from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fluid, Layout, Size, Submit
from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import RegexValidator
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .languages import NAMES, offered
from .mail import mail_enqueue
from .models import Nation, Organisation, Role, User
from .text import UserTextFormMixin, capitalised, lazy_format

# Numbers as the GOV.UK Design System asks: a text input (type=number has the browser round,
# spin and reject values on its own, and was not styled as a GOV.UK input), with the keypad
# brought up by `inputmode`; the form field still checks it is a number.
NUMBER_INPUT = forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"})
WHOLE_NUMBER_INPUT = forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"})


class GovDateField(DateInputField):
    """The GOV.UK date input, with messages that say what to fix."""

    def __init__(self, *, what: str, **kwargs):
        super().__init__(**kwargs)
        self.error_messages.update(
            {
                "required": lazy_format(_("Enter %(what)s"), what=what),
                "incomplete": lazy_format(_("Enter %(what)s as a day, month and year"), what=what),
                "invalid": lazy_format(
                    _("Enter %(what)s as a real date, like 27 3 2026"), what=what
                ),
            }
        )
        parts = (_("day"), _("month"), _("year"))
        for field, part in zip(self.fields, parts, strict=True):
            field.error_messages["incomplete"] = lazy_format(
                _("%(what)s must include a %(part)s"), what=capitalised(what), part=part
            )
            field.validators = [
                RegexValidator(
                    r"^[0-9]+$",
                    lazy_format(
                        _("Enter the %(part)s of %(what)s in numbers"), part=part, what=what
                    ),
                )
            ]

    def compress(self, data_list):
        # A day, month or year too large for a date (99999999999999999999) overflows rather
        # than failing as a bad date: both are the same error for the person typing it.
        try:
            return super().compress(data_list)
        except (forms.ValidationError, ValueError, OverflowError) as error:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from error


def decimal_field(**kwargs) -> forms.DecimalField:
    """A number of up to 10 whole digits and 2 decimals, in a GOV.UK number input."""
    return forms.DecimalField(max_digits=12, decimal_places=2, widget=NUMBER_INPUT, **kwargs)


def _email_field(label=None, required=None, hint=None) -> forms.EmailField:
    return forms.EmailField(
        label=label or _("Email address"),
        max_length=254,
        help_text=hint,
        error_messages={
            "required": required or _("Enter your email address"),
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

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ) -> None:
        """The link is written here; a background job sends it (ioi_planner/mail.py)."""
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        mail_enqueue(subject=subject, body=body, to=[to_email], after_commit=False)

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
    """For each team of the council: not in it, officer or team lead; and whether the person
    is a council admin too (an admin cannot take that from themselves, so a council is never
    left without one by accident)."""

    is_council_admin = forms.BooleanField(
        label=_("Council admin: runs the council’s people and teams"), required=False
    )

    def __init__(self, *args, teams, roles: dict[int, str], is_self: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["is_council_admin"].disabled = is_self
        if is_self:
            self.fields["is_council_admin"].help_text = _(
                "Another council admin, or the service’s staff, can change this for you."
            )
        choices = [(NOT_IN_TEAM, _("Not in this team")), *Role.choices]
        self.team_fields = []
        for team in teams:
            name = f"team_{team.pk}"
            self.fields[name] = forms.ChoiceField(
                label=team.name,
                choices=choices,
                required=False,
                initial=roles.get(team.pk, NOT_IN_TEAM),
                widget=forms.RadioSelect,
            )
            self.team_fields.append(name)
        # In the order they are shown, so that an error of the whole form ("choose at least one
        # team") links to the first team's radios, not to the checkbox below them.
        self.order_fields([*self.team_fields, "is_council_admin"])
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            *(
                Field.radios(name, legend_size=Size.MEDIUM, inline=True)
                for name in self.team_fields
            ),
            Field.checkbox("is_council_admin"),
            Submit("save", _("Save teams")),
        )

    def clean(self):
        cleaned = super().clean()
        if self.team_fields and not any(cleaned.get(name) for name in self.team_fields):
            raise forms.ValidationError(
                _("Choose at least one team. A person in no team cannot use the service.")
            )
        return cleaned


def _name_field(label=None, required=None) -> forms.CharField:
    return forms.CharField(
        label=label or _("Full name"),
        max_length=150,
        error_messages={
            "required": required or _("Enter the person’s full name"),
            "max_length": _("Full name must be 150 characters or fewer"),
        },
    )


def _language_field(form: forms.Form) -> str | None:
    """The language of an invitation's email (and so of the new account), when the service
    offers more than one: each named in itself, the inviter's own language first chosen.
    Returns the field's name for the layout, or None when there is no choice."""
    languages = offered()
    if len(languages) < 2:
        return None
    form.fields["language"] = forms.ChoiceField(
        label=_("Language of the invitation"),
        help_text=_("The email is written in it, and it becomes their language in the service."),
        choices=[(code, NAMES.get(code, code)) for code in languages],
        initial=translation.get_language() if translation.get_language() in languages else None,
        widget=forms.RadioSelect,
        required=False,  # one is always chosen to start with; none sent: the default
    )
    return "language"


def _language_radios(name: str | None) -> list:
    return [Field.radios(name, legend_size=Size.MEDIUM, inline=True)] if name else []


class InvitationForm(UserTextFormMixin, forms.Form):
    """Invite someone to the council: who, in which teams, with which role."""

    full_name = _name_field()
    email = _email_field(
        required=_("Enter the person’s email address"),
        hint=_("Their work email address: the invitation is sent to it."),
    )
    teams = forms.ModelMultipleChoiceField(
        label=_("Teams"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Select all the teams they will work in."),
    )
    role = forms.ChoiceField(
        label=_("Role in these teams"),
        choices=Role.choices,
        initial=Role.OFFICER,
        widget=forms.RadioSelect,
        help_text=_("A team lead reviews and approves the plans their team shares."),
        error_messages={"required": _("Select the person’s role")},
    )
    as_council_admin = forms.BooleanField(
        label=_("They will also run the council’s people and teams (council admin)"),
        required=False,
    )

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teams"].queryset = teams
        self.fields["teams"].label_from_instance = lambda team: team.name
        self.fields["email"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        language = _language_field(self)
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            Field.text("full_name", field_width=Fluid.TWO_THIRDS),
            Field.text("email", field_width=Fluid.TWO_THIRDS),
            Field.checkboxes("teams", legend_size=Size.MEDIUM),
            Field.radios("role", legend_size=Size.MEDIUM, inline=True),
            Field.checkbox("as_council_admin"),
            *_language_radios(language),
            Submit("invite", _("Send invitation")),
        )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("teams") and not cleaned.get("as_council_admin"):
            self.add_error("teams", _("Select at least one team"))
        return cleaned


class AcceptInvitationForm(SetPasswordForm):
    """Accepting an invitation: the person's name (as invited, changeable) and a password."""

    def __init__(self, *args, invitation, **kwargs):
        super().__init__(
            User(email=invitation.email, full_name=invitation.full_name), *args, **kwargs
        )
        self.fields = {
            "full_name": _name_field(_("Your full name"), _("Enter your full name")),
            **self.fields,
        }
        self.fields["full_name"].initial = invitation.full_name
        self.fields["full_name"].widget.attrs["autocomplete"] = "name"
        self._new_password_fields(
            before=("full_name",), button=Submit("accept", _("Accept and sign in"))
        )

    def clean(self):
        # The password must not look like the name typed here.
        if self.cleaned_data.get("full_name"):
            self.user.full_name = self.cleaned_data["full_name"]
        return super().clean()


class CouncilCreateForm(UserTextFormMixin, forms.Form):
    """Site staff: a new council, its first team and its first council admin."""

    name = forms.CharField(
        label=_("Council’s name"),
        max_length=200,
        error_messages={"required": _("Enter the council’s name")},
    )
    nation = forms.ChoiceField(
        label=_("Nation"),
        choices=Nation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the nation the council is in")},
    )
    team_name = forms.CharField(
        label=_("Name of its first team"),
        max_length=200,
        help_text=_("For example, Refugee resettlement. The council admin can add people to it."),
        error_messages={"required": _("Enter a name for the council’s first team")},
    )
    admin_name = _name_field(
        _("Council admin’s full name"), _("Enter the council admin’s full name")
    )
    admin_email = _email_field(
        _("Council admin’s email address"), _("Enter the council admin’s email address")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        language = _language_field(self)
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            Field.text("name", field_width=Fluid.TWO_THIRDS),
            Field.radios("nation", legend_size=Size.MEDIUM),
            Field.text("team_name", field_width=Fluid.TWO_THIRDS),
            Field.text("admin_name", field_width=Fluid.TWO_THIRDS),
            Field.text("admin_email", field_width=Fluid.TWO_THIRDS),
            *_language_radios(language),
            Submit("create", _("Create council and send invitation")),
        )

    def clean_name(self):
        name = self.cleaned_data["name"]
        if Organisation.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError(
                _("There is already a council called %(name)s") % {"name": name}
            )
        return name


class DeactivateForm(UserTextFormMixin, forms.Form):
    """Who takes over a leaver's plans, and a new lead for each team they led alone."""

    successor = forms.ModelChoiceField(
        label=_("Who takes over their plans?"),
        queryset=None,
        empty_label=_("Choose a person"),
        help_text=_("Their plans, with all their history, become this person’s."),
        error_messages={"required": _("Choose who takes over their plans")},
    )

    def __init__(self, *args, people, teams_led_alone, owns_plans: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = people
        if not owns_plans:
            # Nothing to hand over: no question to answer.
            del self.fields["successor"]
        self.lead_fields = {}
        for team in teams_led_alone:
            name = f"lead_{team.pk}"
            self.fields[name] = forms.ModelChoiceField(
                label=_("New lead of %(team)s") % {"team": team.name},
                queryset=people,
                empty_label=_("Choose a person"),
                help_text=_(
                    "They are the only lead of this team. The person you choose joins it as its lead."
                ),
                error_messages={
                    "required": _("Choose a new lead for %(team)s") % {"team": team.name}
                },
            )
            self.lead_fields[team] = name
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            *(Field.select(name) for name in self.fields),
            Submit("deactivate", _("Deactivate"), css_class="govuk-button--warning"),
        )

    def chosen_successor(self):
        return self.cleaned_data.get("successor")

    def new_leads(self) -> dict:
        return {team: self.cleaned_data[name] for team, name in self.lead_fields.items()}


class TwoFactorRequirementForm(UserTextFormMixin, forms.Form):
    require_two_factor = forms.TypedChoiceField(
        label=_("Must everyone in your council sign in with an authenticator app?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        help_text=_(
            "People who have not set it up are asked to when they next sign in. "
            "Site staff always sign in this way."
        ),
        error_messages={"required": _("Select yes if everyone must sign in with an app")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            Field.radios("require_two_factor", legend_size=Size.MEDIUM, inline=True),
            Submit("save", _("Save")),
        )
