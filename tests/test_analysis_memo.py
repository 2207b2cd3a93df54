"""HanTa tags are kept on disk across runs (analysis.sqlite3), through the shared cache rules."""

import sqlite3
from pathlib import Path

import pytest

from mtcheck.analysis import memo
from mtcheck.analysis.people import syntax
from mtcheck.cache import cache_files, take_warnings

SENTENCE = "Die Autorin stellte am Mittwoch ihr neues Buch vor."


@pytest.fixture
def memo_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MTCHECK_CACHE_DIR", str(tmp_path))
    memo.analysis_memo.cache_clear()
    syntax._tag.cache_clear()
    take_warnings()
    yield tmp_path
    memo.analysis_memo.cache_clear()
    syntax._tag.cache_clear()


def _rows(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT COUNT(*) FROM memo").fetchone()[0]


def test_second_run_reads_tags_from_disk(memo_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = syntax.tokenize(SENTENCE, 0, 0)
    assert [t.tag for t in first][:2] == ["ART", "NN"]
    memo.analysis_memo().flush()  # what the process does at exit
    path = memo_dir / "analysis.sqlite3"
    assert _rows(path) == 1
    assert any(f.path == path for f in cache_files(memo_dir))  # `cache info/clear --all` see it
    # a new process: empty in-memory caches, and a tagger that must not be called
    memo.analysis_memo.cache_clear()
    syntax._tag.cache_clear()

    def no_tagger():
        raise AssertionError("tagged again instead of reading the disk cache")

    monkeypatch.setattr(syntax, "hanta", no_tagger)
    assert syntax.tokenize(SENTENCE, 0, 0) == first


def test_corrupt_memo_is_rebuilt_with_a_warning(memo_dir: Path) -> None:
    path = memo_dir / "analysis.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    tokens = syntax.tokenize(SENTENCE, 0, 0)
    memo.analysis_memo().flush()
    assert tokens and _rows(path) == 1
    assert any("analysis cache" in w and "rebuilt" in w for w in take_warnings())


def test_caching_off_stores_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MTCHECK_CACHE_DIR", "off")
    monkeypatch.chdir(tmp_path)
    memo.analysis_memo.cache_clear()
    syntax._tag.cache_clear()
    assert syntax.tokenize(SENTENCE, 0, 0)
    memo.analysis_memo().flush()
    assert not list(tmp_path.rglob("analysis.sqlite3"))
    memo.analysis_memo.cache_clear()
    syntax._tag.cache_clear()
