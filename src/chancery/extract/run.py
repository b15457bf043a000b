"""Run extraction over articles: pre-filter, parse in batches, map results back.

:class:`Extractor` is what ingestion calls. With ``jobs > 1`` it keeps a pool of worker
processes, forked after the spaCy pipeline is loaded so each worker shares the model's
memory instead of loading its own; articles go to the workers in bounded chunks, so
memory does not grow with the size of the input. With ``cluster`` (a Dask scheduler's
address) the same chunks go to that cluster's workers instead
(:mod:`chancery.extract.cluster`), through the same :func:`extract_batch`.

One bad article never costs another: a batch is parsed together (fast), and when
anything in it raises, its articles are parsed again one by one, so that only the
article that fails is reported (as a :class:`~chancery.errors.RecordCrash` value, never
raised) and the others go in. Before parsing, invisible format characters are taken out
(:func:`~chancery.nlp.prefilter.without_format_chars`), and what is left is cut into
pieces spaCy can parse (:func:`segments`: at most ``max_parse_chars`` a Doc, no line over
``max_line_chars``); every offset is mapped back to the stored article text.
"""

from __future__ import annotations

import logging
import multiprocessing
import re
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from multiprocessing.pool import AsyncResult
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from chancery.errors import ChanceryError, InputError, RecordCrash
from chancery.extract.claims import doc_claims, doc_dates, doc_mentions, doc_sentences
from chancery.limits import LIMITS, Limits
from chancery.model import Article, Extraction
from chancery.nlp import prefilter
from chancery.nlp.pipeline import PARSE_BATCH, get_nlp, parse

if TYPE_CHECKING:
    from chancery.extract.cluster import Cluster

log = logging.getLogger(__name__)
#: Articles extracted together: a batch in this process, or a chunk sent to a --jobs
#: worker (a cluster's chunks default to ``cluster.CHUNK``, which pays a network trip).
#: Small, like ``PARSE_BATCH``: it costs nothing per article, and the last chunks of a
#: folder leave fewer articles on one worker while the other waits.
CHUNK = PARSE_BATCH

#: What extraction gives for one article: what was found, or why nothing could be.
Outcome = Extraction | ChanceryError

_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s")
_CLAUSE_END = re.compile(r"[;:,)—–][\"'”’]*\s")
_SPACE = re.compile(r"\s")


def _published(article: Article) -> date | None:
    if not article.published:
        return None
    try:
        return date.fromisoformat(article.published[:10])
    except ValueError:
        return None


@dataclass(frozen=True)
class _Plan:
    """How one article is parsed: its pieces, and how their offsets map to its text."""

    pieces: list[tuple[int, str]]  # (offset in the window, text given to spaCy)
    to_article: Callable[[int], int]


def _plan(article: Article, use_filter: bool, limits: Limits) -> _Plan:
    view = prefilter.without_format_chars(article.text)
    window = prefilter.select(view.text) if use_filter else prefilter.whole(view.text)

    def to_article(offset: int) -> int:
        return view.to_article(window.to_article(offset))

    return _Plan(list(segments(window.text, limits)), to_article)


def _last(pattern: re.Pattern[str], text: str, lo: int, hi: int) -> int | None:
    """The end of the last match of ``pattern`` in ``text[lo:hi]`` (None if none)."""
    found = None
    for match in pattern.finditer(text, lo, hi):
        found = match.end()
    return found


