import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser, AnonymousUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    """Users sign in with their email address; there is no username."""

    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, email: str) -> "User":
        # Addresses are stored lower-cased, so signing in ignores the case typed.
        return self.get(email=email.lower())

    def create_user(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


def person_name(full_name: str | None, email: str | None) -> str:
    """How a person is named on a page: their full name, or their email address if they gave
    none ("" for nobody, e.g. a comment nobody has resolved)."""
    return full_name or email or ""


class User(AbstractUser):
    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    # The one council a person works for: every team they are in belongs to it (Membership
    # refuses a team of another council). Empty for site staff and anyone not yet in a team.
    organisation = models.ForeignKey(
        "Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("council"),
    )

    # Runs their council's people and teams (ioi_planner/council.py); sees no other council.
    is_council_admin = models.BooleanField(
        _("council admin"),
        default=False,
        help_text=_("Manages the people and teams of their own council, and no other."),
    )
    # Raised by "Sign out of all other devices": it is part of the hash every session of the
    # person carries (get_session_auth_hash), so their sessions elsewhere stop being valid.
    session_epoch = models.PositiveIntegerField(_("session generation"), default=0, editable=False)
    # When a council admin erased this former member's name and email (ioi_planner/leavers.py):
    # their contributions stay, shown as "Former member".
    erased_at = models.DateTimeField(_("personal data erased at"), null=True, blank=True)
    # The language the person chose with the header's language switch (ioi_planner/languages.py):
    # their pages, emails and documents are in it; empty until they choose.
    language = models.CharField(_("language"), max_length=10, blank=True, default="")

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    def get_session_auth_hash(self) -> str:
        """Django's hash of the password, with the session generation: a new password or a new
        generation ends every session that holds the old hash (generation 0 keeps Django's
        own hash, so sessions from before the generation existed stay valid)."""
        if not self.session_epoch:
            return super().get_session_auth_hash()
        return salted_hmac(
            "ioi_planner.User.get_session_auth_hash",
            f"{self.password}:{self.session_epoch}",
            algorithm="sha256",
        ).hexdigest()

    def get_session_auth_fallback_hash(self):
        # Sessions signed with an old SECRET_KEY (SECRET_KEY_FALLBACKS) follow the same rule.
        if not self.session_epoch:
            yield from super().get_session_auth_fallback_hash()
            return
        for secret in settings.SECRET_KEY_FALLBACKS:
            yield salted_hmac(
                "ioi_planner.User.get_session_auth_hash",
                f"{self.password}:{self.session_epoch}",
                secret=secret,
                algorithm="sha256",
            ).hexdigest()

    class Meta:
        ordering = ["email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return person_name(self.full_name, self.email)

    def get_full_name(self) -> str:
        return person_name(self.full_name, self.email)

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


# Whoever a request is from: a signed-in user or an anonymous visitor (request.user).
AnyUser = User | AnonymousUser


class Nation(models.TextChoices):
    ENGLAND = "england", _("England")
    SCOTLAND = "scotland", _("Scotland")
    WALES = "wales", _("Wales")
    NORTHERN_IRELAND = "northern-ireland", _("Northern Ireland")


class Organisation(models.Model):
    """A local authority."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    nation = models.CharField(_("nation"), max_length=20, choices=Nation.choices)
    # Set by the council's admin: everyone of the council signs in with a code from an
    # authenticator app too (site staff always do: ioi_planner/two_factor.py).
    require_two_factor = models.BooleanField(_("two-factor sign-in required"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="teams", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="team_name_unique_in_org")
        ]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


class Role(models.TextChoices):
    OFFICER = "officer", _("Officer")
    TEAM_LEAD = "team_lead", _("Team lead")


class Membership(models.Model):
    """A user's role in a team. A person belongs to one council (User.organisation) and may be
    in several of its teams, never in a team of another council."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("team")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.OFFICER)

    class Meta:
        ordering = ["team", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "team"], name="membership_unique_user_team")
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.team}"

    def save(self, *args, **kwargs) -> None:
        """Every membership is checked against the one-council rule, however it is made, and
        the person's council follows their teams: set by their first team, changed only when
        they are in no team of their old council any more."""
        self.clean()
        super().save(*args, **kwargs)
        council_id = self.team.organisation_id  # the team clean() has just looked up
        if self.user.organisation_id != council_id:
            self.user.organisation_id = council_id
            User.objects.filter(pk=self.user_id).update(organisation_id=council_id)

    def clean(self) -> None:
        super().clean()
        if self.user_id is None or self.team_id is None:
            return
        council = self.team.organisation
        elsewhere = (
            Membership.objects.filter(user_id=self.user_id)
            .exclude(pk=self.pk)
            .exclude(team__organisation=council)
            .select_related("team__organisation")
            .first()
        )
        if elsewhere is not None:
            raise ValidationError(
                {
                    "team": _(
                        "%(person)s is in a team of %(other)s. A person belongs to one council: "
                        "remove them from %(other)s’s teams before adding them to %(council)s."
                    )
                    % {
                        "person": self.user,
                        "other": elsewhere.team.organisation,
                        "council": council,
                    }
                }
            )


