"""Scores: one registry of metrics (sacrebleu's chrF, chrF++, BLEU and TER; cross-lingual similarity;
COMET; mtcheck's quality estimate), each with a signature.

:func:`score_run` runs every registered metric whose sides are present: the pair metrics in the
score stage, the ones that read findings (``after_checks``) once the checks have run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mtcheck.metrics.base import METRICS, REFERENCE, ROUND_TRIP, Metric, PairMetric, SidePair, register_metric

if TYPE_CHECKING:
    from mtcheck.run import Run

__all__ = [
    "METRICS",
    "REFERENCE",
    "ROUND_TRIP",
    "Metric",
    "PairMetric",
    "SidePair",
    "active_metrics",
    "register_metric",
    "score_run",
]


def active_metrics(run: Run, after_checks: bool = False) -> list[Metric]:
    """The registered metrics of one stage that are configured and whose inputs are present."""
    present = run.report.present()
    metrics = []
    for factory in METRICS.values():
        metric = factory(run)
        if metric is not None and metric.after_checks == after_checks and metric.requires <= present:
            metrics.append(metric)
    return metrics


def score_run(run: Run, after_checks: bool = False) -> None:
    """Sentence scores into ``pair.scores``, document scores appended to ``report.scores``."""
    for metric in active_metrics(run, after_checks):
        score = metric.score(run)
        if score is not None:
            run.report.scores.append(score)
