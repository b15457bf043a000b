"""Shared fixtures: the eval data beside the repository, temporary knowledge bases."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEV = SHARED / "eval" / "dev"
DISTRACTORS = SHARED / "eval" / "distractors"
SEEDS = [DEV / "000_c8e841ec71d8b6d7.txt", DEV / "002_a6a44bd857a37829.txt"]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "kb.db"
