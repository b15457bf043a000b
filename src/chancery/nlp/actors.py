"""The actor table: which actor code a name, demonym, capital, body or person stands for.

Codes: ISO 3166-1 alpha-3 for states (plus XKX, SOL, CYN), ISO 3166-3 for former
states, short IGO codes (``UN``, ``EU``) and ``NSA:NAME`` for non-state actors.
pycountry supplies each state's ISO names at load time; everything news writes on top
of that (short names, demonyms, capitals, "the Kremlin", people, titles) is *data* in
``chancery/data/actors.tsv`` so that it can be reviewed and extended without code.
Aliases may carry a validity period, because what a name stands for changes: "Taliban"
is ``NSA:TALIBAN`` before 2021-08-15 and ``AFG`` from then on. The format is in
``chancery/data/ACTORS.md``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources
from pathlib import Path

import pycountry

from chancery.errors import DataFileError

KINDS = frozenset(
    {"name", "short", "demonym", "capital", "government", "person", "igo", "nsa", "title"}
)
CATEGORIES = ("state", "igo", "nsa", "historic")  # also the order search() ranks ties in
ALIAS_COLUMNS = ("code", "alias", "kind", "valid_from", "valid_to", "note")
NAME_COLUMNS = ("code", "name", "category")
DEFAULT_FILES = ("actor_names.tsv", "actors.tsv")  # in chancery/data, loaded in this order
_HEADER_FIX = "start with the tab-separated header code, alias, kind[, valid_from, valid_to, note]"
_HEADER_FIX += " (aliases) or code, name, category (display names)"
_CODE = re.compile(r"(NSA:)?[A-Z][A-Z0-9_-]*")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
# pycountry writes "Iran, Islamic Republic of"; news writes "Islamic Republic of Iran".
_INVERTED = re.compile(r"(?P<base>[^,]+), (?P<head>.+ of(?: the)?)")


#: The longest wait between being elected or designated and taking office.
TRANSITION = timedelta(days=120)


def ended_last(aliases: Iterable[Alias], day: date) -> list[Alias]:
    """Of these aliases, those whose span ended last on or before ``day``, in their order:
    who a name stood for most recently ("former dictator Bashar Assad")."""
    ended = [a for a in aliases if a.valid_to is not None and a.valid_to <= day]
    last = max((a.valid_to for a in ended if a.valid_to), default=None)
    return [a for a in ended if a.valid_to == last]


class ActorDataError(DataFileError, ValueError):
    """A malformed actor data row; a ValueError too, for callers that only know that."""


@dataclass(frozen=True)
class Alias:
    text: str  # the alias as written in the data ("United Arab Emirates")
    code: str | None  # actor code, None for kind == "title"
    kind: str  # name|short|demonym|capital|government|person|igo|nsa|title
    valid_from: date | None = None  # inclusive
    valid_to: date | None = None  # exclusive

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day < self.valid_to
        )

    @property
    def case_sensitive(self) -> bool:
        """Capitalised acronyms ("US", "WHO") only match capitals: in lower case they are words."""
        return " " not in self.text and _is_upper(self.text)


@dataclass(frozen=True)
class ActorInfo:
    code: str
    name: str  # display name ("Russia", "Afghanistan", "United Nations", "Taliban")
    category: str  # state|igo|nsa|historic


def _is_upper(text: str) -> bool:
    return any(c.isalpha() for c in text) and not any(c.islower() for c in text)


def _core(text: str) -> str:
    """The text without case-irrelevant noise: "the Kremlin's" -> "Kremlin" (case kept)."""
    t = " ".join(unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).split())
    if t[:4].casefold() == "the ":
        t = t[4:]
    if t.endswith("'s"):
        t = t[:-2]
    elif t.endswith("s'"):
        t = t[:-1]
    return t.strip()


def _fold(text: str) -> str:
    """Drop accents so that "Bogota" finds "Bogotá" (a fallback, never the first try)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def normalize(text: str) -> str:
    """The lookup key of an alias or a mention."""
    return _core(text).casefold()


#: How many texts' candidates an :class:`ActorTable` keeps (a long-lived process meets
#: many names; the few hundred a corpus repeats fit many times over).
FOUND_LIMIT = 50_000


#: The Arabic article on a surname: "el-Sisi", "al-Sharaa", "ash-Shibani".
_ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az|an)-", re.IGNORECASE)


