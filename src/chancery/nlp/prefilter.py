"""A cheap first pass over raw text: which parts of an article are worth parsing at all.

Most news is not diplomatic, and parsing is the expensive step. Before spaCy runs, two
Aho–Corasick automata scan the text once: one over the word forms of every trigger in
``data/triggers.tsv`` (with the irregular forms listed in ``data/trigger_forms.txt``),
one over every actor alias. An article with no trigger or no actor is not parsed. In
the rest, a paragraph is kept when a trigger pattern could fire in it (its word, the
object it needs and its context all occur) next to an actor name (in it or in the
paragraph before); the paragraph before is kept too, so that pronouns ("it removed
them") and dates given once for both can still be resolved. Once an article is clearly
diplomatic (two such paragraphs), every paragraph that names an actor is kept as well.
Kept neighbours keep their own separator, so paragraphs stay what they were.

The kept paragraphs are joined into a shorter text and a :class:`Window` maps every
character of it back to the article, so evidence offsets stay exact.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cache

import ahocorasick

from chancery.extract.lexicon import default_lexicon, irregular_forms
from chancery.extract.roles import OF_HEADS, PERSON_HEADS
from chancery.nlp.actors import ActorTable

#: A paragraph ends at a blank line, or at a line break after the end of a sentence (many
#: crawled pages put one paragraph a line); a hard-wrapped sentence is not split.
_PARA = re.compile(r"\n\s*\n|(?<=[.!?\"”’])[ \t]*\n")
_WORD_CHARS = re.compile(r"\w")
#: The two words after a match: "French government", "Afghan interim government".
_NEXT_WORDS = re.compile(r"[\s-]+(\w+)(?:[\s-]+(\w+))?")


def _stems(lemma: str) -> set[str]:
    """Prefixes that every inflected form of ``lemma`` starts with."""
    stems = {lemma}
    if lemma.endswith("e") and len(lemma) > 3:
        stems.add(lemma[:-1])  # recognise -> recognis(ed|ing)
    if lemma.endswith("y") and len(lemma) > 3:
        stems.add(lemma[:-1] + "i")  # ally -> allies
    stems.update(irregular_forms().get(lemma, []))
    return stems


@cache
def _automaton() -> ahocorasick.Automaton:
    """Every stem of every trigger and "needs" word, mapped to the lemmas it stands for."""
    lemmas: dict[str, set[str]] = {}
    for trig in default_lexicon().triggers:
        for lemma in trig.lemmas | trig.needs:
            for stem in _stems(lemma):
                lemmas.setdefault(stem, set()).add(lemma)
    auto = ahocorasick.Automaton()
    for stem, words in lemmas.items():
        auto.add_word(stem, (stem, frozenset(words)))
    auto.make_automaton()
    return auto


def _lemmas_by_span(lower: str, spans: list[tuple[int, int]]) -> list[set[str]]:
    """The trigger lemmas whose word forms start a word in each span, in one pass.

    One scan of the whole text, each match put into its span: scanning span by span
    (``Automaton.iter(text, start, end)``) costs the length of the whole text per call,
    which made the pre-filter quadratic in the number of paragraphs.
    """
    found: list[set[str]] = [set() for _ in spans]
    starts = [a for a, _ in spans]
    for stop, (stem, words) in _automaton().iter(lower):
        begin = stop - len(stem) + 1
        if not _has_word_start(lower, begin):
            continue
        i = bisect.bisect_right(starts, begin) - 1
        if i >= 0 and begin < spans[i][1] and stop < spans[i][1]:
            found[i] |= words
    return found


def _hot(lower: str, start: int, end: int, words: set[str]) -> bool:
    """Could a trigger pattern fire in this paragraph: its word, its object, its context?"""
    if not words:
        return False
    for trig in default_lexicon().triggers:
        if not trig.lemmas & words:
            continue
        if trig.needs and not trig.needs & words:
            continue
        if trig.context and not trig.context.search(lower, start, end):
            continue
        return True
    return False


#: Nouns after a nationality adjective that make it a state's ("the French government",
#: "Afghan envoy"), not a brand's or a person's ("a German sportswear maker").
STATE_NOUNS = (
    PERSON_HEADS
    | OF_HEADS
    | {
        "embassy", "consulate", "mission", "troops", "soldiers", "navy", "air", "police",
        "parliament", "cabinet", "administration", "regime", "junta", "side", "diplomats",
        "officials", "leaders", "ministers", "forces", "counterpart", "prime", "defence",
        "defense", "interior", "crown", "court", "sanctions", "strikes",
    }
)  # fmt: skip


@cache
def _actor_automata() -> tuple[ahocorasick.Automaton, ahocorasick.Automaton]:
    """(case-insensitive aliases, case-sensitive acronyms such as "US" and "UN"), each
    word mapped to (alias, is it a demonym)."""
    folded = ahocorasick.Automaton()
    exact = ahocorasick.Automaton()
    table = ActorTable.default()
    for alias in table.aliases():
        if alias.kind == "title" or not alias.code:
            continue
        value = (alias.text, alias.kind == "demonym")
        if alias.case_sensitive:
            exact.add_word(alias.text, value)
        else:
            folded.add_word(alias.text.lower(), value)
    for surname in table.surnames():  # "Modi and Muizzu last met ...": in title case only
        exact.add_word(surname.title(), (surname.title(), False))
    for auto in (folded, exact):
        if len(auto) == 0:
            auto.add_word("\x00", ("\x00", False))
        auto.make_automaton()
    return folded, exact


def _has_word_start(text: str, start: int) -> bool:
    return start == 0 or not _WORD_CHARS.match(text[start - 1])


def has_actor(text: str, *, named_only: bool = False) -> bool:
    """Does any actor alias occur as a whole word? With ``named_only``, an adjective of
    nationality counts only before a state's noun ("the French government")."""
    folded, exact = _actor_automata()
    for source, auto in ((text.lower(), folded), (text, exact)):
        for end, (alias, demonym) in auto.iter(source):
            start = end - len(alias) + 1
            after = end + 1
            if not _has_word_start(source, start) or (
                after < len(source) and _WORD_CHARS.match(source[after])
            ):
                continue
            if not (named_only and demonym):
                return True
            following = _NEXT_WORDS.match(source, after)
            if following and {w.lower() for w in following.groups() if w} & STATE_NOUNS:
                return True
    return False


