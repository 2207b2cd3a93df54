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

from collections.abc import Callable, Iterator, Sequence
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


def resample_indices(items: int, resamples: int = RESAMPLES, seed: int = SEED) -> Iterator[np.ndarray]:
    """``resamples`` draws of ``items`` indices in [0, items) with replacement, from a fixed seed, one
    array at a time: the same numbers as one (resamples, items) matrix without holding it (the
    benchmarks resample up to 500,000 items). Shared by the benchmarks' cluster bootstrap."""
    if items < 1:
        raise ValueError("bootstrap needs at least one item")
    if resamples < 1:
        raise ValueError("bootstrap needs at least one resample")
    rng = np.random.default_rng(seed)
    for _ in range(resamples):
        yield rng.integers(0, items, items)


def percentile_interval(values: np.ndarray, confidence: float = CONFIDENCE) -> tuple[float, float]:
    """The central ``confidence`` interval of a bootstrap distribution (percentile method)."""
    tail = (1.0 - confidence) / 2
    low, high = np.quantile(values, [tail, 1.0 - tail])
    return float(low), float(high)


def _interval(observed: float, values: np.ndarray, confidence: float) -> Interval:
    low, high = percentile_interval(values, confidence)
    return Interval(float(observed), float(values.mean()), low, high)


def bootstrap_ci(
    items: int,
    statistic: Statistic,
    resamples: int = RESAMPLES,
    seed: int = SEED,
    confidence: float = CONFIDENCE,
) -> Interval:
    """The statistic on all ``items`` and its percentile bootstrap interval."""
    values = np.array([statistic(idx) for idx in resample_indices(items, resamples, seed)])
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
    pairs = [(statistic_a(idx), statistic_b(idx)) for idx in resample_indices(items, resamples, seed)]
    a, b = np.array(pairs).T  # both statistics on the same sample, resample by resample
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
