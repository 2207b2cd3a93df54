"""Segment-level agreement with human scores, as WMT's metrics task measures it.

Shared by ``benchmarks.agreement`` and ``benchmarks.train_estimate``, so the table and the training
compute Kendall tau-b the same way. Higher = agrees more with the human scores.

- :func:`grouped_tau`: item-grouped Kendall tau-b (per source segment over the systems, averaged:
  WMT24's "grouped by item"); segments where tau-b is undefined are skipped and counted.
- :func:`grouped_tau_tied_zero`: the same with segments the metric ties completely counted as 0.
- :func:`grouped_acc_eq`: item-grouped pairwise accuracy with tie calibration (WMT23/24).
- :func:`flat_tau`: one tau-b over all items, no grouping.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Tau:
    value: float
    groups_used: int = 0
    groups_skipped: int = 0  # tau undefined: all human scores (or all metric scores) tied


def flat_tau(metric: Sequence[float], human: Sequence[float]) -> Tau:
    """No grouping: one Kendall tau-b over all items."""
    from scipy.stats import kendalltau

    return Tau(float(kendalltau(metric, human, variant="b").statistic))


def grouped_tau(metric: Sequence[float], human: Sequence[float], groups: Sequence[object]) -> Tau:
    """Item-grouped: Kendall tau-b per source segment over systems, averaged (WMT24 "grouped by item")."""
    from scipy.stats import kendalltau

    members: dict[object, list[int]] = defaultdict(list)
    for i, group in enumerate(groups):
        members[group].append(i)
    metric_arr, human_arr = np.asarray(metric, dtype=float), np.asarray(human, dtype=float)
    taus, skipped = [], 0
    for idx in members.values():
        if len(idx) < 2:
            skipped += 1
            continue
        tau = kendalltau(metric_arr[idx], human_arr[idx], variant="b").statistic
        if tau is None or math.isnan(tau):
            skipped += 1
            continue
        taus.append(float(tau))
    return Tau(float(np.mean(taus)) if taus else float("nan"), len(taus), skipped)


def grouped_tau_tied_zero(metric: np.ndarray, human: np.ndarray, groups: np.ndarray) -> float:
    """Item-grouped tau-b where a segment with all metric scores tied counts as 0, not skipped."""
    tau = grouped_tau(metric, human, groups)
    tied = sum(
        1
        for g in np.unique(groups)
        if len(np.unique(metric[groups == g])) == 1 and len(np.unique(human[groups == g])) > 1
    )
    if tau.groups_used == 0:
        return 0.0
    return tau.value * tau.groups_used / (tau.groups_used + tied)


def grouped_acc_eq(metric: np.ndarray, human: np.ndarray, groups: np.ndarray) -> tuple[float, float]:
    """Pairwise accuracy with ties (acc_eq), grouped by item, with tie calibration: the metric
    difference at or below epsilon counts as a tie; epsilon is chosen to maximise accuracy, for
    every metric alike (Deutsch et al., 2023). Returns (accuracy, epsilon)."""
    diffs_h, diffs_m, group_of = [], [], []
    for k, g in enumerate(np.unique(groups)):
        idx = np.flatnonzero(groups == g)
        i, j = np.triu_indices(len(idx), 1)
        diffs_h.append(np.sign(human[idx][i] - human[idx][j]))
        diffs_m.append(metric[idx][i] - metric[idx][j])
        group_of.append(np.full(len(i), k))
    dh, dm, gk = np.concatenate(diffs_h), np.concatenate(diffs_m), np.concatenate(group_of)
    counts = np.bincount(gk)
    has_pairs = counts > 0  # a segment with one rated translation has no pair to compare
    candidates = np.unique(np.concatenate([[0.0], np.quantile(np.abs(dm), np.linspace(0, 0.9, 91))]))
    best = (-1.0, 0.0)
    for eps in candidates:
        sm = np.where(np.abs(dm) <= eps, 0.0, np.sign(dm))
        agree = np.bincount(gk, weights=(sm == dh).astype(float), minlength=len(counts))
        acc = float(np.mean(agree[has_pairs] / counts[has_pairs]))
        if acc > best[0]:
            best = (acc, float(eps))
    return best
