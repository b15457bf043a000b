"""Score extraction and answers against gold files, exactly as ``shared/eval/README.md`` says.

Per document, gold and predicted events become sets of keys
``(type, source, target, modality)`` (MEET's actors unordered). The headline is micro
precision/recall/F1 over asserted keys; beside it F1 over all modalities, date accuracy
on matched asserted keys whose gold date is not null (equal at the gold precision), and
the share of ``recognizers`` questions answered exactly (at the default confidence
threshold, as a user asks them). Each gold file is ingested into a fresh temporary
knowledge base of its own; figures are pooled over all files.

Beside the figures, every claim is counted for its rule: a true positive when its key,
modality included, is a gold event of its document, a false positive otherwise.
:meth:`EvalResult.calibration` turns those counts into the calibration table of
:mod:`chancery.confidence`.
"""

from __future__ import annotations

import json
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from chancery.api import Chancery
from chancery.confidence import Calibration
from chancery.errors import ArticleError, GoldFileError
from chancery.fuse import group_key
from chancery.ingest import ArticleOptions, article_from_text
from chancery.ingest.text import decode, read_bytes
from chancery.model import EVENT_TYPES, MODALITIES, Claim, EventDate

Key = tuple[str, str, str, str]


@dataclass(frozen=True)
class GoldDoc:
    id: str
    text: str
    published: date | None
    events: list[dict[str, Any]]
    questions: list[dict[str, Any]]
    where: str


def _key(type_: str, source: str, target: str | None, modality: str) -> Key:
    t, s, g = group_key(type_, source, target)
    return (t, s, g, modality)


def read_gold(path: Path) -> tuple[list[GoldDoc], list[str]]:
    """Documents of one gold file, and a message for every line that cannot be used."""
    docs: list[GoldDoc] = []
    errors: list[str] = []
    try:
        lines = path.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldFileError(f"cannot read gold file ({exc})", where=str(path)) from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            docs.append(_gold_doc(json.loads(line), path.parent, where))
        except json.JSONDecodeError as exc:
            errors.append(f"{where}: not valid JSON ({exc.msg})")
        except (GoldFileError, ArticleError) as exc:
            errors.append(exc.message)
    return docs, errors


def _gold_doc(obj: dict[str, Any], base: Path, where: str) -> GoldDoc:
    for event in obj.get("events", []):
        if event.get("type") not in EVENT_TYPES:
            raise GoldFileError(
                f"unknown event type {event.get('type')!r}",
                fix=f"use one of {', '.join(EVENT_TYPES)}",
                where=where,
            )
        if event.get("modality") not in MODALITIES:
            raise GoldFileError(f"unknown modality {event.get('modality')!r}", where=where)
        if not event.get("source"):
            raise GoldFileError("an event has no source", where=where)
    if "text" in obj:
        text = obj["text"]
    elif "file" in obj:
        file = base / obj["file"]
        text = decode(read_bytes(file), str(file))
    else:
        raise GoldFileError("a line needs a 'file' or a 'text'", where=where)
    published = None
    if obj.get("published"):
        try:
            published = date.fromisoformat(obj["published"])
        except ValueError as exc:
            raise GoldFileError(f"bad published date {obj['published']!r}", where=where) from exc
    return GoldDoc(
        obj.get("id", where),
        text,
        published,
        obj.get("events", []),
        obj.get("questions", []),
        where,
    )


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: set[Key], pred: set[Key]) -> None:
        self.tp += len(gold & pred)
        self.fp += len(pred - gold)
        self.fn += len(gold - pred)

    def figures(self) -> dict[str, float | int]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass
class ErrorRow:
    kind: str  # "fp" | "fn" | "date" | "question"
    document: str
    key: str
    detail: str


@dataclass
class EvalResult:
    documents: int = 0
    asserted: Counts = field(default_factory=Counts)
    all_modalities: Counts = field(default_factory=Counts)
    per_type: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    dates_checked: int = 0
    dates_correct: int = 0
    asked: int = 0
    correct: int = 0
    errors: list[ErrorRow] = field(default_factory=list)
    input_errors: list[str] = field(default_factory=list)
    #: (rule, type) -> [true positives, false positives] over every claim
    rule_counts: dict[tuple[str, str], list[int]] = field(
        default_factory=lambda: defaultdict(lambda: [0, 0])
    )

    def calibration(self) -> Calibration:
        """The smoothed calibration table from this run's per-rule counts."""
        return Calibration.from_counts({k: (v[0], v[1]) for k, v in self.rule_counts.items()})

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "asserted": self.asserted.figures(),
            "all_modalities": self.all_modalities.figures(),
            "date_accuracy": round(self.dates_correct / self.dates_checked, 4)
            if self.dates_checked
            else None,
            "questions": {"asked": self.asked, "correct": self.correct},
            "per_type": {
                t: {k: v for k, v in c.figures().items() if k in {"precision", "recall", "f1"}}
                for t, c in sorted(self.per_type.items())
            },
            "input_errors": self.input_errors,
        }


