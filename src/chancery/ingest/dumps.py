"""News dumps: JSON Lines, JSON and CSV files of article records, read as streams.

Field names are configurable (:class:`~chancery.ingest.sources.DumpFields`, on the
command line ``--text-field``, ``--title-field``, ``--date-field``, ``--url-field``); the
defaults match common news datasets. A record becomes an article as a file does: cleaned,
dated (its date field, else the text's own dateline), identified by the hash of its text;
a text that is HTML is first cleaned by trafilatura. One bad record (not JSON, no text,
not English) is reported with its line or index and skipped; the rest goes in.

* ``.jsonl`` / ``.ndjson`` (and ``.gz``): one JSON object a line, read line by line.
* ``.json``: an array of objects, parsed one element at a time (bounded memory); or one
  object that is a record, or that holds a list of records under some key (read whole,
  up to :data:`MAX_JSON_OBJECT_BYTES`).
* ``.csv`` (and ``.gz``) with a header row, the delimiter sniffed; ``.tsv`` is tab-separated.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import IO, Any, BinaryIO

from chancery.errors import ArticleError
from chancery.ingest import article_from_text
from chancery.ingest.html import extract_html, looks_like_html
from chancery.ingest.metadata import host_of, iso_day
from chancery.ingest.options import InputOptions, Meter
from chancery.ingest.text import MAX_BYTES
from chancery.limits import LIMITS, check_day, json_depth
from chancery.model import Article

#: One record's text may be at most this long (characters); longer is malformed.
MAX_RECORD_CHARS = 4 * MAX_BYTES
#: A ``.json`` file that is one object (not an array) is read whole up to this size.
MAX_JSON_OBJECT_BYTES = 200_000_000
_CHUNK = 1 << 20
_RESYNC = re.compile(r",\s*(?=\{)")

# Article texts in CSV dumps are often longer than csv's default 128 KB field limit.
# The limit is process-wide; it is only ever raised, never lowered.
csv.field_size_limit(max(csv.field_size_limit(), MAX_RECORD_CHARS))


class InflateLimit(OSError):
    """A ``.gz`` dump inflates past :attr:`~chancery.limits.Limits.max_decompressed_bytes`
    or :attr:`~chancery.limits.Limits.max_compression_ratio` (a "zip bomb")."""


class _Inflated(io.RawIOBase):
    """A gzip stream that stops at the decompression limits instead of running on."""

    def __init__(self, unzipped: gzip.GzipFile, raw: BinaryIO) -> None:
        self._unzipped = unzipped
        self._raw = raw
        self.out = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        count = self._unzipped.readinto(buffer)
        self.out += count
        if self.out > LIMITS.max_decompressed_bytes:
            raise InflateLimit(
                f"it inflates past the {LIMITS.max_decompressed_bytes / 1e9:.0f} GB limit"
            )
        packed = max(self._raw.tell(), 1)
        if self.out > LIMITS.ratio_check_after and self.out > LIMITS.max_compression_ratio * packed:
            raise InflateLimit(
                f"it inflates {self.out // packed:,} times its compressed size, over the "
                f"{LIMITS.max_compression_ratio} times limit"
            )
        return count


@contextmanager
def _open(path: Path) -> Iterator[tuple[BinaryIO, BinaryIO]]:
    """(stream to read, file whose tell() is the progress), gunzipping ``.gz`` files
    within the decompression limits."""
    raw = path.open("rb")
    try:
        if path.name.lower().endswith(".gz"):
            with gzip.GzipFile(fileobj=raw) as unzipped:
                yield io.BufferedReader(_Inflated(unzipped, raw), _CHUNK), raw  # type: ignore[misc]
        else:
            yield raw, raw
    finally:
        raw.close()


def _get(record: dict[str, Any], key: str) -> Any:
    """``record[key]``, ignoring the case of the key."""
    if key in record:
        return record[key]
    return next((v for k, v in record.items() if isinstance(k, str) and k.lower() == key), None)


def _field(record: dict[str, Any], names: tuple[str, ...]) -> Any:
    """The first non-empty value among ``names`` (any case; ``a.b`` reaches into objects).

    An object value stands for its ``name`` (``"source": {"id": .., "name": "BBC"}``).
    """
    for name in names:
        value: Any = record
        for part in name.lower().split("."):
            value = _get(value, part) if isinstance(value, dict) else None
        if isinstance(value, dict):
            value = _get(value, "name")
        if value not in (None, "", [], {}):
            return value
    return None


def record_article(record: Any, where: str, options: InputOptions) -> Article:
    """One dump record as an Article, or ArticleError naming the record."""
    if not isinstance(record, dict):
        raise ArticleError(
            f"record is a JSON {type(record).__name__}, not an object", where=where
        )
    fields = options.fields
    text = _field(record, fields.text)
    if isinstance(text, list) and all(isinstance(p, str) for p in text):
        text = "\n\n".join(text)  # a list of paragraphs
    if not isinstance(text, str) or not text.strip():
        raise ArticleError(
            f"no text in the record (looked for {', '.join(fields.text)})",
            fix="name the text field with --text-field",
            where=where,
        )
    title = _field(record, fields.title)
    url = _field(record, fields.url)
    url = url if isinstance(url, str) else None
    raw_date = _field(record, fields.date)
    published = iso_day(raw_date)
    if published is None:
        check_day(raw_date, where)  # 99991231 is an error for this record, not "no date"
    if looks_like_html(text[:1024].encode("utf-8", "replace")):
        page = extract_html(text, where, url=url)
        text = page.text
        title = title or page.title
        published = published or iso_day(page.date)
    article_options = options.article
    if not article_options.source_name:
        source = _field(record, fields.source)
        outlet = source if isinstance(source, str) else host_of(url)
        article_options = replace(article_options, source_name=outlet)
    return article_from_text(
        text,
        where,
        article_options,
        title=str(title).strip() if title else None,
        url=url,
        published=published,
        path=where,
    )


def _one(record: Any, where: str, options: InputOptions) -> Article | ArticleError:
    try:
        return record_article(record, where, options)
    except ArticleError as exc:
        return exc


def _read_error(where: str, exc: Exception) -> ArticleError:
    if isinstance(exc, InflateLimit):
        return ArticleError(
            f"stopped reading: {exc}; the rest of the file is skipped",
            cause="a decompression bomb, or a dump of something other than articles",
            fix="check the file; split a genuine huge dump into smaller files",
            where=where,
        )
    return ArticleError(
        f"cannot read on ({type(exc).__name__}: {exc}); the rest of the file is lost",
        cause="a truncated or corrupted compressed file",
        fix="re-download the file",
        where=where,
    )


def iter_jsonl(path: Path, options: InputOptions, meter: Meter) -> Iterator[Article | ArticleError]:
    """JSON Lines: one record a line; a bad line is reported with its number and skipped."""
    where = str(path)
    with _open(path) as (stream, raw):
        number = 0
        while True:
            try:
                line = stream.readline(MAX_RECORD_CHARS + 1)
            except (OSError, EOFError, zlib.error) as exc:
                yield _read_error(where, exc)
                return
            if not line:
                return
            number += 1
            meter.position = raw.tell()
            if len(line) > MAX_RECORD_CHARS and not line.endswith(b"\n"):
                while (rest := stream.readline(_CHUNK)) and not rest.endswith(b"\n"):
                    pass
                meter.records += 1
                yield ArticleError(f"line {number} is over the size limit; skipped", where=where)
                continue
            if not line.strip():
                continue
            meter.records += 1
            spot = f"{where}:{number}"
            if _too_nested(line):
                yield _too_deep(f"line {number}", spot)
                continue
            try:
                record = json.loads(line)
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                message = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
                yield ArticleError(f"line {number} is not valid JSON ({message})", where=spot)
                continue
            yield _one(record, spot, options)


def _too_nested(text: str | bytes) -> bool:
    """Nested over the limit? Counting brackets first (at C speed) spares news records,
    which hold a handful, the full scan."""
    opening = text.count("[" if isinstance(text, str) else b"[") + text.count(
        "{" if isinstance(text, str) else b"{"
    )
    return opening > LIMITS.max_json_depth and json_depth(text) > LIMITS.max_json_depth


def _too_deep(what: str, where: str) -> ArticleError:
    return ArticleError(
        f"{what} is nested more than {LIMITS.max_json_depth} levels deep; skipped",
        cause="not a news record: generated or malicious JSON",
        fix="flatten the record (news records nest a few levels)",
        where=where,
    )


def _array_items(text: IO[str]) -> Iterator[tuple[int, Any]]:
    """(index, element or JSONDecodeError) of a JSON array, one element at a time.

    The stream must be positioned just after the ``[``. A malformed element is yielded as
    its error and reading resumes at the next ``, {`` (the next object).
    """
    decoder = json.JSONDecoder()
    buf, pos, eof, index = "", 0, False, 0

    def fill() -> None:
        nonlocal buf, pos, eof
        more = text.read(_CHUNK)
        if more:
            buf, pos = buf[pos:] + more, 0
        else:
            eof = True

    while True:
        while True:
            while pos < len(buf) and buf[pos] in " \t\r\n,":
                pos += 1
            if pos < len(buf) or eof:
                break
            fill()
        if pos >= len(buf):
            yield index, json.JSONDecodeError("unterminated array (the file ends early)", buf, pos)
            return
        if buf[pos] == "]":
            return
        try:
            item, end = decoder.raw_decode(buf, pos)
            if isinstance(item, dict | list) and _too_nested(buf[pos:end]):
                raise RecursionError
        except (json.JSONDecodeError, RecursionError) as exc:
            if isinstance(exc, json.JSONDecodeError) and not eof and (
                len(buf) - pos <= MAX_RECORD_CHARS
            ):
                fill()
                continue
            yield index, (
                exc
                if isinstance(exc, json.JSONDecodeError)
                else json.JSONDecodeError(
                    f"nested more than {LIMITS.max_json_depth} levels deep", buf, pos
                )
            )
            index += 1
            while True:
                match = _RESYNC.search(buf, pos + 1)
                if match:
                    pos = match.end()
                    break
                if eof:
                    return
                pos = max(pos, len(buf) - 1)
                fill()
            continue
        if end == len(buf) and not eof:
            fill()  # the element may go on in the next chunk (a number, say)
            continue
        yield index, item
        index += 1
        pos = end


def iter_json(path: Path, options: InputOptions, meter: Meter) -> Iterator[Article | ArticleError]:
    """A JSON array of records (streamed), or one object holding a record or a list."""
    where = str(path)
    with _open(path) as (stream, raw):
        text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="replace")
        first = ""
        while not first:
            char = text.read(1)
            if not char:
                yield ArticleError("file is empty", where=where)
                return
            first = char.strip()
        if first == "[":
            try:
                for index, item in _array_items(text):
                    meter.position = raw.tell()
                    meter.records += 1
                    spot = f"{where}#{index}"
                    if isinstance(item, json.JSONDecodeError):
                        yield ArticleError(
                            f"element {index} is not valid JSON ({item.msg}); skipped", where=spot
                        )
                    else:
                        yield _one(item, spot, options)
            except (OSError, EOFError, zlib.error) as exc:
                yield _read_error(where, exc)
            return
        if first != "{":
            yield ArticleError(
                "not a JSON array or object of records",
                fix="write records as a JSON array, or as JSON Lines (.jsonl)",
                where=where,
            )
            return
        if path.stat().st_size > MAX_JSON_OBJECT_BYTES:
            yield ArticleError(
                f"a JSON object over {MAX_JSON_OBJECT_BYTES / 1e6:.0f} MB cannot be streamed",
                fix="write the records as a JSON array or as JSON Lines (.jsonl)",
                where=where,
            )
            return
        body = "{" + text.read()
        if _too_nested(body):
            yield _too_deep("the JSON object", where)
            return
        try:
            whole = json.loads(body)
        except json.JSONDecodeError as exc:
            yield ArticleError(f"not valid JSON ({exc.msg}, char {exc.pos})", where=where)
            return
    meter.position = path.stat().st_size
    if _field(whole, options.fields.text) is not None:
        meter.records += 1
        yield _one(whole, where, options)
        return
    for key, value in whole.items():
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value[:10]):
            for index, item in enumerate(value):
                meter.records += 1
                yield _one(item, f"{where}#{key}[{index}]", options)
            return
    yield ArticleError(
        "no records found (neither a text field nor a list of records)",
        fix="name the text field with --text-field",
        where=where,
    )


class _Lines:
    """The physical lines under a csv reader: numbered, kept for the record being read,
    and replayable (after an unclosed quote, the lines it swallowed are read again)."""

    def __init__(self, text: IO[str]) -> None:
        self._text = text
        self._replay: list[str] = []
        self.number = 1  # the header is line 1
        self.record: list[str] = []

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = self._replay.pop() if self._replay else self._text.readline()
        if not line:
            raise StopIteration
        self.number += 1
        self.record.append(line)
        return line

    def replay(self, lines: list[str], first_number: int) -> None:
        self._replay = [*reversed(lines), *self._replay]
        self.number = first_number - 1


def iter_csv(path: Path, options: InputOptions, meter: Meter) -> Iterator[Article | ArticleError]:
    """CSV with a header row; a malformed row is reported with its line and skipped.

    The delimiter is the one of ``, ; tab |`` that the header line uses most (``.tsv``:
    tab). Records are named by the line they start on. A quote that is never closed is
    reported at the line it opens, and the lines after it are read again as records
    instead of being swallowed into one field.
    """
    where = str(path)
    with _open(path) as (stream, raw):
        text = io.TextIOWrapper(
            stream, encoding=options.article.encoding or "utf-8-sig", errors="replace", newline=""
        )
        try:
            header = text.readline()
        except (OSError, EOFError, zlib.error) as exc:
            yield _read_error(where, exc)
            return
        if not header.strip():
            yield ArticleError("no header row", fix="start the file with column names", where=where)
            return
        if path.name.lower().endswith(".tsv"):
            delimiter = "\t"
        else:
            delimiter = max(",;\t|", key=lambda d: (header.count(d), d == ","))
        names = next(csv.reader([header], delimiter=delimiter))
        lines = _Lines(text)
        reader = csv.DictReader(lines, fieldnames=names, delimiter=delimiter, strict=True)
        while True:
            lines.record = []
            first = lines.number + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                meter.records += 1
                swallowed = lines.record[1:]
                if swallowed and lines.record[0].count('"') % 2:
                    yield ArticleError(
                        f"line {first}: a quoted field opened on this line is never closed; "
                        f"this record is skipped and the {len(swallowed)} line(s) after it are "
                        "read again as records",
                        cause="a stray or unescaped double quote",
                        fix='double the quote ("") inside a quoted field, or remove it',
                        where=where,
                    )
                    lines.replay(swallowed, first + 1)
                else:
                    yield ArticleError(f"line {lines.number}: {exc}; skipped", where=where)
                continue
            except (OSError, EOFError, zlib.error) as exc:
                yield _read_error(where, exc)
                return
            meter.position = raw.tell()
            meter.records += 1
            yield _one(row, f"{where}:{first}", options)
