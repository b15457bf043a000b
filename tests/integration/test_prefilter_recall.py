"""The pre-filter loses no gold event on the dev set, and changes no extraction."""

from __future__ import annotations

import json
import subprocess
import sys

from ..conftest import DEV, ROOT


def test_prefilter_keeps_every_gold_evidence() -> None:
    out = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "prefilter_recall.py"), str(DEV / "gold.jsonl")],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    (figures,) = json.loads(out.stdout).values()
    assert figures["recall"] == 1.0, figures["lost"]


def test_jobs_and_filter_do_not_change_results(new_db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import chancery
    from chancery.evaluate import read_gold
    from chancery.ingest import ArticleOptions, article_from_text

    docs, _ = read_gold(DEV / "gold.jsonl")
    articles = [
        article_from_text(d.text, d.where, ArticleOptions(published=d.published)) for d in docs[:12]
    ]
    keys = []
    for jobs, prefilter in ((1, False), (2, True)):
        with chancery.open(new_db(f"{jobs}"), jobs=jobs, prefilter=prefilter) as kb:
            kb.ingest_articles(articles)
            keys.append(
                sorted(
                    (
                        c.article_id,
                        c.type,
                        c.source,
                        c.target or "",
                        c.modality,
                        c.start,
                        c.evidence,
                    )
                    for a in articles
                    for c in kb.claims(article_id=a.id)
                )
            )
    assert keys[0] == keys[1] and keys[0]
