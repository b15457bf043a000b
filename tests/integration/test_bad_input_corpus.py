"""A generated corpus of bad input, each kind beside one good article.

Every case is built here (no committed blobs) and says what must happen to it: go in
(``ADDED``), or fail with a message naming it that contains a given phrase. Cases that
share command-line options run in one ``chancery ingest --json`` process over one folder
(a spaCy model load is seconds), which must exit with the expected code within a
generous time cap, print no traceback, and store the good article beside them.
"""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

import chancery
from chancery.limits import LIMITS

GOOD = (
    "Spain, Ireland and Norway formally recognised the State of Palestine on Tuesday, "
    "28 May 2024, a step Israel condemned. The Palestinian Authority welcomed the decision."
)
RUSSIA = (
    "Russia formally recognised the Taliban government of Afghanistan on Thursday, the "
    "foreign ministry in Moscow said. The case {name} was filed by the desk."
)
ADDED = "ADDED"
CAP_S = 240  # generous: proves "bounded", not fast


@dataclass(frozen=True)
class Case:
    """One kind of bad input: a file name, its bytes, and what must become of it."""

    name: str
    data: bytes | Callable[[Path], None]
    expect: str  # ADDED, or a phrase the failure message must contain
    event: bool = False  # when added: a RECOGNIZE RUS -> AFG claim must be found in it


def russia(name: str, mangle: Callable[[str], str] = lambda t: t) -> bytes:
    return mangle(RUSSIA.format(name=name)).encode("utf-8")


def _sparse(size: int) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        with path.open("wb") as fh:
            fh.seek(size)
            fh.write(b"x")

    return write


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def _deep_html(depth: int, inner: str) -> bytes:
    return (
        "<html><head><title>Deep page</title></head><body>"
        + "<div>" * depth + inner + "</div>" * depth + "</body></html>"
    ).encode()


def _records(*records: object) -> bytes:
    return "".join(json.dumps(r) + "\n" for r in records).encode()


def _gz(data: bytes) -> bytes:
    return gzip.compress(data)


