"""Run extraction over articles: pre-filter, parse in batches, map results back.

:class:`Extractor` is what ingestion calls. With ``jobs > 1`` it keeps a pool of worker
processes, forked after the spaCy pipeline is loaded so each worker shares the model's
memory instead of loading its own; articles go to the workers in bounded chunks, so
memory does not grow with the size of the input.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import date
from multiprocessing.pool import AsyncResult

from spacy.tokens import Doc

from chancery.extract.claims import doc_claims, doc_dates, doc_mentions, doc_sentences
from chancery.model import Article, Extraction
from chancery.nlp import prefilter
from chancery.nlp.pipeline import get_nlp, parse


def _published(article: Article) -> date | None:
    if not article.published:
        return None
    try:
        return date.fromisoformat(article.published[:10])
    except ValueError:
        return None


def _window(article: Article, use_filter: bool) -> prefilter.Window:
    return prefilter.select(article.text) if use_filter else prefilter.whole(article.text)


def _result(window: prefilter.Window, doc: Doc) -> Extraction:
    """Everything found in the window, mapped back to offsets in the article."""

    def span(start: int, end: int) -> tuple[int, int]:
        begin = window.to_article(start)
        return begin, begin + (end - start)

    claims = [
        replace(c, start=span(c.start, c.end)[0], end=span(c.start, c.end)[1])
        for c in doc_claims(doc)
    ]
    return Extraction(
        claims=claims,
        mentions=[(*span(s, e), code, text) for s, e, code, text in doc_mentions(doc)],
        dates=[(*span(s, e), value, prec, text) for s, e, value, prec, text in doc_dates(doc)],
        sentences=[span(s, e) for s, e in doc_sentences(doc)],
    )


def extract_batch(articles: Sequence[Article], use_filter: bool = True) -> list[Extraction]:
    """Extract from a batch of articles in this process."""
    windows = [_window(a, use_filter) for a in articles]
    todo = [i for i, w in enumerate(windows) if not w.empty]
    results = [Extraction() for _ in articles]
    docs = parse((windows[i].text, _published(articles[i])) for i in todo)
    for i, doc in zip(todo, docs, strict=True):
        results[i] = _result(windows[i], doc)
    return results


def _work(args: tuple[list[Article], bool]) -> list[Extraction]:
    return extract_batch(*args)


def _chunks(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    chunk: list[Article] = []
    for article in articles:
        chunk.append(article)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class Extractor:
    """Extraction with an optional pre-filter and an optional pool of worker processes."""

    def __init__(
        self, *, jobs: int = 1, use_filter: bool = True, chunk: int = 64, batch: int = 128
    ) -> None:
        self.jobs = max(1, jobs)
        self.use_filter = use_filter
        self.chunk = chunk
        self.batch = batch
        self._pool: multiprocessing.pool.Pool | None = None

    def stream(self, articles: Iterable[Article]) -> Iterator[tuple[Article, Extraction]]:
        """Each article with what was found in it, in input order.

        With workers, at most ``2 * jobs + 1`` chunks are in flight, so a huge input is
        read only as fast as it is parsed, while the caller stores finished results.
        """
        if self.jobs == 1:
            for chunk in _chunks(articles, self.batch):
                yield from zip(chunk, extract_batch(chunk, self.use_filter), strict=True)
            return
        if self._pool is None:
            get_nlp()  # load once; forked workers share it
            self._pool = multiprocessing.get_context("fork").Pool(self.jobs)
        pending: deque[tuple[list[Article], AsyncResult[list[Extraction]]]] = deque()
        for chunk in _chunks(articles, self.chunk):
            pending.append((chunk, self._pool.apply_async(_work, ((chunk, self.use_filter),))))
            while len(pending) > 2 * self.jobs:
                done, result = pending.popleft()
                yield from zip(done, result.get(), strict=True)
        while pending:
            done, result = pending.popleft()
            yield from zip(done, result.get(), strict=True)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool.join()
            self._pool = None
