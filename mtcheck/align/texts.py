"""Aligning two sentence lists, and the passes after the search (idle merges, clauses, substitutions)."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from mtcheck.align.guide import Guide
from mtcheck.align.params import (
    DEFAULT_PARAMS,
    SPLIT_MOVES,
    AlignParams,
    Link,
    SimilarityFunction,
    _one_blas_thread,
)
from mtcheck.align.search import (
    Band,
    _band_limits,
    _joins_weak,
    _length_terms,
    _link_gains,
    _search,
    _weak_counts,
    align_dp,
    weak_boundaries,
)
from mtcheck.align.similarity import EmbeddingSimilarity


def align_texts(
    source: Sequence[str],
    target: Sequence[str],
    similarity: SimilarityFunction,
    params: AlignParams = DEFAULT_PARAMS,
) -> list[Link]:
    """Align two sentence lists. A similarity with a vectorised ``pairs`` method and a guide path
    is searched with every move in a band around that path; a plain function, cell by cell."""
    n, m = len(source), len(target)
    source_lengths, target_lengths = [len(s) for s in source], [len(t) for t in target]
    pairs = getattr(similarity, "pairs", None)
    if pairs is None:
        return align_dp(similarity, n, m, source_lengths, target_lengths, params)
    guide: Guide | None = getattr(similarity, "guide", None)
    if (n + 1) * (m + 1) <= params.full_search or n == 0 or m == 0:
        band = Band.full(n, m)
    elif guide is not None:
        band = guide.band(n, m, params.band)
    else:
        lows, highs = _band_limits(n, m, params)
        band = Band(np.asarray(lows, dtype=np.int64), np.asarray(highs, dtype=np.int64))
    src_cum, tgt_cum, ratio = _length_terms(source_lengths, target_lengths, n, m)
    weak = (weak_boundaries(source), weak_boundaries(target))
    gains = _link_gains(pairs, src_cum, tgt_cum, ratio, params, weak)
    with _one_blas_thread():
        prepare = getattr(similarity, "prepare", None)
        if prepare is not None:
            prepare(band)
        return _search(n, m, band, SPLIT_MOVES, gains, params.skip / 2)


# --- second pass: a skipped sentence that is a clause of its neighbour -------------------------------

_CLAUSE_BREAK = re.compile(
    r"\s*[,;:–—]\s+|\s+(?:and|but|while|although|und|aber|sondern|während|obwohl|doch)\s+", re.IGNORECASE
)


def clauses(sentence: str, min_words: int = 3) -> list[str]:
    """The sentence cut at commas, dashes and coordinating conjunctions (pieces of >= min_words)."""
    return [c for c in _CLAUSE_BREAK.split(sentence) if len(c.split()) >= min_words]


def absorb_clauses(
    links: list[Link],
    source: Sequence[str],
    target: Sequence[str],
    cross: EmbeddingSimilarity,
    embedder,
    params: AlignParams = DEFAULT_PARAMS,
) -> list[Link]:
    """Turn "1-1 + 0-1" into 1-2 (and "1-1 + 1-0" into 2-1) when the skipped sentence translates a
    clause of the neighbouring sentence. A sentence split in two often leaves one short part whose
    embedding is far from the whole, so the search sees an addition where there is none."""
    out = list(links)
    for k, link in enumerate(links):
        singles = len(link.source) + len(link.target) == 1
        if not singles:
            continue
        best: tuple[float, int] | None = None
        for n in (k - 1, k + 1):
            if not 0 <= n < len(out) or out[n].kind != "1-1":
                continue
            if link.target:  # 0-1: is the target sentence a clause of the neighbour's source?
                whole, part_vector = source[out[n].source[0]], cross.target_vectors[link.target[0]]
            else:  # 1-0: is the source sentence a clause of the neighbour's target?
                whole, part_vector = target[out[n].target[0]], cross.source_vectors[link.source[0]]
            pieces = clauses(whole)
            if len(pieces) < 2:
                continue
            raw = float(np.max(embedder.embed(pieces) @ part_vector))
            score = (raw - cross.baseline) / (cross.related - cross.baseline)
            threshold = params.clause_target if link.target else params.clause_source
            if score >= threshold and (best is None or score > best[0]):
                best = (score, n)
        if best is not None:
            n = best[1]
            merged = Link(
                tuple(sorted(out[n].source + link.source)), tuple(sorted(out[n].target + link.target))
            )
            out[n], out[k] = merged, merged
    return list(dict.fromkeys(out))  # the absorbed link now duplicates its neighbour


def detach_idle_parts(
    links: list[Link],
    similarity: SimilarityFunction,
    source: Sequence[str] | None = None,
    target: Sequence[str] | None = None,
) -> list[Link]:
    """Undo a merge (1-2, 2-1, 1-3, 3-1) that adds nothing: when the merged pair is no more similar
    than its best part (a single sentence, or two neighbours of a three-way merge), keep that part
    and skip the rest. A short line next to a near-copy ("Read more" after an untranslated
    sentence) otherwise rides along for free. A real split-off clause is linked again by
    :func:`absorb_clauses`. Given the texts, a merge across segmentation artefacts stays."""
    weak = (
        _weak_counts(weak_boundaries(source)) if source is not None else None,
        _weak_counts(weak_boundaries(target)) if target is not None else None,
    )
    out: list[Link] = []
    pending = list(reversed(links))
    while pending:
        link = pending.pop()
        one, many = (link.source, link.target) if len(link.source) == 1 else (link.target, link.source)
        if len(one) != 1 or len(many) < 2:
            out.append(link)
            continue
        source_side = many is link.source
        if _joins_weak(weak[0 if source_side else 1], many[0], len(many)):
            out.append(link)
            continue

        def pair(run: tuple[int, ...], source_side: bool = source_side, one: tuple[int, ...] = one) -> Link:
            return Link(run, one) if source_side else Link(one, run)

        def score(candidate: Link) -> float:
            return similarity(
                candidate.source[0], candidate.source[-1] + 1, candidate.target[0], candidate.target[-1] + 1
            )

        parts = [many[k : k + size] for size in range(1, len(many)) for k in range(len(many) - size + 1)]
        scores = [score(pair(run)) for run in parts]
        best = int(np.argmax(scores))
        if score(link) > scores[best]:
            out.append(link)
            continue
        kept = parts[best]
        # the kept part is checked again (a pair out of three may itself carry an idle sentence)
        rest = [pair(kept)]
        for k in many:
            if k not in kept:
                rest.append(Link((k,), ()) if source_side else Link((), (k,)))
        rest.sort(key=lambda x: (x.source or x.target)[0] if source_side else (x.target or x.source)[0])
        pending.extend(reversed(rest))
    return out


def extend_merges(
    links: list[Link],
    source: Sequence[str],
    target: Sequence[str],
    similarity: SimilarityFunction,
    params: AlignParams = DEFAULT_PARAMS,
) -> list[Link]:
    """Turn "2-1 + 1-0" into 3-1 (and "1-2 + 0-1" into 1-3) when the three sentences linked as one
    gain more than the merge of two plus a skipped sentence. The search only estimates a run of
    three (from its two overlapping pairs, about 0.05 too low on the normalised scale); here the
    run is embedded as text and scored with the search's own gain."""
    src_cum, tgt_cum, ratio = _length_terms(
        [len(t) for t in source], [len(t) for t in target], len(source), len(target)
    )
    weak = (weak_boundaries(source), weak_boundaries(target))

    def gain(link: Link) -> float:
        if not link.source or not link.target:
            return params.skip / 2
        i0, di, j0, dj = link.source[0], len(link.source), link.target[0], len(link.target)

        def exact(i0: int, di: int, dj: int, j: np.ndarray) -> np.ndarray:
            return np.array([min(1.0, similarity(i0, i0 + di, int(j[0]), int(j[0]) + dj))])

        row = _link_gains(exact, src_cum, tgt_cum, ratio, params, weak)
        return float(row(i0 + di, di, dj, np.array([j0 + dj]))[0])

    out = list(links)
    k = 0
    while k < len(out) - 1:
        a, b = out[k], out[k + 1]
        merged = None
        for whole, skipped in ((a, b), (b, a)):
            if whole.kind == "2-1" and skipped.kind == "1-0":
                merged = Link(tuple(sorted(whole.source + skipped.source)), whole.target)
            elif whole.kind == "1-2" and skipped.kind == "0-1":
                merged = Link(whole.source, tuple(sorted(whole.target + skipped.target)))
            else:
                continue
            run = merged.source if len(merged.source) == 3 else merged.target
            if run[-1] - run[0] != 2 or gain(merged) <= gain(whole) + gain(skipped):
                merged = None
            break
        if merged is not None:
            out[k : k + 2] = [merged]
        else:
            k += 1
    return out


def join_substitutions(links: list[Link], similarity: SimilarityFunction, threshold: float) -> list[Link]:
    """A 1-0 next to a 0-1 is one sentence translated badly more often than an omission beside an
    addition: link them 1-1 when their similarity is clearly above unrelated sentences, so the
    mistranslation and partial-omission checks see the pair."""
    out: list[Link] = []
    for link in links:
        previous = out[-1] if out else None
        if previous is not None and {previous.kind, link.kind} == {"1-0", "0-1"}:
            source = previous.source or link.source
            target = previous.target or link.target
            if similarity(source[0], source[0] + 1, target[0], target[0] + 1) >= threshold:
                out[-1] = Link(source, target)
                continue
        out.append(link)
    return out
