"""The pre-filter's own recall: does every gold event's evidence survive it? Prints JSON.

    python benchmarks/prefilter_recall.py [GOLD.jsonl ...]

For each gold event, its evidence span must lie inside the text the pre-filter keeps
for parsing; also reports how much text (and how many articles) it sends to the parser.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = [ROOT.parent / "shared" / "eval" / d / "gold.jsonl" for d in ("dev", "distractors")]


def main() -> None:
    from chancery.evaluate import read_gold
    from chancery.ingest.clean import clean_text
    from chancery.nlp.prefilter import select

    out = {}
    for path in [Path(p) for p in sys.argv[1:]] or DEFAULT:
        docs, _errors = read_gold(path)
        events = kept_events = chars = kept_chars = skipped = 0
        lost = []
        for doc in docs:
            text = clean_text(doc.text)
            window = select(text)
            chars += len(text)
            kept_chars += len(window.text)
            skipped += window.empty
            for event in doc.events:
                events += 1
                evidence = " ".join(event.get("evidence", "").split())
                if evidence and evidence in " ".join(window.text.split()):
                    kept_events += 1
                else:
                    lost.append(f"{doc.id}: {event['type']} {evidence[:60]}")
        out[str(path)] = {
            "documents": len(docs),
            "not_parsed": skipped,
            "text_kept": round(kept_chars / chars, 3) if chars else None,
            "gold_events": events,
            "recall": round(kept_events / events, 4) if events else None,
            "lost": lost,
        }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
