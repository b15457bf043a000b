"""Extraction on a local Dask cluster: one worker against two, articles per second.

For each worker count a ``dask scheduler`` and that many ``dask worker --nthreads 1``
processes are started on 127.0.0.1; the articles go through
:class:`chancery.extract.cluster.Cluster` (what ``chancery ingest --cluster`` uses) and
are timed from the first chunk sent to the last result back (storing, done by the client,
is not included). The model load on each worker, done once when the worker joins, is
reported apart. The corpus is the bundled samples plus ``../shared/eval/dev2/*.txt``
when present, repeated with a distinct last line until ``--articles`` (default 200).

Prints one JSON line: the rates, the speedup of two workers over one, and how many such
one-thread workers a GDELT day of English news (120,000 articles) needs to keep up.

    .venv/bin/python benchmarks/dask_workers.py [--articles 200] [--chunk 16]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from chancery.extract.cluster import Cluster
from chancery.ingest import ArticleOptions, article_from_text
from chancery.model import Article

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "src" / "chancery" / "samples"
DEV2 = ROOT.parent / "shared" / "eval" / "dev2"
BIN = Path(sys.executable).parent
GDELT_DAY = 120_000  # English articles a day


def corpus(n: int) -> list[Article]:
    files = sorted(SAMPLES.glob("*.txt")) + (sorted(DEV2.glob("*.txt")) if DEV2.is_dir() else [])
    texts = [f.read_text("utf-8") for f in files]
    articles = []
    for i in range(n):
        text = f"{texts[i % len(texts)]}\n\n(Copy {i // len(texts)}.)\n"
        articles.append(article_from_text(text, f"bench/{i}.txt", ArticleOptions()))
    return articles


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def measure(articles: list[Article], workers: int, chunk: int) -> dict[str, object]:
    address = f"tcp://127.0.0.1:{_free_port()}"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    procs = [subprocess.Popen(
        [str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":")[-1],
         "--no-dashboard"], **quiet)]
    try:
        for _ in range(workers):
            procs.append(subprocess.Popen(
                [str(BIN / "dask"), "worker", address, "--nthreads", "1", "--no-nanny",
                 "--no-dashboard", "--host", "127.0.0.1"], **quiet))
        from distributed import Client

        with Client(address, timeout=60, set_as_default=False) as waiting:
            waiting.wait_for_workers(workers, timeout=120)
        cluster = Cluster(address, chunk=chunk, timeout=60)
        try:
            cluster.connect()  # checks every worker, loads the model on each
            loads = cluster.load_seconds()
            start = time.perf_counter()
            done = sum(1 for _ in cluster.stream(articles))
            seconds = time.perf_counter() - start
        finally:
            cluster.close()
    finally:
        for proc in procs:
            proc.kill()
            proc.wait()
    assert done == len(articles)
    return {
        "workers": workers,
        "seconds": round(seconds, 2),
        "articles_per_s": round(len(articles) / seconds, 2),
        "model_load_s": sorted(v for v in loads.values() if v is not None),
    }


def main(argv: list[str] | None = None) -> dict[str, object]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--chunk", type=int, default=16)
    args = parser.parse_args(argv)
    articles = corpus(args.articles)
    one = measure(articles, 1, args.chunk)
    two = measure(articles, 2, args.chunk)
    per_worker = float(two["articles_per_s"]) / 2  # type: ignore[arg-type]
    needed = GDELT_DAY / 86_400
    result = {
        "benchmark": "dask_workers",
        "articles": len(articles),
        "chunk": args.chunk,
        "cpus": os.cpu_count(),
        "one_worker": one,
        "two_workers": two,
        "speedup": round(float(two["articles_per_s"]) / float(one["articles_per_s"]), 2),  # type: ignore[arg-type]
        "per_worker_articles_per_s": round(per_worker, 2),
        "gdelt_day_articles": GDELT_DAY,
        "gdelt_day_articles_per_s": round(needed, 2),
        "workers_for_gdelt_day": math.ceil(needed / per_worker),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    print(json.dumps(result), flush=True)
    return result


if __name__ == "__main__":
    main()
