"""transformers backend: any seq2seq translation model (MarianMT by default).

Offline by default: a hub id is looked up in the local Hugging Face cache only, so a missing
model fails at once with one line instead of waiting for a network timeout.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import Any

from mtcheck.model import InputError
from mtcheck.translate.base import GenerationSettings, local_revision, missing_extra, register_backend


def network_allowed(setting: bool | None = None) -> bool:
    """Downloads only when asked for: the setting (``allow_network``) or MTCHECK_ALLOW_NETWORK=1.
    HF_HUB_OFFLINE=1 always means offline."""

    def flag(name: str) -> bool:
        return os.environ.get(name, "").strip().lower() in {"1", "true", "yes"}

    return not flag("HF_HUB_OFFLINE") and (bool(setting) or flag("MTCHECK_ALLOW_NETWORK"))


def cached_snapshot(model_id: str) -> Path | None:
    """The local snapshot directory of a hub model, without any network access."""
    try:
        from huggingface_hub import try_to_load_from_cache
    except ImportError:
        return None
    found = try_to_load_from_cache(model_id, "config.json")
    if not isinstance(found, str):  # None, or the "known to be missing" sentinel
        return None
    return Path(found).parent


@register_backend("transformers")
class TransformersBackTranslator:
    backend = "transformers"

    def __init__(
        self,
        model: str | Path,
        *,
        generation: GenerationSettings | None = None,
        allow_network: bool | None = None,
        threads: int = 0,
        workers: int | None = None,  # accepted for a uniform factory signature (CTranslate2 only)
        max_input_tokens: int | None = None,
    ) -> None:
        try:
            import torch  # noqa: F401
            import transformers
        except ImportError as exc:
            raise missing_extra(exc.name or "transformers") from None
        self.generation = generation or GenerationSettings()
        self._threads = threads
        self._model: Any = None
        local = Path(model).expanduser()
        if local.is_dir():
            self.model_id = str(model)
            self._load_from = str(local)
            self.revision = local_revision(local)
        else:
            self.model_id = str(model)
            snapshot = cached_snapshot(self.model_id)
            if snapshot is not None:
                self._load_from = str(snapshot)  # a plain directory: no hub call at all
                self.revision = snapshot.name  # the commit hash of the snapshot
            elif network_allowed(allow_network):
                self._load_from = self.model_id
                self.revision = "hub-latest"  # replaced by the commit hash once loaded
            else:
                raise InputError(
                    f"back-translation model '{model}' is not a local directory and not in the Hugging Face "
                    "cache (offline); pass --bt-model PATH to a downloaded model, or allow downloads with "
                    "MTCHECK_ALLOW_NETWORK=1"
                )
        # mtcheck shows its own progress; transformers' loading bars would clutter the terminal.
        transformers.utils.logging.disable_progress_bar()
        try:
            with warnings.catch_warnings():
                # MarianTokenizer recommends sacremoses, which only matters for its source-language codes.
                warnings.filterwarnings("ignore", message=".*sacremoses.*")
                self.tokenizer = transformers.AutoTokenizer.from_pretrained(self._load_from)
            self._config = transformers.AutoConfig.from_pretrained(self._load_from)
        except (OSError, ValueError) as exc:
            first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise InputError(f"cannot load back-translation model '{model}': {first_line}") from None
        if self.revision == "hub-latest":
            self.revision = getattr(self._config, "_commit_hash", None) or "hub-unknown"
        positions = getattr(self._config, "max_position_embeddings", None) or 512
        tokenizer_limit = getattr(self.tokenizer, "model_max_length", positions) or positions
        self._positions = int(min(positions, tokenizer_limit))
        self.max_input_tokens = int(max_input_tokens or self._positions)

    @property
    def model(self) -> Any:
        # Loaded on first use: a fully cached re-check needs the tokenizer only.
        if self._model is None:
            import torch
            import transformers

            if self._threads:
                torch.set_num_threads(self._threads)
            self._model = transformers.AutoModelForSeq2SeqLM.from_pretrained(self._load_from).eval()
        return self._model

    def count_tokens(self, texts: list[str]) -> list[int]:
        if not texts:
            return []
        # verbose=False: measuring over-long inputs is the point here, not an error.
        return [len(ids) for ids in self.tokenizer(texts, verbose=False)["input_ids"]]

    def translate_batch(self, texts: list[str]) -> list[str]:
        import torch

        encoded = self.tokenizer(
            texts, return_tensors="pt", padding=True, truncation=True, max_length=self.max_input_tokens
        )
        gen = self.generation
        max_new = gen.max_new_tokens(int(encoded["input_ids"].shape[1]), self._positions - 1)
        kwargs: dict[str, Any] = {"num_beams": gen.beam_size, "do_sample": False, "max_new_tokens": max_new}
        if gen.min_output_tokens:
            kwargs["min_new_tokens"] = min(gen.min_output_tokens, max_new)
        with torch.inference_mode():
            output = self.model.generate(**encoded, **kwargs)
        return self.tokenizer.batch_decode(output, skip_special_tokens=True)
