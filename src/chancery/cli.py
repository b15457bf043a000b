"""The ``chancery`` command: a thin layer over :mod:`chancery.api`.

Each command opens the knowledge base, calls one library function and prints the
result as a rich table or, with ``--json``, as JSON. The CLI modules (this one,
:mod:`chancery.interop_commands` and :mod:`chancery.web.commands`, which it registers)
are the only ones that print, through :mod:`chancery.console` below all three; only
:func:`main` exits. Exit codes: 0 success, 1 bad input or usage, 2 internal error.
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from chancery.api import Chancery, Explanation
from chancery.backends import DB_HELP, shown_db
from chancery.confidence import MIN_CONFIDENCE
from chancery.console import emit_json, err, out, parse_date, print_error, shown
from chancery.errors import ArticleError, ChanceryError, InputError, NotFoundError
from chancery.ingest import ArticleOptions
from chancery.interop_commands import input_options, run_ingest
from chancery.interop_commands import register as register_interop
from chancery.limits import check_day
from chancery.model import Recognizer
from chancery.nlp.pipeline import freeze_after_load
from chancery.query import TIMELINE_PAGE
from chancery.store import EventFilter
from chancery.web.commands import register as register_web

app = typer.Typer(
    help="Turn diplomatic news into a source-cited record of who recognises whom, and when.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# typer >= 0.2x ships its own copy of click; its exceptions are the ones raised.
_click = getattr(typer, "_click", None)
if _click is None:  # pragma: no cover - older typer uses click itself
    import click as _click
UsageError = _click.exceptions.UsageError
AbortError = typer.Abort

DbOption = Annotated[
    str,
    typer.Option(
        "--db", envvar="CHANCERY_DB", help=DB_HELP, metavar="PATH|URL", show_default=True
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable JSON output.")]


#: Set by ``--debug`` (anywhere on the command line) or CHANCERY_DEBUG=1: internal errors
#: then show their traceback, and each article that fails with a bug logs its own.
DEBUG = {"on": False}


@app.callback()
def _root(
    debug: Annotated[
        bool,
        typer.Option(
            "--debug",
            envvar="CHANCERY_DEBUG",
            help="Show tracebacks of internal errors (also accepted after the command).",
        ),
    ] = False,
) -> None:
    """Turn diplomatic news into a source-cited record of who recognises whom, and when."""
    if debug:
        _debug_on()


def _debug_on() -> None:
    if not DEBUG["on"]:
        DEBUG["on"] = True
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("debug %(name)s: %(message)s"))
        logger = logging.getLogger("chancery")
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)


def _open(db: str, readonly: bool = False) -> Chancery:
    return Chancery(db, readonly=readonly)


@app.command()
def ingest(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files, folders or URLs: .txt/.html articles, RSS/Atom feeds (.xml or a feed "
            "URL), web pages, .warc/.warc.gz crawls, .jsonl/.json/.csv dumps, GDELT "
            ".export.CSV/.zip event files."
        ),
    ],
    db: DbOption = "chancery.db",
    published: Annotated[
        str | None, typer.Option(help="Published date (YYYY-MM-DD) for every article given.")
    ] = None,
    encoding: Annotated[str | None, typer.Option(help="Text encoding when not UTF-8.")] = None,
    source_name: Annotated[str | None, typer.Option("--source", help="Outlet name.")] = None,
    fetch: Annotated[
        bool, typer.Option("--fetch", help="Download each feed entry's page (not its summary).")
    ] = False,
    text_field: Annotated[
        str | None, typer.Option(help="Dump field(s) with the text, comma-separated.")
    ] = None,
    title_field: Annotated[str | None, typer.Option(help="Dump field(s) with the title.")] = None,
    date_field: Annotated[
        str | None, typer.Option(help="Dump field(s) with the published date.")
    ] = None,
    url_field: Annotated[str | None, typer.Option(help="Dump field(s) with the URL.")] = None,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=1, help="Worker processes that parse in parallel.")
    ] = 1,
    prefilter: Annotated[
        bool,
        typer.Option(
            "--prefilter/--no-prefilter",
            help="Skip text with no trigger near an actor before parsing (loses no gold event).",
        ),
    ] = True,
    cluster: Annotated[
        str | None,
        typer.Option(
            "--cluster",
            metavar="ADDRESS",
            help="Extract on the workers of this Dask scheduler (tcp://HOST:8786); "
            "the results are stored here.",
        ),
    ] = None,
    chunk: Annotated[
        int | None,
        typer.Option(
            "--chunk", min=1, metavar="N",
            help="Articles extracted together: a batch, or a chunk sent to a worker "
            "(default 16; 64 with --cluster).",
        ),
    ] = None,
    as_json: JsonOption = False,
) -> int:
    """Read articles, feeds, crawls, dumps and GDELT exports; extract and store events."""
    if cluster and jobs > 1:
        raise InputError(
            "--cluster and --jobs cannot be used together",
            fix="give the workers threads with `dask worker --nthreads N`, or drop --jobs",
        )
    day = parse_date(published, "--published")
    try:
        check_day(day, "--published", "date")
    except ArticleError as exc:
        raise InputError(exc.what, cause=exc.cause, fix=exc.fix, where="--published") from exc
    article = ArticleOptions(day, encoding, source_name)
    options = input_options(
        article,
        fetch=fetch,
        text_field=text_field,
        title_field=title_field,
        date_field=date_field,
        url_field=url_field,
    )
    return run_ingest(
        paths, db, options, as_json, jobs=jobs, prefilter=prefilter, cluster=cluster, chunk=chunk
    )


@app.command()
def events(
    db: DbOption = "chancery.db",
    type_: Annotated[str | None, typer.Option("--type", help="Event type, e.g. RECOGNIZE.")] = None,
    source: Annotated[str | None, typer.Option(help="Source actor code.")] = None,
    target: Annotated[str | None, typer.Option(help="Target actor code.")] = None,
    actor: Annotated[str | None, typer.Option(help="Either side.")] = None,
    modality: Annotated[
        str | None, typer.Option(help="asserted|negated|future|hypothetical.")
    ] = None,
    min_sources: Annotated[int, typer.Option(help="At least this many sources.")] = 0,
    limit: Annotated[int | None, typer.Option(help="At most this many rows.")] = None,
    as_json: JsonOption = False,
) -> int:
    """List fused events (one row per event, however many sources report it)."""
    flt = EventFilter(
        type=type_,
        source=source,
        target=target,
        actor=actor,
        modality=modality,
        min_sources=min_sources,
        limit=limit,
    )
    with _open(db) as kb:
        rows = kb.events(flt)
    if as_json:
        emit_json([r.to_dict() for r in rows])
        return 0
    table = Table(
        "id", "type", "source", "target", "modality", "date", "sources", "confidence", "disputed"
    )
    for r in rows:
        table.add_row(
            str(r.id),
            r.type,
            r.source,
            r.target or "",
            r.modality,
            r.date or "",
            str(r.n_sources),
            _confidence(r.confidence),
            "yes" if r.disputed else "",
        )
    out.print(table)
    return 0


MinConfidenceOption = Annotated[
    float,
    typer.Option(
        "--min-confidence",
        min=0.0,
        max=1.0,
        help="Count only events at least this confident (0 counts every event); "
        "the others are listed as unconfirmed.",
    ),
]


def _confidence(value: float | None) -> str:
    return "?" if value is None else f"{value:.2f}"


@app.command()
def recognizers(
    target: Annotated[str, typer.Argument(help="Actor code, e.g. AFG.")],
    db: DbOption = "chancery.db",
    as_of: Annotated[str | None, typer.Option("--as-of", help="Date YYYY-MM-DD.")] = None,
    min_confidence: MinConfidenceOption = MIN_CONFIDENCE,
    as_json: JsonOption = False,
) -> int:
    """Who recognises TARGET as of a date, with dates, sources, confidence and evidence;
    recognitions below --min-confidence are listed apart as unconfirmed."""
    with _open(db) as kb:
        answer = kb.recognition(target, parse_date(as_of, "--as-of"), min_confidence)
    if as_json:
        emit_json(answer.to_dict())
        return 0
    when = f" as of {as_of}" if as_of else ""
    if not answer.confirmed:
        out.print(shown(f"Nobody recognises {target.upper()}{when}."))
    else:
        out.print(_recognizer_table(answer.confirmed, f"Recognisers of {target.upper()}{when}"))
    if answer.unconfirmed:
        out.print(
            _recognizer_table(
                answer.unconfirmed,
                f"Unconfirmed (confidence below {min_confidence:g}): not counted above",
            )
        )
    return 0


def _recognizer_table(rows: list[Recognizer], title: str) -> Table:
    table = Table("actor", "name", "since", "type", "sources", "confidence", "evidence",
                  title=shown(title))
    for r in rows:
        table.add_row(
            r.actor, shown(r.name), r.since or "?", r.type, str(r.n_sources),
            _confidence(r.confidence), shown(r.evidence),
        )
    return table


@app.command()
def timeline(
    a: Annotated[str, typer.Argument(help="First actor code.")],
    b: Annotated[str, typer.Argument(help="Second actor code.")],
    db: DbOption = "chancery.db",
    as_json: JsonOption = False,
    plot: Annotated[bool, typer.Option("--plot", help="Draw a chart into -o FILE.")] = False,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Chart file for --plot: .svg or .png.")
    ] = None,
    limit: Annotated[
        int, typer.Option(min=1, help="Events per page: a busier pair is shown a page at a time.")
    ] = TIMELINE_PAGE,
    offset: Annotated[int, typer.Option(min=0, help="Skip this many events (the next page).")] = 0,
) -> int:
    """Every event between two actors, oldest first, with its sources (--plot: a chart).

    A pair with more than --limit events (200) is shown a page at a time, with a line
    (on stderr) saying how many more there are and the --offset of the next page."""
    if plot or output is not None:
        if output is None:
            raise InputError("--plot needs an output file", fix="add -o timeline.svg (or .png)")
        from chancery.web.render import render_timeline

        with _open(db) as kb:
            render_timeline(kb, a, b, output)
        out.print(f"wrote {shown(output)}")
        return 0
    with _open(db) as kb:
        page = kb.timeline_page(a, b, limit, offset)
    rows = page.entries
    if page.more or page.offset:
        first = min(page.offset + 1, page.total)
        err.print(
            f"events {first}–{page.offset + len(rows)} of {page.total}"
            + (f"; next page: --offset {page.offset + len(rows)}" if page.more else "")
        )
    if as_json:
        emit_json([r.to_dict() for r in rows])
        return 0
    table = Table(
        "date",
        "id",
        "type",
        "source",
        "target",
        "modality",
        "sources",
        "evidence",
        title=shown(f"{a.upper()} ↔ {b.upper()}"),
    )
    for r in rows:
        f = r.fused
        table.add_row(
            f.date or "?",
            str(f.id),
            f.type,
            f.source,
            f.target or "",
            f.modality,
            str(f.n_sources),
            shown(r.claims[0].evidence) if r.claims else "",
        )
    out.print(table)
    return 0


@app.command()
def claims(
    event_id: Annotated[int, typer.Argument(help="Fused event id (see `chancery events`).")],
    db: DbOption = "chancery.db",
    as_json: JsonOption = False,
) -> int:
    """Every source's claim behind one fused event; disagreements marked."""
    with _open(db) as kb:
        fused = kb.event(event_id)
        rows = kb.claims(fused_id=event_id)
        articles = {c.article_id: kb.article(c.article_id) for c in rows}
    if as_json:
        emit_json(
            {
                "event": fused.to_dict(),
                "claims": [
                    {
                        **c.to_dict(),
                        "article_title": articles[c.article_id].title,
                        "published": articles[c.article_id].published,
                    }
                    for c in rows
                ],
            }
        )
        return 0
    out.print(
        f"[bold]{fused.type}[/bold] {fused.source} → {fused.target or '-'}: "
        f"{fused.n_claims} claim(s) from {fused.n_sources} source(s), "
        f"confidence {_confidence(fused.confidence)}"
        + (" — [red]sources disagree[/red]" if fused.disputed else "")
    )
    table = Table(
        "claim", "article", "published", "date", "modality", "rule", "confidence", "evidence"
    )
    for c in rows:
        date_style = "red" if len(fused.dates) > 1 and c.date else ""
        mod_style = "red" if len(fused.modalities) > 1 else ""
        table.add_row(
            str(c.id),
            shown(articles[c.article_id].title[:40]),
            articles[c.article_id].published or "?",
            f"[{date_style}]{c.date or '?'}[/]" if date_style else (c.date or "?"),
            f"[{mod_style}]{c.modality}[/]" if mod_style else c.modality,
            c.rule,
            _confidence(c.confidence),
            shown(c.evidence),
        )
    out.print(table)
    return 0


