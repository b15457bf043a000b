"""When an event happened: the date of its clause, or of the clauses and paragraph around it.

The trigger's own clause first, then the clauses it hangs from ("severed ties on Tuesday,
accusing it of ..."), a report's date ("a spokesman announced on Aug. 6"), the
paragraph's date near the news peg, "This announcement, made on ...", "the statement
said" dated where the statement was told, the present tense as the news day, "a day
after ..." counted from its clause, and acts still to come dated ahead of the article.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from spacy.tokens import Doc, Span, Token

from chancery.extract import roles as R
from chancery.extract.roles import SAY_VERBS
from chancery.model import EventDate
from chancery.nlp.dates import WEEKDAYS, DateMention
from chancery.nlp.pipeline import doc_text

#: Nouns with which a following sentence refers back to the event just told.
ANNOUNCE_NOUNS = {
    "announcement", "decision", "move", "step", "recognition", "statement", "deal", "agreement",
}  # fmt: skip


PARAGRAPH_LOOKBACK = 3


#: Documents a later "the statement said" refers back to, and how far back (sentences).
STATEMENT_NOUNS = {"statement", "communique", "communiqué", "declaration", "readout", "letter"}


STATEMENT_LOOKBACK = 12


#: Sentences at the top of an article where its news peg (the day of the news) is told.
LEDE_SENTENCES = 4


#: A date inherited from the paragraph must be this close to publication: context
#: dates near the news peg are what "on Thursday ... The recognition" refer to, while
#: older dates in the paragraph are background.
INHERIT_WINDOW = (timedelta(days=31), timedelta(days=7))


_YEAR_WRITTEN = re.compile(r"\b(?:1[89]|20)\d\d\b")


_LOOKS_BACK = re.compile(r"\b(?:last|ago|earlier|yesterday|previous)\b", re.IGNORECASE)


def _names_a_weekday(when: DateMention) -> bool:
    """Does the mention end in a weekday ("on Friday", "last Tuesday")?"""
    words = when.text.lower().strip(" .").split()
    return bool(words) and words[-1] in WEEKDAYS


def effective(
    when: DateMention, sent: Span, dates: list[DateMention], published: date | None
) -> DateMention:
    """A future act is dated by when it applies, not by when it was announced: in
    "announced on Monday its recognition; the decision would come into effect on 4 June"
    the act's date is 4 June. The chosen date read ahead of the article (:func:`ahead`)
    counts when it can be; when it cannot ("today"), another date of the sentence that is
    ahead does, other than a bare weekday ("said on Friday" dates the saying)."""
    said = _said_on(when, sent)
    moved = when if said else ahead(when, published)
    day = EventDate.parse(moved.value or "")
    if published is None or day is None or (day.start > published and not said):
        return moved
    for d in dates:
        inside = sent.start_char <= d.start_char < sent.end_char
        if not inside or d.since or d is when or _said_on(d, sent):
            continue
        other = ahead(d, published)
        later = EventDate.parse(other.value or "")
        if later is not None and later.start > published:
            return other
    return moved


def _mention_root(when: DateMention, doc: Doc) -> Token | None:
    """The syntactic head of a date mention's words, where they cover whole tokens."""
    span = doc.char_span(when.start_char, when.end_char, alignment_mode="expand")
    return span.root if span is not None else None


def _hangs_on(when: DateMention, clause: Token) -> bool:
    """Is the date mention part of this clause (its head's clause verb is the clause)?"""
    root = _mention_root(when, clause.doc)
    return root is not None and clause_verb(root) == clause


def _said_on(when: DateMention, sent: Span) -> bool:
    """Does the mention date a report in the past ("the Home Office said on Monday"),
    not the act reported? A bare weekday where the parse cannot tell counts as one."""
    root = _mention_root(when, sent.doc)
    if root is None:
        return _names_a_weekday(when)
    verb = clause_verb(root)
    return verb.lemma_.lower() in SAY_VERBS and verb.tag_ == "VBD"


