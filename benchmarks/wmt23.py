"""WMT23 en-de MQM data (``../shared/eval/wmt23_ende_mtme.tsv``) and the agreement measures.

Shared by ``benchmarks/agreement.py`` and ``scripts/train_estimate.py`` so both read the same rows
and compute Kendall tau-b the same way. The data stays outside the repository.
"""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_EVAL_DIR = REPO_ROOT.parent / "shared" / "eval"
TSV_NAME = "wmt23_ende_mtme.tsv"
EXCLUDED_SYSTEMS = frozenset({"refA", "synthetic_ref"})  # human/synthetic references scored as systems
BASELINES = (
    "BLEU-refA",
    "chrF-refA",
    "COMET-refA",
    "CometKiwi-src",
    "MetricX-23-QE-src",
    "XCOMET-QE-Ensemble-src",
)
DOMAINS = ("news", "social", "speech", "user_review")


@dataclass(frozen=True)
class Item:
    system: str
    seg_idx: int
    domain: str
    doc: str
    source: str
    mt: str
    mqm: float
    baselines: dict[str, float]


def load_items(eval_dir: Path) -> list[Item]:
    """Rated rows of real systems (refA and synthetic_ref excluded): 5,520 items."""
    path = Path(eval_dir) / TSV_NAME
    if not path.is_file():
        raise SystemExit(f"{path}: not found (pass --eval-dir pointing at shared/eval)")
    csv.field_size_limit(1 << 30)
    items = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_MINIMAL):
            if row["system"] in EXCLUDED_SYSTEMS or row["mqm_score"] in ("", "None"):
                continue
            items.append(Item(
                system=row["system"],
                seg_idx=int(row["seg_idx"]),
                domain=row["domain"],
                doc=row["doc"],
                source=row["source"],
                mt=row["mt"].lstrip("\ufeff"),
                mqm=float(row["mqm_score"]),
                baselines={name: float(row[name]) for name in BASELINES},
            ))
    return items


def load_segments(eval_dir: Path, system: str) -> list[tuple[str, str]]:
    """(source, translation) of one system for every one of the 557 source segments, rated or not."""
    path = Path(eval_dir) / TSV_NAME
    if not path.is_file():
        raise SystemExit(f"{path}: not found (pass --eval-dir pointing at shared/eval)")
    csv.field_size_limit(1 << 30)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle, delimiter="\t") if row["system"] == system]
    rows.sort(key=lambda row: int(row["seg_idx"]))
    return [(row["source"], row["mt"].lstrip("\ufeff")) for row in rows]


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
