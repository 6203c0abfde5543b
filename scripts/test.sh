#!/usr/bin/env bash
# The whole test suite: set up (including the headless browser the page tests use), then pytest.
# Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
if [ -f scripts/setup-test-tools.sh ]; then
  bash scripts/setup-test-tools.sh
fi
exec .venv/bin/python -m pytest "$@"