def ahead(when: DateMention, published: date | None) -> DateMention:
    """An act still to come is dated ahead of the article: "will recognise it in
    September" written in May is this September, "on Tuesday" the coming one. Mentions
    are resolved into the past by default, which is right for what has happened."""
    day = EventDate.parse(when.value or "")
    if (
        published is None
        or day is None
        or period_end(day) >= published
        or _YEAR_WRITTEN.search(when.text)
        or _LOOKS_BACK.search(when.text)
    ):
        return when
    start = day.start
    if day.precision == "day" and (published - start).days < 7 and _names_a_weekday(when):
        value = (start + timedelta(days=7)).isoformat()
    elif day.precision in {"day", "month"}:
        try:
            moved = start.replace(year=start.year + 1)
        except ValueError:  # 29 February
            return when
        value = moved.isoformat()[: 10 if day.precision == "day" else 7]
    else:
        return when
    return replace(when, value=value)


def vaguer_than_published(when: DateMention, published: date | None) -> bool:
    """Is a borrowed date only a period around the article's day ("in September" told
    two sentences back, in an article of 21 September)? Then the act is the day's news,
    and its period's first day would date it weeks early."""
    day = EventDate.parse(when.value or "")
    if published is None or day is None or day.precision == "day":
        return False
    return day.start <= published <= period_end(day)


def period_end(day: EventDate) -> date:
    start = day.start
    if day.precision == "year":
        return date(start.year, 12, 31)
    if day.precision == "month":
        following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
        return following - timedelta(days=1)
    return start


def paragraphs(doc: Doc, sents: list[Span]) -> list[int]:
    para = 0
    out = []
    text = doc_text(doc)
    for i, sent in enumerate(sents):
        gap = text[sents[i - 1].start_char : sent.start_char + 1] if i else ""
        if "\n\n" in gap:
            para += 1
        out.append(para)
    return out


def _when_of(clause: Token, placed: list[tuple[Token, DateMention]]) -> DateMention | None:
    """The date a "when" clause describes: "tensions erupted on January 16, when Iran fired
    missiles", "soured in 2020, when Beijing imposed tariffs" (the clause hangs on the date,
    not on the verb of the sentence)."""
    if clause.dep_ not in {"relcl", "advcl"} or not any(
        c.lower_ == "when" for c in clause.children
    ):
        return None
    at = clause.head.idx
    return next((d for _, d in placed if d.start_char <= at < d.end_char), None)


def event_date(
    tok: Token,
    sent: Span,
    si: int,
    sents: list[Span],
    para_of: list[int],
    dates: list[DateMention],
) -> DateMention | None:
    """The date of the trigger's clause, else the paragraph's most recent date."""
    shifted = _counted_from(tok, sent, si, sents, para_of, dates)
    if shifted is not None:
        return shifted
    later = _days_later(tok, sent, si, sents, dates)
    if later is not None:
        return later
    begun = _begun_since(tok, sent, dates)
    if begun is not None:
        return begun
    own = [d for d in dates if sent.start_char <= d.start_char < sent.end_char and not d.since]
    if own:
        doc = sent.doc
        clause = tok if tok.pos_ in {"VERB", "AUX"} else clause_verb(tok)
        placed = []
        for d in own:
            root = _mention_root(d, doc)
            if root is not None and not _deadline(root, clause):
                placed.append((root, d))
        named = _when_of(clause, placed)
        if named is not None:
            return named
        # the trigger's own clause first, then the clauses it hangs from: "severed ties on
        # Tuesday, accusing it of ..."; "said on Thursday it had expelled ..."
        for level, verb in enumerate(_clause_chain(clause)):
            best = min(
                (
                    (abs(root.i - tok.i), d)
                    for root, d in placed
                    if clause_verb(root) == verb or (level == 0 and _attached_to(root, tok))
                ),
                default=None,
                key=lambda x: x[0],
            )
            if best:
                return best[1]
        # "expelled Lebanon's ambassador and cut off its imports at the end of October": a
        # date told on a later verb joined with the same subject dates this one too
        for joined in clause.children:
            if joined.dep_ != "conj" or joined.pos_ not in {"VERB", "AUX"}:
                continue
            if any(c.dep_ in {"nsubj", "nsubjpass"} for c in joined.children):
                continue  # "X expelled A, and Y cut off B on Monday": Y's day
            shared = [d for root, d in placed if clause_verb(root) == joined]
            if shared:
                return shared[0]
        # "Niger is severing ties ..., a spokesman announced on Aug. 6": the report's date
        for root, d in placed:
            said = clause_verb(root)
            if said.lemma_.lower() in SAY_VERBS and said.head == clause and said != clause:
                return d
        below = _below(clause, tok, placed, doc._.published)
        if below is not None:
            return below
    told = _statement_date(sent, si, sents, dates)
    if told is not None:
        return told
    published = sent.doc._.published
    if published is None:
        return None

    text = doc_text(sent.doc)

    def recent(j: int) -> list[DateMention]:
        return [
            d
            for d in dates
            if sents[j].start_char <= d.start_char < sents[j].end_char
            and not d.since
            and d.precision in {"day", "month"}
            and _near(d, published)
            and not _DEADLINE_BEFORE.search(text, max(d.start_char - 8, 0), d.start_char)
        ]

    # a date given once for the paragraph (or just before it) near the news peg
    for back in range(1, PARAGRAPH_LOOKBACK + 1):
        j = si - back
        if j < 0 or para_of[j] < para_of[si] - 1:
            break
        found = recent(j)
        if found:
            return found[-1]
    # "... recognise the Taliban. This announcement, made on July 4, 2025, ..."
    j = si + 1
    if j < len(sents) and para_of[j] <= para_of[si] + 1:
        head = [t.lower_ for t in sents[j][:3]]
        refers_back = head and head[0] in {"this", "that", "the"} and set(head[1:]) & ANNOUNCE_NOUNS
        found = recent(j) if refers_back else []
        if found:
            return found[0]
    # "Biden is blocking ...", "Russia recognises ...", "has accepted": the present (and
    # the present perfect) report the news of the day
    headline = si == 0 and "\n" in doc_text(sent.doc)[sent.start_char : sent.end_char + 2]
    if headline or _present(tok if tok.pos_ in {"VERB", "AUX"} else clause_verb(tok)):
        # ... and a headline tells the news of the day, whatever its verb form (the body's
        # own date for the same act, where it gives one, wins later: _headline_dated)
        # the news peg: the lede's own day ("... on Wednesday"), else the published day
        for j in range(1 if headline else 0, min(LEDE_SENTENCES, len(sents))):
            peg = [d for d in recent(j) if d.precision == "day"]
            if peg:
                return peg[0]
        return DateMention(tok.idx, tok.idx + len(tok), tok.text, published.isoformat(), "day")
    return None


