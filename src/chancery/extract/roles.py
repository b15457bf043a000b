"""Who did what to whom: reading source and target actors off the dependency parse.

Each trigger pattern names a *frame* (see ``data/triggers.tsv``):

* ``agent``  — source: the subject (the "by" agent in the passive, the possessor or
  "by" phrase of a noun); target: the object, or a "with/against/on/to/of" phrase.
* ``owner``  — like agent, but the target is whoever owns the object: the credentials
  "of Afghanistan's ambassador", the assets "of Afghanistan's central bank".
* ``envoy``  — an envoy noun: source is its owner ("the Taliban's new ambassador"),
  target its destination ("to Moscow").
* ``place``  — embassies: target is the place ("in Niger", "in the Saudi capital").
* ``mutual`` — like agent; coordinated subjects with no target act on each other
  ("Iran and Saudi Arabia agreed to restore ties" is two events).
* ``exchange`` — like mutual, and a "with" partner gets the reverse event too.
* ``meet-person`` — a visit counts as a meeting only when a person is visited.
* ``recipient`` — like agent; aid promised to no one named goes to the article's topic.

Pronouns and nouns like "the group" or "the kingdom" in a role are resolved to the most
salient earlier actor (see :class:`Salience`).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

#: Verbs that report speech: their subject is who said what their clause says.
SAY_VERBS = {
    "say",
    "add",
    "state",
    "declare",
    "announce",
    "tell",
    "note",
    "write",
    "post",
    "believe",
    "emphasize",
    "emphasise",
    "stress",
    "reaffirm",
}

SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
OBJECTS = {"dobj", "obj", "attr", "oprd", "dative"}
TARGET_PREPS = {
    "with", "against", "on", "to", "of", "from", "toward", "towards", "for", "inside", "into",
}  # fmt: skip
PLACE_PREPS = {"in", "to", "at", "inside", "into"}
# Prepositions whose phrase is never a participant (time, place of a meeting, cause).
NEVER_PREPS = {"in", "at", "during", "since", "after", "before", "until", "amid", "despite", "over"}
#: Determiners that make a subject a quantity of unnamed actors ("no other nation").
QUANTIFIERS = {
    "no",
    "any",
    "many",
    "some",
    "most",
    "few",
    "other",
    "several",
    "all",
    "every",
    "each",
}
#: Pronouns that pick from a group: "none of the three".
PARTITIVES = {"none", "neither", "either", "all", "each", "both", "some", "most", "one", "any"}
DEFINITE = {"the", "this", "that", "these", "those"}
RELATIVES = {"which", "who", "that", "whom", "whose"}
PRONOUNS = {"it", "its", "they", "them", "their", "he", "him", "his", "she", "her"}
ANAPHORS = {
    "it", "its", "they", "them", "their", "he", "him", "his", "she", "her",
    "group", "movement", "country", "kingdom", "regime", "government", "nation",
    "administration", "state", "republic", "ministry", "authorities", "junta", "organisation",
    "organization", "militants", "emirate",
}  # fmt: skip
PERSON_HEADS = {
    "minister", "president", "counterpart", "leader", "king", "prince", "premier", "chancellor",
    "ambassador", "envoy", "secretary", "emir", "sheikh", "official", "diplomat", "spokesperson",
    "spokesman", "mullah", "head", "chief", "ruler", "sultan", "queen",
}  # fmt: skip


@dataclass
class Salience:
    """Earlier actors, for resolving "it", "the group", "Moscow's move".

    Pronouns take the nearest earlier subject; nouns like "the group" take the actor the
    article has named most often so far (its topic), recent mentions breaking ties.
    """

    subjects: list[list[str]] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)
    #: who acted in the latest sentence that reported an event: "the move", "this deal"
    last_actors: list[str] = field(default_factory=list)
    #: who made the article's main act so far: "the recognitions"
    main_actors: list[str] = field(default_factory=list)
    #: the two sides of the latest event between two actors: "the two", "both countries"
    last_pair: list[str] = field(default_factory=list)
    #: who did the latest thing told, event or not ("Japan began releasing the water"):
    #: what "the move" is when no event has been told yet
    last_doers: list[str] = field(default_factory=list)
    #: (type, source) -> the target of the latest such act told: "Israel's recognition"
    acts: dict[tuple[str, str], str] = field(default_factory=dict)
    #: source -> the other side of its latest act told: "deepen cooperation" with whom
    partner: dict[str, str] = field(default_factory=dict)
    #: target -> who last accused or criticised it: whose "claim" it then rejects
    accuser: dict[str, str] = field(default_factory=dict)
    #: who spoke last ("Takaichi said ..."): whose "remarks" others then condemn, for the
    #: next few sentences only (``speakers_age`` counts those since)
    last_speakers: list[str] = field(default_factory=list)
    speakers_age: int = 0
    #: the pronouns that can stand for the latest act told: "it" for "the strike" or
    #: "struck", "them" for "the strikes" (with its makers in ``last_actors``)
    act_pronouns: frozenset[str] = frozenset()
    #: whom the latest measure told hit: whom "a similar ban" or "their own bans" hit
    measure_target: str | None = None
    #: the pairs of the meetings told so far in the sentence being read: "he held talks
    #: with Xi, and the two governments signed 20 agreements"
    sentence_pairs: list[list[str]] = field(default_factory=list)

    def pair(self, exclude: set[str]) -> list[str]:
        """ "The two had established relations in 1941": the parties of the latest event
        (of this sentence first), else the latest group of subjects."""
        for told in reversed(self.sentence_pairs):
            if len(told) == 2 and not set(told) & exclude:
                return told
        left = [c for c in self.last_pair if c not in exclude]
        return left if len(left) == 2 else self.resolve(exclude, group=True)

    def note_sentence(self, subject_codes: list[str], codes: Iterable[str]) -> None:
        if subject_codes:
            self.subjects.append(subject_codes)
        self.mentions.extend(codes)

    def resolve(self, exclude: set[str], *, topic: bool = False, group: bool = False) -> list[str]:
        if topic:
            counts: dict[str, float] = {}
            for i, code in enumerate(self.mentions):
                if code not in exclude:
                    counts[code] = counts.get(code, 0) + 1 + i / (10 * len(self.mentions))
            if counts:
                return [max(counts, key=lambda c: counts[c])]
            return []
        for codes in reversed(self.subjects[-3:]):
            left = [c for c in codes if c not in exclude]
            if left:
                return left if group else left[:1]
        for code in reversed(self.mentions[-12:]):
            if code not in exclude:
                return [code]
        return []


class ActorIndex:
    """Token index → actor span, for one Doc."""

    def __init__(self, doc: Doc) -> None:
        self.spans: list[Span] = sorted(doc.spans.get("actors", []), key=lambda s: s.start)
        self.starts = [s.start for s in self.spans]
        self.by_token: dict[int, Span] = {t: s for s in self.spans for t in range(s.start, s.end)}
        self.firm_owner: dict[int, str] = {
            t: s.label_ for s in doc.spans.get("owners", []) for t in range(s.start, s.end)
        }

    def firm_owners(self, tokens: Iterable[Token]) -> list[str]:
        """States whose firms the tokens name ("two American defence firms")."""
        return list(dict.fromkeys(self.firm_owner[t.i] for t in tokens if t.i in self.firm_owner))

    def in_tokens(self, tokens: Iterable[Token], *, places: bool = True) -> list[str]:
        """Actor codes of spans whose tokens appear, in text order, without repeats."""
        codes: list[str] = []
        for tok in sorted(tokens, key=lambda t: t.i):
            span = self.by_token.get(tok.i)
            if span is None or span.label_ in codes:
                continue
            if not places and span._.actor_kind == "capital":
                continue
            codes.append(span.label_)
        return codes

    def codes_between(self, start: int, end: int) -> list[str]:
        """Codes of the spans starting in a token range, in text order, without repeats."""
        first = bisect.bisect_left(self.starts, start)
        last = bisect.bisect_left(self.starts, end)
        return list(dict.fromkeys(s.label_ for s in self.spans[first:last]))

    def is_actor(self, tok: Token) -> bool:
        return tok.i in self.by_token

    def kind(self, tok: Token) -> str | None:
        """The kind of actor the token names ("person", "igo", "capital", ...), if any."""
        span = self.by_token.get(tok.i)
        return span._.actor_kind if span is not None else None  # type: ignore[no-any-return]

    def names_person(self, tok: Token) -> bool:
        """A person's name, not a state's: the NER says so (and the table does not read
        it as a state or capital), or the table knows the person ("Lula") whatever the
        NER says."""
        if self.kind(tok) == "person":
            return True
        return is_person(tok) and not self.is_place(tok)

    def is_place(self, tok: Token) -> bool:
        """Named as a state or capital ("visit Turkiye"), not as a person."""
        return self.is_actor(tok) and self.kind(tok) != "person"


#: Appositions that describe an actor by another one: "al Shabaab, an al Qaeda affiliate".
AFFILIATE_NOUNS = {
    "affiliate", "offshoot", "branch", "proxy", "ally", "wing", "arm", "franchise", "partner",
    "client", "satellite", "splinter",
}  # fmt: skip


def phrase(
    tok: Token, skip_preps: set[str] = NEVER_PREPS, skip_envoy_to: bool = False
) -> list[Token]:
    """A token's subtree without time/place phrases and relative clauses."""
    out: list[Token] = []
    stack = [tok]
    while stack:
        t = stack.pop()
        out.append(t)
        for child in t.children:
            if child.dep_ in {"punct", "cc"} and t != tok:
                continue
            if child.dep_ in {"relcl", "advcl", "ccomp", "acl"}:
                continue
            ruled = child.lower_ == "in" and t.lemma_.lower() in RULER_NOUNS
            if child.dep_ == "prep" and child.lower_ in skip_preps and not ruled:
                continue  # but "the government in Caracas" is Venezuela's
            if child.dep_ == "prep" and _occasion(child):
                continue  # "on the sidelines of the SCO summit"
            serving = t.lemma_.lower() in SERVING_NOUNS  # "Lau, an adviser to Mr Ortega"
            # "the emir of Qatar, the sultan of Oman, and ...": a list item read as an
            # apposition
            ruler = t.lemma_.lower() in PERSON_HEADS | RULER_NOUNS and child.lower_ == "of"
            if child.dep_ == "prep" and t.dep_ == "appos" and t != tok and not (serving or ruler):
                continue  # "Saudi Arabia, an ally of the United States"
            if child.dep_ == "appos" and child.lemma_.lower() in AFFILIATE_NOUNS:
                continue  # "al Shabaab, an al Qaeda affiliate": another group described
            if (
                skip_envoy_to
                and child.dep_ == "prep"
                and child.lower_ in {"to", "in"}
                and (t.lemma_.lower() in {"ambassador", "envoy", "emissary", "diplomat"})
            ):
                continue
            stack.append(child)
    return out


