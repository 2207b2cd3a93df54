"""The guide path (coarse to fine over single-sentence vectors) and the per-article calibration."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from mtcheck.align.params import AlignParams, Link
from mtcheck.align.search import Band, _length_terms, _link_gains, _search

# --- the guide path --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Guide:
    """A cheap alignment path: for each source state i, the target states it visits."""

    first: np.ndarray  # lowest target state on the path in row i
    last: np.ndarray  # highest

    def band(self, n: int, m: int, radius: int) -> Band:
        """Every state within ``radius`` rows and columns of the path."""
        k = 2 * radius + 1
        low = np.concatenate([np.full(radius, np.iinfo(np.int64).max), self.first, np.full(radius, m)])
        high = np.concatenate([np.full(radius, -1), self.last, np.full(radius, -1)])
        lows = np.lib.stride_tricks.sliding_window_view(low, k).min(axis=1) - radius
        highs = np.lib.stride_tricks.sliding_window_view(high, k).max(axis=1) + radius
        return Band(np.clip(lows, 0, m).astype(np.int64), np.clip(highs, 0, m).astype(np.int64))

    def centre(self, i: int) -> float:
        """Where source sentence i lies on the target side: the path leaves row i from here."""
        return float(self.last[i])


def _path_to_guide(links: list[Link], n: int) -> Guide:
    first = np.full(n + 1, np.iinfo(np.int64).max)
    last = np.full(n + 1, -1)
    i = j = 0
    first[0] = last[0] = 0
    for link in links:
        i, j = i + len(link.source), j + len(link.target)
        first[i], last[i] = min(first[i], j), max(last[i], j)
    return Guide(first.astype(np.int64), last.astype(np.int64))


def _halve(vectors: np.ndarray) -> np.ndarray:
    """Neighbouring rows summed and renormalised: the same text at half the resolution."""
    if len(vectors) % 2:
        vectors = np.vstack([vectors, np.zeros((1, vectors.shape[1]), dtype=vectors.dtype)])
    pairs = vectors[0::2] + vectors[1::2]
    norms = np.linalg.norm(pairs, axis=1, keepdims=True)
    return pairs / np.where(norms > 0, norms, 1.0)


def guide_path(
    source: np.ndarray, target: np.ndarray, baseline: float, related: float, params: AlignParams
) -> Guide:
    """A 1-1/skip path over L2-normalised single-sentence vectors, coarse to fine.

    Small inputs are searched whole. Longer ones are halved, aligned recursively, and the path
    is searched again at full resolution within ``guide_radius`` of the coarse one.
    """
    n, m = len(source), len(target)
    if n == 0 or m == 0 or (n + 1) * (m + 1) <= params.full_search:
        band = Band.full(n, m)
    else:
        coarse = guide_path(_halve(source), _halve(target), baseline, related, params)
        projected = Guide(np.minimum(2 * coarse.first, m), np.minimum(2 * coarse.last, m))
        # row 2k of this level is row k of the coarser one; odd rows are covered by the radius
        first = np.full(n + 1, np.iinfo(np.int64).max)
        last = np.full(n + 1, -1)
        rows = np.minimum(2 * np.arange(len(coarse.first)), n)
        np.minimum.at(first, rows, projected.first)
        np.maximum.at(last, rows, projected.last)
        band = Guide(first, last).band(n, m, max(2, params.guide_radius))
    scale = 1.0 / max(related - baseline, 1e-6)

    def similarity(i0: int, di: int, dj: int, j0: np.ndarray) -> np.ndarray:
        return np.minimum(1.0, (target[j0] @ source[i0] - baseline) * scale)

    guide_moves = ((1, 1), (1, 0), (0, 1))
    src_cum, tgt_cum, ratio = _length_terms(None, None, n, m)
    # no length penalty: the guide has no sentence lengths, and the count ratio is no evidence
    gains = _link_gains(similarity, src_cum, tgt_cum, ratio, replace(params, length_weight=0.0))
    return _path_to_guide(_search(n, m, band, guide_moves, gains, params.skip / 2), n)


def _diagonal_guide(n: int, m: int) -> Guide:
    """The proportional diagonal, for calibrating without a guide path."""
    states = np.round(np.arange(n + 1) * (m / n if n else 0.0)).astype(np.int64)
    return Guide(states, states)


# --- calibration -----------------------------------------------------------------------------------


def _calibrate(
    raw: Callable[[np.ndarray, np.ndarray], np.ndarray],
    n: int,
    m: int,
    default: float,
    guide: Guide | None = None,
) -> tuple[float, float]:
    """What "unrelated" and "translation of each other" look like in this article.

    Unrelated: the median similarity of sentence pairs far from the guide path (the proportional
    diagonal without one). Related: the median, over source sentences, of the best similarity
    near it (most sentences have a counterpart there). Scaling by both makes one skip threshold
    fit every similarity measure. ``raw(i, j)`` takes arrays of single-sentence indices.
    """
    if n == 0 or m == 0:
        return default, 1.0
    guide = guide or _diagonal_guide(n, m)
    rng = np.random.default_rng(0)  # fixed seed: the same article aligns the same way every run
    draws = [(int(rng.integers(n)), int(rng.integers(m))) for _ in range(min(400, 4 * n * m))]
    i = np.array([d[0] for d in draws], dtype=np.int64)
    j = np.array([d[1] for d in draws], dtype=np.int64)
    centres = np.array([guide.centre(int(k)) for k in range(n)])
    far = np.abs(j - centres[i]) > 3
    unrelated = raw(i[far], j[far]) if far.any() else np.array([])
    baseline = float(np.median(unrelated)) if len(unrelated) >= 20 else default
    rows = np.arange(n) if n <= 200 else np.sort(rng.choice(n, 200, replace=False))
    row_ids, col_ids = [], []
    for k in rows:
        centre = round(centres[k])
        for col in range(max(0, centre - 3), min(m, centre + 4)):
            row_ids.append(k)
            col_ids.append(col)
    values = raw(np.asarray(row_ids, dtype=np.int64), np.asarray(col_ids, dtype=np.int64))
    best: dict[int, float] = {}
    for k, value in zip(row_ids, values, strict=True):
        best[k] = max(best.get(k, -np.inf), float(value))
    related = float(np.median(list(best.values())))
    return baseline, max(related, baseline + 0.05)


# --- similarity sources ---------------------------------------------------------------------------


def _span_texts(sentences: Sequence[str]) -> list[str]:
    """Each sentence, then each pair of neighbours joined: the units a link can cover."""
    return list(sentences) + [f"{a} {b}" for a, b in zip(sentences, sentences[1:], strict=False)]


def _unit_index(n: int, start: int, end: int) -> int:
    """Row of sentences [start, end) in the list built by :func:`_span_texts`."""
    return start if end - start == 1 else n + start


def _normalised(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms > 0, norms, 1.0)


def _unit_vectors(singles: np.ndarray, pairs: np.ndarray | None) -> dict[int, np.ndarray]:
    """Vectors of runs of 1, 2 and 3 sentences, indexed by their first sentence.

    Pairs are embedded as text where given; a run of three is approximated by the sum of its two
    overlapping pairs (embedding every triple would cost as much again as all the rest).
    """
    if pairs is None:
        pairs = _normalised(singles[:-1] + singles[1:]) if len(singles) > 1 else singles[:0]
    triples = _normalised(pairs[:-1] + pairs[1:]) if len(pairs) > 1 else pairs[:0]
    return {1: singles, 2: pairs, 3: triples}


def _guide_scale(source: np.ndarray, target: np.ndarray, default: float) -> tuple[float, float]:
    """Baseline and counterpart similarity for the guide search, before any path is known:
    random pairs for the baseline, each sampled source sentence's best match anywhere for the
    counterparts (up to 200 rows × all targets: linear in length)."""
    n, m = len(source), len(target)
    rng = np.random.default_rng(0)
    draws = min(400, 4 * n * m)
    i, j = rng.integers(n, size=draws), rng.integers(m, size=draws)
    far = np.abs(j - i * m / n) > 3
    values = np.einsum("ij,ij->i", source[i[far]], target[j[far]])
    baseline = float(np.median(values)) if len(values) >= 20 else default
    rows = np.arange(n) if n <= 200 else rng.choice(n, 200, replace=False)
    related = float(np.median((source[rows] @ target.T).max(axis=1)))
    return baseline, max(related, baseline + 0.05)
