"""Date expressions: find them and resolve them against the article's published date.

"on Thursday", "last September", "in April", "Aug. 4", "two years ago", "this week" and
"July 4, 2025" become ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` at the precision the text
gives. Relative expressions need ``doc._.published``; without it they stay unresolved
rather than being guessed. Durations ("four years", "for decades") are not dates.
dateparser handles the spaCy DATE entities that none of our patterns reads.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from chancery.ingest.published import _MONTHS
from chancery.nlp.pipeline import doc_text

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "a": 1, "an": 1,
}  # fmt: skip
_MON = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_PATTERN = re.compile(
    r"|".join(
        [
            rf"(?P<mdy>\b{_MON}\s+{_DAY},?\s+{_YEAR}\b)",
            rf"(?P<dmy>\b{_DAY}\s+(?:of\s+)?{_MON},?\s+{_YEAR}\b)",
            rf"(?P<iso>\b{_YEAR}-[01]\d-[0-3]\d\b)",
            rf"(?P<my>\b(?:(?:early|mid|late|mid-)\s*)?{_MON},?\s+{_YEAR}\b)",
            rf"(?P<md>\b{_MON}\s+{_DAY}\b(?!,?\s*{_YEAR}))",
            rf"(?P<dm>\b{_DAY}\s+(?:of\s+)?{_MON}\b(?!,?\s*{_YEAR}))",
            r"(?P<wd>\b(?:on\s+|last\s+|this\s+|next\s+)?"
            r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b)",
            r"(?P<rel>\b(?:yesterday|last night|today|tonight|earlier today"
            r"|this (?:morning|afternoon|evening)"
            r"|(?:last|this|next|earlier this|later this)"
            r"\s+(?:week|month|year)|(?:(?:more than|over)\s+)?"
            r"(?:a|one|two|three|four|five|six|seven|eight|nine|ten|\d+)"
            r"\s+(?:days?|weeks?|months?|years?)\s+(?:ago|earlier))\b)",
            r"(?P<ord>\bon\s+the\s+(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)\b(?=\s*(?:[,.;:)]|$)))",
            r"(?P<told>\b(?:(?:in|during|by)\s+)?(?:the|that)\s+"
            r"(?:following|same|previous|preceding)\s+(?:month|year)\b)",
            rf"(?P<mly>\b(?:(?:in|early|mid|late|in early|in late|in mid)\s+)?{_MON}\s+"
            r"(?:of\s+)?(?:last|this|next|that|the\s+same|the\s+previous|the\s+following)"
            r"\s+year\b)",
            rf"(?P<mon>\b(?:(?:in|last|this|next|since|early|mid|late|in early|in late|in mid)\s+"
            r"|mid-|(?:(?:at|by|until|from|since|in)\s+)?the\s+(?:end|start|beginning|middle)"
            r"\s+of\s+)"
            rf"(?:{_MON})\b(?!\s+{_DAY}))",
            rf"(?P<year>(?<![-–/\w])(?:(?:in|since|from|by|of|until|during)\s+)?{_YEAR}\b(?!-))",
        ]
    ),
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateMention:
    """A resolved date expression; ``since`` marks "since 2021" (a start, not the event)."""

    start_char: int
    end_char: int
    text: str
    value: str | None
    precision: str | None
    since: bool = False


def _month_of(text: str) -> int | None:
    for word in re.findall(r"[a-z]+", text.lower()):
        if word in _MONTHS:
            return _MONTHS[word]
    return None


def _past_month(month: int, ref: date, last: bool) -> str:
    year = ref.year if month < ref.month or (month == ref.month and not last) else ref.year - 1
    return f"{year:04d}-{month:02d}"


def _day(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def resolve(kind: str, text: str, ref: date | None) -> tuple[str | None, str | None]:
    """(value, precision) of one matched expression; (None, None) when it cannot be placed."""
    low = text.lower()
    numbers = [int(n) for n in re.findall(r"\d+", low)]
    years = [n for n in numbers if n >= 1800]
    days = [n for n in numbers if n < 32]
    month = _month_of(low)
    if kind == "iso":
        return text, "day"
    if kind in {"mdy", "dmy"} and month and years and days:
        return _day(years[0], month, days[0]), "day"
    if kind == "my" and month and years:
        return f"{years[0]:04d}-{month:02d}", "month"
    if kind == "year" and years:
        return f"{years[0]:04d}", "year"
    if ref is None:
        return None, None
    if kind in {"md", "dm"} and month and days:
        value = _day(ref.year, month, days[0])
        if value and date.fromisoformat(value) > ref + timedelta(days=30):
            value = _day(ref.year - 1, month, days[0])
        return value, "day"
    if kind == "wd":
        target = next(i for i, w in enumerate(WEEKDAYS) if w in low)
        back = (ref.weekday() - target) % 7
        if "next" in low:
            return (ref + timedelta(days=(target - ref.weekday()) % 7 or 7)).isoformat(), "day"
        if "last" in low and back == 0:
            back = 7
        return (ref - timedelta(days=back)).isoformat(), "day"
    if kind == "mly" and month:  # "August last year", "in March this year"
        shift = {"last": -1, "this": 0, "next": 1}.get(low.split()[-2])
        if shift is None:
            return None, None  # "that year": placed by find_dates, which knows the text
        return f"{ref.year + shift:04d}-{month:02d}", "month"
    if kind == "mon" and month:
        if "next" in low:
            year = ref.year if month > ref.month else ref.year + 1
            return f"{year:04d}-{month:02d}", "month"
        return _past_month(month, ref, last="last" in low), "month"
    if kind == "rel":
        return _relative(low, ref)
    if kind == "ord" and days:  # "on the 28th": of this month, or of the last one
        value = _day(ref.year, ref.month, days[0])
        if value is None or date.fromisoformat(value) > ref + timedelta(days=1):
            y, m = divmod(ref.year * 12 + ref.month - 2, 12)
            value = _day(y, m + 1, days[0])
        return (value, "day") if value else (None, None)
    return None, None


#: Words for the published day itself.
TODAY_WORDS = {
    "today", "tonight", "earlier today", "this morning", "this afternoon", "this evening",
}  # fmt: skip


def _relative(low: str, ref: date) -> tuple[str | None, str | None]:
    if low in TODAY_WORDS:
        return ref.isoformat(), "day"
    if low in {"yesterday", "last night"}:  # the night before the published morning
        return (ref - timedelta(days=1)).isoformat(), "day"
    count_match = re.match(
        r"((?:more than|over)\s+)?(\w+)\s+(day|week|month|year)s?\s+(?:ago|earlier)", low
    )
    if count_match:
        more, word, unit = count_match.groups()
        # "more than 20 years ago" in 2022 is 2001 or before: one unit further back
        n = (int(word) if word.isdigit() else _NUMBERS.get(word, 1)) + (1 if more else 0)
        if unit == "day":
            return (ref - timedelta(days=n)).isoformat(), "day"
        if unit == "week":
            return (ref - timedelta(weeks=n)).strftime("%Y-%m"), "month"
        if unit == "month":
            y, m = divmod(ref.year * 12 + ref.month - 1 - n, 12)
            return f"{y:04d}-{m + 1:02d}", "month"
        return f"{ref.year - n:04d}", "year"
    shift = -1 if low.startswith("last") else (1 if low.startswith("next") else 0)
    if low.endswith("week"):
        return (ref + timedelta(weeks=shift)).strftime("%Y-%m"), "month"
    if low.endswith("month"):
        y, m = divmod(ref.year * 12 + ref.month - 1 + shift, 12)
        return f"{y:04d}-{m + 1:02d}", "month"
    if low.endswith("year"):
        return f"{ref.year + shift:04d}", "year"
    return None, None


#: What a full date the patterns missed looks like: "05/12/2023", "12th day of May, 2023".
_DATEPARSER_WORTH = re.compile(
    r"\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}|\d.*(?:" + _MON + r")|(?:" + _MON + r").*\d", re.IGNORECASE
)


#: A month and a day with no year ("July 4", "4th of July", often a dateline's): strict
#: dateparser never places it (a date needs its year), so it is not asked. Its first call
#: costs about 0.4 s (import, locale data, regex compiles), in a run that may need it for
#: nothing else.
_NO_YEAR = re.compile(rf"{_MON}[ \n]+{_DAY}|{_DAY}[ \n]+(?:of[ \n]+)?{_MON}", re.IGNORECASE)


@cache
def _dateparser():  # type: ignore[no-untyped-def]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import dateparser

    return dateparser


def _fallback(text: str, ref: date | None) -> tuple[str | None, str | None]:
    """dateparser for DATE entities our patterns miss; only full, plausible dates count."""
    if ref is None or not _DATEPARSER_WORTH.search(text):
        return None, None  # "20 years", "1,200": not a date; skip the slow parser
    if _NO_YEAR.fullmatch(text):
        return None, None  # what STRICT_PARSING gives for it (see _NO_YEAR)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from datetime import datetime

        parsed = _dateparser().parse(
            text,
            languages=["en"],
            settings={
                "RELATIVE_BASE": datetime(ref.year, ref.month, ref.day),
                "PREFER_DATES_FROM": "past",
                "STRICT_PARSING": True,
            },
        )
    if parsed is None:
        return None, None
    return parsed.date().isoformat(), "day"


#: Where a word starts: every alternative of ``_PATTERN`` begins with ``\b`` or
#: ``(?<![-–/\w])`` before a letter or digit, so no match starts anywhere else.
_WORD_START = re.compile(r"\b(?=\w)")


def _matches(text: str) -> Iterator[re.Match[str]]:
    """What ``_PATTERN.finditer(text)`` finds, trying the pattern only where a word starts.

    ``finditer`` tries all ten alternatives at every character (most of the dates
    component's time); ``match`` at a position sees the text before it (``\b``, the
    look-behind) just as the scan does, and no match is empty, so trying only the word
    starts at or after the last match's end gives the same matches.
    """
    end = 0
    for start in _WORD_START.finditer(text):
        pos = start.start()
        if pos < end:
            continue
        match = _PATTERN.match(text, pos)
        if match is not None:
            end = match.end()
            yield match


def _told_shift(low: str) -> int:
    """How far from the date told before: "the following" +1, "the previous" -1, "that" or
    "the same" 0."""
    if "following" in low:
        return 1
    return -1 if "previous" in low or "preceding" in low else 0


def _counted_on(
    low: str, year: int | None, month: str | None
) -> tuple[str | None, str | None]:
    """ "the following month" after "in February 2017": March 2017; "the previous year"
    after "in 2019": 2018. Nothing told before: nothing to count from."""
    shift = _told_shift(low)
    if low.endswith("month"):
        if month is None:
            return None, None
        y, m = divmod(int(month[:4]) * 12 + int(month[5:7]) - 1 + shift, 12)
        return f"{y:04d}-{m + 1:02d}", "month"
    if year is None:
        return None, None
    return f"{year + shift:04d}", "year"


#: Expressions that give their year in full.
_FULL_YEAR_KINDS = {"mdy", "dmy", "iso", "my", "year"}


def find_dates(text: str, ref: date | None, offset: int = 0) -> list[DateMention]:
    """Every date expression in ``text`` (character offsets shifted by ``offset``)."""
    found: list[DateMention] = []
    told_year: int | None = None  # the latest year the text gave in full: "that year"
    told_month: str | None = None  # the latest month it named: "the following month"
    for match in _matches(text):
        kind = match.lastgroup or ""
        raw = match.group(0)
        stripped = raw.strip()
        lead = len(raw) - len(raw.lstrip())
        since = bool(re.match(r"since\b", stripped, re.I))
        clean = re.sub(r"^(?:on|in|since|from|by|of|until|during)\s+", "", stripped, flags=re.I)
        value, precision = resolve(kind, clean, ref)
        if kind == "mly" and value is None and told_year is not None:
            # "in November of that year", "the following year" after "in 2018"
            month = _month_of(clean)
            if month:
                value = f"{told_year + _told_shift(clean.lower()):04d}-{month:02d}"
                precision = "month"
        if kind == "told":
            # "the following month", "that same year": counted from the date told before
            value, precision = _counted_on(clean.lower(), told_year, told_month)
        if kind in _FULL_YEAR_KINDS and value:
            told_year = int(value[:4])
        if value and precision in {"month", "day"} and kind not in {"rel", "wd"}:
            told_month = value[:7]
        if kind == "year" and not re.match(
            r"(?:in|since|from|by|of|until|during)\b", stripped, re.I
        ):
            # a bare number like 2021 may be a count; accept it only when it looks like a year
            value = value if re.fullmatch(r"(?:19|20)\d\d", clean) else None
        start = offset + match.start() + lead
        found.append(
            DateMention(start, start + len(stripped), stripped, value, precision, since=since)
        )
    return found


@Language.component("chancery_dates")
def dates_component(doc: Doc) -> Doc:
    """Mark date expressions in ``doc.spans["dates"]``, resolved values in ``doc._.dates``."""
    from chancery.nlp.mentions import dateline_chars

    ref = doc._.published
    dateline = dateline_chars(doc)  # "New Delhi (India) July 4:" is the publication date
    mentions = [m for m in find_dates(doc_text(doc), ref) if m.start_char not in dateline]
    covered = set()
    for m in mentions:
        covered.update(range(m.start_char, m.end_char))
    for ent in doc.ents:
        if ent.label_ == "DATE" and ent.start_char not in covered:
            value, precision = _fallback(ent.text, ref)
            if value:
                mentions.append(
                    DateMention(ent.start_char, ent.end_char, ent.text, value, precision)
                )
    spans: list[Span] = []
    kept: list[DateMention] = []
    for m in mentions:
        span = doc.char_span(
            m.start_char, m.end_char, label=m.value or "?", alignment_mode="expand"
        )
        if span is not None and m.value:
            spans.append(span)
            kept.append(m)
    doc.spans["dates"] = spans
    doc._.dates = kept
    return doc
