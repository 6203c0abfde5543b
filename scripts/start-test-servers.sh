#!/usr/bin/env bash
# The store-touching tests again, on a real remote SPARQL server instead of the embedded store.
# Each test app starts its own `oxigraph serve` on 127.0.0.1 (PyPI package `oxigraph`, in the
# test extra), so nothing is left running; tests/store covers both backends in every run.
# Called by scripts/test.sh after the main run when it was given no arguments; extra
# arguments go to pytest.  Skips (exit 0) with a message when the oxigraph CLI is missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PY=${PY:-.venv/bin/python}
if [ ! -x "$(dirname "$PY")/oxigraph" ] && ! command -v oxigraph >/dev/null 2>&1; then
  echo "oxigraph CLI not found: skipping the oxigraph-server pass (pip install 'oxigraph>=0.5')" >&2
  exit 0
fi
# Embedded-only behaviour: a remote server does not follow a rebuilt var/current symlink.
S3KG_TEST_BACKEND=oxigraph-server exec "$PY" -m pytest tests/web -m "not browser" \
  --deselect tests/web/test_ops.py::test_server_follows_a_rebuilt_current_symlink "$@"
