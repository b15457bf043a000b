"""Read the phrasing matrix, run it through the real pipeline, score and print it.

``matrix.jsonl`` holds one case a line::

    {"id": "recognize-01", "type": "RECOGNIZE", "published": "2024-06-04",
     "text": "...", "must": ["RECOGNIZE SVN PSE asserted 2024-06-04"],
     "must_not": ["RECOGNIZE * TWN"], "note": "..."}

- ``type``: the event type the case is about (one of the 18); traps (sentences that must
  give nothing of a kind) carry the type whose words they borrow, and ``"trap": true``.
- ``must``: events that must be found, each ``TYPE SOURCE TARGET MODALITY [DATE]``; a
  missing target is ``-``; a date, when given, must match at its own precision
  (``2024-05`` is matched by ``2024-05-28``), as ``chancery eval`` compares dates.
- ``must_not``: patterns no found event may match: ``TYPE [SOURCE [TARGET [MODALITY
  [DATE]]]]``, a prefix of the fields, ``*`` matching anything, a date matching the
  found dates it begins (``2023`` forbids any date in 2023) (``RECOGNIZE * TWN``: nobody recognises
  Taiwan; ``IMPOSE_SANCTIONS``: no sanctions at all).
- ``MEET`` is symmetric: its two actors match in either order, in both lists.
- ``note``: why the expectation is what it is, above all where the contract
  (``../shared/eval/README.md``) is silent.

A case passes when every ``must`` event is found and no ``must_not`` pattern matches.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from chancery.model import EVENT_TYPES
from chancery.model import MODALITIES as MODALITIES  # re-exported for the tests

HERE = Path(__file__).resolve().parent
MATRIX = HERE / "matrix.jsonl"

#: The contract's event types, as the project defines them (MODALITIES likewise).
TYPES = EVENT_TYPES

#: A found event: (type, source, target, modality, date)
Found = tuple[str, str, str | None, str, str | None]


@dataclass(frozen=True)
class Expected:
    type: str
    source: str
    target: str | None
    modality: str
    date: str | None = None

    @classmethod
    def parse(cls, spec: str) -> Expected:
        parts = spec.split()
        if len(parts) not in (4, 5):
            raise ValueError(f"an expected event is TYPE SOURCE TARGET MODALITY [DATE]: {spec!r}")
        target = None if parts[2] == "-" else parts[2]
        return cls(parts[0], parts[1], target, parts[3], parts[4] if len(parts) == 5 else None)

    def __str__(self) -> str:
        out = f"{self.type} {self.source} {self.target or '-'} {self.modality}"
        return f"{out} {self.date}" if self.date else out

    def pairs(self) -> list[tuple[str, str | None]]:
        if self.type == "MEET":
            return [(self.source, self.target), (self.target or "", self.source)]
        return [(self.source, self.target)]

    def matches(self, event: Found, with_date: bool = True) -> bool:
        type_, source, target, modality, when = event
        if type_ != self.type or modality != self.modality:
            return False
        if (source, target) not in self.pairs():
            return False
        return not (with_date and self.date) or date_ok(self.date, when)


def date_ok(gold: str, predicted: str | None) -> bool:
    """As ``chancery eval`` compares dates: equal at the gold precision."""
    return predicted is not None and predicted[: len(gold)] == gold and len(predicted) >= len(gold)


@dataclass(frozen=True)
class Forbidden:
    fields: tuple[str, ...]

    @classmethod
    def parse(cls, spec: str) -> Forbidden:
        parts = tuple(spec.split())
        if not 1 <= len(parts) <= 5:
            shape = "TYPE [SOURCE [TARGET [MODALITY [DATE]]]]"
            raise ValueError(f"a forbidden pattern is {shape}: {spec!r}")
        return cls(parts)

    def __str__(self) -> str:
        return " ".join(self.fields)

    def matches(self, event: Found) -> bool:
        type_, source, target, modality, when = event
        if len(self.fields) == 5 and not (when or "").startswith(self.fields[4]):
            return False
        orders = [(source, target or "-")]
        if type_ == "MEET":
            orders.append((target or "-", source))
        for a, b in orders:
            values = (type_, a, b, modality)
            if all(f in ("*", v) for f, v in zip(self.fields[:4], values, strict=False)):
                return True
        return False


@dataclass(frozen=True)
class Case:
    id: str
    type: str
    text: str
    published: date
    must: tuple[Expected, ...]
    must_not: tuple[Forbidden, ...]
    trap: bool = False
    note: str = ""


@dataclass
class Outcome:
    case: Case
    found: list[Found]
    missing: list[Expected] = field(default_factory=list)
    wrong_date: list[Expected] = field(default_factory=list)  # found, but not on that date
    forbidden: list[tuple[Forbidden, Found]] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not (self.missing or self.wrong_date or self.forbidden)


def load(path: Path = MATRIX) -> list[Case]:
    cases = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            obj = json.loads(line)
            cases.append(
                Case(
                    id=obj["id"],
                    type=obj["type"],
                    text=obj["text"],
                    published=date.fromisoformat(obj["published"]),
                    must=tuple(Expected.parse(s) for s in obj.get("must", [])),
                    must_not=tuple(Forbidden.parse(s) for s in obj.get("must_not", [])),
                    trap=bool(obj.get("trap", False)),
                    note=obj.get("note", ""),
                )
            )
        except (KeyError, ValueError, json.JSONDecodeError) as exc:
            raise ValueError(f"{path.name}:{n}: {exc}") from exc
    return cases


def judge(case: Case, found: Iterable[Found]) -> Outcome:
    found = sorted(set(found), key=lambda e: tuple(x or "" for x in e))
    out = Outcome(case, found)
    for exp in case.must:
        if any(exp.matches(e) for e in found):
            continue
        if any(exp.matches(e, with_date=False) for e in found):
            out.wrong_date.append(exp)
        else:
            out.missing.append(exp)
    for pattern in case.must_not:
        out.forbidden += [(pattern, e) for e in found if pattern.matches(e)]
    return out


def run(cases: Sequence[Case]) -> list[Outcome]:
    """Parse every case in one batch through the real pipeline and judge it."""
    from chancery.nlp.pipeline import parse

    docs = parse([(c.text, c.published) for c in cases])
    outcomes = []
    for case, doc in zip(cases, docs, strict=True):
        found = [(e.type, e.source, e.target, e.modality, e.date) for e in doc._.events]
        outcomes.append(judge(case, found))
    return outcomes


@dataclass(frozen=True)
class Rate:
    cases: int
    passed: int
    traps: int
    traps_passed: int

    @property
    def rate(self) -> float:
        return self.passed / self.cases if self.cases else 1.0


def rates(outcomes: Iterable[Outcome]) -> dict[str, Rate]:
    """Per type and ``"ALL"``: cases, passed, traps, traps passed."""
    count: dict[str, Counter[str]] = defaultdict(Counter)
    for o in outcomes:
        for key in (o.case.type, "ALL"):
            count[key]["cases"] += 1
            count[key]["passed"] += o.passed
            count[key]["traps"] += o.case.trap
            count[key]["traps_passed"] += o.case.trap and o.passed
    order = [t for t in TYPES if t in count] + ["ALL"]
    return {k: Rate(**count[k]) for k in order}


def floors(measured: dict[str, Rate]) -> dict[str, float]:
    """Pass rates rounded down to two decimals, "ALL" first: the floors a test can hold."""

    def down(r: Rate) -> float:
        return math.floor(r.rate * 100 + 1e-9) / 100

    return {"ALL": down(measured["ALL"])} | {k: down(r) for k, r in measured.items() if k != "ALL"}


def table(outcomes: Sequence[Outcome]) -> str:
    lines = [f"{'type':<22}{'cases':>6}{'passed':>8}{'rate':>7}{'traps':>8}"]
    for key, r in rates(outcomes).items():
        if key == "ALL":
            lines.append("-" * 51)
        traps = f"{r.traps_passed}/{r.traps}"
        lines.append(f"{key:<22}{r.cases:>6}{r.passed:>8}{r.rate:>7.2f}{traps:>8}")
    return "\n".join(lines)


def failures(outcomes: Sequence[Outcome], type_: str | None = None) -> str:
    blocks = []
    for o in outcomes:
        if o.passed or (type_ and o.case.type != type_):
            continue
        lines = [f"[{o.case.id}] {o.case.type}{' (trap)' if o.case.trap else ''}"]
        lines.append(f"  text:      {o.case.text}")
        lines.append(f"  published: {o.case.published}")
        lines += [f"  MISSING    {e}" for e in o.missing]
        lines += [f"  WRONG DATE {e}" for e in o.wrong_date]
        lines += [f"  FORBIDDEN  {e} (by {p})" for p, e in o.forbidden]
        lines.append("  found:     " + ("; ".join(fmt(e) for e in o.found) or "nothing"))
        if o.case.note:
            lines.append(f"  note:      {o.case.note}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def fmt(event: Found) -> str:
    type_, source, target, modality, when = event
    return " ".join(x for x in (type_, source, target or "-", modality, when) if x)
