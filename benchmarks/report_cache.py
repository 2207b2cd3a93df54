"""The pipeline's whole :class:`~mtcheck.model.Report` per evaluation item, cached on disk.

``benchmarks.errors_run`` caches what the checks found (findings and the default verdict) as JSON;
the verdict calibration needs more: it re-runs :func:`mtcheck.gate.evaluate` with other thresholds,
which reads the findings' confidence, the MQM penalty, the document similarity and the quality
estimate. So this module keeps the Report itself, produced exactly as ``errors_run`` produces its
results (``mtcheck.check`` on source + MT, ``bt-model = none``), keyed by the same code fingerprint
and text hash (:func:`benchmarks.errors_run.code_fingerprint`, :func:`~benchmarks.errors_run.text_hash`).

Files: ``benchmarks/out/reports/<fingerprint>/<dataset>.pkl`` (git-ignored; pickles of our own runs,
never read from elsewhere). An item whose input is rejected (:class:`~mtcheck.model.InputError`) or
whose run crashes is stored as ``None`` and counted as skipped by the readers.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import pickle
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks import ROOT
from benchmarks.errors_run import code_fingerprint, text_hash
from benchmarks.eval_data import EvalItem

if TYPE_CHECKING:
    from mtcheck.model import Report

CACHE_ROOT = ROOT / "benchmarks" / "out" / "reports"
#: Source segments (WMT23: every system's translation of each) or items (the others) per data set and
#: split that the calibration runs, chosen by a hash of the id, not by outcome (None = all). The
#: pipeline takes ~0.25 s a sentence and more a paragraph on 2 shared cores; all 15,900 items would
#: take over an hour. WMT23 is sampled by segment so every sampled segment keeps all its systems.
SAMPLE: dict[str, dict[str, int | None]] = {
    "wmt23": {"tune": 55, "heldout": 55},
    "wmt22": {"tune": None, "heldout": None},
    "ced": {"tune": 1500, "heldout": None},
}
SAVE_EVERY = 500  # items; a stopped run loses at most this many


def _order(key: str) -> str:
    return hashlib.sha1(key.encode()).hexdigest()


def sample(dataset: str, items: Sequence[EvalItem]) -> list[EvalItem]:
    """The calibration subset of one data set (see :data:`SAMPLE`), held-out items first."""
    chosen: list[EvalItem] = []
    for split in ("heldout", "tune"):
        members = [i for i in items if i.split == split]
        size = SAMPLE[dataset][split]
        if size is None:
            chosen += members
        elif dataset == "wmt23":
            segments = sorted({i.extra["seg_idx"] for i in members}, key=lambda s: _order(f"wmt23:{s}"))
            keep = set(segments[:size])
            chosen += [i for i in members if i.extra["seg_idx"] in keep]
        else:
            chosen += sorted(members, key=lambda i: _order(f"{dataset}:{i.id}"))[:size]
    return chosen


def run_report(item: EvalItem) -> Report | None:
    """The pipeline on one item, as ``benchmarks.errors_run`` runs it (None: input rejected or crash)."""
    import mtcheck
    from mtcheck.config import Settings
    from mtcheck.load import article_from_text
    from mtcheck.model import InputError

    try:
        return mtcheck.check(
            article_from_text(item.mt, "target", "de"),
            source=article_from_text(item.source, "source", "en"),
            settings=Settings(bt_model="none"),
        )
    except InputError:
        return None
    except Exception as exc:  # a crash is counted as skipped, not allowed to stop 16,000 items
        print(f"  {item.dataset} {item.id}: crash {type(exc).__name__}: {exc}", file=sys.stderr)
        return None


def _load(path: Path) -> dict[str, tuple[str, Report | None]]:
    if not path.exists():
        return {}
    with path.open("rb") as handle:
        return pickle.load(handle)  # our own cache file (see module docstring)


def _save(path: Path, cache: dict[str, tuple[str, Report | None]]) -> None:
    tmp = path.with_suffix(".tmp")
    with tmp.open("wb") as handle:
        pickle.dump(cache, handle, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)


def cached_reports(
    dataset: str, items: Sequence[EvalItem], fingerprint: str | None = None
) -> dict[str, Report | None]:
    """Report (or None) for every item, computing only those not cached for this code version."""
    current = code_fingerprint()
    fingerprint = fingerprint or current
    path = CACHE_ROOT / fingerprint / f"{dataset}.pkl"
    path.parent.mkdir(parents=True, exist_ok=True)
    cache = _load(path)
    todo = [i for i in items if cache.get(i.id, ("",))[0] != text_hash(i)]
    if todo and fingerprint != current:
        raise SystemExit(f"{len(todo)} {dataset} items are not cached for {fingerprint}: run that revision")
    for done, item in enumerate(todo, 1):
        cache[item.id] = (text_hash(item), run_report(item))
        if done % SAVE_EVERY == 0:
            _save(path, cache)
            print(f"  {dataset}: {done}/{len(todo)}", file=sys.stderr, flush=True)
    if todo:
        _save(path, cache)
    return {i.id: cache[i.id][1] for i in items}


def main() -> None:
    """Fill the cache: ``python -m benchmarks.report_cache --eval-dir ../shared/eval``."""
    import argparse
    import os

    from benchmarks.eval_data import read_all

    parser = argparse.ArgumentParser(description="fill the per-item Report cache")
    parser.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--datasets", nargs="*", default=["wmt22", "ced", "wmt23"])
    args = parser.parse_args()
    if "MTCHECK_CACHE_DIR" not in os.environ:
        sys.exit("set MTCHECK_CACHE_DIR (a shared embedding cache would collide with other runs)")
    data = read_all(args.eval_dir, sampled=False)
    for name in args.datasets:
        reports = cached_reports(name, sample(name, data[name]))
        skipped = sum(r is None for r in reports.values())
        print(f"{name}: {len(reports)} reports ({skipped} skipped) under {code_fingerprint()}", flush=True)


if __name__ == "__main__":
    main()


def eval_arguments(description: str) -> argparse.Namespace:
    """The command line of the scripts that read these reports: ``--eval-dir`` and ``--fingerprint``
    (reuse the reports of another code version); a private ``MTCHECK_CACHE_DIR`` is required."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--fingerprint", default=None, help="use the cached reports of this code version")
    args = parser.parse_args()
    if "MTCHECK_CACHE_DIR" not in os.environ:
        sys.exit("set MTCHECK_CACHE_DIR (a shared embedding cache would collide with other runs)")
    return args
