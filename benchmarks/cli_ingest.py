"""``chancery ingest DIR`` as users run it, against the floor of parsing alone. One JSON line.

    python benchmarks/cli_ingest.py [--articles 240] [--jobs 1] [--mix mixed|dev|general]
                                    [--library] [--repeat 1] [--no-prefilter]

The corpus (see ``throughput.py``; by default dev, dev2 and the samples, so it includes
text the rules were not tuned on, read from ``../shared/eval/`` at run time) is written
as one ``.txt`` file per article into a temporary folder. Then ``chancery ingest DIR
--json [--jobs N]`` runs as a subprocess into a fresh SQLite file: the whole command, from
interpreter start to exit. Model load is reported apart: the same command first ingests
a folder holding one article (start-up, imports, model load, worker pool, one article),
and ``seconds`` is the full run minus that (``startup_seconds``), over the words of the
other articles; one untimed run before both warms the file and bytecode caches.
``--library`` instead times ``chancery.open(db, jobs=N).ingest([DIR])`` in this process,
model loaded beforehand. Then spaCy's pipeline alone parses the same texts in this
process: ``ratio_to_parse`` is the ingest rate over that floor.

With ``--repeat K`` every timing is the best of K runs. On a shared machine wall time
depends on what else runs, so CPU time is reported too: ``cpu_seconds`` (the ingest's
processes, workers included, start-up subtracted the same way) and ``cpu_ratio_to_parse``
(the floor's CPU time over the ingest's, for the same words) measure the work done,
whatever the load; the speed-up of ``--jobs 2`` needs wall time on an idle machine.
``peak_rss_mb`` is the largest resident size of this process or any child (a worker
included).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from throughput import MIXES, corpus, parse_only_rate, peak_rss_mb


def write_folder(folder: Path, texts: list[str]) -> None:
    folder.mkdir(parents=True)
    for i, text in enumerate(texts):
        (folder / f"{i:05d}.txt").write_text(text, "utf-8")


def chancery_command() -> list[str]:
    """The installed ``chancery`` script beside this interpreter, as a user runs it."""
    script = Path(sys.executable).with_name("chancery")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from chancery.cli import main; main()"]


def cpu_used(who: int) -> float:
    """CPU seconds (user + system) of this process or of its waited-for children."""
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


Timing = tuple[float, float, dict]  # wall seconds, CPU seconds, the ingest's report


def time_cli(folder: Path, db: Path, jobs: int, prefilter: bool) -> Timing:
    """Wall and CPU seconds of the whole ``chancery ingest`` process, and its JSON report.

    The CPU time is that of the command and its worker processes (each waited for)."""
    command = [*chancery_command(), "ingest", str(folder), "--db", str(db), "--json",
               "--jobs", str(jobs)]
    if not prefilter:
        command.append("--no-prefilter")
    cpu = cpu_used(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"chancery ingest failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return seconds, cpu_used(resource.RUSAGE_CHILDREN) - cpu, json.loads(done.stdout)


def time_library(folder: Path, db: Path, jobs: int, prefilter: bool) -> Timing:
    """Wall and CPU seconds of ``Chancery.ingest([folder])`` in this process (model
    already loaded), workers included, and its report."""
    import chancery

    cpu = cpu_used(resource.RUSAGE_SELF) + cpu_used(resource.RUSAGE_CHILDREN)
    with chancery.open(db, jobs=jobs, prefilter=prefilter) as kb:
        start = time.perf_counter()
        report = kb.ingest([folder])
        seconds = time.perf_counter() - start
    cpu = cpu_used(resource.RUSAGE_SELF) + cpu_used(resource.RUSAGE_CHILDREN) - cpu
    return seconds, cpu, report.to_dict()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=240)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--mix", choices=MIXES, default="mixed")
    parser.add_argument("--library", action="store_true", help="time the library, in process")
    parser.add_argument("--repeat", type=int, default=1, help="best of this many runs")
    parser.add_argument("--no-prefilter", action="store_true")
    args = parser.parse_args()

    texts = corpus(args.mix, args.articles)
    words = sum(len(t.split()) for t in texts)
    prefilter = not args.no_prefilter
    result: dict[str, object] = {"runner": "library" if args.library else "cli"}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_folder(root / "one", texts[:1])
        write_folder(root / "corpus", texts)
        runs = 0

        def fresh_db() -> Path:
            nonlocal runs
            runs += 1
            return root / f"run{runs}.db"

        if args.library:
            from chancery.nlp.pipeline import get_nlp

            get_nlp()  # model load is not throughput
            startup = startup_cpu = 0.0
            timings = [time_library(root / "corpus", fresh_db(), args.jobs, prefilter)
                       for _ in range(args.repeat)]
            ingested_words = words
        else:
            time_cli(root / "one", fresh_db(), args.jobs, prefilter)  # warm caches, untimed
            warm = [time_cli(root / "one", fresh_db(), args.jobs, prefilter)
                    for _ in range(args.repeat)]
            startup = min(t[0] for t in warm)
            startup_cpu = min(t[1] for t in warm)
            timings = [time_cli(root / "corpus", fresh_db(), args.jobs, prefilter)
                       for _ in range(args.repeat)]
            ingested_words = words - len(texts[0].split())  # the one article is in startup
        total, _, report = min(timings, key=lambda t: t[0])
        total_cpu = min(t[1] for t in timings)
    seconds = total - startup
    cpu_seconds = total_cpu - startup_cpu
    stored = len(report["added"])
    rate = ingested_words / seconds
    floor, floor_cpu = parse_only_rate(texts, args.repeat)
    result.update(
        articles=stored,
        words=words,
        seconds=round(seconds, 2),
        startup_seconds=round(startup, 2),
        total_seconds=round(total, 2),
        articles_per_s=round(stored / seconds, 1),
        words_per_s=round(rate),
        events=report["events"],
        failures=len(report["failures"]),
        jobs=args.jobs,
        mix=args.mix,
        prefilter=prefilter,
        cpus=os.cpu_count(),
        parse_only_words_per_s=round(floor),
        ratio_to_parse=round(rate / floor, 2),
        cpu_seconds=round(cpu_seconds, 2),
        cpu_ratio_to_parse=round(floor_cpu / cpu_seconds * ingested_words / words, 2),
        peak_rss_mb=peak_rss_mb(),
    )
    print(json.dumps(result))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