def _date_ok(gold: str, predicted: str | None) -> bool:
    if predicted is None:
        return False
    return len(predicted) >= len(gold) and predicted[: len(gold)] == gold


def _pred_dates(claims: Iterable[Claim]) -> dict[Key, str | None]:
    out: dict[Key, str | None] = {}
    for c in claims:
        key = _key(c.type, c.source, c.target, c.modality)
        current = out.get(key)
        if c.date and (
            current is None or EventDate.parse(c.date).start < EventDate.parse(current).start
        ):  # type: ignore[union-attr]
            out[key] = c.date
        else:
            out.setdefault(key, current)
    return out


def evaluate(paths: Iterable[Path], progress: Callable[[int], None] | None = None) -> EvalResult:
    """Ingest each gold file into its own temporary knowledge base and score it."""
    result = EvalResult()
    for path in paths:
        docs, errors = read_gold(path)
        result.input_errors += errors
        with (
            tempfile.TemporaryDirectory(prefix="chancery-eval-") as tmp,
            Chancery(Path(tmp) / "eval.db") as kb,
        ):
            ids: list[str | None] = []
            for doc in docs:
                try:
                    article = article_from_text(
                        doc.text, doc.where, ArticleOptions(published=doc.published), path=doc.where
                    )
                except ArticleError as exc:
                    result.input_errors.append(exc.message)
                    ids.append(None)
                    continue
                kb.ingest_articles([article])
                ids.append(article.id)
                if progress:
                    progress(1)
            for doc, article_id in zip(docs, ids, strict=True):
                claims = kb.claims(article_id=article_id) if article_id else []
                _score_doc(result, doc, claims)
            for doc in docs:
                _score_questions(result, kb, doc)
    return result


def _score_doc(result: EvalResult, doc: GoldDoc, claims: list[Claim]) -> None:
    result.documents += 1
    gold_all = {_key(e["type"], e["source"], e.get("target"), e["modality"]) for e in doc.events}
    pred_all = {_key(c.type, c.source, c.target, c.modality) for c in claims}
    gold = {k for k in gold_all if k[3] == "asserted"}
    pred = {k for k in pred_all if k[3] == "asserted"}
    result.asserted.add(gold, pred)
    result.all_modalities.add(gold_all, pred_all)
    fired = {(c.rule, _key(c.type, c.source, c.target, c.modality)) for c in claims}
    for rule, k in fired:
        result.rule_counts[(rule, k[0])][0 if k in gold_all else 1] += 1
    for type_ in EVENT_TYPES:
        g = {k for k in gold if k[0] == type_}
        p = {k for k in pred if k[0] == type_}
        if g or p:
            result.per_type[type_].add(g, p)
    evidence = {
        _key(c.type, c.source, c.target, c.modality): f"[{c.rule}] {c.evidence}" for c in claims
    }
    gold_evidence = {
        _key(e["type"], e["source"], e.get("target"), e["modality"]): e.get("evidence", "")
        for e in doc.events
    }
    for k in sorted(pred_all - gold_all):
        result.errors.append(ErrorRow("fp", doc.id, " ".join(k), evidence.get(k, "")))
    for k in sorted(gold_all - pred_all):
        result.errors.append(ErrorRow("fn", doc.id, " ".join(k), gold_evidence.get(k, "")))
    dates = _pred_dates(claims)
    for e in doc.events:
        k = _key(e["type"], e["source"], e.get("target"), e["modality"])
        if e["modality"] == "asserted" and e.get("date") and k in pred:
            result.dates_checked += 1
            if _date_ok(e["date"], dates.get(k)):
                result.dates_correct += 1
            else:
                result.errors.append(
                    ErrorRow("date", doc.id, " ".join(k), f"gold {e['date']}, got {dates.get(k)}")
                )


def _score_questions(result: EvalResult, kb: Chancery, doc: GoldDoc) -> None:
    for q in doc.questions:
        if q.get("ask") != "recognizers":
            result.input_errors.append(f"{doc.where}: unknown question {q.get('ask')!r}")
            continue
        result.asked += 1
        got = sorted(r.actor for r in kb.recognizers(q["target"], q.get("as_of")))
        if got == sorted(q["answer"]):
            result.correct += 1
        else:
            result.errors.append(
                ErrorRow(
                    "question",
                    doc.id,
                    f"recognizers {q['target']} as of {q.get('as_of')}",
                    f"expected {sorted(q['answer'])}, got {got}",
                )
            )
