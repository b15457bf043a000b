"""Actor mentions: every span of a Doc that names a state, IGO or group, with its code.

Names come from the actor table (``chancery.nlp.actors``), matched case-insensitively
with one PhraseMatcher. Officials are linked through their titles and appositives
("Russia's Deputy Foreign Minister Andrey Rudenko", "Taliban acting foreign minister
Amir Khan Muttaqi"): once linked, the person's name and surname stand for that actor for
the rest of the article. Codes that change over time (the Taliban) are resolved against
the article's published date.

Writes ``doc.spans["actors"]``: spans labelled with the actor code, ``span._.actor_kind``
holding the alias kind (name, demonym, capital, person, ...).
"""

from __future__ import annotations

from datetime import date
from functools import cache
from importlib import resources

import numpy
from spacy.attrs import ORTH, POS
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.parts_of_speech import PROPN
from spacy.strings import hash_string
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from chancery.nlp.actors import ActorTable, Alias, ended_last
from chancery.nlp.datelines import dateline_spans
from chancery.nlp.pipeline import doc_text

if not Span.has_extension("actor_kind"):
    Span.set_extension("actor_kind", default=None)

#: Heads that make a person an official of the actor that modifies them.
_LINK_DEPS = {"poss", "compound", "amod", "nmod"}
#: Prepositions that give a title's employer: "director at the Foreign Ministry".
_AFFILIATION = {"at", "for", "of"}


@cache
def _table() -> ActorTable:
    return ActorTable.default()


@cache
def nonstate_heads() -> frozenset[str]:
    """Nouns that make a demonym private ("an Uzbek company"): data/nonstate_heads.txt."""
    text = resources.files("chancery.data").joinpath("nonstate_heads.txt").read_text("utf-8")
    return frozenset(
        w.strip().lower() for w in text.splitlines() if w.strip() and not w.startswith("#")
    )


def dateline_chars(doc: Doc) -> set[int]:
    """Character offsets of datelines and wire credits, worked out once per Doc (the
    mentions and the dates components both ask)."""
    cached = doc.user_data.get("chancery_dateline")
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    chars = {i for start, end in dateline_spans(doc_text(doc)) for i in range(start, end)}
    doc.user_data["chancery_dateline"] = chars
    return chars


#: Nouns after an organisation's name that name one of its members or meetings, not the
#: organisation acting: "a G7 country", "NATO ally Turkey", "on the sidelines of the SCO
#: summit".
IGO_MEMBER_HEADS = {
    "country", "nation", "state", "member", "ally", "partner", "summit", "capital", "sideline",
}  # fmt: skip


#: Participles after a hyphen that make a name another's sponsor: "Iran-backed groups".
SPONSORED = {
    "backed", "allied", "aligned", "linked", "funded", "sponsored", "supported", "armed",
    "affiliated", "inspired", "trained",
}  # fmt: skip


#: Firms that a "national" one is the state's own: "Belarus's national airline".
NATIONAL_FIRMS = {"airline", "carrier", "bank", "company", "oil", "railway", "railways"}


#: Pacts often named after the city where they were made.
PLACE_NAMED_PACTS = {
    "agreement", "accord", "accords", "treaty", "protocol", "convention", "declaration",
    "agreements", "process", "format",
}  # fmt: skip


#: Heads of a non-state group's name or description: "the Hayat Tahrir al-Sham group"
#: (its own name), "the group" (an anaphor for a group, never a state).
GROUP_WORDS = {"group", "faction", "militia", "outfit", "movement", "organisation", "organization"}


#: Modifiers that make a private noun the state's rulers or the state's own: "the ruling
#: family", "Venezuela's state oil company", "state-owned Rosneft".
_RULING = {"ruling", "royal", "reigning", "governing", "state", "owned", "run"}


#: Private heads through which measures hit a state: "sanctions on Chinese firms",
#: "banned Israeli passport holders from entering".
FIRM_HEADS = {
    "company", "firm", "business", "businessman", "businessmen", "billionaire", "airline",
    "carrier", "citizen", "national", "passport", "holder", "traveller", "traveler",
    "producer", "exporter", "importer", "maker", "manufacturer", "supplier", "lender",
    "tycoon", "conglomerate", "executive", "investor", "entrepreneur", "chipmaker",
    "airlines", "airways",  # a carrier's name, its lemma kept: "Ukraine International Airlines"
}  # fmt: skip


