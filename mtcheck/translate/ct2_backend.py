"""CTranslate2 backend: a converted model directory (int8 on CPU) plus its sentencepiece models.

The layout is what ``mtcheck convert-model`` (or ``ct2-transformers-converter --copy_files
source.spm target.spm``) writes for Marian/opus-mt models: ``model.bin``, ``config.json``,
``shared_vocabulary.*``, ``source.spm``, ``target.spm`` and optionally ``vmap.txt``.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any

from mtcheck.model import InputError
from mtcheck.translate.base import GenerationSettings, local_revision, missing_extra, register_backend

METADATA_FILE = "mtcheck_model.json"  # written by convert.convert_marian
DEFAULT_MAX_INPUT_TOKENS = 512  # Marian's max_position_embeddings
_SPECIAL = {"</s>", "<s>", "<pad>", "<unk>"}


def is_ct2_model_dir(path: Path) -> bool:
    return (path / "model.bin").is_file()


def worker_threads(threads: int, workers: int | None, inter_threads: int = 1) -> tuple[int, int]:
    """(intra_threads, inter_threads) for CTranslate2.

    ``workers`` (the ``bt-workers`` setting; 0 = one per core) translators each take a part of
    every batch, in parallel; they share the ``threads`` budget (0 = the cores), so 2 workers on 2
    cores run one thread each. ``workers=None`` keeps the explicit ``inter_threads`` (benchmarks).
    Several single-thread workers beat one multi-threaded translator for greedy decoding of short
    sentences, whose per-step matrix products are too small to split well across threads.
    """
    if workers is not None and workers < 0:
        raise InputError(f"bt-workers must be 0 (one per core) or a positive whole number, not {workers}")
    cores = max(1, os.cpu_count() or 1)
    count = inter_threads if workers is None else (workers or cores)
    count = max(1, count)
    if count == 1:
        return threads, 1
    return max(1, (threads or cores) // count), count


@register_backend("ctranslate2")
class CTranslate2BackTranslator:
    backend = "ctranslate2"

    def __init__(
        self,
        model: str | Path,
        *,
        generation: GenerationSettings | None = None,
        threads: int = 0,
        workers: int | None = None,
        inter_threads: int = 1,
        compute_type: str = "int8",
        use_vmap: bool | None = None,
        max_input_tokens: int | None = None,
        allow_network: bool | None = None,  # accepted for a uniform factory signature; never used
    ) -> None:
        try:
            import ctranslate2  # noqa: F401
            import sentencepiece
        except ImportError as exc:
            raise missing_extra(exc.name or "ctranslate2") from None
        model_dir = Path(model).expanduser()
        if not is_ct2_model_dir(model_dir):
            raise InputError(
                f"'{model}' is not a CTranslate2 model directory (no model.bin); "
                "convert a Marian model with `mtcheck convert-model`"
            )
        source_spm, target_spm = model_dir / "source.spm", model_dir / "target.spm"
        if not source_spm.is_file() or not target_spm.is_file():
            raise InputError(f"CTranslate2 model '{model}' lacks source.spm/target.spm (sentencepiece)")
        self.generation = generation or GenerationSettings()
        self._dir = model_dir
        self._threads, self._inter_threads = worker_threads(threads, workers, inter_threads)
        self._compute_type = compute_type
        self.use_vmap = (model_dir / "vmap.txt").is_file() if use_vmap is None else use_vmap
        meta_file = model_dir / METADATA_FILE
        meta = json.loads(meta_file.read_text()) if meta_file.is_file() else {}
        self.model_id = str(model)
        # The vocabulary map restricts the output vocabulary, which can change the output.
        self.revision = f"{local_revision(model_dir)}+{compute_type}" + ("+vmap" if self.use_vmap else "")
        limit = max_input_tokens or meta.get("max_input_tokens") or DEFAULT_MAX_INPUT_TOKENS
        self.max_input_tokens = int(limit)
        self._source = sentencepiece.SentencePieceProcessor(model_file=str(source_spm))
        self._target = sentencepiece.SentencePieceProcessor(model_file=str(target_spm))
        self._translator: Any = None

    @property
    def parallel_batches(self) -> int:
        """Batches the engine may hand over in one call: one per worker."""
        return self._inter_threads

    @property
    def translator(self) -> Any:
        if self._translator is None:  # loaded on first use, like the transformers backend
            import ctranslate2

            self._translator = ctranslate2.Translator(
                str(self._dir),
                device="cpu",
                compute_type=self._compute_type,
                inter_threads=self._inter_threads,
                intra_threads=self._threads,
            )
        return self._translator

    def tokenize(self, texts: list[str]) -> list[list[str]]:
        return [pieces + ["</s>"] for pieces in self._source.encode(texts, out_type=str)]

    def count_tokens(self, texts: list[str]) -> list[int]:
        return [len(tokens) for tokens in self.tokenize(texts)] if texts else []

    def translate_batch(self, texts: list[str]) -> list[str]:
        tokens = self.tokenize(texts)
        gen = self.generation
        max_new = gen.max_new_tokens(max(len(t) for t in tokens), self.max_input_tokens - 1)
        results = self.translator.translate_batch(
            tokens,
            beam_size=gen.beam_size,
            max_decoding_length=max_new,
            min_decoding_length=min(max(1, gen.min_output_tokens), max_new),
            max_input_length=self.max_input_tokens,
            use_vmap=self.use_vmap,
            # With several workers, CTranslate2 splits the call into one batch per worker and
            # translates them in parallel (the engine hands over one batch per worker).
            max_batch_size=math.ceil(len(tokens) / self._inter_threads) if self._inter_threads > 1 else 0,
        )
        return [self.detokenize(result.hypotheses[0]) for result in results]

    def detokenize(self, tokens: list[str]) -> str:
        # As MarianTokenizer does: pieces the target model lacks (shared vocabularies hold source
        # pieces too) come back verbatim, so their word-boundary marks become spaces here.
        text = self._target.decode([t for t in tokens if t not in _SPECIAL])
        return " ".join(text.replace("\u2581", " ").split())
