"""The :class:`BackTranslator` protocol, generation settings and the backend registry.

A backend turns German sentences into English ones, nothing more: caching, length
sorting, batching and long-input splitting live in :mod:`mtcheck.translate.engine`, so every
backend gets them the same way.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

from mtcheck.model import InputError
from mtcheck.registry import Registry

DEFAULT_MODEL_ID = "Helsinki-NLP/opus-mt-de-en"
MT_EXTRA_HINT = "install mtcheck[mt] (pip install 'mtcheck[mt]')"

# (sentences done, sentences total); the CLI passes a rich progress bar update here.
ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True)
class GenerationSettings:
    """Decoding parameters. They are part of the cache key: other settings, other outputs."""

    beam_size: int = 1
    # max new tokens = ratio × input tokens + slack, capped by the model's own limit.
    max_output_ratio: float = 2.0
    max_output_slack: int = 10
    # Benchmarks force a fixed output length with min_output_tokens = max_output_tokens.
    min_output_tokens: int = 0
    max_output_tokens: int | None = None

    def max_new_tokens(self, input_tokens: int, model_limit: int) -> int:
        wanted = self.max_output_tokens or int(self.max_output_ratio * input_tokens) + self.max_output_slack
        return max(1, min(wanted, model_limit))

    def key(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)


@runtime_checkable
class BackTranslator(Protocol):
    """A German→English sentence translator. ``revision`` pins the exact weights."""

    backend: str
    model_id: str
    revision: str
    max_input_tokens: int  # including the end-of-sentence token
    generation: GenerationSettings

    def count_tokens(self, texts: list[str]) -> list[int]: ...

    def translate_batch(self, texts: list[str]) -> list[str]: ...


def origin_of(translator: BackTranslator) -> str:
    """``backend:MODEL@REV``, stored as ``Report.back_translation_origin``."""
    return f"{translator.backend}:{translator.model_id}@{translator.revision}"


BackendFactory = Callable[..., BackTranslator]


def _load_builtin_backends() -> None:
    # The modules only register factories; torch/ctranslate2 are imported when a factory runs.
    from mtcheck.translate import ct2_backend, hf_backend, llm_backend  # noqa: F401


#: backend name → factory(model, settings, ...): "transformers" (MarianMT), "ctranslate2", "llm"
BACKENDS: Registry[BackendFactory] = Registry("back-translation backend", _load_builtin_backends)


def register_backend(name: str) -> Callable[[BackendFactory], BackendFactory]:
    return BACKENDS.register(name)


def get_backend(name: str) -> BackendFactory:
    return BACKENDS.get(name)


def missing_extra(package: str) -> InputError:
    return InputError(f"back-translation needs the '{package}' package: {MT_EXTRA_HINT}")


# Files whose size and modification time identify a local model's weights and vocabulary.
_REVISION_GLOBS = (
    "config.json",
    "generation_config.json",
    "*.safetensors",
    "*.bin",
    "*.spm",
    "*.model",
    "vocab.json",
    "shared_vocabulary.*",
    "tokenizer*.json",
    "vmap.txt",
)


def local_revision(model_dir: Path) -> str:
    """A short hash of the name, size and mtime of a local model's files: re-saving or
    re-converting the model changes it and so invalidates cached back-translations."""
    stats = sorted(
        (p.name, p.stat().st_size, p.stat().st_mtime_ns)
        for pattern in _REVISION_GLOBS
        for p in model_dir.glob(pattern)
        if p.is_file()
    )
    digest = hashlib.sha256(json.dumps(stats).encode("utf-8")).hexdigest()
    return f"local-{digest[:12]}"
