#!/usr/bin/env bash
# The main job: set up, import the shipped external data and build the graph if there is
# none yet, then serve it on localhost. Extra arguments go to `s3kg serve` (e.g. --port 8080).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
if [ ! -e var/current ]; then
  for mapping in mappings/*.yaml; do
    .venv/bin/s3kg import --no-publish "$mapping"
  done
fi
exec .venv/bin/s3kg serve "$@"
