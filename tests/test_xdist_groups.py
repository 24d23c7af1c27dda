"""bin/test relies on pytest-xdist's `--dist loadgroup` keeping the tests of one xdist_group
on one worker (the `bench --quick` run is made once for the tests that share it). Some pytest
and pytest-xdist versions together stop grouping without a word (pytest-dev/pytest-xdist#1386):
this runs a grouped pair of tests on two workers and checks they shared one."""

import re
import subprocess
import sys
import textwrap


def test_tests_of_one_xdist_group_run_on_one_worker(tmp_path):
    (tmp_path / "test_grouped.py").write_text(
        textwrap.dedent(
            """
            import pytest

            pytestmark = pytest.mark.xdist_group("together")

            def test_one():
                pass

            def test_two():
                pass
            """
        )
    )
    result = subprocess.run(  # noqa: S603 - pytest on a file this test wrote
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:django",
            "-p",
            "no:cacheprovider",
            "-n",
            "2",
            "--dist",
            "loadgroup",
            "-v",
            "test_grouped.py",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    workers = re.findall(r"\[(gw\d+)\] .*PASSED test_grouped.py::test_\w+@together", result.stdout)
    assert len(workers) == 2, result.stdout
    assert len(set(workers)) == 1, f"The group ran on {sorted(set(workers))}"
