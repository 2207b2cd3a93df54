"""Cross-lingual similarity: cosine of sentence embeddings, per pair and (mean) per document."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from mtcheck.metrics.base import Metric, SidePair, register_metric

SOURCE_TARGET = SidePair("target", "source")
TARGET_BACK_TRANSLATION = SidePair("back_translation", "target")


class Similarity(Metric):
    """Cosine similarity of the two sides' embeddings; the document score is the mean over pairs."""

    base_name = "similarity"
    counts_missing_text = False

    def __init__(self, sides: SidePair, embedder):
        super().__init__(sides)
        self.embedder = embedder

    @property
    def name(self) -> str:
        # name the pair the way a reader says it: similarity(src,mt), similarity(mt,bt)
        first, second = self.sides.label.split(",")
        return f"similarity({second},{first})"

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
    def signature(self) -> str:
        return f"cosine|hyp:{self.sides.hypothesis}|ref:{self.sides.reference}|mean|{self.embedder.signature}"


for _sides in (SOURCE_TARGET, TARGET_BACK_TRANSLATION):
    _name = Similarity(_sides, None).name
    register_metric(_name, lambda embedder, sides=_sides: Similarity(sides, embedder) if embedder else None)
