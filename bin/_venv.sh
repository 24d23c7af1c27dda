# Sourced by bin/run and bin/test: make .venv and install the project's dependencies into it.
# Reinstalls only when pyproject.toml changes (a stamp file holds its hash).
set -euo pipefail
extras="${1:-}"
PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "IOI Planner needs Python 3.11 or newer; $PYTHON is $("$PYTHON" --version)." >&2
  exit 1
fi
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
stamp=".venv/.installed${extras:+-$extras}-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  # --no-compile: Python compiles each module the first time it is imported instead of pip
  # compiling every module of every package now (most are never imported): 8 s less here.
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-compile \
    -e ".${extras:+[$extras]}"
  touch "$stamp"
fi
export PATH="$PWD/.venv/bin:$PATH"
