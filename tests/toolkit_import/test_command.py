"""python manage.py import_toolkit PATH [--dry-run] [--partial] [--confirm-retire N]."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from toolkit_import import generator
from toolkit_import.models import ImportRecord

from .helpers import bank_snapshot, workbook

pytestmark = pytest.mark.django_db


def run(*args) -> list[str]:
    out = StringIO()
    call_command("import_toolkit", *args, stdout=out)
    return out.getvalue().splitlines()


def test_the_command_imports_and_its_last_line_is_the_summary(tmp_path):
    path = tmp_path / "toolkit.xlsx"
    path.write_bytes(workbook())

    lines = run(str(path), "--confirm-retire", "122")

    assert lines[-1] == "added 2, changed 0, retired 122, unchanged 1, rejected 0"
    record = ImportRecord.objects.get()
    assert record.via_command
    assert record.file_name == "toolkit.xlsx"
    assert not record.partial


@pytest.mark.parametrize("confirmation", [None, "121"])
def test_retiring_much_of_the_bank_stops_without_the_number_and_changes_nothing(
    tmp_path, confirmation
):
    path = tmp_path / "toolkit.xlsx"
    path.write_bytes(workbook())  # 3 indicators: the rest of the bank would be retired
    before = bank_snapshot()
    extra = ["--confirm-retire", confirmation] if confirmation else []

    with pytest.raises(CommandError) as refused:
        run(str(path), *extra)

    message = str(refused.value)
    assert "would retire 122 of the 123 active indicators" in message
    assert "--confirm-retire 122" in message
    assert "--partial" in message
    assert bank_snapshot() == before
    assert not ImportRecord.objects.exists()


def test_a_dry_run_says_the_number_applying_it_would_need(tmp_path):
    path = tmp_path / "toolkit.xlsx"
    path.write_bytes(workbook())

    lines = run(str(path), "--dry-run")

    assert (
        "Applying it retires 122 of the 123 active indicators: it needs --confirm-retire 122."
        in lines
    )


def test_a_partial_update_retires_nothing_and_needs_no_number(tmp_path):
    path = tmp_path / "toolkit.xlsx"
    path.write_bytes(workbook())

    lines = run(str(path), "--partial")

    assert "Partial update: no indicator retired, no question removed." in lines
    assert lines[-1] == "added 2, changed 0, retired 0, unchanged 1, rejected 0"
    assert ImportRecord.objects.get().partial


def test_a_dry_run_prints_the_summary_and_changes_nothing(tmp_path):
    path = tmp_path / "toolkit.xlsx"
    path.write_bytes(workbook())
    before = bank_snapshot()

    lines = run(str(path), "--dry-run")

    assert "Dry run: nothing was changed." in lines
    assert lines[-1] == "added 2, changed 0, retired 122, unchanged 1, rejected 0"
    assert bank_snapshot() == before
    assert not ImportRecord.objects.exists()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (generator.encrypted_lookalike(), "password protected"),
        (generator.CSV_BYTES, "not an Excel workbook"),
        (workbook(sheet_name="Other"), "no sheet called"),
    ],
    # Named: a workbook's bytes hold the time it was made, so each pytest-xdist worker would
    # give the test another name, and xdist refuses to run tests collected differently.
    ids=["password-protected", "csv", "no-data-sheet"],
)
def test_a_bad_file_fails_with_a_reason_and_changes_nothing(tmp_path, content, reason):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)
    before = bank_snapshot()

    with pytest.raises(CommandError, match=reason):
        run(str(path))
    assert bank_snapshot() == before


def test_a_missing_file_fails_with_a_reason(tmp_path):
    with pytest.raises(CommandError, match="cannot be read"):
        run(str(tmp_path / "nowhere.xlsx"))


def test_an_oversized_file_fails_before_it_is_read(tmp_path, settings):
    settings.TOOLKIT_IMPORT_MAX_FILE_BYTES = 100
    path = tmp_path / "big.xlsx"
    path.write_bytes(workbook())

    with pytest.raises(CommandError, match="larger than the limit"):
        run(str(path))


def test_from_the_shell_a_bad_file_exits_non_zero_with_one_line_and_no_traceback(tmp_path):
    path = tmp_path / "locked.xlsx"
    path.write_bytes(generator.encrypted_lookalike())
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
    }

    result = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "manage.py", "import_toolkit", str(path)],
        cwd=Path(settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "CommandError: This workbook is password protected. Remove the password in Excel "
        "(File, Info, Protect Workbook) and upload it again."
    ]
