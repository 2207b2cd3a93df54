"""The german-nouns lexicon ships as a compact table in the package: the same records as the
package's own lookup, with nothing built or written on first use."""

import sys
from bisect import bisect_left
from pathlib import Path

import pytest

from mtcheck.analysis import german_morph as gm
from mtcheck.analysis import lexicon
from mtcheck.analysis.nouns_table import TABLE_PATH, NounsTable
from mtcheck.io import cache_root


@pytest.fixture
def fresh_lexicon():
    lexicon._lexicon.cache_clear()
    lexicon.noun_entries.cache_clear()
    yield
    lexicon._lexicon.cache_clear()
    lexicon.noun_entries.cache_clear()


def test_shipped_table_matches_the_package() -> None:
    from german_nouns.lookup import Nouns

    nouns = Nouns()
    table = NounsTable()
    assert table.records == len(nouns.data)
    assert table.source.startswith("german-nouns ")
    words = ("Autorin", "präsidenten", "Termin", "Mädchen", "Ärztinnen", "Berlin", "Xyzzy", "a", "zzzzz")
    for word in words:
        expected = tuple(nouns.row_to_dict(nouns.data[i]) for i in nouns.index.get(word.lower(), []))
        assert table.entries(word) == expected, word
    # every 997th form of the index, including the first and last of the sorted order
    keys = sorted(nouns.index)
    for key in [*keys[::997], keys[0], keys[-1]]:
        assert table.ids(key) == tuple(nouns.index[key]), key
    # the first and last form of every block: the edges of the search inside a block's text
    starts = [bisect_left(keys, first) for first in table._first_forms]
    for key in (keys[i] for start in starts for i in (start - 1, start) if i >= 0):
        assert table.ids(key) == tuple(nouns.index[key]), key
    for key in ("", "\t", "präsident\t", "präsident\n", "\npräsident", "präsiden", "präsidentx"):
        assert table.ids(key) == tuple(nouns.index.get(key, ())), repr(key)


@pytest.mark.parametrize(
    ("form", "lemma", "genders"),
    [
        ("Autorin", "Autorin", {"f"}),
        ("Präsident", "Präsident", {"m"}),
        ("präsidenten", "Präsident", {"m"}),
        ("Mädchen", "Mädchen", {"n"}),
        ("Xyzzy", "Xyzzy", set()),
    ],
)
def test_genders_of_known_nouns(form: str, lemma: str, genders: set[str], fresh_lexicon) -> None:
    assert {e["genus"] for e in lexicon.noun_entries(form) if e["lemma"] == lemma} == genders


def test_person_nouns_from_the_shipped_table(fresh_lexicon) -> None:
    autorin = gm.person_noun("Autorin")
    assert autorin is not None and (autorin.gender, autorin.counterpart) == ("f", "Autor")
    praesident = gm.person_noun("Präsident")
    assert praesident is not None and (praesident.gender, praesident.counterpart) == ("m", "Präsidentin")
    assert gm.person_noun("Termin") is None  # an -in false friend


def test_a_check_builds_no_lexicon_and_never_parses_the_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_lexicon
) -> None:
    import mtcheck

    monkeypatch.setenv("MTCHECK_CACHE_DIR", str(tmp_path))
    monkeypatch.setitem(sys.modules, "german_nouns", None)  # any import of the package now fails
    monkeypatch.setitem(sys.modules, "german_nouns.lookup", None)
    gm.person_noun.cache_clear()
    text = "Die Autorin stellte ihr Buch vor. Der Präsident lobte sie, und das Mädchen las daraus vor."
    report = mtcheck.check(mtcheck.article_from_text(text, "target", "de"))
    assert report.pairs
    assert gm.person_noun("Autorin") is not None
    assert not list(tmp_path.glob("german-nouns*")), sorted(p.name for p in tmp_path.iterdir())
    gm.person_noun.cache_clear()


def test_damaged_table_is_refused_with_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "german_nouns.bin"
    bad.write_bytes(b"not a table" + TABLE_PATH.read_bytes()[:100])
    with pytest.raises(ValueError, match="not a german-nouns table"):
        NounsTable(bad)


def test_cache_root_setting_env_and_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MTCHECK_CACHE_DIR", raising=False)
    assert cache_root() == Path.home() / ".cache" / "mtcheck"
    monkeypatch.setenv("MTCHECK_CACHE_DIR", str(tmp_path))
    assert cache_root() == tmp_path
    assert cache_root(tmp_path / "cfg") == tmp_path / "cfg"  # the setting wins over the environment
    monkeypatch.setenv("MTCHECK_CACHE_DIR", "off")
    assert cache_root() is None
