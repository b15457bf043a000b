"""GDELT imports killed with SIGKILL while they fuse, then re-run. Prints one JSON line a trial.

    python benchmarks/gdelt_resume.py [--rows 100000] [--trials 5]

Writes one export of ``--rows`` rows over many pairs of actors (so fusion commits in many
transactions), imports it once uninterrupted for reference, then for each trial starts
``chancery ingest`` on a fresh knowledge base, waits until every row is stored and
fusion has begun, kills the process at a random moment, counts the claims left unfused,
runs the same command again to completion and compares: claims, unfused claims and the
fused events must equal the uninterrupted import's.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

COUNTRIES = ["USA", "RUS", "CHN", "FRA", "GBR", "DEU", "IRN", "TUR", "IND", "JPN", "BRA", "EGY"]
CODES = ["042", "043", "054", "111", "163", "057"]


def write_rows(path: Path, n: int) -> None:
    from chancery.ingest.gdelt import GDELT2_COLUMNS

    index = {name: i for i, name in enumerate(GDELT2_COLUMNS)}
    rng = random.Random(7)
    start = date(2015, 1, 1)
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            a, b = rng.sample(COUNTRIES, 2)
            day = (start + timedelta(days=rng.randrange(3650))).strftime("%Y%m%d")
            cells = [""] * len(GDELT2_COLUMNS)
            for name, value in (
                ("GLOBALEVENTID", str(20_000_000 + i)), ("SQLDATE", day),
                ("Actor1Code", a), ("Actor1CountryCode", a), ("Actor2Code", b),
                ("Actor2CountryCode", b), ("EventCode", rng.choice(CODES)),
                ("NumSources", "1"), ("NumArticles", "1"), ("DATEADDED", day + "000000"),
            ):
                cells[index[name]] = value
            out.write("\t".join(cells) + "\n")


def state(db: Path) -> dict[str, object]:
    conn = sqlite3.connect(db)
    try:
        claims, unfused = conn.execute(
            "SELECT count(*), coalesce(sum(fused_id IS NULL), 0) FROM claims").fetchone()
        events = conn.execute(
            "SELECT type, source, target, date, modality, dates, n_gdelt FROM fused_events "
            "ORDER BY 1, 2, 3, 4, 5, 6, 7").fetchall()
        ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()
    return {"claims": claims, "unfused": unfused, "events": events, "integrity": ok}


def ingest(export: Path, db: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [str(Path(sys.executable).parent / "chancery"), "ingest", str(export), "--db", str(db)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--trials", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as tmp:
        export = Path(tmp) / "many.export.CSV"
        write_rows(export, args.rows)
        clean = Path(tmp) / "clean.db"
        ingest(export, clean).wait()
        expected = state(clean)
        for trial in range(args.trials):
            db = Path(tmp) / f"kill{trial}.db"
            process = ingest(export, db)
            while process.poll() is None:  # wait for every row stored: fusion is next
                time.sleep(0.05)
                try:
                    now = state(db)
                except sqlite3.Error:
                    continue
                if now["claims"] == expected["claims"]:
                    break
            time.sleep(rng.uniform(0, 2))
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
            killed = state(db)
            ingest(export, db).wait()
            after = state(db)
            print(json.dumps({
                "trial": trial, "claims": expected["claims"],
                "unfused_after_kill": killed["unfused"], "integrity": killed["integrity"],
                "unfused_after_rerun": after["unfused"],
                "events_equal_clean_run": after["events"] == expected["events"],
                "claims_equal_clean_run": after["claims"] == expected["claims"],
            }), flush=True)


if __name__ == "__main__":
    main()
