#!/usr/bin/env bash
# The one command that runs every check: set-up, ruff, then the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
.venv/bin/ruff check src tests benchmarks
# The browser test drives Debian's Chromium (Playwright downloads no browser of its own).
command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }
# Temporary files go to a folder of our own, emptied with rm first: pytest's own clean-up
# of old temp folders recurses and fails on a tree deeper than Python's recursion limit
# (a test builds one), and a shared /tmp is raced by other runs on the same machine.
rm -rf .pytest-tmp
.venv/bin/python -m pytest -q --basetemp=.pytest-tmp "$@"
