"""GDELT import and fusion time for one busy pair of actors. Prints one JSON line per size.

    python benchmarks/gdelt_fusion.py [--rows 50000 100000 200000] [--days 40000]

Every row is the same event group (USA and RUS meeting, CAMEO 042), the case that made
fusion quadratic: one group with a huge number of claims. Row ``i`` is dated ``i * 7919
mod days`` days after 1900-01-01, so the dates are scattered and mostly distinct (the
worst case for clustering; GDELT files are not sorted by date either). ``import_s`` is
reading and storing the rows unfused, ``fuse_s`` fusing them (:meth:`Store.fuse_pending`).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any


def write_rows(path: Path, n: int, days: int) -> None:
    from chancery.ingest.gdelt import GDELT2_COLUMNS

    start = date(1900, 1, 1)
    index = {name: i for i, name in enumerate(GDELT2_COLUMNS)}
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            day = (start + timedelta(days=(i * 7919) % days)).strftime("%Y%m%d")
            cells = [""] * len(GDELT2_COLUMNS)
            for name, value in (
                ("GLOBALEVENTID", str(10_000_000 + i)), ("SQLDATE", day),
                ("Actor1Code", "USA"), ("Actor1CountryCode", "USA"),
                ("Actor2Code", "RUS"), ("Actor2CountryCode", "RUS"),
                ("EventCode", "042"), ("NumSources", "1"), ("NumArticles", "2"),
                ("DATEADDED", day + "000000"), ("SOURCEURL", f"https://example.org/{i}"),
            ):
                cells[index[name]] = value
            out.write("\t".join(cells) + "\n")


def import_and_fuse(csv: Path, db: Path) -> dict[str, Any]:
    """Import a GDELT file into a new knowledge base at ``db`` in the import's two steps,
    timed apart: store the rows unfused (``import_s``), then fuse them (``fuse_s``)."""
    import chancery
    from chancery.ingest.sources import InputPlan, InputsReport, Meter

    size = csv.stat().st_size
    with chancery.open(db) as kb:
        report = InputsReport()
        t0 = time.perf_counter()
        kb._import_gdelt(InputPlan("gdelt", str(csv), size, csv), Meter(size), report, None)
        t1 = time.perf_counter()
        groups = kb.store.fuse_pending()
        t2 = time.perf_counter()
        return {
            "imported": report.gdelt.imported,
            "groups": groups,
            "fused_events": kb.store.count("fused_events"),
            "unfused": kb.store.conn.execute(
                "SELECT count(*) FROM claims WHERE fused_id IS NULL"
            ).fetchone()[0],
            "import_s": t1 - t0,
            "fuse_s": t2 - t1,
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[50_000, 100_000, 200_000])
    parser.add_argument("--days", type=int, default=40_000)
    args = parser.parse_args()

    for n in args.rows:
        with tempfile.TemporaryDirectory() as tmp:
            csv = Path(tmp) / "busy.export.CSV"
            write_rows(csv, n, args.days)
            run = import_and_fuse(csv, Path(tmp) / "kb.db")
        print(json.dumps({
            "rows": n, "imported": run["imported"], "groups": run["groups"],
            "fused_events": run["fused_events"], "unfused": run["unfused"],
            "import_s": round(run["import_s"], 2), "fuse_s": round(run["fuse_s"], 2),
        }), flush=True)

if __name__ == "__main__":
    main()
