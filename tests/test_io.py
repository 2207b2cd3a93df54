import os
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from mtcheck.io import atomic_write_text, refuse_conflicts, remove_stale_temps, write_files
from mtcheck.model import InputError

ROOT = os.geteuid() == 0


def test_atomic_write_replaces_whole_file(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    out.write_text("old", encoding="utf-8")
    atomic_write_text(out, "new ✓")
    assert out.read_text(encoding="utf-8") == "new ✓"
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]  # no temp file left


def test_failed_write_keeps_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "r.json"
    out.write_text("old", encoding="utf-8")

    def boom(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("mtcheck.io.os.replace", boom)
    with pytest.raises(InputError, match="cannot write .*disk full"):
        atomic_write_text(out, "new")
    assert out.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]


def test_missing_folders_are_created(tmp_path: Path) -> None:
    atomic_write_text(tmp_path / "out" / "ci" / "r.json", "x")
    assert (tmp_path / "out" / "ci" / "r.json").read_text(encoding="utf-8") == "x"


def test_folder_that_cannot_be_created_is_input_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="cannot create"):
        atomic_write_text(tmp_path / "file" / "r.json", "x")


def test_writing_over_a_folder_is_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a folder"):
        atomic_write_text(tmp_path, "x")


# ---------------------------------------------------------------- streams, devices, FIFOs, symlinks
# Every special file here is a replica made in tmp_path; the real /dev nodes are never touched.


def test_dash_streams_to_stdout(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes], monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    atomic_write_text("-", "report ✓\n")
    assert capfdbinary.readouterr().out == "report ✓\n".encode()
    assert list(tmp_path.iterdir()) == []  # no file called "-"


def test_fifo_is_written_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    atomic_write_text(fifo, "through the pipe")
    reader.join(timeout=10)
    assert received == [b"through the pipe"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]


@pytest.mark.skipif(not ROOT, reason="making a device node needs root")
def test_character_device_is_written_not_replaced(tmp_path: Path) -> None:
    null = tmp_path / "null"
    os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a replica of /dev/null, in tmp_path
    atomic_write_text(null, "discarded")
    info = os.lstat(null)
    assert stat.S_ISCHR(info.st_mode) and info.st_rdev == os.makedev(1, 3)
    assert [p.name for p in tmp_path.iterdir()] == ["null"]


