"""The import layers: readers are leaves under the input planner, and the CLI modules
share a console below them instead of importing each other (no import circles)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "chancery"


def imported_modules(path: Path) -> set[str]:
    """Every ``chancery`` module a file imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {m for m in found if m.startswith("chancery")}


@pytest.mark.parametrize("reader", ["feeds", "dumps", "warc", "gdelt", "fetch"])
def test_readers_do_not_import_the_planner_that_calls_them(reader: str) -> None:
    assert "chancery.ingest.sources" not in imported_modules(SRC / "ingest" / f"{reader}.py")


@pytest.mark.parametrize("shared", ["options", "metadata", "sniff", "report"])
def test_what_readers_share_imports_no_reader(shared: str) -> None:
    below = imported_modules(SRC / "ingest" / f"{shared}.py")
    readers = {f"chancery.ingest.{r}" for r in ("sources", "feeds", "dumps", "warc", "gdelt")}
    assert not below & readers


@pytest.mark.parametrize("module", ["web/commands.py", "interop_commands.py", "console.py"])
def test_cli_modules_print_through_the_console_not_through_cli(module: str) -> None:
    assert "chancery.cli" not in imported_modules(SRC / module)


def test_public_names_stay_importable_from_sources() -> None:
    from chancery.ingest import sources

    for name in ("DumpFields", "InputOptions", "InputProgress", "InputsReport", "Meter",
                 "GdeltReport", "iso_day", "host_of", "plan_inputs", "iter_inputs"):
        assert hasattr(sources, name), name