def _begun_since(tok: Token, sent: Span, dates: list[DateMention]) -> DateMention | None:
    """ "Since 2011, Iceland has recognised Palestine": a perfect whose clause says since
    when holds from that day, the act's own. Other "since" dates bound no act ("the first
    since 2019") and are never an event's date."""
    clause = tok if tok.pos_ in {"VERB", "AUX"} else clause_verb(tok)
    if not any(c.dep_ in {"aux", "auxpass"} and c.lemma_ == "have" for c in clause.children):
        return None
    for d in dates:
        if not (d.since and sent.start_char <= d.start_char < sent.end_char):
            continue
        if _hangs_on(d, clause):
            return d
    return None


#: Units of "a day after", "two weeks before".
_UNITS = {"day": 1, "week": 7}


_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
           "seven": 7, "eight": 8, "nine": 9, "ten": 10}  # fmt: skip


def _counted_from(
    tok: Token,
    sent: Span,
    si: int,
    sents: list[Span],
    para_of: list[int],
    dates: list[DateMention],
) -> DateMention | None:
    """ "The move comes just a day after the UK formally recognised ...": the act's day
    is counted from the day of the clause it is said to precede or follow."""
    clause = tok if tok.pos_ in {"VERB", "AUX"} else clause_verb(tok)
    if clause.dep_ not in {"advcl", "pcomp"}:
        return None
    link = [c for c in clause.children if c.dep_ == "mark" and c.lower_ in {"after", "before"}]
    if not link and clause.dep_ == "pcomp" and clause.head.lower_ in {"after", "before"}:
        link = [clause.head]
    if not link and clause.dep_ == "advcl":
        # "comes four days after the Solomon Islands, once X's ally, severed ties": the
        # parser hangs "after" on the main verb and the clause beside it
        link = [
            c
            for c in clause.head.children
            if c.dep_ == "prep" and c.lower_ in {"after", "before"} and c.i < clause.i
        ][-1:]
    if not link:
        return None
    amount = [  # "a day after", on the "after" or on the clause it opens
        c for c in [*link[0].children, *clause.children] if c.dep_ == "npadvmod" and c.i < link[0].i
    ]
    if not amount or amount[0].lemma_.lower() not in _UNITS:
        return None
    unit = amount[0]
    counts = [_COUNTS.get(c.lower_) for c in unit.children if c.dep_ in {"det", "nummod"}]
    count = next((n for n in counts if n), None)
    if count is None:
        return None
    base = event_date(clause.head, sent, si, sents, para_of, dates)
    if base is None or base.precision != "day" or not base.value:
        return None
    days = count * _UNITS[unit.lemma_.lower()] * (-1 if link[0].lower_ == "after" else 1)
    value = (date.fromisoformat(base.value) + timedelta(days=days)).isoformat()
    return DateMention(unit.idx, link[0].idx + len(link[0]), unit.text, value, "day")


