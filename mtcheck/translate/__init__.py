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
from mtcheck.model import Article, Block, InputError, LinkedText, Report, Sentence, Transfer
from mtcheck.shared import reuse
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
LLM = "llm"  # --bt-model llm: the OpenAI-compatible endpoint of [judge]


def default_ct2_dir(cache_dir: Path | None = None) -> Path:
    """Where ``mtcheck convert-model`` puts the default model; ``auto`` looks here."""
    # The converted model is no cache entry: it stays in the usual place even with caching off.
    return (cache_root(cache_dir) or Path.home() / ".cache" / "mtcheck") / "models" / "opus-mt-de-en-ct2"


def _mt_extra_installed() -> bool:
    return all(importlib.util.find_spec(m) is not None for m in ("torch", "transformers", "ctranslate2"))


def looks_like_path(spec: str) -> bool:
    # Hub ids are "org/name"; anything else with a separator, a dot or a tilde is meant as a path.
    return spec.startswith(("/", ".", "~")) or spec.count("/") > 1 or "\\" in spec or Path(spec).exists()


def _infer_backend(spec: str) -> str:
    """The backend of a model folder (CTranslate2 or transformers), a hub id, or the LLM endpoint."""
    if spec == LLM or spec.startswith(LLM + ":"):
        return LLM
    path = Path(spec).expanduser()
    if path.is_dir():
        if (path / "model.bin").is_file():
            return "ctranslate2"
        if (path / "config.json").is_file():
            return "transformers"
        raise InputError(
            f"'{spec}' holds neither a CTranslate2 model (model.bin) nor a transformers model (config.json)"
        )
    if path.is_file():
        raise InputError(
            f"'{spec}' is a file: --bt-model takes a model directory (a back-translation text goes to "
            "--back-translation)"
        )
    if looks_like_path(spec):
        raise InputError(f"back-translation model directory '{spec}' does not exist")
    return "transformers"


def open_translator(
    spec: str, backend: str | None = None, settings: Settings | None = None
) -> BackTranslator:
    """A translator for a model directory, a hub id or ``llm[:MODEL]``; the backend is inferred when not
    given."""
    backend = backend or _infer_backend(spec)
    settings = settings or Settings()
    generation = GenerationSettings(beam_size=settings.bt_beam_size)
    factory = get_backend(backend)
    if backend == LLM:  # the [judge] endpoint, with another model there if named (llm:MODEL)
        from mtcheck.judge.client import endpoint_from_settings

        model = spec.partition(":")[2] or None
        judge = settings.judge
        endpoint = endpoint_from_settings(judge, model)
        return factory(spec, endpoint=endpoint, concurrency=judge.max_concurrency, seed=judge.seed)
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


def _contexts(target: Article) -> list[str]:
    """The German sentences before and after each sentence (for backends that read context)."""
    texts = [s.text for s in target.sentences]
    return [
        " … ".join(t for t in (texts[i - 1] if i else "", texts[i + 1] if i + 1 < len(texts) else "") if t)
        for i in range(len(texts))
    ]


def _specs(report: Report, settings: Settings) -> list[str]:
    """The models to back-translate with: ``bt-model`` (``auto`` resolved to a local model, if any, when
    no file was given) and every further ``--bt-model``."""
    spec = settings.bt_model.strip()
    if spec.lower() in OFF:
        return []
    extras = [s.strip() for s in settings.extra_bt_models if s.strip() and s.strip().lower() not in OFF]
    if spec.lower() not in {"auto", "file"} and settings.bt_backend != "file":
        return [spec, *extras]
    if report.back_translation is not None or spec.lower() != "auto":
        return extras
    found, why_not = _auto_model(settings)
    if found is None and not extras:
        report.warnings.append(why_not or "back-translation skipped")
    return ([found] if found else []) + extras


def _privacy(report: Report, translator: BackTranslator) -> None:
    """The report says when German text went to an endpoint that is not on this machine."""
    endpoint = getattr(translator, "endpoint", None)
    if endpoint is None or endpoint.local:
        return
    sent = int(getattr(translator, "characters_sent", 0))
    report.sent_to.append(Transfer(endpoint.display, "back-translation", translator.model_id, sent))
    if sent:
        report.warnings.append(
            f"privacy: article text was sent to {endpoint.display} (LLM back-translation, model "
            f"{translator.model_id}): {sent:,} characters"
        )


def _translator(spec: str, backend: str | None, settings: Settings) -> BackTranslator:
    """The translator of one run; inside :func:`mtcheck.shared.shared_models` one per model. LLM
    translators are never shared: each counts the characters its own run sent (the privacy line)."""
    if (backend or spec.partition(":")[0]) == LLM:  # "llm" or "llm:MODEL"
        return open_translator(spec, backend, settings)
    # everything open_translator passes to a local backend
    key = ("bt", spec, backend, settings.bt_beam_size, settings.allow_network, settings.bt_threads)
    key += (settings.bt_workers, settings.bt_max_input_tokens)
    return reuse(key, lambda: open_translator(spec, backend, settings))


def _translate_with(report: Report, spec: str, backend: str | None, settings: Settings, progress) -> None:
    """One back-translation of the whole target by one model; the first is the report's primary one."""
    from mtcheck.judge.client import EndpointError

    target = report.target
    translator = _translator(spec, backend, settings)
    root = cache_root(settings.cache_dir)
    cache = TranslationCache(root) if settings.bt_cache and root is not None else None
    try:
        run = translate_texts(
            translator,
            [s.text for s in target.sentences],
            cache=cache,
            batch_size=settings.bt_batch_size,
            progress=progress,
            contexts=_contexts(target),
        )
    except EndpointError as error:  # an LLM endpoint down or too slow: go on without this one
        report.warnings.append(f"back-translation with {spec} failed ({error}); continuing without it")
        return
    finally:
        _privacy(report, translator)
    article, origin = _article_from_sentences(target, run.outputs), origin_of(translator)
    if report.back_translation is None:
        report.back_translation, report.back_translation_origin = article, origin
    else:
        report.extra_back_translations.append(LinkedText(article, origin))
    warning = _long_input_warning(run, translator.max_input_tokens)
    if warning:
        report.warnings.append(warning)


def back_translate(
    report: Report, settings: Settings | None = None, progress: ProgressCallback | None = None
) -> Report:
    """Fill ``report.back_translation`` (and ``extra_back_translations``) from every model asked for;
    files given by the user were read by the load stage and come first."""
    settings = settings or Settings()
    if not report.target.sentences:
        return report
    for spec in _specs(report, settings):
        backend = (
            settings.bt_backend
            if spec == settings.bt_model.strip() and settings.bt_backend != "file"
            else None
        )
        _translate_with(report, spec, backend, settings, progress)
    return report
