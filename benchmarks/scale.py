"""How chancery scales: a big knowledge base, big GDELT imports, extraction on a cluster.

    python benchmarks/scale.py kb --claims 1000000 [--db PATH_OR_URL] [--quick]
    python benchmarks/scale.py gdelt --rows 50000,100000,200000,400000
    python benchmarks/scale.py dask [args passed to benchmarks/dask_workers.py]

Every subcommand prints JSON lines.

``kb`` builds a synthetic knowledge base of N claims through :meth:`Store.bulk_insert`
(about 200 actors from the actor table with Zipf-like popularity, the 18 event types,
dates spread over decades, several claims per event, three claims per article), fuses
it, and at checkpoints (1M, 2M, ... and N; the quarters of N when N is under 4M) times
the three reads a user waits on: ``recognizers X --as-of D`` for random actors and days,
``timeline A B`` for random pairs, and the web actor page. Each checkpoint prints a line
with p50/p99 in milliseconds and the database's size on disk. ``--db`` is passed to
:class:`Store` unchanged (a file path; a server URL where the store has such a backend);
without it a temporary file is used and removed. ``--quick`` is 20,000 claims.

``gdelt`` imports the synthetic GDELT 2.0 rows of ``benchmarks/gdelt_fusion.py`` (one busy
pair of actors: a single huge fusion group) at each size, prints import and fusion
seconds per size, then a line with the fitted growth exponents (the log-log slope of
seconds against rows: 1 is linear, 2 quadratic).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
QUICK_CLAIMS = 20_000


def emit(record: dict[str, Any]) -> None:
    print(json.dumps(record), flush=True)


def slope(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Least-squares slope of log(y) against log(x): the growth exponent."""
    pts = [(math.log(x), math.log(y)) for x, y in zip(xs, ys, strict=True) if x > 0 and y > 0]
    if len(pts) < 2:
        return None
    mx = sum(p[0] for p in pts) / len(pts)
    my = sum(p[1] for p in pts) / len(pts)
    var = sum((p[0] - mx) ** 2 for p in pts)
    if var == 0:
        return None
    return round(sum((p[0] - mx) * (p[1] - my) for p in pts) / var, 3)


def percentiles(samples_s: Sequence[float]) -> dict[str, float]:
    ms = sorted(s * 1000 for s in samples_s)

    def at(q: float) -> float:
        return round(ms[min(len(ms) - 1, int(q * len(ms)))], 2)

    return {"p50_ms": at(0.50), "p99_ms": at(0.99), "max_ms": round(ms[-1], 2), "n": len(ms)}


# -- gdelt ------------------------------------------------------------------------------
def _gdelt_fusion_module() -> Any:
    spec = importlib.util.spec_from_file_location("gdelt_fusion", HERE / "gdelt_fusion.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_gdelt(args: argparse.Namespace) -> None:
    import chancery
    from chancery.ingest.sources import InputPlan, InputsReport, Meter

    write_rows = _gdelt_fusion_module().write_rows
    sizes = [int(x) for x in str(args.rows).split(",") if x.strip()]
    measured: list[dict[str, Any]] = []
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="chancery-scale-") as tmp:
            csv = Path(tmp) / "busy.export.CSV"
            write_rows(csv, n, args.days)
            size = csv.stat().st_size
            with chancery.open(Path(tmp) / "kb.db") as kb:
                report = InputsReport()
                t0 = time.perf_counter()
                kb._import_gdelt(InputPlan("gdelt", str(csv), size, csv), Meter(size), report,
                                 None)
                t1 = time.perf_counter()
                groups = kb.store.fuse_pending()
                t2 = time.perf_counter()
                events = kb.store.count("fused_events")
        record = {
            "bench": "gdelt", "rows": n, "imported": report.gdelt.imported, "groups": groups,
            "fused_events": events, "import_s": round(t1 - t0, 3), "fuse_s": round(t2 - t1, 3),
            "total_s": round(t2 - t0, 3),
        }
        measured.append(record)
        emit(record)
    rows = [r["rows"] for r in measured]
    emit({
        "bench": "gdelt_growth", "rows": rows,
        "import_exponent": slope(rows, [r["import_s"] for r in measured]),
        "fuse_exponent": slope(rows, [r["fuse_s"] for r in measured]),
        "total_exponent": slope(rows, [r["total_s"] for r in measured]),
    })


def run_kb(args: argparse.Namespace) -> int:
    emit({"bench": "kb", "error": "not written yet"})
    return 2


# -- dask -------------------------------------------------------------------------------
def run_dask(extra: list[str]) -> int:
    script = HERE / "dask_workers.py"
    if not script.is_file():
        emit({"bench": "dask", "error": f"{script} is not there (yet); nothing to run"})
        print(f"scale.py dask: {script} does not exist", file=sys.stderr)
        return 2
    return subprocess.run([sys.executable, str(script), *extra], check=False).returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    kb = sub.add_parser("kb", help="a synthetic knowledge base of N claims: build, query times")
    kb.add_argument("--claims", type=int, default=1_000_000)
    kb.add_argument("--db", help="where to build it (passed to Store); default a temp file")
    kb.add_argument("--quick", action="store_true", help=f"{QUICK_CLAIMS:,} claims, for tests")
    kb.add_argument("--queries", type=int, default=200, help="timed queries per kind")
    kb.add_argument("--seed", type=int, default=11)
    gd = sub.add_parser("gdelt", help="GDELT import + fusion time per size, growth exponent")
    gd.add_argument("--rows", default="50000,100000,200000,400000")
    gd.add_argument("--days", type=int, default=40_000)
    sub.add_parser("dask", help="run benchmarks/dask_workers.py with the remaining arguments")
    args, extra = parser.parse_known_args(argv)
    if args.command == "dask":
        return run_dask(extra)
    if extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    if args.command == "gdelt":
        run_gdelt(args)
        return 0
    return run_kb(args)


if __name__ == "__main__":
    sys.exit(main())
