"""Strip the junk that crawled pages carry and compute an article's identity.

Crawled plain text ends (and sometimes starts) with navigation, broker ads, channel
promotions, "related news" lists and spam links. Paragraphs are dropped when they
match the boilerplate lexicon in ``data/boilerplate.txt`` (one regular expression a
line), and a trailing "related" block is cut off entirely, so none of it yields events.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import cache
from importlib import resources

_PARA_SPLIT = re.compile(r"\n\s*\n")
_WS = re.compile(r"[ \t\u00a0]+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")
#: Control characters are never text: NUL and the other C0 codes (tab, line breaks and
#: form/vertical feeds excepted, the feeds becoming line breaks) and DEL are dropped.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_FEEDS = re.compile(r"[\x0b\x0c\x85\u2028\u2029]")


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(junk paragraph pattern, end-of-article marker pattern) from the data file."""
    junk: list[str] = []
    tail: list[str] = []
    text = resources.files("chancery.data").joinpath("boilerplate.txt").read_text("utf-8")
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("END:"):
            tail.append(line[4:].strip())
        else:
            junk.append(line)
    return (
        re.compile("|".join(f"(?:{p})" for p in junk), re.IGNORECASE),
        re.compile("|".join(f"(?:{p})" for p in tail), re.IGNORECASE),
    )


def _is_sentence_like(para: str) -> bool:
    words = para.split()
    return len(words) >= 6 and bool(re.search(r"[.!?\"”’:]\s*$", para.strip()))


#: A paragraph this short that is an end marker is a bare heading ("Related News", "Also
#: read:"); longer, it carries a headline (an inline link).
BARE_MARKER_WORDS = 3


def _is_prose(para: str) -> bool:
    """A paragraph of the story itself, not a related headline or teaser line."""
    return _is_sentence_like(para) and len(para.split()) >= 15


#: What separates a site menu's items: "Colombia | Venezuela | Peru | Economy".
_MENU_SPLIT = re.compile(r"\s+[|•·»>]\s+")
#: A menu has at least this many items, none longer than MENU_ITEM_WORDS words.
MENU_ITEMS = 3
MENU_ITEM_WORDS = 4


def _is_menu(line: str) -> bool:
    """A line of site navigation ("Home | World | Colombia | Ecuador"): its country names
    are no actors of the story. A headline with one separator ("Story | Outlet") stays."""
    items = [i for i in _MENU_SPLIT.split(line.strip()) if i]
    return len(items) >= MENU_ITEMS and all(
        len(i.split()) <= MENU_ITEM_WORDS and not i.rstrip().endswith((".", "!", "?"))
        for i in items
    )


def clean_text(text: str) -> str:
    """Return the article text without boilerplate, paragraphs separated by blank lines.

    Character offsets of evidence refer to this cleaned text, which is what is stored.
    """
    text = _CONTROL.sub("", text)
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _FEEDS.sub("\n", text)
    junk, tail = _patterns()
    kept: list[str] = []
    body_seen = 0
    paras = [
        "\n".join(
            _WS.sub(" ", line).strip() for line in raw.strip().split("\n") if not _is_menu(line)
        ).strip()
        for raw in _PARA_SPLIT.split(text)
    ]
    for i, para in enumerate(paras):
        if not para:
            continue
        marker = tail.fullmatch(para) is not None
        if marker and len(para.split()) <= BARE_MARKER_WORDS:
            break  # "Related News", "See also", ...: the rest is not the article
        if (marker or body_seen >= 3) and tail.match(para):
            if any(_is_prose(p) for p in paras[i + 1 :]):
                # "Read more: <headline>", "Also read: <headline>" between paragraphs: a
                # link, not the end
                continue
            break
        if junk.search(para):
            # a paragraph of several sentences keeps its news; only promotional ones go
            para = " ".join(s for s in _SENTENCE_END.split(para) if not junk.search(s))
            if not para:
                continue
        if _is_sentence_like(para):
            body_seen += 1
        kept.append(para)
    return "\n\n".join(kept)


def normalise_for_identity(text: str) -> str:
    """What two copies of one article share: case, punctuation and spacing removed."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.findall(r"\w+", folded))


def article_id(text: str) -> str:
    """Stable id from the normalised text: the same article ingested twice is one row."""
    digest = hashlib.sha256(normalise_for_identity(text).encode("utf-8")).hexdigest()
    return digest[:16]
