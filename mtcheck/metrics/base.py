"""The Metric base class and registry, in the manner of sacrebleu.

Every score mtcheck reports comes from a registered :class:`Metric`: the lexical metrics, the
cross-lingual similarity, COMET and mtcheck's own quality estimate. A metric states the sides it
needs, whether it reads the checks' findings (then it runs after the checks), and carries a
:class:`~mtcheck.model.Signature`. It writes sentence scores into ``pair.scores`` and returns its
document score.

Most metrics compare a hypothesis side with a reference side pair by pair (:class:`PairMetric`):
the back-translation against the source, the translation against a human reference.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mtcheck.model import Score, Side, Signature
from mtcheck.registry import Registry

if TYPE_CHECKING:
    from mtcheck.run import Run

#: short side names used in metric names, e.g. ``chrF(bt,src)``
SIDE_ABBREVIATIONS: dict[Side, str] = {
    "source": "src",
    "target": "mt",
    "back_translation": "bt",
    "reference": "ref",
}


@dataclass(frozen=True)
class SidePair:
    """The two sides a metric compares: the hypothesis is scored against the reference."""

    hypothesis: Side
    reference: Side

    @property
    def label(self) -> str:
        return f"{SIDE_ABBREVIATIONS[self.hypothesis]},{SIDE_ABBREVIATIONS[self.reference]}"

    @property
    def sides(self) -> frozenset[Side]:
        return frozenset((self.hypothesis, self.reference))


#: back-translation against the source (round trip), and translation against a human reference
ROUND_TRIP = SidePair("back_translation", "source")
REFERENCE = SidePair("target", "reference")

#: score names (lower-cased prefixes) where less is better: TER (edits per reference word) and
#: MetricX (a predicted MQM-like error score); every other mtcheck score is "more is better"
LOWER_IS_BETTER = ("ter", "metricx")


def lower_is_better(score_name: str) -> bool:
    """Whether a smaller value of the score called ``score_name`` (e.g. "TER(mt,ref)") is better."""
    return score_name.lower().startswith(LOWER_IS_BETTER)


class Metric:
    """A named score. Subclasses set ``name`` and ``requires`` and implement :meth:`score`."""

    name: str = ""
    requires: frozenset[Side] = frozenset({"target"})
    #: reads the checks' findings, so it runs after the check stage
    after_checks: bool = False

    @property
    def signature(self) -> Signature:  # pragma: no cover - abstract
        raise NotImplementedError

    def score(self, run: Run) -> Score | None:  # pragma: no cover - abstract
        """Fill ``pair.scores[self.name]`` and return the document score (None if there is none)."""
        raise NotImplementedError


class PairMetric(Metric):
    """A metric over the aligned pairs' text on two sides. Sentence scores go to pairs that have text
    on both sides (an omission or addition gets none). The document score covers the pairs where
    the reference side has text: a sentence missing from the hypothesis counts as empty and lowers
    a lexical score, as an omission should."""

    base_name: str = ""
    #: document score: does a pair without hypothesis text count (as empty text)? A lexical
    #: metric penalises the omission that way; a mean of cosines has no vector for it.
    counts_missing_text: bool = True

    def __init__(self, sides: SidePair):
        self.sides = sides
        self.name = f"{self.base_name}({sides.label})"
        self.requires = sides.sides

    def sentence_score(self, hypothesis: str, reference: str) -> float:  # pragma: no cover - abstract
        raise NotImplementedError

    def sentence_scores(self, hypotheses: Sequence[str], references: Sequence[str]) -> list[float]:
        """One score per pair of texts (subclasses batch this where it pays)."""
        return [self.sentence_score(h, r) for h, r in zip(hypotheses, references, strict=True)]

    def corpus_score(self, hypotheses: Sequence[str], references: Sequence[str]) -> float:  # pragma: no cover
        raise NotImplementedError

    def score(self, run: Run) -> Score | None:
        report = run.report
        hyp_side, ref_side = self.sides.hypothesis, self.sides.reference
        both, hypotheses, references = [], [], []
        corpus_hyps, corpus_refs = [], []
        for pair in report.pairs:
            hypothesis, reference = report.pair_text(pair, hyp_side), report.pair_text(pair, ref_side)
            if hypothesis.strip() and reference.strip():
                both.append(pair)
                hypotheses.append(hypothesis)
                references.append(reference)
            if reference.strip():
                corpus_hyps.append(hypothesis)
                corpus_refs.append(reference)
        for pair, value in zip(both, self.sentence_scores(hypotheses, references), strict=True):
            pair.scores[self.name] = value
        if not self.counts_missing_text:
            corpus_hyps, corpus_refs = hypotheses, references
        if not corpus_refs:
            return None
        return Score(self.name, self.corpus_score(corpus_hyps, corpus_refs), self.signature)


#: A factory gets the run and returns its metric, or None when it is not configured (COMET without
#: a model) or cannot run.
MetricFactory = Callable[["Run"], "Metric | None"]


#: Built-in metric modules, in the order their scores are reported. Each has a ``register()``
#: that the registry calls on first use, so the order never depends on which module was imported first.
BUILTIN_MODULES = ("lexical", "consensus", "similarity", "comet", "metricx", "estimate")


def _load_builtin_metrics() -> None:
    for module in BUILTIN_MODULES:
        importlib.import_module(f"mtcheck.metrics.{module}").register()


#: metric name → factory; every registered metric runs when its sides are present
METRICS: Registry[MetricFactory] = Registry("metric", _load_builtin_metrics)


def register_metric(name: str, factory: MetricFactory) -> None:
    METRICS.add(name, factory)
