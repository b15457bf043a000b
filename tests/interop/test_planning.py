"""Planning inputs (issue 10): only regular files are opened; unreadable folders, odd file
names and markup in paths or URLs are each reported as one failure, printed literally."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from chancery.cli import main
from chancery.errors import InputError
from chancery.ingest.sources import iter_articles, plan_inputs

from .conftest import RECOGNITION

CLI = [sys.executable, "-c", "from chancery.cli import main; main()"]
LATIN1_NAME = b"caf\xe9.txt"  # not valid UTF-8: Python sees it as 'caf\udce9.txt'


def cli(*args: str, prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    """Run ``chancery``; a hang (FIFO, /dev/zero) fails the test by timeout, never blocks."""
    return subprocess.run(
        [*prefix, *CLI, *args], capture_output=True, text=True, encoding="utf-8",
        timeout=180, check=False,
    )


def good_text(n: int = 0) -> str:
    return f"{RECOGNITION[1]}\n\nCopy {n} of the story."


def test_fifos_and_devices_are_planned_as_refused_without_being_opened(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(good_text(), "utf-8")
    os.mkfifo(folder / "a.txt")  # opening it to sniff or read would block forever
    os.mkfifo(tmp_path / "named.txt")
    plans = plan_inputs([folder, tmp_path / "named.txt", "/dev/zero"])
    assert [(Path(p.location).name, p.kind) for p in plans] == [
        ("a.txt", "refused"), ("good.txt", "article"), ("named.txt", "refused"),
        ("zero", "refused"),
    ]
    (fifo_error,) = iter_articles(plans[0])
    assert isinstance(fifo_error, InputError)
    assert "FIFO" in fifo_error.message and fifo_error.where == str(folder / "a.txt")
    (device_error,) = iter_articles(plans[3])
    assert isinstance(device_error, InputError)
    assert device_error.message.startswith("/dev/zero: a device, not a regular file")


def test_a_file_name_that_is_not_utf8_is_planned_printable_and_opened_by_its_real_name(
    tmp_path: Path,
) -> None:
    (tmp_path / "in").mkdir()
    with open(os.path.join(os.fsencode(tmp_path / "in"), LATIN1_NAME), "wb") as fh:
        fh.write(good_text().encode("utf-8"))
    (plan,) = plan_inputs([tmp_path / "in"])
    assert plan.location == str(tmp_path / "in" / "caf\\xe9.txt")
    assert plan.path is not None and plan.path.exists()
    (article,) = iter_articles(plan)
    assert not isinstance(article, Exception)
    assert article.path == plan.location  # stored and printed as is, never a surrogate


def test_hostile_inputs_each_get_one_literal_failure_and_the_good_article_goes_in(
    new_db, tmp_path: Path,
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(good_text(), "utf-8")
    os.mkfifo(folder / "a.txt")
    os.mkfifo(tmp_path / "named.txt")
    with open(os.path.join(os.fsencode(folder), LATIN1_NAME), "wb"):
        pass  # an empty file under a name that is not UTF-8
    markup = tmp_path / "odd["
    markup.mkdir()
    (markup / "x].txt").write_text("  ", "utf-8")  # the path reads odd[/x].txt
    db = new_db("kb")
    args = [str(folder), str(tmp_path / "named.txt"), "/dev/zero", str(markup / "x].txt"),
            "https://bad[/x]", "http://127.0.0.1:9/[/x]/feed", "--db", str(db)]
    result = cli("ingest", *args)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("error ")]
    assert f"error {folder / 'a.txt'}: a FIFO (named pipe), not a regular file" in lines[0]
    assert f"error {folder / 'caf'}\\xe9.txt: file is empty" in lines[1]
    assert f"error {tmp_path / 'named.txt'}: a FIFO" in lines[2]
    assert "error /dev/zero: a device, not a regular file" in lines[3]
    assert f"error {markup}/x].txt: file is empty" in lines[4]
    assert "error https://bad[/x]: not a valid URL" in lines[5]
    assert lines[6].startswith("error http://127.0.0.1:9/[/x]/feed")
    assert len(lines) == 7
    assert "1 article(s) added" in result.stdout and "7 failure(s)" in result.stdout

    again = cli("ingest", *args, "--json")
    report = json.loads(again.stdout)
    assert report["failure_count"] == 7 and len(report["duplicates"]) == 1
    assert f"{folder}/caf\\xe9.txt" in {where for where, _ in report["failures"]}


#: root reads any folder whatever its mode (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH); without
#: those two capabilities a root process is held to the owner's bits like anyone else.
AS_PLAIN_ROOT = ("setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--")


@pytest.fixture
def locked_folder(tmp_path: Path) -> Iterator[tuple[Path, tuple[str, ...]]]:
    """A folder holding a good article and a sub-folder that cannot be listed (chmod 000).

    Under root the ingest runs without the capabilities that bypass file modes (setpriv),
    so the permission is really honoured; skipped only when setpriv is missing or cannot
    drop them. Yields the folder and the command prefix to run the CLI with.
    """
    prefix: tuple[str, ...] = ()
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root and setpriv (util-linux) is missing")
        if subprocess.run([*AS_PLAIN_ROOT, "true"], check=False).returncode != 0:
            pytest.skip("running as root and setpriv cannot drop capabilities here")
        prefix = AS_PLAIN_ROOT
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    (folder / "good.txt").write_text(good_text(), "utf-8")
    (folder / "locked" / "hidden.txt").write_text(good_text(1), "utf-8")
    (folder / "locked").chmod(0)
    try:
        yield folder, prefix
    finally:
        (folder / "locked").chmod(stat.S_IRWXU)


def test_an_unreadable_folder_is_a_failure_not_skipped_silently(
    new_db, locked_folder: tuple[Path, tuple[str, ...]], tmp_path: Path
) -> None:
    folder, prefix = locked_folder
    result = cli("ingest", str(folder), "--db", str(new_db("kb")), "--json", prefix=prefix)
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert len(report["added"]) == 1  # good.txt beside it went in
    ((where, message),) = report["failures"]
    assert where == str(folder / "locked")
    assert "cannot read folder (Permission denied)" in message


def test_the_error_handler_prints_markup_literally_and_does_not_crash(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def bad_input(**_: object) -> None:
        raise InputError("cannot read [/x] at all", where="in[/x].txt")

    def crash(**_: object) -> None:
        raise RuntimeError("a bug [/x] with [bold]markup")

    for app, code, expected in ((bad_input, 1, "in[/x].txt: cannot read [/x] at all"),
                                (crash, 2, "RuntimeError: a bug [/x] with [bold]markup")):
        monkeypatch.setattr("chancery.cli.app", app)
        with pytest.raises(SystemExit) as exit_:
            main()
        assert exit_.value.code == code
        assert expected in capsys.readouterr().err


def test_folders_are_walked_in_name_order_with_links_and_hidden_entries_handled(
    tmp_path: Path,
) -> None:
    root = tmp_path / "in"
    for name in ("b.txt", "a/z.txt", "a/b/c.txt", "a.txt", ".hidden/x.txt", "a/.h.txt"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(good_text(), "utf-8")
    (root / "link").symlink_to(root / "a", target_is_directory=True)  # a loop risk: skipped
    (root / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    plans = plan_inputs([root])
    expected = sorted(
        p for p in root.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)
    )
    assert [p.path for p in plans if p.kind == "article"] == expected
    (broken,) = [p for p in plans if p.kind == "refused"]
    assert broken.error is not None and "broken link" in broken.error.message


def test_nesting_deeper_than_the_recursion_limit_is_walked(tmp_path: Path) -> None:
    deep = tmp_path / "in"
    deep.mkdir()
    for _ in range(sys.getrecursionlimit() + 50):  # pathlib's mkdir(parents=True) recurses
        deep = deep / "d"
        deep.mkdir()
    (deep / "story.txt").write_text(good_text(), "utf-8")
    try:
        (plan,) = plan_inputs([tmp_path / "in"])
        assert plan.kind == "article" and plan.path == deep / "story.txt"
    finally:
        # remove the tree bottom-up: shutil.rmtree (and so pytest's clean-up of old temp
        # folders on a later run) recurses per level and would hit the same limit
        (deep / "story.txt").unlink()
        while deep != tmp_path:
            deep.rmdir()
            deep = deep.parent
