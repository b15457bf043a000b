"""How chancery scales: a big knowledge base, big GDELT imports, extraction on a cluster.

    python benchmarks/scale.py kb --claims 1000000 [--db PATH_OR_URL] [--quick]
    python benchmarks/scale.py gdelt --rows 50000,100000,200000,400000
    python benchmarks/scale.py dask [args passed to benchmarks/dask_workers.py]

Every subcommand prints JSON lines.

``kb`` builds a synthetic knowledge base of N claims through :meth:`Store.bulk_insert`
(about 200 actors from the actor table with Zipf-like popularity, the 18 event types,
dates spread over decades, several claims per event, three claims per article) a
checkpoint's worth at a time (1M, 2M, ... and N; the quarters of N when N is under 4M),
each of whole fusion groups (a hash of the group's key picks its checkpoint; see
``Synthetic.use_chunk``), so fusing after each is complete and fuses each group once;
at each checkpoint, the knowledge base fully fused, it times
the three reads a user waits on: ``recognizers X --as-of D`` for random actors and days,
``timeline A B`` for random pairs (its first page, as the CLI shows it), and the web
actor page. Each checkpoint prints a line
with p50/p99 in milliseconds and the database's size on disk. ``--db`` is passed to
:class:`Store` unchanged (a file path; a server URL where the store has such a backend);
without it a temporary file is used and removed; one that holds claims already (an
earlier run's, same ``--seed``) is extended up to N, or only timed when it has N.
``--quick`` is 20,000 claims.

``gdelt`` imports the synthetic GDELT 2.0 rows of ``benchmarks/gdelt_fusion.py`` (one busy
pair of actors: a single huge fusion group) at each size, prints import and fusion
seconds per size, then a line with the fitted growth exponents (the log-log slope of
seconds against rows: 1 is linear, 2 quadratic). ``--pairs K`` spreads the rows over K
actor pairs, many groups of one type as in a real day's export.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import random
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, timedelta
from itertools import accumulate
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


def write_pair_rows(path: Path, n: int, days: int, pairs: int) -> None:
    """Like ``gdelt_fusion.write_rows``, but row ``i`` is a meeting of the ``i mod pairs``-th
    pair of the actor table's states, dated from 2000 on: many fusion groups of one type,
    as in a real day's export."""
    from chancery.ingest.gdelt import GDELT2_COLUMNS

    states = sorted(actor_codes(random.Random(1)))
    couples = [(a, b) for a in states for b in states if a < b][:pairs]
    start = date(2000, 1, 1)
    index = {name: i for i, name in enumerate(GDELT2_COLUMNS)}
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            one, two = couples[i % len(couples)]
            day = (start + timedelta(days=(i * 7919) % days)).strftime("%Y%m%d")
            cells = [""] * len(GDELT2_COLUMNS)
            for name, value in (
                ("GLOBALEVENTID", str(10_000_000 + i)), ("SQLDATE", day),
                ("Actor1Code", one), ("Actor1CountryCode", one),
                ("Actor2Code", two), ("Actor2CountryCode", two),
                ("EventCode", "042"), ("NumSources", "1"), ("NumArticles", "2"),
                ("DATEADDED", day + "000000"), ("SOURCEURL", f"https://example.org/{i}"),
            ):
                cells[index[name]] = value
            out.write("\t".join(cells) + "\n")


