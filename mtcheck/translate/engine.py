"""Run a :class:`BackTranslator` over many sentences: cache, long-input splitting,
length-sorted batches, original order restored.

A backend that reads context (``uses_context = True``, the ``llm`` backend) gets each sentence with its
context (the neighbouring German sentences); the context is then part of the unit that is cached and
deduplicated. Other backends never see it, and their cache keys are as before.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from mtcheck.translate.base import BackTranslator, ProgressCallback, origin_of
from mtcheck.translate.cache import TranslationCache, cache_key

# Break after clause punctuation, or before a dash/opening bracket that starts an inserted clause.
_CLAUSE_BREAK = re.compile(r"(?<=[,;:)])\s+|\s+(?=[–—(])")


@dataclass
class TranslationRun:
    outputs: list[str]
    translated: int = 0  # sentences that went through the model
    cached: int = 0  # sentences answered by the cache
    batches: int = 0
    split: list[int] = field(default_factory=list)  # indices of inputs split into pieces
    truncated: list[int] = field(default_factory=list)  # indices where a piece still exceeded the limit


def split_long_input(text: str, limit: int, count: Callable[[list[str]], list[int]]) -> list[str]:
    """Cut ``text`` into pieces of at most ``limit`` tokens, at clause punctuation where possible,
    else between words. A single word longer than the limit stays whole (the backend truncates it)."""
    clauses = [c for c in _CLAUSE_BREAK.split(text) if c.strip()]
    units: list[str] = []
    for clause, n in zip(clauses, count(clauses), strict=True):
        units.extend(clause.split() if n > limit else [clause])
    pieces: list[str] = []
    current: list[str] = []
    for unit in units:
        candidate = " ".join([*current, unit])
        if current and count([candidate])[0] > limit:
            pieces.append(" ".join(current))
            current = [unit]
        else:
            current.append(unit)
    if current:
        pieces.append(" ".join(current))
    return pieces


#: (sentence, its context); the context is "" for backends that do not read it
Unit = tuple[str, str]


def uses_context(translator: BackTranslator) -> bool:
    return bool(getattr(translator, "uses_context", False))


def _unit_key(translator: BackTranslator, generation_key: str, unit: Unit) -> str:
    text, context = unit
    keyed = json.dumps([text, context], ensure_ascii=False) if context else text
    return cache_key(translator.backend, translator.model_id, translator.revision, generation_key, keyed)


def _units(translator: BackTranslator, texts: list[str], contexts: list[str] | None) -> list[Unit]:
    """Each text with its context, or with "" for a backend that does not read context."""
    if contexts is None or not uses_context(translator):
        return [(t.strip(), "") for t in texts]
    return [(t.strip(), c) for t, c in zip(texts, contexts, strict=True)]


def _from_cache(cache: TranslationCache | None, keys: dict[Unit, str]) -> dict[Unit, str]:
    if cache is None:
        return {}
    hits = cache.get_many(keys.values())
    return {u: hits[k] for u, k in keys.items() if k in hits}


def translate_texts(
    translator: BackTranslator,
    texts: list[str],
    *,
    cache: TranslationCache | None = None,
    batch_size: int = 16,
    progress: ProgressCallback | None = None,
    contexts: list[str] | None = None,
) -> TranslationRun:
    """Translate ``texts`` (any order, duplicates allowed) and return outputs in input order."""
    units = _units(translator, texts, contexts)
    unique = list(dict.fromkeys(u for u in units if u[0]))
    generation_key = translator.generation.key()
    keys = {u: _unit_key(translator, generation_key, u) for u in unique}
    done = _from_cache(cache, keys)
    todo = [u for u in unique if u not in done]
    run = TranslationRun(outputs=[], cached=len(done), translated=len(todo))
    # Cached sentences are measured too, so a re-run reports the same warnings as the first run.
    pieces_of, over_limit, cut = _long_inputs(translator, list(dict.fromkeys(t for t, _ in unique)))
    fresh = _translate_pieces(translator, todo, pieces_of, run, max(1, batch_size), progress)
    if cache is not None and fresh:
        cache.put_many(origin_of(translator), {keys[u]: out for u, out in fresh.items()})
    done.update(fresh)
    run.outputs = [done.get(u, "") for u in units]
    run.split = [i for i, (t, _) in enumerate(units) if t in over_limit]
    run.truncated = [i for i, (t, _) in enumerate(units) if t in cut]
    return run


def _long_inputs(
    translator: BackTranslator, texts: list[str]
) -> tuple[dict[str, list[str]], set[str], set[str]]:
    """Each text's pieces (long inputs are split, each piece is translated on its own and the
    outputs re-joined), the texts over the limit, and those still over it after splitting."""
    limit = translator.max_input_tokens
    pieces_of: dict[str, list[str]] = {}
    over_limit: set[str] = set()
    cut: set[str] = set()
    for text, n in zip(texts, translator.count_tokens(texts), strict=True):
        if n <= limit:
            pieces_of[text] = [text]
            continue
        over_limit.add(text)
        pieces_of[text] = split_long_input(text, limit, translator.count_tokens)
        if any(n > limit for n in translator.count_tokens(pieces_of[text])):
            cut.add(text)
    return pieces_of, over_limit, cut


def _translate_pieces(
    translator: BackTranslator,
    todo: list[Unit],
    pieces_of: dict[str, list[str]],
    run: TranslationRun,
    batch_size: int,
    progress: ProgressCallback | None,
) -> dict[Unit, str]:
    """Translate every piece of the units ``todo`` in length-sorted batches; unit → joined output."""
    pieces = [(i, part) for i, (text, _) in enumerate(todo) for part in pieces_of[text]]
    # Longest first, as CTranslate2 does: similar lengths share a batch, so little padding.
    lengths = translator.count_tokens([p for _, p in pieces]) if pieces else []
    order = sorted(range(len(pieces)), key=lambda j: -lengths[j])
    piece_out: list[str] = [""] * len(pieces)
    total, finished = run.cached + len(pieces), run.cached
    if progress:
        progress(finished, total)
    # A backend with parallel workers (CTranslate2 with bt-workers) gets one batch per worker per call
    # and decodes them side by side, each worker a whole batch of ``batch_size`` sentences.
    per_call = batch_size * max(1, int(getattr(translator, "parallel_batches", 1)))
    for start in range(0, len(order), per_call):
        batch = order[start : start + per_call]
        texts = [pieces[j][1] for j in batch]
        if uses_context(translator):
            outputs = translator.translate_batch(texts, [todo[pieces[j][0]][1] for j in batch])  # type: ignore[call-arg]
        else:
            outputs = translator.translate_batch(texts)
        run.batches += -(-len(batch) // batch_size)
        for j, out in zip(batch, outputs, strict=True):
            piece_out[j] = out.strip()
        finished += len(batch)
        if progress:
            progress(finished, total)
    joined: dict[int, list[str]] = {}
    for (i, _), out in zip(pieces, piece_out, strict=True):
        joined.setdefault(i, []).append(out)
    return {unit: " ".join(joined.get(i, [])) for i, unit in enumerate(todo)}
