from datetime import date

import pytest

from chancery.nlp.dates import find_dates

FRIDAY = date(2025, 7, 4)


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("on Thursday", "2025-07-03", "day"),
        ("on Friday", "2025-07-04", "day"),
        ("In April 2025", "2025-04", "month"),
        ("in April", "2025-04", "month"),
        ("last September", "2024-09", "month"),
        ("Aug. 4", "2024-08-04", "day"),
        ("July 4, 2025", "2025-07-04", "day"),
        ("4 July 2025", "2025-07-04", "day"),
        ("two years ago", "2023", "year"),
        ("this week", "2025-07", "month"),
        ("last year", "2024", "year"),
        ("yesterday", "2025-07-03", "day"),
        ("last night", "2025-07-03", "day"),
        ("in early June", "2025-06", "month"),
        ("March 2003", "2003-03", "month"),
        ("in 2016", "2016", "year"),
        ("this morning", "2025-07-04", "day"),
        ("earlier today", "2025-07-04", "day"),
        ("on the 2nd.", "2025-07-02", "day"),
        ("on the 28th,", "2025-06-28", "day"),
        ("in August last year", "2024-08", "month"),
        ("September this year", "2025-09", "month"),
        ("in May next year", "2026-05", "month"),
        ("at the end of June", "2025-06", "month"),
        ("in mid-May", "2025-05", "month"),
        ("the beginning of March", "2025-03", "month"),
    ],
)
def test_resolves_against_published(text: str, value: str, precision: str) -> None:
    (found,) = find_dates(text, FRIDAY)
    assert (found.value, found.precision) == (value, precision)


def test_relative_dates_need_a_published_date() -> None:
    (found,) = find_dates("on Thursday", None)
    assert found.value is None


def test_since_is_marked_and_compounds_are_not_years() -> None:
    found = find_dates("since 2003, in post-2021 diplomacy", FRIDAY)
    assert [(d.value, d.since) for d in found] == [("2003", True)]


def test_durations_are_not_dates() -> None:
    assert find_dates("after 20 years of war", FRIDAY) == []


def test_an_ordinal_before_a_noun_is_no_date() -> None:
    assert find_dates("the 21st century, on the 5th floor", FRIDAY) == []


def test_word_start_scan_finds_what_finditer_finds() -> None:
    """``_matches`` tries the pattern only at word starts; the matches must be those of
    a full scan, whatever precedes them (hyphens, slashes, digits, other words)."""
    import random

    from chancery.nlp.dates import _PATTERN, _matches

    words = ["on", "in", "since", "Monday", "Jan.", "January", "4", "4th", "2021", "1999-05-03",
             "-2020", "2020-", "/2019", "–2018", "last", "week", "two", "years", "ago", "more",
             "than", "of", "May", "mid-", "early", ",", "x2020", "today", "ſince", "12/05/2023",
             "(", "\n", "Sept", "31st", "32", "later this", "over"]  # fmt: skip
    rnd = random.Random(7)
    for _ in range(3000):
        text = "".join(
            rnd.choice(words) + rnd.choice([" ", "", "\n", ", "]) for _ in range(rnd.randint(1, 10))
        )
        full = [(m.span(), m.lastgroup) for m in _PATTERN.finditer(text)]
        assert [(m.span(), m.lastgroup) for m in _matches(text)] == full, text


@pytest.mark.parametrize(
    "text", ["July 4", "Aug. 4th", "4 July", "21st of Sept", "MAY 28", "03 march", "July\n4"]
)
def test_a_month_and_day_without_a_year_is_what_strict_dateparser_gives(text: str) -> None:
    """The shortcut that spares dateparser's first call (0.4 s) gives what it would."""
    import chancery.nlp.dates as dates

    assert dates._NO_YEAR.fullmatch(text)
    assert dates._fallback(text, FRIDAY) == (None, None)
    parsed = dates._dateparser().parse(
        text, languages=["en"], settings={"STRICT_PARSING": True, "PREFER_DATES_FROM": "past"}
    )
    assert parsed is None


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("Riyadh expelled the envoy in August 2018. The following month Ottawa protested.",
         "2018-09", "month"),
        ("The talks collapsed in 2019. In the following year they resumed.", "2020", "year"),
        ("The embassy shut in 2017. It reopened in November of that year.", "2017-11", "month"),
        ("Ties were cut in March 2021, and in the same month flights stopped.", "2021-03",
         "month"),
        ("The following month, tensions eased.", None, None),  # nothing told to count from
    ],
)  # fmt: skip
def test_a_date_counted_from_the_one_told_before(
    text: str, value: str | None, precision: str | None
) -> None:
    found = find_dates(text, FRIDAY)
    assert (found[-1].value, found[-1].precision) == (value, precision)