#: A person's office in the service of another: "an adviser to Mr Ortega" is Nicaragua's.
SERVING_NOUNS = {
    "adviser", "advisor", "aide", "confidant", "spokesman", "spokeswoman", "deputy", "chief",
}  # fmt: skip


#: Nouns of a prepositional phrase that only tells where a meeting took place.
OCCASION_NOUNS = {"sideline", "sidelines", "margin", "margins", "occasion", "eve"}


#: Nouns before "with" that make it a manner, not a partner: "in solidarity with Baku",
#: "in coordination with its allies", "in line with EU rules".
MANNER_WITH_NOUNS = {
    "solidarity", "coordination", "concert", "tandem", "line", "consultation", "cooperation",
    "conjunction", "accordance", "keeping", "step",
}  # fmt: skip


def _manner_with(prep: Token) -> bool:
    """ "sealed its frontier with Armenia in solidarity with Baku": Baku is no target."""
    before = prep.doc[prep.i - 1] if prep.i else None
    return (
        prep.lower_ == "with"
        and before is not None
        and before.lemma_.lower() in MANNER_WITH_NOUNS
        and before.dep_ == "pobj"
    )


#: Arms a "with" phrase names as the means of a strike: "struck Odesa with Iranian-made
#: drones" names Iran as the drones' maker, not as a target.
WEAPON_NOUNS = {
    "drone", "missile", "rocket", "shell", "bomb", "artillery", "weapon", "munition",
    "ammunition", "warplane", "jet", "aircraft", "tank", "gun", "mortar", "grenade",
    "explosive", "howitzer", "helicopter", "fighter",
}  # fmt: skip


def _weapon_with(prep: Token) -> bool:
    """ "shelled Kharkiv with North Korean shells": the means, not a partner or target."""
    return prep.lower_ == "with" and any(
        o.dep_ == "pobj" and o.lemma_.lower() in WEAPON_NOUNS for o in prep.children
    )


def _absolute(prep: Token) -> bool:
    """ "met in Putrajaya, with envoys from the US and China attending as observers": a
    "with" phrase that tells the circumstances, not a partner."""
    set_off = prep.i > 0 and prep.doc[prep.i - 1].text == ","  # not "met with officials ..."
    if prep.lower_ != "with" or not set_off:
        return False
    # "..., with Oman carrying messages between them": parsed as a clause with a subject
    if any(c.dep_ == "pcomp" and any(s.dep_ == "nsubj" for s in c.children) for c in prep.children):
        return True
    return any(
        o.dep_ == "pobj"
        and any(
            (c.dep_ == "acl" and c.tag_ in {"VBG", "VBN"}) or c.lower_ in {"present", "looking"}
            for c in o.children
        )
        for o in prep.children
    )


def _time_phrase(prep: Token) -> bool:
    """ "on Thursday", "on 7 November": a preposition whose object is a date."""
    return any(g.dep_ == "pobj" and g.ent_type_ in {"DATE", "TIME"} for g in prep.children)


def _occasion(prep: Token) -> bool:
    return any(g.dep_ == "pobj" and g.lemma_.lower() in OCCASION_NOUNS for g in prep.children)


def governing_verb(tok: Token) -> Token:
    """The verb a noun trigger hangs from (or the token itself)."""
    cur = tok
    for _ in range(6):
        if cur.pos_ in {"VERB", "AUX"} or cur.dep_ == "ROOT":
            return cur
        cur = cur.head
    return cur


#: Nouns whose "in" phrase names the state they rule: "the government in Caracas".
RULER_NOUNS = {
    "government", "regime", "authorities", "authority", "junta", "administration", "leadership",
}  # fmt: skip
#: Heads whose "of" phrase names who acts: "the foreign ministers of Iran and Saudi Arabia".
OF_HEADS = {
    "government", "ministry", "delegation", "authority", "authorities", "leader", "official",
    "force", "army", "military", "people", "representative", "member", "president", "minister",
    "head", "spokesman", "spokesperson", "ambassador", "envoy", "foreign", "republic", "kingdom",
    "state", "emirate",
}  # fmt: skip


