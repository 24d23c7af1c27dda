"""A committing test's database is emptied after it: on PostgreSQL by deleting rows rather than
truncating tables (tests/conftest.py), which must leave the same, rows that refer to one
another across tables included."""

import pytest
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection

from theory_of_change.models import Outcome, Plan

from .factories import ON_POSTGRESQL

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not ON_POSTGRESQL, reason="on SQLite the flush is Django's own"),
]


def test_the_flush_deletes_rows_and_restarts_sequences_only_by_truncating():
    assert connection.ops.sql_flush(no_style(), ["a"]) == ['DELETE FROM "a";']
    assert connection.ops.sql_flush(no_style(), ["a"], reset_sequences=True) == [
        'TRUNCATE "a" RESTART IDENTITY;'
    ]


def test_the_flush_empties_every_table_whatever_refers_to_what(alice, team):
    plan = Plan.objects.create(team=team, owner=alice, title="Club", problem="Few meet.")
    Outcome.objects.create(plan=plan, text="People meet")

    call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=True)

    left = []
    with connection.cursor() as cursor:
        for table in connection.introspection.django_table_names(only_existing=True):
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")  # noqa: S608 - our own table names
            if cursor.fetchone():
                left.append(table)
    assert left == []
