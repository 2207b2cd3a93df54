"""chrF between the two sides, vectorised on hashed character n-grams, for the cells near the guide path."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from mtcheck.align.guide import Guide, _calibrate, _guide_scale, _normalised, guide_path
from mtcheck.align.params import DEFAULT_PARAMS, MAX_UNIT, AlignParams, _one_blas_thread
from mtcheck.align.search import Band

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
