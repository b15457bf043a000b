"""Calibrated confidence: how likely a claim, and a fused event, is to be right.

A claim's confidence is the measured precision of the rule that extracted it, read from
the calibration table ``chancery/data/calibration.tsv``. ``chancery eval GOLD... --calibrate``
writes that table from gold files (``scripts/calibrate.sh`` runs it over every gold set),
so the figures follow the rules as they change: nothing here names a rule.

Counting (per gold document, claims reduced to distinct ``(rule, key)`` with the scorer's
key ``(type, source, target, modality)``, MEET's actors unordered): a claim is a true
positive for its ``(rule, type)`` when its key, modality included, is a gold event of the
document, and a false positive otherwise; every claim on a distractor document is a false
positive. A claim that states the right event with the wrong modality (asserting a future
act) is wrong as stated, so it counts against its rule.

Smoothing (hierarchical Beta priors, ``PRIOR_WEIGHT`` = m pseudo-observations)::

    global        p_g = (TP + 1) / (N + 2)
    type t        p_t = (tp_t + m * p_g) / (n_t + m)
    rule r of t   p_r = (tp_r + m * p_t) / (n_r + m)

so a rule seen twice sits near its type's precision, not at 1.0, and a rule or type the
table does not know takes its type's figure, then the global one.

Fusion (independent sources agree): a fused event's confidence is the noisy-OR over its
distinct sources (outlets; all GDELT rows together are one source) of each source's best
claim **with the event's modality**::

    confidence = 1 - prod over sources s of (1 - max confidence of s's claims)

so two independent 0.7 claims give 0.91. Claims of another modality (a negated or future
report of an asserted event) neither raise nor lower it; the event is marked ``disputed``.

GDELT rows carry no rule: their prior is ``1 - (1 - GDELT_PER_SOURCE) ** NumSources``,
capped at ``GDELT_CAP`` (automatic coding of wire copies is noisy and its sources are
often syndicated copies of one another).

``MIN_CONFIDENCE`` is the one default threshold: ``recognizers``, the map and the API
count only events at or above it and list the others as unconfirmed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from chancery.errors import DataFileError

#: Events below this confidence are listed as unconfirmed, not counted (0..1).
MIN_CONFIDENCE = 0.5
#: Pseudo-observations of the back-off prior in the smoothed precision.
PRIOR_WEIGHT = 5.0
#: What a claim gets when the table is empty (no gold file scored yet).
UNCALIBRATED = 0.5
#: Per-source probability and cap of the prior for imported (GDELT) rows.
GDELT_PER_SOURCE = 0.3
GDELT_CAP = 0.8
#: The wildcard in the table's rule and type columns.
ANY = "*"
HEADER = ("rule", "type", "tp", "fp", "precision")

_DOC = """\
# Calibration of extraction rules: each rule's precision measured on gold files.
# Written by `chancery eval GOLD... --calibrate` (scripts/calibrate.sh runs every gold
# set); do not edit by hand, regenerate it. Read by chancery.confidence.
#
# columns (tab-separated):
#   rule       the rule name recorded with each claim; "*" = every rule of the type
#   type       the event type; "*" with rule "*" = every claim (the global figure)
#   tp         claims whose (type, source, target, modality) is a gold event of their document
#   fp         claims that are not (every claim on a distractor document)
#   precision  smoothed: global (TP+1)/(N+2); type (tp + m*global)/(n + m);
#              rule (tp + m*type)/(n + m), with m = {m:g}
#
# A claim's confidence is its (rule, type) precision, else its type's, else the global one.
"""


def _smooth(tp: int, n: int, prior: float, weight: float = PRIOR_WEIGHT) -> float:
    return (tp + weight * prior) / (n + weight)


@dataclass(frozen=True)
class CalibrationRow:
    """One line of the table."""

    rule: str
    type: str
    tp: int
    fp: int
    precision: float


@dataclass(frozen=True)
class Calibration:
    """Smoothed precision per (rule, type), with back-off to the type and the global figure."""

    rows: tuple[CalibrationRow, ...] = ()
    _index: dict[tuple[str, str], float] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._index.update({(r.rule, r.type): r.precision for r in self.rows})

    @property
    def global_precision(self) -> float:
        return self._index.get((ANY, ANY), UNCALIBRATED)

    def confidence(self, rule: str, type_: str) -> float:
        """The claim's confidence: its rule's precision, else its type's, else global."""
        for key in ((rule, type_), (ANY, type_)):
            if key in self._index:
                return self._index[key]
        return self.global_precision

    @classmethod
    def from_counts(cls, counts: Mapping[tuple[str, str], tuple[int, int]]) -> Calibration:
        """The smoothed table from ``{(rule, type): (tp, fp)}`` (see the module docstring)."""
        tp_all = sum(tp for tp, _ in counts.values())
        n_all = sum(tp + fp for tp, fp in counts.values())
        p_global = (tp_all + 1) / (n_all + 2)
        by_type: dict[str, list[int]] = {}
        for (_, type_), (tp, fp) in counts.items():
            acc = by_type.setdefault(type_, [0, 0])
            acc[0] += tp
            acc[1] += fp
        rows = [CalibrationRow(ANY, ANY, tp_all, n_all - tp_all, round(p_global, 4))]
        p_type: dict[str, float] = {}
        for type_, (tp, fp) in sorted(by_type.items()):
            p_type[type_] = _smooth(tp, tp + fp, p_global)
            rows.append(CalibrationRow(ANY, type_, tp, fp, round(p_type[type_], 4)))
        for (rule, type_), (tp, fp) in sorted(counts.items(), key=lambda x: (x[0][1], x[0][0])):
            p = _smooth(tp, tp + fp, p_type[type_])
            rows.append(CalibrationRow(rule, type_, tp, fp, round(p, 4)))
        return cls(tuple(rows))

    # -- the data file -----------------------------------------------------------
    def dumps(self) -> str:
        lines = [_DOC.format(m=PRIOR_WEIGHT), "\t".join(HEADER)]
        lines += [f"{r.rule}\t{r.type}\t{r.tp}\t{r.fp}\t{r.precision:.4f}" for r in self.rows]
        return "\n".join(lines) + "\n"

    def write(self, path: str | Path) -> None:
        """Write the table beside ``path`` and rename it into place (never half a file)."""
        path = Path(path)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(self.dumps(), "utf-8")
        tmp.replace(path)

    @classmethod
    def loads(cls, text: str, where: str = "calibration.tsv") -> Calibration:
        rows = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.split("\t")
            if tuple(cells) == HEADER:
                continue
            if len(cells) != len(HEADER):
                raise DataFileError(
                    f"line {number} has {len(cells)} tab-separated fields, expected "
                    f"{len(HEADER)} ({', '.join(HEADER)})",
                    fix="regenerate it with scripts/calibrate.sh",
                    where=where,
                )
            try:
                row = CalibrationRow(cells[0], cells[1], int(cells[2]), int(cells[3]),
                                     float(cells[4]))
            except ValueError as exc:
                raise DataFileError(
                    f"line {number}: {exc}", fix="regenerate it with scripts/calibrate.sh",
                    where=where,
                ) from exc
            if not 0.0 <= row.precision <= 1.0:
                raise DataFileError(
                    f"line {number}: precision {row.precision} is not between 0 and 1",
                    fix="regenerate it with scripts/calibrate.sh", where=where,
                )
            rows.append(row)
        return cls(tuple(rows))

    @classmethod
    def load(cls, path: str | Path) -> Calibration:
        path = Path(path)
        try:
            text = path.read_text("utf-8")
        except OSError as exc:
            raise DataFileError(
                f"cannot read the calibration table ({exc})",
                fix="regenerate it with scripts/calibrate.sh", where=str(path),
            ) from exc
        return cls.loads(text, str(path))

    @classmethod
    def default(cls) -> Calibration:
        """The table shipped in ``chancery/data/calibration.tsv`` (read once)."""
        return _default()


@cache
def _default() -> Calibration:
    resource = resources.files("chancery") / "data" / "calibration.tsv"
    return Calibration.loads(resource.read_text("utf-8"), str(resource))


def default_table_path() -> Path:
    """Where ``--calibrate`` writes when given no path: the package's data file."""
    return Path(str(resources.files("chancery") / "data" / "calibration.tsv"))


def gdelt_prior(num_sources: int | None) -> float:
    """Confidence of an imported GDELT row from its ``NumSources`` (see the module doc)."""
    n = max(1, num_sources or 1)
    return round(min(GDELT_CAP, 1 - (1 - GDELT_PER_SOURCE) ** n), 4)


def agreement(scores: Iterable[tuple[str, float | None]]) -> float:
    """Noisy-OR over distinct sources of each source's best claim: ``(source, confidence)``.

    Sources are assumed independent, which is why a source counts once however many of
    its articles repeat the claim.
    """
    best: dict[str, float] = {}
    for source, value in scores:
        if value is not None:
            best[source] = max(best.get(source, 0.0), value)
    if not best:
        return 0.0
    doubt = 1.0
    for value in best.values():
        doubt *= 1.0 - value
    return round(1.0 - doubt, 4)
