"""Scores over texts that come in numbers: several back-translations, and other engines' translations.

- ``chrF(bt-best,src)``: with more than one back-translation, each pair's best round trip (the
  back-translation closest to the source, by sentence chrF) and the corpus chrF of those best ones.
  One engine's slip cannot make a pair look diverged when another engine's round trip is fine.
- ``chrF(mt,alt)``: the translation against other engines' German translations of the same source
  (``--alternative``), as a multi-reference chrF (sacrebleu keeps the best-matching reference per
  segment). A pseudo-reference: on WMT23 dev, chrF consensus reaches item-grouped tau-b 0.13 with one
  alternative and 0.17 with 13, against 0.24 with a real human reference. ``consensus.divergence``
  reads its pair scores.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sacrebleu.metrics import CHRF

from mtcheck.metrics.base import Metric, register_metric
from mtcheck.model import Score, Signature, package_version

if TYPE_CHECKING:
    from mtcheck.run import Run

BEST_ROUND_TRIP = "chrF(bt-best,src)"
ALTERNATIVES = "chrF(mt,alt)"


def _origins(linked: list) -> str:
    return ",".join(x.origin for x in linked)


class BestRoundTrip(Metric):
    name = BEST_ROUND_TRIP
    requires = frozenset({"source", "back_translation"})

    def __init__(self, origins: list[str]):
        self.origins = origins
        self._chrf = CHRF()

    @property
    def signature(self) -> Signature:
        params = (
            ("hyp", "best of " + ",".join(self.origins)),
            ("ref", "source"),
            ("sacrebleu", package_version("sacrebleu")),
        )
        return Signature("chrF2-best-bt", params)

    def score(self, run: Run) -> Score | None:
        report = run.report
        best_hyps, sources = [], []
        for pair in report.pairs:
            source = report.pair_text(pair, "source")
            if not source.strip():
                continue
            candidates = [report.pair_text(pair, "back_translation")]
            candidates += [extra.pair_text(pair) for extra in report.extra_back_translations]
            scored = [(self._chrf.sentence_score(c, [source]).score, c) for c in candidates if c.strip()]
            value, best = max(scored) if scored else (0.0, "")
            if scored:
                pair.scores[self.name] = round(value, 2)
            best_hyps.append(best)
            sources.append(source)
        if not sources:
            return None
        return Score(self.name, round(self._chrf.corpus_score(best_hyps, [sources]).score, 2), self.signature)


class AlternativeReference(Metric):
    name = ALTERNATIVES
    requires = frozenset({"target"})

    def __init__(self, origins: list[str]):
        self.origins = origins
        self._chrf = CHRF()

    @property
    def signature(self) -> Signature:
        params = (
            ("hyp", "target"),
            ("refs", ",".join(self.origins)),
            ("nrefs", str(len(self.origins))),
            ("sacrebleu", package_version("sacrebleu")),
        )
        return Signature("chrF2-pseudo-ref", params)

    def score(self, run: Run) -> Score | None:
        report = run.report
        hypotheses: list[str] = []
        references: list[list[str]] = [[] for _ in report.alternatives]
        for pair in report.pairs:
            target = report.pair_text(pair, "target")
            if not target.strip():
                continue
            alternatives = [alt.pair_text(pair) for alt in report.alternatives]
            if any(a.strip() for a in alternatives):
                pair.scores[self.name] = round(self._chrf.sentence_score(target, alternatives).score, 2)
            hypotheses.append(target)
            for column, text in zip(references, alternatives, strict=True):
                column.append(text)
        if not hypotheses:
            return None
        return Score(
            self.name, round(self._chrf.corpus_score(hypotheses, references).score, 2), self.signature
        )


def _best_round_trip(run: Run) -> Metric | None:
    report = run.report
    if not report.extra_back_translations:
        return None
    return BestRoundTrip([o for o, _ in report.back_translations()])


def _alternatives(run: Run) -> Metric | None:
    alternatives = run.report.alternatives
    return AlternativeReference([a.origin for a in alternatives]) if alternatives else None


def register() -> None:
    register_metric(BEST_ROUND_TRIP, _best_round_trip)
    register_metric(ALTERNATIVES, _alternatives)