def _owns_firm(span: Span) -> bool:
    """A state's name or demonym on a firm or a businessman: "two American defence firms",
    "Russia's two biggest oil companies"; not a person's mixed origin ("a Swedish-Iraqi
    national")."""
    root = span.root
    doc = span.doc
    mixed = (span.end + 1 < len(doc) and doc[span.end].text == "-") or (
        span.start >= 2 and doc[span.start - 1].text == "-"
    )
    return not mixed and (
        span._.actor_kind not in {"igo", "nsa", "person"}
        and root.dep_ in {"amod", "compound", "nmod", "poss"}
        and root.head.lemma_.lower() in FIRM_HEADS
    )


def _private(span: Span) -> bool:
    """A name or demonym modifying a private noun, or an IGO's "member states"."""
    root, doc = span.root, span.doc
    after = span.end + int(span.end < len(doc) and doc[span.end].text == ")")
    hyphen = span.end + 1 < len(doc) and doc[span.end].text == "-"
    if hyphen and doc[span.end + 1].lower_ in SPONSORED:
        return True  # "Iranian-backed militias": Iran's proxies, not Iran
    if hyphen and doc[span.end + 1].ent_type_ == "NORP":
        return True  # "a Swedish-Iraqi national", "German-Iranian dissident": an origin
    member = after < len(doc) and doc[after].lemma_.lower() == "member"
    if span._.actor_kind == "igo" and member:
        return True  # "the Commonwealth of Independent States (CIS) member countries"
    named_after = root.dep_ in {"compound", "nmod", "amod"} and root.head.lemma_.lower() in (
        PLACE_NAMED_PACTS
    )
    if span._.actor_kind == "capital" and named_after:
        return True  # "the Paris climate agreement", "the Minsk accords": a city's name
    if root.dep_ == "pobj" and root.head.lower_ == "of":
        # "a permanent member of the UN Security Council" is a state, not the UN
        return root.head.head.lemma_.lower() in {"member", "members"}
    if root.dep_ not in {"amod", "compound", "nmod", "poss"} or root.head == root:
        return False
    head = root.head
    ruling = any(c.lower_ in _RULING for c in head.children if c.dep_ in {"amod", "compound"})
    # "Belarus's national airline": the state's own carrier, bank or oil company
    ruling = ruling or (
        head.lemma_.lower() in NATIONAL_FIRMS
        and any(c.lower_ == "national" for c in head.children if c.dep_ == "amod")
    )
    # "the Donetsk and Luhansk people's republics": a republic, not people; "the Yugoslav
    # People's Army", "the Chinese People's Liberation Army": the state's forces
    ruling = ruling or (head.dep_ == "poss" and head.head.lower_ in PEOPLES_BODIES)
    own_name = span._.actor_kind == "nsa" and head.lemma_.lower() in GROUP_WORDS
    if head.lemma_.lower() in nonstate_heads() and not ruling and not own_name:
        return True  # ... but "Libya's ruling family", "Qatar's royal family" are the regime
    if span._.actor_kind == "igo" and head.lemma_.lower() in IGO_MEMBER_HEADS:
        return True  # "the first G7 country", "NATO ally Turkey", "the SCO summit"
    return any(c.dep_ == "compound" and c.lemma_.lower() == "member" for c in head.children)


#: What "<demonym> People's ..." names when it is a state's own body, not its people.
PEOPLES_BODIES = {"republic", "republics", "army", "liberation", "police", "congress", "assembly"}


#: Words before a person's name that place them in an office they have left.
FORMER_WORDS = {"former", "ousted", "deposed", "toppled", "late", "exiled", "then", "ex"}


def _called(span: Span, words: set[str]) -> bool:
    """Is the name introduced by one of these words ("former dictator Bashar Assad", "the
    late Hafez Assad", "President-elect Donald Trump")?"""
    return any(t.lower_ in words for t in span.doc[max(span.start - 3, 0) : span.start])


#: Words for someone about to take office: "President-elect Donald Trump", "the
#: incoming prime minister", "Prime Minister-designate".
ELECT_WORDS = {"elect", "incoming", "designate"}


