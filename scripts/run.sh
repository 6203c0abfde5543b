#!/usr/bin/env bash
# The main job: set up, build the graph if there is none, and serve it on localhost.
# Extra arguments go to `s3kg serve` (e.g. --port 8080).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
exec .venv/bin/s3kg serve "$@"
