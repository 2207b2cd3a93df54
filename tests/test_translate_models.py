"""The real transformers and CTranslate2 backends on a tiny MarianMT model built locally
(tests/mt_fixtures.py): random weights, so every output is gibberish. These tests check the
plumbing (shapes, order after length-sorted batching, cache, long-input splitting, conversion,
offline failure), not translation quality. No network is used."""

from __future__ import annotations

import json
import socket
import sys
from pathlib import Path

import pytest

import mtcheck.translate as translate
from mtcheck.config import Settings
from mtcheck.model import InputError, Report
from mtcheck.translate.base import GenerationSettings
from mtcheck.translate.convert import build_vocab_map, convert_marian, vocab_map_coverage
from mtcheck.translate.engine import translate_texts
from tests.mt_fixtures import (
    EXAMPLE,
    MAX_POSITIONS,
    build_tiny_marian,
    english_lines,
    german_lines,
    make_article,
)

pytestmark = pytest.mark.mt


@pytest.fixture(scope="session")
def tiny_marian(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_marian(tmp_path_factory.mktemp("tiny-marian"))


@pytest.fixture(scope="session")
def tiny_ct2(tiny_marian: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny model converted by our convert_marian (float32, so it can match transformers)."""
    from mtcheck.translate.convert import convert_marian

    return convert_marian(tiny_marian, tmp_path_factory.mktemp("ct2") / "model", quantization="float32")


@pytest.fixture(scope="session")
def german_article():
    return make_article((EXAMPLE / "target.de.txt").read_text(encoding="utf-8"))


SHORT = GenerationSettings(max_output_tokens=10)
# Headlines and short paragraphs of the example article: quick to decode.
SMALL_ARTICLE = "\n".join(line for line in german_lines() if len(line) < 90)


def _hf(model: Path, **kwargs):
    from mtcheck.translate.hf_backend import TransformersBackTranslator

    return TransformersBackTranslator(model, threads=1, **kwargs)


def _ct2(model: Path, **kwargs):
    from mtcheck.translate.ct2_backend import CTranslate2BackTranslator

    return CTranslate2BackTranslator(model, threads=1, **kwargs)


def _forbid_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args, **kwargs):
        raise AssertionError("a network connection was attempted")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)


def _count_calls(monkeypatch: pytest.MonkeyPatch, cls: type) -> list[list[str]]:
    calls: list[list[str]] = []
    original = cls.translate_batch

    def counting(self, texts):
        calls.append(list(texts))
        return original(self, texts)

    monkeypatch.setattr(cls, "translate_batch", counting)
    return calls


def test_transformers_batches_keep_sentence_order(tiny_marian: Path, german_article) -> None:
    texts = [s.text for s in german_article.sentences[:12]]
    translator = _hf(tiny_marian, generation=SHORT)
    batched = translate_texts(translator, texts, batch_size=5).outputs
    one_by_one = translate_texts(translator, texts, batch_size=1).outputs
    assert len(batched) == len(texts) and all(isinstance(t, str) and t for t in batched)
    assert len(set(batched)) > 6  # the random model's output depends on its input...
    assert batched == one_by_one  # ...so equal lists mean the length sorting was undone correctly


def test_ctranslate2_float32_reproduces_transformers(
    tiny_marian: Path, tiny_ct2: Path, german_article
) -> None:
    texts = [s.text for s in german_article.sentences[:12]]
    hf = translate_texts(_hf(tiny_marian, generation=SHORT), texts, batch_size=4).outputs
    ct2 = translate_texts(
        _ct2(tiny_ct2, generation=SHORT, compute_type="float32"), texts, batch_size=4
    ).outputs
    # Same weights, same greedy search: same tokens, detokenized the same way.
    assert ct2 == hf


def test_ctranslate2_int8_shapes(tiny_ct2: Path, german_article) -> None:
    texts = [s.text for s in german_article.sentences if len(s.text) < 120][:12]
    translator = _ct2(tiny_ct2, generation=SHORT)
    assert translator.revision.endswith("+int8")
    run = translate_texts(translator, texts, batch_size=4)
    assert len(run.outputs) == 12 and all(run.outputs) and run.batches == 3 and not run.split


@pytest.mark.parametrize("backend", ["transformers", "ctranslate2"])
def test_back_translate_fills_report_and_second_run_makes_no_model_call(
    backend: str, tiny_marian: Path, tiny_ct2: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mtcheck.translate.ct2_backend import CTranslate2BackTranslator
    from mtcheck.translate.hf_backend import TransformersBackTranslator

    model = tiny_marian if backend == "transformers" else tiny_ct2
    cls = TransformersBackTranslator if backend == "transformers" else CTranslate2BackTranslator
    calls = _count_calls(monkeypatch, cls)
    _forbid_network(monkeypatch)  # a local model loads without any hub call
    settings = Settings(bt_model=str(model), cache_dir=tmp_path, bt_batch_size=4, bt_threads=1)
    progress: list[tuple[int, int]] = []

    first = translate.back_translate(
        Report(target=make_article(SMALL_ARTICLE)), settings, progress=lambda d, t: progress.append((d, t))
    )
    target, bt = first.target, first.back_translation
    assert calls and progress[-1][0] == progress[-1][1] == len(target.sentences)
    assert first.back_translation_origin.startswith(f"{backend}:{model}@local-")
    assert bt.side == "back_translation" and bt.language == "en"
    assert len(bt.sentences) == len(target.sentences) and len(bt.blocks) == len(target.blocks)
    assert bt.text == "\n".join(s.text for s in bt.sentences)
    for english, german in zip(bt.sentences, target.sentences, strict=True):
        assert bt.text[english.start : english.end] == english.text
        assert (english.id, english.block) == (german.id, german.block)

    calls.clear()
    second = translate.back_translate(Report(target=make_article(SMALL_ARTICLE)), settings)
    assert calls == []
    assert second.back_translation.text == bt.text
    assert second.back_translation_origin == first.back_translation_origin


def test_long_input_is_split_and_reported(
    tiny_marian: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mtcheck.translate.hf_backend import TransformersBackTranslator

    calls = _count_calls(monkeypatch, TransformersBackTranslator)
    clause = "die Sicherheit Europas und der Ukraine hängen davon ab, Russland abzuschrecken"
    long_sentence = ", ".join([clause] * 6) + "."  # well over 64 tokens, with commas
    article = make_article(f"Kurzer Satz.\n{long_sentence}")
    settings = Settings(bt_model=str(tiny_marian), cache_dir=tmp_path, bt_threads=1)
    report = translate.back_translate(Report(target=article), settings)

    translator = _hf(tiny_marian)
    assert translator.count_tokens([long_sentence])[0] > MAX_POSITIONS
    sent = [text for call in calls for text in call]
    assert len(sent) > 2 and max(translator.count_tokens(sent)) <= MAX_POSITIONS
    assert len(report.back_translation.sentences) == 2 and report.back_translation.sentences[1].text
    assert len(report.warnings) == 1
    assert f"{MAX_POSITIONS}-token input limit" in report.warnings[0] and "sentences 2" in report.warnings[0]


def test_offline_missing_hub_model_fails_without_network(monkeypatch: pytest.MonkeyPatch) -> None:
    _forbid_network(monkeypatch)
    monkeypatch.delenv("MTCHECK_ALLOW_NETWORK", raising=False)
    report = Report(target=make_article("Ein Satz."))
    with pytest.raises(InputError, match="not in the Hugging Face cache") as info:
        translate.back_translate(report, Settings(bt_model="mtcheck-test/no-such-model"))
    assert "--bt-model PATH" in str(info.value) and "\n" not in str(info.value)


def test_explicit_model_without_mt_extra_is_input_error(
    tiny_ct2: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "ctranslate2", None)  # import fails as if not installed
    with pytest.raises(InputError, match=r"mtcheck\[mt\]"):
        translate.back_translate(Report(target=make_article("Ein Satz.")), Settings(bt_model=str(tiny_ct2)))


def test_convert_marian_output(tiny_marian: Path, tiny_ct2: Path) -> None:
    assert {"model.bin", "source.spm", "target.spm", "config.json"} <= {p.name for p in tiny_ct2.iterdir()}
    meta = json.loads((tiny_ct2 / "mtcheck_model.json").read_text())
    assert meta["max_input_tokens"] == MAX_POSITIONS and meta["quantization"] == "float32"
    assert _ct2(tiny_ct2).max_input_tokens == MAX_POSITIONS
    with pytest.raises(InputError, match="already exists"):
        convert_marian(tiny_marian, tiny_ct2)


def test_vocabulary_map_restricts_output_tokens(tiny_marian: Path, tmp_path: Path, german_article) -> None:
    vocab = json.loads((tiny_marian / "vocab.json").read_text())
    vmap = tmp_path / "vmap.txt"
    stats = build_vocab_map(
        vmap,
        source_spm=tiny_marian / "source.spm",
        target_spm=tiny_marian / "target.spm",
        vocabulary=vocab,
        target_texts=english_lines(),
        parallel=list(zip(german_lines(), english_lines(), strict=False)),
        frequent=20,
        per_source_token=3,
    )
    assert stats["always"] == 20 and 0 < stats["distinct_targets"] < len(vocab)
    restricted = convert_marian(
        tiny_marian, tmp_path / "ct2-vmap", quantization="float32", vocab_mapping=vmap
    )
    assert (restricted / "vmap.txt").is_file()

    rules = dict(line.split("\t") for line in vmap.read_text().splitlines())
    texts = [s.text for s in german_article.sentences[:6]]
    with_map, without_map = _ct2(restricted, compute_type="float32"), _ct2(restricted, use_vmap=False)
    assert with_map.use_vmap and with_map.revision != without_map.revision  # separate cache entries
    source_tokens = {t for tokens in with_map.tokenize(texts) for t in tokens}
    allowed = set(rules[""].split()) | {"</s>", "<unk>"}
    allowed |= {t for s in source_tokens for t in rules.get(s, "").split()}
    results = with_map.translator.translate_batch(
        with_map.tokenize(texts), beam_size=1, max_decoding_length=10, use_vmap=True
    )
    produced = {t for r in results for t in r.hypotheses[0]}
    assert produced <= allowed
    free = without_map.translator.translate_batch(
        without_map.tokenize(texts), beam_size=1, max_decoding_length=10
    )
    assert {t for r in free for t in r.hypotheses[0]} - allowed  # without the map the model strays


def test_vocabulary_map_coverage(tiny_marian: Path, tmp_path: Path) -> None:
    vocab = json.loads((tiny_marian / "vocab.json").read_text())
    spms = {"source_spm": tiny_marian / "source.spm", "target_spm": tiny_marian / "target.spm"}
    pairs = list(zip(german_lines(), english_lines(), strict=False))
    coverage = {}
    for frequent in (5, 100_000):
        vmap = tmp_path / f"vmap-{frequent}.txt"
        build_vocab_map(vmap, **spms, vocabulary=vocab, target_texts=english_lines(), frequent=frequent)
        coverage[frequent] = vocab_map_coverage(vmap, **spms, parallel=pairs)
    assert coverage[100_000] == 1.0  # every English token of the text is always allowed
    assert 0 < coverage[5] < 0.5


def test_model_back_translation_feeds_the_pipeline(tiny_ct2: Path, tmp_path: Path) -> None:
    """`mtcheck check TARGET --source EN --bt-model DIR`: the back-translation is aligned and scored."""
    import mtcheck
    from mtcheck.config import Settings

    corpus = EXAMPLE.parent / "heart-study"
    settings = Settings(bt_model=str(tiny_ct2), cache_dir=tmp_path)
    report = mtcheck.check(corpus / "target.de.txt", source=corpus / "source.en.txt", settings=settings)
    assert report.back_translation_origin.startswith("ctranslate2:")
    assert len(report.back_translation.sentences) == len(report.target.sentences)
    assert all(p.back_translation_ids == p.target_ids for p in report.pairs if p.target_ids)
    assert any(s.name.startswith("chrF(bt,src)") for s in report.scores)


def test_auto_uses_the_default_model_from_the_hugging_face_cache(
    tiny_marian: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Stand-in for a Hugging Face cache that holds Helsinki-NLP/opus-mt-de-en: a snapshot folder
    # named after its commit, with the tiny model's files.
    snapshot = tmp_path / "snapshots" / "0123abcd"
    snapshot.parent.mkdir()
    snapshot.symlink_to(tiny_marian, target_is_directory=True)
    monkeypatch.setattr(
        "mtcheck.translate.hf_backend.cached_snapshot",
        lambda model_id: snapshot if model_id == translate.DEFAULT_MODEL_ID else None,
    )
    monkeypatch.delenv("MTCHECK_BT_MODEL", raising=False)
    _forbid_network(monkeypatch)
    settings = Settings(bt_model="auto", cache_dir=tmp_path / "cache", bt_threads=1)
    report = translate.back_translate(
        Report(target=make_article("Putin verabscheut die Macht der USA.")), settings
    )
    assert report.back_translation_origin == f"transformers:{translate.DEFAULT_MODEL_ID}@0123abcd"
    assert report.warnings == [] and len(report.back_translation.sentences) == 1

    converted = convert_marian(translate.DEFAULT_MODEL_ID, tmp_path / "converted")  # the hub id resolves too
    assert (converted / "model.bin").is_file()


def test_worker_threads_share_the_thread_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    from mtcheck.translate.ct2_backend import worker_threads

    monkeypatch.setattr("os.cpu_count", lambda: 4)
    assert worker_threads(0, 0) == (1, 4)  # the defaults: one single-thread worker per core
    assert worker_threads(0, 2) == (2, 2)
    assert worker_threads(3, 2) == (1, 2)
    assert worker_threads(0, 1) == (0, 1)  # one worker: CTranslate2 picks its own thread count
    assert worker_threads(2, None, inter_threads=1) == (2, 1)  # explicit inter_threads kept
    with pytest.raises(InputError, match="bt-workers"):
        worker_threads(0, -1)


def test_bt_workers_setting_reaches_ctranslate2(tiny_ct2: Path, german_article) -> None:
    from mtcheck.config import settings_from_mapping

    settings = settings_from_mapping({"bt-workers": 2, "bt-threads": 2})
    assert settings.bt_workers == 2
    translator = translate.open_translator(str(tiny_ct2), settings=settings)
    assert translator.translator.num_translators == 2
    texts = [s.text for s in german_article.sentences if len(s.text) < 120][:8]
    two = translate_texts(translator, texts, batch_size=8).outputs
    one = translate_texts(_ct2(tiny_ct2), texts, batch_size=8).outputs
    assert two == one  # each worker translates part of the batch; the outputs do not change
    with pytest.raises(InputError, match="bt-workers must be a whole number ≥ 0"):
        translate.open_translator(str(tiny_ct2), settings=settings_from_mapping({"bt-workers": -1}))
    with pytest.raises(InputError, match="whole number"):
        settings_from_mapping({"bt-workers": "all"})


def test_each_worker_gets_a_whole_batch(
    tiny_ct2: Path, german_article, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mtcheck.translate.ct2_backend import CTranslate2BackTranslator

    texts = [s.text for s in german_article.sentences if len(s.text) < 120][:10]
    translator = CTranslate2BackTranslator(tiny_ct2, generation=SHORT, threads=2, workers=2)
    calls: list[int] = []
    original = translator.translate_batch
    monkeypatch.setattr(
        translator, "translate_batch", lambda batch: calls.append(len(batch)) or original(batch)
    )
    run = translate_texts(translator, texts, batch_size=4)
    assert calls == [8, 2]  # two batches of 4 side by side, then the rest
    assert run.batches == 3
    assert run.outputs == translate_texts(_ct2(tiny_ct2, generation=SHORT), texts, batch_size=4).outputs


def test_compare_opens_the_mt_model_once(
    tiny_ct2: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`mtcheck compare` checks two translations: one translator (one model load) serves both; a
    plain run outside shared_translators() still opens its own."""
    from mtcheck.compare import compare
    from tests.conftest import CORPORA

    opened: list[str] = []
    original = translate.open_translator

    def counting(spec: str, *args: object, **kwargs: object):
        opened.append(spec)
        return original(spec, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(translate, "open_translator", counting)
    settings = Settings(bt_model=str(tiny_ct2), bt_cache=False, bt_threads=1, cache_dir=tmp_path)
    bank = CORPORA / "central-bank"
    result = compare(
        bank / "target.de.txt", bank / "reference.de.txt", bank / "source.en.txt", settings=settings
    )
    assert opened == [str(tiny_ct2)]
    assert result.a.back_translation is not None and result.b.back_translation is not None
    translate.back_translate(Report(target=make_article(SMALL_ARTICLE)), settings)
    assert len(opened) == 2


def test_a_batch_worker_opens_the_mt_model_once_for_all_its_articles(
    tiny_ct2: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker's warm-up check loads the models; every article after it reuses them (it reloaded
    the back-translation model per article before)."""
    from mtcheck.batch.jobs import JobContext
    from mtcheck.batch.worker import WorkerState
    from mtcheck.load import article_from_text

    opened: list[str] = []
    original = translate.open_translator

    def counting(spec: str, *args: object, **kwargs: object):
        opened.append(spec)
        return original(spec, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(translate, "open_translator", counting)
    settings = Settings(bt_model=str(tiny_ct2), bt_cache=False, bt_threads=1, cache_dir=tmp_path)
    state = WorkerState(JobContext.build(settings))  # the warm-up check opens the model
    for text in ("Der Minister sprach am Montag in Berlin.", "Die Regierung plant einen neuen Haushalt."):
        report = state.check(article_from_text(text, "target", "de"))
        assert report.back_translation is not None
    assert opened == [str(tiny_ct2)]
