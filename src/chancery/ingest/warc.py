"""Web archives: WARC (and ARC) files, plain or gzipped per record, as in CC-NEWS.

Only HTTP responses with a 2xx status and an HTML content type become articles, with
their ``WARC-Target-URI`` as URL; the page's own date (trafilatura) is the published
date, else the ``WARC-Date`` (a crawl comes after publication, usually by hours for
CC-NEWS). Requests, metadata, redirects and non-HTML responses are counted as skipped,
not as failures.

Records stream through warcio's ``ArchiveIterator``, one body at a time and each capped
at :data:`~chancery.ingest.text.MAX_BYTES`, so a multi-GB archive is read in bounded
memory. A malformed record is reported with its byte offset and skipped: reading
resumes at the next record start after it (the next gzip member, or the next
``WARC/1.`` line in an uncompressed file), so the rest of the archive still goes in.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator

from chancery.errors import ArticleError
from chancery.ingest.feeds import page_article
from chancery.ingest.fetch import Page
from chancery.ingest.metadata import iso_day
from chancery.ingest.options import InputOptions, Meter
from chancery.ingest.text import MAX_BYTES
from chancery.limits import LIMITS
from chancery.model import Article

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_MAGIC = b"WARC/1."


def iter_warc(path: Path, options: InputOptions, meter: Meter) -> Iterator[Article | ArticleError]:
    """The HTML pages of an archive as articles; bad records as errors naming their offset."""
    where = str(path)
    try:
        raw = path.open("rb")
    except OSError as exc:
        yield ArticleError(f"cannot read file ({exc.strerror})", where=where)
        return
    with raw:
        gzipped = raw.read(2) == _GZIP_MAGIC[:2]
        # ARC files are read as WARC; a WARC file is read strictly, so that a stray line is
        # a malformed record instead of being taken for an ARC header.
        is_arc = path.name.lower().endswith((".arc", ".arc.gz"))
        start: int | None = 0
        last = 0  # offset of the last record read: a truncated tail starts after it
        last_failed = False
        resyncing = False  # inside a bad stretch: report it once, not at every false start
        while start is not None:
            raw.seek(start)
            archive = ArchiveIterator(raw, arc2warc=is_arc)
            records = iter(archive)
            while True:
                try:
                    record = next(records)
                except StopIteration:
                    cut = _truncated_at(raw, last) if gzipped else None
                    if cut is not None and (cut > last or not last_failed):
                        meter.records += 1
                        yield ArticleError(
                            f"the archive ends inside a record (the gzip member at byte {cut} "
                            "is cut short); the records before it went in",
                            cause="a truncated download or copy",
                            fix="re-download the file",
                            where=where,
                        )
                    start = None
                    break
                except Exception as exc:  # warcio raises anything on bad bytes
                    bad = max(int(archive.offset), start)
                    meter.position = bad
                    if not resyncing:
                        meter.records += 1
                        yield ArticleError(
                            f"malformed record at byte {bad} ({type(exc).__name__}: {exc}); "
                            "skipped, reading goes on at the next record",
                            cause="a truncated or corrupted archive",
                            fix="re-download the file if many records are lost",
                            where=where,
                        )
                    resyncing = True
                    start = _next_record_start(raw, bad + 1, gzipped)
                    break
                resyncing = False
                offset = int(archive.offset)
                last = offset
                meter.position = offset
                meter.records += 1
                last_failed = False  # did the last record read report itself as cut short?
                for item in _record_article(record, f"{where}@{offset}", options, meter):
                    last_failed = last_failed or isinstance(item, ArticleError)
                    yield item


def _record_article(
    record: Any, where: str, options: InputOptions, meter: Meter
) -> Iterator[Article | ArticleError]:
    if record.rec_type not in {"response", "resource"}:
        meter.skipped += 1
        return
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    http = record.http_headers
    if record.rec_type == "response":
        if http is None or not str(http.get_statuscode() or "").startswith("2"):
            meter.skipped += 1
            return
        content_type = http.get_header("Content-Type") or ""
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""
    media, _, params = content_type.partition(";")
    if media.strip().lower() not in _HTML_TYPES:
        meter.skipped += 1
        return
    spot = f"{where} {uri}".strip()
    declared = record.rec_headers.get_header("Content-Length") or ""
    if declared.isdigit() and int(declared) > LIMITS.max_warc_record_bytes:
        yield ArticleError(
            f"record of {int(declared) / 1e6:.0f} MB is over the "
            f"{LIMITS.max_warc_record_bytes / 1e6:.0f} MB limit for one record; skipped",
            cause="a media file or a broken record, not a news page",
            where=spot,
        )
        return
    try:
        data = record.content_stream().read(MAX_BYTES + 1)
    except Exception as exc:  # a bad chunked or gzip body
        yield ArticleError(f"cannot read the record body ({exc})", where=spot)
        return
    if len(data) > MAX_BYTES:
        yield ArticleError(
            f"page is over the {MAX_BYTES / 1e6:.0f} MB limit for one article", where=spot
        )
        return
    missing = getattr(record.raw_stream, "limit", 0)
    if isinstance(missing, int) and missing > 0:
        yield ArticleError(
            f"record is truncated ({missing} bytes of its body are missing); skipped",
            cause="a truncated or corrupted archive",
            fix="re-download the file",
            where=spot,
        )
        return
    charset = None
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    page = Page(uri, uri, 200, media.strip().lower(), charset, data)
    crawled = iso_day(record.rec_headers.get_header("WARC-Date"))
    try:
        yield page_article(page, options, fallback_published=crawled, where=spot)
    except ArticleError as exc:
        yield exc


def _truncated_at(raw: BinaryIO, start: int) -> int | None:
    """Where the gzip members from ``start`` on stop short of their end, or None.

    warcio ends quietly at a truncated last member, so every member after the last
    record read is inflated (output discarded, in bounded chunks) to find out.
    """
    raw.seek(start)
    member = start
    inflater = zlib.decompressobj(31)
    while chunk := raw.read(1 << 16):
        data = chunk
        while data:
            try:
                inflater.decompress(data, 1 << 20)
            except zlib.error:
                return None  # not gzip data here: the reader reports malformed records
            while inflater.unconsumed_tail:
                inflater.decompress(inflater.unconsumed_tail, 1 << 20)
            if inflater.eof:
                data = inflater.unused_data
                member = raw.tell() - len(data)
                inflater = zlib.decompressobj(31)
            else:
                data = b""
    return member if member < raw.tell() else None


def _next_record_start(raw: BinaryIO, pos: int, gzipped: bool) -> int | None:
    """The offset of the next place a record may start at or after ``pos``, or None."""
    magic = _GZIP_MAGIC if gzipped else _WARC_MAGIC
    raw.seek(pos)
    carry = b""
    base = pos  # file offset of carry's first byte
    while chunk := raw.read(1 << 20):
        buf = carry + chunk
        found = buf.find(magic)
        if found >= 0:
            return base + found
        keep = len(magic) - 1
        base += len(buf) - keep
        carry = buf[-keep:]
    return None
