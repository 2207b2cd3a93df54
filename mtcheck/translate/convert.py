"""Convert a Marian/opus-mt transformers model to CTranslate2 (int8) and build a vocabulary map.

``convert_marian`` wraps ``ctranslate2.converters.TransformersConverter``, copies the
sentencepiece models the ctranslate2 backend needs and records the model's input limit.

``build_vocab_map`` writes a CTranslate2 vocabulary map (a lexical shortlist in the manner of
Marian/Firefox Translations): the target tokens that are always allowed (the most frequent ones
in the given English text) plus, per source token, the target tokens that co-occur with it most
strongly in the given parallel sentences. Decoding then scores only those candidates instead of
the full output vocabulary. How much faster that is, and whether it changes translations,
depends on the data the map was built from: build it from text like the articles you check.
"""

from __future__ import annotations

import json
import warnings
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from mtcheck.model import InputError
from mtcheck.translate.base import local_revision, missing_extra
from mtcheck.translate.ct2_backend import METADATA_FILE

TOKENIZER_FILES = ("source.spm", "target.spm")


def convert_marian(
    model_dir: Path | str,
    out_dir: Path | str,
    *,
    quantization: str = "int8",
    vocab_mapping: Path | str | None = None,
    force: bool = False,
) -> Path:
    """Convert a local MarianMT directory (or a hub id already in the Hugging Face cache) into a
    CTranslate2 model directory; returns ``out_dir``."""
    try:
        import ctranslate2.converters
        import transformers
    except ImportError as exc:
        raise missing_extra(exc.name or "ctranslate2") from None
    spec = str(model_dir)
    model_dir, out_dir = Path(model_dir).expanduser(), Path(out_dir).expanduser()
    if not model_dir.is_dir():
        from mtcheck.translate import looks_like_path
        from mtcheck.translate.hf_backend import cached_snapshot

        if looks_like_path(spec):
            raise InputError(f"model directory '{spec}' does not exist")
        # A hub id such as Helsinki-NLP/opus-mt-de-en, if it is in the local Hugging Face cache.
        snapshot = cached_snapshot(spec)
        if snapshot is None:
            raise InputError(f"'{spec}' is neither a model directory nor a hub id in the local cache")
        model_dir = snapshot
    if not (model_dir / "config.json").is_file():
        raise InputError(f"'{model_dir}' is not a transformers model directory (no config.json)")
    missing = [name for name in TOKENIZER_FILES if not (model_dir / name).is_file()]
    if missing:
        raise InputError(f"'{model_dir}' lacks {', '.join(missing)}: convert-model supports Marian/opus-mt")
    if out_dir.exists() and not force:
        raise InputError(f"'{out_dir}' already exists; pass --force to overwrite it")
    if vocab_mapping is not None and not Path(vocab_mapping).is_file():
        raise InputError(f"vocabulary map '{vocab_mapping}' does not exist")
    converter = ctranslate2.converters.TransformersConverter(str(model_dir), copy_files=list(TOKENIZER_FILES))
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*sacremoses.*")  # the converter loads MarianTokenizer
            converter.convert(
                str(out_dir),
                vmap=str(vocab_mapping) if vocab_mapping else None,
                quantization=quantization,
                force=force,
            )
    except (NotImplementedError, ValueError) as exc:
        raise InputError(f"cannot convert '{model_dir}': {exc}") from None
    config = transformers.AutoConfig.from_pretrained(str(model_dir))
    metadata = {
        "converted_from": str(model_dir),
        "source_revision": local_revision(model_dir),
        "quantization": quantization,
        "max_input_tokens": int(getattr(config, "max_position_embeddings", 512) or 512),
        "vocab_mapping": bool(vocab_mapping),
    }
    (out_dir / METADATA_FILE).write_text(json.dumps(metadata, indent=2) + "\n", encoding="utf-8")
    return out_dir


def _spm(path: Path):  # noqa: ANN202 - sentencepiece has no type stubs
    import sentencepiece

    return sentencepiece.SentencePieceProcessor(model_file=str(path))


def build_vocab_map(
    out_path: Path | str,
    *,
    source_spm: Path | str,
    target_spm: Path | str,
    vocabulary: Iterable[str],
    target_texts: Iterable[str],
    parallel: Iterable[tuple[str, str]] = (),
    frequent: int = 2000,
    per_source_token: int = 20,
    min_cooccurrence: int = 2,
) -> dict[str, int]:
    """Write a CTranslate2 vocabulary map; returns counts describing it.

    - ``target_texts``: English text; its ``frequent`` most common target tokens are always allowed.
    - ``parallel``: (German, English) sentence pairs; for each German token, the
      ``per_source_token`` English tokens with the highest Dice coefficient (seen together at
      least ``min_cooccurrence`` times) become its candidates.
    - ``vocabulary``: the model's vocabulary; tokens outside it are dropped.
    """
    known = set(vocabulary)
    source, target = _spm(Path(source_spm)), _spm(Path(target_spm))
    frequency: Counter[str] = Counter()
    for text in target_texts:
        frequency.update(t for t in target.encode(text, out_type=str) if t in known)
    always = [t for t, _ in frequency.most_common(frequent)]

    source_count: Counter[str] = Counter()
    target_count: Counter[str] = Counter()
    together: Counter[tuple[str, str]] = Counter()
    for german, english in parallel:
        src = set(source.encode(german, out_type=str)) & known
        tgt = set(target.encode(english, out_type=str)) & known
        source_count.update(src)
        target_count.update(tgt)
        together.update((s, t) for s in src for t in tgt)
    candidates: dict[str, list[tuple[float, str]]] = {}
    for (s, t), n in together.items():
        if n >= min_cooccurrence:
            candidates.setdefault(s, []).append((2 * n / (source_count[s] + target_count[t]), t))

    lines = ["\t" + " ".join(always)]  # the empty source n-gram: always candidates
    for s in sorted(candidates):
        best = [t for _, t in sorted(candidates[s], key=lambda x: (-x[0], x[1]))[:per_source_token]]
        lines.append(f"{s}\t{' '.join(best)}")
    out_path = Path(out_path)
    out_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    mapped = {t for line in lines for t in line.split("\t")[1].split()}
    return {
        "always": len(always),
        "source_tokens": len(lines) - 1,
        "distinct_targets": len(mapped),
        "vocabulary": len(known),
    }


def vocab_map_coverage(
    vmap_path: Path | str,
    *,
    source_spm: Path | str,
    target_spm: Path | str,
    parallel: Iterable[tuple[str, str]],
) -> float:
    """Share of the English tokens of ``parallel`` pairs that the map allows, given each German
    sentence alone (a lower bound: in a batch the candidates of all its sentences are pooled).
    A real model cannot produce the other tokens, so this says how much the map may cost in quality."""
    always: set[str] = set()
    rules: dict[str, set[str]] = {}
    for line in Path(vmap_path).read_text(encoding="utf-8").splitlines():
        key, _, targets = line.partition("\t")
        if key:
            rules[key] = set(targets.split())
        else:
            always = set(targets.split())
    source, target = _spm(Path(source_spm)), _spm(Path(target_spm))
    allowed = total = 0
    for german, english in parallel:
        candidates = always.union(*(rules.get(t, ()) for t in source.encode(german, out_type=str)))
        tokens = target.encode(english, out_type=str)
        allowed += sum(t in candidates for t in tokens)
        total += len(tokens)
    return allowed / total if total else 1.0