@app.command()
def explain(
    article_id: Annotated[str, typer.Argument(help="Article id or a unique prefix.")],
    db: DbOption = "chancery.db",
    as_json: JsonOption = False,
) -> int:
    """Show an article's sentences with the events, actors and dates found in them."""
    with _open(db) as kb:
        ex = kb.explain(article_id)
    if as_json:
        emit_json(
            {
                "article": ex.article.to_dict(),
                "claims": [c.to_dict() for c in ex.claims],
                "mentions": [list(m) for m in ex.mentions],
                "dates": [list(d) for d in ex.dates],
                "sentences": [list(x) for x in ex.sentences],
            }
        )
        return 0
    out.print(
        f"[bold]{escape(ex.article.title)}[/bold]  (id {ex.article.id}, published "
        f"{ex.article.published or 'unknown'} from {ex.article.published_from})"
    )
    out.print(
        "[dim]actors in [cyan]cyan{CODE}[/cyan], dates in [magenta]magenta{value}[/magenta][/dim]"
    )
    by_sentence: dict[tuple[int, int], list[Any]] = {}
    for c in ex.claims:
        by_sentence.setdefault((c.start, c.end), []).append(c)
    sentences = sorted(set(ex.sentences) | set(by_sentence))
    parsed = sum(end - start for start, end in ex.sentences)
    for start, end in sentences:
        items = by_sentence.get((start, end), [])
        out.print(f"\n[dim]{start}-{end}[/dim] " + _marked(ex, start, end))
        for c in items:
            out.print(
                f"  [green]{c.type}[/green] {c.source} → {c.target or '-'} "
                f"\\[{c.modality}] date={c.date or '-'} rule={c.rule} "
                f"trigger={shown(repr(c.trigger))} confidence={_confidence(c.confidence)}"
            )
    if ex.sentences and parsed < len(ex.article.text) * 0.9:
        out.print(
            f"\n[dim]{len(ex.article.text) - parsed} characters were not parsed: the pre-filter "
            "found no trigger near an actor there.[/dim]"
        )
    if not ex.claims:
        out.print("\nNo events were extracted from this article.")
    return 0


