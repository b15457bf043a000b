from pathlib import Path

from chancery.ingest.clean import article_id, clean_text
from chancery.ingest.published import find_published

from ..conftest import DEV


def test_seed_junk_is_removed() -> None:
    raw = (DEV / "000_c8e841ec71d8b6d7.txt").read_text("utf-8")
    text = clean_text(raw)
    assert "formally recognise the Taliban government" in text
    for junk in ("IPO", "Demat", "Telegram Channel", "onlyfans", "Related News"):
        assert junk not in text


def test_long_paragraph_keeps_its_news_sentences() -> None:
    para = (
        "Kyrgyzstan's foreign minister said on September 6 that the country had taken the "
        "Taliban off its terrorist list, a step welcomed in Kabul a day earlier by officials. "
        "To read the original story by our service, click here."
    )
    text = clean_text(para * 1)
    assert "terrorist list" in text and "click here" not in text


def test_identity_ignores_spacing_and_case() -> None:
    assert article_id("Russia  recognises\nthe Taliban.") == article_id(
        "russia recognises the taliban"
    )


def test_published_dates_from_text(tmp_path: Path) -> None:
    assert str(find_published("Title\n\n    04/Jul/2025\n\nBody")[0]) == "2025-07-04"
    assert str(find_published("Published: Sat 24 Aug 2024, 9:29 AM\nBody")[0]) == "2024-08-24"
    dateline = "New Delhi (India) July 4: The Taliban ... In April 2025, Moscow ..."
    assert find_published(dateline) == (find_published(dateline)[0], "dateline")
    assert str(find_published(dateline)[0]) == "2025-07-04"
    assert find_published("No date anywhere in this text.") == (None, "unknown")
