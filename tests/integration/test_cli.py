"""The CLI: every command has help and a README entry; exit codes 0/1/2; JSON output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from chancery.cli import app

from ..conftest import DEV, ROOT, SEEDS


def run(*args: str, db: Path | None = None) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-c", "from chancery.cli import main; main()", *args]
    if db is not None:
        cmd += ["--db", str(db)]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)


def command_names() -> list[str]:
    import typer.main

    group = typer.main.get_command(app)
    return sorted(group.commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", command_names())
def test_every_command_has_help_and_a_readme_entry(name: str) -> None:
    result = run(name, "--help")
    assert result.returncode == 0, result.stderr
    assert f"chancery {name}" in (ROOT / "README.md").read_text("utf-8")


def test_ingest_recognizers_claims_json(new_db, tmp_path: Path) -> None:
    db = new_db("kb")
    result = run("ingest", *map(str, SEEDS), "--json", db=db)
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["added"]) == 2
    again = run("ingest", *map(str, SEEDS), db=db)
    assert again.returncode == 0 and "2 already stored" in again.stdout
    found = json.loads(run("recognizers", "AFG", "--as-of", "2025-07-05", "--json", db=db).stdout)
    answer = found["confirmed"]
    assert [r["actor"] for r in answer] == ["RUS"] and found["unconfirmed"] == []
    early = json.loads(run("recognizers", "AFG", "--as-of", "2025-07-02", "--json", db=db).stdout)
    assert early["confirmed"] == [] == early["unconfirmed"]
    claims = json.loads(run("claims", str(answer[0]["fused_id"]), "--json", db=db).stdout)
    assert {"2025-07-03", "2025-07-04"} <= {c["date"] for c in claims["claims"]}
    timeline = json.loads(run("timeline", "RUS", "AFG", "--json", db=db).stdout)
    assert timeline and all("claims" in t for t in timeline)
    events = json.loads(run("events", "--type", "RECOGNIZE", "--json", db=db).stdout)
    assert all(e["type"] == "RECOGNIZE" for e in events)


def test_exit_codes(new_db, tmp_path: Path) -> None:
    db = new_db("kb")
    assert run("ingest", str(tmp_path / "missing.txt"), db=db).returncode == 1
    assert run("recognizers", "AFG", "--as-of", "July", db=db).returncode == 1
    assert run("claims", "999", db=db).returncode == 1
    assert run("no-such-command").returncode == 1
    not_a_db = tmp_path / "junk.db"
    not_a_db.write_bytes(b"this is not sqlite" * 100)
    assert run("events", db=not_a_db).returncode == 2


def test_eval_reports_bad_gold_lines(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    good = json.loads((DEV / "gold.jsonl").read_text("utf-8").splitlines()[0])
    good["file"] = str(DEV / good["file"])
    bad = {"id": "x", "text": "Some text here about nothing at all.", "events": [{"type": "NOPE"}]}
    gold.write_text(json.dumps(good) + "\n" + json.dumps(bad) + "\n{not json\n", "utf-8")
    result = run("eval", str(gold), "--json")
    assert result.returncode == 1
    assert "unknown event type" in result.stderr and "not valid JSON" in result.stderr
    assert json.loads(result.stdout)["documents"] == 1