_LATER = re.compile(
    r"\b(?:the\s+(?:next|following|previous)\s+day|(?:a|one|two|three|four|five|six|seven|\d)"
    r"\s+days?\s+(?:later|earlier|before(?=\s*[,.;]))|(?:the|that)\s+same\s+day"
    r"|the\s+day\s+(?:before|earlier)(?=\s*[,.;])|(?:hours|minutes)\s+later"
    r"|on\s+the\s+day(?!\s+(?:of|before|after)\b))\b",
    re.IGNORECASE,
)
#: Words of _LATER that count back: "a day earlier", "the day before", "the previous day".
_BACK = {"earlier", "before", "previous"}


def _dated_itself(clause: Token, dates: list[DateMention], start: int, end: int) -> bool:
    """Does a date of the sentence, other than the span start..end, hang on the clause?"""
    sent = clause.sent
    return any(
        not start <= d.start_char < end
        and sent.start_char <= d.start_char < sent.end_char
        and _hangs_on(d, clause)
        for d in dates
    )


def _days_later(
    tok: Token, sent: Span, si: int, sents: list[Span], dates: list[DateMention]
) -> DateMention | None:
    """ "Beijing retaliated the next day", "followed suit two days later", "on the same
    day": counted from the latest day told before it (in this sentence or the two before)."""
    doc = sent.doc
    found = _LATER.search(doc_text(doc), sent.start_char, sent.end_char)
    if found is None:
        return None
    start, end = found.span()
    span = doc.char_span(start, end, alignment_mode="expand")
    clause = tok if tok.pos_ in {"VERB", "AUX"} else clause_verb(tok)
    own = clause_verb(span.root) in _clause_chain(clause) if span is not None else False
    if span is None or not (own or _attached_to(span.root, tok)):
        return None
    if _dated_itself(clause, dates, start, end):
        return None  # "A day earlier, X barred ..., and on Sunday Ankara expelled ..."
    first = sents[max(0, si - 2)].start_char
    before = [
        d
        for d in dates
        if first <= d.start_char < start and d.precision == "day" and d.value and not d.since
    ]
    if not before:
        return None
    words = found.group().lower().split()
    word = words[0]
    if "same" in words or word in {"on", "hours", "minutes"}:
        n = 0  # "the same day", "came on the day X said", "hours later": the day just told
    else:
        n = 1 if word == "the" else _COUNTS.get(word) or int(word)
    if _BACK & set(words):
        n = -n  # "a day earlier", "the day before"
    value = (date.fromisoformat(before[-1].value or "") + timedelta(days=n)).isoformat()
    return DateMention(start, end, found.group(), value, "day")


def _below(
    clause: Token, tok: Token, placed: list[tuple[Token, DateMention]], published: date | None
) -> DateMention | None:
    """A news-day date the parser hung on a clause *inside* the act's own clause: "signed
    a treaty on Tuesday, setting up ..." with "deal" read as a verb, "struck X and killed
    Y early on Friday", "gave the ambassador 72 hours to leave on Monday". Only dates near
    publication count, so "recognised X, which declared independence in 1991" keeps the
    relative clause's own past; a clause told by someone else ("said ...") or set before
    or after ours ("after they refused to recognise the election on July 28") is not ours."""
    if published is None:
        return None
    inside = []
    for root, d in placed:
        if d.precision not in {"day", "month"} or not _near(d, published):
            continue
        cur, hops = root, 0
        while cur != clause and cur.head != cur and hops < 12:
            if cur.pos_ in {"VERB", "AUX"} and (
                cur.lemma_.lower() in SAY_VERBS or _sequenced(cur)
            ):
                break
            cur, hops = cur.head, hops + 1
        if cur == clause:
            inside.append((abs(root.i - tok.i), d))
    return min(inside, key=lambda x: x[0])[1] if inside else None


