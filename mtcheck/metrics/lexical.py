"""sacrebleu's chrF, chrF++, BLEU and TER, for the round trip and against a human reference.

Sentence BLEU uses effective order (sacrebleu's recommendation for single sentences); the
document score is corpus BLEU over the aligned pairs. Signatures are sacrebleu's own.
"""

from __future__ import annotations

from collections.abc import Sequence

from sacrebleu.metrics import BLEU, CHRF, TER

from mtcheck.metrics.base import REFERENCE, ROUND_TRIP, Metric, SidePair, register_metric


class SacreMetric(Metric):
    """A sacrebleu metric: ``sentence`` scores single sentences, ``corpus`` whole documents."""

    def __init__(self, base_name: str, sides: SidePair, sentence, corpus, higher_is_better: bool = True):
        super().__init__(sides)
        self.base_name = base_name
        self.higher_is_better = higher_is_better
        self._sentence = sentence
        self._corpus = corpus
        self._score_name: str | None = None

    def sentence_score(self, hypothesis: str, reference: str) -> float:
        return round(float(self._sentence.sentence_score(hypothesis, [reference]).score), 2)

    def corpus_score(self, hypotheses: Sequence[str], references: Sequence[str]) -> float:
        return round(float(self._corpus.corpus_score(list(hypotheses), [list(references)]).score), 2)

    @property
    def signature(self) -> str:
        """e.g. ``chrF2|hyp:back_translation|ref:source|nrefs:1|case:mixed|eff:yes|nc:6|…|version:2.6.0``."""
        if self._score_name is None:  # sacrebleu's own name for it: chrF2, chrF2++, BLEU, TER
            self._score_name = self._corpus.corpus_score(["x"], [["x"]]).name
        score_name = self._score_name
        sides = f"hyp:{self.sides.hypothesis}|ref:{self.sides.reference}"
        return f"{score_name}|{sides}|{self._corpus.get_signature().format()}"


def _chrf(sides: SidePair) -> SacreMetric:
    return SacreMetric("chrF", sides, CHRF(), CHRF())


def _chrf_pp(sides: SidePair) -> SacreMetric:
    return SacreMetric("chrF++", sides, CHRF(word_order=2), CHRF(word_order=2))


def _bleu(sides: SidePair) -> SacreMetric:
    return SacreMetric("BLEU", sides, BLEU(effective_order=True), BLEU())


def _ter(sides: SidePair) -> SacreMetric:
    return SacreMetric("TER", sides, TER(), TER(), higher_is_better=False)


for _sides in (ROUND_TRIP, REFERENCE):
    for _make in (_chrf, _chrf_pp, _bleu, _ter):
        _metric = _make(_sides)
        register_metric(_metric.name, lambda _embedder, make=_make, sides=_sides: make(sides))