def _marked(ex: Explanation, start: int, end: int) -> str:
    """The sentence as rich markup: actors and dates highlighted with their codes/values."""
    marks = [(s, e, f"[cyan]{{}}[/cyan][dim]{{{{{code}}}}}[/dim]") for s, e, code, _ in ex.mentions]
    marks += [
        (s, e, f"[magenta]{{}}[/magenta][dim]{{{{{v}}}}}[/dim]") for s, e, v, _, _ in ex.dates
    ]
    text = ex.article.text
    parts: list[str] = []
    pos = start
    for s, e, fmt in sorted(m for m in marks if start <= m[0] and m[1] <= end):
        if s < pos:
            continue
        parts.append(escape(text[pos:s]))
        parts.append(fmt.format(escape(text[s:e])))
        pos = e
    parts.append(escape(text[pos:end]))
    return "".join(parts)


@app.command()
def articles(
    db: DbOption = "chancery.db",
    search: Annotated[str | None, typer.Option(help="Words in the title or text.")] = None,
    limit: int = 50,
    as_json: JsonOption = False,
) -> int:
    """List stored articles."""
    with _open(db) as kb:
        rows = kb.store.articles(search, limit=limit)
        counts = {a.id: len(kb.claims(article_id=a.id)) for a in rows}
    if as_json:
        emit_json(
            [
                {**{k: v for k, v in a.to_dict().items() if k != "text"}, "claims": counts[a.id]}
                for a in rows
            ]
        )
        return 0
    table = Table("id", "published", "claims", "title")
    for a in rows:
        table.add_row(a.id, a.published or "?", str(counts[a.id]), shown(a.title))
    out.print(table)
    return 0


