"""The cluster's options and fingerprint, without a cluster (tests/integration has one)."""

from __future__ import annotations

import pytest

from chancery import ClusterError, InputError
from chancery.extract import cluster
from chancery.extract.run import CHUNK, Extractor


def test_cluster_errors_are_input_errors() -> None:
    assert issubclass(ClusterError, InputError)


def test_cluster_and_jobs_cannot_be_combined() -> None:
    with pytest.raises(InputError, match="--cluster and --jobs"):
        Extractor(jobs=2, cluster="tcp://127.0.0.1:8786")


def test_chunk_defaults_and_must_be_positive() -> None:
    assert Extractor().chunk == CHUNK < cluster.CHUNK  # a cluster's chunk pays a trip
    assert Extractor(chunk=8).chunk == 8
    local = Extractor(cluster=None)
    local.cluster = "tcp://127.0.0.1:1"  # a Cluster built without connecting
    assert local._new_cluster().chunk == cluster.CHUNK
    given = Extractor(chunk=8)
    given.cluster = "tcp://127.0.0.1:1"
    assert given._new_cluster().chunk == 8
    with pytest.raises(InputError):
        Extractor(chunk=0)


def test_a_bad_address_is_refused_before_connecting() -> None:
    with pytest.raises(ClusterError, match="not a Dask scheduler address"):
        Extractor(cluster="nonsense")


def test_timeout_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cluster.TIMEOUT_ENV, raising=False)
    assert cluster.cluster_timeout() == 10.0
    monkeypatch.setenv(cluster.TIMEOUT_ENV, "2.5")
    assert cluster.cluster_timeout() == 2.5
    monkeypatch.setenv(cluster.TIMEOUT_ENV, "soon")
    with pytest.raises(ClusterError):
        cluster.cluster_timeout()


def test_the_fingerprint_is_stable_and_the_tag_changes_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(cluster.TAG_ENV, raising=False)
    first = cluster.fingerprint()
    assert first == cluster.fingerprint() and set(first) == {"version", "digest"}
    monkeypatch.setenv(cluster.TAG_ENV, "another build")
    assert cluster.fingerprint()["digest"] != first["digest"]
    error = cluster._mismatch("tcp://10.0.0.2:4000", first, {**first, "version": "0.0.1"})
    assert "worker tcp://10.0.0.2:4000 runs chancery 0.0.1" in error.message


class _Failing:
    """A future whose worker died."""

    def result(self) -> object:
        raise RuntimeError("worker died")

    def release(self) -> None:
        pass


class _Client:
    status = "running"

    def scheduler_info(self) -> dict[str, object]:
        return {}


def test_a_lost_chunk_is_resent_twice_then_extracted_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from chancery.extract import run

    monkeypatch.setattr(
        run, "extract_batch", lambda chunk, use_filter: [f"here {a}" for a in chunk]
    )
    sent: list[list[str]] = []

    def send(chunk: list[str]) -> _Failing:
        sent.append(chunk)
        return _Failing()

    where = cluster.Cluster("tcp://127.0.0.1:1")
    where._client = _Client()  # type: ignore[assignment]
    out = list(where._collect(["a", "b"], _Failing(), send, True))  # type: ignore[arg-type]
    assert out == [("a", "here a"), ("b", "here b")]
    assert sent == [["a", "b"]] * cluster.RESENDS and where.resent == 2 and where.local == 1


def test_a_lost_scheduler_is_a_cluster_error() -> None:
    where = cluster.Cluster("tcp://127.0.0.1:1")
    gone = _Client()
    gone.status = "closed"
    where._client = gone  # type: ignore[assignment]
    with pytest.raises(ClusterError, match="lost the Dask scheduler"):
        list(where._collect(["a"], _Failing(), lambda chunk: _Failing(), True))  # type: ignore[arg-type]