def run_gdelt(args: argparse.Namespace) -> None:
    gdelt_fusion = _gdelt_fusion_module()
    sizes = [int(x) for x in str(args.rows).split(",") if x.strip()]
    measured: list[dict[str, Any]] = []
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="chancery-scale-") as tmp:
            csv = Path(tmp) / "busy.export.CSV"
            if args.pairs > 1:
                write_pair_rows(csv, n, args.days, args.pairs)
            else:
                gdelt_fusion.write_rows(csv, n, args.days)
            run = gdelt_fusion.import_and_fuse(csv, Path(tmp) / "kb.db")
        record = {
            "bench": "gdelt", "rows": n, "pairs": args.pairs, "imported": run["imported"],
            "groups": run["groups"], "fused_events": run["fused_events"],
            "import_s": round(run["import_s"], 3), "fuse_s": round(run["fuse_s"], 3),
            "total_s": round(run["import_s"] + run["fuse_s"], 3),
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


# -- kb ---------------------------------------------------------------------------------
#: How common each type is, relative to MEET: talk is cheap, recognitions and breaks rare.
TYPE_WEIGHTS: dict[str, float] = {
    "MEET": 30, "PRAISE": 12, "CRITICIZE": 14, "SIGN_AGREEMENT": 8, "INTEND_COOPERATE": 8,
    "ATTACK": 6, "IMPOSE_SANCTIONS": 4, "EASE_SANCTIONS": 1.5, "FREEZE_ASSETS": 1,
    "APPOINT_ENVOY": 2, "ACCEPT_CREDENTIALS": 1.5, "OPEN_EMBASSY": 0.8, "CLOSE_EMBASSY": 0.5,
    "DESIGNATE_TERRORIST": 0.6, "DELIST_TERRORIST": 0.2, "ESTABLISH_RELATIONS": 0.6,
    "RECOGNIZE": 0.5, "BREAK_RELATIONS": 0.2,
}
MODALITY_WEIGHTS = {"asserted": 85, "negated": 5, "future": 7, "hypothetical": 3}
FIRST_DAY = date(1990, 1, 1).toordinal()
LAST_DAY = date(2025, 12, 31).toordinal()
N_ACTORS = 200
N_OUTLETS = 60
CLAIMS_PER_ARTICLE = 3


def actor_codes(rng: random.Random) -> list[str]:
    """About 200 state codes from the actor table, most popular first."""
    from chancery.nlp.actors import ActorTable

    codes = sorted(c for c in ActorTable.default().codes("state") if c.isalpha())
    return rng.sample(codes, min(N_ACTORS, len(codes)))


class Synthetic:
    """Claims of made-up events, a batch at a time: actors drawn Zipf-like (the i-th most
    popular with weight 1/i), weighted types, days over 1990-2025 (a few month or year
    dates), 1-6 claims per event (mean about 3) from different outlets, a day or two apart
    now and then, and every three claims one article, published the day after its latest."""

    def __init__(self, seed: int) -> None:
        from chancery.model import EVENT_TYPES

        self.rng = random.Random(seed)
        self.actors = actor_codes(self.rng)
        self.actor_weights = list(accumulate(1 / (i + 1) for i in range(len(self.actors))))
        self.types = list(EVENT_TYPES)
        self.type_weights = list(accumulate(TYPE_WEIGHTS.get(t, 1.0) for t in self.types))
        self.modalities = list(MODALITY_WEIGHTS)
        self.modality_weights = list(accumulate(MODALITY_WEIGHTS.values()))
        self.n_articles = 0

        self.groups: list[tuple[str, str, str]] = []
        self.group_weights: list[float] = []

    def actor(self) -> str:
        return self.rng.choices(self.actors, cum_weights=self.actor_weights)[0]

    def use_chunk(self, chunk: int, chunks: int) -> None:
        """Draw events only of the fusion groups of ``chunk`` (of ``chunks``: a group's
        chunk is a hash of its key), each with its probability under the unrestricted
        draws (type weight, source Zipf, target Zipf among the others): the chunks
        together are the whole knowledge base, and each group gets all its claims in one
        chunk, so it is fused once, when its chunk is, instead of at every checkpoint."""
        from chancery.fuse import group_key

        total_type = self.type_weights[-1]
        type_p = [(w - prev) / total_type for w, prev
                  in zip(self.type_weights, [0.0, *self.type_weights[:-1]], strict=True)]
        total = self.actor_weights[-1]
        actor_w = [1 / (i + 1) for i in range(len(self.actors))]
        groups, weights = [], []
        for type_, tp in zip(self.types, type_p, strict=True):
            for i, source in enumerate(self.actors):
                ps = tp * actor_w[i] / total
                for j, target in enumerate(self.actors):
                    if i == j:
                        continue
                    key = "|".join(group_key(type_, source, target))
                    if zlib.crc32(key.encode()) % chunks == chunk:
                        groups.append((type_, source, target))
                        weights.append(ps * actor_w[j] / (total - actor_w[i]))
        self.groups = groups
        self.group_weights = list(accumulate(weights))

    def batch(self, n: int) -> tuple[list[Any], list[Any]]:
        from chancery.model import Article, Claim

        rng = self.rng
        claims: list[Any] = []
        while len(claims) < n:
            if self.groups:
                type_, source, target = rng.choices(self.groups,
                                                    cum_weights=self.group_weights)[0]
            else:
                type_ = rng.choices(self.types, cum_weights=self.type_weights)[0]
                source = self.actor()
                target = self.actor()
                while target == source:
                    target = self.actor()
            modality = rng.choices(self.modalities, cum_weights=self.modality_weights)[0]
            day = rng.randint(FIRST_DAY, LAST_DAY)
            for _ in range(min(n - len(claims), 1 + int(rng.expovariate(0.5)) % 6)):
                shown = date.fromordinal(day + (rng.randint(-2, 2) if rng.random() < 0.2 else 0))
                roll = rng.random()
                if roll < 0.04:
                    value, precision = shown.isoformat()[:7], "month"
                elif roll < 0.06:
                    value, precision = shown.isoformat()[:4], "year"
                elif roll < 0.08:
                    value, precision = None, None
                else:
                    value, precision = shown.isoformat(), "day"
                claims.append(Claim(
                    type=type_, source=source, target=target,
                    modality=modality if rng.random() < 0.9 else "asserted",
                    date=value, date_precision=precision,
                    evidence=f"{source} {type_.lower()} {target} ({shown.isoformat()})",
                    start=0, end=40, rule=f"synthetic_{type_.lower()}",
                    confidence=round(0.55 + 0.4 * rng.random(), 3),
                ))
        rng.shuffle(claims)
        articles = []
        for i in range(0, len(claims), CLAIMS_PER_ARTICLE):
            self.n_articles += 1
            aid = f"{self.n_articles:016x}"
            group = claims[i : i + CLAIMS_PER_ARTICLE]
            latest = max((date.fromisoformat(c.date) for c in group
                          if c.date and len(c.date) == 10), default=date.fromordinal(FIRST_DAY))
            articles.append(Article(
                id=aid, title=f"Synthetic article {self.n_articles}", text="(synthetic)",
                published=(latest + timedelta(days=1)).isoformat(),
                source_name=f"Outlet {rng.randrange(N_OUTLETS)}", published_from="option",
            ))
            for j, c in enumerate(group):
                group[j] = replace(c, article_id=aid)
            claims[i : i + CLAIMS_PER_ARTICLE] = group
        return articles, claims


def checkpoints(total: int) -> list[int]:
    step = 1_000_000 if total >= 4_000_000 else max(1, total // 4)
    points = list(range(step, total, step))
    return [*points, total]


def disk_bytes(db: str, store: Any = None) -> int | None:
    """The SQLite file with its write-ahead log; for a PostgreSQL URL, the database's
    size as the server counts it (``pg_database_size``: tables, indexes, TOAST)."""
    if "://" in db:
        if store is None or store.backend.name != "postgres":
            return None
        return int(store.conn.execute(
            "SELECT pg_database_size(current_database())").fetchone()[0])
    return sum(Path(db + suffix).stat().st_size for suffix in ("", "-wal")
               if Path(db + suffix).exists())


def time_queries(db: str, store: Any, gen: Synthetic, n: int) -> dict[str, Any]:
    from chancery import query
    from chancery.standing import standing_report
    from chancery.web import views

    # actors are asked about as often as they are in the news (the same Zipf weights)
    rng = random.Random(n * 7 + len(gen.actors))
    days = [date.fromordinal(rng.randint(FIRST_DAY, LAST_DAY)) for _ in range(n)]
    targets = rng.choices(gen.actors, cum_weights=gen.actor_weights, k=n)
    pairs = []
    for _ in range(n):
        a, b = rng.choices(gen.actors, cum_weights=gen.actor_weights, k=2)
        while b == a:
            b = rng.choices(gen.actors, cum_weights=gen.actor_weights)[0]
        pairs.append((a, b))

    def timed(action: Callable[[int], Any]) -> list[float]:
        out = []
        for i in range(n):
            t0 = time.perf_counter()
            action(i)
            out.append(time.perf_counter() - t0)
        return out

    rec = timed(lambda i: query.recognition(store, targets[i], days[i]))
    tl = timed(lambda i: query.timeline_page(store, *pairs[i]))  # the first page, as shown
    page_via = "http"
    try:
        from fastapi.testclient import TestClient

        from chancery.web.app import create_app

        client = TestClient(create_app(db))

        def page(i: int) -> None:
            response = client.get(f"/actor/{targets[i]}", params={"as_of": days[i].isoformat()})
            assert response.status_code == 200, response.status_code

        page(0)  # the first request loads templates and the actor table: not timed
    except Exception:  # a URL the web app cannot open: time the page's reads instead
        page_via = "views"

        class _KB:
            def __init__(self) -> None:
                self.store = store

            def events(self, flt: Any) -> Any:
                return store.fused(flt)

        def page(i: int) -> None:
            kb = _KB()
            standing_report(kb, targets[i], days[i])
            views.key_dates(kb, targets[i])  # type: ignore[arg-type]

    pages = timed(page)
    return {
        "recognizers_as_of": percentiles(rec), "timeline": percentiles(tl),
        "actor_page": {**percentiles(pages), "via": page_via},
    }


def run_kb(args: argparse.Namespace) -> int:
    from chancery.store import Store

    total = QUICK_CLAIMS if args.quick else args.claims
    queries = min(args.queries, 40) if args.quick else args.queries
    tmp = None
    db = args.db
    if db is None:
        tmp = tempfile.TemporaryDirectory(prefix="chancery-scale-")
        db = str(Path(tmp.name) / "kb.db")
    gen = Synthetic(args.seed)
    store = Store(db)
    # a --db that holds claims already (an earlier run's) is extended, not rebuilt
    done = store.count("claims")
    gen.n_articles = store.count("articles")
    if done:
        gen.rng.seed(f"{args.seed}:{done}")  # same actors, new events (not the first ones again)
    insert_s = fuse_s = 0.0
    batch = 200_000
    points = checkpoints(total)
    try:
        for point in [p for p in points if p >= done] or [done]:
            if done < point and point in points:
                gen.use_chunk(points.index(point), len(points))
            while done < point:
                articles, claims = gen.batch(min(batch, point - done))
                t0 = time.perf_counter()
                store.bulk_insert(articles, claims)
                insert_s += time.perf_counter() - t0
                done += len(claims)
            t0 = time.perf_counter()
            groups = store.fuse_pending(groups_per_transaction=2000)
            if store.backend.name == "postgres":
                store.conn.execute("VACUUM ANALYZE")  # statistics, and index-only scans
            fuse_s += time.perf_counter() - t0
            record = {
                "bench": "kb", "claims": store.count("claims"), "articles": gen.n_articles,
                "fused_events": store.count("fused_events"), "groups_fused": groups,
                "insert_s": round(insert_s, 2), "fuse_s": round(fuse_s, 2),
                "build_s": round(insert_s + fuse_s, 2), "disk_bytes": disk_bytes(db, store),
            }
            record["disk_mb"] = (round(record["disk_bytes"] / 2**20, 1)
                                 if record["disk_bytes"] is not None else None)
            record.update(time_queries(db, store, gen, queries))
            emit(record)
    finally:
        store.close()
        if tmp is not None:
            tmp.cleanup()
    return 0


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
    gd.add_argument("--pairs", type=int, default=1,
                    help="spread the rows over this many actor pairs (fusion groups)")
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
