"""Ingestion throughput against the floor of parsing alone. Prints one JSON line.

    python benchmarks/throughput.py [--articles 2000] [--jobs 1] [--mix dev|mixed|general]
                                    [--no-prefilter]

The corpus is built from the dev articles and the project's samples (``--mix dev``), from
those and the dev2 articles, text the rules were not tuned on (``--mix mixed``), or from
the distractor and dev articles in a 9:1 ratio (``--mix general``: most news is not
diplomatic). The texts are read from ``../shared/eval/`` at run time, never copied into
the project. This script calls the library on texts in memory; ``cli_ingest.py`` times
``chancery ingest DIR`` on a folder of files, as users run it. Each copy gets a distinct
first line so deduplication keeps it. The corpus is ingested into a fresh SQLite file
(cleaning, pre-filter, parsing, extraction, dating, resolution and storage), then the
same spaCy pipeline alone parses the same texts in the same process: ``ratio_to_parse``
is the first rate over the second.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from importlib import resources
from itertools import cycle, islice
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "eval"


MIXES = ("dev", "mixed", "general")


def corpus(mix: str, n: int) -> list[str]:
    """``n`` texts cycled from the mix, each with a distinct first line (no duplicates)."""
    dev = [p.read_text("utf-8") for p in sorted((SHARED / "dev").glob("*.txt"))]
    if mix == "general":
        noise = [p.read_text("utf-8") for p in sorted((SHARED / "distractors").glob("*.txt"))]
        base = list(islice(cycle(noise), 9 * len(dev))) + dev
    else:
        samples = resources.files("chancery") / "samples"
        base = dev + [p.read_text("utf-8") for p in samples.iterdir() if p.name.endswith(".txt")]
        if mix == "mixed":
            base += [p.read_text("utf-8") for p in sorted((SHARED / "dev2").glob("*.txt"))]
    texts = list(islice(cycle(base), n))
    return [f"Corpus copy {i}.\n\n{t}" for i, t in enumerate(texts)]


def parse_only_rate(texts: list[str], repeat: int = 1) -> tuple[float, float]:
    """Words a second of spaCy's own pipeline alone over the texts (the floor), in this
    process, model load excluded, and the CPU seconds it took; the best of ``repeat``."""
    from chancery.nlp.pipeline import PARSE_BATCH, load_model

    nlp = load_model()
    words = sum(len(t.split()) for t in texts)
    best = best_cpu = float("inf")
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        for _doc in nlp.pipe(texts, batch_size=PARSE_BATCH):  # chancery's own batches
            pass
        best = min(best, time.perf_counter() - start)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    return words / best, best_cpu


def peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, kids) / 1024, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--mix", choices=MIXES, default="dev")
    parser.add_argument("--no-prefilter", action="store_true")
    parser.add_argument("--skip-parse-floor", action="store_true")
    args = parser.parse_args()

    import chancery
    from chancery.ingest import ArticleOptions, article_from_text
    from chancery.nlp.pipeline import get_nlp

    raw = corpus(args.mix, args.articles)
    get_nlp()  # model loading is not throughput
    with tempfile.TemporaryDirectory() as tmp:
        kb = chancery.open(Path(tmp) / "bench.db", jobs=args.jobs, prefilter=not args.no_prefilter)
        start = time.perf_counter()
        articles = (article_from_text(t, f"item {i}", ArticleOptions()) for i, t in enumerate(raw))
        report = kb.ingest_articles(articles)
        seconds = time.perf_counter() - start
        stored = kb.store.count("articles")
        kb.close()
    texts = [t for t in raw]
    words = sum(len(t.split()) for t in texts)
    result = {
        "articles": stored,
        "words": words,
        "seconds": round(seconds, 2),
        "articles_per_s": round(stored / seconds, 1),
        "words_per_s": round(words / seconds),
        "events": report.events,
        "jobs": args.jobs,
        "mix": args.mix,
        "prefilter": not args.no_prefilter,
    }
    if not args.skip_parse_floor:
        result["parse_only_words_per_s"] = round(parse_only_rate(texts)[0])
        result["ratio_to_parse"] = round(
            result["words_per_s"] / result["parse_only_words_per_s"], 2
        )
    result["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(result))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
