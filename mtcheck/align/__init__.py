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

Modules: :mod:`~mtcheck.align.params` (moves, parameters, links), :mod:`~mtcheck.align.search`
(the banded search and link gains), :mod:`~mtcheck.align.guide` (guide path, calibration),
:mod:`~mtcheck.align.chrf` and :mod:`~mtcheck.align.similarity` (similarity sources),
:mod:`~mtcheck.align.texts` (aligning two sentence lists and the passes after the search) and
:mod:`~mtcheck.align.report` (the pipeline stage). The public names are re-exported here.
"""

from __future__ import annotations

from mtcheck.align.chrf import CHAR_ORDER, ChrfSimilarity
from mtcheck.align.guide import Guide, guide_path
from mtcheck.align.params import (
    DEFAULT_PARAMS,
    MAX_UNIT,
    MOVES,
    SPLIT_MOVES,
    AlignParams,
    Link,
    SimilarityFunction,
)
from mtcheck.align.report import align_report
from mtcheck.align.search import Band, GainFunction, align_dp, align_matrix, weak_boundaries
from mtcheck.align.similarity import EmbeddingSimilarity, WeightedSimilarity
from mtcheck.align.texts import (
    absorb_clauses,
    align_texts,
    clauses,
    detach_idle_parts,
    extend_merges,
    join_substitutions,
)

__all__ = [
    "CHAR_ORDER",
    "DEFAULT_PARAMS",
    "MAX_UNIT",
    "MOVES",
    "SPLIT_MOVES",
    "AlignParams",
    "Band",
    "ChrfSimilarity",
    "EmbeddingSimilarity",
    "GainFunction",
    "Guide",
    "Link",
    "SimilarityFunction",
    "WeightedSimilarity",
    "absorb_clauses",
    "align_dp",
    "align_matrix",
    "align_report",
    "align_texts",
    "clauses",
    "detach_idle_parts",
    "extend_merges",
    "guide_path",
    "join_substitutions",
    "weak_boundaries",
]