@dataclass(frozen=True)
class Window:
    """The parts of an article worth parsing, and how to map offsets back."""

    text: str
    #: (offset in ``text``, offset in the article) at the start of each kept piece
    pieces: tuple[tuple[int, int], ...]
    _starts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # built once: rebuilding it per lookup made mapping back quadratic
        object.__setattr__(self, "_starts", tuple(p[0] for p in self.pieces))

    def to_article(self, offset: int) -> int:
        i = bisect.bisect_right(self._starts, offset) - 1
        local, original = self.pieces[max(i, 0)]
        return original + offset - local

    @property
    def empty(self) -> bool:
        return not self.text


def select(text: str) -> Window:
    """Keep the headline and each paragraph where a trigger could fire near an actor.

    Each kept paragraph brings the paragraph before it, for the pronouns, nouns and
    dates that refer back to it.
    """
    lower = text.lower()
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _PARA.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    lemmas = _lemmas_by_span(lower, spans)
    hot = [i for i, (a, b) in enumerate(spans) if _hot(lower, a, b, lemmas[i])]
    if not hot or not has_actor(text):
        return Window("", ())
    named = [has_actor(text[a:b], named_only=True) for a, b in spans]
    keep = {0}
    for i in hot:
        if named[i] or (i and named[i - 1]):
            # with the paragraph before: "It removed them from its list" (who is "it"?),
            # "On Thursday, ... The recognition ..." (a date given once for both)
            keep.update({i - 1, i} if i else {i})
    if keep == {0} and not _hot(lower, *spans[0], lemmas[0]):
        return Window("", ())
    # In a clearly diplomatic article (two or more such paragraphs), every paragraph naming
    # an actor may hold an event our patterns do not know yet ("made their people
    # vulnerable to ..."): keep them. A story with one stray trigger keeps only that.
    if sum(1 for i in hot if named[i]) >= 2:
        keep.update(i for i, n in enumerate(named) if n)
    pieces: list[tuple[int, int]] = []
    parts: list[str] = []
    length = 0
    previous_end = None
    for i in sorted(keep):
        a, b = spans[i]
        if length:
            # neighbours keep their own separator (one paragraph or a line break stays
            # what it was); pieces with text cut between them become separate paragraphs
            gap = text[previous_end:a] if previous_end is not None else ""
            separator = gap if gap and not gap.strip() else "\n\n"
            parts.append(separator)
            length += len(separator)
        previous_end = b
        pieces.append((length, a))
        parts.append(text[a:b])
        length += b - a
    return Window("".join(parts), tuple(pieces))


def whole(text: str) -> Window:
    """No filtering: the article as it is."""
    return Window(text, ((0, 0),))


#: Invisible format characters that split words for a matcher or the parser but not for
#: a reader: soft hyphen, zero-width space/non-joiner/joiner, word joiner, the bidi marks
#: and embeddings/isolates, and a byte order mark inside the text.
FORMAT_CHARS = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]+")


def without_format_chars(text: str) -> Window:
    """The text with invisible format characters removed, mapped back to the original.

    "recog\u00adnised" is matched and parsed as "recognised", while evidence offsets
    still point into the text as stored (which keeps the characters).
    """
    pieces: list[tuple[int, int]] = []
    parts: list[str] = []
    length = 0
    start = 0
    for match in FORMAT_CHARS.finditer(text):
        if match.start() > start:
            pieces.append((length, start))
            parts.append(text[start : match.start()])
            length += match.start() - start
        start = match.end()
    if not pieces and start == 0:
        return whole(text)
    if start < len(text):
        pieces.append((length, start))
        parts.append(text[start:])
    return Window("".join(parts), tuple(pieces) or ((0, 0),))
