"""Which of two German translations of one English article is better: ``mtcheck compare``.

Both run through the whole pipeline (:func:`mtcheck.pipeline.check`) against the same source. The
comparison is made over the *source sentences*, the items both translations share: each side's
sentence scores are read from the aligned pair that holds the source sentence, and every metric is
compared with a paired bootstrap (:mod:`mtcheck.metrics.bootstrap`, as sacrebleu's ``--paired-bs``).

* findings by fingerprint: only in A, only in B, in both (the same check on the same text in the
  same sentence: for a post-edit, what the editor left as it was);
* MQM per side (penalty per 1,000 words of counted findings; lower is better);
* every sentence score both sides have (similarity to the source, the quality estimate, chrF/BLEU/TER
  against a reference with ``reference``…);
* chrF between A and B over the shared source sentences (how much the two differ at all).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from mtcheck.config import Settings
from mtcheck.metrics.base import lower_is_better
from mtcheck.metrics.bootstrap import CONFIDENCE, RESAMPLES, SEED, PairedResult, mean_of, paired_bootstrap
from mtcheck.model import Finding, InputError, Report
from mtcheck.mqm import penalty

MQM_NAME = "MQM per 1,000 words"


@dataclass(frozen=True)
class MetricComparison:
    name: str
    result: PairedResult


@dataclass
class Comparison:
    a: Report
    b: Report
    #: per source sentence, the index of the pair that holds it in A and in B
    pairs_a: list[int]
    pairs_b: list[int]
    only_a: list[Finding] = field(default_factory=list)
    only_b: list[Finding] = field(default_factory=list)
    both: list[tuple[Finding, Finding]] = field(default_factory=list)
    metrics: list[MetricComparison] = field(default_factory=list)
    chrf_a_b: float = 0.0
    chrf_signature: str = ""
    resamples: int = RESAMPLES
    seed: int = SEED
    confidence: float = CONFIDENCE

    @property
    def units(self) -> int:
        """Source sentences: the items the bootstrap resamples."""
        return len(self.pairs_a)

    def better(self, alpha: float = 0.05) -> dict[str, str | None]:
        """Per metric: "a" or "b" when the paired bootstrap says so at ``alpha`` (one-sided), else None."""
        verdicts: dict[str, str | None] = {}
        for metric in self.metrics:
            p = metric.result.p_value
            verdicts[metric.name] = "a" if p < alpha else "b" if p > 1 - alpha else None
        return verdicts


def unit_pairs(report: Report) -> list[int]:
    """For each source sentence, the index of the pair that holds it."""
    assert report.source is not None
    holder = [-1] * len(report.source.sentences)
    for pair in report.pairs:
        for i in pair.source_ids:
            holder[i] = pair.index
    if -1 in holder:  # the aligner places every source sentence; a gap would be a bug
        raise InputError("compare: a source sentence was not aligned on one side")
    return holder


def _unit_of_pair(report: Report) -> dict[int, int]:
    """Every pair → one source sentence: its first, or for an addition (no source) the one before it,
    so that each finding's penalty counts once."""
    unit, last = {}, 0
    for pair in report.pairs:
        if pair.source_ids:
            last = pair.source_ids[0]
        unit[pair.index] = last
    return unit


def _mqm_statistic(report: Report, units: int) -> Callable[[np.ndarray], float]:
    """Penalty per 1,000 words on a sample of source sentences (a ratio of sums, like the document's)."""
    penalties, words = np.zeros(units), np.zeros(units)
    unit = _unit_of_pair(report)
    for pair in report.pairs:
        words[unit[pair.index]] += len(report.pair_text(pair, "target").split())
    for finding in report.findings:
        if not finding.ignored and finding.pair is not None:
            penalties[unit[finding.pair]] += penalty(finding)  # mqm.py: the one weighting
    return lambda idx: float(penalties[idx].sum() / max(words[idx].sum(), 1.0) * 1000)