class MentionFinder:
    """Builds the matcher once per pipeline; callable as a spaCy component."""

    def __init__(self, nlp: Language, table: ActorTable | None = None) -> None:
        self.table = table or _table()
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        # Original spelling: "U.S." tokenizes differently from "u.s."; LOWER still ignores case.
        texts = sorted({a.text for a in self.table.aliases() if a.kind != "title"})
        # a surname alone ("Macron said") names the person who holds office on the
        # article's day: the spans of every person of that surname, one code each
        self.surname_spans: dict[str, list[Alias]] = self.table.surnames()
        patterns = [nlp.make_doc(t) for t in texts]
        self.matcher.add("ACTOR", patterns)
        self.matcher.add("SURNAME", [nlp.make_doc(s.title()) for s in self.surname_spans])
        # "sanctions on 11 Americans": a demonym's plural names the state's nationals,
        # whom a measure hits as it hits the state's firms (never an actor of their own)
        self.nationals = {
            f"{a.text}s".lower(): a.text
            for a in self.table.aliases()
            if a.kind == "demonym" and a.text[-1:] in {"n", "i"} and " " not in a.text
        }
        self.matcher.add("NATIONALS", [nlp.make_doc(p) for p in self.nationals])
        self.titles = {a.text.lower() for a in self.table.aliases() if a.kind == "title"}
        honorifics = {"mr", "ms", "mrs", "dr", "mr.", "ms.", "mrs.", "dr."}
        self.title_words = {w for t in self.titles for w in t.split()} | honorifics

    def _accented(self, doc: Doc) -> list[tuple[int, int, int]]:
        """Names written with accents the table spells without ("Việt Nam", "Hà Nội"):
        the matcher compares letters exactly, the table's lookup folds accents. Only the
        rare tokens with letters outside ASCII are tried, with up to two neighbours each
        side, the longest name first."""
        actor_id = doc.vocab.strings["ACTOR"]
        found: list[tuple[int, int, int]] = []
        for i in (t.i for t in doc if not t.text.isascii() and t.is_alpha):
            spans = sorted(
                (
                    (a, b)
                    for a in range(max(0, i - 2), i + 1)
                    for b in range(i + 1, min(len(doc), i + 3) + 1)
                ),
                key=lambda ab: ab[0] - ab[1],
            )
            for a, b in spans:
                if any(t.is_punct for t in doc[a:b]):
                    continue
                if self.table.candidates(doc[a:b].text):
                    found.append((actor_id, a, b))
                    break
        return found

    def _given_name(self, word: str, surname: str) -> bool:
        """Is the word one of the names the table gives a person of that surname ("Tayyip
        Erdogan" for "Recep Tayyip Erdogan")?"""
        return any(
            word in alias.text.lower().split()[:-1]
            for alias in self.surname_spans.get(surname.lower(), [])
        )

    def _surname_code(self, text: str, when: date | None) -> str | None:
        """The one code a surname stands for on ``when`` (any day when there is none):
        the person in office that day, else the one whose office ended last before it
        ("Assad's forces" in 2025 are still Syria's); never someone who takes office
        later ("Trump" in 2016). Two codes for the same day give none."""
        aliases = self.surname_spans.get(text.lower(), [])
        codes = {a.code for a in aliases if when is None or a.valid_on(when)}
        if not codes and when is not None:
            codes = {a.code for a in ended_last(aliases, when)}
        return next(iter(codes)) if len(codes) == 1 else None

    def __call__(self, doc: Doc) -> Doc:
        when = doc._.published
        spans: list[Span] = []
        surname_id = doc.vocab.strings["SURNAME"]
        nationals_id = doc.vocab.strings["NATIONALS"]
        nationals: list[Span] = []
        for match_id, start, end in [*self.matcher(doc), *self._accented(doc)]:
            span = Span(doc, start, end)
            if match_id == nationals_id:
                code = self.table.resolve(self.nationals[span.text.lower()], when, {"demonym"})
                if code and span.root.tag_ in {"NNS", "NNPS"}:
                    nationals.append(Span(doc, start, end, label=code))
                continue
            if match_id == surname_id:
                if not span[0].is_title:
                    continue
                before = doc[start - 1] if start else None
                if (
                    before is not None
                    and before.pos_ == "PROPN"
                    and before.is_title
                    and before.lower_ not in self.title_words
                    and before.ent_type_ not in {"DATE", "TIME", "GPE", "NORP"}
                    and not self._given_name(before.lower_, span.text)
                ):  # ("On Tuesday Biden spoke", "In Moscow Putin said": no given name)
                    continue  # "Simon Harris" is not the "Harris" of the table
                after = doc[end] if end < len(doc) else None
                if after is not None and after.pos_ == "PROPN" and after.ent_type_ == "PERSON":
                    continue  # "Martin Harris" is not the "Martin" of the table either
                code, kind = self._surname_code(span.text, when), "person"
                if code is None:
                    continue
            else:
                if _inside_other_name(span):
                    continue
                code = self.table.resolve(span.text, when)
                if code is None and _called(span, FORMER_WORDS):
                    code = self.table.former(span.text, when)
                if code is None and _called(span, ELECT_WORDS):
                    code = self.table.upcoming(span.text, when)
                if code is None:
                    continue
                kind = _kind_of(self.table, span.text)
                if kind == "igo" and start and doc[start - 1].tag_ == "POS":
                    continue  # "Russia's Security Council": a state's own organ, not the UN
            span = Span(doc, start, end, label=code)
            span._.actor_kind = kind
            spans.append(span)
        dateline = dateline_chars(doc)
        spans = [s for s in filter_spans(spans) if s.start_char not in dateline]
        private = {s.start for s in spans if s._.actor_kind != "person" and _private(s)}
        # "the Collective Security Treaty Organization (CSTO) member countries": the name
        # goes where its abbreviation goes
        private |= {
            s.start
            for s in spans
            if s.end + 1 < len(doc) and doc[s.end].text == "(" and s.end + 1 in private
        }
        # "sanctions on two American defence firms": a firm's state, kept apart for the
        # measures that hit a state through its firms
        doc.spans["owners"] = [
            *(s for s in spans if s.start in private and _owns_firm(s)),
            *(s for s in nationals if s.start not in dateline),
        ]
        spans = [s for s in spans if s.start not in private]
        spans = filter_spans(spans + self._officials(doc, spans))
        spans = filter_spans(spans + _organisation_descriptions(doc, spans))
        spans = filter_spans(spans + _title_references(doc, spans))
        spans = filter_spans(spans + _state_descriptions(doc, spans))
        spans = filter_spans(spans + _own_country(doc, spans))
        spans = filter_spans(spans + _fronted_seat(doc, spans))
        doc.spans["actors"] = _seats(spans)
        return doc

    def _officials(self, doc: Doc, actors: list[Span]) -> list[Span]:
        """Link PERSON entities to the actor named in their title, then reuse their names."""
        by_token = {t: s for s in actors for t in range(s.start, s.end)}
        people = [
            p for p in self._people(doc) if not any(t in by_token for t in range(p.start, p.end))
        ]
        names: dict[str, str] = {}
        for person in people:
            code = _title_owner(person.root, by_token)
            if code:
                names[person.text] = code
                names.setdefault(person[-1].text, code)
        known = [s for s in actors if s._.actor_kind == "person" and len(s) > 1]
        for span in known:  # a table name ("Wang Yi") is also written short afterwards
            names.setdefault(span[-1].text, span.label_)
        for person in [*people, *known]:  # "Wang Yi" ... "Wang said": family name first
            code = names.get(person.text) or (person.label_ if person in known else None)
            # a table name of three words may be family name first too: "Kim Jong Un"
            if code and (len(person) == 2 or (len(person) == 3 and person in known)):
                names.setdefault(person[0].text, code)
        found: list[Span] = []
        for person in people:
            code = names.get(person.text) or names.get(person[-1].text)
            if code:
                span = Span(doc, person.start, person.end, label=code)
                span._.actor_kind = "person"
                found.append(span)
        # a linked name alone, where the NER missed it: "Wang described the agreement"
        if not names:
            return found
        covered = set(by_token) | {t for p in people for t in range(p.start, p.end)}
        words = doc.to_array([POS, ORTH])
        known = numpy.array([hash_string(n) for n in names], dtype=numpy.uint64)
        hits = numpy.flatnonzero((words[:, 0] == PROPN) & numpy.isin(words[:, 1], known))
        for i in hits.tolist():
            code = names.get(doc[i].text)
            if code and i not in covered:
                span = Span(doc, i, i + 1, label=code)
                span._.actor_kind = "person"
                found.append(span)
        return found

    def _people(self, doc: Doc) -> list[Span]:
        """Person names: the NER's PERSON entities, or, in a pipeline run without NER,
        runs of proper nouns with the title words ("Foreign Minister") taken off."""
        if doc.has_annotation("ENT_IOB"):
            return [e for e in doc.ents if e.label_ == "PERSON"]
        people: list[Span] = []
        i = 0
        while i < len(doc):
            if doc[i].pos_ != "PROPN":
                i += 1
                continue
            j = i
            while j < len(doc) and doc[j].pos_ == "PROPN":
                j += 1
            start, end = i, j
            while start < end and doc[start].lower_ in self.title_words:
                start += 1
            while end > start and doc[end - 1].lower_ in self.title_words:
                end -= 1
            if end > start and all(t.text[:1].isupper() for t in doc[start:end]):
                people.append(doc[start:end])
            i = j
        return people


