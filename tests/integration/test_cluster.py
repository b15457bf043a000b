"""``chancery ingest --cluster``: a real Dask scheduler and two workers on 127.0.0.1.

The cluster's result must be exactly the local one (same events, same recognisers), also
when a worker is killed in the middle of the run; a cluster that cannot be used is one
clear line and exit code 1.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from chancery.extract.cluster import TAG_ENV, TIMEOUT_ENV

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "chancery" / "samples"
BIN = Path(sys.executable).parent
COPIES = 3  # each sample this many times, with distinct text: 18 articles


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-c", "from chancery.cli import main; main()", *args]
    return subprocess.run(
        cmd, capture_output=True, text=True, timeout=120, check=False,
        env={**os.environ, **(env or {})},
    )


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """``chancery ARGS`` in this process (no interpreter start-up): exit code, stderr."""
    from chancery.cli import main

    capsys.readouterr()
    argv = sys.argv
    sys.argv = ["chancery", *args]
    try:
        main()
    except SystemExit as exc:
        code = int(exc.code or 0)
    finally:
        sys.argv = argv
    return code, capsys.readouterr().err


class Dask:
    def __init__(self, address: str, scheduler: subprocess.Popen[bytes]) -> None:
        self.address = address
        self.scheduler = scheduler
        self.workers: list[subprocess.Popen[bytes]] = []

    def start_worker(self) -> subprocess.Popen[bytes]:
        worker = subprocess.Popen(
            [str(BIN / "dask"), "worker", self.address, "--nthreads", "1", "--nworkers", "1",
             "--no-nanny", "--no-dashboard", "--host", "127.0.0.1"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        self.workers.append(worker)
        return worker

    def client(self):  # type: ignore[no-untyped-def]
        from distributed import Client

        return Client(self.address, timeout=30, set_as_default=False)


def _scheduler(port: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port),
         "--no-dashboard"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


@pytest.fixture(scope="module")
def dask() -> Iterator[Dask]:
    port = _free_port()
    scheduler = _scheduler(port)
    cluster = Dask(f"tcp://127.0.0.1:{port}", scheduler)
    try:
        cluster.start_worker()
        cluster.start_worker()
        with cluster.client() as client:
            client.wait_for_workers(2, timeout=60)
        yield cluster
    finally:
        for proc in [*cluster.workers, scheduler]:
            if proc.poll() is None:
                proc.kill()
            proc.wait(timeout=30)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("articles")
    for sample in sorted(SAMPLES.glob("*.txt")):
        text = sample.read_text("utf-8")
        for k in range(COPIES):
            (root / f"{sample.stem}_{k}.txt").write_text(f"{text}\n\n(Copy {k}.)\n", "utf-8")
    return root


def _answers(db: Path) -> tuple[object, ...]:
    """``events --json`` and ``recognizers T --json``, run in this process (fast)."""
    from typer.testing import CliRunner

    from chancery.cli import app

    found: list[object] = []
    for args in (["events"], *(["recognizers", t] for t in ("AFG", "PSE", "CHN", "IRN"))):
        result = CliRunner().invoke(app, [*args, "--json", "--db", str(db)])
        assert result.exit_code in (0, None), result.output
        found.append(json.loads(result.stdout))
    return tuple(found)


@pytest.fixture(scope="module")
def local(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[object, ...]:
    db = tmp_path_factory.mktemp("local") / "kb.db"
    result = run("ingest", str(folder), "--db", str(db), "--json")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["added"]) == COPIES * 6
    return _answers(db)


def test_cluster_gives_the_local_result(
    dask: Dask, folder: Path, local: tuple[object, ...], tmp_path: Path
) -> None:
    db = tmp_path / "kb.db"
    result = run("ingest", str(folder), "--db", str(db), "--cluster", dask.address,
                 "--chunk", "4", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert len(report["added"]) == COPIES * 6 and report["failures"] == []
    assert _answers(db) == local
    again = run("ingest", str(folder), "--db", str(db), "--cluster", dask.address, "--json")
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["added"] == []  # idempotent, as locally


def test_unreachable_scheduler_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TIMEOUT_ENV, "2")
    start = time.monotonic()
    address = f"tcp://127.0.0.1:{_free_port()}"
    code, errors = cli(capsys, "ingest", str(SAMPLES), "--db", str(tmp_path / "kb.db"),
                       "--cluster", address)
    assert code == 1
    assert f"cannot reach the Dask scheduler at {address}" in errors
    assert "Traceback" not in errors
    assert time.monotonic() - start < 15


def test_a_scheduler_without_workers_is_refused() -> None:
    from chancery import ClusterError
    from chancery.extract.cluster import Cluster

    port = _free_port()
    empty = _scheduler(port)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        with pytest.raises(ClusterError, match="has no workers"):
            Cluster(f"tcp://127.0.0.1:{port}", timeout=1).connect()
    finally:
        empty.kill()
        empty.wait(timeout=30)


def test_cluster_and_jobs_together_is_a_usage_error(
    dask: Dask, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, errors = cli(capsys, "ingest", str(SAMPLES), "--db", str(tmp_path / "kb.db"),
                       "--cluster", dask.address, "--jobs", "2")
    assert code == 1
    assert "--cluster and --jobs cannot be used together" in errors
    assert not (tmp_path / "kb.db").exists()


def test_a_worker_with_other_code_is_named(
    dask: Dask, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The client's fingerprint differs from the workers' (as another chancery would).
    monkeypatch.setenv(TAG_ENV, "another build")
    code, errors = cli(capsys, "ingest", str(SAMPLES), "--db", str(tmp_path / "kb.db"),
                       "--cluster", dask.address)
    assert code == 1
    assert "runs different extraction code or data" in errors
    assert "worker tcp://127.0.0.1:" in errors
    assert "Traceback" not in errors
    assert not (tmp_path / "kb.db").exists()


def _kill_when_busy(dask: Dask, ingest: subprocess.Popen[str], victim: subprocess.Popen[bytes]):
    with dask.client() as client:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and ingest.poll() is None:
            if any(client.processing().values()):
                break
            time.sleep(0.05)
    assert ingest.poll() is None, "the ingest ended before any chunk was seen"
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait(timeout=30)


def _ingest(folder: Path, db: Path, address: str, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", "from chancery.cli import main; main()", "ingest", str(folder),
         "--db", str(db), "--cluster", address, "--chunk", "2", "--json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, **env},
    )


def test_a_worker_killed_mid_run_loses_nothing(
    dask: Dask, folder: Path, local: tuple[object, ...], tmp_path: Path
) -> None:
    db = tmp_path / "kb.db"
    ingest = _ingest(folder, db, dask.address)
    _kill_when_busy(dask, ingest, dask.workers[-1])
    out, errors = ingest.communicate(timeout=120)
    assert ingest.returncode == 0, errors
    report = json.loads(out)
    assert len(report["added"]) == COPIES * 6 and report["failures"] == []
    assert _answers(db) == local


def test_a_lost_scheduler_stops_the_run_with_one_line(
    dask: Dask, folder: Path, tmp_path: Path
) -> None:
    # last: the module's scheduler does not survive it
    ingest = _ingest(folder, tmp_path / "kb.db", dask.address, **{TIMEOUT_ENV: "3"})
    _kill_when_busy(dask, ingest, dask.scheduler)  # type: ignore[arg-type]
    _, errors = ingest.communicate(timeout=120)
    assert ingest.returncode == 1, errors
    assert f"lost the Dask scheduler at {dask.address}" in errors
    assert "Traceback" not in errors
