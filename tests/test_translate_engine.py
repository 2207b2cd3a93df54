"""The back-translation engine (cache, length sorting, batching, order, long-input splitting)
with a word-counting stand-in translator: these tests need no [mt] extra. The real backends run
the same engine in tests/test_translate_models.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtcheck.translate.base import GenerationSettings
from mtcheck.translate.cache import TranslationCache, cache_clear, cache_info
from mtcheck.translate.engine import split_long_input, translate_texts


class UpperTranslator:
    """Upper-cases its input (a deterministic, input-dependent stand-in) and records its calls."""

    backend = "upper"
    model_id = "upper-test"
    revision = "r1"

    def __init__(self, limit: int = 50) -> None:
        self.max_input_tokens = limit
        self.generation = GenerationSettings()
        self.calls: list[list[str]] = []

    def count_tokens(self, texts: list[str]) -> list[int]:
        return [len(t.split()) + 1 for t in texts]  # words plus the end-of-sentence token

    def translate_batch(self, texts: list[str]) -> list[str]:
        self.calls.append(list(texts))
        return [t.upper() for t in texts]


SENTENCES = [
    "kurz.",
    "ein etwas längerer Satz mit mehr Wörtern.",
    "mittel lang hier.",
    "der allerlängste Satz in dieser kleinen Liste von Sätzen, mit Komma.",
    "zwei Wörter",
]


def test_order_restored_after_length_sorted_batches() -> None:
    translator = UpperTranslator()
    run = translate_texts(translator, SENTENCES, batch_size=2)
    assert run.outputs == [s.upper() for s in SENTENCES]
    assert [len(c) for c in translator.calls] == [2, 2, 1]
    lengths = [n for call in translator.calls for n in translator.count_tokens(call)]
    assert lengths == sorted(lengths, reverse=True)  # longest first: little padding per batch
    assert run.batches == 3 and run.translated == 5 and run.cached == 0


def test_duplicates_and_blank_inputs_translated_once() -> None:
    translator = UpperTranslator()
    run = translate_texts(translator, ["gleich.", "  ", "gleich.", "anders."], batch_size=8)
    assert run.outputs == ["GLEICH.", "", "GLEICH.", "ANDERS."]
    assert translator.calls == [["gleich.", "anders."]]


def test_second_run_served_from_cache_without_model_calls(tmp_path: Path) -> None:
    cache = TranslationCache(tmp_path)
    first = UpperTranslator()
    translate_texts(first, SENTENCES, cache=cache, batch_size=2)
    assert first.calls
    second = UpperTranslator()
    run = translate_texts(second, SENTENCES, cache=cache, batch_size=2)
    assert second.calls == []
    assert run.outputs == [s.upper() for s in SENTENCES] and run.cached == 5 and run.translated == 0


def test_cache_key_includes_revision_and_generation(tmp_path: Path) -> None:
    cache = TranslationCache(tmp_path)
    translate_texts(UpperTranslator(), SENTENCES, cache=cache)
    retrained = UpperTranslator()
    retrained.revision = "r2"
    translate_texts(retrained, SENTENCES, cache=cache)
    assert len(retrained.calls) == 1
    beam = UpperTranslator()
    beam.generation = GenerationSettings(beam_size=4)
    translate_texts(beam, SENTENCES, cache=cache)
    assert len(beam.calls) == 1


def test_progress_reports_every_batch() -> None:
    seen: list[tuple[int, int]] = []
    translate_texts(
        UpperTranslator(), SENTENCES, batch_size=2, progress=lambda done, total: seen.append((done, total))
    )
    assert seen == [(0, 5), (2, 5), (4, 5), (5, 5)]


def test_long_input_split_at_clause_punctuation() -> None:
    translator = UpperTranslator(limit=6)
    text = "eins zwei drei, vier fünf sechs; sieben acht neun – zehn elf zwölf"
    pieces = split_long_input(text, 6, translator.count_tokens)
    assert pieces == ["eins zwei drei,", "vier fünf sechs;", "sieben acht neun", "– zehn elf zwölf"]
    run = translate_texts(translator, ["kurz.", text])
    assert run.split == [1] and run.truncated == []
    assert run.outputs[1] == " ".join(p.upper() for p in pieces)
    assert all(n <= 6 for call in translator.calls for n in translator.count_tokens(call))


def test_long_input_without_punctuation_split_between_words() -> None:
    translator = UpperTranslator(limit=4)
    pieces = split_long_input("a b c d e f g h i j", 4, translator.count_tokens)
    assert pieces == ["a b c", "d e f", "g h i", "j"]


def test_cache_info_and_clear(tmp_path: Path) -> None:
    assert cache_info(tmp_path)["entries"] == 0
    translate_texts(UpperTranslator(), SENTENCES, cache=TranslationCache(tmp_path))
    info = cache_info(tmp_path)
    assert info["entries"] == 5 and info["models"] == {"upper:upper-test@r1": 5} and info["bytes"] > 0
    assert cache_clear(tmp_path) == 5
    assert cache_info(tmp_path)["entries"] == 0 and not Path(info["path"]).exists()


def test_cache_dir_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MTCHECK_CACHE_DIR", str(tmp_path / "env-cache"))
    assert Path(cache_info()["path"]).parent == tmp_path / "env-cache"


def test_cache_switched_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MTCHECK_CACHE_DIR", "off")
    assert cache_info()["entries"] == 0 and cache_clear() == 0
