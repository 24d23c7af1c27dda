"""Shared fixtures: the framework data, and one user for each kind of access.

alice: officer in Alpha's integration team      bob: officer in another team of Alpha
carol: a second officer in alice's team         charlie: officer at another council (Beta)
lena: team lead of alice's team                 admin: site staff, in no team
"""

import os
import socket

import pytest
from django.db.backends.postgresql.operations import DatabaseOperations
from django.utils import translation

from domains.services import framework_load
from ioi_planner.models import Nation, Role

from .factories import MembershipFactory, OrganisationFactory, TeamFactory, UserFactory

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls made from
# the same thread (fixtures, assertions) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# The tests that take longest, first: pytest-xdist hands out tests in collection order, so a
# long test started last keeps one worker busy while the others have finished. Longest first
# keeps the workers busy to the end (docs/testing.md). It is the second key only: as Django does
# (and pytest-django before this hook), tests in a rolled-back transaction run before those that
# commit, since a committing test empties the database (framework data included) after it.
LONGEST_FIRST = (
    "tests/browser/test_accessibility_crawl.py",
    "tests/browser/",
    "tests/toolkit_import/test_properties.py",
    "tests/bench/",
    "tests/test_fuzz_forms.py",
    "tests/test_access_matrix.py",
)


def _database_order(item) -> int:
    """pytest-django's order: rolled-back database tests, then committing ones, then the rest."""
    marker = item.get_closest_marker("django_db")
    names = getattr(item, "fixturenames", ())
    if (marker and marker.kwargs.get("transaction")) or {"transactional_db", "live_server"} & set(
        names
    ):
        return 1
    return 0 if marker or "db" in names else 2


def _length_order(item) -> int:
    path = item.nodeid.split("::")[0]
    return next(
        (n for n, prefix in enumerate(LONGEST_FIRST) if path.startswith(prefix)),
        len(LONGEST_FIRST),
    )


def pytest_collection_modifyitems(items):
    # A stable sort: within each part, the files keep their order.
    items.sort(key=lambda item: (_database_order(item), _length_order(item)))


def _emptied_by_delete(self, style, tables, *, reset_sequences=False, allow_cascade=False):
    """A committing test's database is emptied after it (Django's flush). On PostgreSQL, Django
    truncates every table, which makes each table new files: about 0.23 s for our 62 tables,
    after each of some 150 committing tests. Deleting the rows of tables this small takes
    0.01 s and leaves the same: every table empty, its sequences where they were (flush
    restarts them only when asked, and then it still truncates). Foreign keys are deferred to
    the flush's commit, by which time no row is left to break one."""
    if reset_sequences or allow_cascade:
        return _truncate(
            self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
        )
    return [
        f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(table))};"
        for table in tables
    ]


_truncate = DatabaseOperations.sql_flush
DatabaseOperations.sql_flush = _emptied_by_delete  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def _default_language_outside_requests():
    """Each test starts and ends in the default language. A request made through the test
    client activates the page's language in the test's own thread and leaves it active (in
    production every request activates its own): after a Welsh page, code run outside a request
    would otherwise speak Welsh."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the framework once; each test's transaction rolls back to it."""
    with django_db_blocker.unblock():
        framework_load()


@pytest.fixture
def alpha():
    return OrganisationFactory(name="Alpha Council", slug="alpha", nation=Nation.ENGLAND)


@pytest.fixture
def beta():
    return OrganisationFactory(name="Beta Council", slug="beta", nation=Nation.WALES)


@pytest.fixture
def team(alpha):
    return TeamFactory(organisation=alpha, name="Integration")


@pytest.fixture
def other_team(alpha):
    return TeamFactory(organisation=alpha, name="Housing")


@pytest.fixture
def beta_team(beta):
    return TeamFactory(organisation=beta, name="Cohesion")


@pytest.fixture
def alice(team):
    return MembershipFactory(team=team, user__email="alice@alpha.example").user


@pytest.fixture
def carol(team):
    return MembershipFactory(team=team, user__email="carol@alpha.example").user


@pytest.fixture
def lena(team):
    return MembershipFactory(team=team, role=Role.TEAM_LEAD, user__email="lena@alpha.example").user


@pytest.fixture
def bob(other_team):
    return MembershipFactory(team=other_team, user__email="bob@alpha.example").user


@pytest.fixture
def charlie(beta_team):
    return MembershipFactory(team=beta_team, user__email="charlie@beta.example").user


@pytest.fixture
def admin_user():
    return UserFactory(email="admin@site.example", is_staff=True, is_superuser=True)


def free_port() -> int:
    """A TCP port on loopback that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on loopback (aiosmtpd), with Django's SMTP backend pointed at it.
    Yields the list of messages it received (email.message.Message objects)."""
    from email import message_from_bytes

    from aiosmtpd.controller import Controller

    received = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
            received.append(message_from_bytes(envelope.original_content))
            return "250 Message accepted for delivery"

    controller = Controller(Handler(), hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_TIMEOUT = 5
    try:
        yield received
    finally:
        controller.stop()


@pytest.fixture
def closed_smtp_port(settings):
    """Django's SMTP backend pointed at a loopback port where nothing listens: every email
    fails as it would with the mail server down."""
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_TIMEOUT = 2
    return port