#: Prepositions that make a date in a clause below the act a deadline it sets.
_DEADLINE_PREPS = {"by", "until", "till", "before"}


#: A deadline's preposition just before a date mention: never a news day to inherit.
_DEADLINE_BEFORE = re.compile(r"\b(?:by|until|till)\s+$", re.IGNORECASE)


def _deadline(root: Token, clause: Token) -> bool:
    """Is the date a deadline: an end ("until") or a limit set in a clause below the act's
    ("told Ottawa to withdraw its diplomats by October 10" dates the withdrawal, not the
    telling)?"""
    if root.dep_ != "pobj":
        return False
    if root.head.lower_ in {"until", "till"}:
        return True  # "renewed the measures until February 2025": when they run out
    return root.head.lower_ in _DEADLINE_PREPS and clause_verb(root) != clause


#: Subordinators that set a clause's time apart from the clause it hangs on.
_SEQUENCE_MARKS = {"after", "before", "since", "until", "till", "following"}


def _sequenced(verb: Token) -> bool:
    if verb.dep_ not in {"advcl", "pcomp"}:
        return False
    marks = [c.lower_ for c in verb.children if c.dep_ == "mark"]
    if verb.dep_ == "pcomp":
        marks.append(verb.head.lower_)
    return bool(set(marks) & _SEQUENCE_MARKS)


def _statement_date(
    sent: Span, si: int, sents: list[Span], dates: list[DateMention]
) -> DateMention | None:
    """ "..., the statement said": the date given where that statement was first told
    ("said in a statement sent late on Thursday")."""
    nouns = {
        t.lemma_.lower()
        for t in sent
        if t.lemma_.lower() in STATEMENT_NOUNS
        and t.head.lemma_.lower() in SAY_VERBS
        and t.dep_ in R.SUBJECTS
        and any(c.lower_ in {"the", "this", "that"} for c in t.children if c.dep_ == "det")
    }
    if not nouns:
        return None
    for j in range(si - 1, max(-1, si - STATEMENT_LOOKBACK), -1):
        earlier = sents[j]
        if any(t.lemma_.lower() in nouns for t in earlier):
            found = [
                d
                for d in dates
                if earlier.start_char <= d.start_char < earlier.end_char and not d.since
            ]
            if found:
                return found[0]
    return None


def _present(verb: Token) -> bool:
    aux = {c.tag_ for c in verb.children if c.dep_ in {"aux", "auxpass"}}
    if verb.tag_ in {"VBZ", "VBP"} and not aux:
        return True
    return verb.tag_ in {"VBG", "VBN"} and bool(aux) and aux <= {"VBZ", "VBP", "VBN"}


def _near(mention: DateMention, published: date) -> bool:
    start = (
        date.fromisoformat((mention.value or "")[:7] + "-01")
        if mention.precision == "month"
        else date.fromisoformat(mention.value or "")
    )
    before, after = INHERIT_WINDOW
    return published - before <= start <= published + after


def clause_verb(tok: Token) -> Token:
    """The nearest verb above a token: the clause a date or a noun belongs to."""
    cur = tok
    for _ in range(8):
        if cur.head == cur:
            return cur
        cur = cur.head
        if cur.pos_ in {"VERB", "AUX"}:
            return cur
    return cur


def _clause_chain(verb: Token, hops: int = 3) -> list[Token]:
    """A clause and the clauses above it that share its time (complements, adverbials)."""
    chain = [verb]
    cur = verb
    for _ in range(hops):
        infinitive = cur.dep_ == "relcl" and any(c.lower_ == "to" for c in cur.children)
        shares_time = cur.dep_ in {"advcl", "conj", "xcomp", "ccomp", "pcomp", "acl"} or infinitive
        if not shares_time or cur.head == cur:
            break  # "the first country to appoint": an infinitive shares the main clause's time
        if _sequenced(cur):
            break  # "approved it on Tuesday, days after Spain did so": Spain's day is earlier
        cur = clause_verb(cur) if cur.head.pos_ not in {"VERB", "AUX"} else cur.head
        chain.append(cur)
    return chain


def _attached_to(tok: Token, trigger: Token) -> bool:
    """Is ``tok`` inside the trigger's own phrase, with no verb in between?"""
    cur = tok
    for _ in range(6):
        if cur.head == cur or (cur.head.pos_ in {"VERB", "AUX"} and cur.head != trigger):
            return False
        cur = cur.head
        if cur == trigger:
            return True
    return False