#: Capitals that also stand for the body seated there: "Brussels is considering sanctions"
#: is the EU when the article is about the EU and never names the host state otherwise.
_SEATS = {"brussels": "EU"}


#: Nouns that, made definite, stand for the organisation just named: "NATO ... the
#: alliance's expansion", "the EU ... the bloc's foreign ministers".
ORGANISATION_DESCRIPTIONS = {
    "alliance", "bloc", "union", "grouping", "organisation", "organization",
}  # fmt: skip
#: Descriptions that fit only some organisations: "the alliance" is a military one, "the
#: union" the EU or the AU (others: whichever was named last).
DESCRIBED_KINDS = {"alliance": {"NATO", "CSTO"}, "union": {"EU", "AU"}}
#: How many characters back the organisation must have been named.
DESCRIPTION_REACH = 1500


def _organisation_descriptions(doc: Doc, spans: list[Span]) -> list[Span]:
    """ "the alliance", "the bloc's": the international organisation named last before
    them, if one was named within reach; never a state."""
    igos = sorted((s for s in spans if s._.actor_kind == "igo"), key=lambda s: s.start)
    if not igos:
        return []
    found = []
    for tok in doc:
        if tok.lemma_.lower() not in ORGANISATION_DESCRIPTIONS or tok.pos_ != "NOUN":
            continue
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
            continue  # "an alliance of democracies", "a customs union"
        if any(c.dep_ in {"compound", "amod", "poss"} for c in tok.children):
            continue  # "the African Union", "the military alliance with Russia"
        kinds = DESCRIBED_KINDS.get(tok.lemma_.lower())
        named = _named_last(tok, igos, kinds)
        if named is not None:
            span = Span(doc, tok.i, tok.i + 1, label=named.label_)
            span._.actor_kind = "igo"
            found.append(span)
    return found


