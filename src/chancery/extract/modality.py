"""Modality: did the text say the event happened, did not, will, or might?

Cues come from ``data/modality.tsv``. They are looked for on the trigger and on the
words that govern it inside its clause — so "no other nation has fully recognised
them", "had not gone as far as formal recognition", "the possibility of Russia
recognising" and "will not recognise" are read correctly even when the cue sits far
from the verb. Negation wins over hypothesis, hypothesis over future.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Token

from chancery.extract.lexicon import Lexicon
from chancery.extract.roles import (
    CIRCUMSTANCE_PREPS,
    SAY_VERBS,
    act_noun_of,
    has_to,
    hung_on_object,
    member_predicate,
    sentence,
)

_IMMEDIATE = re.compile(r"with immediate effect|effective immediately", re.IGNORECASE)

MODALITIES = ("negated", "hypothetical", "future")
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
#: Edges we do not climb: a reporting verb's modality is not its complement's.
_BOUNDARIES = {"ccomp", "relcl", "advcl", "conj", "parataxis", "nsubj", "nsubjpass", "csubj"}


#: Verbs whose bare-infinitive clause is their outcome ("would see X do", "let X do").
_OUTCOME_VERBS = {"see", "let", "make", "help"}


def _chain(tok: Token, hops: int = 5, lex: Lexicon | None = None) -> list[Token]:
    chain = [tok]
    cur = tok
    for _ in range(hops):
        if (
            lex is not None
            and cur is not tok
            and tok.pos_ in {"NOUN", "PROPN"}
            and cur.pos_ == "VERB"
            and any(not t.needs and not t.context for t in lex.lookup(cur.lemma_.lower(), "V"))
            and not _support(cur)
            and not _governs_modality(cur, lex)
        ):
            # "did not welcome Slovenia's recognition": the negation is the welcome's;
            # an act named inside another act keeps its own modality
            chain.pop()
            break
        first = hung_on_object(cur)
        if first is not None:  # "would restore relations and return ambassadors"
            cur = first
            chain.append(cur)
            continue
        nominal = cur.dep_ == "conj" and cur.pos_ == "NOUN"  # a noun joins no verb
        done = cur.dep_ == "acl" and cur.tag_ == "VBN"  # "an agreement signed in 2001"
        # "with X calling it ...": an absolute clause, with its own modality
        with_noun = cur.dep_ == "acl" and cur.head.dep_ == "pobj" and cur.head.head.lower_ == "with"
        absolute = cur.tag_ == "VBG" and (cur.head.lower_ == "with" or with_noun)
        # "postponed due to the war", "cancelled amid the fighting": a cause has its own
        cause = cur.dep_ == "pobj" and (
            cur.head.lower_ in CIRCUMSTANCE_PREPS
            or (cur.head.lower_ in {"to", "of"} and cur.head.head.lower_ in {"due", "because"})
        )
        # "ruled out recognising": a gerund right after its verb is its object, however
        # the parser labels it
        before = cur.doc[cur.i - 1] if cur.i > 0 else cur
        gerund_object = (
            cur.dep_ == "advcl"
            and cur.tag_ == "VBG"
            and (before == cur.head or (before.head == cur.head and before.dep_ == "prt"))
            and not any(c.dep_ in {"mark", "nsubj"} for c in cur.children)
        )
        if cur.dep_ in {"relcl", "acl"} and (copula := member_predicate(cur.head)) is not None:
            cur = copula  # "is not among the states that recognise X": the copula's mood
            chain.append(cur)
            continue
        # "the deal would see Israel recognise Palestine", "will let Kabul reopen": a
        # bare infinitive after a verb of outcome is that verb's, mood and all
        small_clause = (
            cur.dep_ == "ccomp"
            and cur.tag_ == "VB"
            and cur.head.lemma_.lower() in _OUTCOME_VERBS
            and not any(c.dep_ in {"aux", "mark"} for c in cur.children)
        )
        # "pledged to stop fighting and to open relations": an infinitive joined to the
        # governed one shares its governor
        shared = cur.dep_ == "conj" and has_to(cur) and cur.head.dep_ == "xcomp"
        bounded = (
            cur.dep_ in _BOUNDARIES
            and not nominal
            and not gerund_object
            and not small_clause
            and not shared
        )
        if bounded or done or absolute or cause or _remark_after(cur):
            break  # "calls for the re-establishment of ties and the reopening of embassies"
        if cur.head == cur:
            break
        cur = cur.head
        chain.append(cur)
    return chain


def _phoned(call: Token) -> bool:
    """ "called to congratulate him": a telephone call, not a call on someone to act ("called
    on Israel to stop", "called for talks", "called Israel to account")."""
    return not any(
        c.dep_ in {"dobj", "dative"} or (c.dep_ == "prep" and c.lower_ in {"on", "upon", "for"})
        for c in call.children
    )


def _ruled_out(tok: Token) -> str | None:
    """An act noun said to be ruled out ("an attack was ruled out": negated) or not ("a
    fresh attack cannot be ruled out": hypothetical)."""
    verb = tok.head
    if tok.dep_ != "nsubjpass" or not _governor_words(verb) & LITOTES:
        return None
    return "hypothetical" if any(c.dep_ == "neg" for c in verb.children) else "negated"


def _supposed(tok: Token) -> bool:
    """An indefinite act noun as the subject of a modal verb is supposed, not told: "a
    Chinese attack on Taiwan could threaten Japan" (but "Russia's attack could trigger
    sanctions" tells of an attack)."""
    if tok.pos_ != "NOUN":
        return False
    indefinite = any(c.dep_ == "det" and c.lower_ in {"a", "an", "any"} for c in tok.children)
    subject = tok
    while subject.dep_ == "conj":  # "a blockade or an attack on Taiwan could ..."
        subject = subject.head
    if subject.dep_ != "nsubj":
        return False
    modal = any(
        c.dep_ == "aux" and c.lower_ in {"could", "would", "might", "may"}
        for c in subject.head.children
    )
    return indefinite and modal


#: Modal verbs with which an intent to cooperate is stated, not supposed.
STATED_INTENT_MODALS = {"should", "would", "must", "ought"}


#: Governors that, themselves negated, leave the act possible: "did not rule out
#: recognising", "would not exclude sanctions".
LITOTES = {"rule out", "exclude"}


#: Nouns that sum up a clause in a remark after it: "..., a charge Phnom Penh denied".
REMARK_NOUNS = {"charge", "claim", "accusation", "allegation", "assertion", "account", "version"}


def _remark_after(clause: Token) -> bool:
    """Is the clause's head the verb of a remark that follows it ("X accused Y of
    breaching the truce, a charge Z denied"), which the parser makes the clause's
    governor? The remark's denial is not the clause's."""
    head = clause.head
    if clause.dep_ != "ccomp" or head.i < clause.i:
        return False
    between = clause.doc[clause.right_edge.i + 1 : head.i]
    return any(t.lower_ == "," for t in between[:1]) and any(
        t.lemma_.lower() in REMARK_NOUNS for t in between
    )


#: Verbs that lend a noun its act ("grant recognition", "extend recognition", "give its
#: approval"): their negation and tense are the noun's.
SUPPORT_VERBS = {"grant", "extend", "give", "offer", "accord", "make", "take", "have", "hold"}


def _support(verb: Token) -> bool:
    return verb.lemma_.lower() in SUPPORT_VERBS


def _governs_modality(verb: Token, lex: Lexicon) -> bool:
    """ "calls for the reopening", "refused recognition": a cue verb passes its modality
    down even when it is a trigger of its own."""
    words = _governor_words(verb)
    return any(words & lex.cues.get((m, "governor"), frozenset()) for m in MODALITIES)


def _governor_words(node: Token) -> set[str]:
    """The governor's lemma, and "lemma particle" for two-word cues ("hold back")."""
    lemma = node.lemma_.lower()
    words = {lemma}
    for child in node.children:
        if child.dep_ in {"prt", "advmod"}:
            words.add(f"{lemma} {child.lower_}")
    return words


#: Verbs whose "that ..." clause reports, so that its "would" is a future in the past.
REPORT_VERBS = {
    "say",
    "announce",
    "state",
    "declare",
    "add",
    "tell",
    "confirm",
    "agree",
    "pledge",
    "promise",
    "vow",
    "write",
    "post",
    "insist",
    "warn",
}


#: Verbs whose "that ..." clause is wanted, not told: "ensure that", "demanded that".
WISH_VERBS = {"ensure", "demand", "insist", "want", "wish", "hope", "urge", "require", "ask"}

def _wished(tok: Token) -> bool:
    """Is the token inside a "that ..." clause of a wish verb (through the coordinated
    and prepositional clauses between)?"""
    cur = tok
    for _ in range(6):
        if cur.dep_ == "ccomp":
            return cur.head.lemma_.lower() in WISH_VERBS
        if cur.dep_ not in {"conj", "pcomp", "prep", "advcl"} or cur.head == cur:
            return False
        cur = cur.head
    return False


#: Verbs whose "that ..." clause the speaker says is false.
DENIAL_VERBS = {"deny", "refute", "dismiss", "rebut", "disprove"}


def _reported(clause: Token) -> bool:
    cur = clause
    while cur.dep_ == "conj" and cur.head != cur:
        cur = cur.head  # "said they would revive ... and reopen ..."
    # "forces would work together more closely, he said, with ...": the report inserted
    inserted = any(
        c.dep_ == "parataxis" and c.lemma_.lower() in REPORT_VERBS for c in cur.children
    )
    return inserted or (cur.dep_ == "ccomp" and cur.head.lemma_.lower() in REPORT_VERBS)


#: Verbs of going somewhere, whose "to ..." clause is a purpose still to be met:
#: "travelled to Beijing to open relations" (and, in events.py, whose "for" phrase is the
#: traveller's purpose: "flew to Moscow for talks").
TRAVEL_VERBS = {
    "travel", "fly", "go", "head", "arrive", "come", "journey", "visit", "land", "jet",
}  # fmt: skip


def _purpose_of_travel(tok: Token) -> bool:
    return (
        tok.dep_ == "advcl"
        and has_to(tok)
        and tok.head.lemma_.lower() in TRAVEL_VERBS
    )


def _purpose_of_steps(clause: Token, cues: frozenset[str]) -> bool:
    """ "Russia has taken steps to normalise relations": a purpose clause whose main verb
    takes steps (or makes a bid, an effort) towards it does not say it happened."""
    if clause.dep_ != "advcl" or not any(c.lower_ == "to" for c in clause.children):
        return False
    objects = (c for c in clause.head.children if c.dep_ in {"dobj", "obj"})
    return any(o.lemma_.lower() in cues for o in objects)


#: Adjectives that make an act future only through an infinitive: "ready to recognise",
#: "prepared to lift sanctions" (but "ready for the reopening, which took place").
READY_WORDS = {"ready", "willing", "prepared"}

#: Subordinators of a condition: "will recognise it unless Israel ...", "if talks fail".
CONDITIONS = {"if", "unless", "once", "provided", "providing", "assuming"}
#: "would open an embassy when there is a ceasefire": a condition only on a future act.
TEMPORAL_CONDITIONS = {"when", "after"}
#: Nouns whose infinitive tells an act announced, not done: "the announcement to recognise".
INTENT_NOUNS = {
    "announcement", "plan", "intention", "intent", "bid", "offer", "pledge", "promise",
    "proposal", "threat", "commitment", "readiness", "willingness", "vow", "push", "effort",
    "attempt", "motion", "bill", "resolution", "request", "appeal",
}  # fmt: skip
#: Prepositions that turn a gerund into an act not (yet) done: "decided against
#: recognising", "moving towards establishing ties".
GERUND_PREPS = {"against": "negated", "toward": "future", "towards": "future"}


def _opens_clause(mark: Token, verb: Token) -> bool:
    """Does the subordinator come before its clause's subject, as a condition does ("once
    Serbia and Kosovo sign")? "The Solomon Islands, once Taiwan's largest ally, severed
    ties" has the adverb "once" misread as the mark of the clause."""
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    # the adverb "once" ("formerly") is tagged RB even where it is misread as a mark
    return mark.tag_ == "IN" and all(mark.i < s.i for s in subjects)


def _done_before(node: Token, clause: Token) -> bool:
    """A plain past act cannot hang on a condition in the present: "signed a pact pledging
    aid if either country is attacked" has the condition misread onto "signed", where it
    belongs to the pledge."""
    tenses = {clause.tag_} | {c.tag_ for c in clause.children if c.dep_ in {"aux", "auxpass"}}
    past = node.tag_ == "VBD" and not any(c.dep_ == "aux" for c in node.children)
    return past and bool(tenses & {"VBZ", "VBP"})


def _condition(node: Token) -> set[str]:
    """The conditions a clause below the node sets: "condition" ("unless", "if", "once"),
    "temporal" ("when", "after": a condition only for an act still to come, which the
    caller knows once the whole chain is read)."""
    kinds: set[str] = set()
    for clause in node.children:
        if clause.dep_ != "advcl":
            continue
        marks = {c.lower_ for c in clause.children if c.dep_ == "mark" or c.tag_ == "WRB"}
        if marks & CONDITIONS and not _done_before(node, clause):
            kinds.add("condition")
        # "after Islamabad upgraded its mission": a past act told in sequence is no
        # condition; "when the time was right" (a state, backshifted in reported speech) is
        if marks & TEMPORAL_CONDITIONS and (clause.tag_ != "VBD" or clause.lemma_ == "be"):
            kinds.add("temporal")
    return kinds


#: How news says an act starts to apply: "take effect", "come into force", "go into
#: effect", "enter into force", "kick in".
_EFFECT_VERBS = {"take", "come", "go", "enter", "kick", "apply", "become"}


def _effect_ahead(verb: Token) -> bool:
    """Is this verb an act's coming into effect that is still ahead ("will take effect",
    "would come into force", "is set to go into effect")?"""
    raised = verb.lemma_.lower() in _SCHEDULED
    if raised:  # "is set to take effect": the effect verb is the complement
        verb = next((c for c in verb.children if c.dep_ == "xcomp"), verb)
    lemma = verb.lemma_.lower()
    if lemma not in _EFFECT_VERBS:
        return False
    words = {
        w.lower_
        for c in verb.children
        if c.dep_ in {"dobj", "prep", "prt", "acomp"}
        for w in c.subtree
    }
    if lemma not in {"kick", "apply"} and not words & {"effect", "force", "effective"}:
        return False
    auxes = {c.lower_ for c in verb.children if c.dep_ in {"aux", "auxpass"}}
    # "would" too: in a report ("said the decision would come into effect on 28 May") it is
    # the future seen from the past, and read as a condition it is not asserted either
    return raised or bool(auxes & {"will", "shall", "'ll", "would"})


#: Subjects with which a sentence says when the act it tells applies: "the decision will
#: take effect on 28 May", "it comes into force next month".
_EFFECT_ANAPHORS = {"decision", "move", "step", "measure", "it", "this", "that", "which"}


def _said_of_the_act(verb: Token, tok: Token) -> bool:
    """Is the verb's subject the act triggered at ``tok``: "the decision", "it", or a noun
    of the trigger's own lemma?"""
    subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
    return any(s.lower_ in _EFFECT_ANAPHORS or s.lemma_ == tok.lemma_ for s in subjects)


def _effect_verbs(tok: Token) -> list[Token]:
    """The sentence's words that may say an act takes effect ("take", "come", "is set to"),
    found once per sentence: every trigger in it asks."""
    sent = sentence(tok)
    cache = tok.doc.user_data.setdefault("chancery_effect_verbs", {})
    if sent.start not in cache:
        words = _EFFECT_VERBS | _SCHEDULED
        cache[sent.start] = [t for t in sent if t.lemma_.lower() in words]
    return cache[sent.start]  # type: ignore[no-any-return]


def _anaphoric_effects(tok: Token) -> Iterator[Token]:
    """Verbs of the sentence that say "the decision"/"it" takes effect ahead."""
    for verb in _effect_verbs(tok):
        if verb.pos_ not in {"VERB", "AUX"} or verb == tok or not _effect_ahead(verb):
            continue
        if _said_of_the_act(verb, tok):
            yield verb


def effect_owners(tok: Token) -> list[Token]:
    """Who said that the act takes effect ahead owns the decision: in "Spain announced the
    recognition; both Norway and Spain said the decision would come into effect on 28
    May", Norway's recognition is announced too. The tokens of the saying verb's subject."""
    for verb in _anaphoric_effects(tok):
        clause = verb.head if verb.dep_ == "xcomp" else verb
        if clause.dep_ in {"ccomp", "advcl"} and clause.head.lemma_.lower() in SAY_VERBS:
            return [
                t
                for c in clause.head.children
                if c.dep_ in {"nsubj", "nsubjpass"}
                for t in c.subtree
            ]
    return []


def _effect_conditioned(tok: Token) -> bool:
    """Does the sentence make the act's coming into effect hang on a condition? "decided to
    recognise Palestine, with the decision taking effect once parliament approves it"."""
    for verb in _effect_verbs(tok):
        if verb.lemma_.lower() not in _EFFECT_VERBS or verb == tok:
            continue
        words = {w.lower_ for c in verb.children if c.dep_ in {"dobj", "prep"} for w in c.subtree}
        if not words & {"effect", "force", "effective"}:
            continue
        if not _said_of_the_act(verb, tok):
            continue
        for clause in verb.children:
            marks = {c.lower_ for c in clause.children if c.dep_ == "mark"}
            if clause.dep_ == "advcl" and marks & CONDITIONS:
                return True
    return False


def _effective_later(tok: Token) -> bool:
    """An act whose coming into effect is still ahead: the act noun is the subject
    ("Washington's recognition will come into force next month", "the revocation is set to
    take effect on Tuesday"), or the sentence says so of "the decision"/"it" ("announced
    the recognition of X; the decision would come into effect on 28 May")."""
    subject = tok.pos_ in {"NOUN", "PROPN"} and tok.dep_ in {"nsubj", "nsubjpass"}
    if subject and _effect_ahead(tok.head):
        return True
    return any(True for _ in _anaphoric_effects(tok))


#: "is set/due/expected/scheduled to take effect".
_SCHEDULED = {"set", "due", "expect", "schedule"}


#: Acts that are done after they are agreed: "agreed to reopen embassies", "agreed to
#: meet next month", "agreed to exchange ambassadors". A decision agreed at a meeting is
#: done by agreeing it: "agreed to restore ties", "agreed to take X off the terror list",
#: "agreed to suspend sanctions".
DONE_LATER_WHEN_AGREED = {
    "OPEN_EMBASSY", "CLOSE_EMBASSY", "MEET", "APPOINT_ENVOY", "ACCEPT_CREDENTIALS",
    "SIGN_AGREEMENT", "ATTACK",
}  # fmt: skip
AGREE_VERBS = {"agree"}


#: Possessives that refer back to a subject: "its recognition" may be the subject's own.
_BOUND_POSSESSIVES = {"its", "their", "his", "her", "our", "my", "your", "whose"}


def _owned_act(tok: Token) -> bool:
    """An act noun its maker is named on ("China's criticism of the deal", "the recognition
    by Spain"): a verb above it that rejects or opposes it does not deny it was done:
    "Australia rejected China's criticism", "Britain opposed Russia's recognition"."""
    if tok.pos_ not in {"NOUN", "PROPN"}:
        return False
    return any(
        (c.dep_ == "poss" and c.lower_ not in _BOUND_POSSESSIVES)
        or (c.dep_ in {"prep", "agent"} and c.lower_ == "by")
        for c in tok.children
    )


def _said_to_be(tok: Token) -> set[str]:
    """The adjectives an act noun, as a subject, is said to be: "[recognition] remains
    distant", "[a deal] is unlikely this year"."""
    if tok.pos_ not in {"NOUN", "PROPN"}:
        return set()
    noun = tok
    while noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.dep_ in {
        "nsubj", "nsubjpass"
    }:
        noun = noun.head.head  # "the establishment of ties": the act is the phrase's head
    if noun.dep_ != "nsubj":
        return set()
    return {c.lemma_.lower() for c in noun.head.children if c.dep_ in {"acomp", "attr"}}


def modality_of(
    tok: Token, lex: Lexicon, *, negated_prefix: bool = False, act_type: str | None = None
) -> str:
    """The modality of the event of type ``act_type`` triggered at ``tok``."""
    intent = act_type == "INTEND_COOPERATE"
    if negated_prefix:
        return "negated"
    cues = lex.cues
    chain = _chain(tok, lex=lex)
    found: set[str] = set()
    conditional: set[str] = set()
    weighed = False  # a verb of weighing governs the act: "consider", "mull"
    conditions: set[str] = set()
    possible = False  # a denied denial: "did not rule out"
    owned = _owned_act(tok)
    for i, node in enumerate(chain):
        for child in node.children:
            word = child.lower_
            if child.dep_ == "neg" or word in cues.get(("negated", "child"), ()):
                # "no mention of the attack" does not deny the attack: determiners count
                # only on the trigger itself
                deps = {"neg", "advmod", "aux"} | ({"det", "preconj", "cc"} if i == 0 else set())
                # "left without signing" denies the signing; "met without preconditions"
                # denies nothing of the meeting
                without = word == "without" and (
                    any(c.dep_ == "pcomp" for c in child.children) or child in chain
                )
                if (child.dep_ in deps and word != "without") or without:
                    found.add("negated")
            if word == "longer" and any(c.lower_ == "no" for c in child.children):
                found.add("negated")  # "no longer recognises"
            completed = i > 0 and (
                chain[i - 1].dep_ == "acl"  # "has no plans to recognise"
                # "no intention of recognising", not "no mention of the attack"
                or (i >= 2 and chain[i - 1].lower_ == "of" and chain[i - 2].dep_ == "pcomp")
            )
            if child.dep_ == "det" and word == "no" and completed:
                found.add("negated")  # "has no plans to recognise", "no intention of"
            if child.dep_ == "mark" and word in CONDITIONS and _opens_clause(child, node):
                # the act of a condition clause itself: "once Serbia and Kosovo sign"
                # (never "once" as an adverb: "Russia once recognised")
                found.add("hypothetical")
            # "until the two sides reached a deal": a past act that ended a state of things
            told_until = word == "until" and node.tag_ == "VBD"
            if child.dep_ in {"aux", "advmod", "mark"} and not told_until:
                if word in cues.get(("hypothetical", "child"), ()):
                    found.add("hypothetical")
                    conditional.add(word)
                if word in cues.get(("future", "child"), ()):
                    found.add("future")
            if child.dep_ in {"nsubj", "nsubjpass"}:
                dets = {child.lower_} | {c.lower_ for c in child.children if c.dep_ == "det"}
                if dets & cues.get(("negated", "subject"), frozenset()):
                    found.add("negated")
        for child in node.children:
            if child.dep_ == "amod":  # "expected moves to", "possible recognition"
                lemma = child.lemma_.lower()
                if i > 0 and lemma in cues.get(("future", "governor"), ()):
                    found.add("future")
                if lemma in cues.get(("hypothetical", "governor"), ()):
                    found.add("hypothetical")
        conditions |= _condition(node)
        if i == 0:
            continue
        prev = chain[i - 1]
        if node.lower_ in GERUND_PREPS and prev.dep_ == "pcomp" and prev.tag_ == "VBG":
            found.add(GERUND_PREPS[node.lower_])
        # "it was a pleasure to meet him", "was glad to meet": a past feeling about an act
        felt = node.tag_ == "VBD" and any(c.dep_ in {"attr", "acomp"} for c in node.children)
        if node.lemma_.lower() == "be" and prev.dep_ == "xcomp" and has_to(prev) and not felt:
            found.add("future")  # "Malta is to recognise Palestine"
        words = _governor_words(node)
        if words & READY_WORDS and not has_to(prev):
            continue  # "ready for the reopening, which took place": no act to come
        if "call" in words and _phoned(node):
            continue  # "Sisi called to congratulate him": the call was the congratulation
        # "suspending trade and expelling its attaches" (the second verb even hung on the
        # first one's object): a sibling, not a governor
        if prev.dep_ == "conj" and node in {prev.head, prev.head.head} and node.pos_ == "VERB":
            continue
        if words & LITOTES and any(c.dep_ == "neg" for c in node.children):
            possible = True  # "did not rule out cooperation": it may come
            continue
        for modality in ("negated", "hypothetical", "future"):
            if modality == "negated" and owned:
                continue  # "rejected China's criticism": the criticism was made
            if words & cues.get((modality, "governor"), frozenset()):
                found.add(modality)
                weighed = weighed or (modality == "hypothetical" and not words & {"would"})
    for modality in ("hypothetical", "future"):  # "is considering sanctions on ..."
        if act_type == "MEET":
            break  # ... but to discuss is itself to meet: "discussed migration with Dbeibah"
        if tok.lemma_.lower() in cues.get((modality, "trigger"), frozenset()):
            found.add(modality)
    if _effective_later(tok):
        found.add("future")  # "the revocation will go into effect on Tuesday"
    if any(
        n.dep_ in {"acl", "relcl"} and has_to(n) and n.head.lemma_.lower() == "time"
        for n in chain
    ):
        found.add("future")  # "it is time to recognise", "the time has come to"
    if _said_to_be(tok) & cues.get(("hypothetical", "predicate"), frozenset()):
        found.add("hypothetical")  # "the establishment of relations remains distant"
    agreed = any(n.lemma_.lower() in AGREE_VERBS for n in chain[1:] if n.pos_ == "VERB")
    # "agreed to restore ties and to reopen embassies": the second infinitive hangs on
    # "agreed" as a conjunct
    agreed = agreed or (
        tok.dep_ == "conj" and has_to(tok) and tok.head.lemma_.lower() in AGREE_VERBS
    )
    if agreed and act_type in DONE_LATER_WHEN_AGREED:
        found.add("future")  # "agreed to reopen their embassies"
    act = act_noun_of(tok)
    if act is not None and act.lemma_.lower() in INTENT_NOUNS:
        found.add("future")  # "welcomed the announcements from X to recognise Y"
    denial = chain[-1].head.lemma_.lower() in DENIAL_VERBS and not _remark_after(chain[-1])
    if chain[-1].dep_ == "ccomp" and denial:
        found.add("negated")  # "the Kremlin denied that Putin had met ..."
    if _wished(chain[-1]):
        found.add("future")  # "we must ensure that by ... recognising Israel, it ..."
    if conditional == {"would"} and _reported(chain[-1]) and not weighed:
        # "announced that it would close its embassy": the future seen from the past
        # (but "said it would consider moving its embassy" is still only weighed)
        found.discard("hypothetical")
        found.add("future")
    # "ready to recognise Palestine when the time was right": a "when" conditions an act
    # to come, wherever in the chain its being to come was read
    conditioned = "condition" in conditions or bool(
        "temporal" in conditions and found & {"future", "hypothetical"}
    )
    conditioned = conditioned or _effect_conditioned(tok)
    if conditioned:  # "will recognise ... unless", "would open ... when there is a ceasefire"
        found.add("hypothetical")
        # "will not establish relations unless ...": a condition, not a refusal (contract)
        found.discard("negated")
    top = chain[-1]
    subject = any(c.dep_ in SUBJECT_DEPS for c in top.children)
    if top.dep_ == "ROOT" and has_to(top) and subject:
        found.add("future")  # headlinese: "France to recognise Palestinian state at UN"
    if _purpose_of_travel(chain[-1]):
        found.add("future")
    marks = {c.lower_ for c in top.children if c.dep_ == "mark"}
    if top.dep_ == "advcl" and has_to(top) and "for" in marks:
        found.add("future")  # "calling for the embassy to be shut down": wanted, not done
    purpose = has_to(top) and not any(
        c.dep_ in {"mark", "nsubj", "nsubjpass"} for c in top.children
    )
    # "will raise it with Xi when the two leaders meet on Saturday": a time clause of an
    # act to come is to come too
    when = top.tag_ in {"VB", "VBP", "VBZ"} and any(
        c.dep_ in {"mark", "advmod"} and c.lower_ == "when" for c in top.children
    )
    if top.dep_ == "advcl" and (purpose or when):
        # "will host them next month to seal the accord", "urged them to keep working to
        # normalise ties": an act of purpose under an act to come is to come too
        governing = modality_of(top.head, lex)
        if governing in {"future", "hypothetical"}:
            found.add(governing)
    if _purpose_of_steps(chain[-1], cues.get(("future", "governor"), frozenset())):
        found.add("future")
    if possible:
        found.discard("negated")
        found.add("hypothetical")
    if _supposed(tok):
        found.add("hypothetical")  # "a Chinese attack on Taiwan could threaten Japan"
    ruled = _ruled_out(tok)
    if ruled is not None:  # "a fresh attack cannot be ruled out"
        found.discard("negated")
        found.add(ruled)
    if intent or _IMMEDIATE.search(sentence(tok).text):
        found.discard("future")  # "will cut ties with immediate effect" has happened
    if intent and not conditioned and conditional and conditional <= STATED_INTENT_MODALS:
        # "the two countries should strengthen cooperation": the stated intent is the event
        found.discard("hypothetical")
    for modality in ("negated", "hypothetical", "future"):
        if modality in found:
            return modality
    return "asserted"
