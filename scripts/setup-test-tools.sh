#!/usr/bin/env bash
# Idempotent: the tools the page and browser tests need, installed only when missing.
#  - Debian's headless Chromium and its chromedriver (needs root and apt-get).
# (The query editor's npm packages are installed by setup.sh: the server needs them too.)
# Quiet on success; a tool that cannot be installed is reported and the tests that need it
# skip with that reason.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    if ! { apt-get update -qq && apt-get install -y -qq chromium chromium-driver; } >/dev/null 2>&1; then
      echo "warning: could not install chromium; the browser tests will be skipped." >&2
    fi
  else
    echo "warning: /usr/bin/chromium is missing and this is not root with apt-get;" \
         "the browser tests will be skipped." >&2
  fi
fi