def _named_last(tok: Token, spans: list[Span], codes: set[str] | None) -> Span | None:
    """The actor named last before a description ("the alliance", "the kingdom"), within
    reach, among ``codes`` when given. ``spans`` are in text order."""
    before = [
        s
        for s in spans
        if s.end <= tok.i
        and tok.idx - s.start_char < DESCRIPTION_REACH
        and (codes is None or s.label_ in codes)
    ]
    return before[-1] if before else None


#: What a state's form of rule makes it called: "the kingdom", "the emirate".
STATE_DESCRIPTIONS = {
    "kingdom": {
        "SAU", "JOR", "MAR", "BHR", "GBR", "ESP", "NLD", "BEL", "NOR", "SWE", "DNK", "THA",
        "KHM", "BTN", "LSO", "SWZ", "TON",
    },
    "emirate": {"QAT", "KWT", "ARE"},
    "sultanate": {"OMN", "BRN"},
}  # fmt: skip


def _state_descriptions(doc: Doc, spans: list[Span]) -> list[Span]:
    """ "the kingdom expelled Lebanon's ambassador", "the Gulf emirate": the state of that
    form of rule named last before, within reach. A description with a name of its own
    ("the Kingdom of Saudi Arabia", "the United Kingdom") is that name's."""
    taken = {t for s in spans for t in range(s.start, s.end)}
    found = []
    for tok in doc:
        kinds = STATE_DESCRIPTIONS.get(tok.lower_)  # one state: "the two kingdoms" are a pair
        if kinds is None or tok.pos_ not in {"NOUN", "PROPN"} or tok.i in taken:
            continue
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
            continue  # "a kingdom of deserts"
        if any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
            continue  # "the Kingdom of Saudi Arabia", "the kingdom of heaven"
        named = _named_last(tok, spans, kinds)
        if named is not None:
            span = Span(doc, tok.i, tok.i + 1, label=named.label_)
            span._.actor_kind = "short"
            found.append(span)
    return found


