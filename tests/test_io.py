from pathlib import Path

import pytest

from mtcheck.io import atomic_write_text
from mtcheck.model import InputError


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
    with pytest.raises(OSError):
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
