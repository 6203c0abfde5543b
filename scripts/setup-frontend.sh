#!/usr/bin/env bash
# Idempotent: the web pages' browser packages (YASGUI, the query editor) from npm into
# node_modules/, exactly as package-lock.json pins them.  Called by setup.sh, so the main
# command (run.sh) serves the full face.  Quiet when there is nothing to do and in CI; a
# missing npm or a failed install is a warning, not a failure: the server then shows a plain
# query form and says how to install the editor.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ -f node_modules/@zazuko/yasgui/build/yasgui.min.js ] \
   && [ -f node_modules/.package-lock.json ] \
   && [ ! package-lock.json -nt node_modules/.package-lock.json ]; then
  exit 0  # installed, and the lock file has not changed since
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "warning: npm is missing, so the query editor (YASGUI) is not installed; /query" \
       "shows a plain form. Install Node.js and npm, then run: bash scripts/setup.sh" >&2
  exit 0
fi
quiet=(--no-audit --no-fund --ignore-scripts --loglevel=error)
[ -n "${CI:-}" ] && quiet+=(--silent)
[ -z "${CI:-}" ] && echo "installing the query editor (YASGUI) from npm into node_modules/ ..." >&2
# npm ci installs exactly the lock file; npm install only when there is no lock file.
if [ -f package-lock.json ]; then install=(ci); else install=(install); fi
if ! npm "${install[@]}" "${quiet[@]}" >/dev/null 2>npm-install.log; then
  echo "warning: npm could not install YASGUI (see npm-install.log); /query shows a plain" \
       "form until it is installed" >&2
  exit 0
fi
rm -f npm-install.log