#: Offices a person holds alone, which "the <office>" names again once the holder was
#: introduced with it: "King Abdullah II ... Biden spoke with the King".
HOLDER_TITLES = (
    "crown prince", "prime minister", "foreign minister", "foreign secretary",
    "secretary of state", "supreme leader", "vice president", "president", "premier",
    "chancellor", "king", "queen", "emir", "sultan",
)  # fmt: skip
#: How many characters back the holder must have been introduced.
TITLE_REACH = 3000


def _title_references(doc: Doc, spans: list[Span]) -> list[Span]:
    """ "the King", "the crown prince", "the president": the state of the person last
    introduced with that office ("Crown Prince Mohammed bin Salman", "King Abdullah II",
    "Kenyan President William Ruto"). Only a bare "the <office>": "the president of
    France" and "the Saudi crown prince" name their state themselves."""
    starts = {s.start: s for s in spans if s._.actor_kind == "person"}
    taken = {t for s in spans for t in range(s.start, s.end)}
    holders: dict[str, list[tuple[int, str]]] = {}  # office -> (char offset, code)
    found: list[Span] = []
    i = 0
    while i < len(doc):
        office = _office_at(doc, i)
        if office is None:
            i += 1
            continue
        end = i + len(office.split())
        # "Crown Prince Mohammed bin Salman", "President, William Ruto", or a table name
        # that holds the office itself ("King Abdullah II")
        comma = end < len(doc) and doc[end].text == ","
        holder = starts.get(i) or starts.get(end) or (starts.get(end + 1) if comma else None)
        if holder is not None and (i == 0 or doc[i - 1].lower_ != "the"):
            holders.setdefault(office, []).append((doc[i].idx, holder.label_))
        elif (
            i > 0
            and doc[i - 1].lower_ == "the"
            and not taken & set(range(i, end))
            and not (end < len(doc) and (doc[end].lower_ == "of" or doc[end].pos_ == "PROPN"))
        ):
            before = [h for h in holders.get(office, []) if doc[i].idx - h[0] < TITLE_REACH]
            if before:
                span = Span(doc, i - 1, end, label=before[-1][1])
                span._.actor_kind = "person"
                found.append(span)
        i = end
    return found


#: Bodies that speak for a state without naming it: "In Paris, the foreign ministry said".
SPEAKING_BODIES = {
    "ministry", "government", "official", "officials", "spokesman", "spokeswoman",
    "spokesperson", "presidency", "cabinet", "office", "minister", "diplomat", "diplomats",
}  # fmt: skip


def _fronted_seat(doc: Doc, spans: list[Span]) -> list[Span]:
    """ "In Paris, the foreign ministry welcomed the resolution": a capital set before the
    sentence, then a body with no state of its own as subject: that capital's body."""
    by_start = {s.start: s for s in spans}
    taken = {t for s in spans for t in range(s.start, s.end)}
    found = []
    for sent in doc.sents:
        if len(sent) < 5 or sent[0].lower_ != "in":
            continue
        seat = by_start.get(sent.start + 1)
        if seat is None or seat._.actor_kind != "capital" or seat.end >= sent.end:
            continue
        if doc[seat.end].text != ",":
            continue
        for t in sent:
            if t.dep_ not in {"nsubj", "nsubjpass"} or t.head != sent.root:
                continue
            if t.lemma_.lower() in SPEAKING_BODIES and not taken & set(
                range(t.left_edge.i, t.i + 1)
            ):
                span = Span(doc, t.left_edge.i, t.i + 1, label=seat.label_)
                span._.actor_kind = "government"
                found.append(span)
    return found


