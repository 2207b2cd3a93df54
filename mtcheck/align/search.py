"""The banded dynamic-programming search (one numpy pass per row) and its link gains."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from mtcheck.align.params import DEFAULT_PARAMS, MOVES, AlignParams, Link, SimilarityFunction

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
