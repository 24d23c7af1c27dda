"""The layout docs/architecture.md describes, checked: apps import one way only, no app imports
another's private names, and the plans app's modules stay small enough to read."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# What each app may import from the project, besides itself: data flows one way,
# ioi_planner ← domains ← theory_of_change ← evaluation, theory_of_change ← readiness, and
# toolkit_import → domains.
# bench/ and demo/ stand outside the service and may use every app; no app uses them. privacy/
# (a person's data, retention) reads every app's records of people: it stands at the top.
APPS = {"ioi_planner", "domains", "toolkit_import", "theory_of_change", "evaluation", "readiness"}
MAY_IMPORT = {
    "ioi_planner": set(),
    "domains": {"ioi_planner"},
    "toolkit_import": {"ioi_planner", "domains"},
    "theory_of_change": {"ioi_planner", "domains"},
    "evaluation": {"ioi_planner", "domains", "theory_of_change"},
    "readiness": {"ioi_planner", "domains", "theory_of_change"},
    "bench": APPS,
    "demo": APPS,
    "privacy": APPS,
}
LINE_LIMIT = 400
SMALL_MODULES = ("theory_of_change", "evaluation", "readiness")


def app_modules(app: str) -> list[Path]:
    return sorted(p for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts)


def project_imports(path: Path):
    """(imported module, names) of every import of a project app in the module at path."""
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] in MAY_IMPORT:
                yield node.module, [alias.name for alias in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in MAY_IMPORT:
                    yield alias.name, []


@pytest.mark.parametrize("app", sorted(MAY_IMPORT))
def test_apps_import_only_the_layers_below_them(app):
    wrong = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in app_modules(app)
        for module, _names in project_imports(path)
        if module.split(".")[0] not in MAY_IMPORT[app] | {app}
    ]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("app", sorted(MAY_IMPORT))
def test_no_app_imports_another_apps_private_names(app):
    wrong = [
        f"{path.relative_to(ROOT)} imports {module}.{name}"
        for path in app_modules(app)
        for module, names in project_imports(path)
        if module.split(".")[0] != app
        for name in names
        if name.startswith("_")
    ]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("app", SMALL_MODULES)
def test_modules_stay_readable(app):
    long = [
        f"{path.relative_to(ROOT)}: {lines} lines"
        for path in app_modules(app)
        if (lines := len(path.read_text().splitlines())) > LINE_LIMIT
    ]
    assert not long, f"Split these by job (over {LINE_LIMIT} lines):\n" + "\n".join(long)


def test_the_checks_see_a_wrong_import(tmp_path):
    module = tmp_path / "m.py"
    module.write_text(
        "from theory_of_change.versioning import _hidden, plan_change\nimport evaluation\n"
    )
    assert list(project_imports(module)) == [
        ("theory_of_change.versioning", ["_hidden", "plan_change"]),
        ("evaluation", []),
    ]
