"""Scores: a registry of metrics (sacrebleu chrF, chrF++, BLEU, TER; cross-lingual similarity).

``score_report`` runs every registered metric whose two sides are present: sentence scores go
into ``pair.scores`` (only for pairs that have text on both sides, so an omission or addition
gets no sentence score), document scores into ``report.scores``. A document score covers the
pairs where the metric's reference side has text: a sentence missing from the hypothesis
counts as empty and lowers the score, as an omission should.
"""

from __future__ import annotations

from mtcheck.metrics import lexical, similarity  # noqa: F401  (modules register their metrics)
from mtcheck.metrics.base import METRICS, REFERENCE, ROUND_TRIP, Metric, SidePair, register_metric
from mtcheck.model import Report, Score

__all__ = ["METRICS", "REFERENCE", "ROUND_TRIP", "Metric", "SidePair", "register_metric", "score_report"]


def active_metrics(report: Report, embedder=None) -> list[Metric]:
    """The registered metrics whose inputs are present in ``report``."""
    present = report.present()
    metrics = []
    for factory in METRICS.values():
        metric = factory(embedder)
        if metric is not None and metric.requires <= present:
            metrics.append(metric)
    return metrics


def score_report(report: Report, embedder=None) -> Report:
    """Fill ``pair.scores`` and append the document scores to ``report.scores``."""
    for metric in active_metrics(report, embedder):
        hyp_side, ref_side = metric.sides.hypothesis, metric.sides.reference
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
        for pair, value in zip(both, metric.sentence_scores(hypotheses, references), strict=True):
            pair.scores[metric.name] = value
        if not metric.counts_missing_text:
            corpus_hyps, corpus_refs = hypotheses, references
        if corpus_refs:
            value = metric.corpus_score(corpus_hyps, corpus_refs)
            report.scores.append(Score(metric.name, value, metric.signature))
    return report
