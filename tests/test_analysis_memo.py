"""HanTa tags are kept on disk across runs (analysis.sqlite3), through the shared cache rules."""

import sqlite3
from pathlib import Path

import pytest

from mtcheck.analysis import lexicon, memo
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


@pytest.fixture
def fresh_frequencies(memo_dir: Path) -> Path:
    lexicon._frequencies.cache_clear()
    yield memo_dir
    lexicon._frequencies.cache_clear()


def test_word_frequencies_come_from_disk_without_loading_wordfreq(
    fresh_frequencies: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import wordfreq

    text = "Die Bundesregierung hat am Mittwoch den Haushalt vorgestellt, sagte Scholz."
    lexicon.prefetch_zipf([text])
    words = [("bundesregierung", "de"), ("Haushalt", "de"), ("scholz", "en"), ("the", "en"), ("xqzt", "de")]
    first = {w: lexicon.zipf(*w) for w in words}
    assert first == {w: wordfreq.zipf_frequency(*w) for w in words}  # wordfreq's own answers
    assert first[("xqzt", "de")] == 0.0 and first[("the", "en")] > 7
    memo.analysis_memo().flush()  # what the process does at exit
    # a new process: empty in-memory caches, and a wordfreq that must not be asked again
    memo.analysis_memo.cache_clear()
    lexicon._frequencies.cache_clear()

    def no_wordfreq(word: str, language: str) -> float:
        raise AssertionError(f"asked wordfreq for {word!r} instead of reading the disk cache")

    monkeypatch.setattr(wordfreq, "zipf_frequency", no_wordfreq)
    lexicon.prefetch_zipf([text + " the xqzt"])
    assert {w: lexicon.zipf(*w) for w in words} == first
    # a word no earlier run looked up is still answered, by wordfreq
    with pytest.raises(AssertionError, match="Mittwoch"):
        lexicon.zipf("Mittwoch", "en")


def test_get_many_reads_stored_and_pending_results(memo_dir: Path) -> None:
    store = memo.analysis_memo()
    keys = [store.key(str(i)) for i in range(1200)]  # more than one query's worth of parameters
    for i, key in enumerate(keys[:700]):
        store.put("kind", key, i)
    store.flush()
    store.put("kind", keys[700], 700)  # pending, not yet written
    store.put("other kind", keys[701], -1)
    found = store.get_many("kind", keys)
    assert found == {key: i for i, key in enumerate(keys[:701])}


def test_prefetched_tags_need_one_read_not_one_per_sentence(memo_dir: Path, monkeypatch) -> None:
    sentences = [SENTENCE, "Der Präsident lobte sie am Abend.", "Sie dankte ihm."]
    first = [syntax.tokenize(s, 0, i) for i, s in enumerate(sentences)]
    memo.analysis_memo().flush()
    memo.analysis_memo.cache_clear()
    syntax._tag.cache_clear()
    store = memo.analysis_memo().store
    reads = []
    read = store.read
    monkeypatch.setattr(store, "read", lambda *args: reads.append(1) or read(*args))
    monkeypatch.setattr(syntax, "hanta", lambda: pytest.fail("tagged again instead of reading the disk"))
    syntax.prefetch_tags(sentences)
    assert [syntax.tokenize(s, 0, i) for i, s in enumerate(sentences)] == first
    assert len(reads) == 1


def test_a_prefetch_drops_what_the_last_one_read_and_nobody_took(memo_dir: Path) -> None:
    store = memo.analysis_memo()
    a, b = store.key("a"), store.key("b")
    store.put("kind", a, 1)
    store.put("kind", b, 2)
    store.flush()
    store.prefetch("kind", [a])
    store.prefetch("kind", [b])
    store.store = None  # from here on, only what was read ahead (or is pending) is there
    assert store.get("kind", b) == 2
    assert store.get("kind", b) is None  # taken by the first get
    assert store.get("kind", a) is None


def test_document_language_is_detected_once_per_text(memo_dir: Path, monkeypatch) -> None:
    from mtcheck import langid

    text = "Die Bundesregierung hat am Mittwoch den Haushalt für das kommende Jahr vorgestellt. " * 3
    first = langid.detect_language(text)
    assert first[0] == "de"
    memo.analysis_memo().flush()
    memo.analysis_memo.cache_clear()
    monkeypatch.setattr(langid, "_detect", lambda sample: pytest.fail("asked lingua again"))
    assert langid.detect_language(text) == first
    assert langid.detect_language("Zu kurz.") == (None, 0.0)  # too few letters: no memo, no lingua
