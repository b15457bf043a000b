"""The one error hierarchy of chancery.

Every error says what happened, the likely cause and the fix, and names the file or
record involved, so that the CLI and the web layer can print it as one line::

    ChanceryError
    ├── InputError            bad input from the user: exit code 1 in the CLI
    │   ├── ArticleError      one article could not be read (binary, empty, too big, ...)
    │   ├── GoldFileError     a gold/eval file line is malformed
    │   ├── DataFileError     a lexicon or actor table file is malformed
    │   └── ClusterError      a Dask cluster (--cluster) cannot be used: unreachable
    │                         scheduler, no workers, a worker with other code
    ├── NotFoundError         an id or actor that the knowledge base does not hold
    ├── StoreError            the SQLite file cannot be used (schema too new, corrupt)
    └── RecordCrash           a bug met on one article: reported, the batch goes on, and
                              the CLI exits 2 once the batch is done

Library functions raise these; only ``cli.py`` turns them into messages and exit codes.
They pickle with every field, so worker processes can hand them back.
"""

from __future__ import annotations


class ChanceryError(Exception):
    """Base of every error chancery raises on purpose."""

    def __init__(self, what: str, *, cause: str = "", fix: str = "", where: str = "") -> None:
        self.what = what
        self.cause = cause
        self.fix = fix
        self.where = where
        super().__init__(self.message)

    def __reduce__(self) -> tuple[object, ...]:
        # the default pickles only ``args`` (the message) and loses where/cause/fix
        return (_rebuild, (type(self), self.what, self.cause, self.fix, self.where, self.__dict__))

    @property
    def message(self) -> str:
        parts = [f"{self.where}: {self.what}" if self.where else self.what]
        if self.cause:
            parts.append(f"likely cause: {self.cause}")
        if self.fix:
            parts.append(f"fix: {self.fix}")
        return " — ".join(parts)


class InputError(ChanceryError):
    """Something the user gave us cannot be used."""


class ArticleError(InputError):
    """One article could not be ingested; the batch goes on without it."""


class GoldFileError(InputError):
    """A gold file, or one of its lines, does not follow the eval contract."""


class DataFileError(InputError):
    """A lexicon, pattern or actor file is malformed."""


class ClusterError(InputError):
    """The Dask cluster given with ``--cluster`` cannot be used: its scheduler cannot be
    reached or was lost, it has no workers, or a worker runs other chancery code."""


class NotFoundError(ChanceryError):
    """The knowledge base holds no such event, article or actor."""


class StoreError(ChanceryError):
    """The knowledge base (SQLite file or PostgreSQL database) cannot be opened or written."""


class UnreachableError(InputError, StoreError):
    """The PostgreSQL server named by ``--db`` cannot be reached: a bad URL or a server
    that is down (the command line exits 1, as for any bad input)."""


class RecordCrash(ChanceryError):
    """An unexpected exception while parsing, extracting or storing one article.

    It costs that article only: the batch goes on, the failure is reported with where it
    happened, and ``detail`` keeps the traceback for ``--debug``.
    """

    def __init__(self, exc: BaseException, *, stage: str, where: str, detail: str = "") -> None:
        super().__init__(
            f"internal error while {stage} this article ({type(exc).__name__}: {exc})"[:400],
            cause="a bug in chancery met on this input",
            fix="report it with the article attached; --debug shows the traceback",
            where=where,
        )
        self.detail = detail


def _rebuild(
    cls: type[ChanceryError], what: str, cause: str, fix: str, where: str, state: dict[str, object]
) -> ChanceryError:
    error = ChanceryError.__new__(cls)
    ChanceryError.__init__(error, what, cause=cause, fix=fix, where=where)
    error.__dict__.update(state)
    return error
