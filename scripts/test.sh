#!/usr/bin/env bash
# The whole test suite: set up (including the headless browser the page tests use), then pytest.
# Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# The suite checks the graph against the real documents and reference data: without them
# every data test would error, so say what is missing once instead.
corpus=${S3KG_CORPUS:-../shared/corpus}
if [ ! -d "$corpus" ]; then
  echo "the test suite needs the shared documents and data beside the clone:" \
       "$corpus not found (put shared/ next to this folder, or set S3KG_CORPUS," \
       "S3KG_SHARED_DATA and S3KG_W3C)" >&2
  exit 2
fi
bash scripts/setup.sh
if [ -f scripts/setup-test-tools.sh ]; then
  bash scripts/setup-test-tools.sh
fi
.venv/bin/python -m pytest "$@"
if [ $# -eq 0 ]; then bash scripts/start-test-servers.sh; fi  # store tests on oxigraph serve
