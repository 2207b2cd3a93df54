"""The german-nouns lexicon cache gives the same records as the package's own lookup."""

from pathlib import Path

import pytest

from mtcheck.analysis import lexicon
from mtcheck.io import cache_root


@pytest.fixture
def fresh_lexicon():
    lexicon._lexicon.cache_clear()
    lexicon.noun_entries.cache_clear()
    yield
    lexicon._lexicon.cache_clear()
    lexicon.noun_entries.cache_clear()


def test_sqlite_lexicon_matches_the_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_lexicon
) -> None:
    monkeypatch.setenv("MTCHECK_CACHE_DIR", "off")
    in_memory = {w: lexicon._Lexicon().entries(w) for w in ("Autorin", "präsidenten", "Termin", "Xyzzy")}
    monkeypatch.setenv("MTCHECK_CACHE_DIR", str(tmp_path))
    built_lexicon = lexicon._Lexicon()
    assert {w: built_lexicon.entries(w) for w in in_memory} == in_memory
    assert in_memory["Autorin"] and in_memory["Xyzzy"] == ()
    built = list(tmp_path.glob("german-nouns-*.sqlite"))
    assert len(built) == 1 and not list(tmp_path.glob(".*.tmp"))
    # A second process opens the file instead of parsing the package again.
    again = lexicon._Lexicon()
    again._in_memory = None  # type: ignore[method-assign]  # would fail if it were called
    assert again.entries("Autorin") == in_memory["Autorin"]


def test_cache_root_setting_env_and_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MTCHECK_CACHE_DIR", raising=False)
    assert cache_root() == Path.home() / ".cache" / "mtcheck"
    monkeypatch.setenv("MTCHECK_CACHE_DIR", str(tmp_path))
    assert cache_root() == tmp_path
    assert cache_root(tmp_path / "cfg") == tmp_path / "cfg"  # the setting wins over the environment
    monkeypatch.setenv("MTCHECK_CACHE_DIR", "off")
    assert cache_root() is None
