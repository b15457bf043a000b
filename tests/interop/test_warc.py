"""WARC crawls (the CC-NEWS format): HTML responses only, target URI and date, bad records."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

import chancery
from chancery.ingest.sources import InputProgress

from .conftest import DELISTING, HONDURAS, RECOGNITION, page

MALFORMED = b"<html>not a WARC record: a page pasted into the archive</html>\r\n\r\n"


def write_crawl(path: Path, *, gzipped: bool) -> int:
    """A small crawl with every kind of record; returns the malformed record's offset."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gzipped)

    def response(uri: str, body: bytes, status: str = "200 OK",
                 content_type: str = "text/html; charset=utf-8", date: str = "") -> None:
        http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        headers = {"WARC-Date": date} if date else None
        writer.write_record(writer.create_warc_record(
            uri, "response", payload=io.BytesIO(body), length=len(body), http_headers=http,
            warc_headers_dict=headers,
        ))

    writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "test"}))
    request = b"GET /ru HTTP/1.1\r\n\r\n"
    writer.write_record(writer.create_warc_record(
        "https://news.example.org/ru", "request", payload=io.BytesIO(request), length=len(request),
    ))
    # the page carries its own date: it wins over the crawl date
    response("https://news.example.org/ru",
             page(RECOGNITION[0], RECOGNITION[1], RECOGNITION[2]).encode(),
             date="2025-07-09T08:00:00Z")
    response("https://news.example.org/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64),
             content_type="image/png")
    response("https://news.example.org/old", b"", status="301 Moved Permanently")
    bad = buf.tell()
    buf.write(gzip.compress(MALFORMED) if gzipped else MALFORMED)
    # no date in the page: the crawl date (WARC-Date) is the published date
    response("https://other.example.net/hn", page(HONDURAS[0], HONDURAS[1]).encode(),
             date="2023-03-27T06:00:00Z")
    response("https://other.example.net/ru2", page(DELISTING[0], DELISTING[1]).encode(),
             date="2025-07-04T06:00:00Z")
    path.write_bytes(buf.getvalue())
    return bad


def check(kb: chancery.Chancery, path: Path, bad: int) -> None:
    seen: list[InputProgress] = []
    report = kb.ingest_inputs([path], progress=seen.append)
    assert len(report.articles.added) == 3, report.failures
    ((where, message),) = report.failures
    assert where == str(path) and f"malformed record at byte {bad}" in message
    assert report.skipped >= 4  # warcinfo, request, image, redirect
    articles = {a.url: a for a in kb.store.articles()}
    assert set(articles) == {"https://news.example.org/ru", "https://other.example.net/hn",
                             "https://other.example.net/ru2"}
    assert articles["https://news.example.org/ru"].published == "2025-07-04"
    assert articles["https://other.example.net/hn"].published == "2023-03-27"
    assert articles["https://other.example.net/hn"].source_name == "other.example.net"
    assert kb.events(type="RECOGNIZE", source="RUS", target="AFG")
    assert kb.events(type="ESTABLISH_RELATIONS", source="HND", target="CHN")
    assert seen and seen[-1].bytes_done <= path.stat().st_size == seen[-1].bytes_total
    assert [s.records for s in seen] == sorted(s.records for s in seen)


def test_warc_gz_takes_html_responses_and_skips_a_malformed_record(
    kb: chancery.Chancery, tmp_path: Path
) -> None:
    path = tmp_path / "CC-NEWS-20250704.warc.gz"
    check(kb, path, write_crawl(path, gzipped=True))


def test_uncompressed_warc_resumes_at_the_next_record(
    kb: chancery.Chancery, tmp_path: Path
) -> None:
    path = tmp_path / "crawl.warc"
    check(kb, path, write_crawl(path, gzipped=False))


def test_truncated_archive_keeps_what_was_read(kb: chancery.Chancery, tmp_path: Path) -> None:
    path = tmp_path / "cut.warc.gz"
    write_crawl(path, gzipped=True)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 40])  # the last record is cut off
    report = kb.ingest_inputs([path])
    assert len(report.articles.added) == 2
    assert report.failure_count == 2  # the malformed record and the cut-off one
