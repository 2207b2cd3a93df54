"""Fast per-item measurement of single checks for tuning (no embeddings, no aligner).

Every item (all of TUNE, or HELD-OUT for the final side-by-side table) becomes a Report whose
segmented source and target form one aligned pair, as ``benchmarks/checks_eval.py`` does; only the
named checks run. Gives, per data set and split: findings, item precision (the item has a human
error / a human major error / the CED label) and span precision. Thresholds are chosen on TUNE only.

    python -m benchmarks.errors_tune --eval-dir ../shared/eval --checks negation. repetition. [--split tune]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from benchmarks.errors_eval import located, span_hit
from benchmarks.errors_run import FoundSpan, ItemFinding
from benchmarks.eval_data import EvalItem, read_all
from mtcheck.checks import CHECKS, load_all_checks
from mtcheck.checks.registry import CheckContext
from mtcheck.load import article_from_text
from mtcheck.model import AlignedPair, Report
from mtcheck.segment import segment_article

REPO = Path(__file__).resolve().parents[1]


def pair_report(item: EvalItem) -> Report:
    source = segment_article(article_from_text(item.source, "source", "en"))
    target = segment_article(article_from_text(item.mt, "target", "de"))
    report = Report(target=target, source=source)
    report.pairs = [
        AlignedPair(
            index=0,
            source_ids=tuple(range(len(source.sentences))),
            target_ids=tuple(range(len(target.sentences))),
            kind=f"{len(source.sentences)}-{len(target.sentences)}",
        )
    ]
    return report


def run_checks(item: EvalItem, prefixes: tuple[str, ...]) -> list[ItemFinding]:
    if not item.source.strip() or not item.mt.strip():
        return []
    report = pair_report(item)
    found = []
    for spec in CHECKS.values():
        if not spec.id.startswith(prefixes) or not spec.runnable(report.present()):
            continue
        for f in spec.function(CheckContext(report, spec)):
            source = (
                FoundSpan(f.source_span.start, f.source_span.end, f.source_span.text)
                if f.source_span
                else None
            )
            found.append(
                ItemFinding(
                    f.check,
                    f.category.value,
                    f.severity.value,
                    f.message,
                    FoundSpan(f.target_span.start, f.target_span.end, f.target_span.text),
                    source,
                )
            )
    return found


def measure(items: list[EvalItem], prefixes: tuple[str, ...], examples: int) -> dict[str, Any]:
    stats: dict[str, Counter[str]] = defaultdict(Counter)
    shown: dict[str, list[str]] = defaultdict(list)
    for item in items:
        for f in run_checks(item, prefixes):
            s = stats[f"{f.check} {f.severity}"]
            s["findings"] += 1
            s["item_error"] += item.has_error
            s["item_major"] += item.has_major
            if item.label is None and located(f, item.mt):
                s["located"] += 1
                s["span_hit"] += span_hit(f, item)
            if len(shown[f.check]) < examples:
                mark = "ERR" if item.has_major else ("err" if item.has_error else "ok ")
                shown[f.check].append(
                    f"{mark} {item.dataset}:{item.id} | {f.message} | T:{f.target.text[:80]!r} "
                    f"| EN: {item.source[:160]!r} | DE: {item.mt[:160]!r}"
                )
    base = Counter()
    for item in items:
        base["items"] += 1
        base["error"] += item.has_error
        base["major"] += item.has_major
    return {"base": dict(base), "checks": {k: dict(v) for k, v in stats.items()}, "examples": dict(shown)}


def _cell(result: dict[str, Any], check: str) -> str:
    s = result["checks"].get(check)
    if not s:
        return "0"
    n = s["findings"]
    text = f"{n}, P {s['item_major'] / n:.2f}, R {s['item_major'] / max(result['base']['major'], 1):.3f}"
    if s.get("located"):
        text += f", span {s['span_hit']}/{s['located']}"
    return text


def write_markdown(
    data: dict[str, list[EvalItem]], prefixes: tuple[str, ...], datasets: list[str], path: Path
) -> None:
    """One row per check and data set: TUNE | HELD-OUT findings, item precision, item recall, span hits."""
    results = {
        (name, split): measure([i for i in data[name] if i.split == split], prefixes, 0)
        for name in datasets
        for split in ("tune", "heldout")
    }
    checks = sorted({c for r in results.values() for c in r["checks"]})
    lines = [
        "# Issue-12 detectors on every item (light per-pair harness)",
        "",
        "Reproduce: `python -m benchmarks.errors_tune --eval-dir ../shared/eval "
        f"--checks {' '.join(prefixes)} --markdown {path}`",
        "",
        "Each item is one aligned pair (segmented source and target; no embeddings, no aligner), only these "
        "checks run. *P* = share of findings on items with a human major error (CED: the critical-error "
        "label); *R* = share of those items flagged; *span* = located findings overlapping a human span. "
        "Severities were chosen on TUNE.",
        "",
        "| check (severity) | data set | TUNE | HELD-OUT |",
        "|---|---|---|---|",
    ]
    for check in checks:
        for name in datasets:
            tune, held = results[(name, "tune")], results[(name, "heldout")]
            if check in tune["checks"] or check in held["checks"]:
                lines.append(f"| {check} | {name} | {_cell(tune, check)} | {_cell(held, check)} |")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=REPO.parent / "shared" / "eval")
    parser.add_argument("--checks", nargs="+", required=True, help="check id prefixes")
    parser.add_argument("--datasets", nargs="*", default=["wmt23", "wmt22", "ced"])
    parser.add_argument("--split", default="tune", choices=["tune", "heldout"])
    parser.add_argument("--examples", type=int, default=0)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--markdown", type=Path, default=None, help="write a tune | held-out table here")
    args = parser.parse_args()
    load_all_checks()
    data = read_all(args.eval_dir, sampled=False)
    if args.markdown:
        write_markdown(data, tuple(args.checks), args.datasets, args.markdown)
        return
    out = {}
    for name in args.datasets:
        items = [i for i in data[name] if i.split == args.split]
        result = measure(items, tuple(args.checks), args.examples)
        out[name] = result
        base = result["base"]
        print(f"== {name} {args.split}: {base['items']} items, error {base['error']}, major {base['major']}")
        for check, s in sorted(result["checks"].items()):
            n = s["findings"]
            print(
                f"  {check}: {n} findings, item P(error) {s['item_error'] / n:.3f}, "
                f"P(major) {s['item_major'] / n:.3f}, span P {s.get('span_hit', 0)}/{s.get('located', 0)}"
            )
        for check, lines in result["examples"].items():
            print(f"  -- {check}")
            for line in lines:
                print("    " + line)
    if args.json:
        args.json.write_text(json.dumps(out, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
