"""Loads the trigger lexicon and modality cues (data files a user can read and extend)."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from chancery.errors import DataFileError
from chancery.model import EVENT_TYPES

FRAMES = frozenset(
    [
        "agent",
        "owner",
        "envoy",
        "place",
        "mutual",
        "meet-person",
        "exchange",
        "present",
        "echo",
        "recipient",
        "verdict",
        "switch",
        "in-force",
        "partner",
        "claimant",
        "backer",
    ]
)


@dataclass(frozen=True)
class Trigger:
    """One line of ``triggers.tsv``."""

    type: str
    pos: str  # "V" or "N"
    lemmas: frozenset[str]
    needs: frozenset[str]
    context: re.Pattern[str] | None
    frame: str
    rule: str


@dataclass(frozen=True)
class Lexicon:
    triggers: tuple[Trigger, ...]
    by_lemma: dict[tuple[str, str], tuple[Trigger, ...]]
    cues: dict[tuple[str, str], frozenset[str]]  # (modality, where) -> words

    def lookup(self, lemma: str, pos: str) -> tuple[Trigger, ...]:
        return self.by_lemma.get((lemma, pos), ())

    @property
    def words(self) -> frozenset[str]:
        """Every trigger lemma: the cheap pre-filter's vocabulary."""
        return frozenset(w for t in self.triggers for w in t.lemmas)


def _rows(text: str, where: str, width: int) -> list[tuple[int, list[str]]]:
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = line.rstrip("\n").split("\t")
        if len(cells) != width:
            raise DataFileError(
                f"line {number} has {len(cells)} tab-separated fields, expected {width}",
                fix="see the column list at the top of the file",
                where=where,
            )
        rows.append((number, [c.strip() for c in cells]))
    return rows


def _words(cell: str) -> frozenset[str]:
    return (
        frozenset() if cell in {"", "-"} else frozenset(w.strip().lower() for w in cell.split("|"))
    )


def parse_classes(text: str, where: str) -> dict[str, frozenset[str]]:
    """``evaluations.tsv``: word classes that trigger rows name as ``@class``."""
    return {name: _words(words) for _number, (name, words) in _rows(text, where, 2)}


def _expand(cell: str, classes: dict[str, frozenset[str]], number: int, where: str) -> str:
    """ "@negative|mistake" → every word of the class, and the others as they are."""
    out: list[str] = []
    for word in cell.split("|"):
        if word.startswith("@"):
            if word[1:] not in classes:
                raise DataFileError(
                    f"line {number}: unknown word class {word!r}",
                    fix=f"classes: {', '.join(sorted(classes))} (data/evaluations.tsv)",
                    where=where,
                )
            out += sorted(classes[word[1:]])
        else:
            out.append(word)
    return "|".join(out)


def parse_triggers(
    text: str, where: str, classes: dict[str, frozenset[str]] | None = None
) -> list[Trigger]:
    triggers = []
    classes = classes if classes is not None else parse_classes(*_read("evaluations.tsv"))
    for number, (type_, pos, lemmas, needs, context, frame, rule) in _rows(text, where, 7):
        lemmas = _expand(lemmas, classes, number, where)
        needs = _expand(needs, classes, number, where)
        known_type = type_ in EVENT_TYPES or (type_ == "*" and frame == "echo")
        if not known_type or pos not in {"V", "N"} or frame not in FRAMES:
            raise DataFileError(
                f"line {number}: unknown type, pos or frame ({type_!r}, {pos!r}, {frame!r})",
                fix=f"types: {', '.join(EVENT_TYPES)}; pos: V|N; "
                f"frames: {', '.join(sorted(FRAMES))}",
                where=where,
            )
        try:
            pattern = None if context == "-" else re.compile(context, re.IGNORECASE)
        except re.error as exc:
            raise DataFileError(
                f"line {number}: bad regular expression ({exc})", where=where
            ) from exc
        triggers.append(Trigger(type_, pos, _words(lemmas), _words(needs), pattern, frame, rule))
    return triggers


def parse_cues(text: str, where: str) -> dict[tuple[str, str], frozenset[str]]:
    cues: dict[tuple[str, str], frozenset[str]] = {}
    for number, (modality, place, words) in _rows(text, where, 3):
        if modality not in {"negated", "hypothetical", "future"}:
            raise DataFileError(f"line {number}: unknown modality {modality!r}", where=where)
        cues[(modality, place)] = cues.get((modality, place), frozenset()) | _words(words)
    return cues


def _read(name: str) -> tuple[str, str]:
    ref = resources.files("chancery.data").joinpath(name)
    return ref.read_text("utf-8"), f"chancery/data/{name}"


def build(extra_triggers: tuple[Path, ...] = ()) -> Lexicon:
    """The packaged lexicon plus any user trigger files (same format), appended."""
    text, where = _read("triggers.tsv")
    triggers = parse_triggers(text, where)
    for path in extra_triggers:
        triggers += parse_triggers(path.read_text("utf-8"), str(path))
    by_lemma: dict[tuple[str, str], list[Trigger]] = defaultdict(list)
    for trig in triggers:
        for lemma in trig.lemmas:
            by_lemma[(lemma, trig.pos)].append(trig)
    cues = parse_cues(*_read("modality.tsv"))
    return Lexicon(tuple(triggers), {k: tuple(v) for k, v in by_lemma.items()}, cues)


@cache
def default_lexicon() -> Lexicon:
    return build()


@cache
def word_class(name: str) -> frozenset[str]:
    """One class of ``evaluations.tsv`` ("harm", "negative", ...)."""
    return parse_classes(*_read("evaluations.tsv")).get(name, frozenset())


@cache
def irregular_forms() -> dict[str, list[str]]:
    """``data/trigger_forms.txt``: lemma -> its irregular forms ("freeze: froze frozen")."""
    text, _where = _read("trigger_forms.txt")
    forms: dict[str, list[str]] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            lemma, _, rest = line.partition(":")
            forms[lemma.strip()] = rest.split()
    return forms


@cache
def participle_lemmas(form: str) -> tuple[str, ...]:
    """Lemmas a participle used as an adjective may have: spaCy keeps "frozen" and
    "designated" as their own lemmas when it tags them ADJ."""
    irregular = tuple(lemma for lemma, forms in irregular_forms().items() if form in forms)
    regular = (form.removesuffix("d"), form.removesuffix("ed")) if form.endswith("ed") else ()
    return irregular + regular