def _line_breaks(text: str, limits: Limits) -> tuple[str, list[int]]:
    """Lines over ``max_line_chars`` broken at sentence ends, else clause punctuation,
    else spaces (the space becomes a line break: offsets do not move); where a stretch
    has no space at all (a 3 MB "word"), the positions to cut it hard are returned."""
    limit = limits.max_line_chars
    if len(text) <= limit:
        return text, []
    chars: list[str] | None = None
    hard: list[int] = []
    for line in re.finditer(rf"[^\n]{{{limit + 1},}}", text):
        pos, end = line.start(), line.end()
        while end - pos > limit:
            lo, hi = pos + limit // 2, pos + limit
            cut = (
                _last(_SENTENCE_END, text, lo, hi)
                or _last(_CLAUSE_END, text, lo, hi)
                or _last(_SPACE, text, pos + 1, hi)
            )
            if cut is None:
                hard.append(hi)
                pos = hi
                continue
            if chars is None:
                chars = list(text)
            chars[cut - 1] = "\n"  # the space (or other blank) that ends the match
            pos = cut
    return ("".join(chars) if chars is not None else text), hard


def segments(text: str, limits: Limits = LIMITS) -> Iterator[tuple[int, str]]:
    """``(offset, piece)``: the text cut into pieces of at most ``max_parse_chars``.

    Cuts fall at paragraph breaks if possible, else line breaks (overlong lines are
    first broken by :func:`_line_breaks`); each piece's characters are those of
    ``text`` at the same offsets, except spaces turned into line breaks.
    """
    if not text:
        return
    broken, hard = _line_breaks(text, limits)
    limit = limits.max_parse_chars
    bounds = [*hard, len(text)]
    start = 0
    for stop in bounds:
        while start < stop:
            end = stop
            if end - start > limit:
                lo, hi = start + limit // 2, start + limit
                para = broken.rfind("\n\n", lo, hi)
                line = broken.rfind("\n", start + 1, hi)
                end = para + 2 if para >= 0 else line + 1 if line >= 0 else hi
            piece = broken[start:end]
            if piece.strip():
                yield start, piece
            start = end


def _result(pieces: Sequence[tuple[int, Doc]], to_article: Callable[[int], int]) -> Extraction:
    """Everything found in the pieces' Docs, mapped back to offsets in the article."""
    found = Extraction()
    for base, doc in pieces:

        def span(start: int, end: int, base: int = base) -> tuple[int, int]:
            begin = to_article(base + start)
            return begin, (to_article(base + end - 1) + 1 if end > start else begin)

        for c in doc_claims(doc):
            begin, stop = span(c.start, c.end)
            found.claims.append(replace(c, start=begin, end=stop))
        found.mentions.extend((*span(s, e), code, t) for s, e, code, t in doc_mentions(doc))
        found.dates.extend((*span(s, e), v, p, t) for s, e, v, p, t in doc_dates(doc))
        found.sentences.extend(span(s, e) for s, e in doc_sentences(doc))
    return found


def _extract(articles: Sequence[Article], use_filter: bool, limits: Limits) -> list[Outcome]:
    """The whole batch through one ``nlp.pipe``; raises if anything in it does."""
    plans = [_plan(a, use_filter, limits) for a in articles]
    todo = [
        (i, base, piece, _published(articles[i]))
        for i, plan in enumerate(plans)
        for base, piece in plan.pieces
    ]
    docs: list[list[tuple[int, Doc]]] = [[] for _ in articles]
    parsed = parse((piece, when) for _, _, piece, when in todo)
    for (i, base, _, _), doc in zip(todo, parsed, strict=True):
        docs[i].append((base, doc))
    return [_result(docs[i], plan.to_article) for i, plan in enumerate(plans)]


def _crash(article: Article, exc: Exception) -> RecordCrash:
    where = article.path or article.url or f"article {article.id}"
    return RecordCrash(exc, stage="extracting events from", where=where,
                       detail=traceback.format_exc())


def extract_batch(
    articles: Sequence[Article], use_filter: bool = True, limits: Limits = LIMITS
) -> list[Outcome]:
    """Extract from a batch of articles in this process; a failing article is a value.

    The batch is parsed together; if that raises, each article is parsed alone, so the
    one that fails is reported and the others still go in.
    """
    try:
        return _extract(articles, use_filter, limits)
    except Exception as exc:  # any failure inside spaCy or our components
        if len(articles) == 1:
            log.debug("extraction failed", exc_info=True)
            return [_crash(articles[0], exc)]
    outcomes: list[Outcome] = []
    for article in articles:
        try:
            outcomes.extend(_extract([article], use_filter, limits))
        except Exception as exc:
            log.debug("extraction failed for %s", article.path or article.id, exc_info=True)
            outcomes.append(_crash(article, exc))
    return outcomes


