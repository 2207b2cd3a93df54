"""Bootstrap resampling over items (sentences, aligned pairs, segments): confidence intervals for one
system, and paired significance for two, as sacrebleu's ``--paired-bs`` does (Koehn 2004).

Both resample item indices with replacement, ``resamples`` times from a fixed seed, and recompute a
statistic on each sample. The statistic gets the sampled indices, so a corpus-level statistic (a ratio
of sums, corpus chrF, a rank correlation) is recomputed on the sample rather than averaged: pass
:func:`mean_of` for the common case of a mean of per-item scores.

The one-sided p-value of "A is better than B" is the share of resamples in which A is *not* better
(ties count half): about 0.5 when the systems are indistinguishable, near 0 when A is clearly better.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

#: sacrebleu's defaults for --paired-bs
RESAMPLES = 1000
SEED = 12345
CONFIDENCE = 0.95

Statistic = Callable[[np.ndarray], float]  # sampled item indices → a value


@dataclass(frozen=True)
class Interval:
    """An observed value with the mean and percentile interval of its bootstrap distribution."""

    value: float  # on all items
    mean: float  # over the resamples
    low: float
    high: float


@dataclass(frozen=True)
class PairedResult:
    a: Interval
    b: Interval
    delta: Interval  # A − B, oriented so that positive means "A better" (see ``higher_is_better``)
    p_value: float  # one-sided: share of resamples where A is not better than B (ties count half)
    higher_is_better: bool
    resamples: int
    seed: int
    confidence: float
    items: int


def mean_of(values: Sequence[float]) -> Statistic:
    """The statistic "mean of these per-item values" (NaN-free values required)."""
    array = np.asarray(values, dtype=float)
    return lambda idx: float(array[idx].mean())


def _samples(items: int, resamples: int, seed: int) -> np.ndarray:
    if items < 1:
        raise ValueError("bootstrap needs at least one item")
    if resamples < 1:
        raise ValueError("bootstrap needs at least one resample")
    return np.random.default_rng(seed).integers(0, items, size=(resamples, items))


def _interval(observed: float, values: np.ndarray, confidence: float) -> Interval:
    tail = (1.0 - confidence) / 2 * 100
    low, high = np.percentile(values, [tail, 100 - tail])
    return Interval(float(observed), float(values.mean()), float(low), float(high))


def bootstrap_ci(
    items: int,
    statistic: Statistic,
    resamples: int = RESAMPLES,
    seed: int = SEED,
    confidence: float = CONFIDENCE,
) -> Interval:
    """The statistic on all ``items`` and its percentile bootstrap interval."""
    samples = _samples(items, resamples, seed)
    values = np.array([statistic(idx) for idx in samples])
    return _interval(statistic(np.arange(items)), values, confidence)


def paired_bootstrap(
    items: int,
    statistic_a: Statistic,
    statistic_b: Statistic,
    higher_is_better: bool = True,
    resamples: int = RESAMPLES,
    seed: int = SEED,
    confidence: float = CONFIDENCE,
) -> PairedResult:
    """Compare two systems scored on the same items: both statistics see the same resamples, so the
    difference's interval accounts for items that are hard for both."""
    samples = _samples(items, resamples, seed)
    a = np.array([statistic_a(idx) for idx in samples])
    b = np.array([statistic_b(idx) for idx in samples])
    sign = 1.0 if higher_is_better else -1.0
    delta = sign * (a - b)
    everything = np.arange(items)
    observed_a, observed_b = statistic_a(everything), statistic_b(everything)
    p_value = (np.count_nonzero(delta < 0) + 0.5 * np.count_nonzero(delta == 0)) / resamples
    return PairedResult(
        a=_interval(observed_a, a, confidence),
        b=_interval(observed_b, b, confidence),
        delta=_interval(sign * (observed_a - observed_b), delta, confidence),
        p_value=float(p_value),
        higher_is_better=higher_is_better,
        resamples=resamples,
        seed=seed,
        confidence=confidence,
        items=items,
    )
