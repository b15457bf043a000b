"""Judgements and reactions: who praises or criticises whom, through an act or directly.

One construction family, many words: the words that judge are classes in
``data/evaluations.tsv`` (``@negative``, ``@positive``, ``@harm``), used by the ``verdict``
rows of ``data/triggers.tsv``. A judgement has a judge (who said it, who called something
so) and a judged: an actor ("called Israel an apartheid state") or an act, whose maker is
the target ("the UK move", "Macron's decision", "it" = the act just told). Sentences for
each construction are in ``tests/unit/test_extract_phrasing.py``.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from chancery.extract import roles as R
from chancery.extract.lexicon import word_class
from chancery.extract.roles import SAY_VERBS

#: Words that, as a praise/criticism object, refer back to an earlier actor's act.
ACT_NOUNS = {
    "move", "decision", "step", "action", "agreement", "deal", "act", "recognition", "announcement",
    "plan", "policy", "raid", "expulsion", "closure", "designation", "ban", "measure", "measures",
    "sanction", "sanctions", "statement", "declaration", "offensive", "operation", "strike",
    "strikes", "attack", "invasion", "decree", "order", "law", "resolution", "vote", "siege",
    "blockade", "war", "bombardment", "campaign", "occupation", "stance", "position", "remark",
    "remarks", "comment", "comments", "conduct", "behaviour", "behavior", "treatment",
    "interference", "annexation", "ceremony", "referendum", "election", "elections", "test",
    "launch", "exercise", "exercises", "drill", "drills", "rapprochement", "reconciliation",
    "normalisation", "normalization", "detente", "détente", "thaw", "visit", "visits", "trip",
    "trips", "seizure", "takeover", "incursion", "deployment", "provocation", "intrusion",
    "crackdown", "shelling", "bombing", "airstrike", "airstrikes", "lifting", "easing",
    "removal", "revocation", "imposition", "accession", "membership", "bid", "candidacy",
    "candidature", "restriction", "restrictions", "curbs", "controls", "tariffs", "claim", "claims",
    "offer", "letter", "tweet",
}  # fmt: skip


#: Acts that are words: whoever spoke last made them ("China condemned the remarks").
WORD_ACTS = {
    "remark", "remarks", "comment", "comments", "statement", "words", "speech", "rhetoric",
    "claim", "claims", "accusation", "accusations", "allegation", "allegations", "post",
}  # fmt: skip

#: Verbs whose object and complement make a judgement: "called the decision reckless".
JUDGING_VERBS = {
    "call", "describe", "label", "brand", "term", "deem", "consider", "dub", "characterise",
    "characterize", "denounce", "condemn", "slam", "criticise", "criticize", "hail", "praise",
    "welcome", "regard",
}  # fmt: skip


#: Pronouns that stand for the act just told: "it is a mistake", "this is outrageous".
ACT_PRONOUNS = {"it", "this", "that"}


#: Acts made by two parties together: the "with" partner is a maker.
PACT_NOUNS = {
    "agreement", "deal", "accord", "treaty", "pact", "declaration", "memorandum", "mou",
    "protocol", "convention",
}  # fmt: skip


#: Nouns whose modifier judges whoever made them: "the right choice", "a wise decision".
CHOICE_NOUNS = {"choice", "decision", "step", "move"}


#: Verbs that praise an act but greet a person: "welcomed the move", "welcomed Kim".
GREETING_VERBS = {"welcome", "greet", "receive"}


#: Act nouns whose "of" phrase is their maker ("the decision of the government"), not
#: their patient ("the recognition of Palestine", "the expulsion of the ambassador").
AGENT_OF_NOUNS = {
    "decision", "visit", "trip", "move", "statement", "remark", "comment", "conduct",
    "behaviour", "behavior", "stance", "position", "policy", "announcement", "declaration",
    "action", "actions", "plan", "proposal", "interference", "provocation",
}  # fmt: skip


#: Act nouns that undo a measure, made by whoever owns the measure.
UNDOING_NOUNS = {"lifting", "easing", "removal", "revocation"}


def maker_tokens(acts: list[Token]) -> list[Token]:
    """The words that name who made some act nouns: possessor or demonym ("Macron's
    decision", "the UK move"), a "between" pair ("the deal between X and Y"), and a pact's
    "with" partner ("the agreement with the UAE")."""
    # "Japan PM's Taiwan remarks": with a possessor, the name before the noun is a topic
    toks = [
        t
        for a in acts
        for t in (
            # "the decision of the Israeli government", "the visit of Taiwan's vice
            # president": nouns whose "of" names who acts; others name who is acted on
            R.owner_tokens(a, patient_of=a.lemma_.lower() not in AGENT_OF_NOUNS)
            if not any(c.dep_ == "poss" for c in a.children)
            else [x for c in a.children if c.dep_ in {"poss", "agent"} for x in R.phrase(c)]
            + [x for c in a.children if c.dep_ == "prep" and c.lower_ == "by" for x in R.phrase(c)]
        )
    ]
    toks += [t for a in acts for t in R.between_tokens(a)]
    toks += [  # "the removal of US and EU sanctions": the owners of what is undone
        t
        for a in acts
        if a.lemma_.lower() in UNDOING_NOUNS
        for o in R.of_objects(a)
        for t in R.owner_tokens(o, preps=False)
    ]
    toks += [
        t
        for a in acts
        if a.lemma_.lower() in PACT_NOUNS
        for p in a.children
        if p.dep_ == "prep" and p.lower_ == "with"
        for t in R.phrase(p)
    ]
    return toks


def act_makers(verb: Token, index: R.ActorIndex) -> list[str]:
    """Who made the act a reaction verb takes as its object: the act noun's possessor,
    demonym, "between" pair or "by"/"from" phrase, wherever the parser hung the "by"
    phrase after it."""
    acts = [c for c in verb.children if c.dep_ in R.OBJECTS and c.lemma_.lower() in ACT_NOUNS]
    acts += [  # "objected to the remarks made by Canada's prime minister"
        o
        for c in verb.children
        if c.dep_ == "prep" and c.lower_ == "to"
        for o in c.children
        if o.dep_ == "pobj" and o.lemma_.lower() in ACT_NOUNS
    ]
    if not acts:
        # "Orban's trip to Moscow was slammed by the EU": the passive's subject is the act,
        # and its "by" phrase the one who judges it
        judged = [
            c for c in verb.children if c.dep_ == "nsubjpass" and c.lemma_.lower() in ACT_NOUNS
        ]
        if R.passive_relative(verb) and R.antecedent(verb).lemma_.lower() in ACT_NOUNS:
            judged.append(R.antecedent(verb))  # "the strike, which was condemned by Egypt"
        return index.in_tokens(maker_tokens(judged))
    toks = maker_tokens(acts)
    toks += [
        t
        for p in verb.subtree
        if p.dep_ in {"prep", "agent"} and p.lower_ == "by" and p.i > acts[0].i
        for t in p.subtree
    ]
    return index.in_tokens(toks)


#: "in protest at", "in anger over": an act done as a judgement of something.
PROTEST_NOUNS = {"protest", "anger", "outrage", "retaliation", "retribution"}


#: Verbs whose object is the reason given for an act: "citing its aggression".
CITING_VERBS = {"cite", "invoke"}


def _reason_for(tok: Token) -> Token | None:
    """The verb a noun is the stated reason of ("over", "for", "because of", "citing"),
    when the noun is owned by someone: "over Tallinn's hostile actions"."""
    if tok.pos_ not in {"NOUN", "ADJ"}:
        return None
    noun = tok.head if tok.dep_ == "amod" else tok  # "hostile" in "hostile actions"
    if not any(c.dep_ == "poss" for c in noun.children):
        return None
    prep = noun.head
    if noun.dep_ == "pobj" and prep.lower_ in {"over", "for"}:
        holder = prep.head  # on the verb, or on its object ("recalled its envoy over ...")
        if holder.pos_ in {"NOUN", "PROPN"} and holder.dep_ in R.OBJECTS:
            holder = holder.head
        return holder if holder.pos_ == "VERB" else None
    if noun.dep_ == "pobj" and prep.lower_ == "of" and prep.head.lower_ == "because":
        return prep.head.head if prep.head.head.pos_ == "VERB" else None
    if noun.dep_ == "pobj" and prep.lower_ == "because":  # "of" parsed as its pcomp
        return prep.head if prep.head.pos_ == "VERB" else None
    if noun.dep_ == "dobj" and prep.lemma_.lower() in CITING_VERBS and prep.dep_ == "advcl":
        return prep.head
    return None


def judgement(tok: Token) -> tuple[list[Token], list[Token]] | None:
    """Who judges and what is judged, when ``tok`` is a judgement: "[X said] the move is
    outrageous", "[X] called the decision reckless", "[X] denounced the raid as an
    outrage", "calling it a mistake". None when the word is not used as one ("an
    outrageous price", "the crime rate")."""
    head = tok.head
    if tok.lemma_.lower() in PROTEST_NOUNS and tok.dep_ == "pobj" and head.lower_ == "in":
        # "recalled its ambassador in protest at France's position": whoever acts in
        # protest judges what the protest is at
        doer = head.head
        for _ in range(4):  # "recalled its ambassador to Paris in protest": the parser
            if doer.pos_ == "VERB" or doer.head == doer:  # may hang it on any noun before
                break
            doer = doer.head
        judge, _passive = R.subject_tokens(doer) if doer.pos_ == "VERB" else ([], False)
        judged = [
            o
            for c in tok.children
            if c.dep_ == "prep" and c.lower_ in {"at", "over", "against", "of", "for"}
            for o in c.children
            if o.dep_ == "pobj"
        ]
        judged += [  # the parser may hang "at ..." on the verb, right after "in protest"
            o
            for c in doer.children
            if c.dep_ == "prep" and c.i == tok.i + 1 and c.lower_ in {"at", "over", "against"}
            for o in c.children
            if o.dep_ == "pobj"
        ]
        return (judge, judged) if judge and judged else None
    acting = _reason_for(tok)
    if acting is not None:
        # "expelled two Estonian diplomats over Tallinn's hostile actions", "cut ties with
        # Israel, citing its aggression": whoever acts for that reason judges its owner
        judge, _passive = R.subject_tokens(acting)
        return (judge, [tok]) if judge else None
    if tok.pos_ == "VERB" and tok.lemma_.lower() in JUDGING_VERBS:
        # "called Mali's decision hasty", "described the siege as genocide": the object is
        # judged (never an actor inside the judgement: "a reward for Hamas")
        judged = [c for c in tok.children if c.dep_ in {"dobj", "obj", "nsubjpass"}]
        judged += [
            g
            for c in tok.children
            if c.dep_ in {"ccomp", "xcomp", "oprd"}
            for g in c.children
            if g.dep_ in R.SUBJECTS or (g.dep_ == "compound" and g.pos_ == "PROPN")
        ]  # "called [the move absurd]"; "called Sanchez corrupt" (the name read as compound)
        if not judged:  # the parser took the act for the complement: "called Mali's
            # decision to cut ties "hasty""
            judged = [
                t
                for c in tok.children
                if c.dep_ in {"oprd", "attr", "ccomp", "xcomp"}
                for t in c.subtree
                if t.lemma_.lower() in ACT_NOUNS
            ][:1]
        judge, _passive = R.subject_tokens(tok)
        if any(c.dep_ == "auxpass" for c in tok.children):
            judge = _judging_agent(tok)  # "was described as a separatist by China"
            # the judged is the passive subject ("who" stands for its antecedent: "Lai, who
            # has been branded a separatist by China"); an object there is the label
            judged = [c for c in judged if c.dep_ == "nsubjpass"]
            if tok.dep_ == "relcl" and any(c.lower_ in R.RELATIVES for c in judged):
                judged = [tok.head]
        return (judge, judged) if judge and judged else None
    if tok.pos_ == "VERB" and tok.dep_ in {"ccomp", "parataxis", "ROOT", "conj"}:
        # "Katz said the decision undermined Israel's right": an act said to do harm
        judged = [c for c in tok.children if c.dep_ == "nsubj"]
        acts = [j for j in judged if j.lemma_.lower() in ACT_NOUNS or j.lower_ in ACT_PRONOUNS]
        if tok.lemma_.lower() in word_class("harm"):
            # "Sanchez said Netanyahu was endangering the two-state solution": a named
            # doer said to do harm is judged as much as an act is
            acts += [j for j in judged if j.pos_ == "PROPN" or R.is_person(j)]
        judge = reporter(tok)
        return (judge, acts) if judge and acts else None
    if tok.dep_ == "amod" and head.dep_ == "attr" and head.head.lemma_.lower() == "be":
        tok, head = head, head.head  # "the attack was a reckless act": the act judged so
    if tok.dep_ in {"acomp", "attr"} and head.lemma_.lower() == "be":
        judged = [c for c in head.children if c.dep_ in R.SUBJECTS]
        judge = reporter(head)
        if not judge:
            judge = [
                t
                for c in head.children
                if c.dep_ in {"ccomp", "parataxis"} and c.lemma_.lower() in SAY_VERBS
                for s in c.children
                if s.dep_ in R.SUBJECTS
                for t in R.subject_phrase(s)
            ]
        return (judge, judged) if judge and judged else None
    if tok.dep_ == "amod" and head.lemma_.lower() in CHOICE_NOUNS and head.dep_ in R.OBJECTS:
        # "Qin said Honduras had made the right choice": the chooser is judged
        chooser = [c for c in head.head.children if c.dep_ in R.SUBJECTS]
        judge = reporter(head.head)
        return (judge, chooser) if judge and chooser else None
    verb = head.head if tok.dep_ == "pobj" and head.lower_ == "as" else head
    if tok.dep_ in {"pobj", "oprd", "xcomp", "ccomp", "dobj", "attr", "acomp"} and (
        verb.lemma_.lower() in JUDGING_VERBS and verb != tok
    ):
        judged = [
            c for c in verb.children if c.dep_ in {"dobj", "obj", "nsubjpass"} and c != tok
        ] + [c for c in tok.children if c.dep_ in R.SUBJECTS]  # "called [the move absurd]"
        judge, _passive = R.subject_tokens(verb)
        if any(c.dep_ == "auxpass" for c in verb.children):
            judge = _judging_agent(verb)  # "was called a dictator by Trump"
        return (judge, judged) if judge and judged else None
    return None


def _judging_agent(verb: Token) -> list[Token]:
    """The "by" phrase of a passive judgement, on the verb or on its complement ("was
    branded an illegitimate leader by the United States"); none when it is not said."""
    holders = [verb, *(c for c in verb.children if c.dep_ in {"dobj", "oprd", "attr", "xcomp"})]
    holders += [  # "described as a separatist by China"
        o for c in verb.children if c.dep_ == "prep" and c.lower_ == "as" for o in c.children
    ]
    return [
        t
        for h in holders
        for c in h.children
        if c.dep_ in {"agent", "prep"} and c.lower_ == "by"
        for t in R.phrase(c)
    ]


#: Verbs that report a judgement as well as "say" does: "warned that the step would harm".
ARGUING_VERBS = {"warn", "insist", "argue", "charge", "claim", "complain", "contend", "caution"}


def _said_about(tok: Token) -> list[Token]:
    """The act nouns a judgement is said "of" or "about": "'This is a shameful decision,'
    Katz said of Ireland's recognition"."""
    cur = tok
    for _ in range(6):
        if cur.lemma_.lower() in SAY_VERBS | ARGUING_VERBS and cur.pos_ == "VERB":
            return [
                o
                for p in cur.children
                if p.dep_ == "prep" and p.lower_ in {"of", "about"}
                for o in p.children
                if o.dep_ == "pobj" and o.lemma_.lower() in ACT_NOUNS
            ]
        if cur.head == cur:
            break
        cur = cur.head
    return []


def reporter(clause: Token) -> list[Token]:
    """The subject of the reporting verb a clause is said under: "Saar said [the move is
    outrageous]", "[... is a mistake], he said", "Serbia warned [the step would harm ...]"."""
    cur = clause
    for _ in range(3):
        said = cur.head.lemma_.lower() in SAY_VERBS | ARGUING_VERBS
        if cur.dep_ in {"ccomp", "parataxis"} and said:
            judge, _passive = R.subject_tokens(cur.head)
            return judge
        if cur.dep_ != "conj" or cur.head == cur:
            break
        cur = cur.head
    return []


def greets(verb: Token) -> bool:
    """ "welcomed Kim", "greeted the prime minister": a host receiving a visitor."""
    if verb.lemma_.lower() not in GREETING_VERBS:
        return False
    objects = [c for c in verb.children if c.dep_ in R.OBJECTS]
    return any(R.is_person(o) or o.lemma_.lower() in R.PERSON_HEADS for o in objects)


#: Kinds of "war", "attack" or "offensive" that are no armed force: "the US-China trade
#: war", "a cyber attack", "a charm offensive", "the Cold War", "a war of words".
UNARMED_KINDS = {
    "trade", "tariff", "price", "currency", "tech", "technology", "chip", "cold", "culture",
    "information", "propaganda", "cyber", "charm", "legal", "media", "diplomatic", "political",
    "economic", "bidding", "turf", "drug", "class", "hybrid", "word",
}  # fmt: skip
#: Kinds that make an attack a judgement: "a verbal attack on Japan's prime minister".
VERBAL_KINDS = {
    "verbal", "rhetorical", "scathing", "blistering", "stinging", "withering", "personal",
    "veiled", "thinly",
}  # fmt: skip
#: Where a verbal attack is made: "attacked Zelensky in a social media post".
SPEECH_NOUNS = {
    "speech", "post", "interview", "statement", "tweet", "letter", "column", "remark",
    "address", "message", "video", "briefing", "conference", "rally", "editorial", "op-ed",
}  # fmt: skip
#: What a team attacks on a pitch: "an attack on the French defence", "attacked the goal".
PLAY_TARGETS = {"defence", "defense", "goal", "goalkeeper", "net", "midfield", "backline"}
#: Holders of office whose attacker speaks rather than shoots: "attacked Macron".
POLITICIANS = {
    "minister", "president", "counterpart", "leader", "premier", "chancellor", "secretary",
    "spokesman", "spokesperson", "government", "administration",
}  # fmt: skip


#: Verbs whose object war or attack is ended or kept off, never waged by their subject.
ENDING_VERBS = {"end", "stop", "halt", "resolve", "settle", "prevent", "avert", "mediate"}


def attack_sense(tok: Token, index: R.ActorIndex) -> str:
    """ "armed", "verbal" (a criticism: "Netanyahu attacked Macron over his plan") or
    "none" (a trade war, a charm offensive). ATTACK in the contract is armed force only,
    and politicians "attack" each other's words far more often than each other's towns."""
    kinds = {
        c.lemma_.lower()
        for c in tok.children
        if c.dep_ in {"amod", "compound", "nmod", "npadvmod", "advmod"}
    }
    kinds |= {  # "a war of words"
        o.lemma_.lower()
        for c in tok.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for o in c.children
        if o.dep_ == "pobj"
    } & {"word"}
    if kinds & VERBAL_KINDS:
        return "verbal"
    if kinds & UNARMED_KINDS:
        return "none"
    if tok.pos_ == "VERB" and any(
        o.lemma_.lower() in MEASURE_WORDS
        for c in tok.children
        if c.dep_ == "prep" and c.lower_ == "with"
        for o in c.children
        if o.dep_ == "pobj"
    ):
        return "none"  # "hit Iran's drone programme with fresh sanctions"
    if _war_as_topic(tok, index):
        return "none"  # "France and Germany discussed the war in Ukraine"
    if tok.pos_ == "NOUN" and tok.dep_ in {"dobj", "nsubjpass"} and (
        tok.head.lemma_.lower() in ENDING_VERBS
    ):
        return "none"  # "Trump's attempt to end the war in Ukraine": no war waged by him
    if tok.lemma_.lower() != "attack":
        return "armed"
    said_in = any(
        o.lemma_.lower() in SPEECH_NOUNS
        for c in tok.children
        if c.dep_ == "prep" and c.lower_ in {"in", "on", "during"}
        for o in c.children
        if o.dep_ == "pobj"
    )
    over = any(c.dep_ == "prep" and c.lower_ in {"over", "for", "as"} for c in tok.children)
    if tok.pos_ == "VERB":
        subject, _passive = R.subject_tokens(tok)
        objects = [c for c in tok.children if c.dep_ in R.OBJECTS]
    else:  # "Trump's attack on Canada over tariffs"
        subject = [c for c in tok.children if c.dep_ == "poss"]
        objects = [
            o
            for c in tok.children
            if c.dep_ == "prep" and c.lower_ in {"on", "against"}
            for o in c.children
            if o.dep_ == "pobj"
        ]

    if any(o.lemma_.lower() in PLAY_TARGETS for o in objects):
        return "none"  # "Germany launched an attack on the French defence" (a match)

    def stance(o: Token) -> bool:  # "Spain's position", not "army positions"
        if o.lemma_.lower() == "position":
            return any(c.dep_ == "poss" for c in o.children) and o.tag_ != "NNS"
        return o.lemma_.lower() in POLITICIANS | ACT_NOUNS | SPEECH_NOUNS | CONDUCT_NOUNS

    if any(index.names_person(o) or stance(o) for o in objects):
        return "verbal"  # "attacked Macron", "attacked Spain's decision"
    speaker = any(index.names_person(t) or t.lemma_.lower() in R.PERSON_HEADS for t in subject)
    return "verbal" if speaker and (said_in or over) else "armed"


#: How a government does things, which words attack: "its attacks on the Danish
#: handling of Greenland", "attacked Berlin's approach".
CONDUCT_NOUNS = {
    "handling", "approach", "management", "leadership", "stewardship", "response", "record",
    "rule", "governance",
}  # fmt: skip


#: What a state may "hit" or "target" another with that is no weapon.
MEASURE_WORDS = {
    "sanction", "sanctions", "tariff", "tariffs", "duty", "duties", "levy", "penalty", "fine",
    "ban", "embargo", "restriction", "measure", "lawsuit", "charge", "control", "curb",
}  # fmt: skip


#: Verbs whose object is what was talked or thought about, not something their subject did.
TOPIC_VERBS = {
    "discuss", "debate", "address", "mention", "describe", "explain", "review", "assess",
    "examine", "study", "analyse", "analyze", "cover", "report", "brief", "talk", "speak",
    "chat", "confer", "consult", "update",
}  # fmt: skip


def _war_as_topic(noun: Token, index: R.ActorIndex) -> bool:
    """Is an attack noun only the topic of talk ("discussed the war in Ukraine", "spoke
    about the fighting in Gaza"), its maker unnamed, so that the talkers are not read as
    the fighters? "discussed Russia's war in Ukraine" still names who wages it."""
    if noun.pos_ not in {"NOUN", "PROPN"}:
        return False
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ in {"about", "on", "over"}:
        head = head.head
    elif noun.dep_ not in R.OBJECTS:
        return False
    if head.pos_ != "VERB" or head.lemma_.lower() not in TOPIC_VERBS:
        return False
    makers = [
        t
        for c in noun.children
        if c.dep_ in {"poss", "amod", "compound", "nmod"}
        or (c.dep_ == "prep" and c.lower_ in {"by", "between"})
        for t in c.subtree
    ]
    return not index.in_tokens(makers)


def verdict_anchor(tok: Token) -> Token:
    """The verb that pronounces a judgement: "called" in "called the deal illegal", "is"
    in "the move is outrageous"."""
    head = tok.head
    if tok.pos_ == "VERB" and tok.lemma_.lower() in JUDGING_VERBS:
        return tok  # "called the decision hasty"
    if tok.dep_ == "pobj" and head.lower_ == "as":
        return head.head
    if tok.dep_ == "amod" and head.dep_ in R.OBJECTS:
        return head.head  # "had made the right choice"
    return head if head.pos_ in {"VERB", "AUX"} else tok


def pronoun_partner(tok: Token, heads: list[Token], index: R.ActorIndex) -> list[str]:
    """The actor a judged "it"/"them" stands for when the judging clause hangs on a verb
    with an actor partner: "breaking relations with the Israeli government, calling it
    fascist" judges the government, not the breaking; "severed relations with the UAE,
    accusing it of arming the RSF" accuses the UAE."""
    if not heads or not all(h.lower_ in {"it", "them"} for h in heads):
        return []
    # the judging verb itself ("accusing it of ..."), or the verb a judging word hangs on
    verb = tok if tok.pos_ == "VERB" else tok.head
    if verb.dep_ not in {"advcl", "xcomp", "conj"} or verb.tag_ != "VBG":
        return []
    complement = [t for c in tok.children if c.dep_ in {"oprd", "attr", "dobj"} for t in c.subtree]
    if any(t.lemma_.lower() in ACT_NOUNS for t in complement):
        return []  # "calling it a historic step": "it" is the act
    return _partners(verb.head, index)


def _partners(verb: Token, index: R.ActorIndex) -> list[str]:
    """The actors a verb acts on as partners: an object that is itself an actor (not an
    act's patient: "condemned the strike on Iran") or a "with"/"against" phrase, on the
    verb or on its object ("cut ties with the UAE")."""
    heads = [c for c in verb.children if c.dep_ in R.OBJECTS and index.is_actor(c)]
    holders = [verb] + [c for c in verb.children if c.dep_ in R.OBJECTS]
    heads += [
        o
        for h in holders
        for c in h.children
        if c.dep_ == "prep" and c.lower_ in {"with", "against"}
        for o in c.children
        if o.dep_ == "pobj"
    ]
    return index.in_tokens(t for h in heads for t in R.phrase(h))


def verdict_pairs(
    tok: Token,
    index: R.ActorIndex,
    salience: R.Salience,
    resolve: Callable[..., list[str]],
) -> list[tuple[str, str | None]]:
    """A judgement of an actor or of an act: the judge's state criticises or praises the
    actor, or whoever made the act ("the UK move", "Macron's decision", "it" = the act
    just told)."""
    found = judgement(tok)
    if found is None:
        return []
    judge, judged = found
    sources = index.in_tokens(judge)
    if not sources:
        sources = resolve(judge)  # "he said", "the ministry said": who that is
    heads = judged
    # "called the US foothold near Taiwan a threat": a place near the judged is not judged
    named = index.in_tokens(t for h in heads for t in R.phrase(h, skip_preps=JUDGED_SKIP))
    targets = [c for c in named if c not in sources]
    acting = _reason_for(tok)
    if acting is not None:  # a reason's owner is judged: "over Israel's genocide"
        noun = tok.head if tok.dep_ == "amod" else tok
        owners = [c for c in noun.children if c.dep_ == "poss"]
        judged_codes = index.in_tokens(t for o in owners for t in o.subtree)
        if not judged_codes and any(o.lower_ in {"its", "their"} for o in owners):
            judged_codes = _partners(acting, index)  # "cut ties with Israel, citing its ..."
            held = [t for c in acting.children if c.dep_ in R.OBJECTS for t in c.subtree]
            if not judged_codes and R.demonstrative_group(held):
                # "closed the missions of these countries because of their interference":
                # the list the group refers to
                judged_codes = resolve(held, sources)
        return [(s, t) for s in sources for t in judged_codes if s != t]
    act = [h for h in heads if h.lemma_.lower() in ACT_NOUNS or h.lower_ in ACT_PRONOUNS]
    partner = pronoun_partner(tok, heads, index)
    if partner:  # "cut ties with the UAE, calling it an aggressor state": "it" is the UAE
        return [(s, t) for s in sources for t in partner if s != t]
    if act:
        holders = act + [h.head for h in act if h.dep_ == "compound"]  # a misparse
        if all(h.lower_ in ACT_PRONOUNS for h in act):
            # "'This is shameful,' Katz said of Ireland's recognition": what was said of
            holders += _said_about(tok)
        makers = index.in_tokens(maker_tokens(holders))
        targets = [c for c in makers if c not in sources]
        own = set(salience.last_actors + salience.main_actors) & set(sources)
        if not targets and not makers and not own:
            # the act just told, else (no event told yet) what the latest subject did:
            # "Japan began releasing the water. China called the move selfish."
            doers = salience.last_actors or salience.last_doers
            if any(h.lemma_.lower() in WORD_ACTS for h in holders):
                doers = salience.last_speakers or doers  # "called the remarks reckless"
            targets = [c for c in doers if c not in sources]
    elif not any(
        index.is_actor(w) or R.is_person(w) or w.lemma_.lower() in R.PERSON_HEADS | R.RULER_NOUNS
        for h in heads
        # "called the Dutch government fascists", read as one noun phrase: the label's
        # compound is the one judged
        for w in [h, *(c for c in h.children if c.dep_ == "compound")]
    ):  # ("called Spain's prime minister Pedro Sanchez a coward": an official is judged)
        return []  # "the weather is outrageous"
    return [(s, t) for s in sources for t in targets if s != t]


#: Prepositions whose phrase in a judged noun phrase only places it.
JUDGED_SKIP = R.NEVER_PREPS | {"near", "around", "off", "outside"}


#: Verbs that put a name on someone: an official list when a government uses them of a
#: group ("the US labelled the group a terrorist organisation"), an insult when the label
#: is a whole state ("Erdogan branded Israel a terror state").
LABEL_VERBS = {"brand", "label", "call", "describe", "dub", "term"}
STATE_LABELS = {"state", "regime", "country", "nation", "government"}


def listing_sense(tok: Token) -> str:
    """ "listing" or "verbal": a terrorist label given to a state, a regime or a country is
    a criticism, since no state is listed as a terrorist organisation (the lists of state
    sponsors of terrorism are "sponsors", and stay listings)."""
    if tok.lemma_.lower() not in LABEL_VERBS:
        return "listing"
    labels = [
        c
        for c in tok.children
        if c.dep_ in {"oprd", "attr", "xcomp", "dobj", "ccomp"}
        or (c.dep_ == "prep" and c.lower_ == "as")
    ]
    objects = [c for c in labels if c.dep_ == "dobj"]
    if objects:  # "branded Israel a terror state": the first object is the one labelled
        labels.remove(objects[0])
    labels += [g for c in labels for g in c.children if g.dep_ in {"appos", "pobj"}]
    return "verbal" if any(c.lemma_.lower() in STATE_LABELS for c in labels) else "listing"


#: What one "meets" in the sense of satisfying or running into it, never a person: "failed
#: to meet his commitments", "met the deadline", "the plan met with resistance".
SATISFIED_NOUNS = {
    "commitment", "obligation", "demand", "requirement", "target", "goal", "deadline",
    "need", "expectation", "criterion", "criteria", "standard", "condition", "threshold",
    "quota", "cost", "payment", "challenge", "end", "fate", "death", "resistance",
    "opposition", "criticism", "approval", "scepticism", "skepticism", "condemnation",
    "praise", "silence", "success", "failure", "response", "reaction", "objective",
    "benchmark", "promise", "pledge", "request", "term", "definition", "test", "debt",
}  # fmt: skip


#: Fixtures where teams named after their countries "meet": "met Colombia in the final".
FIXTURE_NOUNS = {
    "final", "finals", "semi-final", "semifinal", "semi-finals", "semifinals", "semis",
    "quarter-final", "quarterfinal", "quarter-finals", "quarterfinals", "match", "game",
    "cup", "tournament", "league", "playoff", "play-off", "playoffs", "derby", "fixture",
    "friendly", "qualifier", "qualifying", "showdown", "decider", "opener",
}  # fmt: skip


#: Stretches of time a "final" may modify: "in the final hours of the summit".
SPAN_NOUNS = {"hour", "day", "minute", "moment", "week", "stage", "phase", "round", "year"}


def meets_a_thing(verb: Token) -> bool:
    """ "meet" in its other senses: what is met is an obligation, a target or a reception,
    not a person ("Maduro failed to meet his commitments"; "the move met with criticism"),
    or teams meet in a fixture ("Argentina met Colombia in the final"). A meeting needs
    someone to meet, and these words never name one."""
    if verb.lemma_.lower() != "meet" or verb.pos_ != "VERB":
        return False
    if any(
        # "in the Copa America final" (the word may be read as a modifier of the name),
        # but not "in the final hours of the summit"
        w.lower_ in FIXTURE_NOUNS
        for p in verb.children
        if p.dep_ == "prep" and p.lower_ in {"in", "at", "for"}
        for o in p.children
        if o.dep_ == "pobj" and o.lemma_.lower() not in SPAN_NOUNS
        for w in [o, *o.children]
    ):
        return True
    met = [c for c in verb.children if c.dep_ in R.OBJECTS]
    met += [
        o
        for c in verb.children
        if c.dep_ == "prep" and c.lower_ == "with"
        for o in c.children
        if o.dep_ == "pobj"
    ]
    return any(m.lemma_.lower() in SATISFIED_NOUNS for m in met)


#: Criticism verbs that also name a physical blow: "missiles slammed into Kyiv".
IMPACT_VERBS = {"slam", "blast", "hit", "pound", "smash"}
#: What strikes in that blow.
PROJECTILES = {
    "missile", "rocket", "drone", "shell", "bomb", "strike", "airstrike", "projectile",
    "debris", "mortar", "grenade", "bullet", "explosion", "blast",
}  # fmt: skip


def strikes_physically(verb: Token) -> bool:
    """ "Russian missiles slammed into Kyiv": a criticism verb used of a projectile's
    impact ("into"/"onto" a place, or a weapon as its subject) criticises no one."""
    if verb.lemma_.lower() not in IMPACT_VERBS:
        return False
    return any(
        (c.dep_ == "prep" and c.lower_ in {"into", "onto", "through"})
        or (c.dep_ in R.SUBJECTS and c.lemma_.lower() in PROJECTILES)
        for c in verb.children
    )


#: Armed forces as the object of "oppose" or "resist": the opposing fight them.
FORCES_NOUNS = {"force", "forces", "troop", "troops", "army", "military", "soldier"}


def opposes_forces(verb: Token) -> bool:
    """ "opposing Bashar al-Assad's forces", "resisted the invading troops": a criticism
    verb in its armed sense."""
    return verb.lemma_.lower() in {"oppose", "resist"} and any(
        c.dep_ in R.OBJECTS and c.lemma_.lower() in FORCES_NOUNS for c in verb.children
    )


def denounces_own_pact(verb: Token) -> bool:
    """ "Burkina Faso denounced its 1961 military accord with Paris": to denounce one's own
    treaty is to withdraw from it (the legal sense), not to criticise anyone."""
    return verb.lemma_.lower() == "denounce" and any(
        c.dep_ in R.OBJECTS
        and c.lemma_.lower() in PACT_NOUNS | {"accords", "agreements", "treaties"}
        and any(p.dep_ == "poss" and p.lower_ in {"its", "their", "our"} for p in c.children)
        for c in verb.children
    )