def _titled_name(tok: Token) -> bool:
    """A person's name, known as one or by its title: "Ambassador Maria Lopez (of Spain)",
    "President Ruto (of Kenya)", whose "of" phrase names the state the person serves."""
    return tok.pos_ == "PROPN" and (
        tok.ent_type_ == "PERSON"
        or any(c.dep_ == "compound" and c.lemma_.lower() in PERSON_HEADS for c in tok.children)
    )


#: People who come from a state on its behalf: "officials from Egypt and Ethiopia".
SENT_PEOPLE = {"delegation", "official", "diplomat", "envoy", "negotiator", "representative"}


def subject_phrase(tok: Token) -> list[Token]:
    """A subject's actors, not the actors its prepositional phrases merely mention:
    in "the act of official recognition of the government of X" the act is not X's."""
    out = [tok]
    stack = [tok]
    while stack:
        t = stack.pop()
        for c in t.children:
            keep = c.dep_ in {
                "poss",
                "compound",
                "amod",
                "nmod",
                "nummod",
                "conj",
                "appos",
                "case",
                "det",
            }
            if (
                c.dep_ == "prep"
                and c.lower_ == "of"
                and (t.lemma_.lower() in OF_HEADS | PERSON_HEADS or _titled_name(t))
            ):
                keep = True  # "the government of X", "King Abdullah of Jordan"
            if c.dep_ == "nsubj" and t.pos_ == "NOUN":
                keep = True  # a small clause: "makes Honduras the latest country to drop"
            if c.dep_ == "pobj" and t.dep_ == "prep":
                keep = True
            if c.dep_ == "prep" and c.lower_ == "from" and t.lemma_.lower() in SENT_PEOPLE:
                keep = True  # "delegations from Egypt, Ethiopia and Sudan met"
            if c.dep_ == "prep" and c.lower_ in {"like", "including", "as"}:
                # "nations like China, Iran and the UAE", "50 countries, including the
                # United States", "states such as Spain": the named members act
                keep = c.lower_ != "as" or any(g.lower_ == "such" for g in c.children)
            if c.dep_ == "prep" and c.lower_ == "of" and t.lower_ in PARTITIVES:
                # "none of the three", "neither of these countries": the list they pick from
                keep = any(
                    g.lower_ in NUMBER_WORDS or g.lemma_.lower() in GROUP_NOUNS
                    for g in c.children
                    if g.dep_ == "pobj"
                )
            if c.dep_ == "acl" and t == tok and c.lemma_.lower() == "lead":
                # "rebels led by HTS toppled ...": the leader acts
                out += [x for a in c.children if a.dep_ == "agent" for x in phrase(a)]
            if c.dep_ == "poss" and t == tok and tok.lemma_.lower() in AFFILIATE_NOUNS:
                keep = False  # "Taiwan's biggest ally severed ties": not Taiwan
            if c.dep_ == "appos" and c.lemma_.lower() in AFFILIATE_NOUNS:
                keep = False  # "Panama, once Taiwan's closest partner, cut ties"
            if keep:
                out.append(c)
                stack.append(c)
    if tok.lemma_.lower() in AFFILIATE_NOUNS:
        out += _described_before(tok)
    return out + _stranded_conjunct(tok)


def _stranded_conjunct(subject: Token) -> list[Token]:
    """ "China and Nauru formally re-established relations": the parser may hang the
    second name on the verb (npadvmod) instead of on the first; it is still a subject."""
    ccs = [c for c in subject.children if c.dep_ == "cc" and c.lower_ == "and"]
    if not ccs or any(c.dep_ == "conj" for c in subject.children):
        return []
    nxt = subject.doc[ccs[-1].i + 1] if ccs[-1].i + 1 < len(subject.doc) else None
    if nxt is None or nxt.pos_ != "PROPN":
        return []
    while nxt.head.i > nxt.i and nxt.head.pos_ == "PROPN":
        nxt = nxt.head  # "Saudi Arabia": the name's last word heads it
    if nxt.head != subject.head or nxt.dep_ not in {"npadvmod", "nsubj", "dep", "appos"}:
        return []
    return list(nxt.subtree)


def _described_before(noun: Token) -> list[Token]:
    """ "the Solomon Islands, once Taiwan's biggest ally, severed ties": the parser makes
    the description the subject; the name before the comma is who acts."""
    doc = noun.doc
    i = noun.left_edge.i - 1
    while i > 0 and doc[i].pos_ in {"ADV", "SCONJ"}:  # "once", "long", "formerly"
        i -= 1
    if i < 1 or doc[i].text != ",":
        return []
    comma = doc[i]
    named = doc[comma.i - 1]
    while named.head != named and named.head.right_edge.i == named.i and named.head.i < comma.i:
        named = named.head
    return [t for t in named.subtree if t.i < comma.i]


#: Nouns an infinitive can complete: "Norway's decision to recognise", "the announcements
#: from Spain and Ireland to recognise", "expected moves to recognise".
ACT_COMPLEMENT_NOUNS = {
    "decision", "move", "announcement", "plan", "intention", "intent", "bid", "offer",
    "pledge", "promise", "proposal", "threat", "commitment", "readiness", "willingness",
    "step", "declaration", "vow", "choice", "attempt", "push", "effort", "motion", "bill",
    "resolution", "request", "appeal",
}  # fmt: skip
#: Verbs whose object is also the subject of their infinitive: "prompting Israel to
#: summon its ambassador", "urged Britain to recognise", "forced Mali to expel".
OBJECT_CONTROL_VERBS = {
    "prompt", "urge", "ask", "force", "lead", "cause", "push", "persuade", "encourage",
    "allow", "invite", "call", "press", "pressure", "spur", "compel", "convince", "require",
    "order", "tell", "get", "help", "enable", "drive", "trigger",
}  # fmt: skip


#: Instruments a state acts through: "signed a decree recognising", "issued an order lifting".
def _document_authors(noun: Token) -> list[Token]:
    """Who issued a document that stands as a subject: "the executive order Obama signed",
    "a decree issued by Putin". Nothing when the document is not described so."""
    if noun.lemma_.lower() not in DOCUMENT_NOUNS:
        return []
    return [
        t
        for c in noun.children
        if c.dep_ in {"relcl", "acl"} and c.tag_ in {"VBD", "VBN"}
        for a in c.children
        if (a.dep_ in SUBJECTS and a.lower_ not in RELATIVES) or a.dep_ == "agent"
        for t in phrase(a)
    ]


DOCUMENT_NOUNS = {
    "proclamation", "decree", "order", "resolution", "law", "bill", "statement",
    "declaration", "letter", "memorandum", "directive", "notice",
}  # fmt: skip


#: (preposition, verb) whose gerund the verb's object does: "accused Iran of attacking",
#: "charged Moscow with violating". ("for" goes with any verb: "thanked X for removing".)
ACCUSING_PREPS = {
    ("of", "accuse"), ("of", "suspect"), ("of", "convict"), ("with", "charge"),
}  # fmt: skip


def hung_on_object(verb: Token) -> Token | None:
    """The first of two coordinated verbs when the parser hung the second on the first
    one's object ("would restore relations and return ambassadors": "return" a conjunct
    of "relations"); the second verb's subject and tense are the first one's."""
    if verb.dep_ == "conj" and verb.pos_ == "VERB":
        obj = verb.head
        if obj.pos_ in {"NOUN", "PROPN"} and obj.dep_ in OBJECTS:
            return obj.head
    return None


