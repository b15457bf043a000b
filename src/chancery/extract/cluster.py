"""Extraction on the workers of a running Dask distributed cluster.

``chancery ingest ... --cluster tcp://HOST:8786`` connects to a Dask scheduler, waits
(at most ``CHANCERY_CLUSTER_TIMEOUT`` seconds, default 10) for at least one worker and
checks that every worker runs the same chancery as this process: the same version and the
same extraction code and data (:func:`fingerprint`, a digest over chancery's data files,
the ``extract/`` and ``nlp/`` sources, the spaCy version and the model's name and
version). A :class:`ChanceryPlugin` loads the spaCy pipeline once per worker.

Articles travel in chunks through :func:`~chancery.extract.run.extract_batch`, the same
function the local path and the ``--jobs`` pool call; at most ``2 × (worker threads) + 1``
chunks are in flight, and the results come back in input order, to be stored here by the
usual store path. A chunk whose worker dies is resent (twice), then extracted locally; a
lost scheduler is a :class:`~chancery.errors.ClusterError`.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import logging
import os
import re
import time
from collections import deque
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chancery.errors import ChanceryError, ClusterError
from chancery.model import Article

if TYPE_CHECKING:
    from distributed import Client, Future

    from chancery.extract.run import Outcome

log = logging.getLogger(__name__)

CHUNK = 64  # articles a task
RESENDS = 2  # times a chunk whose worker died is sent again before it is extracted here
TIMEOUT_ENV = "CHANCERY_CLUSTER_TIMEOUT"
#: An optional tag mixed into the fingerprint: only processes with the same tag work
#: together (a site can keep stray workers out; the tests use it to make a mismatch).
TAG_ENV = "CHANCERY_CLUSTER_TAG"
#: ``tcp://HOST:PORT`` (or another Dask protocol), or ``HOST:PORT``.
_ADDRESS = re.compile(r"^([a-z][a-z0-9+]*://\S+|(\[[0-9a-fA-F:]+\]|[\w.-]+):\d+)$")
_ROOT = Path(__file__).resolve().parent.parent  # src/chancery


def cluster_timeout() -> float:
    raw = os.environ.get(TIMEOUT_ENV, "")
    try:
        return max(0.1, float(raw)) if raw else 10.0
    except ValueError as exc:
        raise ClusterError(
            f"{TIMEOUT_ENV}={raw!r} is not a number of seconds", fix=f"e.g. {TIMEOUT_ENV}=30"
        ) from exc


def _model() -> str:
    from chancery.nlp.pipeline import MODEL_NAMES

    for name in MODEL_NAMES:  # the order load_model tries them in
        try:
            return f"{name}=={importlib.metadata.version(name)}"
        except importlib.metadata.PackageNotFoundError:
            continue
    return "no model"


@cache
def _code_digest() -> str:
    import spacy

    h = hashlib.sha256()
    files = [
        *sorted((_ROOT / "data").rglob("*")),
        *sorted((_ROOT / "extract").rglob("*.py")),
        *sorted((_ROOT / "nlp").rglob("*.py")),
    ]
    for path in files:
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(path.relative_to(_ROOT).as_posix().encode() + b"\0")
            h.update(path.read_bytes() + b"\0")
    h.update(f"spacy=={spacy.__version__}\0{_model()}".encode())
    return h.hexdigest()


def fingerprint() -> dict[str, str]:
    """What must be the same on the client and on every worker."""
    from chancery import __version__

    tag = os.environ.get(TAG_ENV, "")
    digest = hashlib.sha256(f"{_code_digest()}\0{tag}".encode()).hexdigest()
    return {"version": __version__, "digest": digest[:16]}


def _worker_fingerprint() -> dict[str, str]:
    return fingerprint()


def _load_seconds(dask_worker: Any = None) -> float | None:
    return getattr(dask_worker, "chancery_load_s", None)


def _mismatch(worker: str, mine: dict[str, str], theirs: dict[str, str]) -> ClusterError:
    if mine["version"] != theirs.get("version"):
        what = (f"worker {worker} runs chancery {theirs.get('version')}, "
                f"this client {mine['version']}")
    else:
        what = (f"worker {worker} runs different extraction code or data (digest "
                f"{theirs.get('digest')}, this client {mine['digest']})")
    return ClusterError(
        what,
        cause="the worker's chancery, spaCy or model is not the one installed here",
        fix="install the same chancery commit with ./scripts/setup.sh on every machine "
        "and restart its dask worker",
    )


def _run_chunk(articles: list[Article], use_filter: bool, expected: dict[str, str]) -> Any:
    """The task run on a worker: the shared batch function, after a fingerprint check."""
    from chancery.extract.run import extract_batch

    mine = fingerprint()
    if mine != expected:
        from distributed import get_worker

        raise _mismatch(get_worker().address, expected, mine)
    return extract_batch(articles, use_filter)


def _plugin_class() -> type:
    from distributed import WorkerPlugin

    class ChanceryPlugin(WorkerPlugin):
        """Loads the spaCy pipeline once per worker, when the worker joins."""

        name = "chancery"

        def setup(self, worker: Any) -> None:
            from chancery.nlp.pipeline import get_nlp

            start = time.perf_counter()
            get_nlp()
            worker.chancery_load_s = round(time.perf_counter() - start, 3)

    return ChanceryPlugin


class Cluster:
    """A connection to a Dask scheduler that extracts chunks of articles on its workers."""

    def __init__(self, address: str, *, chunk: int = CHUNK, timeout: float | None = None):
        self.address = address
        self.chunk = max(1, chunk)
        self.timeout = cluster_timeout() if timeout is None else timeout
        self._client: Client | None = None
        self.resent = 0  # chunks sent again after their worker died
        self.local = 0  # chunks extracted here after every resend failed

    # -- connection ---------------------------------------------------------------
    def connect(self) -> Client:
        """Connect, wait for a worker, check every worker's fingerprint, load the model."""
        if self._client is not None:
            return self._client
        try:
            from distributed import Client
        except ImportError as exc:  # pragma: no cover - a pinned dependency
            raise ClusterError(
                "--cluster needs the dask distributed package",
                fix="run ./scripts/setup.sh",
            ) from exc
        if not _ADDRESS.match(self.address):
            raise ClusterError(
                f"{self.address!r} is not a Dask scheduler address",
                fix="pass --cluster tcp://HOST:8786 (the address `dask scheduler` prints)",
            )
        for name in ("distributed", "distributed.client", "distributed.comm"):
            logging.getLogger(name).setLevel(logging.CRITICAL)  # our errors say it all
        try:
            client = Client(self.address, timeout=self.timeout, set_as_default=False)
        except Exception as exc:
            raise ClusterError(
                f"cannot reach the Dask scheduler at {self.address} ({type(exc).__name__})",
                cause="no scheduler runs there, or a firewall is in the way",
                fix="start one with `dask scheduler` and pass --cluster tcp://HOST:8786 "
                f"(waited {self.timeout:g} s; {TIMEOUT_ENV} sets how long)",
            ) from exc
        try:
            try:
                client.wait_for_workers(1, timeout=self.timeout)
            except Exception as exc:
                raise ClusterError(
                    f"the Dask scheduler at {self.address} has no workers",
                    cause=f"no `dask worker` joined within {self.timeout:g} s",
                    fix=f"start workers with `dask worker {self.address}` on each machine",
                ) from exc
            self.check(client)
            client.register_plugin(_plugin_class()(), name="chancery")
        except BaseException:
            client.close()
            raise
        self._client = client
        return client

    @staticmethod
    def check(client: Client) -> dict[str, str]:
        """Every worker's fingerprint against this process's; a mismatch names the worker."""
        mine = fingerprint()
        theirs: dict[str, Any] = client.run(_worker_fingerprint, on_error="return")
        for worker, found in sorted(theirs.items()):
            if isinstance(found, BaseException):
                raise ClusterError(
                    f"worker {worker} cannot run chancery ({type(found).__name__}: {found})"[:300],
                    cause="chancery is not installed in the worker's Python",
                    fix="install it with ./scripts/setup.sh and start the worker from its .venv",
                )
            if found != mine:
                raise _mismatch(worker, mine, found)
        return mine

    def threads(self) -> int:
        client = self.connect()
        return max(1, sum(client.nthreads().values()))

    def load_seconds(self) -> dict[str, float | None]:
        """Seconds each worker took to load the spaCy pipeline (for benchmarks)."""
        return self.connect().run(_load_seconds)

    # -- work ---------------------------------------------------------------------
    def stream(
        self, articles: Iterable[Article], use_filter: bool = True
    ) -> Iterator[tuple[Article, Outcome]]:
        """Each article with what was found in it (or why not), in input order."""
        from chancery.extract.run import _chunks

        client = self.connect()
        expected = fingerprint()
        limit = 2 * self.threads() + 1
        pending: deque[tuple[list[Article], Future[Any]]] = deque()

        def send(chunk: list[Article]) -> Future[Any]:
            return client.submit(_run_chunk, chunk, use_filter, expected, pure=False)

        try:
            for chunk in _chunks(articles, self.chunk):
                pending.append((chunk, send(chunk)))
                while len(pending) >= limit:
                    yield from self._collect(*pending.popleft(), send, use_filter)
            while pending:
                yield from self._collect(*pending.popleft(), send, use_filter)
        finally:
            for _, future in pending:
                future.release()

    def _collect(
        self, chunk: list[Article], future: Future[Any], send: Any, use_filter: bool
    ) -> Iterator[tuple[Article, Outcome]]:
        from chancery.extract.run import extract_batch

        outcomes: list[Outcome] | None = None
        for attempt in range(RESENDS + 1):
            try:
                outcomes = future.result()
                break
            except ChanceryError:
                raise  # a worker that does not match, found after the start-up check
            except Exception as exc:
                future.release()
                self._lost_scheduler(exc)
                if attempt == RESENDS:
                    break
                log.debug("a chunk's worker failed (%s); sending it again", exc)
                self.resent += 1
                future = send(chunk)
        if outcomes is None:
            log.debug("a chunk failed on %d workers; extracting it here", RESENDS + 1)
            self.local += 1
            outcomes = extract_batch(chunk, use_filter)
        yield from zip(chunk, outcomes, strict=True)

    def _lost_scheduler(self, exc: Exception) -> None:
        """Raise :class:`ClusterError` if the failure is the scheduler's, not a worker's."""
        client = self._client
        lost: BaseException | None = None
        if client is None or client.status not in {"running", "connecting"}:
            lost = exc
        else:
            try:
                client.scheduler_info()
            except Exception as error:
                lost = error
        if lost is not None:
            raise ClusterError(
                f"lost the Dask scheduler at {self.address} ({type(lost).__name__})",
                cause="the scheduler stopped or the network to it failed",
                fix="restart `dask scheduler` and its workers, then run the same command "
                "again (articles already stored are skipped)",
            ) from exc

    def close(self) -> None:
        if self._client is not None:
            try:
                self._client.close(timeout=min(self.timeout, 5))
            except Exception:
                log.debug("closing the Dask client failed", exc_info=True)
            self._client = None
