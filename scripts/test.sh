#!/usr/bin/env bash
# The one command that runs every check: set-up, ruff, then the whole test suite on
# SQLite, then the tests that open a knowledge base again on PostgreSQL (a throwaway
# server from scripts/pg.sh, stopped on exit). Arguments go to both pytest runs.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
.venv/bin/ruff check src tests benchmarks
# The browser test drives Debian's Chromium (Playwright downloads no browser of its own).
command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }
eval "$(./scripts/pg.sh start "$(mktemp -d)")"
trap './scripts/pg.sh stop "$CHANCERY_PG_DIR"' EXIT
# Temporary files go to a folder of our own, emptied with rm first: pytest's own clean-up
# of old temp folders recurses and fails on a tree deeper than Python's recursion limit
# (a test builds one), and a shared /tmp is raced by other runs on the same machine.
rm -rf .pytest-tmp
CHANCERY_TEST_BACKEND=sqlite .venv/bin/python -m pytest -q --basetemp=.pytest-tmp "$@"
# On PostgreSQL: only the tests that open a knowledge base through the fixtures of
# tests/conftest.py (it deselects the others, which ran above already).
echo "== the same tests on PostgreSQL ($CHANCERY_TEST_PG)"
rm -rf .pytest-tmp
CHANCERY_TEST_BACKEND=postgres .venv/bin/python -m pytest -q --basetemp=.pytest-tmp "$@"
