#!/usr/bin/env bash
# The one command that runs every check: set-up, ruff, then the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
.venv/bin/ruff check src tests benchmarks
# The browser test drives Debian's Chromium (Playwright downloads no browser of its own).
command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }
.venv/bin/python -m pytest -q "$@"
