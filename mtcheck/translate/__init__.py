"""Back-translation (German → English): a supplied file, a transformers model or a
CTranslate2 model, selected by ``settings.bt_model`` / ``settings.bt_backend`` and cached on disk.

``auto`` (the default) uses a supplied back-translation file, else a model available locally
(``$MTCHECK_BT_MODEL``, a converted model in the mtcheck cache, or the default model in the
Hugging Face cache), else continues without back-translation and says why in one warning.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

from mtcheck.config import Settings
from mtcheck.io import cache_root
from mtcheck.model import Article, Block, InputError, Report, Sentence
from mtcheck.translate.base import (
    DEFAULT_MODEL_ID,
    MT_EXTRA_HINT,
    BackTranslator,
    GenerationSettings,
    ProgressCallback,
    get_backend,
    origin_of,
    register_backend,
)
from mtcheck.translate.cache import TranslationCache, cache_clear, cache_info
from mtcheck.translate.engine import TranslationRun, translate_texts

__all__ = [
    "DEFAULT_MODEL_ID",
    "BackTranslator",
    "GenerationSettings",
    "TranslationRun",
    "back_translate",
    "cache_clear",
    "cache_info",
    "default_ct2_dir",
    "open_translator",
    "register_backend",
    "translate_texts",
]

OFF = {"none", "off", "no", "false"}


def default_ct2_dir(cache_dir: Path | None = None) -> Path:
    """Where ``mtcheck convert-model`` puts the default model; ``auto`` looks here."""
    # The converted model is no cache entry: it stays in the usual place even with caching off.
    return (cache_root(cache_dir) or Path.home() / ".cache" / "mtcheck") / "models" / "opus-mt-de-en-ct2"


def _mt_extra_installed() -> bool:
    return all(importlib.util.find_spec(m) is not None for m in ("torch", "transformers", "ctranslate2"))


def looks_like_path(spec: str) -> bool:
    # Hub ids are "org/name"; anything else with a separator, a dot or a tilde is meant as a path.
    return spec.startswith(("/", ".", "~")) or spec.count("/") > 1 or "\\" in spec or Path(spec).exists()


def open_translator(
    spec: str, backend: str | None = None, settings: Settings | None = None
) -> BackTranslator:
    """A translator for a model directory or hub id; the backend is inferred when not given."""
    if backend is None:
        path = Path(spec).expanduser()
        if path.is_dir():
            if (path / "model.bin").is_file():
                backend = "ctranslate2"
            elif (path / "config.json").is_file():
                backend = "transformers"
            else:
                raise InputError(
                    f"'{spec}' holds neither a CTranslate2 model (model.bin) "
                    "nor a transformers model (config.json)"
                )
        elif path.is_file():
            raise InputError(
                f"'{spec}' is a file: --bt-model takes a model directory (a back-translation text goes to "
                "--back-translation)"
            )
        elif looks_like_path(spec):
            raise InputError(f"back-translation model directory '{spec}' does not exist")
        else:
            backend = "transformers"
    settings = settings or Settings()
    generation = GenerationSettings(beam_size=settings.bt_beam_size)
    factory = get_backend(backend)
    return factory(
        spec,
        generation=generation,
        allow_network=settings.allow_network,
        threads=settings.bt_threads,
        workers=settings.bt_workers,
        max_input_tokens=settings.bt_max_input_tokens,
    )


def _auto_model(settings: Settings) -> tuple[str | None, str | None]:
    """(model spec, None) for a locally available model, else (None, why there is none)."""
    configured = os.environ.get("MTCHECK_BT_MODEL")
    if configured:
        return configured, None
    if not _mt_extra_installed():
        return None, (
            "back-translation skipped: no --back-translation file and no MT model; "
            f"{MT_EXTRA_HINT} and pass --bt-model PATH (a local MarianMT or CTranslate2 model)"
        )
    converted = default_ct2_dir(settings.cache_dir)
    if (converted / "model.bin").is_file():
        return str(converted), None
    from mtcheck.translate.hf_backend import cached_snapshot

    if cached_snapshot(DEFAULT_MODEL_ID) is not None:
        return DEFAULT_MODEL_ID, None
    return None, (
        f"back-translation skipped: no local MT model ({DEFAULT_MODEL_ID} is not in the Hugging Face cache); "
        "pass --bt-model PATH (a local MarianMT or CTranslate2 model) or --back-translation FILE"
    )


def model_in_use(settings: Settings) -> str | None:
    """The back-translation model a check would use here: what ``bt-model = "auto"`` resolves to on
    this machine, else the configured spec. (A batch keys its incremental re-runs on it.)"""
    spec = settings.bt_model.strip()
    if spec.lower() != "auto":
        return spec
    return _auto_model(settings)[0]


def _article_from_sentences(target: Article, english: list[str]) -> Article:
    """One back-translation sentence per target sentence, joined by newlines: sentence i renders
    target sentence i. Blocks mirror the target's blocks."""
    sentences: list[Sentence] = []
    offset = 0
    for index, (german, text) in enumerate(zip(target.sentences, english, strict=True)):
        text = " ".join(text.split())  # one line per sentence, whatever the model emitted
        sentences.append(Sentence(index, offset, offset + len(text), text, german.block, german.kind))
        offset += len(text) + 1
    blocks: list[Block] = []
    for index, block in enumerate(target.blocks):
        members = [s for s in sentences if s.block == index]
        start = members[0].start if members else (blocks[-1].end if blocks else 0)
        blocks.append(Block(block.kind, start, members[-1].end if members else start))
    return Article(
        side="back_translation",
        text="\n".join(s.text for s in sentences),
        language="en",
        format="txt",
        blocks=blocks,
        sentences=sentences,
    )


def _long_input_warning(run: TranslationRun, limit: int) -> str | None:
    if not run.split:
        return None
    ids = ", ".join(str(i + 1) for i in run.split[:8]) + (" …" if len(run.split) > 8 else "")
    how = "split at clause punctuation or between words"
    if run.truncated:
        how += f"; {len(run.truncated)} still too long after splitting and truncated"
    return (
        f"back-translation: {len(run.split)} sentence(s) longer than the model's {limit}-token input limit "
        f"were {how} (target sentences {ids})"
    )


def back_translate(
    report: Report, settings: Settings | None = None, progress: ProgressCallback | None = None
) -> Report:
    """Fill ``report.back_translation`` and ``report.back_translation_origin``."""
    settings = settings or Settings()
    spec = settings.bt_model.strip()
    backend = settings.bt_backend
    if spec.lower() in OFF:
        return report

    if report.back_translation is not None:  # a file the user supplied, read by the load stage
        if spec.lower() not in {"auto", "file"} and backend != "file":
            report.warnings.append(
                f"back-translation: a file was supplied, so the model '{spec}' was not used"
            )
        return report

    if spec.lower() == "auto":
        found, why_not = _auto_model(settings)
        if found is None:
            report.warnings.append(why_not or "back-translation skipped")
            return report
        spec = found

    target = report.target
    if not target.sentences:
        return report
    translator = open_translator(spec, backend, settings)
    root = cache_root(settings.cache_dir)
    cache = TranslationCache(root) if settings.bt_cache and root is not None else None
    run = translate_texts(
        translator,
        [s.text for s in target.sentences],
        cache=cache,
        batch_size=settings.bt_batch_size,
        progress=progress,
    )
    report.back_translation = _article_from_sentences(target, run.outputs)
    report.back_translation_origin = origin_of(translator)
    warning = _long_input_warning(run, translator.max_input_tokens)
    if warning:
        report.warnings.append(warning)
    return report