# -- Joiners: invitations -----------------------------------------------------------------------


class Invitation(models.Model):
    """An invitation to join a council, by email, in some of its teams with one role. The
    email's link carries a random token; only its hash is kept, so the table cannot be read
    back into links. A link works once (accepted_at), until expires_at, unless revoked; sending
    it again makes a new token, so the older email's link stops working."""

    council = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("council"),
    )
    email = models.EmailField(_("email address"))
    full_name = models.CharField(_("full name"), max_length=150)
    teams = models.ManyToManyField(Team, blank=True, related_name="+", verbose_name=_("teams"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.OFFICER)
    as_council_admin = models.BooleanField(_("as council admin"), default=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("last sent at"))
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    # The language of the invitation's email, which becomes the new account's language
    # (ioi_planner/languages.py); empty: the service's default.
    language = models.CharField(_("language"), max_length=10, blank=True, default="")

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} ({self.council})"

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None


# -- The audit log ------------------------------------------------------------------------------


class AuditKind(models.TextChoices):
    SIGNED_IN = "signed_in", _("Signed in")
    SIGN_IN_FAILED = "sign_in_failed", _("Sign-in failed")
    SIGNED_OUT = "signed_out", _("Signed out")
    INVITED = "invited", _("Invitation sent")
    INVITATION_RESENT = "invitation_resent", _("Invitation sent again")
    INVITATION_REVOKED = "invitation_revoked", _("Invitation withdrawn")
    INVITATION_ACCEPTED = "invitation_accepted", _("Invitation accepted")
    TEAMS_CHANGED = "teams_changed", _("Teams or roles changed")
    DEACTIVATED = "deactivated", _("Deactivated")
    ERASED = "erased", _("Personal data erased")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    PASSWORD_RESET = "password_reset", _("Password reset by email")
    SIGNED_OUT_ELSEWHERE = "signed_out_elsewhere", _("Signed out of other devices")
    TWO_FACTOR_SET_UP = "two_factor_set_up", _("Two-factor sign-in set up")
    TWO_FACTOR_REMOVED = "two_factor_removed", _("Two-factor sign-in removed")
    TWO_FACTOR_FAILED = "two_factor_failed", _("Wrong two-factor code")
    TWO_FACTOR_REQUIRED = "two_factor_required", _("Two-factor sign-in required or not")
    COUNCIL_CREATED = "council_created", _("Council created")
    EXPORT_DOWNLOADED = "export_downloaded", _("Plan export downloaded")


class AuditEvent(models.Model):
    """Something done to or by a person's account, or a plan export taken away: who did it,
    to whom, in which council, from which address. Rows are only added (and removed by
    apply_retention once older than RETENTION_AUDIT_DAYS)."""

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("what"), max_length=30, choices=AuditKind.choices)
    actor = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    person = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("about"),
    )
    council = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("council"),
    )
    # The client's address as ioi_planner.sign_in.client_ip reads it (through trusted proxies).
    address = models.GenericIPAddressField(_("from address"), null=True, blank=True)
    # What the event was about, in words kept as they were then (an email typed at sign-in, a
    # plan's title, the teams someone was moved to).
    detail = models.CharField(_("detail"), max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()}"


# -- Attempts counted for throttling -----------------------------------------------------------


class Attempt(models.Model):
    """One attempt at something throttled (a reset request, an invitation link, a two-factor
    code), by scope and key (an address, an account). Kept in the database so every worker
    process counts the same attempts; old rows are removed by apply_retention."""

    scope = models.CharField(max_length=30)
    key = models.CharField(max_length=300)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["scope", "key", "at"], name="attempt_scope_key_at")]

    def __str__(self) -> str:
        return f"{self.scope} {self.key} {self.at:%Y-%m-%d %H:%M}"


# -- Background jobs -------------------------------------------------------------------------


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("In progress")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Job(models.Model):
    """Long work done by a background job (ioi_planner/jobs.py): what it does (`kind`, and the
    `subject` it does it to, such as a plan's id), who asked, how far it has got and, when it
    makes a file, the file. `key` says exactly what the result is of (for an export, the plan's
    version): a finished job whose key is still current is reused, not run again."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=40)
    subject = models.CharField(_("subject"), max_length=64, blank=True)
    key = models.CharField(_("key"), max_length=64, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    stage = models.CharField(_("stage"), max_length=200, blank=True)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    file = models.FileField(_("file"), upload_to="jobs/%Y/%m/", blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    error = models.TextField(_("what went wrong"), blank=True)
    created_at = models.DateTimeField(_("asked for at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last progress at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        indexes = [models.Index(fields=["kind", "subject", "key"], name="job_kind_subject_key")]
        constraints = [
            # Two requests for the same document at the same moment share one job.
            models.UniqueConstraint(
                fields=["kind", "key"],
                condition=models.Q(status__in=["queued", "running"]) & ~models.Q(key=""),
                name="job_one_unfinished_per_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        return min(99, self.done * 100 // self.total) if self.total else 0
