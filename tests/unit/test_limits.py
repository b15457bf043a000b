"""Limits and the pieces they cut: offsets survive every cut, dates and JSON depth are
checked before the expensive step, encodings are decided before the binary test."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import date

import pytest

from chancery.errors import ArticleError
from chancery.extract.run import segments
from chancery.ingest.text import check_usable, decode
from chancery.limits import LIMITS, check_day, json_depth, year_of
from chancery.nlp import prefilter

SMALL = replace(LIMITS, max_parse_chars=400, max_line_chars=100)


@pytest.mark.parametrize(
    "text",
    [
        "Short text.",
        "One sentence that goes on. " * 60,  # one long line: sentence ends
        "word, " * 200,  # clauses only
        "x" * 950,  # a giant token: hard cuts
        ("A paragraph here. " * 4 + "\n\n") * 30,  # paragraphs
        "Mixed line " + "y" * 300 + " then words. " * 20 + "\n" + "z" * 120,
    ],
)
def test_segments_keep_every_character_at_its_offset(text: str) -> None:
    pieces = list(segments(text, SMALL))
    covered = 0
    for offset, piece in pieces:
        assert len(piece) <= SMALL.max_parse_chars
        assert all(len(line) <= SMALL.max_line_chars for line in piece.split("\n"))
        original = text[offset : offset + len(piece)]
        # only blanks may change (into line breaks), never move
        assert len(original) == len(piece)
        assert all(a == b or (a.isspace() and b == "\n") for a, b in zip(original, piece,
                                                                          strict=True))
        assert offset >= covered
        covered = offset + len(piece)
    assert "".join(p for _, p in pieces).replace("\n", "").replace(" ", "") == "".join(
        text.split()
    )


def test_format_characters_are_removed_and_mapped_back() -> None:
    text = "Russia recog\u00adnised the Tali\u200bban\u2060 government\ufeff."
    view = prefilter.without_format_chars(text)
    assert view.text == "Russia recognised the Taliban government."
    for i, char in enumerate(view.text):
        assert text[view.to_article(i)] == char
    plain = prefilter.without_format_chars("no format characters")
    assert plain.text == "no format characters" and plain.to_article(5) == 5


def test_prefilter_is_linear_in_paragraphs() -> None:
    """86k short paragraphs (4.9 MB) took 114 s when the pre-filter was quadratic; the cap
    here is generous, it proves bounded, not fast."""
    paragraphs = [
        f"Russia recognised the Taliban on day {i}." if i % 50 == 0
        else f"The weather in town {i} was fine, said a person in the square."
        for i in range(86_000)
    ]
    text = "\n\n".join(paragraphs)
    assert len(text) > 4_900_000
    started = time.monotonic()
    window = prefilter.select(text)
    for i in range(0, len(window.text), 97):
        window.to_article(i)
    assert time.monotonic() - started < 60
    assert window.text


def test_json_depth_counts_brackets_outside_strings() -> None:
    assert json_depth('{"a": [1, {"b": "[[[[["}]}') == 3
    assert json_depth("[" * 100_000 + "]" * 100_000) == LIMITS.max_json_depth + 1
    assert json_depth(b'{"text": "plain"}') == 1


@pytest.mark.parametrize(
    ("value", "year"),
    [("99991231", 9999), ("0001-01-01", 1), ("2025-07-04T10:00:00Z", 2025),
     (253402300800000, 9999), (1720000000, 2024), (date(2020, 1, 1), 2020), ("July 4", None)],
)
def test_year_of_reads_years_no_date_can_hold(value: object, year: int | None) -> None:
    assert year_of(value) == year


def test_check_day_refuses_outside_the_window() -> None:
    check_day(date(2025, 7, 4), "x")
    check_day("2024-05-28", "x")
    check_day(None, "x")
    for bad in ("9999-12-31", "0001-01-01", "17990101", date(LIMITS.max_year + 1, 1, 1)):
        with pytest.raises(ArticleError, match="outside 1800"):
            check_day(bad, "record 7")


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("Text é".encode("utf-16"), None),
        ("Text é".encode("utf-32"), None),
        (b"\xef\xbb\xbf" + "Text é".encode(), None),
        ("Text é".encode("utf-16-le"), "utf-16-le"),
        ("Text é".encode("cp1252"), "cp1252"),
    ],
)
def test_bom_or_encoding_decides_before_the_binary_test(data: bytes, encoding: str | None) -> None:
    assert decode(data, "f", encoding) == "Text é"


def test_binary_and_undeclared_utf16_are_refused_with_a_fix() -> None:
    with pytest.raises(ArticleError, match="--encoding utf-16"):
        decode("Text".encode("utf-16-le"), "f")


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("", "empty"),
        ("12 34", "empty"),
        ("Hello", "no sentence"),
        ("Россия признала правительство талибов.", "Cyrillic"),
        ("اعترفت روسيا رسميا بحكومة طالبان", "Arabic"),
        ("Russia recognised the Taliban. " * 1000, "repeats its sentences"),
    ],
)
def test_unusable_texts_are_refused_for_their_reason(text: str, phrase: str) -> None:
    with pytest.raises(ArticleError, match=phrase):
        check_usable(text, "f")


def test_a_short_real_sentence_is_an_article() -> None:
    check_usable("Russia recognised Afghanistan.", "f")