#: Nouns that "his"/"her" make the person's state: "since Russia invaded his country".
OWN_STATE_NOUNS = {"country", "nation", "homeland", "government"}


def _own_country(doc: Doc, spans: list[Span]) -> list[Span]:
    """ "his country", "her government": the state of the person the sentence is about
    (its main subject, when a person) else of the person named last before it there."""
    people = [s for s in spans if s._.actor_kind == "person"]
    found = []
    for tok in doc:
        if tok.lemma_.lower() not in OWN_STATE_NOUNS or tok.pos_ != "NOUN":
            continue
        owner = [c for c in tok.children if c.dep_ == "poss" and c.lower_ in {"his", "her"}]
        if not owner:
            continue
        sent = tok.sent
        before = [p for p in people if sent.start <= p.start and p.end <= owner[0].i]
        main = [
            p for p in before if p.root.head == sent.root and p.root.dep_ in {"nsubj", "nsubjpass"}
        ]
        chosen = main or before[-1:]
        if chosen:
            span = Span(doc, owner[0].i, tok.i + 1, label=chosen[0].label_)
            span._.actor_kind = "short"
            found.append(span)
    return found


#: The first words of the offices, to pass over every other token at once.
_OFFICE_STARTS = {office.split()[0] for office in HOLDER_TITLES}


def _office_at(doc: Doc, i: int) -> str | None:
    """The office whose words start at token i, longest first ("crown prince" before
    "prince"), or None."""
    if doc[i].lower_ not in _OFFICE_STARTS:
        return None
    for office in HOLDER_TITLES:
        words = office.split()
        if doc[i].lower_ == words[0] and [t.lower_ for t in doc[i : i + len(words)]] == words:
            return office
    return None


def _seats(spans: list[Span]) -> list[Span]:
    labels = {s.label_ for s in spans}
    hosts = {s.label_ for s in spans if s._.actor_kind != "capital"}
    out = []
    for span in spans:
        body = _SEATS.get(span.text.lower())
        if body and span._.actor_kind == "capital" and body in labels and span.label_ not in hosts:
            seat = Span(span.doc, span.start, span.end, label=body)
            seat._.actor_kind = "seat"  # not the table's reading of the name
            span = seat
        out.append(span)
    return out


def _kind_of(table: ActorTable, text: str) -> str:
    kinds = {a.kind for a in table.candidates(text)}
    for kind in ("name", "short", "government", "igo", "nsa", "person", "demonym", "capital"):
        if kind in kinds:
            return kind
    return next(iter(kinds), "name")


#: Last words of news outlets' names.
_MEDIA_WORDS = {
    "news", "times", "post", "daily", "herald", "tribune", "radio", "tv", "television",
    "agency", "press", "gazette", "journal", "today", "independent", "observer", "review",
    "chronicle", "mirror", "telegraph", "guardian", "express", "monitor", "insider",
}  # fmt: skip


#: Prefixes that make a name part of a stance or policy: "one-China", "pro-Russia".
_STANCE_PREFIXES = {"one", "pro", "anti", "non"}


#: Words that make "America"/"American" a region, not the United States.
_REGION_WORDS = {"central", "south", "latin", "north"}


def _in_outlet_name(span: Span) -> bool:
    """Is the span inside a named entity that goes on past it and ends in a media word?
    Read off the tokens' IOB tags, so each match costs the entity's length, not a scan of
    every entity in the document."""
    doc = span.doc
    if not doc.has_annotation("ENT_IOB") or span[0].ent_iob_ == "O":
        return False
    if any(t.ent_iob_ != "I" for t in span[1:]):
        return False  # the span runs over more than one entity
    end = span.end
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return end > span.end and doc[end - 1].lower_ in _MEDIA_WORDS


