#!/usr/bin/env bash
# The whole test suite: set up (including the headless browser the page tests use), then pytest.
# Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
if [ -f scripts/setup-test-tools.sh ]; then
  bash scripts/setup-test-tools.sh
fi
.venv/bin/python -m pytest "$@"
if [ $# -eq 0 ]; then bash scripts/start-test-servers.sh; fi  # store tests on oxigraph serve