def _sentence_scores(report: Report, holder: Sequence[int]) -> dict[str, list[float]]:
    """Each sentence metric with a value for every source sentence (a gap has no similarity: 0)."""
    names = {name for pair in report.pairs for name in pair.scores}
    scores: dict[str, list[float]] = {}
    for name in sorted(names):
        values = [report.pairs[p].scores.get(name) for p in holder]
        if name.startswith("similarity"):
            values = [0.0 if v is None else v for v in values]
        if all(v is not None for v in values):
            scores[name] = [float(v) for v in values]  # type: ignore[arg-type]
    return scores


def diff_findings(a: Report, b: Report) -> tuple[list[Finding], list[Finding], list[tuple[Finding, Finding]]]:
    """Findings only in A, only in B, and in both, matched by fingerprint."""
    by_print = {f.fingerprint: f for f in b.findings}
    in_a = {f.fingerprint for f in a.findings}
    only_a = [f for f in a.findings if f.fingerprint not in by_print]
    both = [(f, by_print[f.fingerprint]) for f in a.findings if f.fingerprint in by_print]
    only_b = [f for f in b.findings if f.fingerprint not in in_a]
    return only_a, only_b, both


def _chrf_between(
    a: Report, b: Report, holder_a: Sequence[int], holder_b: Sequence[int]
) -> tuple[float, str]:
    from sacrebleu.metrics import CHRF

    chrf = CHRF()
    hyps = [a.pair_text(a.pairs[p], "target") for p in holder_a]
    refs = [b.pair_text(b.pairs[p], "target") for p in holder_b]
    return round(float(chrf.corpus_score(hyps, [refs]).score), 2), str(chrf.get_signature())


def compare_reports(a: Report, b: Report, resamples: int = RESAMPLES, seed: int = SEED) -> Comparison:
    """Compare two checked reports of the same source (see the module docstring)."""
    if a.source is None or b.source is None:
        raise InputError("compare needs the English source (--source)")
    if a.source.text != b.source.text:
        raise InputError("compare: the two reports were checked against different sources")
    holder_a, holder_b = unit_pairs(a), unit_pairs(b)
    units = len(holder_a)
    mqm = paired_bootstrap(units, _mqm_statistic(a, units), _mqm_statistic(b, units), False, resamples, seed)
    metrics = [MetricComparison(MQM_NAME, mqm)]
    scores_a, scores_b = _sentence_scores(a, holder_a), _sentence_scores(b, holder_b)
    for name in sorted(set(scores_a) & set(scores_b)):
        higher = not lower_is_better(name)
        result = paired_bootstrap(
            units, mean_of(scores_a[name]), mean_of(scores_b[name]), higher, resamples, seed
        )
        metrics.append(MetricComparison(name, result))
    only_a, only_b, both = diff_findings(a, b)
    chrf, signature = _chrf_between(a, b, holder_a, holder_b)
    return Comparison(
        a, b, holder_a, holder_b, only_a, only_b, both, metrics, chrf, signature, resamples, seed
    )


def compare(
    a: Path | str,
    b: Path | str,
    source: Path | str,
    reference: Path | str | None = None,
    back_translations: tuple[Path | str, Path | str] | None = None,
    settings: Settings | None = None,
    resamples: int = RESAMPLES,
    seed: int = SEED,
) -> Comparison:
    """Check both translations against ``source`` (and ``reference``) and compare them.

    ``back_translations``: A's and B's back-translation files, when given."""
    from mtcheck.pipeline import check
    from mtcheck.shared import shared_models

    settings = settings or Settings()
    bt_a, bt_b = back_translations or (None, None)
    with shared_models():  # one load of each model for both sides
        report_a = check(a, source, bt_a, reference, settings=settings)
        report_b = check(b, source, bt_b, reference, settings=settings)
    return compare_reports(report_a, report_b, resamples, seed)
