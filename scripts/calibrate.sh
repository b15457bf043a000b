#!/usr/bin/env bash
# Regenerate src/chancery/data/calibration.tsv: each extraction rule's smoothed precision
# over every gold set (dev, dev2, both distractor sets and the project's own samples).
# Run it after the extraction rules change; then `chancery eval ... --json` again, since
# the recognizers questions count only events at or above the confidence threshold.
# Extra arguments go to `chancery eval` (e.g. --json, or --calibration-out FILE).
set -euo pipefail
cd "$(dirname "$0")/.."
EVAL="${EVAL:-../shared/eval}"
.venv/bin/chancery eval \
  "$EVAL/dev/gold.jsonl" "$EVAL/dev2/gold.jsonl" \
  "$EVAL/distractors/gold.jsonl" "$EVAL/distractors2/gold.jsonl" \
  src/chancery/samples/gold.jsonl \
  --calibrate "$@"