class ActorTable:
    """Aliases and display names of every actor, with lookups by text, code and query."""

    def __init__(self, aliases: Iterable[Alias], infos: dict[str, ActorInfo]) -> None:
        self._aliases = list(dict.fromkeys(aliases))  # exact duplicates once, order kept
        self._infos = dict(infos)
        self._index: dict[str, list[Alias]] = {}
        self._folded: dict[str, list[Alias]] = {}
        self._found: dict[str, tuple[Alias, ...]] = {}  # candidates() by text, see there
        for alias in self._aliases:
            key = normalize(alias.text)
            self._index.setdefault(key, []).append(alias)
            self._folded.setdefault(_fold(key), []).append(alias)
            if alias.code and alias.code not in self._infos:  # user rows for a new actor
                self._infos[alias.code] = ActorInfo(alias.code, alias.text, _guess(alias.code))

    @classmethod
    @cache
    def default(cls) -> ActorTable:
        """The packaged table, loaded once per process."""
        return cls._load([])

    @classmethod
    def from_files(cls, *paths: Path) -> ActorTable:
        """The packaged table plus user files (alias or name tables, told apart by header)."""
        return cls._load([Path(p) for p in paths])

    @classmethod
    def _load(cls, user: list[Path]) -> ActorTable:
        data = resources.files("chancery.data")
        sources = [(n, data.joinpath(n).read_text("utf-8")) for n in DEFAULT_FILES]
        sources += [(str(p), p.read_text("utf-8")) for p in user]
        infos: dict[str, ActorInfo] = {}
        rows: list[Alias] = []
        for where, text in sources:
            _parse(where, text, infos, rows)
        states = {c for c, i in infos.items() if i.category == "state"}
        aliases = list(_iso_names(states))
        aliases += rows  # after pycountry: rows in files override ISO names
        return cls(aliases, infos)

    def aliases(self) -> list[Alias]:
        return list(self._aliases)

    def surnames(self) -> dict[str, list[Alias]]:
        """Surname (lower case) -> the people of that surname: "Macron said" names the one
        in office on the article's day (the mentions component decides which). Only
        surnames of more than three letters, so that "Li" or "Kim" alone name nobody."""
        found: dict[str, list[Alias]] = {}
        for alias in self._aliases:
            words = alias.text.split()
            if alias.kind != "person" or len(words) < 2 or not alias.code:
                continue
            # "Abdel Fattah el-Sisi" is "Sisi" as often as "el-Sisi"
            for surname in {words[-1], _ARTICLE.sub("", words[-1])}:
                if len(surname) > 3:
                    found.setdefault(surname.lower(), []).append(alias)
        return found

    def candidates(self, text: str) -> list[Alias]:
        """Aliases written like ``text`` at any date, in load order (later ones win).

        Every mention asks twice (its code, its kind) and news repeats the same few
        names, each normalised (Unicode forms, accents folded) on every call; so the
        answer is kept per text (the table does not change after loading), up to
        ``FOUND_LIMIT`` texts."""
        found = self._found.get(text)
        if found is None:
            found = tuple(self._candidates(text))
            if len(self._found) >= FOUND_LIMIT:
                self._found.clear()
            self._found[text] = found
        return list(found)

    def _candidates(self, text: str) -> list[Alias]:
        core = _core(text)
        key = core.casefold()
        for index, k in (
            (self._index, key),
            (self._index, key.replace(".", "")),  # "U.S" -> "us"
            (self._folded, _fold(key)),
            (self._folded, _fold(key).replace(".", "")),
        ):
            hits = [a for a in index.get(k, ()) if not a.case_sensitive or _is_upper(core)]
            if hits:
                return hits
        return []

    def resolve(
        self, text: str, when: date | None = None, kinds: set[str] | None = None
    ) -> str | None:
        """The code ``text`` stands for on ``when`` (None: today), or None."""
        day = when or date.today()
        hits = [
            a
            for a in self.candidates(text)
            if a.code and a.valid_on(day) and (kinds is None or a.kind in kinds)
        ]
        return hits[-1].code if hits else None

    def former(self, text: str, when: date | None = None) -> str | None:
        """The code a person stood for in their latest span of office that ended by
        ``when``: "former dictator Bashar Assad" in 2025 is still Syria's former ruler."""
        day = when or date.today()
        people = [a for a in self.candidates(text) if a.code and a.kind == "person"]
        ended = ended_last(people, day)
        return ended[0].code if ended else None

    def upcoming(self, text: str, when: date | None = None) -> str | None:
        """The code a person will stand for in the first span of office that starts after
        ``when``, within a transition's length: "President-elect Donald Trump" nominates
        for the United States before taking office."""
        day = when or date.today()
        ahead = [
            a
            for a in self.candidates(text)
            if a.code
            and a.kind == "person"
            and a.valid_from is not None
            and day < a.valid_from <= day + TRANSITION
        ]
        return min(ahead, key=lambda a: a.valid_from or day).code if ahead else None

    def info(self, code: str) -> ActorInfo | None:
        return self._infos.get(code)

    def name(self, code: str) -> str:
        info = self._infos.get(code)
        return info.name if info else code

    def codes(self, category: str | None = None) -> list[str]:
        return sorted(c for c, i in self._infos.items() if category in (None, i.category))

    def search(self, query: str, limit: int = 20) -> list[ActorInfo]:
        """Actors whose aliases, names or codes contain ``query``: exact, then prefix, then
        substring; on a tie an alias valid today beats a dated one, then states come first."""
        q = _fold(normalize(query))
        if not q:
            return []
        today = date.today()
        best: dict[str, tuple[int, bool]] = {}
        texts: Iterable[tuple[str, str, bool]] = (
            *((a.code, a.text, a.valid_on(today)) for a in self._aliases if a.code),
            *((i.code, i.name, True) for i in self._infos.values()),
            *((c, c, True) for c in self._infos),
        )
        for code, text, current in texts:
            t = _fold(normalize(text))
            rank = 0 if t == q else 1 if t.startswith(q) else 2 if q in t else None
            if rank is not None and (rank, not current) < best.get(code, (3, True)):
                best[code] = (rank, not current)
        order = sorted(
            best,
            key=lambda c: (*best[c], CATEGORIES.index(self._infos[c].category), self.name(c)),
        )
        return [self._infos[c] for c in order[:limit]]


