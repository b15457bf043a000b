"""The ``chancery_events`` component: triggers + roles + modality + date → events.

For every sentence, each token whose lemma is in the trigger lexicon (and whose
pattern's object and context constraints hold) yields events for every (source, target)
pair its frame finds. Each event keeps the rule that fired, the trigger word and the
sentence, so ``chancery explain`` can show why it was extracted.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace
from datetime import date
from itertools import permutations

import numpy
from spacy.attrs import LEMMA, LOWER, POS
from spacy.language import Language
from spacy.parts_of_speech import ADJ, PROPN, VERB
from spacy.strings import StringStore, hash_string
from spacy.tokens import Doc, Span, Token

from chancery.extract import roles as R
from chancery.extract.dating import (
    effective,
    event_date,
    paragraphs,
    period_end,
    vaguer_than_published,
)
from chancery.extract.judgements import (
    ACT_NOUNS,
    JUDGING_VERBS,
    PACT_NOUNS,
    WORD_ACTS,
    act_makers,
    attack_sense,
    denounces_own_pact,
    greets,
    listing_sense,
    maker_tokens,
    meets_a_thing,
    opposes_forces,
    pronoun_partner,
    strikes_physically,
    verdict_anchor,
    verdict_pairs,
)
from chancery.extract.lexicon import Lexicon, Trigger, default_lexicon, participle_lemmas
from chancery.extract.modality import TRAVEL_VERBS, effect_owners, modality_of
from chancery.extract.roles import SAY_VERBS
from chancery.model import EventDate
from chancery.nlp.actors import ActorTable
from chancery.nlp.dates import WEEKDAYS, DateMention
from chancery.nlp.mentions import GROUP_WORDS
from chancery.nlp.pipeline import doc_text

#: Participles that tell whose a thing is: "assets belonging to", "a yacht linked to".
OWNING_VERBS = {
    "belong", "own", "hold", "link", "tie", "connect", "control", "make", "level",
    "appoint", "send", "name", "nominate", "dispatch",  # "an ambassador appointed by the Taliban"
}  # fmt: skip
#: Verbs whose object noun is given by a "from" phrase: "won recognition from", "drew a
#: sharp rebuke from Somalia", "sparked condemnation from Beijing".
RECEIVING_VERBS = {
    "receive", "get", "win", "gain", "earn", "seek", "secure", "draw", "attract", "spark",
    "provoke", "trigger", "prompt", "elicit",
}  # fmt: skip
#: Verbs that move recognition from one partner to another.
SWITCH_VERBS = {"switch", "shift", "transfer", "move", "change"}
#: Types whose unstated target is the article's topic ("formal recognition" of whom?).
TOPIC_TARGET_TYPES = {"RECOGNIZE"}
#: Types where "the two countries will reopen embassies" is an act of each on the other.
MUTUAL_TYPES = {
    "OPEN_EMBASSY", "CLOSE_EMBASSY", "APPOINT_ENVOY", "MEET", "SIGN_AGREEMENT",
    "ESTABLISH_RELATIONS", "BREAK_RELATIONS", "INTEND_COOPERATE",
}  # fmt: skip
#: Words that measure how far an act went: "as far as recognition", "short of it".
EXTENT_WORDS = {"as", "short", "toward", "towards", "beyond", "far"}
#: Acts of a state's law: in an agentless passive, the state named with "in" did them.
LOCATIVE_AGENT_TYPES = {
    "DESIGNATE_TERRORIST", "DELIST_TERRORIST", "FREEZE_ASSETS", "IMPOSE_SANCTIONS",
    "ACCEPT_CREDENTIALS",
}  # fmt: skip
#: Verbs whose subject is the state an envoy was sent to.
HOST_VERBS = {"accept", "host", "receive", "welcome", "accredit"}
#: "a banquet in honour of X": whom a host receives.
HONOUR = {"honour", "honor"}
#: Types whose events may be read off a "move"/"decision" object by salience.
REACTION_TYPES = {"PRAISE", "CRITICIZE"}
#: How many tokens back "these officials" looks for "Malian officials".
SAME_HEAD_LOOKBACK = 400
#: How many (lemma, word) answers of ``EventExtractor._may_trigger`` are kept.
MAY_TRIGGER_LIMIT = 200_000
@dataclass(frozen=True)
class EventCandidate:
    type: str
    source: str
    target: str | None
    modality: str
    date: str | None
    precision: str | None
    sent_start: int  # character offsets of the evidence sentence
    sent_end: int
    rule: str
    trigger: str
    trigger_start: int


class EventExtractor:
    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lex = lexicon or default_lexicon()
        self._hashes: numpy.ndarray | None = None
        self._keys: frozenset[str] | None = None
        self._may: dict[tuple[int, int], bool] = {}  # (lemma, lower) hashes -> _may_trigger
        self._scopes: dict[tuple[int, str, bool], list[Token]] = {}  # see _scope

    def __call__(self, doc: Doc) -> Doc:
        self._scopes = {}
        index = R.ActorIndex(doc)
        salience = R.Salience()
        dates: list[DateMention] = doc._.dates or []
        events: list[EventCandidate] = []
        seen: set[tuple[str, str, str | None, str, int]] = set()
        sents = list(doc.sents)
        para_of = paragraphs(doc, sents)
        candidates = self._candidates(doc)
        for si, sent in enumerate(sents):
            told: list[EventCandidate] = []
            salience.sentence_pairs = []
            first = bisect.bisect_left(candidates, sent.start)
            last = bisect.bisect_left(candidates, sent.end)
            for tok in (doc[i] for i in candidates[first:last]):
                matched = [
                    (trig, neg)
                    for trig, neg in self._triggers(tok)
                    if self._constraints_hold(tok, trig, sent)
                ]
                if any(t.needs for t, _ in matched):
                    matched = [(t, n) for t, n in matched if t.needs or t.context]
                if matched and tok.pos_ == "VERB":
                    # "announced the removal of all sanctions": the noun tells the act
                    acts = {
                        t.type
                        for c in tok.children
                        if c.dep_ in R.OBJECTS
                        for t in self.lex.lookup(c.lemma_.lower(), "N")
                        # an act about a measure, in the noun's own phrase ("removal" of
                        # sanctions; not "ambassadors appointed by ...", whose clause is
                        # another act)
                        if t.needs
                        and any(w.lemma_.lower() in t.needs for w in R.phrase(c) if w != c)
                    }
                    # ... unless the verb's own act needs that noun: "received the new
                    # US ambassador" accepts an envoy whatever the envoy's phrase also says
                    heads = {
                        w
                        for c in tok.children
                        if c.dep_ in R.OBJECTS
                        for w in (c.lemma_.lower(), c.lower_)
                    }
                    matched = [
                        (t, n)
                        for t, n in matched
                        if not acts
                        or t.type in acts
                        or (t.needs and heads & t.needs)
                        or t.type in REACTION_TYPES  # "condemned the sanctions imposed by X"
                    ]
                if matched and tok.pos_ in {"NOUN", "PROPN"} and tok.head != tok:
                    # "Israel's ambassador will be named": the verb tells the act (with its
                    # tense); the noun it governs is not a second one
                    governing = self._governing(tok)
                    told_by_verb = {
                        t.type
                        for t in governing
                        if t.pos == "V" and self._constraints_hold(tok.head, t, sent)
                        # "rejected China's criticism": the rejecting answers the noun's
                        # act, made by another, and tells it again only in its words
                        and not (t.frame == "owner" and t.type in REACTION_TYPES)
                    }
                    # "revoked its designation", "the revocation of its designation": the
                    # undoing tells the act; the designation undone is no new one
                    undone = {
                        UNDONE[t.type] for t in governing if t.type in UNDONE
                    } if _acted_on(tok) else set()
                    matched = [(t, n) for t, n in matched if t.type not in told_by_verb | undone]
                for trig, negated_prefix in matched:
                    if trig.type == "ATTACK":
                        sense = attack_sense(tok, index)
                        if sense == "none":
                            continue
                        if sense == "verbal":  # "Netanyahu attacked Macron over his plan"
                            trig = replace(trig, type="CRITICIZE", rule=f"{trig.rule}-verbal")
                    if trig.type == "MEET" and meets_a_thing(tok):
                        continue  # "failed to meet his commitments": no one is met
                    if trig.type == "CRITICIZE" and strikes_physically(tok):
                        continue  # "missiles slammed into Kyiv": a blow, not words
                    if trig.type == "CRITICIZE" and denounces_own_pact(tok):
                        continue  # "denounced its 1961 military accord": withdrew from it
                    if trig.type == "CRITICIZE" and opposes_forces(tok):
                        # "armed groups opposing Assad's forces": fighting, not words
                        trig = replace(trig, type="ATTACK", rule=f"{trig.rule}-armed")
                    if trig.type == "DESIGNATE_TERRORIST" and listing_sense(tok) == "verbal":
                        # "Erdogan branded Israel a terror state": an insult, not a list
                        trig = replace(trig, type="CRITICIZE", rule=f"{trig.rule}-verbal")
                    if trig.type == "*":
                        # "Cuba condemned the US strikes on Iran, as did Iraq": the act of
                        # the verb the echo hangs on, else the article's act so far
                        ref = next(
                            (e for e in told if e.trigger_start == tok.head.idx and e.target),
                            None,
                        )
                        if ref is None and not (trig.rule in COMPARING_RULES and _compares(tok)):
                            ref = _echoed(events)  # "Sweden took the step in 2014"
                        if ref is None:
                            continue  # "would stand by Japan as it did in 2023": no act
                        trig = replace(trig, type=ref.type)
                        pairs = self._echo_pairs(tok, index, salience, ref)
                    else:
                        pairs = self._pairs(tok, trig, index, salience)
                    if not pairs:
                        continue
                    # a judgement's tense and negation are its judging verb's ("called
                    # the deal illegal"), and so is its date
                    anchor = verdict_anchor(tok) if trig.frame == "verdict" else tok
                    modality = (
                        _headline_modality(tok)
                        if _headline_verb(tok)
                        else modality_of(
                            anchor,
                            self.lex,
                            negated_prefix=negated_prefix,
                            act_type=trig.type,
                        )
                    )
                    when = event_date(anchor, sent, si, sents, para_of, dates)
                    own = when is not None and sent.start_char <= when.start_char < sent.end_char
                    if when and not own and vaguer_than_published(when, doc._.published):
                        when = None
                    if when and own and modality == "asserted" and _effect_subject(anchor):
                        # "the revocation ... takes effect on Tuesday": an act whose effect
                        # is dated after the article is announced, not done
                        later = effective(when, sent, dates, doc._.published)
                        day = EventDate.parse(later.value or "")
                        published = doc._.published
                        if day is not None and published is not None and day.start > published:
                            modality, when = "future", later
                    if when and own and modality in {"future", "hypothetical"}:
                        # not a statement's own date but when the act applies
                        when = effective(when, sent, dates, doc._.published)
                    if modality == "future" and len({t for _, t in pairs}) == 1:
                        pairs = pairs + [
                            (code, pairs[0][1])
                            for code in index.in_tokens(effect_owners(anchor), places=False)
                            if code not in {s for s, _ in pairs} and code != pairs[0][1]
                        ]
                    if when and when.value:
                        pairs = [
                            (_at(s, sent, index, when), _at(t, sent, index, when)) for s, t in pairs
                        ]
                    for source, target in pairs:
                        key = (trig.type, source, target, modality, si)
                        if key in seen:
                            continue
                        if _purpose_of_told(tok, trig.type, source, target, told):
                            continue  # "met Xi to discuss trade": one meeting
                        seen.add(key)
                        event = EventCandidate(
                            trig.type,
                            source,
                            target,
                            modality,
                            when.value if when else None,
                            when.precision if when else None,
                            sent.start_char,
                            sent.end_char,
                            trig.rule,
                            tok.text,
                            tok.idx,
                        )
                        events.append(event)
                        told.append(event)
                        if trig.type == "MEET" and target and modality != "negated":
                            salience.sentence_pairs.append([source, target])
            _note(salience, told, events, sent, index)
        doc._.events = _headline_dated(_announced(events, doc._.published), sents, dates)
        return doc

    # -- matching ---------------------------------------------------------------
    def _candidates(self, doc: Doc) -> list[int]:
        """Tokens that may be triggers, found over the Doc's arrays: a trigger lemma or
        word, a proper noun (a title-case headline's verb), an adjective (a participle:
        "frozen"), an "un-"/"non-" verb or a hyphenated one ("re-established"). Only these
        are looked at one by one."""
        if not len(doc):
            return []
        words = self._word_hashes()
        arr = doc.to_array([LEMMA, LOWER, POS])
        hit = _among(arr[:, 0], words) | _among(arr[:, 1], words)
        wanted = hit | numpy.isin(arr[:, 2], [PROPN, ADJ])
        strings = doc.vocab.strings
        for i in numpy.flatnonzero(~wanted & ((arr[:, 2] == VERB) | (arr[:, 2] == ADJ))).tolist():
            word = strings[int(arr[i, 1])]
            if word.startswith(("un", "non")) or "-" in word:  # "re-established"
                wanted[i] = True
        # A quarter of all tokens are names and adjectives; most cannot be triggers
        rest = numpy.flatnonzero(wanted & ~hit)
        may = self._may
        wanted[rest] = [
            may[pair] if pair in may else self._may_trigger(*pair, strings)
            for pair in zip(arr[rest, 0].tolist(), arr[rest, 1].tolist(), strict=True)
        ]
        return numpy.flatnonzero(wanted).tolist()

    def _may_trigger(self, lemma: int, lower: int, strings: StringStore) -> bool:
        """Can :meth:`_triggers` find anything for a word with this lemma and lower form?

        Every string it looks up is among :func:`_lookup_strings`; when none is a
        lexicon lemma, it finds nothing, so the token need not be looked at (a Token
        object, its tags, the headline test). Decided once per (lemma, word)."""
        key = (lemma, lower)
        may = self._may.get(key)
        if may is None:
            if self._keys is None:
                self._keys = frozenset(word for word, _ in self.lex.by_lemma)
            may = not self._keys.isdisjoint(_lookup_strings(strings[lemma], strings[lower]))
            if len(self._may) >= MAY_TRIGGER_LIMIT:  # a long run meets ever more names
                self._may.clear()
            self._may[key] = may
        return may

    def _word_hashes(self) -> numpy.ndarray:
        if self._hashes is None:
            self._hashes = numpy.array(
                sorted({hash_string(w) for w in self.lex.words}), dtype=numpy.uint64
            )
        return self._hashes

    def _triggers(self, tok: Token) -> list[tuple[Trigger, bool]]:
        if tok.pos_ in {"VERB", "ADJ"} or tok.tag_ in {"VBN", "VBG", "VBD", "VBZ", "VBP", "VB"}:
            pos = "V"
        elif tok.pos_ == "PROPN" and tok.is_title and (tok.dep_ == "ROOT" or _in_headline(tok)):
            pos = "V"  # a title-case headline: "Russia Recognises The Taliban"
        elif tok.pos_ == "NOUN" and R.verb_read_as_noun(tok):
            pos = "V"  # "Turkey, the US and the EU list the PKK as ..."
        elif tok.pos_ in {"NOUN", "PROPN"}:
            pos = "N"
        else:
            return []
        lemma = tok.lemma_.lower()
        if pos == "V" and _misparsed_compound(tok):
            pos = "N"  # "imposed asset freezes on": the small model reads "freezes" as a verb
        found = [(t, False) for t in self.lex.lookup(lemma, pos)]
        if not found and tok.pos_ == "ADJ":  # "are frozen"
            for stem in participle_lemmas(tok.lower_):
                found += [(t, False) for t in self.lex.lookup(stem, pos)]
        if not found and pos == "V" and (tok.pos_ == "PROPN" or "-" in tok.lower_):
            # a headline's verb tagged as a name, or a prefixed word the lemmatizer does
            # not know ("re-established" → "re-establishe"): try the word's own stems
            low = tok.lower_
            for stem in (low, low[:-1], low[:-2], low[:-3], low[:-1] + "e"):
                found += [(t, False) for t in self.lex.lookup(stem, pos)]
        if not found and pos == "V" and tok.lower_.startswith(("un", "non")):
            bare = tok.lower_.removeprefix("non-").removeprefix("non").removeprefix("un")
            for stem in {bare, bare.rstrip("d"), bare.removesuffix("ed"), bare.removesuffix("ing")}:
                found += [(t, True) for t in self.lex.lookup(stem, pos)]
        if not found and pos == "N" and tok.lower_ != lemma:
            found = [(t, False) for t in self.lex.lookup(tok.lower_, pos)]
        return found

    def _governing(self, noun: Token) -> list[Trigger]:
        """The triggers whose pattern needs this noun and that govern it: its verb
        ("Israel's ambassador will be named", "revoked the designation") or the noun whose
        "of" phrase it is ("the revocation of the designation")."""
        holder = noun.head
        if noun.dep_ == "pobj" and holder.lower_ == "of":
            holder = holder.head
        words = {noun.lemma_.lower(), noun.lower_}
        pos = "V" if holder.pos_ in {"VERB", "AUX"} else "N"
        return [t for t, _ in self._triggers(holder) if t.pos == pos and words & t.needs]

    def _constraints_hold(self, tok: Token, trig: Trigger, sent: Span) -> bool:
        if trig.needs:
            scope = self._scope(tok, trig.pos, trig.frame == "place", sent)
            if not any(
                (t.lemma_.lower() in trig.needs or t.lower_ in trig.needs)
                # a verb's object: "banned organisations" holds no "ban" (but "called the
                # move unjustified", misread as a past tense, is the judgement itself)
                and (trig.pos == "N" or t.tag_ not in PARTICIPLE_TAGS or t.dep_ in COMPLEMENTS)
                and not _topic_of_talks(t, tok)
                for t in scope
            ):
                return False
        return not (
            trig.context
            and not trig.context.search(doc_text(sent.doc)[sent.start_char : sent.end_char])
        )

    def _scope(self, tok: Token, pos: str, place: bool, sent: Span) -> list[Token]:
        """The tokens where a trigger's needed word may stand: a verb's arguments, a noun's
        phrase. A token often carries several triggers of one part of speech, so the scope
        is kept for the document being read (``_scopes``, emptied per document) and built
        once."""
        key = (tok.i, pos, place)
        cached = self._scopes.get(key)
        if cached is not None:
            return cached
        if _headline_verb(tok):
            scope = list(tok.doc[tok.i + 1 : sent.end])
        elif pos == "V":
            scope = [
                t
                for c in tok.children
                if c.dep_
                in R.OBJECTS
                | {"nsubjpass", "prt", "prep", "agent", "acomp", "xcomp", "ccomp", "advmod"}
                for inside in [_relative_clauses(c)]
                for t in c.subtree
                if (c.dep_ != "prep" or _no_verb_between(t, tok)) and t.i not in inside
            ]
            scope += R.relative_antecedent(tok)
            if R.misread_infinitive(tok):  # "to re-establish relations"
                scope.append(tok.head)
            if tok.dep_ == "acl":  # "an agreement signed in 2001"
                scope.append(tok.head)
            if tok.dep_ == "acomp":  # "the assets ... are frozen"
                scope += [t for c in tok.head.children if c.dep_ == "nsubj" for t in c.subtree]
            children = {c.dep_ for c in tok.children}
            if "auxpass" in children and "nsubjpass" not in children and tok.dep_ == "xcomp":
                scope += [  # "the deal is expected to be signed"
                    t for c in tok.head.children if c.dep_ in R.SUBJECTS for t in c.subtree
                ]
            if place and not children & R.OBJECTS:
                embassy = _embassy_subject(tok)  # "the UAE embassy in Damascus reopened"
                scope += [embassy] if embassy is not None else []
            if tok.dep_ == "conj" and any(
                c.dep_ in R.OBJECTS and c.lower_ in {"them", "it"} for c in tok.children
            ):  # "severed ties in 1972 and restored them in 2019"
                scope += [
                    t for c in tok.head.children if c.dep_ in R.OBJECTS for t in c.subtree
                ]
        else:
            scope = [*list(tok.subtree), tok.head]
            if _misparsed_compound(tok):
                scope.append(tok.doc[tok.i - 1])
        self._scopes[key] = scope
        return scope

    def _agreed_untold(self, tok: Token, index: R.ActorIndex) -> bool:
        """ "The two sides agreed to find workable solutions", "India and Canada agreed to
        return high commissioners": two parties agreeing on a course no other rule tells
        (an act of its own type, "agreed to restore ties", is that act). Only a pair
        agrees so: coordinated subjects, "the two sides", or a "with" partner."""
        plans = [c for c in tok.children if c.dep_ == "xcomp" and c.pos_ in {"VERB", "AUX"}]
        if not plans or any(p.lemma_.lower() in CEASING_VERBS for p in plans):
            return False  # "agreed to halt all military action": a truce, no type
        sent = R.sentence(tok)
        for plan in plans + [c for p in plans for c in p.children if c.dep_ == "conj"]:
            told = [plan, *(c for c in plan.children if c.dep_ in R.OBJECTS)]
            if any(self._constraints_hold(w, t, sent) for w in told for t, _ in self._triggers(w)):
                return False
        subject, _ = R.subject_tokens(tok)
        partner = any(c.dep_ == "prep" and c.lower_ == "with" for c in tok.children)
        return (
            partner or len(index.in_tokens(subject)) >= 2 or R.refers_to_pair(subject)
            or any(t.lower_ == "they" for t in subject)
        )

    # -- roles ------------------------------------------------------------------
    def _pairs(
        self, tok: Token, trig: Trigger, index: R.ActorIndex, salience: R.Salience
    ) -> list[tuple[str, str | None]]:
        if trig.frame == "verdict":
            return verdict_pairs(
                tok,
                index,
                salience,
                lambda who, exclude=(): _resolve_subject(tok, who, index, salience, set(exclude)),
            )
        if trig.type == "PRAISE" and greets(tok):
            return []  # "Putin welcomed Kim at the cosmodrome": a host greets a visitor
        if trig.frame == "backer" and not _backs_actor(tok, index):
            return []  # "supported Palestinian statehood": a cause, not a state, is backed
        if trig.type == "RECOGNIZE" and trig.frame == "agent" and not _recognisable(tok, index):
            return []  # "recognised the importance of trade with China"
        if trig.pos == "N" and tok.dep_ in R.OBJECTS and tok.head.lemma_.lower() in SWITCH_VERBS:
            return []  # "switched recognition from X to Y": the switch tells both acts
        sources, targets, subject_toks, object_toks = self._roles(tok, trig, index)
        if trig.type == "CLOSE_EMBASSY" and _leader_barred(tok, index):
            return []  # "declared Lula persona non grata": a leader barred, no mission sent
        if trig.rule in SEND_BACK_RULES and not _named_owner(tok, index):
            return []  # "Pakistan, Iran to send ambassadors back": their own, returning
        if trig.rule in AGREED_ACT_RULES and not self._agreed_untold(tok, index):
            return []  # "agreed to restore ties": the act agreed on tells itself
        if trig.rule in FORUM_RULES:
            targets = _complained_of(tok, index, sources, targets)
        if trig.type in MUTUAL_TYPES and targets:
            # "France and Germany held talks on Ukraine": what the talks are about is no
            # partner, and the pair then meets each other
            topical = _topic_codes(tok, object_toks, index)
            targets = [c for c in targets if c not in topical]
        if trig.type in MEASURE_TYPES and sources:
            # "placed sanctions on two American defence firms (over their sales to
            # Taiwan)": the firms' state, before any name told in the phrase after them
            hit = [
                o
                for p in object_toks
                if p.dep_ == "prep" and p.lower_ in {"on", "against"}
                for o in p.children
                if o.dep_ == "pobj"
            ]
            hit_phrase = [t for o in hit for t in R.subject_phrase(o)]
            owners = index.firm_owners(hit_phrase)
            # "adopted the latest EU sanctions against Belarus": the one named after
            # "on"/"against" is the target, the sanctions' owner is no target
            named = index.in_tokens(hit_phrase)
            targets = (
                [c for c in owners if c not in sources]
                or [c for c in named if c not in sources]
                or targets
            )
            if not targets:  # "blacklisted Russia's two biggest oil companies"
                targets = [c for c in index.firm_owners(object_toks) if c not in sources]
        if trig.type == "ATTACK" and sources:
            # "struck two strongholds of Jaish al-Adl near a Pakistani town": the group
            # whose hideouts were hit, not the place they are in
            targets = _held_by_group(tok, trig.pos, index, sources) or targets
        if trig.type == "ATTACK" and trig.pos == "V" and targets:
            targets = _fighters_owners(tok, index, targets)
        if trig.type == "ATTACK" and sources and not targets:
            targets = _waged_in(tok, trig, index, sources)
        if sources and trig.pos == "V" and trig.frame not in {"mutual", "exchange"}:
            sources += [c for c in index.in_tokens(R.co_agents(tok)) if c not in sources + targets]
        if trig.type == "RECOGNIZE" and trig.pos == "V" and not targets:
            # "recognised Gonzalez as the winner of Venezuela's election", "recognised
            # Maduro's re-election", "the interim government led by Muhammad Yunus": whose
            # rule is recognised is the state's
            targets = [c for c in index.in_tokens(_ruler_words(tok)) if c not in sources]
        if trig.type == "RECOGNIZE" and targets:
            # a region recognised is the region, never the state it breaks away from:
            # "Somalia's breakaway region of Somaliland", "the regions of eastern Ukraine"
            named = index.in_tokens(_region_names(object_toks))
            parents = [c for c in index.in_tokens(_parent_states(object_toks)) if ":" not in c]
            targets = [c for c in [*named, *targets] if c not in parents]
            targets = list(dict.fromkeys(targets))
        # envoys whose own phrase names the states that sent them: "new ambassadors from
        # Chile and Ghana" were each sent by one, to neither of the others
        sent_by_own = (
            trig.frame == "envoy"
            and trig.pos == "N"
            and bool(index.in_tokens(t for t in tok.subtree if t != tok))
        )
        group = bool(subject_toks) and R.demonstrative_group(subject_toks)
        if not sources and group and not targets and _refers_back(object_toks):
            # "none of these countries have recognised it": the list, then what they did not
            targets = salience.resolve(set(), topic=True)
        if not sources and subject_toks:
            sources = _resolve_subject(tok, subject_toks, index, salience, set(targets))
            if trig.type == "ATTACK" and sources and not targets:  # "it had struck ... in Iran"
                targets = _waged_in(tok, trig, index, sources)
        partner = any(t.dep_ == "prep" and t.lower_ in {"with", "to"} for t in object_toks)
        mutual = trig.frame in {"mutual", "exchange"} or trig.type in MUTUAL_TYPES
        mutual = mutual or R.reciprocal(object_toks)  # "accused each other of ..."
        if not targets and mutual and len(sources) >= 2 and not partner and not sent_by_own:
            return list(permutations(sources, 2))  # "Bolivia and Israel restore their relations"
        if not sources and mutual and trig.pos == "V":
            # "ties between Honduras and China were established": the pair of the noun
            held = [
                t
                for t in object_toks
                if t.dep_ in R.OBJECTS | {"nsubjpass"} and t.lemma_.lower() in trig.needs
            ]
            pair = index.in_tokens(t for h in held for t in R.between_tokens(h))
            if len(pair) == 2 and set(targets) <= set(pair):
                return list(permutations(pair, 2))
        spoken = False
        if not sources and trig.pos == "N":
            said_by = _speaker(tok, index)
            if said_by and not index.in_tokens(said_by) and R.is_anaphor(said_by):
                # "the ministry said it expected ...": the ministry of the state just named
                sources = _resolve_subject(tok, said_by, index, salience, set(targets))
            else:
                sources = index.in_tokens(said_by)[:1]
            sources = [c for c in sources if c not in targets]
            spoken = bool(sources)
        if (
            not targets
            and sources
            and (
                (trig.type in TOPIC_TARGET_TYPES and not object_toks and not spoken)
                or (mutual and _between_us([*tok.subtree, *object_toks]))
            )
        ):
            # "had not gone as far as formal recognition", "cooperation between our countries";
            # "Israel's recognition could pave the way": the one this source's act of the
            # type already told was done to, else the article's topic
            done_to = [salience.acts.get((trig.type, s)) for s in sources]
            targets = [t for t in done_to if t] or salience.resolve(set(sources), topic=True)
        reacts_to_act = trig.type in REACTION_TYPES and _act_object(object_toks)
        # "condemned the strike, and Qatar also condemned it": the act its fellow judged
        judged_again = trig.type in REACTION_TYPES and _act_object(_fellow_object(tok))
        reacts_to_act = reacts_to_act or judged_again
        if not targets and trig.frame != "envoy" and not reacts_to_act:
            # (a reaction's object is the act, not the act's target: "Kenya recognised
            # Kosovo, and Serbia protested the decision")
            targets = _borrow_conj_targets(tok, index, set(sources))
        if not targets and trig.type in TIES_TYPES and tok.pos_ == "VERB":
            # "restored full diplomatic ties in 2015, sending an ambassador to Baghdad": the
            # partner the participle of the same act names
            told = [
                t
                for c in tok.children
                if c.dep_ == "advcl" and c.tag_ == "VBG"
                and not any(s.dep_ in R.SUBJECTS for s in c.children)
                for t in R.object_tokens(c)
            ]
            targets = [c for c in index.in_tokens(told) if c not in sources]

        measures = trig.type in {"EASE_SANCTIONS", "IMPOSE_SANCTIONS"}
        if not targets and sources and measures and _definite_measure(object_toks):
            # "China banned Japanese seafood ... It partially lifted that ban in June": the
            # measure the source imposed last; "Warsaw announced its ban", "Hungary imposed
            # a similar ban": whom the latest measure hit
            done = [salience.acts.get(("IMPOSE_SANCTIONS", s)) for s in sources]
            if trig.type == "IMPOSE_SANCTIONS":
                done = [d or salience.measure_target for d in done]
            targets = [t for t in dict.fromkeys(done) if t and t not in sources]
        if not targets and sources and trig.rule in ANSWER_RULES:
            # "Canada accused India of ... India rejected the claim": whoever made it
            targets = [a for s in sources if (a := salience.accuser.get(s)) and a not in sources]
        if not targets and sources and trig.type == "INTEND_COOPERATE" and not object_toks:
            # "Israel planned to deepen cooperation in agriculture": with the partner of
            # the source's latest act ("Israel recognised Somaliland")
            targets = [p for s in sources if (p := salience.partner.get(s)) and p not in sources]
        if not targets and sources and trig.frame == "recipient":
            targets = salience.resolve(set(sources), topic=True)  # aid for the topic
        if trig.type == "SIGN_AGREEMENT" and _met_to_act(tok):
            # "Sa'ar met his Bolivian counterpart in Washington to sign a declaration": the
            # two who met to sign both sign (where they met is no party)
            met = [c for c in index.in_tokens(R.object_tokens(tok.head)) if c not in sources]
            if met:
                return [p for a in sources for b in met for p in ((a, b), (b, a))]
        if not targets and mutual and tok.dep_ in {"xcomp", "advcl"}:
            # "Sa'ar met his Bolivian counterpart in Washington to sign a declaration"
            # "closed its embassy in Tehran ..., effectively severing relations"
            head_objects = R.object_tokens(tok.head) + R.place_tokens(tok.head)
            if tok.head.dep_ in {"ccomp", "xcomp", "oprd"}:
                # "declared the Iranian diplomats personae non gratae, effectively severing
                # relations": the declared are the small clause's subject
                head_objects += [
                    t for c in tok.head.children if c.dep_ in R.SUBJECTS for t in R.phrase(c)
                ]
            targets = [c for c in index.in_tokens(head_objects) if c not in sources]
        if not targets and any(t.lower_ in {"him", "her"} for t in object_toks):
            targets = _person_antecedent(tok, index, set(sources))
        owned_by = {t.lower_ for t in object_toks if t.dep_ == "poss"}
        if targets and trig.type in LISTING_TYPES:
            # "proscribed Palestine Action": a group named after a state is not the state
            renamed = _groups_named_after_states(object_toks, index)
            targets = list(dict.fromkeys(renamed.get(c, c) for c in targets))
            # "designated Yemen's Houthis": the state only says where the group is
            located = {
                index.by_token[t.i].label_
                for t in object_toks
                if t.i in index.by_token
                and t.dep_ in {"poss", "compound", "amod"}
                and t.head.i in index.by_token
                and index.by_token[t.head.i].label_.startswith("NSA:")
                and index.by_token[t.head.i].label_ != index.by_token[t.i].label_
            }
            targets = [c for c in targets if c not in located] or targets
        if not targets and trig.type in LISTING_TYPES:
            # "designated the Proud Boys as a terrorist entity": a group the table does not
            # know is still the one listed, coded from its name as the contract forms them
            targets = _named_groups(object_toks, index)
        if not targets and owned_by & {"its", "their"}:
            # "Kenya recognised Kosovo, prompting Serbia to summon its ambassador"
            targets = _sentence_subject(tok, index, set(sources)) or _nearest_before(
                tok, index, set(sources)
            )
        it_object = any(t.lower_ == "it" and t.dep_ in R.OBJECTS for t in object_toks)
        if not targets and it_object and not judged_again:
            targets = _nearest_before(tok, index, set(sources))  # "severed ties with Israel,
            # accusing it of ..."
        charged = [
            t
            for t in object_toks
            if t.lower_ in {"them", "him", "her"} and t.dep_ in R.OBJECTS and t.head == tok
        ]
        if charged and trig.type in REACTION_TYPES and tok.pos_ == "VERB":
            # "expelled three French diplomats, accusing them of subversion", "froze the
            # property of Mali's minister, accusing him of helping Wagner": the one accused
            # is named before, not in what they are accused of
            targets = _nearest_before(tok, index, set(sources)) or targets
        pair_object = [t for t in object_toks if t.dep_ in R.OBJECTS or t.head.dep_ in R.OBJECTS]
        if not targets and trig.frame != "envoy" and R.refers_to_pair(pair_object, joint=False):
            # "Erdogan thanked the two men": each of the pair just named
            targets = _pair_before(tok, index, set(sources)) or salience.pair(set(sources))
        if (
            not targets
            and trig.type != "ATTACK"
            and trig.frame != "envoy"  # the envoy is the object, not who it is sent to
            and _refers_back(object_toks, acts=trig.type in REACTION_TYPES)
        ):
            pronoun = [t for t in object_toks if t.dep_ in R.OBJECTS and t.lower_ in R.PRONOUNS]
            if R.demonstrative_group(object_toks):
                targets = _listed_before(tok, index, set(sources), R.group_size(object_toks))
            elif (
                trig.type in REACTION_TYPES
                and pronoun
                and pronoun[0].lower_ in salience.act_pronouns
                and salience.last_actors
            ):
                # "The US struck three sites in Iran. Cuba and Venezuela condemned them":
                # the strikes, so their maker
                targets = [c for c in salience.last_actors if c not in sources]
            elif trig.type in REACTION_TYPES and pronoun and judged_again:
                # "Saudi Arabia condemned the strike, and Qatar also condemned it": whom
                # the fellow verb's judgement hit
                fellow = self._pairs(tok.head, trig, index, salience)
                targets = list(dict.fromkeys(t for _, t in fellow if t and t not in sources))
            elif trig.type in REACTION_TYPES and _act_object(object_toks):
                # "praised the move": whoever made the latest move, unless it was the source;
                # "welcomed the recognitions": everyone who made the article's main act
                plural = any(t.tag_ == "NNS" and t.lemma_.lower() in ACT_NOUNS for t in object_toks)
                actors = salience.main_actors if plural else salience.last_actors
                spoken = any(t.lemma_.lower() in WORD_ACTS for t in object_toks)
                if spoken and salience.last_speakers:
                    # "Takaichi said ... China condemned the remarks": the last speaker's
                    actors = salience.last_speakers
                if any(t.lemma_.lower() in MUTUAL_ACT_NOUNS for t in object_toks):
                    # "Iran welcomed the rapprochement": both sides of the pair just told
                    actors = salience.pair(set(sources)) or actors
                elif not spoken and not plural:
                    # "an Israeli air strike on a camp killed dozens ... Riyadh condemned the
                    # strike": the maker named on the noun's latest mention, though that
                    # mention told no event
                    actors = _same_head(object_toks, index, set(sources)) or actors
                targets = [c for c in actors if c not in sources]
                own = actors if spoken and salience.last_speakers else actors + salience.main_actors
                if set(own) & set(sources):
                    targets = []  # "Harris called the announcement historic": his own
                elif not actors:  # "X stormed the embassy, with Mexico denouncing the raid"
                    targets = _sentence_subject(tok, index, set(sources))
                    # ... else what the latest subject did, as a judgement does: "Japan
                    # began releasing the water. The decision prompted a rebuke from China."
                    targets = targets or [c for c in salience.last_doers if c not in sources]
            else:
                # "X restored ties with Taiwan, prompting China to suspend ties with the
                # island nation": a main clause's subject is the nearest antecedent of a
                # description in the clause hung on it
                subordinate = R.governing_verb(tok).dep_ in {"advcl", "xcomp"} and not (
                    set(_main_subject_codes(tok, index)) & set(sources)  # "X and Y agreed to"
                )
                # ... never for a group: "after Britain banned the group" is no state
                # (mentions.GROUP_WORDS: the heads of a non-state group's descriptions)
                subordinate = subordinate and not any(
                    t.lemma_.lower() in GROUP_WORDS for t in object_toks
                )
                targets = (
                    _same_head(object_toks, index, set(sources), trig.type in LISTING_TYPES)
                    or (_sentence_subject(tok, index, set(sources)) if subordinate else [])
                    or salience.resolve(set(sources), topic=True)
                )
        if trig.pos == "N":
            # "the war between Israel and Hamas", "hosted talks between American and Russian
            # delegations": the two named meet or fight, not whoever hosts
            between = R.between_actors(tok, index)
            if len(between) < 2 and not sources and R.refers_to_pair(R.between_tokens(tok)):
                between = salience.pair(set())  # "between the two countries"
            if len(between) >= 2:
                return list(permutations(between, 2))
        if not sources and mutual and trig.pos == "V":
            # "the normalisation deal between Israel and Sudan was signed": the pact's pair
            heads = [
                t
                for t in object_toks
                if t.dep_ in R.OBJECTS | {"nsubjpass"} and t.lemma_.lower() in PACT_NOUNS
            ]
            between = [c for h in heads for c in R.between_actors(h, index)]
            # "a memorandum was signed between Ethiopia and Somaliland": on the verb
            between += R.between_actors(tok, index)
            if len(set(between)) >= 2:
                return list(permutations(dict.fromkeys(between), 2))
        if not sources:
            return []
        pairs: list[tuple[str, str | None]] = []
        if not targets:
            # "Turkey and Israel will return ambassadors": each sends one to the other
            envoys = trig.frame == "envoy" and any(
                t.tag_ == "NNS" and _is_envoy(t) for t in tok.subtree
            )
            if (mutual or envoys) and len(sources) >= 2 and not sent_by_own:
                return list(permutations(sources, 2))
            return []
        for s in sources:
            for t in targets:
                if s != t:
                    pairs.append((s, t))
                    # (a deal signed "with" a partner is told of the subject only: the
                    # partner's own signing is annotated when the text makes it a subject)
                    if trig.frame == "exchange":
                        pairs.append((t, s))
        return list(dict.fromkeys(pairs))

    def _echo_pairs(
        self, tok: Token, index: R.ActorIndex, salience: R.Salience, ref: EventCandidate
    ) -> list[tuple[str, str | None]]:
        """ "Sweden took the step in 2014", "the second country after China to do so"."""
        subject, _passive = R.subject_tokens(tok)
        sources = index.in_tokens(subject) or _resolve_subject(
            tok, subject, index, salience, {ref.target or ""}
        )
        before = [  # "after China": it did so first
            t
            for anc in [tok, *list(tok.ancestors)[:4]]
            for c in anc.children
            if c.dep_ == "prep" and c.lower_ in {"after", "like"}
            for t in c.subtree
        ]
        before += R.co_agents(tok)  # "the second country after China to do so"
        sources = list(dict.fromkeys(sources + index.in_tokens(before)))
        return [(s, ref.target) for s in sources if s != ref.target]

    def _roles(
        self, tok: Token, trig: Trigger, index: R.ActorIndex
    ) -> tuple[list[str], list[str], list[Token], list[Token]]:
        if trig.pos == "N":
            return self._noun_roles(tok, trig, index)
        if _headline_verb(tok):
            # a title-case headline parsed as one long name: read it in word order
            sent = R.sentence(tok)
            before = index.codes_between(sent.start, tok.i)
            after = [c for c in index.codes_between(tok.i + 1, sent.end) if c not in before]
            return before, after, [], []
        subject, passive = R.subject_tokens(tok)
        if R.passive_relative(tok):  # "X, which was hit with sanctions by the US"; "the
            # treaty, signed by Putin and Kim"
            subject, passive = R.phrase(R.antecedent(tok)), True
        objects = R.object_tokens(tok)
        misread = R.misread_relative_subject(tok)
        if misread:  # "the PKK, which the US and EU list as a terrorist group"
            subject, objects = misread, [*R.phrase(R.antecedent(tok)), *objects]
        children = {c.dep_ for c in tok.children}
        shared: list[Token] = []
        if tok.dep_ == "conj" and {"auxpass", "agent"} <= children and "nsubjpass" not in children:
            # "Modi arrived in Moscow and was greeted by Putin": the shared subject is
            # the one acted on
            shared = R.subject_tokens(tok.head)[0]
            objects = [*objects, *shared]
        if tok.dep_ == "acomp" and (tok.pos_ == "ADJ" or tok.tag_ == "VBN"):
            passive = True  # "the assets are frozen": a state the subject is in
        if passive:
            passive_subj = subject
            subject = [t for a in R.passive_agents(tok) for t in R.phrase(a)]
            objects = [t for t in passive_subj + objects if t not in subject]
            if not subject and trig.type in LISTING_TYPES:
                # "were removed from Kazakhstan's list of banned organisations": the
                # list's owner keeps it
                subject = [
                    t
                    for o in objects
                    if o.lemma_.lower() in LIST_NOUNS
                    for c in o.children
                    if c.dep_ == "poss"
                    for t in c.subtree
                ]
            if not subject and trig.type == "ACCEPT_CREDENTIALS":
                # "Germany's ambassador in New Delhi will also be accredited to Bhutan":
                # the state it is accredited to accepts, not the capital it sits in
                subject = _accredited_to(tok)
            if not subject and trig.type in LOCATIVE_AGENT_TYPES:
                # "designated as a terrorist group in Russia", "the assets in the United
                # States are frozen": with no agent, the state where it holds is the actor
                subject = R.locative_tokens([tok, *passive_subj])
        by = [c for c in tok.children if c.dep_ in {"prep", "agent"} and c.lower_ == "by"]
        true_passive = any(c.dep_ in {"auxpass", "nsubjpass"} for c in tok.children)
        # "had spoken with Widodo by phone": a perfect, whose "by" tells the means
        perfect = any(c.dep_ == "aux" and c.lemma_ == "have" for c in tok.children)
        participle = (tok.pos_ == "ADJ" or tok.tag_ == "VBN") and not perfect
        has_object = any(c.dep_ in R.OBJECTS for c in tok.children)
        if by and participle and not true_passive and not has_object:
            # "who remain unrecognised by the UN": the UN acts on the subject
            objects = subject + objects
            subject = [t for c in by for t in R.phrase(c)]
        reduced_relative = tok.dep_ == "acl" and tok.tag_ == "VBN" and not by
        if reduced_relative and trig.frame == "mutual":
            # "they would revive an agreement signed in 2001": the parties are the ones
            # acting on the agreement now
            subject, _passive = R.subject_tokens(R.governing_verb(tok.head))
        if tok.dep_ == "acl" and (not subject or reduced_relative):  # "ambassadors appointed by"
            objects = [*objects, tok.head]
        if tok.dep_ == "acl" and tok.tag_ == "VBG" and not index.in_tokens(subject):
            subject = _instrument_maker(tok.head)  # "issued a licence easing sanctions on X"
        sources = index.in_tokens(subject)
        if trig.frame == "meet-person":
            # the visitor is the object, or the subject of a passive ("was hosted by")
            heads = [t for t in objects if t.dep_ in R.OBJECTS | {"nsubjpass"} or t in shared]
            # "hosted a banquet in honour of his Chinese counterpart"
            honoured = [
                t
                for t in tok.subtree
                if t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.lemma_ in HONOUR
            ]
            heads += [  # "Pakistan's army chief Asim Munir": the name in apposition
                t
                for h in [*heads, *honoured]
                for t in [h, *h.children]
                if t == h or t.dep_ in {"appos", "compound"}
            ]
            if tok.lemma_.lower() == "host" and not honoured:
                # "Pakistan hosts a Taliban envoy": a resident diplomat, not a visit
                heads = [h for h in heads if h.lemma_.lower() not in ENVOY_NOUNS | {"diplomat"}]
            objects = [*objects, *(t for h in honoured for t in h.subtree)]
            visitors = R.PERSON_HEADS | {"delegation"}  # "hosted a Taliban delegation"
            if not any(index.names_person(t) or t.lemma_.lower() in visitors for t in heads):
                return [], [], [], []
        if trig.frame == "envoy":
            posts = [t for t in [*tok.subtree, *objects] if _posted_to(t)]
            # "sent envoys to China, Russia and the UAE": every name of the list
            targets = index.in_tokens(posts + [c for t in posts for c in t.conjuncts])
            if not sources:
                # "named X ambassador", "confirmed Jack Lew as US ambassador to Israel"
                envoy = [t for t in objects if _is_envoy(t)]
                noun = envoy[0] if envoy else _envoy_noun(tok, [])
                sources = _owner(noun, index) if noun is not None else []
        elif trig.frame == "switch":
            # "switched recognition from Taipei to Beijing": the new partner is recognised,
            # ties with the old one end
            prep = "from" if trig.type == "BREAK_RELATIONS" else "to"
            partners = [
                t
                for h in [tok, *[c for c in tok.children if c.dep_ in R.OBJECTS]]
                for c in h.children
                if c.dep_ == "prep" and c.lower_ == prep
                for t in R.phrase(c)
            ]
            targets = [c for c in index.in_tokens(partners) if c not in sources]
            return sources, targets, subject, []
        elif trig.frame == "partner":
            # "discussed migration with Dbeibah": what is discussed is no party, the "with"
            # phrase is (none: "Meloni and Dbeibah discussed migration" meet each other)
            preps = [c for c in tok.children if c.dep_ == "prep" and c.lower_ == "with"]
            preps += [  # "discussed the war in Ukraine with Scholz", hung on the topic
                p
                for o in tok.children
                if o.dep_ in R.OBJECTS
                for p in o.children
                if p.dep_ == "prep"
                and p.lower_ == "with"
                and any(
                    index.names_person(w) or w.lemma_.lower() in R.PERSON_HEADS
                    for w in p.children
                    if w.dep_ == "pobj"
                )
            ]
            withs = [t for c in preps for t in R.phrase(c)]
            targets = [c for c in index.in_tokens(withs) if c not in sources]
            return sources, targets, subject, withs
        elif trig.frame == "claimant":
            # "recognised Jerusalem as Israel's capital": the state whose capital or part
            # the object is said to be
            targets = [c for c in index.in_tokens(_territory_role(tok)) if c not in sources]
            return sources, targets, subject, objects
        elif trig.frame == "present":
            # "the envoy presented his credentials to Xi": Xi's state accepts them
            receivers = [
                t
                for c in tok.children
                if c.dep_ in {"prep", "dative"} and c.lower_ == "to"
                for t in R.phrase(c)
            ]
            givers = sources
            sources = index.in_tokens(receivers)
            if not sources:  # "to present his credentials in Kabul": the host capital
                sources = index.in_tokens(
                    t
                    for h in [tok, *(c for c in tok.children if c.dep_ in R.OBJECTS)]
                    for c in h.children
                    if c.dep_ == "prep" and c.lower_ in {"in", "at"}
                    for t in R.phrase(c, skip_preps=set())
                )
            envoy = _envoy_noun(tok, subject)
            if envoy is not None:
                # "Caroline Kennedy, the new US ambassador to Japan, presented her
                # credentials to Emperor Akihito": the envoy's own state and post
                owner, post = _owner(envoy, index), _envoy_post(envoy, index)
                if R.is_person(subject[0]) or not givers:
                    givers = owner or givers
                else:  # "Ambassadors of Chile, Kenya and Vietnam", the list read as the
                    # envoys' conjuncts: the owner named first is a giver too
                    givers = list(dict.fromkeys([*owner, *givers]))
                sources = sources or post
            targets = [c for c in givers if c not in sources]
            return sources, targets, receivers, subject
        elif trig.frame == "place" and _embassy_subject(tok):
            # "Turkey's embassy in Damascus resumed operations": the embassy's owner and place
            house = _embassy_subject(tok)
            assert house is not None
            sources = index.in_tokens(R.owner_tokens(house))
            places = [t for c in house.children if c.dep_ == "prep" for t in c.subtree]
            targets = [c for c in index.in_tokens(places) if c not in sources]
            return sources, targets, [], []
        elif trig.frame == "place":
            if not sources and not R.is_anaphor(subject):
                # "Hammond reopened the British embassy in Tehran": its owner's (but "it
                # would close the Norwegian consulate": whoever "it" is)
                houses = [c for c in tok.children if c.dep_ in R.OBJECTS]
                houses = [h for h in houses if h.lemma_.lower() in trig.needs]
                sources = index.in_tokens(
                    t for h in houses for t in R.owner_tokens(h, preps=False)
                )
            places = R.place_tokens(tok)
            targets = [c for c in index.in_tokens(places) if c not in sources]
            if not targets:
                targets = [c for c in index.in_tokens(objects) if c not in sources]
        elif trig.frame == "owner":
            # "the envoy in Beijing was accredited": the place tells who accepts, unless a
            # "to" phrase does ("its ambassador in Canberra is also accredited to Fiji")
            skip = R.NEVER_PREPS if _accredited_to(tok) else R.NEVER_PREPS - {"in"}
            scope = [
                t
                for c in tok.children
                if c.dep_ in R.OBJECTS | {"nsubjpass"}
                for t in R.phrase(c, skip_preps=skip, skip_envoy_to=True)
            ]
            scope += R.relative_antecedent(tok)  # "Libyan assets that Washington froze"
            scope += [  # ... and "dismissed the claims by Kyiv", the "by" hung on the verb
                t
                for c in tok.children
                if c.dep_ == "prep"
                and (c.lower_ in {"from", "of"} or (c.lower_ == "by" and not passive))
                for t in R.phrase(c, skip_envoy_to=True)
            ]
            scope += [  # "the envoy was accredited in Beijing as Afghanistan's chargé"
                t
                for c in tok.children
                if c.dep_ == "prep" and c.lower_ == "as" and passive
                for o in c.children
                if o.dep_ == "pobj"
                and {o.lemma_.lower(), *(g.lower_ for g in o.children)} & (trig.needs | ENVOY_NOUNS)
                for t in R.owner_tokens(o)
            ]
            if tok.lemma_.lower() in R.SMALL_CLAUSE_VERBS:  # "declared X persona non grata"
                scope += [
                    t
                    for c in tok.children
                    if c.dep_ in {"ccomp", "xcomp", "oprd"}
                    for s in [*c.children, c]
                    if s.dep_ == "nsubj" or (s == c and c.pos_ == "NOUN")
                    for t in R.phrase(s, skip_envoy_to=True)
                ]
            if passive:
                scope += ([] if _accredited_to(tok) else objects) + [
                    t
                    for h in objects
                    if h.dep_ in R.SUBJECTS
                    for t in R.phrase(h, skip_preps=skip)
                ]
            scope += [  # "assets belonging to Afghanistan's central bank", "linked to Putin"
                t
                for h in list(scope)
                for c in h.children
                if c.dep_ == "acl" and c.lemma_.lower() in OWNING_VERBS
                for t in c.subtree
            ]
            holders = [  # "froze any funds Gadhafi might hold in Swiss banks"
                s
                for h in list(scope)
                for c in h.children
                if c.dep_ == "relcl" and c.lemma_.lower() in OWNING_VERBS
                for s in c.children
                if s.dep_ in R.SUBJECTS and s.lower_ not in R.RELATIVES
            ]
            scope += [t for s in holders for t in R.phrase(s)]
            targets = [c for c in index.in_tokens(scope) if c not in sources]
            if not targets:  # "sanctioned Moraes, freezing any assets he may hold"
                targets = [
                    c
                    for s in holders
                    if s.lower_ in {"he", "she"}
                    for c in _person_antecedent(s, index, set(sources))
                ]
            owned = [t for t in scope if t.dep_ == "pobj" and t.head.lower_ == "of"]
            if not targets and owned:
                objects = R.phrase(owned[-1])  # "the assets of these three officials"
        else:
            partner = pronoun_partner(tok, [c for c in tok.children if c.dep_ in R.OBJECTS], index)
            if trig.type in REACTION_TYPES and partner:
                # "severed relations with the UAE, accusing it of arming the RSF": the UAE
                return sources, [c for c in partner if c not in sources], subject, objects
            if trig.type in REACTION_TYPES and _zero_relative_on_act(tok):
                # "dropped ETIM from its list, a move Beijing condemned": the move's maker,
                # the clause's subject unless the move names its own
                move = tok.head
                makers = index.in_tokens(maker_tokens([move]))
                if not makers and move.dep_ in {"npadvmod", "appos", "dobj"}:
                    makers = index.in_tokens(R.subject_tokens(R.governing_verb(move))[0])
                makers = [c for c in makers if c not in sources]
                if makers:
                    return sources, makers, subject, objects
            if trig.type in REACTION_TYPES:
                makers = [c for c in act_makers(tok, index) if c not in sources]
                if makers:  # "welcomed the recognition of Palestine by Chile and Peru"
                    return sources, makers, subject, objects
            # "criticised the Israeli offensive against Hamas": the offensive's owner first
            acts = [c for c in tok.children if c.dep_ in R.OBJECTS or R.listed_object(c)]
            if trig.type in REACTION_TYPES:
                # "Pelosi's visit to Taiwan was condemned by China": the act is the subject
                acts += [
                    c
                    for c in tok.children
                    if c.dep_ == "nsubjpass" and c.lemma_.lower() in ACT_NOUNS
                ]
            if trig.type in REACTION_TYPES and trig.needs:
                # "expressed support for China's position on Taiwan": the judged one is
                # named in the phrase of the trigger's own object noun
                acts += [
                    o
                    for a in acts
                    if a.lemma_.lower() in trig.needs
                    for p in a.children
                    if p.dep_ == "prep" and p.lower_ in {"for", "to", "with"}
                    for o in p.children
                    if o.dep_ == "pobj"
                ]
            heads = [t for c in acts for t in R.subject_phrase(c)]
            targets = [c for c in index.in_tokens(heads) if c not in sources]
            # ... but "opposed sanctions on Russian energy", "condemned the attack on
            # Israel": an act's patients are not the judged, its maker is
            judged_act = trig.type in REACTION_TYPES and any(
                {c.lemma_.lower(), c.lower_} & ACT_NOUNS for c in acts
            )
            # "adopted the EU's sanctions against Russia": the measure named by the
            # trigger's own object noun belongs to a fellow sender, not to the target
            withs = [o for p in tok.children if p.lower_ == "with" for o in p.children]
            # "UN sanctions on Iran will be lifted": the passive's subject is the measure
            undergoers = [c for c in tok.children if c.dep_ == "nsubjpass"]
            measures = [
                c
                for c in acts + withs + undergoers
                if trig.needs and c.lemma_.lower() in trig.needs
            ]
            if measures and trig.type not in REACTION_TYPES:
                owners = {
                    t for m in measures for c in m.children if c.dep_ == "poss" for t in c.subtree
                }
                senders = index.in_tokens(owners)
                if trig.type in LISTING_TYPES:  # "revoked the Houthis' designation": a
                    senders = [c for c in senders if not c.startswith("NSA:")]  # group's own
                targets = [c for c in targets if c not in senders]
                objects = [t for t in objects if t not in owners]
                if not sources and passive:  # "Iran was hit with fresh British sanctions"
                    senders = [t for m in measures for t in R.owner_tokens(m, preps=False)]
                    sources = index.in_tokens(senders)
                    targets = [c for c in targets if c not in sources]
                if not targets and trig.type == "EASE_SANCTIONS":
                    # "removed sanctions previously imposed on Syria": the clause on the
                    # measure names whom they hit
                    hit = [
                        t
                        for m in measures
                        for clause in m.children
                        if clause.dep_ in {"acl", "relcl"}
                        for p in clause.children
                        if p.dep_ == "prep" and p.lower_ in {"on", "against"}
                        for t in R.phrase(p)
                    ]
                    targets = [c for c in index.in_tokens(hit) if c not in sources]
            if not targets and not judged_act:
                targets = [c for c in index.in_tokens(objects) if c not in sources]
        return sources, targets, subject, objects

    def _noun_roles(
        self, tok: Token, trig: Trigger, index: R.ActorIndex
    ) -> tuple[list[str], list[str], list[Token], list[Token]]:
        sources, targets = R.noun_roles(tok, index)
        if trig.type in REACTION_TYPES:
            # "expressed its condemnation of the attack by Israel": the "by" phrase names the
            # act's maker, who is judged, not the one who judges it
            judged = [
                o
                for c in tok.children
                if c.dep_ == "prep" and c.lower_ == "of"
                for o in c.children
                if o.dep_ == "pobj" and o.lemma_.lower() in ACT_NOUNS
            ]
            makers = index.in_tokens(maker_tokens(judged))
            if makers:
                sources = [c for c in sources if c not in makers]
                targets = list(dict.fromkeys([*makers, *targets]))
        if trig.type in REACTION_TYPES and not targets:
            # "indignation at Russia's treatment of ...", "displeasure over Manila's
            # actions": what the feeling is about, and so who made it
            about = [
                o
                for c in tok.children
                if c.dep_ == "prep" and c.lower_ in {"at", "over"}
                for o in c.children
                if o.dep_ == "pobj"
            ]
            makers = index.in_tokens(maker_tokens(about)) or index.in_tokens(
                t for o in about for t in R.phrase(o)
            )
            targets = [c for c in makers if c not in sources]
        if trig.type == "EASE_SANCTIONS" and not any(
            c.dep_ in {"poss", "compound", "amod"} for c in tok.children
        ):
            # "the lifting of US sanctions on Iran": the measures' owner lifts them, and
            # whom they hit is the target
            measures = [o for o in R.of_objects(tok) if o.lemma_.lower() in trig.needs]
            owners = index.in_tokens(t for m in measures for t in R.owner_tokens(m, preps=False))
            hit = index.in_tokens(
                t
                for m in measures
                for c in m.children
                if c.dep_ == "prep" and c.lower_ in {"on", "against"}
                for t in R.phrase(c)
            )
            if owners:
                return owners, [c for c in hit if c not in owners], [], []
        if trig.frame == "in-force":
            if not _takes_effect(tok):
                return [], [], [], []
            owners = index.in_tokens(R.owner_tokens(tok, preps=False))
            return owners, [c for c in targets if c not in owners], [], []
        if _misparsed_compound(tok):
            # the noun read as a verb: its real governor is the verb it hangs from, and
            # what it applies to may sit on the noun coordinated with it ("asset freezes
            # and travel bans against two ministers")
            doer = tok.head if tok.head.pos_ == "VERB" and tok.head != tok else tok
            subject = R.subject_tokens(doer)[0] if doer != tok else []
            sources = [c for c in index.in_tokens(subject) if c not in targets]
            targets = targets or [
                c
                for n in tok.children
                if n.dep_ == "conj"
                for c in R.noun_roles(n, index)[1]
                if c not in sources
            ]
            return sources, targets, subject, []
        slot = tok
        while slot.dep_ == "conj" and slot.head != slot:
            slot = slot.head  # "trade and economic cooperation with Afghanistan"
        verb = R.governing_verb(slot)
        subject, _passive = R.subject_tokens(verb) if verb != tok else ([], False)
        between = bool(R.between_tokens(tok))  # "a meeting between the rivals" names its own
        if not targets and slot.dep_ in R.OBJECTS and slot.head == verb and not between:
            # "expressed thanks to Bishkek", "voiced support for Kyiv", "granted sanctions
            # relief to Syria" (a "to" the parser calls dative)
            targets = index.in_tokens(
                t
                for c in verb.children
                if (c.dep_ in {"prep", "dative"} and c.lower_ in R.TARGET_PREPS | {"at"})
                or (c.dep_ == "dative" and c.pos_ in {"PROPN", "NOUN"})  # "granted Syria relief"
                for t in c.subtree
            )
        if trig.frame == "envoy":
            owner = _owner(tok, index)
            dest = index.in_tokens(
                t
                for c in tok.children
                if c.dep_ == "prep" and c.lower_ in {"to", "in", "at"}
                for t in c.subtree
            )
            if not owner and tok.dep_ in {"appos", "attr"}:
                owner = index.in_tokens(R.phrase(tok.head))
            if not dest and slot.dep_ in R.OBJECTS and verb.lemma_.lower() in HOST_VERBS:
                # "the UAE accepted an ambassador appointed by the Taliban"; "Pakistan hosts
                # a Taliban envoy": the host is where the envoy was sent
                dest = index.in_tokens(subject)
            return owner, [c for c in dest if c not in owner], [], []
        if trig.frame == "place":
            ofs = [o for c in tok.children if c.lower_ == "of" for o in c.children]
            ofs += [  # "the suspension of all activities of its consulate in Tel Aviv"
                o
                for w in ofs
                if w.lemma_.lower() in WORK_NOUNS
                for c in w.children
                if c.lower_ == "of"
                for o in c.children
            ]
            # "the closure of the Argentine embassy in Caracas"
            houses = [o for o in ofs if o.dep_ == "pobj" and o.lemma_.lower() in trig.needs]
            if houses:
                owner = index.in_tokens(t for h in houses for t in R.owner_tokens(h))
                dest = index.in_tokens(t for h in houses for t in R.place_tokens(h))
                dest = [c for c in dest if c not in owner]
                doer = index.in_tokens(subject)
                own = any(
                    c.dep_ == "poss" and c.lower_ in {"its", "their"}
                    for h in houses
                    for c in h.children
                )
                if own and not owner and dest and doer:
                    # "Belize announced the suspension of ... its consulate in Tel Aviv"
                    return doer, [c for c in dest if c not in doer], subject, []
                host = [c for c in doer if c not in owner]
                if owner and dest and set(host) & set(dest):
                    # "Britain ordered the closure of Iran's embassy in London": the host
                    # shuts the other state's mission
                    return [c for c in host if c in dest], owner, subject, []
                if owner and dest:
                    return owner, dest, subject, []
                if owner and not dest and host and not sources:
                    # "Russia ordered the closure of the Polish consulate in Smolensk": the
                    # host shuts another state's mission, as "Russia closed the consulate"
                    return host, owner, subject, []
            dest = index.in_tokens(R.place_tokens(tok))
            owner = [c for c in sources if c not in dest]
            return owner, dest, subject, []
        if verb.lemma_.lower() in RECEIVING_VERBS and tok.dep_ in R.OBJECTS:
            givers = index.in_tokens(
                t
                for c in [*verb.children, *tok.children]  # "drawing rebukes from EU leaders"
                if c.dep_ in {"prep", "agent"} and c.lower_ in {"from", "by"}
                for t in c.subtree
            )
            receivers = index.in_tokens(subject)
            acts = [t for t in subject if t.lemma_.lower() in ACT_NOUNS or t.lower_ in R.RELATIVES]
            if not givers and trig.frame == "mutual":
                receivers = []  # "seeking a resumption of ties with China": a party seeks it
            if acts:
                # "Israel declared ..., a move that drew a sharp rebuke from Somalia": the
                # move is the sentence's subject's (whatever the parser hung "a move" on)
                makers = [c for c in _main_subject_codes(tok, index) if c not in givers]
                receivers = makers or receivers
            if givers or receivers or trig.frame != "mutual":
                return givers or sources, receivers, [], subject
        # a noun inside the verb's object, not its subject: "open a new stage of cooperation"
        inside = _in_object_of(slot, verb) and not (
            trig.type == "ATTACK" and _of_other_thing(slot, verb)
        )
        # "Suriname has withdrawn its recognition", "during his meeting with X, Y said":
        # a possessive pronoun is the subject's, not a name
        has_poss = any(
            c.dep_ == "poss" and c.lower_ not in {"its", "his", "her"}
            for c in tok.children
        )
        in_subject = tok in subject or slot in subject
        if not sources and subject and inside and not has_poss and not in_subject:
            # ... but "Turkey condemned the attack on Israel" tells no attack by Turkey:
            # the act judged is its maker's, wherever the parser hung the "by" phrase
            reacting = any(
                t.type in REACTION_TYPES
                and not t.context
                and (not t.needs or {tok.lemma_.lower(), tok.lower_} & t.needs)
                for t in self.lex.lookup(verb.lemma_.lower(), "V")
            )  # ... "rejected the recognition": the recognition is Israel's, not Somalia's
            # ... "called the recognition a reward for terrorism": so is a judged act's
            judged = verb.lemma_.lower() in JUDGING_VERBS
            sources = act_makers(verb, index) if reacting or judged else index.in_tokens(subject)
            if judged and not sources:
                return [], [], [], []  # a judged act with no maker named tells no act
        if trig.frame == "owner" and not targets:
            targets = [
                c for c in index.in_tokens(R.phrase(tok, skip_envoy_to=True)) if c not in sources
            ]
        poss = [c for c in tok.children if c.dep_ == "poss"]
        objects = [
            t
            for c in tok.children
            if c.dep_ == "prep" and c.lower_ in R.TARGET_PREPS
            for t in c.subtree
        ]
        # "they would revive a security cooperation agreement": resolve the verb's subject
        actor_words = poss or (subject if inside and not has_poss and not in_subject else [])
        return sources, [t for t in targets if t not in sources], actor_words, objects


#: Words before a headline's verb that set its modality: "Russia To Recognise ...".
HEADLINE_MODALITY = {
    "to": "future", "will": "future", "set": "future", "not": "negated", "won't": "negated",
    "refuses": "negated", "may": "hypothetical", "could": "hypothetical", "might": "hypothetical",
}  # fmt: skip


#: Acts done again and again between the same two actors: one announced ahead says
#: nothing of the others the article tells.
REPEATED_TYPES = {"MEET", "PRAISE", "CRITICIZE", "ATTACK", "INTEND_COOPERATE"}


def _announced(events: list[EventCandidate], published: date | None) -> list[EventCandidate]:
    """An act the article dates ahead of its publication ("will recognise Palestine as
    of 28 May", "the decision would come into effect on 28 May") is announced, not done:
    the article's undated mentions of the same act ("welcomed the recognition by Spain",
    "their governments deciding to recognise") refer to that announcement and are future
    too. A mention with a date of its own before the announcement ("recognised it in
    2014") is another act and keeps its modality."""
    if published is None:
        return events
    ahead = set()
    for ev in events:
        day = EventDate.parse(ev.date or "")
        if ev.type in REPEATED_TYPES:
            continue  # "held talks with Xi on Monday ... is due to meet Li on Tuesday"
        if ev.modality == "future" and day is not None and day.start > published:
            ahead.add((ev.type, ev.source, ev.target))
    if not ahead:
        return events
    out: list[EventCandidate] = []
    kept: set[tuple[str, str, str | None, str, int]] = set()
    for ev in events:
        day = EventDate.parse(ev.date or "")
        recent = day is None or (published - day.start).days <= ANNOUNCEMENT_DAYS
        # measures come in packages: "adopted its 19th package on Thursday. It will ban
        # LNG imports from 2027" tells a package adopted and one of its bans ahead; only
        # an undated mention of a measure is the one announced
        recent = recent and (day is None or ev.type not in MEASURE_TYPES)
        if ev.modality == "asserted" and recent and (ev.type, ev.source, ev.target) in ahead:
            ev = replace(ev, modality="future")
        key = (ev.type, ev.source, ev.target, ev.modality, ev.sent_start)
        if key not in kept:
            kept.add(key)
            out.append(ev)
    return out


def _headline_dated(
    events: list[EventCandidate], sents: list[Span], dates: list[DateMention]
) -> list[EventCandidate]:
    """A headline rarely dates its act; the body tells the same act with its day
    ("Russia becomes first to recognise Taliban" ... "on Thursday, Moscow accepted"): an
    event of the first sentence with no date of its own takes the date of the first later
    mention of the same act (type, actors, modality) that has one, else keeps the news
    day it was given."""
    if not sents:
        return events
    head_end = sents[0].end_char
    out = []
    for ev in events:
        own = ev.date is not None and any(
            d.start_char < head_end and d.value == ev.date for d in dates
        )
        if not own and ev.sent_start < head_end:
            later = next(
                (
                    o
                    for o in events
                    if o.sent_start >= head_end
                    and o.date
                    and (o.type, o.source, o.target, o.modality)
                    == (ev.type, ev.source, ev.target, ev.modality)
                ),
                None,
            )
            if later is not None:
                ev = replace(ev, date=later.date, precision=later.precision)
            elif ev.date is None:
                told = _announcement_day(ev, sents[1:ANNOUNCEMENT_LOOKAHEAD], dates)
                if told is not None:
                    ev = replace(ev, date=told.value, precision=told.precision)
        out.append(ev)
    return out


#: How many sentences after the lede may say when its act was announced.
ANNOUNCEMENT_LOOKAHEAD = 4


def _announcement_day(
    ev: EventCandidate, sents: list[Span], dates: list[DateMention]
) -> DateMention | None:
    """ "Mexico has announced its decision to break off ties ..." then "López Obrador
    made the announcement on Friday evening": the day a later sentence gives to an
    announcement by the same actor dates the lede's undated act."""
    for sent in sents:
        said = any(t.lemma_.lower() in {"announce", "announcement"} for t in sent)
        named = any(
            s.label_ == ev.source
            for s in sent.doc.spans.get("actors", [])
            if sent.start <= s.start < sent.end
        )
        if not (said and named):
            continue
        for d in dates:
            inside = sent.start_char <= d.start_char < sent.end_char
            if inside and d.precision == "day" and d.value and not d.since:
                return d
    return None


#: How many days before publication an announcement is still news of the day.
ANNOUNCEMENT_DAYS = 2


def _among(values: numpy.ndarray, sorted_words: numpy.ndarray) -> numpy.ndarray:
    """``numpy.isin(values, sorted_words)`` by binary search in the sorted lexicon
    hashes: ``isin`` sorts both arrays together on every call (three times slower)."""
    if not len(sorted_words):
        return numpy.zeros(len(values), dtype=bool)
    at = numpy.searchsorted(sorted_words, values)
    at[at == len(sorted_words)] = 0
    return sorted_words[at] == values


def _lookup_strings(lemma: str, low: str) -> set[str]:
    """Every string ``EventExtractor._triggers`` may look up for a token with this lemma
    and lower-case form, whatever its tags (a superset: keep it one when that changes)."""
    bare = low.removeprefix("non-").removeprefix("non").removeprefix("un")
    return {
        lemma.lower(), low, low[:-1], low[:-2], low[:-3], low[:-1] + "e",
        *participle_lemmas(low),
        bare, bare.rstrip("d"), bare.removesuffix("ed"), bare.removesuffix("ing"),
    }  # fmt: skip


#: Verb forms whose lemma may equal a needed noun ("banned" / "ban").
PARTICIPLE_TAGS = {"VBN", "VBD", "VBG"}
#: Where a word tagged as a verb form is a complement of judgement all the same.
COMPLEMENTS = {"oprd", "acomp", "attr"}
#: Nouns of talking whose "on"/"about" phrase is a topic, not the act done.
TALK_NOUNS = {"talk", "talks", "negotiation", "negotiations", "discussion", "discussions",
              "consultation", "consultations", "dialogue"}  # fmt: skip


def _topic_of_talks(word: Token, trigger: Token) -> bool:
    """Is the word only the topic of talks the trigger's object names ("opened talks with
    Beijing on a new embassy": no embassy opened)?"""
    cur = word
    for _ in range(6):
        if cur == trigger or cur.head == cur:
            return False
        if cur.dep_ == "prep" and cur.lower_ in {"on", "about", "over"}:
            # on the talk noun, or on the verb whose object the talks are
            holders = [cur.head]
            if cur.head == trigger:
                holders = [c for c in trigger.children if c.dep_ in R.OBJECTS]
            return any(h.lemma_.lower() in TALK_NOUNS or h.lower_ in TALK_NOUNS for h in holders)
        cur = cur.head
    return False


def _acted_on(noun: Token) -> bool:
    """Is the noun what its governor acts on: its verb's object or passive subject, or the
    "of" phrase of a noun?"""
    of = noun.dep_ == "pobj" and noun.head.lower_ == "of"
    return of or noun.dep_ in R.OBJECTS | {"nsubjpass"}


def _relative_clauses(arg: Token) -> set[int]:
    """The tokens of the relative clauses inside a verb's argument: "closing a breach
    that had left them without embassies" closes no embassy."""
    return {t.i for d in arg.subtree if d.dep_ == "relcl" for t in d.subtree}


def _no_verb_between(word: Token, trigger: Token) -> bool:
    """Is the word in a prepositional adjunct the trigger's own, not another verb's? "issued
    a licence, in effect lifting sanctions": the sanctions are the lifting's."""
    cur = word.head
    while cur != trigger and cur.head != cur:
        if cur.pos_ == "VERB" and cur.dep_ not in {"xcomp", "ccomp"}:
            return False
        cur = cur.head
    return True


def _in_headline(tok: Token) -> bool:
    """Is the token in a title-case line ("Russia Recognises Taliban Government")?
    Decided once a sentence (cached on the Doc)."""
    sent = R.sentence(tok)
    cache = tok.doc.user_data.setdefault("chancery_headlines", {})
    if sent.start not in cache:
        words = [t for t in sent if t.is_alpha and len(t) > 3]
        cache[sent.start] = (
            len(words) >= 3
            and "\n" not in sent.text.strip()
            and sum(t.is_title or t.is_upper for t in words) >= 0.8 * len(words)
        )
    return cache[sent.start]


def _headline_verb(tok: Token) -> bool:
    """A verb of a title-case headline that the parser took for part of a name."""
    return tok.pos_ == "PROPN" and tok.dep_ != "ROOT" and _in_headline(tok)


def _headline_modality(tok: Token) -> str:
    for prev in reversed(tok.doc[max(R.sentence(tok).start, tok.i - 2) : tok.i]):
        if prev.lower_ in HEADLINE_MODALITY:
            return HEADLINE_MODALITY[prev.lower_]
    return "asserted"


#: Nouns for a measure, which "the"/"that"/"its" make the one told before.
MEASURE_NOUNS = {
    "sanction", "sanctions", "ban", "bans", "embargo", "restriction", "restrictions",
    "measure", "measures", "curb", "curbs", "control", "controls", "blockade",
}  # fmt: skip


#: Words that make a measure one already told: "that ban", "its ban", "a similar ban".
TOLD_MEASURE_WORDS = R.DEFINITE | {"its", "their", "similar", "same", "own"}


def _definite_measure(object_toks: list[Token]) -> bool:
    """ "lifted that ban", "eased the sanctions", "scrapped its curbs": a measure already
    told, not a new one named with its target."""
    return any(
        t.lemma_.lower() in MEASURE_NOUNS
        and t.dep_ in R.OBJECTS
        and any(
            c.dep_ in {"det", "poss", "amod"} and c.lower_ in TOLD_MEASURE_WORDS
            for c in t.children
        )
        for t in object_toks
    )


#: How long before the article an act must be dated to be told as history.
BACKGROUND_DAYS = 365


def _background(event: EventCandidate, sent: Span) -> bool:
    """Is the event dated more than a year before the article (history told in passing)?"""
    day = EventDate.parse(event.date or "")
    published = sent.doc._.published
    return day is not None and published is not None and (
        (published - day.start).days > BACKGROUND_DAYS
    )


def _fellow_object(verb: Token) -> list[Token]:
    """The object phrase of the verb this one is joined to ("condemned the strike, and
    Qatar also condemned it"), when both are the same verb."""
    head = verb.head
    if verb.dep_ != "conj" or head.lemma_ != verb.lemma_:
        return []
    return [t for c in head.children if c.dep_ in R.OBJECTS for t in R.phrase(c)]


def _act_pronouns(sent: Span, act: EventCandidate) -> frozenset[str]:
    """The pronouns that can stand for the act told last: "it" for "the strike", "them"
    for "the strikes"; either for a verb ("struck three sites ... condemned them"), "them"
    also for its makers when two or more did it ("Norway and Spain recognised Palestine.
    Israel condemned them")."""
    trigger = _trigger_token(sent, act.trigger_start)
    if trigger is None:
        return frozenset()
    if trigger.pos_ != "NOUN":
        return SINGULAR_ACT_PRONOUNS | PLURAL_ACT_PRONOUNS
    return PLURAL_ACT_PRONOUNS if trigger.tag_ == "NNS" else SINGULAR_ACT_PRONOUNS


def _note(
    salience: R.Salience,
    told: list[EventCandidate],
    events: list[EventCandidate],
    sent: Span,
    index: R.ActorIndex,
) -> None:
    """What a sentence leaves for the next ones to refer back to: who acted ("the move"),
    the two sides of its event ("the two"), its subjects and every actor it names."""
    acts = [e for e in told if e.type not in REACTION_TYPES]
    # an act announced or offered is a move others react to as much as one done, unless
    # an act already done is the story ("Nauru cut ties ... Taipei will close its embassy
    # ... China welcomed the move": Nauru's)
    done = [e.source for e in acts if e.modality == "asserted"]
    if salience.last_actors and all(_background(e, sent) for e in acts):
        # "Hungary and Poland recognised Palestine in 1988 ... Israel called the decision
        # deplorable": an act told as history is not the move the story reacts to
        done = []
    # ... but what someone says ought to happen is no move ("we must ensure that, by
    # recognising Israel, it contributes ..."): "the decision" is still the last one taken
    announced = [
        e.source
        for e in acts
        if e.modality in {"future", "hypothetical"} and not _prescribed(sent, e.trigger_start)
    ]
    acted = done or (announced if not salience.main_actors else [])
    salience.act_pronouns = frozenset()
    if acted:
        salience.last_actors = list(dict.fromkeys(acted))
        salience.act_pronouns = _act_pronouns(sent, acts[-1])
        main = _echoed(events)
        if main is not None:
            salience.main_actors = list(
                dict.fromkeys(
                    e.source
                    for e in events
                    if (e.type, e.target) == (main.type, main.target) and e.modality == "asserted"
                )
            )
    # "the two" are a pair that did something together, not one that did not
    pairs = [[e.source, e.target] for e in acts if e.target and e.modality != "negated"]
    for e in acts:
        if e.target and e.modality != "negated":
            salience.acts[(e.type, e.source)] = e.target
            salience.partner[e.source] = e.target
            if e.type == "IMPOSE_SANCTIONS":
                salience.measure_target = e.target
    if pairs:
        salience.last_pair = pairs[-1]
    for e in told:
        if e.type == "CRITICIZE" and e.target and e.modality == "asserted":
            salience.accuser[e.target] = e.source
    subjects = [t for t in sent.root.children if t.dep_ in R.SUBJECTS]
    subject_codes = index.in_tokens([x for s in subjects for x in R.phrase(s)])
    salience.note_sentence(subject_codes, index.codes_between(sent.start, sent.end))
    if subject_codes and sent.root.pos_ == "VERB" and sent.root.lemma_.lower() not in SAY_VERBS:
        salience.last_doers = subject_codes
    root = sent.root  # "Takaichi told parliament ...", "'...,' the ministry said"
    speakers = [
        c
        for t in [root, *(c for c in root.children if c.dep_ in {"conj", "parataxis"})]
        if t.lemma_.lower() in SAY_VERBS and t.pos_ == "VERB"
        for s in t.children
        if s.dep_ == "nsubj"
        for c in index.in_tokens(R.phrase(s))
    ]
    if speakers:
        salience.last_speakers, salience.speakers_age = list(dict.fromkeys(speakers)), 0
    else:
        salience.speakers_age += 1
        if salience.speakers_age > SPEAKER_REACH:
            salience.last_speakers = []


def _zero_relative_on_act(verb: Token) -> bool:
    """ "a move Beijing condemned", "a step that Somalia condemned", "a move welcomed by
    the AU": a relative clause on an act noun, whose object the noun is."""
    own_object = any(
        (c.dep_ in R.OBJECTS or c.dep_ == "nsubjpass") and c.lower_ not in R.RELATIVES
        for c in verb.children
    )  # "a step that Somalia condemned": "that" is the step
    on_act = verb.dep_ in {"relcl", "acl"} and verb.head.lemma_.lower() in ACT_NOUNS
    return on_act and not own_object


#: Measures that hit a state through its firms.
MEASURE_TYPES = {"IMPOSE_SANCTIONS", "EASE_SANCTIONS", "FREEZE_ASSETS"}


#: What a mission does, between an act and the mission: "the activities of its consulate".
WORK_NOUNS = {"activity", "operation", "work", "function", "service"}


#: Modals of obligation: what ought to be done, not what anyone decided.
DEONTIC = {"must", "should", "ought"}


def _trigger_token(sent: Span, trigger_start: int) -> Token | None:
    """The sentence's token that starts at this character offset (an event's trigger)."""
    return next((t for t in sent if t.idx == trigger_start), None)


def _prescribed(sent: Span, trigger_start: int) -> bool:
    """Is the trigger at this character offset under "must", "should" or "ought to"?"""
    tok = _trigger_token(sent, trigger_start)
    for cur in [tok, *tok.ancestors] if tok is not None else []:
        if any(c.dep_ == "aux" and c.lower_ in DEONTIC for c in cur.children):
            return True
    return False


#: What an undoing act undoes: a designation revoked is no designation made.
UNDONE = {"DELIST_TERRORIST": "DESIGNATE_TERRORIST", "EASE_SANCTIONS": "IMPOSE_SANCTIONS"}
#: Types whose target may be a group the actor table does not know.
LISTING_TYPES = {"DESIGNATE_TERRORIST", "DELIST_TERRORIST"}
#: Nouns for the lists groups are put on or taken off.
LIST_NOUNS = {"list", "blacklist", "register", "registry"}
#: Words of a terrorist list's own category names ("Foreign Terrorist Organization",
#: "Specially Designated Global Terrorist", "State Sponsor of Terrorism"), never of a group's.
LIST_CATEGORY_WORDS = {"terrorist", "terrorists", "terrorism", "sponsor", "sponsors"}
#: Entity labels a listed group's name may carry.
_GROUP_LABELS = {"ORG", "NORP", "PERSON", "GPE", "FAC", "WORK_OF_ART", "PRODUCT", "EVENT"}


def _named_groups(tokens: list[Token], index: R.ActorIndex) -> list[str]:
    """``NSA:`` codes for the named entities of an object phrase that name no known actor:
    "the Proud Boys" is NSA:PROUD_BOYS, "The Base" NSA:THE_BASE (a lower-case "the" is
    not part of the name)."""
    if not tokens:
        return []
    doc = tokens[0].doc
    inside = {t.i for t in tokens}
    codes: list[str] = []
    names = [
        e
        for e in doc.ents
        if e.label_ in _GROUP_LABELS
        # "the Islamist group Hizb ut-Tahrir": a description, not a name
        and not (e.label_ == "NORP" and len(e) == 1 and e.root.dep_ == "amod")
    ]
    # a name begun in the phrase is taken whole, wherever the parser hung its end
    if not any(e.start in inside for e in names):
        names = _proper_runs(tokens)  # the small NER misses "the Proud Boys"
    for ent in names:
        if ent.start not in inside:
            continue
        if any(index.is_actor(t) for t in ent):
            continue
        if any(t.lower_ in LIST_CATEGORY_WORDS for t in ent):
            continue  # "a Foreign Terrorist Organization": the list's category, not a group
        start = ent.start + (ent[0].text == "the")
        end = ent.end - (ent[-1].tag_ == "POS")  # "Hamas's"
        name = doc[start:end].text if end > start else ""
        if name[:1].isupper():
            code = "NSA:" + "_".join(name.upper().split())
            if code not in codes:
                codes.append(code)
    return codes


def _groups_named_after_states(tokens: list[Token], index: R.ActorIndex) -> dict[str, str]:
    """ "Palestine Action", "the Kosovo Liberation Army": a run of capitalised words that
    begins with a state's name and ends in a word of its own names a group, coded NSA:
    from the whole run. A run the table knows ("the Revolutionary Guards") is left alone."""
    renamed: dict[str, str] = {}
    for run in _proper_runs(tokens) if tokens else []:
        words = [t for t in run if t.lower_ != "the"]
        if len(words) < 2 or index.is_actor(words[-1]) or not index.is_actor(words[0]):
            continue
        span = index.by_token[words[0].i]
        if span.end > words[-1].i or span._.actor_kind == "person":
            continue
        name = " ".join(t.text for t in words if t.tag_ != "POS")
        renamed[span.label_] = "NSA:" + "_".join(name.upper().split())
    return renamed


def _proper_runs(tokens: list[Token]) -> list[Span]:
    """Runs of capitalised words with a proper noun among them ("the Shining Path": the
    tagger reads "Shining" as a verb), and a capitalised "The" before them."""
    doc = tokens[0].doc
    runs: list[Span] = []
    for tok in sorted(tokens, key=lambda t: t.i):
        dated = tok.ent_type_ in {"DATE", "TIME"} or tok.lower_ in WEEKDAYS
        word = tok.pos_ in {"PROPN", "NOUN", "ADJ", "VERB"} and tok.is_title
        # "Hizb ut-Tahrir", "Ansar al-Sharia": a particle or hyphen inside a name
        inner = (tok.text == "-" or tok.lower_ in NAME_PARTICLES) and bool(runs)
        if inner and runs[-1].end == tok.i:
            runs[-1] = doc[runs[-1].start : tok.i + 1]
            continue
        if not word or dated or tok.is_sent_start:
            continue
        if runs and runs[-1].end == tok.i:
            runs[-1] = doc[runs[-1].start : tok.i + 1]
        else:
            lead = tok.i > 0 and doc[tok.i - 1].text == "The"
            runs.append(doc[tok.i - lead : tok.i + 1])
    runs = [_trim_particles(r) for r in runs]
    return [r for r in runs if any(t.pos_ == "PROPN" for t in r)]


#: Lower-case words inside names of groups and people: "Hizb ut-Tahrir", "Ansar al-Sharia".
NAME_PARTICLES = {"ut", "al", "el", "ul", "e", "bin", "ibn", "de", "du", "del"}


def _trim_particles(run: Span) -> Span:
    """A run without the particles or hyphens it ends on."""
    end = run.end
    while end > run.start + 1 and (
        run.doc[end - 1].text == "-" or run.doc[end - 1].lower_ in NAME_PARTICLES
    ):
        end -= 1
    return run.doc[run.start : end]


def _at(code: str | None, sent: Span, index: R.ActorIndex, when: DateMention) -> str | None:
    """The code the sentence's own words give an actor on the event's date: "The U.S.
    overthrew the Taliban" in 2001 acted on the movement, not on Afghanistan's state."""
    if code is None:
        return None
    day = EventDate.parse(when.value)
    names = {
        s.text
        for s in index.spans
        if sent.start <= s.start < sent.end and s.label_ == code and s._.actor_kind != "seat"
    }
    table = ActorTable.default()
    if day is None:
        return code
    end = period_end(day)
    # a name that meant someone else for the whole period ("the Taliban" in 2001)
    changed = {
        then
        for name in names
        if (then := table.resolve(name, day.start)) == table.resolve(name, end)
    } - {code, None}
    return changed.pop() if len(changed) == 1 else code  # type: ignore[return-value]


def _purpose_of_told(
    tok: Token, type_: str, source: str, target: str | None, told: list[EventCandidate]
) -> bool:
    """Whether ``tok`` is the purpose infinitive of an act this sentence already told:
    "held a call with Xi on Wednesday to discuss the war", "met in Doha to discuss the
    truce", "will meet Xi next week to discuss trade". The infinitive says what the
    meeting was for; it is not a second meeting, with a modality of its own."""
    if tok.dep_ not in {"advcl", "xcomp"} or not R.has_to(tok):
        return False
    head = tok.head
    anchors = {head.idx} | {c.idx for c in head.children if c.dep_ in R.OBJECTS}
    return any(
        e.type == type_
        and {e.source, e.target} == {source, target}
        and e.trigger_start in anchors
        for e in told
    )


#: Rules (triggers.tsv, last column) that need a reading of their own, named here once:
#: a complaint's "with" phrase may be its forum, not its target;
FORUM_RULES = {"lodge-protest"}
#: ... a claim rejected with no owner named is the accuser's just told;
ANSWER_RULES = {"reject-allegations", "dismiss-as"}
#: ... envoys sent back are expelled only when another state's are named;
SEND_BACK_RULES = {"send-envoy-home"}
#: Relations made or unmade, whose partner a participle may name.
TIES_TYPES = {"ESTABLISH_RELATIONS", "BREAK_RELATIONS"}
#: "The two sides agreed to <act>": an intent to cooperate, unless the act is typed.
AGREED_ACT_RULES = {"agree-to-act"}
#: Verbs of stopping that make an agreement a truce: "agreed to halt military action".
CEASING_VERBS = {"halt", "stop", "cease", "end", "suspend", "pause", "disagree", "freeze"}
#: ... "as it did" compares with its own verb, and repeats nothing when that is no act.
COMPARING_RULES = {"as-x-did"}


def _complained_of(
    tok: Token, index: R.ActorIndex, sources: list[str], targets: list[str]
) -> list[str]:
    """ "filed a complaint with the WTO over Japan's export controls": the maker of what the
    complaint is about is criticised; an organisation it is filed with is only the forum
    ("lodged a protest with Beijing" still protests to Beijing)."""
    heads = [tok, *(c for c in tok.children if c.dep_ in R.OBJECTS)]
    about = [  # also hung on the forum: "with the Council over Israel's strike"
        o
        for h in [tok, *(w for h in heads[1:] for w in h.subtree)]
        for c in h.children
        if c.dep_ == "prep" and c.lower_ in {"over", "against", "about"}
        for o in c.children
        if o.dep_ == "pobj"
    ]
    makers = [c for c in index.in_tokens(maker_tokens(about)) if c not in sources]
    forums = {
        index.by_token[t.i].label_
        for h in heads
        for c in h.children
        if c.dep_ == "prep" and c.lower_ == "with"
        for t in c.subtree
        if index.kind(t) == "igo"
    }
    return list(dict.fromkeys([*(c for c in targets if c not in forums), *makers]))


def _named_owner(tok: Token, index: R.ActorIndex) -> bool:
    """Does the verb's envoy object name the state it serves ("sent Iran's ambassador
    home", "the Turkish envoy")? "Their ambassadors" are the subjects' own."""
    envoys = [c for c in tok.children if c.dep_ in R.OBJECTS]
    return bool(index.in_tokens(t for e in envoys for t in R.owner_tokens(e, preps=False)))


def _leader_barred(tok: Token, index: R.ActorIndex) -> bool:
    """Is the one declared unwelcome a leader the actor table knows, not an envoy?"""
    held = [
        t
        for c in tok.children
        if c.dep_ in R.OBJECTS | {"ccomp", "xcomp", "oprd"}
        for t in c.subtree
    ]
    return not any(_is_envoy(t) or t.lemma_.lower() == "diplomat" for t in held) and any(
        index.kind(t) == "person" for t in held
    )


def _backs_actor(tok: Token, index: R.ActorIndex) -> bool:
    """Is what the verb backs an actor itself ("backed Guyana", "supports the Dutch
    government")? Told in a relative or participle clause ("Iran, which has supported
    Russia", "Guyana, backed by Washington") it describes a standing, no act of the news."""
    if tok.dep_ in {"relcl", "acl"}:
        return False
    backed = [c for c in tok.children if c.dep_ in R.OBJECTS | {"nsubjpass"}]
    return any(
        index.is_actor(o) or o.lemma_.lower() in R.RULER_NOUNS | R.PERSON_HEADS for o in backed
    )


def _compares(tok: Token) -> bool:
    """Does "did" compare with the verb it hangs on ("stood by Japan as it did", "recognised
    Kosovo after Albania did"), rather than stand for an act told before ("as did Spain"
    after a sentence of its own)?"""
    return tok.head != tok and tok.head.pos_ in {"VERB", "AUX"} and tok.dep_ in {"advcl", "conj"}


def _echoed(events: list[EventCandidate]) -> EventCandidate | None:
    """The event that "do so" or "follow suit" repeats: the act the article is about so far
    (the most often reported one, the latest breaking ties), not a reaction to it."""
    acts = [e for e in events if e.type not in REACTION_TYPES and e.target]
    if not acts:
        return None
    counts: dict[tuple[str, str | None], int] = {}
    for e in acts:
        counts[(e.type, e.target)] = counts.get((e.type, e.target), 0) + 1
    latest = {(e.type, e.target): i for i, e in enumerate(acts)}
    best = max(counts, key=lambda k: (counts[k], latest[k]))
    return acts[latest[best]]


#: Documents that act in their issuer's name: "a licence easing sanctions", "a decree
#: recognising the republic".
INSTRUMENT_NOUNS = {
    "licence", "license", "decree", "order", "law", "resolution", "directive", "bill",
    "regulation", "proclamation", "memorandum", "measure", "waiver", "notice",
}  # fmt: skip


def _instrument_maker(noun: Token) -> list[Token]:
    """Who issued the document that a participle's act is done by: its owner ("Biden's
    order lifting ..."), else the subject of the verb that issued it ("the Treasury issued a
    licence easing sanctions"). Nothing for other nouns ("repelled Russia's offensive
    targeting Kharkiv" is no act of the one who repelled it)."""
    if noun.lemma_.lower() not in INSTRUMENT_NOUNS:
        return []
    owner = [t for c in noun.children if c.dep_ == "poss" for t in c.subtree]
    if owner:
        return owner
    if noun.dep_ not in R.OBJECTS or noun.head.pos_ != "VERB":
        return []
    return R.subject_tokens(noun.head)[0]


def _in_object_of(tok: Token, verb: Token) -> bool:
    """Is ``tok`` inside the verb's object ("open a new stage of cooperation") or its
    extent ("had not gone as far as formal recognition", "stopped short of recognition"),
    not in an adverbial ("prior to the recognition, Russia removed ...")?"""
    cur = tok
    for _ in range(5):
        if cur.head == verb:
            extent = cur.dep_ in {"prep", "advmod"} and cur.lower_ in EXTENT_WORDS
            # "flew to Moscow for talks with Putin": the traveller's purpose
            # ... and "was in Beijing for talks with Xi": a stay's purpose
            purpose = cur.dep_ == "prep" and cur.lower_ == "for" and (
                verb.lemma_.lower() in TRAVEL_VERBS
                or (verb.lemma_.lower() == "be" and tok.lemma_.lower() in MEETING_NOUNS)
            )
            # "at a meeting with Xi, Biden raised Taiwan": the meeting is the subject's
            occasion = cur.dep_ == "prep" and cur.lower_ in MEETING_PREPS and (
                tok.lemma_.lower() in MEETING_NOUNS
            )
            return cur.dep_ in R.OBJECTS or extent or purpose or occasion
        if cur.head == cur:
            return False
        cur = cur.head
    return False


#: Nouns whose "of" phrase counts the acts of whoever does the verb: "launched a wave of
#: strikes", "stepped up its campaign of attacks".
SERIES_NOUNS = {
    "wave", "series", "round", "string", "spate", "barrage", "volley", "salvo", "flurry",
    "campaign", "number", "dozen", "dozens", "hundreds", "surge", "escalation", "expansion",
    "intensification", "resumption", "continuation", "kind", "type", "sort",
}  # fmt: skip


def _of_other_thing(tok: Token, verb: Token) -> bool:
    """Does ``tok`` hang from the verb's object through the "of" phrase of a noun that is
    not a count of such acts? "mourned the victims of the bombing in Pakistan" tells no
    bombing by the mourner ("launched a wave of strikes" does)."""
    cur = tok
    for _ in range(5):
        if cur.head == verb or cur.head == cur:
            return False
        noun = cur.head.head  # the noun whose "of" phrase ``cur`` may be
        if (
            cur.dep_ == "pobj"
            and cur.head.lower_ == "of"
            and noun.pos_ in {"NOUN", "PROPN"}
            and noun.lemma_.lower() not in SERIES_NOUNS
        ):
            return True
        cur = cur.head
    return False


#: A meeting that frames a clause ("during talks with X, Y said", "have not met since talks
#: in Paris") is its subject's.
#: Pronouns for an act just told, by the number of its trigger word.
SINGULAR_ACT_PRONOUNS = frozenset({"it"})
PLURAL_ACT_PRONOUNS = frozenset({"them"})
#: How many sentences after it a speaker's words can be "the remarks".
SPEAKER_REACH = 2
#: Verbs of meeting, whose purpose clause both sides carry out ("met X to sign").
MEETING_VERBS = {"meet", "host", "receive", "join"}


def _met_to_act(tok: Token) -> bool:
    """Is the trigger the purpose of a meeting ("met X in Washington to sign ...")?"""
    return (
        tok.dep_ in {"xcomp", "advcl"}
        and R.has_to(tok)
        and tok.head.lemma_.lower() in MEETING_VERBS
    )
MEETING_PREPS = {"at", "during", "in", "on", "since"}
MEETING_NOUNS = {
    "meeting", "talk", "talks", "call", "conversation", "summit", "discussion", "discussions",
}  # fmt: skip

ENVOY_NOUNS = {
    "ambassador", "envoy", "emissary", "commissioner", "chargé", "charge", "consul", "nuncio",
}  # fmt: skip


def _is_envoy(tok: Token) -> bool:
    """An envoy noun, also where a title-case plural is read as a name and keeps its "s"
    in its lemma ("Ambassadors of Chile and Kenya presented ...")."""
    lemma = tok.lemma_.lower()
    return lemma in ENVOY_NOUNS or lemma.removesuffix("s") in ENVOY_NOUNS


def _envoy_noun(verb: Token, subject: list[Token]) -> Token | None:
    """The envoy noun that describes a verb's subject: the subject itself, its
    apposition ("Kennedy, the new US ambassador"), or "as X's ambassador" in the clause."""
    candidates = [t for t in subject if _is_envoy(t)]
    candidates += [
        t
        for c in verb.children
        if c.dep_ == "prep" and c.lower_ == "as"
        for t in c.subtree
        if _is_envoy(t)
    ]
    cur = verb
    while not candidates and cur.dep_ in {"pcomp", "prep", "advcl", "xcomp", "conj"}:
        below = cur
        cur = cur.head  # "took up his post as Australia's ambassador after presenting"
        candidates = [
            t
            for c in cur.subtree
            if c.dep_ == "prep" and c.lower_ == "as" and c not in below.subtree
            for t in c.subtree
            if _is_envoy(t)
        ]
    return candidates[0] if candidates else None


def _posted_to(tok: Token) -> bool:
    """Where an envoy goes: "to Kabul", "in Moscow", and "a special envoy for Sudan"
    (wherever the parser hangs the "for")."""
    if tok.dep_ != "pobj":
        return False
    prep = tok.head
    if prep.lower_ in {"to", "in"}:
        return True
    envoys = [prep.head, *(c for c in prep.head.children if c.dep_ in R.OBJECTS)]
    return prep.lower_ == "for" and any(_is_envoy(e) for e in envoys)


def _envoy_post(envoy: Token, index: R.ActorIndex) -> list[str]:
    """Where an envoy serves: "ambassador to Japan", "envoy in Washington"."""
    return index.in_tokens(
        t
        for c in envoy.children
        if c.dep_ == "prep" and c.lower_ in {"to", "in", "at"}
        for t in c.subtree
    )


def _owner(noun: Token, index: R.ActorIndex) -> list[str]:
    """The actor an envoy noun belongs to: possessor, demonym, compound, "of/from" phrase."""
    toks: list[Token] = []
    for child in noun.children:
        owner_prep = child.dep_ == "prep" and child.lower_ in {"of", "from"}
        if child.dep_ in {"poss", "amod", "compound", "nmod"} or owner_prep:
            toks += list(child.subtree)
        elif child.dep_ == "acl":
            toks += [t for a in child.children if a.dep_ == "agent" for t in a.subtree]
    return index.in_tokens(toks)


#: Adverbs that put an act after the one just told: "several countries have since ..."
LATER_WORDS = {"since", "later", "subsequently", "then", "afterwards", "thereafter"}


def _resolve_subject(
    tok: Token, subject: list[Token], index: R.ActorIndex, salience: R.Salience, exclude: set[str]
) -> list[str]:
    """A subject with no actor name: a list just named, a reporting verb's subject, or salience."""
    if R.refers_to_pair(subject):  # "both governments", "the two sides"
        people = _people_pair(tok, index, exclude) if R.names_people(subject) else []
        return _pair_before(tok, index, exclude) or people or salience.pair(exclude)
    if R.demonstrative_group(subject):
        return _listed_before(tok, index, exclude, R.group_size(subject))
    if R.several_group(subject):
        # "Britain, Canada, Australia, New Zealand and Norway ... Several nations have
        # frozen their assets": the list just named, if it is a list (three or more)
        # (but "several countries have since recognised it" are others, after the list)
        verb = R.governing_verb(subject[0])
        later = any(c.lower_ in LATER_WORDS for c in [*verb.children, *tok.children])
        listed = _listed_before(tok, index, exclude)
        return listed if len(listed) >= 3 and not later else []
    if R.is_quantified(subject) or not _refers_back(subject):
        return []
    # "Kazakhstan said it removed ...": the reporting verb's subject
    cur = tok
    for _ in range(4):
        if cur.dep_ == "ccomp":
            outer, _passive = R.subject_tokens(cur.head)
            found = [c for c in index.in_tokens(outer) if c not in exclude]
            if found:  # "they" stands for the whole list that said it
                plural = any(t.lower_ in {"they", "them", "we", "their"} for t in subject)
                return found if plural else found[:1]
            if R.is_quantified(outer):
                return []  # "most governments have said they would do so": nobody named
            break
        if cur.head == cur:
            break
        cur = cur.head
    if any(t.lower_ in {"we", "us"} for t in subject):
        return []  # "we" with no reporting verb around it: the speaker is not known here
    if any(t.lower_ in {"he", "she"} for t in subject):
        person = _last_person(subject[0], index)
        if person is not None:  # "He also accused ...": the person's state, or nobody
            return [c for c in person if c not in exclude]
    if any(t.lower_ in {"they", "them"} for t in subject):
        # "Five countries - A, B and C - announced they are recognising": all of them
        group = [c for c in _main_subject_codes(tok, index) if c not in exclude]
        if len(group) >= 2:
            return group
    if any(t.lower_ in R.PRONOUNS for t in subject):
        before = [s for s in index.spans if R.sentence(tok).start <= s.start < subject[0].i]
        # the subject "it" of an adverbial clause is the main clause's subject: "Panama
        # established ties with China, a day after it broke with Taipei" (Panama)
        pronoun = subject[0]
        adverbial = (pronoun.lower_, pronoun.dep_, pronoun.head.dep_) == ("it", "nsubj", "advcl")
        main = [
            s
            for s in before
            if adverbial and s.root.head == pronoun.head.head and s.root.dep_ in R.SUBJECTS
        ]
        # ... and so is that of a clause hung on a noun of the main clause: "Tokyo broke
        # off ties with Taipei in 1972, the year it recognised Beijing" (Tokyo)
        hung = (pronoun.lower_, pronoun.dep_, pronoun.head.dep_) in {
            ("it", "nsubj", "relcl"), ("it", "nsubj", "acl")
        }
        root = R.sentence(tok).root
        main += [
            s for s in before if hung and s.root.head == root and s.root.dep_ in R.SUBJECTS
        ]
        for span in [*main, *reversed(before)]:
            if span.label_ not in exclude:
                return [span.label_]
        if any(t.lower_ in {"they", "their"} for t in subject):
            return salience.resolve(exclude, group=True)  # "since they cut ties"
    return salience.resolve(exclude)


def _same_head(
    tokens: list[Token], index: R.ActorIndex, exclude: set[str], named: bool = False
) -> list[str]:
    """ "these three officials": the actor of the latest "Malian officials" before them;
    with ``named``, a group the table does not know named there too."""
    heads = [t for t in tokens if t.dep_ in R.SUBJECTS | R.OBJECTS | {"pobj"} and t.pos_ == "NOUN"]
    if not heads or not any(c.dep_ == "det" and c.lower_ in R.DEFINITE for c in heads[0].children):
        return []
    head = heads[0]
    lemma = head.lemma_.lower()
    for t in reversed(head.doc[max(0, head.i - SAME_HEAD_LOOKBACK) : head.i]):
        if t.lemma_.lower() == lemma:
            modifiers = [
                m
                for c in t.children
                if c.dep_ in {"amod", "compound", "poss", "nmod"}
                for m in c.subtree
            ]
            codes = [c for c in index.in_tokens(modifiers) if c not in exclude]
            if not codes and named:  # "the Islamist group Hizb ut-Tahrir ... the group"
                codes = _named_groups(list(t.subtree), index)
            if codes:
                return codes[:1]
    return []


#: How many sentences back "the two men" look for the people they are.
PEOPLE_PAIR_REACH = 12


def _people_pair(tok: Token, index: R.ActorIndex, exclude: set[str]) -> list[str]:
    """ "the two men traded insults": the states of the last two people named in this
    sentence or the few before, whatever events were told in between."""
    start = _sentences_back(tok, PEOPLE_PAIR_REACH)
    codes: list[str] = []
    for span in reversed([s for s in index.spans if start <= s.start < tok.i]):
        if span._.actor_kind == "person" and span.label_ not in exclude | set(codes):
            codes.append(span.label_)
        if len(codes) == 2:
            return codes[::-1]
    return []


def _pair_before(tok: Token, index: R.ActorIndex, exclude: set[str]) -> list[str]:
    """ "recalled its envoys from Ireland and Norway ahead of the two governments' moves":
    the last two coordinated actors named before in the same sentence, else the only two
    actors named before it there."""
    sent = R.sentence(tok)
    spans = [s for s in index.spans if sent.start <= s.start < tok.i]
    for later in reversed(spans):
        for earlier in spans:
            linked = later.root.head == earlier.root and later.root.dep_ == "conj"
            pair = {earlier.label_, later.label_}
            if linked and len(pair) == 2 and pair.isdisjoint(exclude):
                return [earlier.label_, later.label_]
    # "Duda hosted Zelensky in Warsaw, where the two signed ...": exactly two actors named
    # before it in the sentence, whatever joins them
    named = list(dict.fromkeys(s.label_ for s in spans))
    if len(named) == 2 and set(named).isdisjoint(exclude):
        return named
    return []


#: What a state can formally recognise when the object is no name: "recognised the
#: State of Palestine", "the new government", "its independence" (not "the importance
#: of trade", "the need for talks", "the right of Israel to defend itself").
RECOGNISABLE = {
    "state", "statehood", "government", "regime", "authority", "authorities",
    "administration", "council", "republic", "country", "nation", "independence",
    "junta", "leadership", "president", "leader", "emirate", "kingdom", "entity",
    "it", "them", "him", "her", "which", "that", "who", "this", "these", "those", "one",
    "both", "all", "each", "either", "neither", "territory", "island", "counterpart",
    "representative", "legitimacy", "movement", "group", "rebels", "opposition", "side",
    "existence", "region", "regions", "province", "provinces", "enclave", "enclaves",
    "republics", "states", "entities", "territories", "winner", "victory", "win",
    "re-election", "reelection",
}  # fmt: skip
#: Nouns a state "recognises" without recognising a state or government: a past crime,
#: a claim, a right, a role.
UNRECOGNISABLE = {
    "genocide", "massacre", "holocaust", "famine", "killing", "atrocity", "crime", "claim",
    "right", "jurisdiction", "role", "importance", "contribution", "effort", "sacrifice",
    "suffering", "border", "need", "concern", "achievement", "work", "legacy",
}  # fmt: skip
#: Nouns for part of a state: in "the breakaway regions of Ukraine" Ukraine is not what
#: is recognised.
REGION_NOUNS = {"region", "province", "enclave", "territory", "part", "area"}


def _region_owners(region: Token) -> list[Token]:
    """The state a region noun names as its owner: a possessor ("Somalia's breakaway
    region") or a demonym ("the Georgian breakaway regions")."""
    return [c for c in region.children if c.dep_ == "poss" or (c.dep_ == "amod" and c.is_title)]


def _region_names(tokens: list[Token]) -> list[Token]:
    """The name a possessed region noun gives after "of": "Somaliland" in "Somalia's
    breakaway region of Somaliland"."""
    return [
        o
        for tok in tokens
        if tok.lemma_.lower() in REGION_NOUNS and _region_owners(tok)
        for prep in tok.children
        if prep.dep_ == "prep" and prep.lower_ == "of"
        for o in prep.subtree
    ]


def _parent_states(tokens: list[Token]) -> list[Token]:
    """The state a recognised region is part of: "Ukraine" in "two breakaway regions of
    eastern Ukraine, Donetsk and Luhansk" or "Georgian" in "the Georgian breakaway regions"
    (its own name, not the regions listed with it)."""
    out: list[Token] = []
    for tok in tokens:
        if tok.lemma_.lower() in REGION_NOUNS:
            owners = _region_owners(tok)
            if owners:  # "Somalia's breakaway region of Somaliland": "of" names the region
                out += [t for c in owners for t in c.subtree]
                continue
            for prep in tok.children:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    out += [o for o in prep.children if o.dep_ == "pobj"]
                    out += [c for o in prep.children for c in o.children if c.dep_ == "amod"]
    return out


#: What a place is recognised "as" when it is not recognised as a state: "recognised
#: Jerusalem as Israel's capital", "recognised Crimea as Russian territory".
TERRITORY_ROLES = {"capital", "territory", "province", "region"}


def _territory_role(verb: Token) -> list[Token]:
    """The verb's "as" phrase when it names a place's role in a state, else nothing."""
    return [
        t
        for c in verb.children
        if c.dep_ == "prep" and c.lower_ == "as"
        for o in c.children
        if o.dep_ == "pobj" and o.lemma_.lower() in TERRITORY_ROLES
        for t in o.subtree
    ]


#: Nouns of a claim to rule that a state may recognise: "recognised X as the winner",
#: "recognised Maduro's re-election".
RULE_CLAIMS = {
    "winner", "victor", "victory", "win", "election", "re-election", "reelection", "president",
    "leader", "ruler", "government", "head",
}  # fmt: skip


def _ruler_words(verb: Token) -> list[Token]:
    """The words that name whose rule a verb of recognition recognises: the "as" phrase of
    a claim to rule ("as the winner of Venezuela's election"), the owner of a claim object
    ("Maduro's re-election"), or the leader of a government object ("the government led by
    Yunus")."""
    objects = [c for c in verb.children if c.dep_ in R.OBJECTS]
    words: list[Token] = []
    for holder in [verb, *objects]:
        for c in holder.children:
            if c.dep_ == "prep" and c.lower_ == "as":
                words += [
                    t
                    for o in c.children
                    if o.dep_ == "pobj" and o.lemma_.lower() in RULE_CLAIMS
                    for t in o.subtree
                ]
    for o in objects:
        if o.lemma_.lower() in RULE_CLAIMS:
            words += [t for c in o.children if c.dep_ == "poss" for t in c.subtree]
        if o.lemma_.lower() in R.RULER_NOUNS:
            words += [
                t
                for a in o.children
                if a.dep_ == "acl" and a.lemma_.lower() in {"lead", "head", "run"}
                for g in a.children
                if g.dep_ == "agent"
                for t in g.subtree
            ]
    return words


def _recognisable(verb: Token, index: R.ActorIndex) -> bool:
    """Is the verb's object something a state recognises, not a fact or a quality?
    Without an object (a headline, an ellipsis) it may be. A place recognised as some
    state's capital or part is no state recognised (that is praise of the state)."""
    if _territory_role(verb):
        return False
    objects = [c for c in verb.children if c.dep_ in R.OBJECTS | {"nsubjpass"}]
    if not objects:
        # "acknowledging that she had made false statements": a fact owned up to
        return not any(c.dep_ == "ccomp" for c in verb.children)
    for head in objects:
        if index.is_actor(head) or R.is_person(head):
            return True
        if head.lemma_.lower() in RECOGNISABLE or head.lower_ in RECOGNISABLE:
            return True
        if head.lemma_.lower() in UNRECOGNISABLE:
            continue  # "recognised the Armenian genocide", "Ukraine's claim": not a state
        named = [t for t in head.children if t.dep_ not in {"prep", "relcl", "poss", "amod"}]
        if any(index.is_actor(t) for t in named):
            return True  # "the Taliban administration" (not "Beijing's claims", nor
            # "Ukrainian passports": a demonym on a thing is no state recognised)
    return False


#: Nouns of a diplomatic house: "Turkey's embassy in Damascus resumed operations".
EMBASSY_NOUNS = {"embassy", "consulate", "mission", "legation"}


def _embassy_subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in R.SUBJECTS and child.lemma_.lower() in EMBASSY_NOUNS:
            return child
    return None


def _main_subject_codes(tok: Token, index: R.ActorIndex) -> list[str]:
    """Every actor of the sentence's main subject, appositions included."""
    root = R.sentence(tok).root
    return index.in_tokens(t for c in root.children if c.dep_ in R.SUBJECTS for t in c.subtree)


def _sentence_subject(tok: Token, index: R.ActorIndex, exclude: set[str]) -> list[str]:
    """The actors of the sentence's main subject, when it is not the trigger's own."""
    root = R.sentence(tok).root
    if root == tok:
        return []
    subject = [t for c in root.children if c.dep_ in R.SUBJECTS for t in R.phrase(c)]
    return [c for c in index.in_tokens(subject) if c not in exclude][:1]


def _nearest_before(tok: Token, index: R.ActorIndex, exclude: set[str]) -> list[str]:
    for span in reversed([s for s in index.spans if R.sentence(tok).start <= s.start < tok.i]):
        if span.label_ not in exclude:
            return [span.label_]
    return []


def _sentences_back(tok: Token, n: int) -> int:
    """The first token of the sentence ``n`` sentences before the token's own."""
    start = R.sentence(tok).start
    for _ in range(n):
        if start > 0:
            start = R.sentence(tok.doc[start - 1]).start
    return start


def _last_person(pronoun: Token, index: R.ActorIndex) -> list[str] | None:
    """The actor of the person "he" or "she" refers to: the latest person named in this
    sentence or the last two, with their state ("Russian President Vladimir Putin"), or
    [] for a person no actor stands for ("the rapper Ye"). None when no person is named
    or the person is an official whose state the words do not give ("Foreign Minister
    Joseph Wu"): the salient state then speaks."""
    doc = pronoun.doc
    if not doc.has_annotation("ENT_IOB"):
        return None
    start = _sentences_back(pronoun, 2)
    people = [
        e for e in doc.ents if start <= e.start and e.end <= pronoun.i and e.label_ == "PERSON"
    ]

    def subject(ent: Span) -> bool:
        root = ent.root
        return root.dep_ in R.SUBJECTS or (
            root.dep_ in {"appos", "compound"} and root.head.dep_ in R.SUBJECTS
        )

    # "Foreign Minister Joseph Wu criticised the government of President Xiomara Castro
    # ... He accused": the person who acted, before one merely named
    if not people:
        return None
    ent = next((e for e in reversed(people) if subject(e)), people[-1])
    near = [
        m
        for t in ent
        for c in [*t.children, t.head]
        if c.dep_ in {"compound", "amod", "poss", "appos", "nmod"} or c == t.head
        for m in ([c] if c == t.head else c.subtree)
    ]
    codes = index.in_tokens([*ent, *near])[:1]
    official = any(t.lemma_.lower() in R.PERSON_HEADS for t in near)
    return codes if codes or not official else None  # an official of some state


def _person_antecedent(tok: Token, index: R.ActorIndex, exclude: set[str]) -> list[str]:
    """ "expel him": the actor of the nearest official named before (the French ambassador)."""
    start = _sentences_back(tok, 1)  # this sentence or the last
    for span in reversed([s for s in index.spans if start <= s.start < tok.i]):
        head = span.root.head
        official = span._.actor_kind == "person" or head.lemma_.lower() in R.PERSON_HEADS
        if official and span.label_ not in exclude:
            return [span.label_]
    return []


def _speaker(tok: Token, index: R.ActorIndex) -> list[Token]:
    """Who says it: the subject of the nearest reporting verb above a nominal trigger."""
    for anc in list(tok.ancestors)[:8]:
        if anc.lemma_.lower() in SAY_VERBS:
            subject, _ = R.subject_tokens(anc)
            if not index.in_tokens(subject) and any(t.lower_ in {"we", "our"} for t in subject):
                continue  # "We believe ..." inside a quote: climb to who said it
            return subject
    return []


#: Prepositions that tell what talks, a deal or cooperation are about, not with whom.
TOPIC_PREPS = {"on", "about", "over", "regarding", "concerning"}


def _topic_codes(tok: Token, object_toks: list[Token], index: R.ActorIndex) -> set[str]:
    """Actors named only in what a partnership act is about: "cooperation on Ukraine",
    "signed an agreement on Gaza", "held talks about Iran's nuclear programme". A state
    also named elsewhere among the act's words ("talks with Iran on Iran's programme")
    stays a partner."""
    heads = [tok, *(c for c in tok.children if c.dep_ in R.OBJECTS)]
    # "a conversation with reporters about China": the topic may hang on the partner
    heads += [
        o
        for h in list(heads)
        for p in h.children
        if p.dep_ == "prep" and p.lower_ == "with"
        for o in p.children
        if o.dep_ == "pobj"
    ]
    topic = [
        t
        for h in heads
        for c in h.children
        if c.dep_ == "prep" and c.lower_ in TOPIC_PREPS
        for t in c.subtree
        if not _partner_between(t, c)  # "cooperation on security with Germany"
    ]
    if not topic:
        return set()
    inside = {t.i for t in topic}
    rest = [t for t in [*tok.subtree, *object_toks] if t.i not in inside]
    return set(index.in_tokens(topic)) - set(index.in_tokens(rest))


def _partner_between(tok: Token, top: Token) -> bool:
    """Whether a "with"/"between" phrase below ``top`` holds ``tok``."""
    while tok != top and tok.head != tok:
        if tok.dep_ == "prep" and tok.lower_ in {"with", "between"}:
            return True
        tok = tok.head
    return False


def _between_us(tokens: list[Token]) -> bool:
    """ "bilateral cooperation", "cooperation between our countries", "bilateral ties"."""
    words = {t.lower_ for t in tokens}
    partners = [
        o
        for t in tokens
        if t.dep_ == "prep" and t.lower_ == "with"
        for o in t.children
        if o.dep_ == "pobj"
    ]
    if any(o.tag_ == "NNS" and o.pos_ == "NOUN" for o in partners):
        return False  # "bilateral relations with countries worldwide": with many, unnamed
    return "bilateral" in words or bool({"our", "two"} & words and "between" in words)


def _waged_in(tok: Token, trig: Trigger, index: R.ActorIndex, sources: list[str]) -> list[str]:
    """ "Russia's war in Ukraine", "Azerbaijan's offensive in Armenia", "jets struck targets
    in southern Lebanon", "strikes on targets in Lebanon": a state, not a city, named as
    where the attacker wages it is the one attacked (but "hit Kurdish militants in northern
    Iraq" attacks no Iraq)."""
    hit = _what_was_hit(tok, trig.pos)
    if _only_fighters(hit):
        return []  # fighters hit where they are: no attack on that state
    aimed = [
        o
        for h in hit
        for p in h.children
        if p.dep_ == "prep" and p.lower_ == "against"
        for o in p.children
        if o.dep_ == "pobj"
    ]
    if any(o.pos_ == "PROPN" and not index.is_actor(o) for o in [*hit, *aimed]):
        return []  # "operations against the YPG in northern Syria": a group named, no Syria
    # "hit what it called hideouts inside Pakistan": the place may hang on the describing verb
    heads = [*hit, *(o.head for o in hit if o.head.lemma_.lower() in R.DESCRIBING_VERBS)]
    where = _in_phrase(tok) + [t for o in heads for t in _in_phrase(o)]
    return [c for c in index.in_tokens(where, places=False) if c not in sources]


#: Acts two parties do together: a reaction to one reaches both.
MUTUAL_ACT_NOUNS = {
    "rapprochement", "reconciliation", "normalisation", "normalization", "detente", "détente",
    "thaw", "agreement", "deal", "treaty", "accord", "pact", "truce", "ceasefire",
}  # fmt: skip


#: Armed people an attack may hit where they hide, not the state hiding them.
FIGHTER_NOUNS = {
    "militant", "fighter", "rebel", "insurgent", "jihadist", "terrorist", "militia", "cell",
    "commander", "leader", "operative", "gunman", "group", "proxy",
}  # fmt: skip


def _what_was_hit(tok: Token, pos: str) -> list[Token]:
    """An attack's verb's objects, or its noun's "on"/"against" phrase ("strikes on
    targets in Lebanon")."""
    described = [  # "struck what it said were depots in Lebanon": the depots
        t
        for c in tok.children
        if pos == "V" or c.lower_ in {"on", "against"}
        for t in R.free_relative(c)
    ]
    if pos == "V":
        return [o for o in tok.children if o.dep_ in R.OBJECTS] + described
    return [
        o
        for p in tok.children
        if p.dep_ == "prep" and p.lower_ in {"on", "against"}
        for o in p.children
        if o.dep_ == "pobj"
    ] + described


#: Places an armed group holds or uses: "hideouts of", "positions of", "bases used by".
HIDEOUT_NOUNS = {
    "hideout", "stronghold", "position", "base", "camp", "outpost", "headquarters",
    "hideaway", "den", "lair", "facility", "infrastructure",
}  # fmt: skip
#: Prepositions of where a group's hideouts are: "of Jaish al-Adl near the town of X".
PLACE_WORDS = {"near", "inside", "outside", "along", "across", "around", "within"}
#: Verbs that hang a group on its hideouts: "hideouts used by the BLA".
HOLDING_VERBS = {"use", "belong", "run", "hold", "control", "operate", "occupy"}


def _held_by_group(tok: Token, pos: str, index: R.ActorIndex, sources: list[str]) -> list[str]:
    """The non-state groups whose hideouts, positions or bases an attack hit ("fired
    missiles at what Tehran said were hideouts of Jaish al-Adl"): known ones by their
    codes, others coded from their names as the contract forms them."""
    hit = _what_was_hit(tok, pos) + [
        o
        for p in tok.children
        if p.dep_ == "prep" and p.lower_ in {"at", "on", "against"}
        for o in p.children
        if o.dep_ == "pobj"
    ]
    held: list[Token] = []
    for o in hit:
        if o.lemma_.lower() not in HIDEOUT_NOUNS:
            continue
        for c in o.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                held += [
                    t
                    for g in c.children
                    if g.dep_ == "pobj"
                    for t in R.phrase(g, skip_preps=R.NEVER_PREPS | PLACE_WORDS)
                ]
            elif c.dep_ == "acl" and c.lemma_.lower() in HOLDING_VERBS:
                held += [t for a in c.children if a.dep_ == "agent" for t in a.subtree]
            elif c.dep_ in {"compound", "nmod"} and c.pos_ == "PROPN":
                held += list(c.subtree)  # "Islamic State positions"
    groups = [c for c in index.in_tokens(held) if c.startswith("NSA:")]
    groups += _named_groups(held, index)
    return [c for c in dict.fromkeys(groups) if c not in sources]


def _only_fighters(hit: list[Token]) -> bool:
    return bool(hit) and all(o.lemma_.lower() in FIGHTER_NOUNS for o in hit)


def _fighters_owners(tok: Token, index: R.ActorIndex, targets: list[str]) -> list[str]:
    """An attack verb whose objects are all fighters ("killed militants near the Afghan
    border", "hit Kurdish militants in northern Iraq") attacks whoever the fighters belong
    to ("Hezbollah fighters", "militants from al-Shabaab"), not the state where they were."""
    hit = _what_was_hit(tok, "V")
    if not _only_fighters(hit):
        return targets
    own = index.in_tokens(
        t
        for o in hit
        for c in o.children
        if c.dep_ in {"poss", "amod", "compound", "nmod"}
        or (c.dep_ == "prep" and c.lower_ in {"of", "from"})
        for t in c.subtree
    ) + index.in_tokens(  # "fighting militants from al-Shabaab": "from" on the verb
        t for c in tok.children if c.dep_ == "prep" and c.lower_ == "from" for t in c.subtree
    )
    return [c for c in targets if c in own]


#: Verbs that only say an act noun was done, or done more: "carried out strikes in
#: Syria", "expanded its offensive in Lebanon", "stepped up its campaign of strikes".
DOING_VERBS = {
    "carry", "launch", "conduct", "stage", "mount", "wage", "unleash", "expand", "intensify",
    "escalate", "step", "widen", "broaden", "extend", "resume", "continue",
}  # fmt: skip


#: Predicates that say a measure applies: "took effect", "came back into force", "kicked in".
EFFECT_WORDS = {"effect", "force", "operation"}


def _takes_effect(noun: Token) -> bool:
    """The noun is the subject of "take effect", "come (back) into force", "kick in"."""
    if noun.dep_ not in {"nsubj", "nsubjpass"}:
        return False
    verb = noun.head
    if verb.lemma_.lower() == "kick" and any(c.lower_ == "in" for c in verb.children):
        return True
    if verb.lemma_.lower() == "apply" and not any(c.dep_ in R.OBJECTS for c in verb.children):
        return True  # "the ban will apply as of 26 March"
    return any(
        t.lower_ in EFFECT_WORDS
        for c in verb.children
        if c.dep_ in R.OBJECTS | {"prep", "advmod", "prt"}
        for t in c.subtree
    )


def _effect_subject(tok: Token) -> bool:
    """Is the act (its noun, or the noun an infinitive completes: "the decision to remove
    HTS") the subject of "takes effect" / "will come into force"?"""
    noun = tok if tok.pos_ in {"NOUN", "PROPN"} else R.act_noun_of(tok)
    if noun is None or not _takes_effect(noun):
        return False
    verb = noun.head  # "came into force on Sunday" is past, not a date ahead
    ahead = any(c.lower_ in {"will", "shall"} for c in verb.children)
    return ahead or verb.tag_ not in {"VBD", "VBN"}


#: Compounds whose head noun the small model tags as a verb: "asset freezes".
COMPOUND_NOUNS = {("asset", "freeze"), ("assets", "freeze")}


def _accredited_to(verb: Token) -> list[Token]:
    """The "to" phrase of "accredited to Bhutan": the state an envoy is accredited to."""
    if verb.lemma_.lower() != "accredit":
        return []
    return [t for c in verb.children if c.dep_ == "prep" and c.lower_ == "to" for t in R.phrase(c)]


def _misparsed_compound(tok: Token) -> bool:
    """ "asset freezes" tagged noun + verb: the pair is one noun."""
    return (
        tok.pos_ == "VERB"
        and tok.tag_ in {"VBZ", "VBP"}
        and tok.i > 0
        and (tok.doc[tok.i - 1].lower_, tok.lemma_.lower()) in COMPOUND_NOUNS
    )


def _in_phrase(tok: Token) -> list[Token]:
    """The "in X" phrase on a noun, or on the verb that does it: "the war in Ukraine",
    "carried out air strikes in Afghanistan's Paktika province"."""
    heads = [tok]
    if tok.dep_ in R.OBJECTS and tok.head.lemma_.lower() in DOING_VERBS:
        heads.append(tok.head)
    return [
        t
        for h in heads
        for c in h.children
        if c.dep_ == "prep" and c.lower_ in {"in", "inside", "across"}
        for t in c.subtree
    ]


def _listed_before(
    tok: Token, index: R.ActorIndex, exclude: set[str], size: int | None = None
) -> list[str]:
    """ "..., none of these countries", "Israel condemned the three": the states named
    earlier in the sentence, else in the one before; a coordinated list there ("Spain,
    Ireland and Norway") rather than every name around it."""
    sent = R.sentence(tok)
    spans = [s for s in index.spans if sent.start <= s.start < tok.i]
    if not [s for s in spans if s.label_ not in exclude] and sent.start > 0:
        prev = R.sentence(tok.doc[sent.start - 1])
        spans = [s for s in index.spans if prev.start <= s.start < prev.end]
        listed = [s for s in spans if s.root.dep_ == "conj" or _heads_conj(s)]
        named = len({s.label_ for s in listed})
        if named >= 2 and size in {None, named}:
            spans = listed
    return list(dict.fromkeys(s.label_ for s in spans if s.label_ not in exclude))


def _heads_conj(span: Span) -> bool:
    return any(c.dep_ == "conj" for c in span.root.children)


def _borrow_conj_targets(tok: Token, index: R.ActorIndex, exclude: set[str]) -> list[str]:
    """ "impose sanctions and freeze $7 billion in Afghan assets": coordinated verbs share one."""
    partners = [c for c in tok.children if c.dep_ == "conj"]
    if tok.dep_ == "conj":
        partners.append(tok.head)
    toks: list[Token] = []
    for verb in partners:
        if verb.pos_ == "NOUN":
            # "froze assets and imposed travel bans on them": the parser hangs the second
            # measure on the first verb; its "on" phrase names whom both apply to
            toks += [
                t
                for c in verb.children
                if c.dep_ == "prep" and c.lower_ in {"on", "against"}
                for t in R.phrase(c)
            ]
        if verb.pos_ != "VERB":
            continue
        if {verb.tag_, tok.tag_} & FINITE_TAGS and "VB" in {verb.tag_, tok.tag_}:
            continue  # "asked the Council to hold a meeting and accused Thailand": not one act
        if verb in tok.children and any(c.dep_ in R.SUBJECTS for c in verb.children):
            continue  # "Japan lifted the curbs, and Seoul dropped its WTO case": two acts
        for child in verb.children:
            if child.dep_ in R.OBJECTS:
                toks += R.phrase(child, skip_preps=R.NEVER_PREPS - {"in"})
    return [c for c in index.in_tokens(toks) if c not in exclude]


#: Tags of a finite verb, told of a time, as against a bare infinitive ("VB").
FINITE_TAGS = {"VBD", "VBZ", "VBP"}


def _act_object(tokens: list[Token]) -> bool:
    """An act noun among a reaction's objects, or among the subject of a verb that
    receives one ("the decision drew sharp criticism from Serbia")."""
    deps = R.OBJECTS | {"pobj", "nsubjpass", "nsubj"}
    return any(t.lemma_.lower() in ACT_NOUNS for t in tokens if t.dep_ in deps)


def _refers_back(tokens: list[Token], acts: bool = False) -> bool:
    if not tokens:
        return False
    if R.is_anaphor(tokens) or any(t.lower_ in {"we", "us"} for t in tokens):
        return True  # "we" in a quote: whoever said it
    if R.demonstrative_group(tokens):
        return True  # "condemned the three"
    heads = [
        t for t in tokens if t.dep_ in R.SUBJECTS | R.OBJECTS | {"pobj"} or t.head not in tokens
    ]
    for t in heads[:2]:
        if any(c.dep_ == "prep" and c.lower_ == "of" for c in t.children):
            continue  # "the heads of the member states' parliaments": their own "of" names them
        titled = any(c.lemma_.lower() in R.PERSON_HEADS for c in t.subtree)
        if t.pos_ == "PROPN" and t.ent_type_ == "PERSON" and not titled:
            return False  # "Meng signed a deal": a named private person stands for no state
        if R.is_person(t) or t.lemma_.lower() in R.PERSON_HEADS:
            return True
        if acts and t.lemma_.lower() in ACT_NOUNS:
            return True
    return False


@Language.factory("chancery_events")
def make_events(nlp: Language, name: str) -> EventExtractor:
    return EventExtractor()