@app.command(name="eval")
def eval_(
    gold: Annotated[list[Path], typer.Argument(help="Gold .jsonl files (eval README format).")],
    as_json: JsonOption = False,
    show_errors: Annotated[
        bool, typer.Option("--show-errors", help="List each FP and FN.")
    ] = False,
    calibrate: Annotated[
        bool,
        typer.Option(
            "--calibrate",
            help="Also write the calibration table: each rule's smoothed precision on these "
            "gold files (to the package's data/calibration.tsv unless --calibration-out).",
        ),
    ] = False,
    calibration_out: Annotated[
        Path | None,
        typer.Option("--calibration-out", help="Where --calibrate writes the table."),
    ] = None,
) -> int:
    """Score extraction and answers against gold files (--calibrate: and calibrate)."""
    from chancery.confidence import default_table_path
    from chancery.evaluate import evaluate

    missing = [str(p) for p in gold if not p.is_file()]
    if missing:
        raise InputError(f"no such gold file: {', '.join(missing)}")
    result = evaluate(gold)
    if calibrate or calibration_out is not None:
        table_path = calibration_out or default_table_path()
        result.calibration().write(table_path)
        err.print(f"wrote the calibration table {table_path}")
    data = result.to_dict()
    if as_json:
        if show_errors:
            data["errors"] = [e.__dict__ for e in result.errors]
        emit_json(data)
    else:
        table = Table("figure", "value", title=f"chancery eval — {result.documents} documents")
        a = data["asserted"]
        table.add_row("asserted precision", f"{a['precision']:.3f}")
        table.add_row("asserted recall", f"{a['recall']:.3f}")
        table.add_row("asserted F1", f"{a['f1']:.3f}  (tp {a['tp']}, fp {a['fp']}, fn {a['fn']})")
        table.add_row("F1, all modalities", f"{data['all_modalities']['f1']:.3f}")
        table.add_row("date accuracy", f"{data['date_accuracy'] or 0:.3f}")
        q = data["questions"]
        table.add_row("questions", f"{q['correct']}/{q['asked']}")
        out.print(table)
        per = Table("type", "precision", "recall", "f1", title="per type (asserted)")
        for t, v in data["per_type"].items():
            per.add_row(t, f"{v['precision']:.2f}", f"{v['recall']:.2f}", f"{v['f1']:.2f}")
        out.print(per)
        if show_errors:
            for e in result.errors:
                out.print(
                    f"[yellow]{e.kind}[/yellow] {shown(f'{e.document} {e.key} | {e.detail}')}"
                )
    for message in result.input_errors:
        print_error(message)
    return 1 if result.input_errors else 0


