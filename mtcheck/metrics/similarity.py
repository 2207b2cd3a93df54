"""Cross-lingual similarity: cosine of sentence embeddings, per pair and (mean) per document."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from mtcheck.metrics.base import PairMetric, SidePair, register_metric
from mtcheck.model import AlignedPair, Report, Signature

if TYPE_CHECKING:
    from mtcheck.embed import Embedder

SOURCE_TARGET = SidePair("target", "source")
TARGET_BACK_TRANSLATION = SidePair("back_translation", "target")


def similarity_name(sides: SidePair) -> str:
    """Named the way a reader says it: ``similarity(src,mt)``, ``similarity(mt,bt)``."""
    first, second = sides.label.split(",")
    return f"similarity({second},{first})"


class Similarity(PairMetric):
    """Cosine similarity of the two sides' embeddings; the document score is the mean over pairs."""

    base_name = "similarity"
    counts_missing_text = False

    def __init__(self, sides: SidePair, embedder: Embedder):
        super().__init__(sides)
        self.name = similarity_name(sides)
        self.embedder = embedder

    def sentence_scores(self, hypotheses: Sequence[str], references: Sequence[str]) -> list[float]:
        if not hypotheses:
            return []
        vectors = self.embedder.embed([*hypotheses, *references])
        n = len(hypotheses)
        cosines = np.einsum("ij,ij->i", vectors[:n], vectors[n:])
        return [round(float(c), 4) for c in cosines]

    def sentence_score(self, hypothesis: str, reference: str) -> float:
        return self.sentence_scores([hypothesis], [reference])[0]

    def corpus_score(self, hypotheses: Sequence[str], references: Sequence[str]) -> float:
        scores = self.sentence_scores(hypotheses, references)
        return round(float(np.mean(scores)), 4) if scores else float("nan")

    @property
    def signature(self) -> Signature:
        params = (("hyp", self.sides.hypothesis), ("ref", self.sides.reference), ("agg", "mean"))
        return Signature(self.name, params + self.embedder.signature_params)


def register() -> None:
    for sides in (SOURCE_TARGET, TARGET_BACK_TRANSLATION):
        register_metric(similarity_name(sides), lambda run, sides=sides: Similarity(sides, run.embedder))


def similarity_score_name(report: Report) -> str:
    """ "The" similarity of a report: source↔translation when there is a source, else
    translation↔back-translation."""
    return similarity_name(SOURCE_TARGET if report.source is not None else TARGET_BACK_TRANSLATION)


def pair_similarity(report: Report, pair: AlignedPair) -> float | None:
    return pair.scores.get(similarity_score_name(report))


def document_similarity(report: Report) -> float | None:
    name = similarity_score_name(report)
    return next((score.value for score in report.scores if score.name == name), None)
