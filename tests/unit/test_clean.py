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


BODY = [
    "Ankara named a career diplomat as its ambassador to Cairo on Tuesday, the first such "
    "appointment in a decade, the Turkish foreign ministry said in a statement.",
    "Egypt announced its own nominee for Ankara later the same day, completing a thaw that "
    "began with a handshake between the two presidents at the World Cup in Qatar.",
    "Both governments said the move would open the way for closer trade and security ties "
    "after years in which relations were run by charges d'affaires.",
]


def test_inline_read_more_link_drops_alone() -> None:
    raw = "\n\n".join([*BODY, "Read more: How the Gulf rift was mended", *BODY[:1]])
    text = clean_text(raw)
    assert "Read more" not in text and "Gulf rift" not in text
    assert text.count("career diplomat") == 2  # the story after the link is kept


def test_inline_also_read_link_drops_alone() -> None:
    # "Also read: ..." matches a whole-line end pattern; with prose after it, it is a link
    raw = "\n\n".join([*BODY, "Also read: Ankara and Cairo swap envoys", *BODY[:1]])
    text = clean_text(raw)
    assert "Also read" not in text and text.count("career diplomat") == 2


def test_related_block_at_the_end_is_cut() -> None:
    teasers = ["Read more: Turkey and Egypt swap envoys", "Israel recognises a new state"]
    text = clean_text("\n\n".join([*BODY, *teasers]))
    assert "handshake" in text and "recognises" not in text and "swap envoys" not in text
    # a bare marker cuts whatever follows it, prose included
    text = clean_text("\n\n".join([*BODY, "Related News", *BODY[:1]]))
    assert text.count("career diplomat") == 1


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


def test_site_menus_go_and_headlines_with_one_separator_stay() -> None:
    raw = (
        "THE DAILY\nHome | World | Colombia | Ecuador | Opinion\n\n"
        "Home > News > Americas\n\n"
        "Bogota and Caracas reopen border | The Daily\n\n"
        "Colombia and Venezuela reopened their border on Monday, seven years after it closed."
    )
    text = clean_text(raw)
    assert "Ecuador" not in text and "Americas" not in text
    assert "reopen border | The Daily" in text
    assert "reopened their border on Monday" in text