def _work(args: tuple[list[Article], bool]) -> list[Outcome]:
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
        self,
        *,
        jobs: int = 1,
        use_filter: bool = True,
        chunk: int | None = None,
        cluster: str | None = None,
    ) -> None:
        """``cluster`` (a Dask scheduler address, ``tcp://HOST:8786``) sends the chunks
        to that cluster's workers (:mod:`chancery.extract.cluster`) instead of ``jobs``
        local processes; ``chunk`` is the articles extracted together (by default ``CHUNK``
        here and in local workers, ``cluster.CHUNK`` on a cluster's)."""
        if cluster and jobs > 1:
            raise InputError(
                "--cluster and --jobs cannot be used together",
                fix="give the workers threads with `dask worker --nthreads N`, or drop --cluster",
            )
        if chunk is not None and chunk < 1:
            raise InputError(f"chunk must be at least 1, not {chunk}")
        self.jobs = max(1, jobs)
        self.use_filter = use_filter
        self.chunk = chunk or CHUNK
        self.cluster = cluster
        self._cluster_chunk = chunk  # None: the cluster's own default
        self._pool: multiprocessing.pool.Pool | None = None
        self._cluster: Cluster | None = None
        if cluster:  # fail now, before any input is read, if the cluster cannot be used
            self._cluster = self._new_cluster()
            self._cluster.connect()

    def _new_cluster(self) -> Cluster:
        """A connection to ``self.cluster``, with the chunk the user gave or the
        cluster's own default (bigger than a local one: each chunk is a network trip)."""
        from chancery.extract.cluster import CHUNK as CLUSTER_CHUNK
        from chancery.extract.cluster import Cluster

        assert self.cluster is not None
        return Cluster(self.cluster, chunk=self._cluster_chunk or CLUSTER_CHUNK)

    def stream(self, articles: Iterable[Article]) -> Iterator[tuple[Article, Outcome]]:
        """Each article with what was found in it (or why not), in input order.

        With workers, at most ``2 * jobs + 1`` chunks are in flight, so a huge input is
        read only as fast as it is parsed, while the caller stores finished results.
        """
        if self.cluster:
            if self._cluster is None:
                self._cluster = self._new_cluster()
            yield from self._cluster.stream(articles, self.use_filter)
            return
        if self.jobs == 1:
            for chunk in _chunks(articles, self.chunk):
                yield from zip(chunk, extract_batch(chunk, self.use_filter), strict=True)
            return
        if self._pool is None:
            get_nlp()  # load once; forked workers share it
            self._pool = multiprocessing.get_context("fork").Pool(self.jobs)
        pending: deque[tuple[list[Article], AsyncResult[list[Outcome]]]] = deque()
        for chunk in _chunks(articles, self.chunk):
            pending.append((chunk, self._pool.apply_async(_work, ((chunk, self.use_filter),))))
            while len(pending) > 2 * self.jobs:
                yield from self._collect(*pending.popleft())
        while pending:
            yield from self._collect(*pending.popleft())

    def _collect(
        self, chunk: list[Article], result: AsyncResult[list[Outcome]]
    ) -> Iterator[tuple[Article, Outcome]]:
        """A worker's results; if the chunk itself was lost (a result that cannot be sent
        back, say), it is extracted here, article by article."""
        try:
            outcomes = result.get()
        except Exception:
            log.debug("a worker's chunk failed; extracting it in the parent", exc_info=True)
            outcomes = extract_batch(chunk, self.use_filter)
        yield from zip(chunk, outcomes, strict=True)

    def close(self) -> None:
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None
        if self._pool is not None:
            self._pool.close()
            self._pool.join()
            self._pool = None
