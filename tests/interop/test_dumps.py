"""JSONL / JSON / CSV dumps with default and configured field names; bad records skipped."""

from __future__ import annotations

import csv
import gzip
import json
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import chancery
from chancery.cli import app
from chancery.ingest.sources import DumpFields, InputOptions, iso_day, plan_inputs

from .conftest import DELISTING, HONDURAS, PALESTINE, RECOGNITION, page


def test_jsonl_default_fields_and_bad_lines_reported_by_number(
    kb: chancery.Chancery, tmp_path: Path
) -> None:
    path = tmp_path / "news.jsonl"
    lines = [
        json.dumps({"title": RECOGNITION[0], "text": RECOGNITION[1], "date": "2025-07-04T08:00:00Z",
                    "url": "https://a.example.org/1"}),
        "{not json",
        json.dumps({"title": "No body here", "url": "https://a.example.org/2"}),
        "",
        json.dumps({"headline": HONDURAS[0], "content": HONDURAS[1],
                    "published": "Sun, 26 Mar 2023 10:00:00 GMT", "link": "https://b.example.net/3",
                    "source": {"id": "b", "name": "B News"}}),
    ]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    report = kb.ingest_inputs([path])
    assert len(report.articles.added) == 2 and report.records == 4
    messages = dict(report.failures)
    assert "line 2 is not valid JSON" in messages[f"{path}:2"]
    assert "no text in the record" in messages[f"{path}:3"]
    by_url = {a.url: a for a in kb.store.articles()}
    assert by_url["https://a.example.org/1"].published == "2025-07-04"
    assert by_url["https://a.example.org/1"].source_name == "a.example.org"
    honduras = by_url["https://b.example.net/3"]
    assert (honduras.title, honduras.published, honduras.source_name) == (
        HONDURAS[0], "2023-03-26", "B News")
    assert kb.events(type="ESTABLISH_RELATIONS", source="HND")


def test_json_array_streams_and_skips_a_malformed_element(
    kb: chancery.Chancery, tmp_path: Path
) -> None:
    good = [{"body": t[1], "publish_date": t[2], "title": t[0]} for t in (RECOGNITION, PALESTINE)]
    html = {"body": page(HONDURAS[0], HONDURAS[1]), "publish_date": HONDURAS[2]}
    text = (
        "[\n" + json.dumps(good[0]) + ",\n" + '{"body": "broken, "date": 2},\n'
        + json.dumps(good[1]) + ",\n" + json.dumps(html) + "\n]"
    )
    path = tmp_path / "dump.json"
    path.write_text(text, "utf-8")
    report = kb.ingest_inputs([path])
    assert len(report.articles.added) == 3, report.failures
    ((where, message),) = report.failures
    assert where == f"{path}#1" and "not valid JSON" in message
    honduras = [a for a in kb.store.articles() if a.published == "2023-03-26"]
    assert honduras and "<p>" not in honduras[0].text  # HTML bodies are cleaned


def test_json_object_holding_a_list_and_gzipped_jsonl(
    kb: chancery.Chancery, tmp_path: Path
) -> None:
    wrapped = tmp_path / "wrapped.json"
    wrapped.write_text(json.dumps({"status": "ok", "articles": [
        {"content": RECOGNITION[1], "publishedAt": "2025-07-04", "url": "https://x.example/1"},
    ]}), "utf-8")
    zipped = tmp_path / "more.jsonl.gz"
    with gzip.open(zipped, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"text": PALESTINE[1], "date": PALESTINE[2]}) + "\n")
    options = InputOptions(fields=DumpFields(date=("publishedAt", "date")))
    report = kb.ingest_inputs([wrapped, zipped], options)
    assert report.ok and len(report.articles.added) == 2
    assert {a.published for a in kb.store.articles()} == {"2025-07-04", "2024-05-28"}


def test_csv_with_configured_fields_via_the_cli(new_db, tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(["Story", "Headline", "When", "Permalink"])
        writer.writerow([DELISTING[1], DELISTING[0], "2025-07-04", "https://c.example/4"])
        writer.writerow(["", "empty story", "2025-07-04", "https://c.example/5"])
        writer.writerow([HONDURAS[1] + "\nSecond paragraph, quoted.", HONDURAS[0], "20230326",
                         "https://c.example/6"])
    db = new_db("kb")
    result = CliRunner().invoke(app, [
        "ingest", str(path), "--text-field", "story", "--title-field", "headline",
        "--date-field", "when", "--url-field", "permalink", "--json", "--db", str(db),
    ])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(data["added"]) == 2 and data["failure_count"] == 1
    assert data["failures"][0][0] == f"{path}:3"
    with chancery.open(db) as kb:
        assert {a.published for a in kb.store.articles()} == {"2025-07-04", "2023-03-26"}
        assert kb.events(type="DELIST_TERRORIST", source="RUS")


def test_plan_decides_by_suffix_and_content(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text("{}\n")
    (tmp_path / "b.csv").write_text("text,title\n")
    (tmp_path / "c.CSV").write_text("1\t20250101" + "\tx" * 59 + "\n")
    (tmp_path / "d.txt").write_text("text")
    (tmp_path / "feed").write_text("<?xml version='1.0'?><rss><channel/></rss>")
    (tmp_path / ".hidden.jsonl").write_text("{}\n")
    (tmp_path / "e.png").write_bytes(b"\x89PNG")
    kinds = {Path(p.location).name: p.kind for p in plan_inputs([tmp_path])}
    assert kinds == {"a.jsonl": "jsonl", "b.csv": "csv", "c.CSV": "gdelt", "d.txt": "article",
                     "feed": "feed"}
    assert plan_inputs([tmp_path / "e.png"])[0].kind == "article"  # named: load_article refuses
    assert plan_inputs(["https://example.org/rss"])[0].kind == "url"
    assert plan_inputs([tmp_path / "nope.txt"])[0].kind == "missing"


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("2025-07-04", "2025-07-04"),
        ("2025-07-04T23:30:00+02:00", "2025-07-04"),
        ("Fri, 04 Jul 2025 10:00:00 GMT", "2025-07-04"),
        ("20250704", "2025-07-04"),
        (1751623200, "2025-07-04"),
        (1751623200000, "2025-07-04"),
        (time.gmtime(1751623200), "2025-07-04"),
        ("July 4, 2025", "2025-07-04"),
        ("soon", None),
        ("", None),
        ("0001-01-01", None),
        (True, None),
    ],
)
def test_iso_day(value: object, day: str | None) -> None:
    assert iso_day(value) == day
