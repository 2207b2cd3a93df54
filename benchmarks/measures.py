"""Segment-level agreement with human scores, as WMT's metrics task measures it.

Shared by ``benchmarks.agreement`` and ``benchmarks.train_estimate``, so the table and the training
compute Kendall tau-b the same way. Higher = agrees more with the human scores.

- :func:`grouped_tau`: item-grouped Kendall tau-b (per source segment over the systems, averaged:
  WMT24's "grouped by item"); segments where tau-b is undefined are skipped and counted.
- :func:`grouped_tau_tied_zero`: the same with segments the metric ties completely counted as 0.
- :func:`acc_t` (and :func:`grouped_acc_eq`): pairwise accuracy with tie calibration (WMT23/24),
  item-grouped or not.
- :func:`flat_tau`: one tau-b over all items, no grouping.
- :func:`bootstrap`: percentile confidence interval over items, or over whole units (documents,
  source segments) with all their items; :func:`share` is its statistic for a proportion.

The resampling and the percentile interval are :mod:`mtcheck.metrics.bootstrap`'s (the one ``mtcheck
compare`` uses); what is added here is drawing whole units and the (index, group) statistic.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from mtcheck.metrics.bootstrap import percentile_interval, resample_indices


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
    """Item-grouped :func:`acc_t` as (accuracy, epsilon), the shape ``benchmarks.agreement`` reads."""
    result = acc_t(metric, human, groups)
    return result.value, result.epsilon


# --- pairwise accuracy with tie calibration, and the bootstrap ----------------------------------------

#: At most this many candidate tie thresholds are tried (all distinct |differences| when fewer).
MAX_EPSILONS = 400


@dataclass(frozen=True)
class AccT:
    value: float
    epsilon: float  # metric differences at or below it count as a predicted tie
    groups_used: int  # groups with at least one pair


def _pair_table(metric: np.ndarray, human: np.ndarray, groups: np.ndarray) -> tuple[np.ndarray, ...]:
    """Every within-group pair: sign of the human difference, metric difference, group code."""
    codes = np.unique(np.asarray(groups), return_inverse=True)[1]
    order = np.argsort(codes, kind="stable")
    bounds = np.flatnonzero(np.diff(codes[order])) + 1
    dh, dm, gk = [], [], []
    for k, idx in enumerate(np.split(order, bounds)):
        i, j = np.triu_indices(len(idx), 1)
        dh.append(np.sign(human[idx][i] - human[idx][j]))
        dm.append(metric[idx][i] - metric[idx][j])
        gk.append(np.full(len(i), k))
    return np.concatenate(dh), np.concatenate(dm), np.concatenate(gk)


def acc_t(metric: Sequence[float], human: Sequence[float], groups: Sequence[object] | None = None) -> AccT:
    """Pairwise accuracy with ties and tie calibration (acc*_eq, Deutsch et al. 2023; WMT23's measure).

    Over all pairs of items in the same group, the metric "agrees" when it orders the pair as the
    human does, or calls it a tie (|metric difference| <= epsilon) where the human scores tie. Epsilon
    is the value that maximises accuracy, chosen on the same data, for every metric alike. With
    ``groups``, accuracy is computed per group and averaged over the groups that have a pair
    (item-grouped); without, all items form one group."""
    metric_arr, human_arr = np.asarray(metric, dtype=float), np.asarray(human, dtype=float)
    group_arr = np.zeros(len(metric_arr)) if groups is None else np.asarray(groups)
    dh, dm, gk = _pair_table(metric_arr, human_arr, group_arr)
    if len(dh) == 0:
        return AccT(float("nan"), 0.0, 0)
    abs_dm = np.abs(dm)
    candidates = np.unique(abs_dm)
    if len(candidates) > MAX_EPSILONS:
        candidates = np.unique(np.quantile(abs_dm, np.linspace(0, 1, MAX_EPSILONS)))
    candidates = np.concatenate([[-1.0], candidates])  # -1: no pair is predicted tied
    counts = np.bincount(gk)
    used = counts > 0
    best = AccT(-1.0, 0.0, int(used.sum()))
    for eps in candidates:
        predicted = np.where(abs_dm <= eps, 0.0, np.sign(dm))
        agree = np.bincount(gk, weights=(predicted == dh).astype(float), minlength=len(counts))
        acc = float(np.mean(agree[used] / counts[used]))
        if acc > best.value:
            best = AccT(acc, max(float(eps), 0.0), best.groups_used)
    return best


@dataclass(frozen=True)
class Interval:
    value: float
    low: float
    high: float
    resamples: int

    def as_dict(self, digits: int = 4) -> dict[str, float | int]:
        return {
            "value": round(self.value, digits),
            "low": round(self.low, digits),
            "high": round(self.high, digits),
            "resamples": self.resamples,
        }


def bootstrap(
    statistic: Callable[[np.ndarray, np.ndarray], float],
    n_items: int,
    units: Sequence[object] | None = None,
    resamples: int = 1000,
    seed: int = 0,
    level: float = 0.95,
) -> Interval:
    """Percentile bootstrap confidence interval of ``statistic`` over items.

    ``statistic(index, group)`` gets item indices (with repeats) and, per index, the id of the drawn
    resampling unit, so a grouped measure can keep two draws of the same unit apart. With ``units``
    (e.g. the document of each item), whole units are drawn with replacement and bring all their
    items along (a cluster bootstrap: items of one document are not independent); without, single
    items are drawn. Resamples where the statistic is undefined (NaN) are left out of the interval."""
    if units is None:
        members = [np.array([i]) for i in range(n_items)]
    else:
        codes = np.unique(np.asarray(units), return_inverse=True)[1]
        order = np.argsort(codes, kind="stable")
        members = np.split(order, np.flatnonzero(np.diff(codes[order])) + 1)
    value = statistic(*_unit_ids(members, np.arange(len(members))))  # every unit once
    samples = resample_indices(len(members), resamples, seed)  # units drawn with replacement
    draws = [statistic(*_unit_ids(members, drawn)) for drawn in samples]
    finite = np.asarray([d for d in draws if not math.isnan(d)], dtype=float)
    if len(finite) == 0:
        return Interval(value, float("nan"), float("nan"), 0)
    low, high = percentile_interval(finite, level)
    return Interval(float(value), low, high, len(finite))


def _unit_ids(members: list[np.ndarray], drawn: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    index = np.concatenate([members[u] for u in drawn])
    group = np.concatenate([np.full(len(members[u]), k) for k, u in enumerate(drawn)])
    return index, group


def share(flags: Sequence[bool]) -> Callable[[np.ndarray, np.ndarray], float]:
    """A statistic for :func:`bootstrap`: the share of the drawn items whose flag is set."""
    arr = np.asarray(flags, dtype=float)
    return lambda index, _group: float(arr[index].mean()) if len(index) else float("nan")