def _inside_other_name(span: Span) -> bool:
    """ "Washington Post", "New Mexico": a match glued to more proper nouns is not the actor;
    "Central America", "Latin American" are regions, not the United States."""
    doc = span.doc
    before = doc[span.start - 1] if span.start else None
    stance = span.start >= 2 and doc[span.start - 2].lower_ in _STANCE_PREFIXES
    if stance and doc[span.start - 1].text == "-":
        return True  # "the one-China policy", "pro-Russia separatists": a stance, not China
    region = before is not None and before.lower_ in _REGION_WORDS
    if region and span[0].lower_.startswith("americ"):
        return True
    if _in_outlet_name(span):
        return True  # "Pakistan Point News", "the Tehran Times": an outlet, not the state
    inner = (
        before is not None
        and span[0].ent_iob_ == "I"
        and before.is_title
        and before.lower_ != "the"
        # places, and organisations only for an organisation's name: a title-case
        # headline read as one name ("Kyrgyzstan Takes Taliban Off ...") keeps its actors
        and (
            span[0].ent_type_ in _PLACE_ENTITIES
            or (span[0].ent_type_ == "ORG" and _kind_of(_table(), span.text) == "igo")
        )
    )
    if inner:
        return True  # "Northern Ireland", "Iran's Supreme National Security Council"
    joined = (  # "the African Union's Peace and Security Council": one name with "and"
        before is not None
        and before.lower_ == "and"
        and span.start >= 2
        and doc[span.start - 2].is_title
        and span[0].ent_iob_ == "I"
        and _kind_of(_table(), span.text) == "igo"
    )
    if joined:
        return True
    after = doc[span.end] if span.end < len(doc) else None
    if after is not None and after.lower_ == "people":
        return False  # "the Donetsk and Luhansk People's Republics": the republic itself
    if after is not None and after.pos_ == "PROPN" and after.ent_iob_ == "I":
        if span[0].ent_iob_ == "B" and span[0].ent_type_ in _PLACE_ENTITIES and span[0].is_title:
            return True  # "British Columbia", "Georgia Avenue": a place named after it
        return span[0].ent_type_ not in {"GPE", "NORP", "ORG", ""}
    # "New Mexico", "New Guinea"
    return (
        span[0].ent_iob_ == "I"
        and span[0].ent_type_ in _PLACE_ENTITIES
        and before is not None
        and before.lower_ in _PLACE_PREFIXES
    )


#: Place entities whose names may hold a state's name: "British Columbia", "New Mexico",
#: "Northern Ireland".
_PLACE_ENTITIES = {"GPE", "LOC", "FAC"}
#: Words that make a state's name part of another place's: "New Mexico", "New Guinea".
_PLACE_PREFIXES = {"new"}


def _title_owner(person: Token, by_token: dict[int, Span]) -> str | None:
    """The actor in a person's title: appositive, compound chain or possessive."""
    nouns = [person, *[c for c in person.children if c.dep_ == "appos"]]
    if person.dep_ == "appos":
        nouns.append(person.head)
    for noun in nouns:
        stack = list(noun.children) + [  # "Hong Lei, ... at China's Foreign Ministry"
            g
            for c in noun.children
            if c.dep_ == "prep" and c.lower_ in _AFFILIATION
            for g in c.children
            if g.dep_ == "pobj"
        ]
        while stack:
            tok = stack.pop()
            if tok.dep_ in _LINK_DEPS or (tok.dep_ == "appos" and noun == person):
                # another person's name is a title only as its possessor ("Putin's
                # spokesman Dmitry Peskov"), not in a chain misread as compounds ("Mr
                # Trump mocking Mr Kim")
                other = tok.i in by_token and by_token[tok.i]._.actor_kind == "person"
                if tok.i in by_token and (not other or tok.dep_ == "poss"):
                    return by_token[tok.i].label_
                if other:
                    continue
                stack.extend(c for c in tok.children if c.dep_ in _LINK_DEPS | {"case"})
                # "director general ... at China's Foreign Ministry", "spokesman for Kabul"
                stack.extend(
                    g
                    for c in tok.children
                    if c.dep_ == "prep" and c.lower_ in _AFFILIATION
                    for g in c.children
                    if g.dep_ == "pobj"
                )
    return None


@Language.factory("chancery_mentions")
def make_mentions(nlp: Language, name: str) -> MentionFinder:
    return MentionFinder(nlp)
