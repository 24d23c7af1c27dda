import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "ioi_planner.settings", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_pass_the_deployment_checks():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="a-long-random-production-secret-" + "x9Qz" * 12,
        ALLOWED_HOSTS="planner.example.gov.uk",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", SECRET_KEY="")
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_every_model_change_has_a_migration():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db
def test_pages_send_the_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp
    assert "script-src 'self'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


PRODUCTION = {
    "SECRET_KEY": "a-long-random-production-secret-" + "x9Qz" * 12,
    "ALLOWED_HOSTS": "planner.example.gov.uk",
}


def production_values(*expressions: str, **env: str) -> list[str]:
    """Evaluate expressions under the production settings, in a fresh process."""
    script = "from django.conf import settings; from django.urls import reverse; " + "; ".join(
        f"print(repr({expression}))" for expression in expressions
    )
    result = run_manage("shell", "--no-imports", "-c", script, **{**PRODUCTION, **env})
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_production_cookies_are_secure_and_hidden_from_scripts():
    assert production_values(
        "settings.SESSION_COOKIE_SECURE",
        "settings.CSRF_COOKIE_SECURE",
        "settings.SESSION_COOKIE_HTTPONLY",
        "settings.CSRF_COOKIE_HTTPONLY",
        "settings.SESSION_COOKIE_SAMESITE",
        "settings.SECURE_SSL_REDIRECT",
        "settings.SECURE_HSTS_SECONDS >= 31536000",
    ) == ["True", "True", "True", "True", "'Lax'", "True", "True"]


def test_production_bounds_the_size_of_requests_and_uploads():
    sizes = production_values(
        "settings.DATA_UPLOAD_MAX_MEMORY_SIZE",
        "settings.FILE_UPLOAD_MAX_MEMORY_SIZE",
        "settings.DATA_UPLOAD_MAX_NUMBER_FIELDS",
    )
    assert all(0 < int(size) <= 10 * 1024 * 1024 for size in sizes[:2])
    assert 0 < int(sizes[2]) <= 10_000


def test_the_admin_moves_to_the_path_given_in_admin_url():
    assert production_values("reverse('admin:index')", ADMIN_URL="/staff-only-x7/") == [
        "'/staff-only-x7/'"
    ]
    assert production_values("reverse('admin:index')") == ["'/django-admin/'"]


def test_production_throttles_sign_in_with_django_axes():
    assert production_values(
        "settings.AXES_ENABLED",
        "settings.SIGN_IN_ACCOUNT_LIMIT",
        "settings.SIGN_IN_ADDRESS_LIMIT",
        "settings.AXES_COOLOFF_TIME.total_seconds()",
        "settings.TRUSTED_PROXY_COUNT",
        "settings.AUTHENTICATION_BACKENDS[0]",
        "settings.MIDDLEWARE[-1]",
    ) == [
        "True",
        "5",
        "30",
        "900.0",
        "0",
        "'axes.backends.AxesStandaloneBackend'",
        "'axes.middleware.AxesMiddleware'",
    ]
    assert production_values(
        "settings.SIGN_IN_ACCOUNT_LIMIT",
        "settings.SIGN_IN_ADDRESS_LIMIT",
        "settings.AXES_COOLOFF_TIME.total_seconds()",
        "settings.TRUSTED_PROXY_COUNT",
        SIGN_IN_ACCOUNT_LIMIT="3",
        SIGN_IN_ADDRESS_LIMIT="100",
        SIGN_IN_PAUSE_MINUTES="60",
        TRUSTED_PROXY_COUNT="1",
    ) == ["3", "100", "3600.0", "1"]
    # The names used before still work.
    assert production_values(
        "settings.SIGN_IN_ACCOUNT_LIMIT",
        "settings.AXES_COOLOFF_TIME.total_seconds()",
        AXES_FAILURE_LIMIT="4",
        AXES_COOLOFF_MINUTES="20",
    ) == ["4", "1200.0"]


@pytest.mark.django_db
def test_https_responses_carry_hsts_and_the_isolation_headers(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/accessibility/", secure=True)
    hsts = response.headers["Strict-Transport-Security"]
    assert hsts.startswith("max-age=31536000; includeSubDomains")
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert "default-src 'self'" in csp


@pytest.mark.django_db
def test_an_oversized_request_is_refused_before_it_reaches_a_form(client, settings):
    body = {"username": "a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1), "password": "x"}
    response = client.post("/sign-in/", body)
    assert response.status_code == 413
    assert "What you sent is too large" in response.text


def test_pdf_libraries_log_warnings_only_so_figures_and_logs_stay_readable():
    for name in ("weasyprint.progress", "fontTools.subset"):
        assert logging.getLogger(name).getEffectiveLevel() == logging.WARNING


def test_mail_goes_through_the_relay_the_environment_names_signing_in_to_it():
    """EMAIL_HOST, EMAIL_PORT and the relay's credentials come from the environment: a real SMTP
    server on loopback that asks for them receives what `sendtestemail` sends."""
    from email import message_from_bytes

    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword

    from tests.conftest import free_port

    received, logins = [], []

    class Handler:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
            received.append(message_from_bytes(envelope.original_content))
            return "250 Message accepted for delivery"

    def authenticator(server, session, envelope, mechanism, auth_data):
        assert isinstance(auth_data, LoginPassword)
        logins.append((auth_data.login, auth_data.password))
        return AuthResult(success=auth_data.password == b"relay-secret")

    controller = Controller(
        Handler(),
        hostname="127.0.0.1",
        port=free_port(),
        authenticator=authenticator,
        auth_require_tls=False,
    )
    controller.start()
    try:
        result = run_manage(
            "sendtestemail",
            "officer@council.example",
            DEBUG="true",
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(controller.port),
            EMAIL_HOST_USER="planner@council.example",
            EMAIL_HOST_PASSWORD="relay-secret",  # noqa: S106 - the test relay's password
            EMAIL_TIMEOUT="5",
            DEFAULT_FROM_EMAIL="planner@council.example",
        )
    finally:
        controller.stop()
    assert result.returncode == 0, result.stderr
    assert logins == [(b"planner@council.example", b"relay-secret")]
    assert [m["To"] for m in received] == ["officer@council.example"]
    assert received[0]["From"] == "planner@council.example"


def test_starttls_and_implicit_tls_together_stop_the_service_with_a_reason():
    result = run_manage("check", DEBUG="true", EMAIL_USE_TLS="true", EMAIL_USE_SSL="true")
    assert result.returncode != 0
    assert "EMAIL_USE_TLS" in result.stderr
    assert "not both" in result.stderr
