"""How well mtcheck's checks find the errors human raters mark, and how rarely it cries wolf.

Usage (from the repository root)::

    MTCHECK_CACHE_DIR=.cache-mtcheck nice python -m benchmarks.errors_eval --eval-dir ../shared/eval

Runs the real pipeline (``mtcheck.check`` on an English source and its German MT, no back-translation
model) on WMT23 MQM paragraphs, WMT22 QE sentences and MLQE-PE critical-error pairs (see
``benchmarks/eval_data.py`` for readers and the TUNE / HELD-OUT splits), caches each item's
findings under ``benchmarks/out/errors/`` and writes ``benchmarks/results/errors.md`` and
``errors.json``. Per data set and split:

* per check: findings by severity; span precision (a located finding's target span overlaps a human
  span, or its source span overlaps a human source-side span such as an omission); item precision
  (the item has a human error; for major findings also: a human major error); recall of human
  major spans (touched by any finding of the check; by a major one).
* the gate as the issue defines it, "any major or critical finding": share of items with no human
  error that it blocks, share of items with a human major error that it blocks, and how much likelier
  a blocked item is to carry a human major error than a passed one. The default gate's own verdict
  (which also has penalty and similarity thresholds) is reported beside it.
* CED: precision, recall and F1 of "any major or critical finding" against the critical-error label.

``benchmarks/results/errors_baseline.json`` holds the same figures for the code before issue 12
(written once with ``--write-baseline``); the Markdown shows them side by side.
Review samples of every check that raised a major finding go to
``benchmarks/results/review_sample_<check>.md``; verdicts typed into them survive re-runs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from benchmarks.errors_run import ItemFinding, ItemResult, cached_results, code_fingerprint
from benchmarks.eval_data import SPLITS, EvalItem, HumanSpan, read_all

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results"
BASELINE_JSON = RESULTS / "errors_baseline.json"
MAJOR = ("major", "critical")
REVIEW_PER_CHECK = 40


def located(finding: ItemFinding, mt: str) -> bool:
    """A finding that points at characters (not a gap and not the whole item)."""
    length = finding.target.end - finding.target.start
    return 0 < length < 0.9 * max(len(mt), 1) or finding.source is not None


def _overlap(a_start: int, a_end: int, span: HumanSpan) -> bool:
    return a_start < span.end and span.start < a_end


def span_hit(finding: ItemFinding, item: EvalItem) -> bool:
    target = finding.target
    if target.end > target.start and any(
        _overlap(target.start, target.end, s) for s in item.spans if s.side == "target"
    ):
        return True
    source = finding.source
    return source is not None and any(
        _overlap(source.start, source.end, s) for s in item.spans if s.side == "source"
    )


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 4) if b else None


def _count_gate(gate: Counter[str], item: EvalItem, result: ItemResult) -> None:
    """What the gate did with one item: blocked (any major finding) and the default verdict."""
    blocked = any(f.severity in MAJOR for f in result.findings)
    clean = not item.has_error
    gate["items"] += 1
    gate["clean"] += clean
    gate["with_major"] += item.has_major
    gate["blocked"] += blocked
    gate["blocked_clean"] += blocked and clean
    gate["blocked_major"] += blocked and item.has_major
    gate["verdict_failed"] += not result.passed
    gate["verdict_failed_clean"] += (not result.passed) and clean
    gate["verdict_failed_major"] += (not result.passed) and item.has_major


def _count_findings(per_check: dict[str, Counter[str]], item: EvalItem, result: ItemResult) -> None:
    """Per check: findings by severity, and how many sit on an item or a span with a human error."""
    for f in result.findings:
        stats = per_check[f.check]
        stats["findings"] += 1
        stats[f.severity] += 1
        stats["item_hit"] += item.has_error
        if f.severity in MAJOR:
            stats["major_item_hit"] += item.has_major
        if item.label is None and located(f, item.mt):
            stats["located"] += 1
            hit = span_hit(f, item)
            stats["span_hit"] += hit
            if f.severity in MAJOR:
                stats["major_located"] += 1
                stats["major_span_hit"] += hit


def _count_touched(touched: dict[str, Counter[str]], item: EvalItem, result: ItemResult) -> None:
    """Which checks touch each human major span (``any``: any finding, ``major``: a major one);
    ``*`` counts the spans touched by any check."""
    for span in item.target_spans:
        if not span.major:
            continue
        on_span = [
            f
            for f in result.findings
            if f.target.end > f.target.start and _overlap(f.target.start, f.target.end, span)
        ]
        for kind, chosen in (("any", on_span), ("major", [f for f in on_span if f.severity in MAJOR])):
            checks = {f.check for f in chosen}
            for check in checks:
                touched[kind][check] += 1
            touched[kind]["*"] += bool(checks)


def _check_table(per_check: dict[str, Counter[str]], touched: dict[str, Counter[str]]) -> dict[str, Any]:
    return {
        check: {
            "findings": stats["findings"],
            "minor": stats["minor"],
            "major": stats["major"],
            "critical": stats["critical"],
            "located": stats["located"],
            "span_precision": _ratio(stats["span_hit"], stats["located"]),
            "major_span_precision": _ratio(stats["major_span_hit"], stats["major_located"]),
            "item_precision": _ratio(stats["item_hit"], stats["findings"]),
            "major_item_precision": _ratio(stats["major_item_hit"], stats["major"] + stats["critical"]),
            "major_spans_touched": touched["any"].get(check, 0),
            "major_spans_touched_by_major": touched["major"].get(check, 0),
        }
        for check, stats in sorted(per_check.items())
    }


def _gate_summary(gate: Counter[str]) -> dict[str, Any]:
    passed = gate["items"] - gate["blocked"]
    passed_major = gate["with_major"] - gate["blocked_major"]
    rate_blocked = _ratio(gate["blocked_major"], gate["blocked"])
    rate_passed = _ratio(passed_major, passed)
    return {
        "blocked": gate["blocked"],
        "clean_blocked_share": _ratio(gate["blocked_clean"], gate["clean"]),
        "major_blocked_share": _ratio(gate["blocked_major"], gate["with_major"]),
        "major_rate_blocked": rate_blocked,
        "major_rate_passed": rate_passed,
        "likelihood_ratio": _ratio(rate_blocked or 0.0, rate_passed) if rate_blocked is not None else None,
        # even a gate that only blocks human-major items cannot beat 1 / (human-major rate of passed items)
        "ratio_ceiling": _ratio(1.0, rate_passed) if rate_passed else None,
        "verdict_clean_failed_share": _ratio(gate["verdict_failed_clean"], gate["clean"]),
        "verdict_major_failed_share": _ratio(gate["verdict_failed_major"], gate["with_major"]),
    }


def _ced_summary(gate: Counter[str]) -> dict[str, Any]:
    """CED: the label is the critical error, so "any major finding" is a detector with P/R/F1."""
    tp = gate["blocked_major"]
    precision = _ratio(tp, gate["blocked"])
    recall = _ratio(tp, gate["with_major"])
    f1 = round(2 * precision * recall / (precision + recall), 4) if precision and recall else None
    return {"ced_precision": precision, "ced_recall": recall, "ced_f1": f1}


def measure(items: list[EvalItem], results: dict[str, ItemResult]) -> dict[str, Any]:
    """Every figure for one data set and split."""
    per_check: dict[str, Counter[str]] = defaultdict(Counter)
    touched: dict[str, Counter[str]] = {"any": Counter(), "major": Counter()}
    gate: Counter[str] = Counter()
    errors = 0
    for item in items:
        result = results[item.id]
        if result.error:
            errors += 1
            continue
        _count_gate(gate, item, result)
        _count_findings(per_check, item, result)
        _count_touched(touched, item, result)
    major_spans = sum(1 for item in items for s in item.target_spans if s.major)
    summary = {
        "items": gate["items"],
        "skipped": errors,
        "clean_items": gate["clean"],
        "items_with_major": gate["with_major"],
        "human_major_spans": major_spans,
        "major_span_recall_any": _ratio(touched["any"]["*"], major_spans),
        "major_span_recall_major": _ratio(touched["major"]["*"], major_spans),
        **_gate_summary(gate),
    }
    if items and items[0].label is not None:
        summary |= _ced_summary(gate)
    return {"summary": summary, "checks": _check_table(per_check, touched)}


def evaluate(data: dict[str, list[EvalItem]], fingerprint: str) -> dict[str, Any]:
    out: dict[str, Any] = {"fingerprint": fingerprint, "datasets": {}}
    for name, items in data.items():

        def progress(done: int, total: int, name: str = name) -> None:
            print(f"  {name}: {done}/{total}", file=sys.stderr, flush=True)

        results = cached_results(name, items, fingerprint, progress)
        out["datasets"][name] = {
            split: measure([i for i in items if i.split == split], results) for split in SPLITS
        }
        out["datasets"][name]["all"] = measure(items, results)
    return out


# --- rendering ---------------------------------------------------------------------------------


def _fmt(value: Any, percent: bool = False) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.1%}" if percent else f"{value:.3f}"
    return str(value)


SUMMARY_ROWS = (
    ("items", "items (skipped)", False),
    ("clean_blocked_share", "items with no human error that get a major finding (target ≤ 1%)", True),
    ("major_blocked_share", "items with a human major error that get a major finding", True),
    ("likelihood_ratio", "human-major rate of blocked ÷ passed items (target ≥ 3)", False),
    ("ratio_ceiling", "ceiling of that ratio at this recall (1 ÷ human-major rate of passed items)", False),
    ("major_span_recall_any", "human major spans touched by any finding", True),
    ("major_span_recall_major", "human major spans touched by a major finding", True),
    ("ced_precision", "CED: precision of any major/critical finding (target ≥ 0.6)", False),
    ("ced_recall", "CED: recall (target ≥ 0.25)", False),
    ("ced_f1", "CED: F1", False),
    ("verdict_clean_failed_share", "default gate verdict fails an item with no human error", True),
    ("verdict_major_failed_share", "default gate verdict fails an item with a human major error", True),
)


def render(current: dict[str, Any], baseline: dict[str, Any] | None, command: str) -> str:
    lines = [
        "# Errors humans mark, and false alarms: mtcheck on WMT23, WMT22 QE and MLQE-PE CED",
        "",
        f"Reproduce: `{command}` (code fingerprint `{current['fingerprint']}`"
        + (f", baseline `{baseline['fingerprint']}`" if baseline else "")
        + ").",
        "",
        "The full pipeline (`mtcheck.check`, source + MT, no back-translation model) runs on every item. "
        "WMT23 items are paragraphs of 12 systems (references left out), WMT22 and CED items are single "
        "sentences. Splits: WMT23/WMT22 by document hash (~70/30), CED train = tune, dev = held-out. "
        "A *major finding* is one of severity major or critical; the issue's gate blocks an item "
        "that has one.",
        "",
    ]
    for name, splits in current["datasets"].items():
        lines += [
            f"## {name}",
            "",
            "| measure | "
            + " | ".join(
                f"{split} baseline | {split} now" if baseline else split for split in (*SPLITS, "all")
            )
            + " |",
            "|---|" + "---|" * (6 if baseline else 3),
        ]
        for key, label, percent in SUMMARY_ROWS:
            if key not in splits["all"]["summary"]:
                continue
            cells = []
            for split in (*SPLITS, "all"):
                now = splits[split]["summary"].get(key)
                if key == "items":
                    now = f"{now} ({splits[split]['summary']['skipped']})"
                if baseline:
                    before = baseline["datasets"].get(name, {}).get(split, {}).get("summary", {}).get(key)
                    if key == "items" and before is not None:
                        before = f"{before}"
                    cells.append(_fmt(before, percent))
                cells.append(_fmt(now, percent))
            lines.append(f"| {label} | " + " | ".join(cells) + " |")
        lines += [
            "",
            f"### {name}: per check (tune | held-out)",
            "",
            "| check | findings min/maj/crit | span precision | major span precision | item precision | "
            "major item precision (human major) | human major spans touched (by major) |",
            "|---|---|---|---|---|---|---|",
        ]
        checks = sorted(set(splits["tune"]["checks"]) | set(splits["heldout"]["checks"]))
        for check in checks:
            t = splits["tune"]["checks"].get(check, {})
            h = splits["heldout"]["checks"].get(check, {})

            def pair(key: str, t: dict = t, h: dict = h) -> str:
                return f"{_fmt(t.get(key))} \\| {_fmt(h.get(key))}"

            counts = " \\| ".join(
                f"{d.get('minor', 0)}/{d.get('major', 0)}/{d.get('critical', 0)}" for d in (t, h)
            )
            touched = " \\| ".join(
                f"{d.get('major_spans_touched', 0)} ({d.get('major_spans_touched_by_major', 0)})"
                for d in (t, h)
            )
            lines.append(
                f"| {check} | {counts} | {pair('span_precision')} | {pair('major_span_precision')} | "
                f"{pair('item_precision')} | {pair('major_item_precision')} | {touched} |"
            )
        lines.append("")
    return "\n".join(lines) + "\n"


# --- hand-review samples -----------------------------------------------------------------------

_VERDICT_ROW = re.compile(r"^\| (?P<key>[0-9a-f]{10}) \|.*\| (?P<verdict>[^|]*) \|$")


def _key(dataset: str, item_id: str, finding: ItemFinding) -> str:
    raw = f"{dataset}|{item_id}|{finding.check}|{finding.target.start}|{finding.target.end}|{finding.message}"
    return hashlib.sha1(raw.encode()).hexdigest()[:10]


def _cell(text: str, limit: int = 400) -> str:
    text = " ".join(text.split())
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return text.replace("|", "\\|")


def write_review_samples(data: dict[str, list[EvalItem]], fingerprint: str, folder: Path) -> list[Path]:
    """Up to REVIEW_PER_CHECK major findings per check (a deterministic sample over all data sets),
    with the human spans beside them and a verdict column for the reader."""
    by_check: dict[str, list[tuple[str, str, EvalItem, ItemFinding]]] = defaultdict(list)
    for name, items in data.items():
        results = cached_results(name, items, fingerprint)
        for item in items:
            for f in results[item.id].findings:
                if f.severity in MAJOR:
                    by_check[f.check].append((_key(name, item.id, f), name, item, f))
    written = []
    for check, entries in sorted(by_check.items()):
        path = folder / f"review_sample_{check}.md"
        path.write_text(_review_page(check, entries, _read_verdicts(path)), encoding="utf-8")
        written.append(path)
    return written


def _read_verdicts(path: Path) -> dict[str, str]:
    """The verdicts typed into an earlier page, by finding key: re-running keeps them."""
    if not path.exists():
        return {}
    rows = (_VERDICT_ROW.match(line) for line in path.read_text(encoding="utf-8").splitlines())
    return {match["key"]: match["verdict"].strip() for match in rows if match}


def _human_spans(item: EvalItem) -> str:
    if item.label is not None:
        return "CED: critical error" if item.label else "CED: no critical error"
    return (
        "; ".join(
            f"{s.severity} {s.category or ''} '{s.text}'" + (" (source)" if s.side == "source" else "")
            for s in item.spans
        )
        or "no error marked"
    )


def _review_page(
    check: str, entries: list[tuple[str, str, EvalItem, ItemFinding]], verdicts: dict[str, str]
) -> str:
    entries.sort(key=lambda e: e[0])
    sample = entries[:REVIEW_PER_CHECK]
    lines = [
        f"# Hand review: {check} (major findings)",
        "",
        f"{len(sample)} of {len(entries)} major findings over WMT23, WMT22 and CED (all splits), "
        "chosen by a hash of the finding (not by outcome). *human* = the human spans of the item "
        "(WMT) or the CED label. Verdict: **true** (a real error that warrants a major finding), "
        "**false** (why), typed by hand; re-running keeps the verdicts.",
        "",
        "| key | item | source | MT | finding | human | verdict |",
        "|---|---|---|---|---|---|---|",
    ]
    for key, name, item, f in sample:
        finding = f"{f.message} — target '{f.target.text}'" + (
            f" / source '{f.source.text}'" if f.source else ""
        )
        lines.append(
            f"| {key} | {name} {item.id} ({item.split}) | {_cell(item.source, 300)} | "
            f"{_cell(item.mt, 300)} | "
            f"{_cell(finding, 300)} | {_cell(_human_spans(item), 250)} | {verdicts.get(key, '')} |"
        )
    reviewed = [verdicts.get(e[0], "") for e in sample]
    true = sum(v.lower().startswith("true") for v in reviewed)
    false = sum(v.lower().startswith("false") for v in reviewed)
    if true + false:
        lines += [
            "",
            f"Reviewed: {true + false}; true alarms {true}, false alarms {false}: "
            f"hand-reviewed precision **{true / (true + false):.2f}**.",
        ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=REPO.parent / "shared" / "eval")
    parser.add_argument("--datasets", nargs="*", default=["wmt23", "wmt22", "ced"])
    parser.add_argument("--out", type=Path, default=RESULTS / "errors.md")
    parser.add_argument("--write-baseline", action="store_true", help="store these figures as the baseline")
    parser.add_argument(
        "--fingerprint",
        default=None,
        help="measure the cached results of this code fingerprint (e.g. the baseline)",
    )
    parser.add_argument("--no-review", action="store_true", help="do not (re)write the review samples")
    args = parser.parse_args()
    if "MTCHECK_CACHE_DIR" not in os.environ:
        sys.exit("set MTCHECK_CACHE_DIR (a shared embedding cache would collide with other runs)")
    data = {name: items for name, items in read_all(args.eval_dir).items() if name in args.datasets}
    fingerprint = args.fingerprint or code_fingerprint()
    current = evaluate(data, fingerprint)
    command = "python -m benchmarks.errors_eval --eval-dir ../shared/eval"
    if args.write_baseline:
        BASELINE_JSON.write_text(json.dumps(current, indent=1) + "\n", encoding="utf-8")
    baseline = json.loads(BASELINE_JSON.read_text(encoding="utf-8")) if BASELINE_JSON.exists() else None
    if baseline and baseline["fingerprint"] == fingerprint:
        baseline = None
    text = render(current, baseline, command)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    args.out.with_suffix(".json").write_text(json.dumps(current, indent=1) + "\n", encoding="utf-8")
    if not args.no_review:
        write_review_samples(data, fingerprint, args.out.parent)
    print(text)


if __name__ == "__main__":
    main()