@app.command()
def demo(db: DbOption = "chancery.db") -> int:
    """Ingest the project's own sample articles and show the answers."""
    samples = resources.files("chancery") / "samples"
    paths = sorted(Path(str(p)) for p in samples.iterdir() if p.name.endswith(".txt"))
    with _open(db) as kb:
        report = kb.ingest(paths)
        out.print(
            f"[bold]Ingested {len(report.added)} sample article(s)[/bold] "
            f"({len(report.duplicates)} already stored) into {shown(shown_db(db))}: "
            f"{report.events} event claims.\n"
        )
    for target, as_of in (
        ("AFG", "2025-07-02"),
        ("AFG", "2025-07-05"),
        ("PSE", "2024-05-29"),
        ("IRN", "2023-03-11"),
        ("CHN", "2023-03-27"),
    ):
        recognizers(target, db, as_of, as_json=False)
    timeline("RUS", "AFG", db, False)
    with _open(db) as kb:
        disputed = [f for f in kb.events(type="RECOGNIZE", source="RUS", target="AFG")]
    if disputed:
        out.print("\n[bold]What each source claimed about Russia's recognition:[/bold]")
        claims(disputed[0].id, db, False)
    return 0


register_web(app)
register_interop(app)


def main() -> None:
    """Entry point: map errors to one-line messages and exit codes 0/1/2.

    An internal error prints one line unless ``--debug`` is given; ``--debug`` may come
    anywhere before a ``--`` (``chancery ingest x.txt --debug``).
    """
    freeze_after_load()  # this process owns its heap: the model is kept out of the GC's walks
    args = sys.argv[1:]
    cut = args.index("--") if "--" in args else len(args)
    if "--debug" in args[:cut]:
        args = [a for i, a in enumerate(args) if not (a == "--debug" and i < cut)]
        _debug_on()
    elif os.environ.get("CHANCERY_DEBUG", "").lower() in {"1", "true", "yes"}:
        _debug_on()
    try:
        code = app(args=args, standalone_mode=False)
    except UsageError as exc:
        exc.show()
        sys.exit(1)
    except (AbortError, KeyboardInterrupt):
        err.print("aborted")
        sys.exit(1)
    except (InputError, NotFoundError) as exc:
        print_error(exc.message, "error:")
        sys.exit(1)
    except ChanceryError as exc:
        print_error(exc.message, "error:")
        sys.exit(2)
    except Exception as exc:
        err.print(
            f"[red]internal error[/red] ({escape(type(exc).__name__)}: {escape(str(exc)[:300])}) "
            "— likely cause: a bug in chancery — fix: please report it; run again with "
            "--debug for the traceback",
            highlight=False,
        )
        if DEBUG["on"]:
            err.print(traceback.format_exc(), highlight=False, markup=False)
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)
