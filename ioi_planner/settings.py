"""IOI Planner settings: one file, driven by the environment.

Safe for production by default: DEBUG is off unless set, and with DEBUG off a SECRET_KEY must be
given and the HTTPS-only settings are on. The README's run command sets DEBUG=true for local use.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set SECRET_KEY in the environment (or DEBUG=true for local use)."
        )
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105 - DEBUG only

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "ioi_planner",
    "domains",
    "theory_of_change",
    "evaluation",
    "readiness",
    "toolkit_import",
    "bench",
    "demo",
    "privacy",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_forms_gds",
    "csp",
    "axes",
    "django_otp",
    "django_tasks",
    "django_tasks_db",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Reads a page again when the database was briefly away (see ioi_planner/middleware.py).
    "ioi_planner.middleware.RetryReadsDuringDatabaseOutage",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A signed-in person's pages in the language on their account (ioi_planner/languages.py).
    "ioi_planner.languages.AccountLanguage",
    # request.user.is_verified(): whether this session has passed the two-factor step.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Ends idle and old sessions (saying why, in a message); no caching of what a signed-in
    # person is shown.
    "ioi_planner.sessions.SessionLimits",
    # Someone who must sign in with a second factor reaches nothing else until they have.
    "ioi_planner.two_factor.TwoFactorRequired",
    "ioi_planner.middleware.NoStoreWhenSignedIn",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # The GOV.UK page for the empty 405s Django's method decorators answer.
    "ioi_planner.middleware.GovukErrorPages",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a refused sign-in into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ioi_planner.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # The framework's data in the reader's language, in every template.
            "builtins": [
                "domains.templatetags.framework_language",
                "ioi_planner.templatetags.written",
            ],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ioi_planner.context_processors.service_navigation",
                "ioi_planner.header.header_links",
                "ioi_planner.sessions.session_timeout",
                "ioi_planner.languages.language_choices",
            ],
        },
    },
]

WSGI_APPLICATION = "ioi_planner.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "ioi_planner.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# django-axes' backend comes first: it refuses to authenticate while sign-in is locked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Sign-in throttling (ioi_planner/sign_in.py, counted by django-axes): signing in to an account
# is paused after SIGN_IN_ACCOUNT_LIMIT failures from anywhere, and from an address after
# SIGN_IN_ADDRESS_LIMIT failures across accounts, for SIGN_IN_PAUSE_MINUTES; attempts during a
# pause do not make it longer. A successful sign-in clears the account's count.
# TRUSTED_PROXY_COUNT: how many proxies (the TLS proxy: 1) stand between people and the service;
# the client's address is then read from X-Forwarded-For that far, and no further.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# (AXES_FAILURE_LIMIT and AXES_COOLOFF_MINUTES, the names before these, are still read.)
SIGN_IN_ACCOUNT_LIMIT = int(
    os.environ.get("SIGN_IN_ACCOUNT_LIMIT", os.environ.get("AXES_FAILURE_LIMIT", "5"))
)
SIGN_IN_ADDRESS_LIMIT = int(os.environ.get("SIGN_IN_ADDRESS_LIMIT", "30"))
AXES_ENABLED = env_bool("AXES_ENABLED", default=True)
AXES_HANDLER = "ioi_planner.sign_in.SignInLimits"
AXES_FAILURE_LIMIT = 1  # SignInLimits counts 1 once either limit above is reached
AXES_COOLOFF_TIME = timedelta(
    minutes=int(
        os.environ.get("SIGN_IN_PAUSE_MINUTES", os.environ.get("AXES_COOLOFF_MINUTES", "15"))
    )
)
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Axes' own parameters only decide which failures a successful sign-in clears: the account's.
# The per-address limit is counted by SignInLimits, so axes' warning that "ip_address" is not
# among them (axes.W006) does not apply; adding it would let a successful sign-in from an
# address clear every account's failures from there.
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "ioi_planner.sign_in.client_ip"
AXES_USERNAME_CALLABLE = "ioi_planner.forms.sign_in_email"
AXES_LOCKOUT_CALLABLE = "ioi_planner.views.sign_in_locked_out"

# Django's rules with GOV.UK messages (ioi_planner/passwords.py): 12 characters or more, not
# like the person's name or email address, not a common password, not only numbers.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "ioi_planner.passwords.NotLikePersonalDetails"},
    {"NAME": "ioi_planner.passwords.MinimumLength"},
    {"NAME": "ioi_planner.passwords.NotCommon"},
    {"NAME": "ioi_planner.passwords.NotOnlyNumbers"},
]
# A password reset link works once, for this long (Django's tokens end when the password
# changes, so a used link is refused too).
PASSWORD_RESET_TIMEOUT = 60 * int(os.environ.get("PASSWORD_RESET_MINUTES", "60"))
# Asking for reset links, opening invitation links and typing two-factor codes are limited the
# same way as signing in (ioi_planner/throttle.py): SIGN_IN_ACCOUNT_LIMIT per account and
# SIGN_IN_ADDRESS_LIMIT per address within SIGN_IN_PAUSE_MINUTES.

# The task queue (docs/decisions/0009-task-queue.md): Django's tasks framework through the
# django-tasks backport, with its database backend, so the queue lives in the service's own
# database (SQLite or PostgreSQL) and `manage.py db_worker` processes on any machine share it.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Background jobs (ioi_planner/jobs.py). Files they make (the exports) are kept in the default
# storage: MEDIA_ROOT on one machine; with several app servers, a folder they all share (or
# another storage backend), so any of them can serve a file a worker made. The folder is never
# served directly: files are downloaded through the pages that check who may see them.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")
# A running job that has reported no progress for this long is taken to have died with its
# worker, and marked failed (it can then be asked for again).
JOB_STALL_SECONDS = int(os.environ.get("JOB_STALL_SECONDS", "600"))
# How often a page showing a job's progress refreshes itself.
JOB_REFRESH_SECONDS = 3
# How long a page that queued a job waits for it before showing the job's progress instead.
JOB_WAIT_SECONDS = float(os.environ.get("JOB_WAIT_SECONDS", "2"))

# The largest plan the service takes: the most outcomes, outputs and activities one plan may
# have. Chosen from measurement (docs/benchmarks.md, "Background jobs"): the evaluation PDF of a
# plan this size is built by one worker in about a minute with a bounded peak of memory.
PLAN_MAX_PARTS = {
    "outcome": int(os.environ.get("PLAN_MAX_OUTCOMES", "100")),
    "output": int(os.environ.get("PLAN_MAX_OUTPUTS", "200")),
    "activity": int(os.environ.get("PLAN_MAX_ACTIVITIES", "200")),
}

# An invitation's link works once, for this many days (ioi_planner/invitations.py).
INVITATION_DAYS = int(os.environ.get("INVITATION_DAYS", "7"))

# Two-factor sign-in (ioi_planner/two_factor.py, django-otp): always for site staff; for a
# council's people when its admin requires it. The authenticator app shows this issuer name.
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "IOI Planner")
TWO_FACTOR_RECOVERY_CODES = 10

# Languages: English and Welsh. A language is offered only once its catalogue is compiled
# (locale/<code>/LC_MESSAGES/django.mo, built from django.po by `manage.py compilemessages`,
# which bin/run, bin/test and a deployment run): otherwise a browser asking for Welsh would get
# English pages marked lang="cy", which screen readers read with Welsh pronunciation.
# docs/features/languages.md says how the language is chosen and how to update the catalogue.
LANGUAGE_CODE = "en-gb"
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGES = [
    (code, name)
    for code, name in [("en-gb", _("English")), ("cy", _("Welsh"))]
    if code == LANGUAGE_CODE
    or any((folder / code / "LC_MESSAGES" / "django.mo").exists() for folder in LOCALE_PATHS)
]
# The language chosen by a visitor who is not signed in (a signed-in person's is on their
# account): a year, sent to this site only.
LANGUAGE_COOKIE_NAME = "ioi_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

CSRF_FAILURE_VIEW = "ioi_planner.views.csrf_failure"

ADMIN_URL = os.environ.get("ADMIN_URL", "django-admin/").strip("/") + "/"

# Security. HTTPS_ONLY defaults to on whenever DEBUG is off; behind a TLS-terminating proxy
# also set SECURE_PROXY_SSL_HEADER_ENABLED=true.
HTTPS_ONLY = env_bool("HTTPS_ONLY", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS_ONLY
SESSION_COOKIE_SECURE = HTTPS_ONLY
LANGUAGE_COOKIE_SECURE = HTTPS_ONLY
CSRF_COOKIE_SECURE = HTTPS_ONLY
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if HTTPS_ONLY else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS_ONLY
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=HTTPS_ONLY)
if env_bool("SECURE_PROXY_SSL_HEADER_ENABLED"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
# A signed-in session ends after SESSION_IDLE_MINUTES without a request, or SESSION_MAX_HOURS
# after signing in, whichever is first (ioi_planner/sessions.py); with JavaScript on, a warning
# comes SESSION_WARNING_SECONDS before the idle timeout.
SESSION_IDLE_TIMEOUT = timedelta(minutes=int(os.environ.get("SESSION_IDLE_MINUTES", "30")))
SESSION_MAX_AGE = timedelta(hours=int(os.environ.get("SESSION_MAX_HOURS", "12")))
SESSION_TIMEOUT_WARNING = timedelta(seconds=int(os.environ.get("SESSION_WARNING_SECONDS", "120")))
SESSION_COOKIE_AGE = int(SESSION_MAX_AGE.total_seconds())
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Browser features no page of the service uses, switched off for it and anything it embeds.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
        "xr-spatial-tracking",
    )
}

# Uploads (toolkit workbooks) are bounded; see toolkit import for its own row and cell limits.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# Toolkit import limits (toolkit_import): a file bigger, or a sheet wider or longer, is refused
# whole; a cell longer than the cell limit rejects its row.
TOOLKIT_IMPORT_MAX_FILE_BYTES = int(os.environ.get("TOOLKIT_IMPORT_MAX_FILE_BYTES", 20 * 2**20))
TOOLKIT_IMPORT_MAX_UNCOMPRESSED_BYTES = int(
    os.environ.get("TOOLKIT_IMPORT_MAX_UNCOMPRESSED_BYTES", 300 * 2**20)
)
TOOLKIT_IMPORT_MAX_ROWS = int(os.environ.get("TOOLKIT_IMPORT_MAX_ROWS", "50000"))
TOOLKIT_IMPORT_MAX_COLUMNS = int(os.environ.get("TOOLKIT_IMPORT_MAX_COLUMNS", "60"))
TOOLKIT_IMPORT_MAX_CELL_LENGTH = int(os.environ.get("TOOLKIT_IMPORT_MAX_CELL_LENGTH", "5000"))
# Different pieces of text in a workbook (its shared strings) and their characters in all: a
# small file can hold millions, which would cost minutes and gigabytes to open.
TOOLKIT_IMPORT_MAX_SHARED_STRINGS = int(
    os.environ.get("TOOLKIT_IMPORT_MAX_SHARED_STRINGS", "500000")
)
TOOLKIT_IMPORT_MAX_SHARED_STRING_CHARACTERS = int(
    os.environ.get("TOOLKIT_IMPORT_MAX_SHARED_STRING_CHARACTERS", "50000000")
)

# Content-Security-Policy: no inline script or style anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ioi-planner@localhost")
# The council's mail relay (for example smtp.office365.com on 587 with EMAIL_USE_TLS): where the
# SMTP backend sends. STARTTLS (EMAIL_USE_TLS) and implicit TLS (EMAIL_USE_SSL) exclude each other.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured(
        "Set EMAIL_USE_TLS (STARTTLS, usually port 587) or EMAIL_USE_SSL (usually port 465), "
        "not both."
    )
# Email is sent by background jobs (ioi_planner/mail.py), tried this many times in all, with a
# growing delay between tries.
EMAIL_ATTEMPTS = int(os.environ.get("EMAIL_ATTEMPTS", "5"))
# Seconds to wait for the mail server before giving up on a message.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
# The service's address as people reach it (for example https://planner.example-council.gov.uk):
# links in emails start with it. Without it they are paths only.
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")

# Privacy (privacy/): who is responsible for the personal data the service holds, whom to ask,
# and how long records about people are kept (applied by `manage.py apply_retention`).
PRIVACY_CONTROLLER = os.environ.get("PRIVACY_CONTROLLER", "")
PRIVACY_CONTACT_EMAIL = os.environ.get("PRIVACY_CONTACT_EMAIL", "")
RETENTION_NOTIFICATION_DAYS = int(os.environ.get("RETENTION_NOTIFICATION_DAYS", "365"))
RETENTION_SIGN_IN_DAYS = int(os.environ.get("RETENTION_SIGN_IN_DAYS", "90"))
RETENTION_AUDIT_DAYS = int(os.environ.get("RETENTION_AUDIT_DAYS", "730"))
RETENTION_TOOLKIT_FILE_DAYS = int(os.environ.get("RETENTION_TOOLKIT_FILE_DAYS", "90"))
RETENTION_EXPORT_DAYS = int(os.environ.get("RETENTION_EXPORT_DAYS", "30"))

# Indicator bank page size.
INDICATORS_PER_PAGE = 25
# The indicator bank as an Excel workbook is built in the request, so it is offered up to this
# many rows (the national bank has about 130); above it, the CSV, which is streamed.
BANK_WORKBOOK_MAX_ROWS = int(os.environ.get("BANK_WORKBOOK_MAX_ROWS", "5000"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint logs each step of every PDF, and fontTools each font it subsets, at INFO.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