def _guess(code: str) -> str:
    """The category of a code that only a user alias file mentions."""
    if code.startswith("NSA:"):
        return "nsa"
    return "state" if re.fullmatch(r"[A-Z]{3}", code) else "igo"


def _iso_names(states: set[str]) -> Iterable[Alias]:
    """pycountry's names of our states, with "X, Y of" also written "Y of X"."""
    for country in pycountry.countries:
        if country.alpha_3 not in states:
            continue
        for attr in ("name", "official_name", "common_name"):
            text = getattr(country, attr, None)
            if not text:
                continue
            kind = "short" if attr == "common_name" else "name"
            yield Alias(text, country.alpha_3, kind)
            plain = re.sub(r"\s*\(.*?\)", "", text)  # "Holy See (Vatican City State)"
            if m := _INVERTED.fullmatch(plain):
                plain = f"{m['head']} {m['base']}"
            if plain != text:
                yield Alias(plain, country.alpha_3, kind)


def _parse(where: str, text: str, infos: dict[str, ActorInfo], rows: list[Alias]) -> None:
    """Read one alias or name table into ``rows`` / ``infos``; its header says which."""
    header: tuple[str, ...] | None = None
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if header is None:
            header = tuple(c.casefold() for c in cells)
            alias_header = len(header) >= 3 and header == ALIAS_COLUMNS[: len(header)]
            if not alias_header and header != NAME_COLUMNS:
                raise _error(where, number, f"unknown header {line!r}", _HEADER_FIX)
            continue
        if header == NAME_COLUMNS:
            if len(cells) != 3 or not _CODE.fullmatch(cells[0]) or cells[2] not in CATEGORIES:
                raise _error(
                    where, number, f"bad name row {line!r}", "code, name, state|igo|nsa|historic"
                )
            infos[cells[0]] = ActorInfo(*cells)
        else:
            rows.append(_alias_row(where, number, line, cells))
    if header is None:
        raise _error(where, 1, "no header row", _HEADER_FIX)


def _alias_row(where: str, number: int, line: str, cells: list[str]) -> Alias:
    if not 3 <= len(cells) <= len(ALIAS_COLUMNS):
        raise _error(where, number, f"expected 3 to 6 tab-separated cells, got {len(cells)}", "")
    code, text, kind, *rest = cells + [""] * (5 - len(cells))
    problem = ""
    if kind not in KINDS:
        problem = f"unknown kind {kind!r}"
    elif not text:
        problem = "empty alias"
    elif (kind == "title") != (not code):
        problem = "titles take no code, every other kind needs one"
    elif code and not _CODE.fullmatch(code):
        problem = f"bad code {code!r}"
    if problem:
        raise _error(where, number, f"{problem} in {line!r}", "")
    try:
        start, end = (date.fromisoformat(d) if d else None for d in rest[:2])
    except ValueError as exc:
        raise _error(
            where, number, f"bad date in {line!r} ({exc})", "dates are YYYY-MM-DD"
        ) from exc
    if start and end and start >= end:
        raise _error(where, number, f"valid_from is not before valid_to in {line!r}", "")
    return Alias(text, code or None, kind, start, end)


def _error(where: str, number: int, what: str, fix: str) -> ActorDataError:
    fix = fix or "see chancery/data/ACTORS.md for the format"
    return ActorDataError(what, where=f"{where}, line {number}", fix=fix)