def _warc_truncated() -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for i in range(5):
        body = (
            f"<html><head><title>Story {i}</title></head><body><article><p>"
            + RUSSIA.format(name=f"warc {i}") + "</p></article></body></html>"
        ).encode()
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            f"https://news.example.org/{i}", "response", payload=io.BytesIO(body),
            length=len(body), http_headers=http,
        ))
    data = buf.getvalue()
    return data[: len(data) // 2]  # mid-record: the five records are about equally long


def _text_record(name: str, **extra: object) -> dict[str, object]:
    return {"title": name, "text": RUSSIA.format(name=name), **extra}


SOFT = "recog\u00adnised"
#: plain article files: one process, default options
ARTICLES: list[Case] = [
    Case("empty.txt", b"", "file is empty"),
    Case("whitespace.txt", b"  \n\t \r\n  ", "file is empty"),
    Case("binary.txt", bytes(range(256)) * 4, "binary"),
    Case("png.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "binary"),
    Case("pdf.txt", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\x00\x00stream", "binary"),
    Case("utf16_no_bom.txt", RUSSIA.format(name="u16").encode("utf-16-le"), "--encoding utf-16"),
    Case("utf16le_bom.txt", RUSSIA.format(name="u16le").encode("utf-16"), ADDED, event=True),
    Case("utf16be_bom.txt", b"\xfe\xff" + RUSSIA.format(name="be").encode("utf-16-be"), ADDED),
    Case("utf32_bom.txt", RUSSIA.format(name="u32").encode("utf-32"), ADDED, event=True),
    Case("utf8_bom.txt", b"\xef\xbb\xbf" + russia("u8bom"), ADDED, event=True),
    Case("latin1.txt", "Le ministre a déclaré que la France reconnaît".encode("latin-1"),
         "--encoding"),
    Case("cp1252_quotes.txt", b"Russia \x93formally\x94 recognised the Taliban.", "UTF-8"),
    Case("mixed_newlines.txt", russia("crlf", lambda t: t.replace(". ", ".\r\n\r\n", 1))
         + b"\rMore text.\nAnd more.\r\n", ADDED, event=True),
    Case("nul_late.txt", russia("nul late") + b" " + b"The talks in the capital went on "
         b"and the ministers said that it was useful. " * 120 + b"\x00\x00 The end.", ADDED),
    Case("nul_early.txt", b"Russia\x00 recognised", "binary"),
    Case("control_chars.txt", russia("ctl", lambda t: t.replace("Thursday", "Thurs\x07day\x1b")),
         ADDED, event=True),
    Case("form_feed.txt", russia("ff", lambda t: t.replace(". ", ".\x0c", 1)), ADDED),
    Case("big_file.txt", _sparse(LIMITS.max_file_bytes + 10), "MB limit"),
    Case("line_1_5mb.txt", b"".join(b"On day %d ministers met in hall %d. " % (i, i * 7)
                                     for i in range(40_000)), "characters, over the"),
    Case("token_3mb.txt", b"A" * 3_000_000, "characters, over the"),
    Case("repeated_1_2mb.txt", b"Russia recognised the Taliban. " * 40_000, "over the"),
    Case("repeated_30k.txt", b"Russia recognised the Taliban government. " * 800,
         "repeats its sentences"),
    Case("short_real_sentence.txt", b"Russia recognised Afghanistan.", ADDED, event=True),
    Case("one_word.txt", b"Hello", "no sentence"),
    Case("punctuation_only.txt", b"!!! ??? ... --- ***", "empty"),
    Case("digits_only.txt", b"12345 67890 2025 07 04", "empty"),
    Case("russian.txt", ("Россия признала правительство талибов в Афганистане. " * 5).encode(),
         "Cyrillic"),
    Case("chinese.txt", ("俄罗斯正式承认阿富汗塔利班政府。外交部在莫斯科表示。" * 5).encode(),
         "Cjk"),
    Case("arabic.txt", ("اعترفت روسيا رسميا بحكومة طالبان في أفغانستان. " * 5).encode(),
         "Arabic"),
    Case("french.txt", ("La France a fermé son ambassade au Niger jusqu'à nouvel ordre, a "
                        "annoncé mardi le ministère des Affaires étrangères. " * 4).encode(),
         "English"),
    Case("soft_hyphen.txt", russia("shy", lambda t: t.replace("recognised", SOFT)), ADDED,
         event=True),
    Case("zero_width_space.txt", russia("zwsp", lambda t: t.replace("Taliban", "Tali\u200bban")),
         ADDED, event=True),
    Case("zero_width_joiner.txt", russia("zwj", lambda t: t.replace("Russia", "Rus\u200dsia")),
         ADDED, event=True),
    Case("zero_width_non_joiner.txt",
         russia("zwnj", lambda t: t.replace("recognised", "recog\u200cnised")), ADDED, event=True),
    Case("word_joiner.txt", russia("wj", lambda t: t.replace("formally", "for\u2060mally")),
         ADDED, event=True),
    Case("bidi_marks.txt", russia("bidi", lambda t: t.replace("Russia", "\u200fRussia\u200e")
                                  .replace("Taliban", "\u202aTaliban\u202c")), ADDED, event=True),
    Case("bidi_isolates.txt", russia("iso", lambda t: t.replace("Afghanistan",
                                                               "\u2066Afghanistan\u2069")),
         ADDED, event=True),
    Case("bom_inside.txt", russia("feff", lambda t: t.replace("recognised", "recog\ufeffnised")),
         ADDED, event=True),
    Case("deep.html", _deep_html(300, "<p>" + RUSSIA.format(name="deep") + "</p>"), ADDED,
         event=True),
    Case("deep_empty.html", _deep_html(300, ""), "levels deep"),
    Case("empty.html", b"<html><head></head><body></body></html>", "no article text"),
    Case("script_only.html", b"<html><body><script>var a = 1;</script></body></html>",
         "no article text"),
]

#: dumps, crawls and archives: one process, default options
DUMPS: list[Case] = [
    Case("deep.jsonl", _records(_text_record("jsonl ok")) + (
        '{"text": ' + _nested(100_000) + "}\n").encode(), "nested more than"),
    Case("bad.jsonl", b'{"text": "unterminated\n' + _records(_text_record("jsonl after bad")),
         "not valid JSON"),
    Case("date_9999.jsonl", _records(_text_record("d9999", date="99991231")), "outside"),
    Case("date_0001.jsonl", _records(_text_record("d0001", date="0001-01-01")), "outside"),
    Case("date_epoch.jsonl", _records(_text_record("epoch", date=253402300800000)), "outside"),
    Case("list_record.jsonl", b"[1, 2, 3]\n", "not an object"),
    Case("no_text.jsonl", _records({"title": "nothing here"}), "no text"),
    Case("huge_text.jsonl", _records({"text": "On day one ministers met. " * 50_000}),
         "characters, over the"),
    Case("deep_array.json", ("[" + json.dumps(_text_record("array ok")) + ", {\"text\": "
                             + _nested(50_000) + "}]").encode(), "nested more than"),
    Case("deep_object.json", ('{"items": ' + _nested(100_000) + "}").encode(), "nested more than"),
    Case("truncated.jsonl.gz", _gz(_records(*[_text_record(f"gz {i}") for i in range(40)]))[:-30],
         "cannot read on"),
    Case("bomb.jsonl.gz", _gz(b"\n" * 30_000_000), "inflates"),
    Case("unclosed_quote.csv", (
        'title,text\nA,"' + RUSSIA.format(name="csv a") + '"\nB,"never closed\n'
        'C,' + RUSSIA.format(name="csv c").replace(",", "") + "\n").encode(), "never closed"),
    Case("csv_no_text.csv", ("title,text\nA,\"" + RUSSIA.format(name="csv ok") + "\"\nB,\n")
         .encode(), ".csv:3"),
    Case("truncated.warc.gz", _warc_truncated(), "ends inside a record"),
]


def _build(folder: Path, cases: list[Case]) -> None:
    folder.mkdir(parents=True)
    (folder / "good.txt").write_text(GOOD, "utf-8")
    for case in cases:
        path = folder / case.name
        if callable(case.data):
            case.data(path)
        else:
            path.write_bytes(case.data)


def _ingest(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-c", "from chancery.cli import main; main()", "ingest", "--json",
           "--db", str(db), *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=CAP_S, check=False)


def _rows(db: str | Path) -> list[tuple[str, str, str, str, int, int, str]]:
    with chancery.open(db, readonly=True) as kb:
        return [tuple(r) for r in kb.store.conn.execute(
            "SELECT a.path, c.type, c.source, coalesce(c.target, ''), c.start, c.\"end\", a.text "
            "FROM articles a LEFT JOIN claims c ON c.article_id = a.id ORDER BY a.path, c.id"
        ).fetchall()]


def _check_group(folder: Path, cases: list[Case], db: Path) -> None:
    done = _ingest(str(folder), db=db)
    assert done.returncode == 1, done.stderr[-2000:]
    assert "Traceback" not in done.stderr + done.stdout
    report = json.loads(done.stdout)
    failed: dict[str, str] = {}
    for where, message in report["failures"]:
        name = Path(where.split("#")[0].split("@")[0].split(" ")[0]).name.split(":")[0]
        failed.setdefault(name, "")
        failed[name] += message + "\n"
    rows = _rows(db)
    stored = {Path(r[0].split(":")[0].split("#")[0]).name for r in rows if r[0]}
    assert "good.txt" in stored and "good.txt" not in failed
    problems = []
    for case in cases:
        if case.expect == ADDED:
            if case.name in failed or case.name not in stored:
                problems.append(f"{case.name}: not added ({failed.get(case.name)})")
            elif case.event and not any(
                Path(r[0]).name == case.name and r[1:4] == ("RECOGNIZE", "RUS", "AFG")
                for r in rows
            ):
                problems.append(f"{case.name}: RUS recognises AFG not found")
        elif case.expect not in failed.get(case.name, ""):
            problems.append(f"{case.name}: expected {case.expect!r}, got {failed.get(case.name)!r}")
    assert not problems, "\n".join(problems)
    for path, _type, _src, _tgt, _start, _end, text in rows:
        assert "\x00" not in text, f"{path}: NUL stored"


def test_article_files_each_fail_alone_with_their_reason(new_db, tmp_path: Path) -> None:
    _build(tmp_path / "in", ARTICLES)
    _check_group(tmp_path / "in", ARTICLES, new_db("kb"))
    # format characters stay in the stored text, and evidence offsets point at them
    for path, type_, _s, _t, start, end, text in _rows(new_db("kb")):
        if Path(path).name == "soft_hyphen.txt" and type_ == "RECOGNIZE":
            assert SOFT in text[start:end]
            assert text[start:end].startswith("Russia")


def test_dumps_and_archives_lose_only_their_bad_records(new_db, tmp_path: Path) -> None:
    _build(tmp_path / "in", DUMPS)
    _check_group(tmp_path / "in", DUMPS, new_db("kb"))
    rows = _rows(new_db("kb"))
    paths = {r[0] for r in rows}
    # the good records beside the bad ones went in, under their own line or index
    assert any(p.endswith("deep.jsonl:1") for p in paths)
    assert any(p.endswith("bad.jsonl:2") for p in paths)
    assert any(p.endswith("deep_array.json#0") for p in paths)
    assert any(p.endswith("unclosed_quote.csv:2") for p in paths)
    assert any(p.endswith("unclosed_quote.csv:4") for p in paths), paths  # not swallowed
    assert sum("truncated.warc.gz" in p for p in paths) >= 2


@pytest.mark.parametrize(
    ("value", "phrase"),
    [
        ("9999-12-31", "outside 1800.."),
        ("0001-01-01", "outside 1800.."),
        ("2025-13-45", "cannot read the date"),
    ],
)
def test_published_out_of_range_is_one_clear_error(
    new_db, tmp_path: Path, value: str, phrase: str
) -> None:
    (tmp_path / "good.txt").write_text(GOOD, "utf-8")
    done = _ingest(str(tmp_path / "good.txt"), "--published", value, db=new_db("kb"))
    assert done.returncode == 1
    assert phrase in done.stderr and "Traceback" not in done.stderr
    # nothing was half-done: the good article goes in once the date is right
    again = _ingest(str(tmp_path / "good.txt"), "--published", "2024-05-28", db=new_db("kb"))
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["added"]


def test_encoding_option_is_honoured_before_the_binary_test(new_db, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_bytes(GOOD.encode("utf-16-le"))
    (folder / "russia.txt").write_bytes(RUSSIA.format(name="le").encode("utf-16-le"))
    done = _ingest(str(folder), "--encoding", "utf-16-le", db=new_db("kb"))
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["added"]) == 2
    bogus = _ingest(str(folder), "--encoding", "no-such-codec", db=new_db("kb2"))
    assert bogus.returncode == 1
    messages = [m for _, m in json.loads(bogus.stdout)["failures"]]
    assert len(messages) == 2 and all("unknown encoding" in m for m in messages)


def test_long_lines_and_giant_tokens_are_cut_not_fatal(new_db, tmp_path: Path) -> None:
    """Over max_parse_chars and max_line_chars, parsed in pieces: every part is read."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, "utf-8")
    line = " ".join(f"Delegates from town {i} met in hall {i % 97} and spoke." for i in range(2600))
    (folder / "one_line.txt").write_text(line + " " + RUSSIA.format(name="long line"), "utf-8")
    (folder / "token.txt").write_text(
        "x" * (LIMITS.max_parse_chars * 2) + "\n\n" + RUSSIA.format(name="token"), "utf-8"
    )
    done = _ingest(str(folder), "--no-prefilter", db=new_db("kb"))
    assert done.returncode == 0, done.stderr[-2000:]
    assert len(json.loads(done.stdout)["added"]) == 3
    rows = _rows(new_db("kb"))
    for name in ("one_line.txt", "token.txt"):
        claims = [r for r in rows if Path(r[0]).name == name and r[1] == "RECOGNIZE"]
        assert claims, name
        for _p, _t, source, target, start, end, text in claims:
            assert (source, target) == ("RUS", "AFG")
            assert text[start:end].startswith("Russia formally recognised")


def test_corpus_has_at_least_fifty_kinds() -> None:
    kinds = {c.name for c in ARTICLES + DUMPS} | {"published 9999", "published 0001",
                                                 "published bad", "encoding honoured",
                                                 "unknown encoding", "long line", "giant token"}
    assert len(kinds) >= 50
