#!/usr/bin/env bash
# Idempotent setup: a virtual environment in .venv with s3kg and its test tools, and the
# web pages' browser packages (npm, see setup-frontend.sh).
# Sourced by run.sh and test.sh; safe to run again (it only installs what is missing).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "s3kg needs Python >= 3.11 (found: $("$PYTHON" --version 2>&1))" >&2
  exit 2
fi
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
# Re-install only when the dependency list changed since the last successful install.
stamp=.venv/.s3kg-installed
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".[dev]"
  echo "$want" > "$stamp"
fi
if ! command -v java >/dev/null 2>&1; then
  echo "warning: java not found; the OWL reasoner (HermiT) needs Java 11+." >&2
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && apt-get install -y -qq default-jre-headless >/dev/null
  fi
fi
bash scripts/setup-frontend.sh