def misread_infinitive(tok: Token) -> bool:
    """A prefixed verb after "to" that the parser read as an adjective of its object:
    "agreed to re-establish relations" (re-establish: amod of relations)."""
    return (
        tok.pos_ == "ADJ"
        and tok.dep_ == "amod"
        and "-" in tok.text
        and tok.i > 0
        and tok.doc[tok.i - 1].lower_ == "to"
    )


def has_to(verb: Token) -> bool:
    """An infinitive: "to recognise"."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def act_noun_of(verb: Token) -> Token | None:
    """The act noun an infinitive completes, whichever way the parser hung it: as the
    noun's clause ("the decision to recognise"), or as a purpose clause of the verb
    whose object the noun is ("praised the announcements from X to recognise Y"), or a
    gerund after "of" ("has no intention of recognising")."""
    if verb.dep_ == "pcomp" and verb.tag_ == "VBG" and verb.head.lower_ == "of":
        noun = verb.head.head
        return noun if noun.lemma_.lower() in ACT_COMPLEMENT_NOUNS else None
    if not has_to(verb):
        return None
    head = verb.head
    if verb.dep_ == "acl" and head.lemma_.lower() in ACT_COMPLEMENT_NOUNS:
        return head
    if verb.dep_ == "advcl" and head.pos_ in {"VERB", "AUX"}:
        for child in head.children:
            if child.dep_ in OBJECTS and child.lemma_.lower() in ACT_COMPLEMENT_NOUNS:
                return child
    if verb.dep_ in {"advcl", "xcomp"}:
        # "gained from other countries' decisions to recognise": hung on the verb, the
        # infinitive still completes the act noun right before its "to"
        to = next(c for c in verb.children if c.dep_ == "aux" and c.lower_ == "to")
        before = verb.doc[to.i - 1] if to.i > 0 else None
        noun = before is not None and before.pos_ == "NOUN"  # not "the UAE plans to"
        if noun and before.lemma_.lower() in ACT_COMPLEMENT_NOUNS:
            return before
    return None


def owner_tokens(
    noun: Token, *, patient_of: bool = False, preps: bool = True
) -> list[Token]:
    """Who a noun belongs to: possessor, demonym or name before it, "from"/"by" phrase,
    and "of" unless the noun is an act whose "of" names who it is done to ("the
    recognition of Palestine by Spain"). ``preps=False``: the modifiers before it only
    ("moving its embassy from Tel Aviv": the "from" is a place, not an owner)."""
    owner_preps = {"from", "by"} if patient_of else {"from", "by", "of"}
    if not preps:
        owner_preps = set()
    return [
        t
        for c in noun.children
        if c.dep_ in {"poss", "compound", "amod", "nmod"}
        or (c.dep_ in {"prep", "agent"} and c.lower_ in owner_preps)
        for t in phrase(c)
    ]


#: Entity labels of a name: a word the tagger took for an adverb may still be one.
NAME_ENTITIES = {"PERSON", "GPE", "ORG", "NORP"}


def subject_tokens(verb: Token) -> tuple[list[Token], bool]:
    """The subject phrase of a verb, climbing through xcomp/conj/pcomp; (tokens, passive)."""
    act = act_noun_of(verb)
    if act is not None:
        while not owner_tokens(act) and act.dep_ == "pobj" and act.head.lower_ == "of":
            act = act.head.head  # "Canada's declaration of intent to recognise"
        owner = owner_tokens(act)
        if verb.dep_ == "pcomp":  # "its intention of recognising X": "of" tells the act
            owner = [t for t in owner if t not in set(verb.head.subtree)]
        if owner:  # "other countries' decisions to recognise": theirs, not the speaker's
            return owner, False
        if act.dep_ not in OBJECTS:
            return [], False  # "recalled its envoys over moves to recognise": whose?
        verb = act.head  # "Norway took the decision to recognise": the taker's
    cur = verb
    for _ in range(5):
        if misread_infinitive(cur):
            cur = cur.head  # "agreed to re-establish relations", read as an adjective
            continue
        if cur.dep_ == "xcomp" and has_to(cur) and cur.head.lemma_.lower() in OBJECT_CONTROL_VERBS:
            controller = [c for c in cur.head.children if c.dep_ in {"dobj", "obj"}]
            controller = controller or [  # "called on Britain to recognise"
                o
                for p in cur.head.children
                if p.dep_ == "prep" and p.lower_ in {"on", "upon"} and p.i < cur.i
                for o in p.children
                if o.dep_ == "pobj"
            ]
            if controller:  # "prompting Israel to summon": Israel summons
                return [t for c in controller for t in subject_phrase(c)], False
        subj = [c for c in cur.children if c.dep_ in SUBJECTS and c.lower_ not in RELATIVES]
        after = [c for c in cur.children if c.dep_ == "mark" and c.lower_ in {"after", "before"}]
        if subj and after and has_to(cur):
            # "the second country after China to accept": China is the one before, the
            # infinitive belongs to the set noun, misparsed as a clause with a subject
            subj = []
        # "Nauru restored relations": a name the model does not know, read as an adverb
        # (even tagged as one: "Vanuatu extended recognition"), or in a headline as a
        # compound of the verb ("EU lifts sanctions on ...")
        misread = [
            c
            for c in cur.children
            if c.dep_ in {"advmod", "npadvmod", "dep", "compound"}
            and c.i < cur.i
            and (c.pos_ == "PROPN" or (c.is_title and c.ent_type_ in NAME_ENTITIES))
        ]
        if not subj and cur.pos_ == "VERB":
            subj = misread[:1]
        elif subj and cur.pos_ == "VERB":
            # a headline's "Indonesia, Australia agree to ...": names joined by a comma
            subj = [
                c
                for c in misread
                if c.i < subj[0].i and c.nbor(1).lower_ == "," and c.nbor(2) == subj[0]
            ] + subj
        passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in cur.children)
        agent = [c for c in cur.children if c.dep_ == "agent"]
        if passive and agent:
            return [t for a in agent for t in phrase(a)], False
        if subj:
            authors = [t for s in subj for t in _document_authors(s)]
            if authors:  # "the executive order Obama signed imposed sanctions": the signer
                return authors, False
            # "Israel is committed to working with ...": the passive is not the trigger's
            return [t for s in subj for t in subject_phrase(s)], passive and cur == verb
        if cur.dep_ == "pcomp" and cur.head.head.pos_ == "VERB" and (
            cur.head.lower_ == "for"
            or (cur.head.lower_, cur.head.head.lemma_.lower()) in ACCUSING_PREPS
        ):
            # "thanked Bishkek for removing", "criticised Israel for bombing", "accused Iran
            # of attacking": the doer is the one thanked, criticised or accused
            outer = cur.head.head
            return [
                t
                for c in outer.children
                if c.dep_ in OBJECTS or (c.dep_ == "prep" and c.lower_ == "to")
                for t in phrase(c)
            ], False
        if (
            (
                (cur.dep_ == "acl" and cur.tag_ == "VBG")
                or (cur.dep_ == "relcl" and any(c.lower_ in RELATIVES for c in cur.children))
            )
            and cur.head.lemma_.lower() in DOCUMENT_NOUNS
            and cur.head.dep_ in OBJECTS | {"pobj"}  # "as part of an order that lifted"
        ):
            # "Trump signed a proclamation recognising ...", "issued an order that lifted
            # ...": the signer acts through it
            cur = cur.head.head
            continue
        small_clause = cur.head.dep_ in {"ccomp", "xcomp", "oprd"} and (
            cur.head.head.lemma_.lower() in SMALL_CLAUSE_VERBS
        )
        if cur.dep_ == "advcl" and cur.tag_ == "VBG" and small_clause:
            # "declared the diplomats personae non gratae, effectively severing relations":
            # the declarer severs, not the declared
            cur = cur.head.head
            continue
        first = hung_on_object(cur)
        if first is not None:  # "restore relations and return ambassadors": the first
            cur = first  # verb's subject
            continue
        stray = _stray_subject(cur) if cur.dep_ == "conj" else None
        if stray is not None:  # "summoned X's envoy after Kigali severed ties", misparsed
            return phrase(stray), False
        if (
            cur.dep_ == "conj"
            and cur.tag_ in {"VBD", "VBZ", "VBP"}
            and cur.head.tag_ == "VB"
            and (has_to(cur.head) or any(c.tag_ == "MD" for c in cur.head.children))
            and cur.head.head != cur.head
        ):
            # "asked the Council to hold a meeting and accused Thailand", "said the step
            # would save lives and thanked Xi": a finite verb joined to an infinitive goes
            # with the verb the infinitive hangs on
            cur = cur.head.head
            continue
        if cur.dep_ in {
            "xcomp", "conj", "pcomp", "advcl", "acl", "prep", "pobj", "relcl", "acomp", "advmod"
        }:  # fmt: skip ("advmod": "stopped short of recognising")
            came_from = cur.dep_
            cur = cur.head
            joined = cur.dep_ in OBJECTS and cur.head.lemma_.lower() in JOIN_VERBS
            if came_from in {"relcl", "acl"} and cur.lemma_.lower() in JOINED_NOUNS and joined:
                # "Belgium joined the countries recognising Palestine": the joiner does it
                cur = cur.head
                continue
            if came_from == "prep" and cur.pos_ == "NOUN" and cur.dep_ in OBJECTS:
                # "will begin the process of establishing relations": whoever begins it
                cur = cur.head
                continue
            if came_from in {"relcl", "acl"} and cur.pos_ in {"NOUN", "PROPN", "NUM"}:
                # "ISIS-K, which carried out an attack"; "the first country to recognise"
                predicate = member_predicate(cur)
                if predicate is not None:  # "Russia is the first country which has
                    cur = predicate  # recognised", "Haiti remains among the states that
                    continue  # recognise": the copula's subject
                member = _set_member(cur)  # "one of the few countries to recognise": the one
                if member.dep_ == "appos":  # "Russia, the first country to recognise"
                    return phrase(member.head), False
                return phrase(member), False
            continue
        break
    return [], False


#: "joined the countries that recognise X", "joined the ranks of states recognising X".
JOIN_VERBS = {"join"}
JOINED_NOUNS = {
    "country", "nation", "state", "government", "list", "ranks", "group", "club", "number",
    "majority", "others",
}  # fmt: skip


def _set_member(noun: Token) -> Token:
    """The member that a set noun with a relative clause describes: "one" in "one of only
    12 countries to recognise X", the copula in "is among the states that recognise X";
    the noun itself when no partitive frames it."""
    if noun.dep_ != "pobj":
        return noun
    prep = noun.head
    if prep.lower_ == "of" and prep.head.lemma_.lower() in QUANTITY_NOUNS:
        return _set_member(prep.head)  # "among the handful of states that recognise"
    if prep.lower_ == "of" and (prep.head.lower_ == "one" or prep.head.pos_ == "NUM"):
        return prep.head
    if prep.lower_ == "among" and prep.head.pos_ in {"VERB", "AUX"}:
        return prep.head
    return noun


def member_predicate(noun: Token) -> Token | None:
    """The copula that makes a subject a member of the set a noun describes: "is" in
    "Chile is one of the few countries that recognise X", "remains" in "remains among the
    states recognising X". Its subject does what the set's relative clause says, under
    the copula's negation and mood ("is not among", "could become the first")."""
    member = _set_member(noun)
    if member.pos_ in {"VERB", "AUX"}:
        return member
    if member.dep_ in {"attr", "oprd"}:
        return member.head
    return None


#: Nouns that count a set: "a handful of states", "a small number of countries".
QUANTITY_NOUNS = {"handful", "number", "group", "dozen", "minority", "majority", "few", "list"}


#: Subordinators the parser sometimes reads as prepositions: "after Kigali severed ties".
SUBORDINATORS = {"after", "before", "since", "until", "because", "when", "as", "while"}


def _stray_subject(verb: Token) -> Token | None:
    """A coordinated verb with no subject, right after "after X": the parser took the
    subordinator for a preposition and X for its object, and X is the verb's subject."""
    if verb.i == 0 or any(c.dep_ in SUBJECTS for c in verb.children):
        return None
    before = verb.doc[verb.i - 1]
    noun = before if before.dep_ == "pobj" else None
    if noun is None or noun.head.lower_ not in SUBORDINATORS or noun.pos_ != "PROPN":
        return None
    return noun


#: Participles that name an object's target: "sanctions targeting three Malian soldiers".
TARGETING_VERBS = {"target", "aim", "hit", "affect", "cover", "punish", "penalise", "penalize"}


#: Verbs that describe what a free relative names: "struck what it said were Hezbollah
#: depots", "strikes on what it called militia sites", "what it described as hideouts".
DESCRIBING_VERBS = {
    "say", "call", "describe", "claim", "term", "label", "identify", "believe", "allege",
    "consider", "brand",
}  # fmt: skip


def described(clause: Token) -> list[Token]:
    """The things a free relative names: "what it said were Hezbollah weapons depots in
    Lebanon" are the depots, parsed as a clause of the saying verb whose object or subject
    is "what". Nothing for other clauses."""
    if clause.lemma_.lower() not in DESCRIBING_VERBS:
        return []
    inner = [clause, *(c for c in clause.children if c.dep_ in {"ccomp", "xcomp"})]
    if not any(c.lower_ == "what" for v in inner for c in v.children):
        return []
    return [
        c for v in inner for c in v.children if c.dep_ in OBJECTS and c.lower_ != "what"
    ] + [
        o
        for v in inner
        for p in v.children
        if p.dep_ == "prep" and p.lower_ == "as"
        for o in p.children
        if o.dep_ == "pobj"
    ]


def free_relative(child: Token) -> list[Token]:
    """The heads a free relative under ``child`` names, whether it is a clause of the verb
    ("struck what it said were ...") or of its preposition ("fired at what it called ...")."""
    if child.dep_ == "ccomp":
        return described(child)
    if child.dep_ == "prep":
        return [t for c in child.children if c.dep_ == "pcomp" for t in described(c)]
    return []


#: Verbs whose "of" phrase is a charge: its actors are what the accused did it to.
CHARGING_VERBS = {"accuse", "charge", "suspect", "convict"}


def listed_object(child: Token) -> bool:
    """ "thanked the emir of Qatar, ..., and the governments of Switzerland and Korea": a
    noun the parser joins to the verb itself, beside the verb's object, is one more object."""
    return (
        child.dep_ == "conj"
        and child.pos_ in {"NOUN", "PROPN"}
        and any(c.dep_ in OBJECTS for c in child.head.children)
    )


#: Nouns of set phrases that carry the verb's partner: "spoke by phone with", "talked
#: over video with", "is at war with".
SET_PHRASE_NOUNS = {
    "phone", "telephone", "video", "videolink", "videoconference", "call", "link", "war",
}  # fmt: skip


def object_tokens(verb: Token) -> list[Token]:
    toks: list[Token] = []
    for child in verb.children:
        # "struck what it said were depots in Lebanon"
        toks += [t for n in free_relative(child) for t in phrase(n)]
        # the verb's own passive subject is its object, whatever the agent: "X was
        # recognised by Y"
        is_object = child.dep_ in OBJECTS or child.dep_ == "nsubjpass"
        lashed_out_at = child.lower_ == "at" and any(
            c.dep_ in {"prt", "advmod"} and c.lower_ in {"out", "back"} for c in verb.children
        )  # "lashed out at the UK", "hit back at Beijing"
        # "accused him of supplying goods to North Korea": the charge names no target
        charge = child.lower_ == "of" and verb.lemma_.lower() in CHARGING_VERBS
        # "talks with his host, Putin, and with Iran's president": a second phrase joined
        # to the verb
        joined_prep = child.dep_ == "conj" and child.pos_ == "ADP"
        if is_object or lashed_out_at or listed_object(child) or (
            (child.dep_ == "prep" or joined_prep)
            and child.lower_ in TARGET_PREPS
            and not _occasion(child)
            and not _time_phrase(child)  # "condemned on Thursday the remarks"
            and not charge
            and not _absolute(child)
            and not _manner_with(child)
            and not _weapon_with(child)
        ):
            toks += phrase(child)
        if child.dep_ in {"prep", "agent"} and child.lower_ in {"by", "over", "via", "at"}:
            # "had spoken by telephone with Zelensky", "has been at war with Ukraine": the
            # partner hangs on the noun of a set phrase
            toks += [
                t
                for medium in child.children
                if medium.dep_ == "pobj" and medium.lemma_.lower() in SET_PHRASE_NOUNS
                for w in medium.children
                if w.dep_ == "prep" and w.lower_ == "with"
                for t in phrase(w)
            ]
        if is_object and child.lower_ in RELATIVES:
            toks += relative_antecedent(verb)  # "ties, which Bolivia severed"
        if (
            child.dep_ == "prep"
            and verb.dep_ == "relcl"
            and any(o.lower_ in RELATIVES for o in child.children if o.dep_ == "pobj")
        ):
            toks += phrase(verb.head)  # "Ecuador, with which Mexico broke off relations"
        if is_object and child.lemma_.lower() in RULER_NOUNS:
            # "recognise the government in Caracas", the "in" phrase parsed onto the verb
            toks += [
                t
                for p in verb.children
                if p.dep_ == "prep" and p.lower_ == "in" and p.i == child.right_edge.i + 1
                for t in phrase(p)
            ]
        if is_object:
            toks += [
                t
                for acl in child.children
                if acl.dep_ == "acl" and acl.lemma_.lower() in TARGETING_VERBS
                for t in phrase(acl)
            ]
        elif child.dep_ == "prt":
            for sub in child.children:
                toks += phrase(sub)
        elif child.dep_ in {"ccomp", "xcomp", "oprd"} and verb.lemma_.lower() in SMALL_CLAUSE_VERBS:
            # "declared Rwandan diplomats persona non grata", "help Lebanon rebuild",
            # parsed as a clause whose subject is the declared or helped
            toks += [t for c in child.children if c.dep_ == "nsubj" for t in phrase(c)]
    return toks


#: Verbs whose object may come parsed as the subject of a small clause after them.
SMALL_CLAUSE_VERBS = {"declare", "deem", "pronounce", "consider", "help"}


def of_objects(noun: Token) -> list[Token]:
    """The objects of a noun's "of" phrases: "sanctions" in "the lifting of US sanctions"."""
    return [
        o
        for p in noun.children
        if p.dep_ == "prep" and p.lower_ == "of"
        for o in p.children
        if o.dep_ == "pobj"
    ]


def antecedent(verb: Token) -> Token:
    """The noun a relative clause describes. The parser hangs the clause on the last noun
    before it; when that noun closes a prepositional phrase of another ("the strike on
    Doha, which was condemned", "Iran's assets in Seoul, which were frozen"), the clause
    is about the phrase's head. A participle misread as the verb has it as subject."""
    if verb.dep_ not in {"relcl", "acl"}:
        return next((c for c in verb.children if c.dep_ == "nsubj"), verb.head)
    noun = verb.head
    while noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head.pos_ == "NOUN":
        noun = noun.head.head
    return noun


def reciprocal(tokens: list[Token]) -> bool:
    """ "accused each other of ...", "praised one another's efforts": the subjects act on
    each other."""
    return any(
        t.lower_ in {"other", "another"}
        and t.i > 0
        and t.doc[t.i - 1].lower_ in {"each", "one"}
        for t in tokens
    )


def verb_read_as_noun(tok: Token) -> bool:
    """ "Turkey, the US and the EU list the PKK as a terrorist group", "which the US and
    EU list as ...": after a list of names the small model tags a bare verb ("list",
    "designate") as a noun, though it gives it a subject and an object as to a verb."""
    if tok.tag_ not in {"NN", "NNS"}:
        return False
    if tok.dep_ == "relcl":  # the names' article hangs on it too: "which the US and EU"
        return any(c.dep_ in {"nsubj", *OBJECTS} and c.lower_ in RELATIVES for c in tok.children)
    deps = {c.dep_ for c in tok.children}
    return "nsubj" in deps and bool(deps & OBJECTS) and "det" not in deps


def misread_relative_subject(verb: Token) -> list[Token]:
    """The subject of a verb read as a noun in a relative clause: "which the US and EU
    list as ...", where the names hang on the verb as modifiers and the pronoun, its
    object, is read as the subject."""
    if verb.pos_ != "NOUN" or verb.dep_ != "relcl":
        return []
    return [
        t
        for c in verb.children
        if c.dep_ in {"nmod", "compound", "amod"} and c.i < verb.i
        for t in phrase(c)
    ]


def passive_relative(verb: Token) -> bool:
    """A clause that tells what was done to the noun it hangs on: a relative clause whose
    pronoun is the passive subject ("Hezbollah, which is designated a terrorist group by
    the US"), or a participle with its doer ("the treaty, signed by Putin and Kim"; with
    no doer, "an agreement signed in 2001" is read with the sentence's parties)."""
    if verb.dep_ == "relcl":
        return any(c.dep_ == "nsubjpass" and c.lower_ in RELATIVES for c in verb.children)
    if verb.dep_ == "acl":
        return verb.tag_ == "VBN" and bool(passive_agents(verb))
    return _misread_participle(verb)


def _misread_participle(verb: Token) -> bool:
    """ "Hezbollah, designated a terrorist group by the US, fired rockets": the small
    model reads the participle set off by commas as the sentence's verb, with the name
    before it as its subject and the "by" phrase as a plain preposition."""
    if verb.tag_ not in {"VBD", "VBN"} or any(c.dep_ in {"aux", "auxpass"} for c in verb.children):
        return False
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if len(subjects) != 1 or subjects[0].right_edge.i not in {verb.i - 2, verb.i - 1}:
        return False
    if verb.doc[verb.i - 1].lower_ != ",":
        return False
    by = [c for c in verb.children if c.dep_ == "prep" and c.lower_ == "by"] or passive_agents(verb)
    # "spoke by phone with Putin": a means, not a doer
    return any(o.lemma_.lower() not in SET_PHRASE_NOUNS for b in by for o in b.children)


def passive_agents(verb: Token) -> list[Token]:
    """The "by" phrases that name a passive verb's doer: its own, or one the parser hung
    on the noun the verb holds ("was designated a terrorist group by the US", "was hit
    with new sanctions by Britain", "listed as a terrorist group by Washington")."""
    agent = [c for c in verb.children if c.dep_ == "agent"]
    if agent:
        return agent
    if verb.dep_ not in {"relcl", "acl"} and not any(c.dep_ == "auxpass" for c in verb.children):
        # a participle misread as the sentence's verb: its "by" phrase is a plain one
        agent = [c for c in verb.children if c.dep_ == "prep" and c.lower_ == "by"]
        if agent:
            return agent
    held = [o for o in verb.children if o.dep_ in {"oprd", "attr", "dobj", "xcomp"}]
    held += [
        o
        for p in verb.children
        if p.dep_ == "prep" and p.lower_ in {"with", "as"}
        for o in p.children
        if o.dep_ == "pobj"
    ]
    return [c for o in held for c in o.children if c.dep_ in {"prep", "agent"} and c.lower_ == "by"]


def relative_antecedent(verb: Token) -> list[Token]:
    """The noun a relative clause's object pronoun stands for: "ties, which X severed",
    "assets, which were frozen by Y" (a passive's subject is its object); also with no
    pronoun at all: "a pact South Korea signed with Japan"."""
    if verb.dep_ != "relcl":
        return []
    objects = [c for c in verb.children if c.dep_ in OBJECTS]
    if passive_relative(verb) or any(c.lower_ in RELATIVES for c in objects):
        return phrase(antecedent(verb))
    contact = not objects and any(
        c.dep_ == "nsubj" and c.lower_ not in RELATIVES for c in verb.children
    ) and not any(c.dep_ in {"nsubjpass", "ccomp", "xcomp"} for c in verb.children)
    return phrase(verb.head) if contact else []


def noun_roles(noun: Token, index: ActorIndex) -> tuple[list[str], list[str]]:
    """Source and target of a nominal trigger ("Russia's recognition of the Taliban")."""
    source: list[str] = []
    target: list[str] = []
    for child in noun.children:
        by = child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by")
        if child.dep_ in {"poss", "compound", "amod", "nmod", "nummod"} or by:
            source += index.in_tokens(phrase(child))
        elif child.dep_ == "prep" and child.lower_ in TARGET_PREPS:
            target += index.in_tokens(phrase(child))
    if not source:
        # "the revocation of X's designation by the United States": the parser hangs the
        # act's "by" phrase on the noun of its "of" phrase
        agents = [
            t
            for c in noun.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for o in c.children
            if o.dep_ == "pobj"
            for b in o.children
            if b.dep_ in {"prep", "agent"} and b.lower_ == "by"
            for t in phrase(b)
        ]
        source = index.in_tokens(agents)
        target = [c for c in target if c not in source]
    return _unique(source), _unique(target)


def between_tokens(noun: Token) -> list[Token]:
    """The tokens of a "between X and Y" phrase on a noun, or of the hyphenated pair
    before it: "the Israel-Hamas war", "the US-China talks"."""
    heads = [noun] + [  # "the resumption of relations between X and Y": on the "of" noun
        o for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children
    ]
    between = [
        t
        for h in heads
        for c in h.children
        if c.dep_ == "prep" and c.lower_ == "between"
        for t in c.subtree
    ]
    return between or _hyphen_pair(noun)


#: Prepositions of cause and circumstance: "cut ties over the Israel-Hamas war" tells of
#: the tie-cutting, not of the war; "postponed due to the war" does not deny the war.
CIRCUMSTANCE_PREPS = {
    "over", "amid", "during", "since", "throughout", "despite", "before", "after", "following",
    "because", "due", "thanks",
}  # fmt: skip


def _hyphen_pair(noun: Token) -> list[Token]:
    if noun.dep_ == "pobj" and noun.head.lower_ in CIRCUMSTANCE_PREPS:
        return []
    mods = [
        t
        for c in noun.children
        if c.dep_ in {"compound", "amod", "nmod"} and c.i < noun.i
        for t in c.subtree
    ]
    if not mods:
        return []
    lo, hi = min(t.i for t in mods), max(t.i for t in mods)
    dashes = [t for t in noun.doc[lo : hi + 1] if t.text in {"-", "–", "—"}]
    if not dashes:
        return []
    # "US-led coalition strikes" has one side only; a pair names one on each side of a dash
    left = [t for t in mods if t.i < dashes[0].i and t.pos_ == "PROPN"]
    right = [t for t in mods if t.i > dashes[0].i and t.pos_ == "PROPN"]
    return mods if left and right else []


def between_actors(noun: Token, index: ActorIndex) -> list[str]:
    """Actors of a "between X and Y" phrase on a noun."""
    return index.in_tokens(between_tokens(noun))


def is_person(tok: Token) -> bool:
    """A person's name: the NER says so or, without NER, a capitalised proper noun."""
    if tok.doc.has_annotation("ENT_IOB"):
        return tok.ent_type_ == "PERSON"
    return tok.pos_ == "PROPN" and tok.text[:1].isupper()


def sentence(tok: Token) -> Span:
    """The sentence of a token. spaCy's ``Token.sent`` walks the whole Doc on every call;
    the boundaries are cached on the Doc once instead."""
    doc = tok.doc
    starts = doc.user_data.get("chancery_sent_starts")
    if starts is None:
        starts = [s.start for s in doc.sents]
        doc.user_data["chancery_sent_starts"] = starts
    i = bisect.bisect_right(starts, tok.i) - 1
    end = starts[i + 1] if i + 1 < len(starts) else len(doc)
    return doc[starts[i] : end]


def place_tokens(tok: Token) -> list[Token]:
    """ "in Niger", "to Riyadh": place phrases of the trigger and of its objects only (not of
    clauses further down the sentence)."""
    heads = [tok, *[c for c in tok.children if c.dep_ in OBJECTS | {"nsubjpass", "pobj"}]]
    heads += [
        g
        for h in list(heads)
        for c in h.children
        if c.dep_ == "prep"
        for g in c.children
        if g.dep_ == "pobj"
    ]  # "the suspension of ... Consulate in Tel Aviv"
    # a phrase after a coordinated clause belongs to that clause, whatever the parse says:
    # "fought in Ukraine and whose presence is attested in Mali but also in Syria"
    clause_end = min(
        (c.i for c in tok.children if c.dep_ == "conj" and c.pos_ == "VERB"), default=len(tok.doc)
    )
    return [
        t
        for h in heads
        for c in h.children
        if c.dep_ == "prep" and c.lower_ in PLACE_PREPS and (h != tok or c.i < clause_end)
        for t in phrase(c)
    ]


def locative_tokens(heads: list[Token]) -> list[Token]:
    """The "in X" phrases below some tokens: "a terrorist group in Russia"."""
    return [
        t
        for h in heads
        for c in h.subtree
        if c.dep_ == "prep" and c.lower_ == "in"
        for t in c.subtree
    ]


def _unique(codes: list[str]) -> list[str]:
    return list(dict.fromkeys(codes))


def is_anaphor(tokens: list[Token]) -> bool:
    """A pronoun, or a definite noun like "the group", "this country", "its government"."""
    heads = [
        t for t in tokens if t.dep_ in SUBJECTS | OBJECTS | {"pobj", "poss"} or t.pos_ == "PRON"
    ]
    for t in heads or tokens[:1]:
        if t.lower_ in PRONOUNS:
            return True
        if t.lemma_.lower() in ANAPHORS:
            dets = {c.lower_ for c in t.children if c.dep_ in {"det", "poss"}}
            if any(c.dep_ == "nsubj" for c in t.children):
                continue  # "makes Honduras the latest country to ...": it names its own
            if t.pos_ == "PROPN" and any(c.dep_ == "compound" for c in t.children):
                continue  # "the Collective Security Treaty Organization": a name
            if dets & (DEFINITE | PRONOUNS):
                return True
    return False


def is_quantified(tokens: list[Token]) -> bool:
    """ "no other nation", "none of these countries", "Western countries": unnamed actors."""
    for t in tokens:
        if t.dep_ in SUBJECTS | {"poss"}:  # "other countries' decisions"
            if t.lower_ in {"none", "nobody", "noone"}:
                return True
            dets = {c.lower_ for c in t.children if c.dep_ in {"det", "amod"}}
            if dets & QUANTIFIERS:
                return True
    return False


GROUP_NOUNS = {
    "side", "country", "nation", "state", "government", "party", "capital", "leader", "army",
    "military", "delegation", "neighbour", "neighbor", "rival", "ally", "power", "minister",
    "president", "kingdom", "republic", "monarchy",
}  # fmt: skip


#: Nouns for two just named: "the pair agreed", "the duo met again".
PAIR_NOUNS = {"pair", "duo"}
#: Plural nouns that, definite and bare, stand for those just named.
PLURAL_PAIR_NOUNS = {"neighbour", "neighbor", "leader", "side"}
#: People counted as a pair: "the two men", "both women".
PEOPLE_NOUNS = {"man", "woman", "men", "women"}

def names_people(tokens: list[Token]) -> bool:
    """ "the two men", "both leaders": a pair of people, not of states."""
    return any(t.lemma_.lower() in PEOPLE_NOUNS | {"leader"} for t in tokens)


NUMBER_WORDS = {"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "both"}


def refers_to_pair(tokens: list[Token], *, joint: bool = True) -> bool:
    """ "the two sides", "both nations", "a joint statement", "the pair", "the two men",
    "the neighbours": the pair named before."""
    for t in tokens:
        if t.dep_ in SUBJECTS | OBJECTS and t.lower_ in {"two", "both"}:
            return True  # "The two had established relations in 1941"
        if t.lower_ in {"both", "two"} and t.head.lemma_.lower() in GROUP_NOUNS | PEOPLE_NOUNS:
            return True
        definite = any(c.dep_ == "det" and c.lower_ == "the" for c in t.children)
        owned = any(c.dep_ == "poss" or c.lower_ == "of" for c in t.children)
        if definite and (
            t.lemma_.lower() in PAIR_NOUNS
            # "the neighbours", "the leaders", "the sides": no other leaders are told of
            or (t.tag_ == "NNS" and t.lemma_.lower() in PLURAL_PAIR_NOUNS and not owned)
        ):
            return True
        if joint and t.lower_ in {"joint", "bilateral", "trilateral"} and t.dep_ == "amod":
            return True  # (of a subject: "a joint statement"; "bilateral ties with X" names X)
    return False


NUMBER_VALUES = {w: i for i, w in enumerate(
    ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"], start=2
)}  # fmt: skip


def group_size(tokens: list[Token]) -> int | None:
    """ "the three", "these five countries", "the quartet": how many the group is said
    to be."""
    sizes = {**COLLECTIVE_NOUNS, **NUMBER_VALUES}
    return next((sizes[t.lower_] for t in tokens if t.lower_ in sizes), None)


def several_group(tokens: list[Token]) -> bool:
    """ "several nations", "several of the countries" (not "several other countries"):
    after a list just named, some of that list, told as all of it."""
    for t in tokens:
        if t.lower_ != "several":
            continue
        # "several nations": the noun it modifies; "several of the countries": its "of"
        nouns = [t.head] if t.head != t and t.dep_ in {"amod", "det", "nummod"} else [
            o for p in t.children if p.lower_ == "of" for o in p.children if o.dep_ == "pobj"
        ]
        for noun in nouns:
            if noun.lemma_.lower() in GROUP_NOUNS and not any(
                c.lower_ in {"other", "more", "further"} for c in noun.children
            ):
                return True
    return False


#: Nouns for a small group just named, and its size: "the trio", "the quartet".
COLLECTIVE_NOUNS = {"trio": 3, "troika": 3, "quartet": 4, "quintet": 5}


def demonstrative_group(tokens: list[Token]) -> bool:
    """ "these countries", "none of these nations", "the three governments": a list
    named just before."""
    for t in tokens:
        definite = any(c.lower_ in DEFINITE | {"all"} for c in t.head.children)
        if (
            t.lower_ in NUMBER_WORDS - {"two", "both"}
            and t.head.lemma_.lower() in GROUP_NOUNS
            and definite  # "the three governments", not "seven countries switched"
        ):
            return True
        if t.lower_ in {"these", "those", "both", "each"} and t.head.lemma_.lower() in GROUP_NOUNS:
            return True
        if t.lemma_.lower() in COLLECTIVE_NOUNS and any(c.lower_ in DEFINITE for c in t.children):
            return True  # "the trio also froze their assets"
        if t.lower_ in PARTITIVES and any(  # "each of them", "all of these"
            o.lower_ in {"them", "these", "those"}
            for p in t.children
            if p.dep_ == "prep" and p.lower_ == "of"
            for o in p.children
        ):
            return True
        # "none of the three", "all three"
        if t.lower_ in NUMBER_WORDS - {"two", "both"} and t.dep_ == "pobj":
            return True
        # "the five also froze their assets", "Israel condemned the three": a number
        # standing alone for a group, made definite
        if (
            t.lower_ in NUMBER_WORDS - {"two", "both"}
            and t.dep_ in SUBJECTS | OBJECTS
            and any(c.lower_ in DEFINITE | {"all"} for c in t.children)
        ):
            return True
    return False


def co_agents(verb: Token) -> list[Token]:
    """ "Britain, along with Canada, recognised ...", "recognised Palestine together with
    Canada", "..., alongside Canada and Australia", "the second after China to accept":
    others who did the same act."""
    subject, _passive = subject_tokens(verb)
    heads = [verb, *(t for t in subject if t.dep_ in SUBJECTS)]
    out: list[Token] = []
    for h in heads:
        for c in h.children:
            if c.dep_ != "prep":
                continue
            if c.lower_ == "alongside":
                out += phrase(c)
            elif c.lower_ == "along":
                out += [t for w in c.children if w.lower_ == "with" for t in phrase(w)]
            elif c.lower_ == "with" and any(a.lower_ == "together" for a in c.children):
                out += phrase(c)
    if verb.dep_ == "pcomp" and verb.head.lower_ == "in" and verb.head.head.lemma_ == "join":
        # "Canada joined the United States and Britain in sanctioning Chinese officials"
        out += [t for c in verb.head.head.children if c.dep_ in OBJECTS for t in phrase(c)]
    if has_to(verb) and any(c.dep_ == "mark" and c.lower_ == "after" for c in verb.children):
        # "the second country after China to accept": China did it first
        out += [t for c in verb.children if c.dep_ in SUBJECTS for t in phrase(c)]
    return out