@pytest.mark.skipif(not ROOT, reason="making a device node needs root")
def test_block_device_is_refused(tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    os.mknod(disk, stat.S_IFBLK | 0o600, os.makedev(240, 0))  # a number reserved for local use
    with pytest.raises(InputError, match="block device"):
        atomic_write_text(disk, "x")
    assert stat.S_ISBLK(os.lstat(disk).st_mode)


def test_symlink_is_kept_and_its_target_replaced(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    real = tmp_path / "real" / "r.json"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "r.json"
    link.symlink_to(real)
    atomic_write_text(link, "new")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text(encoding="utf-8") == "new"
    assert [p.name for p in (tmp_path / "real").iterdir()] == ["r.json"]


def test_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "r.json"
    link.symlink_to("made.json")
    atomic_write_text(link, "new")
    assert link.is_symlink() and (tmp_path / "made.json").read_text(encoding="utf-8") == "new"


def test_symlink_loop_is_input_error(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to("b")
    (tmp_path / "b").symlink_to("a")
    with pytest.raises(InputError, match="symbolic links"):
        atomic_write_text(tmp_path / "a", "x")
    with pytest.raises(InputError, match="symbolic links"):
        refuse_conflicts({"--json": tmp_path / "out.json"}, {"translation": tmp_path / "a"})


def test_unwritable_folder_is_input_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    if ROOT:  # root may write anywhere: make the temporary file fail as it would for a user

        def denied(final: Path) -> tuple[int, Path]:
            raise PermissionError(13, "Permission denied", str(final))

        monkeypatch.setattr("mtcheck.io._create_temp", denied)
    else:
        folder.chmod(0o555)
    with pytest.raises(InputError, match="cannot write .*Permission denied"):
        atomic_write_text(folder / "r.json", "x")


# ---------------------------------------------------------------- several reports, stale temp files


def test_reports_are_renamed_only_when_all_are_written(tmp_path: Path, monkeypatch) -> None:
    first, second = tmp_path / "r.json", tmp_path / "r.sarif"
    first.write_text("old json", encoding="utf-8")
    second.write_text("old sarif", encoding="utf-8")
    seen: list[list[str]] = []
    real_replace = os.replace

    def replace(source: str, destination: str) -> None:
        seen.append(sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")))
        real_replace(source, destination)

    monkeypatch.setattr("mtcheck.io.os.replace", replace)
    write_files([(first, b"new json"), (second, b"new sarif")])
    assert len(seen) == 2 and len(seen[0]) == 2  # both temporary files existed before the first rename
    assert (
        first.read_text(encoding="utf-8") == "new json" and second.read_text(encoding="utf-8") == "new sarif"
    )


def test_one_failing_report_leaves_every_old_report(tmp_path: Path) -> None:
    first = tmp_path / "r.json"
    first.write_text("old json", encoding="utf-8")
    (tmp_path / "blocker").write_text("", encoding="utf-8")
    with pytest.raises(InputError):
        write_files([(first, b"new json"), (tmp_path / "blocker" / "r.sarif", b"new sarif")])
    assert first.read_text(encoding="utf-8") == "old json"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocker", "r.json"]


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_temp_file_of_a_killed_run_is_removed_by_the_next_write(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    code = (
        "import os, sys; from pathlib import Path; from mtcheck.io import Output, _prepare;"
        f"_prepare(Output('r', 'atomic', Path({str(out)!r})), b'half'); os._exit(9)"
    )
    subprocess.run([sys.executable, "-c", code], check=False)
    left = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert len(left) == 1 and left[0].name.startswith(".r.json.")  # what a kill leaves
    old = time.time() - 120
    os.utime(left[0], (old, old))
    atomic_write_text(out, "new")
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]


def test_only_stale_temp_files_of_our_naming_are_removed(tmp_path: Path) -> None:
    dead, alive = _dead_pid(), os.getpid()
    names = {
        f".r.json.{dead}.0123abcd.tmp": False,  # its process is gone: removed
        f".r.html.{dead}.0123abcd.tmp": False,  # another report of ours: removed too
        f".r.json.{alive}.0123abcd.tmp": True,  # a run still writing
        ".r.json.ab_12cde.tmp": False,  # an older version's name, over an hour old
        ".notes.json.ab_12cde.tmp": True,  # an older-style name of another file: not ours to judge
        "r.json.12.0123abcd.tmp": True,  # no leading dot: not ours
        "keep.tmp": True,
    }
    now = time.time()
    for name in names:
        (tmp_path / name).write_text("x", encoding="utf-8")
        os.utime(tmp_path / name, (now - 7200, now - 7200))
    fresh = tmp_path / f".r.json.{dead}.fedc3210.tmp"  # dead, but under a minute old: kept
    fresh.write_text("x", encoding="utf-8")
    remove_stale_temps(tmp_path, "r.json", now=now)
    kept = {p.name for p in tmp_path.iterdir()}
    assert kept == {name for name, keep in names.items() if keep} | {fresh.name}


# ---------------------------------------------------------------- outputs against inputs


def test_output_over_any_input_or_another_output_is_refused(tmp_path: Path) -> None:
    glossary = tmp_path / "g.csv"
    glossary.write_text("source,target\n", encoding="utf-8")
    hard = tmp_path / "hard.csv"
    os.link(glossary, hard)
    inputs = {"translation": tmp_path / "a.txt", "glossary": glossary}
    with pytest.raises(InputError, match="is the glossary"):
        refuse_conflicts({"--json": hard}, inputs)  # the same file by another name
    with pytest.raises(InputError, match="--json and --html both write"):
        refuse_conflicts({"--json": tmp_path / "x", "--html": tmp_path / "." / "x"}, inputs)
    with pytest.raises(InputError, match="both write to -"):
        refuse_conflicts({"--json": Path("-"), "--sarif": Path("-")}, inputs)
    refuse_conflicts({"--json": tmp_path / "r.json", "--html": tmp_path / "r.html", "--sarif": None}, inputs)
