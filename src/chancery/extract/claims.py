"""From a parsed Doc to storable records: claims with evidence, and actor mentions."""

from __future__ import annotations

from spacy.tokens import Doc

from chancery.model import Claim
from chancery.nlp.pipeline import doc_text


def doc_claims(doc: Doc) -> list[Claim]:
    """The Doc's events as claims; evidence is the sentence, trimmed, with its offsets."""
    claims = []
    text = doc_text(doc)
    for ev in doc._.events or []:
        raw = text[ev.sent_start : ev.sent_end]
        lead = len(raw) - len(raw.lstrip())
        evidence = raw.strip()
        start = ev.sent_start + lead
        claims.append(
            Claim(
                type=ev.type,
                source=ev.source,
                target=ev.target,
                modality=ev.modality,
                date=ev.date,
                date_precision=ev.precision,
                evidence=evidence,
                start=start,
                end=start + len(evidence),
                rule=ev.rule,
                trigger=ev.trigger,
            )
        )
    return claims


def doc_mentions(doc: Doc) -> list[tuple[int, int, str, str]]:
    """Actor mentions: (start, end, code, text)."""
    return [(s.start_char, s.end_char, s.label_, s.text) for s in doc.spans.get("actors", [])]


def doc_dates(doc: Doc) -> list[tuple[int, int, str, str, str]]:
    """Resolved date expressions: (start, end, value, precision, text)."""
    return [
        (d.start_char, d.end_char, d.value, d.precision, d.text)
        for d in doc._.dates or []
        if d.value and d.precision
    ]


def doc_sentences(doc: Doc) -> list[tuple[int, int]]:
    """Sentence spans, without surrounding white space (read off the Doc's text: a
    sentence's ``.text`` is rebuilt from its tokens)."""
    out = []
    whole = doc_text(doc)
    for sent in doc.sents:
        raw = whole[sent.start_char : sent.end_char]
        lead = len(raw) - len(raw.lstrip())
        text = raw.strip()
        if text:
            out.append((sent.start_char + lead, sent.start_char + lead + len(text)))
    return out
