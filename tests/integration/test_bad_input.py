"""Bad input: one clear message naming the file; the batch goes on; nothing lost."""

from __future__ import annotations

import contextlib
from pathlib import Path

import chancery
from chancery.ingest import text as text_module

from ..conftest import SEEDS

GOOD = (
    "Spain, Ireland and Norway formally recognised the State of Palestine on Tuesday, "
    "28 May 2024, a step Israel condemned. The Palestinian Authority welcomed the decision."
)


def make_inputs(folder: Path) -> dict[str, Path]:
    folder.mkdir()
    files = {
        "good": folder / "good.txt",
        "empty": folder / "empty.txt",
        "binary": folder / "image.txt",
        "latin1": folder / "latin1.txt",
        "french": folder / "french.txt",
        "big": folder / "big.txt",
    }
    files["good"].write_text(GOOD, "utf-8")
    files["empty"].write_text("   \n", "utf-8")
    files["binary"].write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR" + bytes(range(256)))
    files["latin1"].write_bytes("Le ministre a déclaré que la France reconnaît".encode("latin-1"))
    files["french"].write_text(
        "La France a fermé son ambassade au Niger jusqu'à nouvel ordre, a annoncé mardi le "
        "ministère des Affaires étrangères dans un communiqué publié à Paris. Les diplomates "
        "ont quitté le pays après des mois de tensions avec la junte militaire au pouvoir. " * 3,
        "utf-8",
    )
    with files["big"].open("wb") as fh:
        fh.seek(text_module.MAX_BYTES + 10)
        fh.write(b"x")
    return files


def test_each_bad_file_gets_one_message_and_the_batch_goes_on(
    tmp_path: Path, db_path: Path
) -> None:
    files = make_inputs(tmp_path / "in")
    with chancery.open(db_path) as kb:
        report = kb.ingest([tmp_path / "in"])
        failed = {Path(where).name: message for where, message in report.failures}
        assert set(failed) == {"empty.txt", "image.txt", "latin1.txt", "french.txt", "big.txt"}
        assert "binary" in failed["image.txt"]
        assert "UTF-8" in failed["latin1.txt"] and "--encoding" in failed["latin1.txt"]
        assert "English" in failed["french.txt"]
        assert "MB" in failed["big.txt"]
        assert "empty" in failed["empty.txt"]
        assert len(report.added) == 1
        assert {r.actor for r in kb.recognizers("PSE", as_of="2024-05-29")} >= {"ESP", "IRL", "NOR"}
        # the encoding option lets the latin-1 file in
        fixed = kb.ingest([files["latin1"]], chancery.ArticleOptions(encoding="latin-1"))
        assert fixed.failures == [] or "English" in fixed.failures[0][1]


def test_crash_mid_ingest_leaves_the_kb_consistent(db_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    with chancery.open(db_path) as kb:
        kb.ingest(SEEDS[:1])
        before = (
            kb.store.count("articles"),
            kb.store.count("claims"),
            kb.store.count("fused_events"),
        )

        def boom(*args: object, **kwargs: object) -> None:
            raise RuntimeError("simulated crash while re-fusing")

        monkeypatch.setattr(kb.store, "_refuse", boom)
        with contextlib.suppress(RuntimeError):
            kb.ingest(SEEDS[1:])
        after = (
            kb.store.count("articles"),
            kb.store.count("claims"),
            kb.store.count("fused_events"),
        )
        assert after == before
        monkeypatch.undo()
        report = kb.ingest(SEEDS[1:])
        assert len(report.added) == 1
