"""The paired bootstrap (mtcheck.metrics.bootstrap): what sacrebleu's --paired-bs promises."""

from __future__ import annotations

import numpy as np
import pytest

from mtcheck.metrics.bootstrap import bootstrap_ci, mean_of, paired_bootstrap


def test_identical_systems_have_a_zero_interval_and_p_one_half() -> None:
    scores = list(np.random.default_rng(1).uniform(0, 100, size=60))
    result = paired_bootstrap(60, mean_of(scores), mean_of(scores))
    assert result.p_value == 0.5
    assert result.delta.low == result.delta.high == result.delta.value == 0.0
    assert result.a == result.b


def test_a_clearly_better_system_has_a_small_p_and_a_positive_interval() -> None:
    rng = np.random.default_rng(2)
    b = rng.uniform(40, 60, size=50)
    a = b + rng.uniform(2, 8, size=50)  # better on every sentence
    result = paired_bootstrap(50, mean_of(a), mean_of(b))
    assert result.p_value < 0.01
    assert 0 < result.delta.low < result.delta.value < result.delta.high
    # The same comparison the other way round: B is better, so "A better" is very unlikely.
    reverse = paired_bootstrap(50, mean_of(b), mean_of(a))
    assert reverse.p_value > 0.99


def test_lower_is_better_flips_the_direction() -> None:
    errors_a, errors_b = [1.0] * 30, [3.0] * 30  # fewer errors in A
    result = paired_bootstrap(30, mean_of(errors_a), mean_of(errors_b), higher_is_better=False)
    assert result.p_value < 0.01 and result.delta.value == pytest.approx(2.0)


def test_noise_without_a_difference_is_not_significant() -> None:
    rng = np.random.default_rng(3)
    a, b = rng.normal(50, 10, size=40), rng.normal(50, 10, size=40)
    p = paired_bootstrap(40, mean_of(a), mean_of(b)).p_value
    assert 0.05 < p < 0.95


def test_fixed_seed_is_reproducible_and_interval_covers_the_mean() -> None:
    values = list(np.random.default_rng(4).normal(0, 1, size=80))
    first, second = bootstrap_ci(80, mean_of(values)), bootstrap_ci(80, mean_of(values))
    assert first == second
    assert first.low < float(np.mean(values)) < first.high
    assert bootstrap_ci(80, mean_of(values), seed=7) != first


def test_a_corpus_statistic_is_recomputed_on_each_sample() -> None:
    hits, totals = np.array([1.0, 0.0, 3.0, 2.0]), np.array([2.0, 2.0, 4.0, 2.0])
    interval = bootstrap_ci(4, lambda idx: float(hits[idx].sum() / totals[idx].sum()))
    assert interval.value == pytest.approx(0.6)
    assert 0.0 <= interval.low <= interval.value <= interval.high <= 1.0


def test_no_items_is_an_error() -> None:
    with pytest.raises(ValueError):
        paired_bootstrap(0, mean_of([]), mean_of([]))
