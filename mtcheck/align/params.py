"""Search moves and parameters, the link type, and the BLAS thread limit the aligner runs under."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable
from dataclasses import dataclass

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
