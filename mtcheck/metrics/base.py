"""The Metric base class and registry, in the manner of sacrebleu.

A metric compares a hypothesis side with a reference side of the aligned pairs (e.g. the
back-translation against the source), gives sentence scores per pair and one document score,
and carries a reproducible signature. It runs only when both of its sides are present.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from mtcheck.model import Side

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


class Metric:
    """Subclasses set ``base_name`` and implement ``sentence_score``, ``corpus_score``, ``signature``."""

    base_name: str = ""
    higher_is_better: bool = True
    #: document score: does a pair without hypothesis text count (as empty text)? A lexical
    #: metric penalises the omission that way; a mean of cosines has no vector for it.
    counts_missing_text: bool = True

    def __init__(self, sides: SidePair):
        self.sides = sides

    @property
    def name(self) -> str:
        return f"{self.base_name}({self.sides.label})"

    @property
    def requires(self) -> frozenset[Side]:
        return self.sides.sides

    def sentence_score(self, hypothesis: str, reference: str) -> float:  # pragma: no cover - abstract
        raise NotImplementedError

    def sentence_scores(self, hypotheses: Sequence[str], references: Sequence[str]) -> list[float]:
        """One score per pair of texts (subclasses batch this where it pays)."""
        return [self.sentence_score(h, r) for h, r in zip(hypotheses, references, strict=True)]

    def corpus_score(self, hypotheses: Sequence[str], references: Sequence[str]) -> float:  # pragma: no cover
        raise NotImplementedError

    @property
    def signature(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError


#: A factory gets the run's embedder (or None) and returns its metric, or None when it cannot run.
MetricFactory = Callable[[Any], "Metric | None"]

#: metric name → factory; every registered metric runs when its sides are present
METRICS: dict[str, MetricFactory] = {}


def register_metric(name: str, factory: MetricFactory) -> None:
    if name in METRICS:
        raise ValueError(f"metric {name!r} registered twice")
    METRICS[name] = factory
