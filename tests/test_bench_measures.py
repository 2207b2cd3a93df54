"""The benchmark measures (benchmarks/measures.py) on hand-made data with known answers."""

from __future__ import annotations

import numpy as np
import pytest

from benchmarks.measures import acc_t, bootstrap, grouped_tau, share


def test_acc_t_calibrates_ties_to_the_known_optimum() -> None:
    # human: a > b = c; metric: a 3.0, b 1.05, c 1.0. Pairs (a,b) (a,c) (b,c).
    # eps < 0.05: (b,c) is ordered, the human ties it -> 2/3; 0.05 <= eps < 1.95: all agree -> 1.
    result = acc_t([3.0, 1.05, 1.0], [0.0, -5.0, -5.0])
    assert result.value == pytest.approx(1.0)
    assert 0.05 - 1e-9 <= result.epsilon < 1.95


def test_acc_t_without_ties_in_the_human_scores_prefers_no_tie() -> None:
    result = acc_t([1.0, 2.0, 2.0], [1.0, 2.0, 3.0])  # metric ties (b,c), the human does not
    assert result.value == pytest.approx(2 / 3)


def test_acc_t_averages_per_group() -> None:
    # group x: one pair right; group y: two items, wrong order -> (1 + 0) / 2
    result = acc_t([2.0, 1.0, 1.0, 2.0], [2.0, 1.0, 2.0, 1.0], ["x", "x", "y", "y"])
    assert result.value == pytest.approx(0.5)
    assert result.groups_used == 2


def test_grouped_tau_b_with_ties() -> None:
    # tau-b of (1,2,2) vs (1,2,3): concordant 2, discordant 0, metric tie 1 -> 2 / sqrt(2 * 3)
    tau = grouped_tau([1.0, 2.0, 2.0], [1.0, 2.0, 3.0], ["g", "g", "g"])
    assert tau.value == pytest.approx(2 / np.sqrt(6))
    constant = grouped_tau([1.0, 1.0], [1.0, 2.0], ["g", "g"])
    assert constant.groups_skipped == 1


def test_bootstrap_interval_covers_the_known_mean() -> None:
    rng = np.random.default_rng(1)
    flags = rng.random(2000) < 0.3
    ci = bootstrap(share(flags), len(flags), resamples=300, seed=2)
    assert ci.low < 0.3 < ci.high
    assert ci.high - ci.low < 0.06
    assert ci.value == pytest.approx(flags.mean())


def test_cluster_bootstrap_is_wider_when_items_of_a_unit_agree() -> None:
    # 40 documents of 25 items each, every item of a document has the document's flag
    docs = np.repeat(np.arange(40), 25)
    flags = np.repeat(np.arange(40) % 2 == 0, 25)
    by_item = bootstrap(share(flags), len(flags), resamples=300)
    by_doc = bootstrap(share(flags), len(flags), units=docs, resamples=300)
    assert (by_doc.high - by_doc.low) > 2 * (by_item.high - by_item.low)


def test_grouped_bootstrap_point_value_is_the_measure_on_the_data() -> None:
    # items of two groups in interleaved order: the point value must group them correctly
    metric = np.array([1.0, 3.0, 2.0, 1.0, 3.0, 2.0])
    human = np.array([1.0, 1.0, 2.0, 2.0, 3.0, 3.0])
    groups = np.array(["a", "b", "a", "b", "a", "b"])

    def stat(index: np.ndarray, group: np.ndarray) -> float:
        return grouped_tau(metric[index], human[index], group).value

    ci = bootstrap(stat, len(metric), units=groups, resamples=50)
    assert ci.value == pytest.approx(grouped_tau(metric, human, groups).value)
