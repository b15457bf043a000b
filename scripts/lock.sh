#!/usr/bin/env bash
# Regenerate requirements.lock (exact pins) from the ranges in pyproject.toml.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/uv pip compile --quiet --python-version 3.11 --extra dev pyproject.toml -o requirements.lock
