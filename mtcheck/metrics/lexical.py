"""sacrebleu's chrF, chrF++, BLEU and TER, for the round trip and against a human reference.

Sentence BLEU uses effective order (sacrebleu's recommendation for single sentences); the
document score is corpus BLEU over the aligned pairs. Signatures carry sacrebleu's own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sacrebleu.metrics import BLEU, CHRF, TER

from mtcheck.metrics.base import REFERENCE, ROUND_TRIP, PairMetric, SidePair, register_metric
from mtcheck.model import Signature


class SacreMetric(PairMetric):
    """A sacrebleu metric: ``sentence`` scores single sentences, ``corpus`` whole documents."""

    def __init__(self, base_name: str, sides: SidePair, sentence: Any, corpus: Any):
        self.base_name = base_name
        super().__init__(sides)
        self._sentence = sentence
        self._corpus = corpus

    def sentence_score(self, hypothesis: str, reference: str) -> float:
        return round(float(self._sentence.sentence_score(hypothesis, [reference]).score), 2)

    def corpus_score(self, hypotheses: Sequence[str], references: Sequence[str]) -> float:
        return round(float(self._corpus.corpus_score(list(hypotheses), [list(references)]).score), 2)

    @property
    def signature(self) -> Signature:
        """e.g. ``chrF2|hyp:back_translation|ref:source|nrefs:1|…|sacrebleu:2.6.0|version:mtcheck-…``."""
        score_name = self._corpus.corpus_score(["x"], [["x"]]).name  # sacrebleu's: chrF2, chrF2++, BLEU, TER
        params = [("hyp", self.sides.hypothesis), ("ref", self.sides.reference)]
        for part in self._corpus.get_signature().format().split("|"):
            key, _, value = part.partition(":")
            params.append(("sacrebleu" if key == "version" else key, value))
        return Signature(score_name, tuple(params))


def _chrf(sides: SidePair) -> SacreMetric:
    return SacreMetric("chrF", sides, CHRF(), CHRF())


def _chrf_pp(sides: SidePair) -> SacreMetric:
    return SacreMetric("chrF++", sides, CHRF(word_order=2), CHRF(word_order=2))


def _bleu(sides: SidePair) -> SacreMetric:
    return SacreMetric("BLEU", sides, BLEU(effective_order=True), BLEU())


def _ter(sides: SidePair) -> SacreMetric:
    return SacreMetric("TER", sides, TER(), TER())


def register() -> None:
    for sides in (ROUND_TRIP, REFERENCE):
        for make in (_chrf, _chrf_pp, _bleu, _ter):
            register_metric(make(sides).name, lambda _run, make=make, sides=sides: make(sides))
