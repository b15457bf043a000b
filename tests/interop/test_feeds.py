"""RSS/Atom feeds from files and from a real HTTP server on 127.0.0.1; --fetch; fetch limits."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

from typer.testing import CliRunner

import chancery
from chancery.cli import app
from chancery.errors import ArticleError
from chancery.ingest.feeds import html_to_text
from chancery.ingest.fetch import FetchOptions, fetch_many
from chancery.ingest.sources import InputOptions, iter_inputs

from .conftest import HONDURAS, PALESTINE, RECOGNITION, Site, page


def rss(items: list[tuple[str, str, str, str]]) -> str:
    """An RSS 2.0 feed; items are (title, link, ISO day, HTML description)."""
    entries = "".join(
        f"<item><title>{title}</title><link>{link}</link>"
        f"<pubDate>{format_datetime(datetime.fromisoformat(day).replace(tzinfo=UTC))}</pubDate>"
        f"<description><![CDATA[{html}]]></description></item>"
        for title, link, day, html in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        "<title>Chancery Wire</title><link>https://wire.example.org/</link>"
        f"<description>test</description>{entries}</channel></rss>"
    )


def atom(title: str, link: str, day: str, text: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Atom Wire</title><id>urn:wire</id><updated>2024-05-28T12:00:00Z</updated>"
        f"<entry><title>{title}</title><link href='{link}'/><id>urn:1</id>"
        f"<published>{day}T09:00:00Z</published><updated>{day}T09:00:00Z</updated>"
        f"<content type='html'>&lt;p&gt;{text}&lt;/p&gt;</content></entry></feed>"
    )


def test_rss_file_entries_become_articles_with_title_link_and_date(
    kb: chancery.Chancery, tmp_path: Path
) -> None:
    feed = tmp_path / "wire.xml"
    feed.write_text(
        rss([
            (RECOGNITION[0], "https://wire.example.org/a1", RECOGNITION[2],
             f"<p>{RECOGNITION[1]}</p><script>ads()</script>"),
            (HONDURAS[0], "https://wire.example.org/a2", HONDURAS[2], f"<div>{HONDURAS[1]}</div>"),
        ]),
        "utf-8",
    )
    report = kb.ingest_inputs([feed])
    assert report.ok and len(report.articles.added) == 2 and report.records == 2
    first = kb.article(report.articles.added[0])
    assert first.title == RECOGNITION[0]
    assert first.url == "https://wire.example.org/a1"
    assert first.published == "2025-07-04" and first.published_from == "metadata"
    assert first.source_name == "wire.example.org"
    assert "ads()" not in first.text
    assert [(e.source, e.target) for e in kb.events(type="RECOGNIZE")] == [("RUS", "AFG")]
    assert kb.events(type="ESTABLISH_RELATIONS", source="HND")
    again = kb.ingest_inputs([feed])
    assert len(again.articles.duplicates) == 2 and not again.articles.added


def test_atom_file_uses_content(kb: chancery.Chancery, tmp_path: Path) -> None:
    feed = tmp_path / "wire.atom"
    feed.write_text(atom(PALESTINE[0], "https://atom.example.org/p", PALESTINE[2],
                         PALESTINE[1]), "utf-8")
    report = kb.ingest_inputs([feed])
    assert report.ok, report.failures
    assert {e.source for e in kb.events(type="RECOGNIZE", target="PSE")} == {"ESP", "IRL"}


def test_html_to_text_keeps_paragraphs() -> None:
    assert html_to_text("<p>One &amp; two.</p><p>Three<br>four</p><style>x{}</style>") == (
        "One & two.\n\nThree\n\nfour"
    )


def test_feed_url_with_fetch_downloads_pages_and_reports_each_failed_url(
    kb: chancery.Chancery, site: Site
) -> None:
    good = site.add("/world/russia.html", page(RECOGNITION[0], RECOGNITION[1], "2025-07-04"))
    gone = site.url("/world/gone.html")
    pdf = site.add("/world/report.pdf", b"%PDF-1.4 binary", content_type="application/pdf")
    feed = site.add(
        "/feed.xml",
        rss([
            (RECOGNITION[0], good, RECOGNITION[2], "Teaser only."),
            ("Gone", gone, "2025-07-04", "Teaser."),
            ("A report", pdf, "2025-07-04", "Teaser."),
        ]),
        content_type="application/rss+xml",
    )
    report = kb.ingest_inputs([feed], InputOptions(fetch=True))
    assert len(report.articles.added) == 1
    article = kb.article(report.articles.added[0])
    assert article.url == good and article.title == RECOGNITION[0]
    assert "Subscribe to our newsletter" not in article.text  # trafilatura cleaned the page
    assert kb.events(type="RECOGNIZE", source="RUS")
    failures = dict(report.failures)
    assert "HTTP 404" in failures[gone]
    assert "not an HTML page" in failures[pdf]
    assert report.failure_count == 2


def test_feed_url_without_fetch_uses_summaries_and_a_page_url_is_one_article(
    kb: chancery.Chancery, site: Site
) -> None:
    link = site.url("/a.html")
    feed = site.add("/rss", rss([(HONDURAS[0], link, HONDURAS[2], HONDURAS[1])]),
                    content_type="text/xml")
    report = kb.ingest_inputs([feed])
    assert report.ok and len(report.articles.added) == 1
    assert "/a.html" not in site.hits  # summaries only: nothing else downloaded
    direct = site.add("/p.html", page(PALESTINE[0], PALESTINE[1], PALESTINE[2]))
    report = kb.ingest_inputs([direct])
    assert report.ok and len(report.articles.added) == 1
    assert kb.article(report.articles.added[0]).published == "2024-05-28"


def test_fetch_limits_timeouts_size_cap_and_polite_concurrency(site: Site) -> None:
    urls = [site.add(f"/slow{i}.html", page("t", "x"), delay=0.15) for i in range(6)]
    results = list(fetch_many(urls, FetchOptions(concurrency=4, per_host=2)))
    assert [u for u, _ in results] == urls  # input order
    assert all(not isinstance(r, ArticleError) for _, r in results)
    assert site.most_in_flight <= 2  # per_host
    big = site.add("/big.html", "<html>" + "x" * 50_000 + "</html>")
    stall = site.add("/stall.html", page("t", "x"), delay=1.5)
    (_, too_big), (_, stalled), (_, refused) = fetch_many(
        [big, stall, "http://127.0.0.1:9/nothing"], FetchOptions(max_bytes=10_000, timeout=0.3)
    )
    assert isinstance(too_big, ArticleError) and "limit" in too_big.message
    assert isinstance(stalled, ArticleError) and "timed out" in stalled.message
    assert isinstance(refused, ArticleError) and refused.where == "http://127.0.0.1:9/nothing"


def test_not_a_feed_is_one_failure_and_iter_inputs_yields_it(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.xml"
    bogus.write_text("<?xml version='1.0'?><catalog><book/></catalog>", "utf-8")
    (item,) = list(iter_inputs([bogus]))
    assert isinstance(item, ArticleError) and "no feed entries" in item.message


def test_cli_ingest_feed_url_with_fetch(new_db, site: Site, tmp_path: Path) -> None:
    link = site.add("/h.html", page(HONDURAS[0], HONDURAS[1], HONDURAS[2]))
    feed = site.add("/feed", rss([(HONDURAS[0], link, HONDURAS[2], "Teaser.")]),
                    content_type="application/rss+xml; charset=utf-8")
    db = new_db("cli")
    result = CliRunner().invoke(app, ["ingest", feed, "--fetch", "--json", "--db", str(db)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(data["added"]) == 1 and data["records"] == 1 and data["failure_count"] == 0
    assert "/h.html" in site.hits
