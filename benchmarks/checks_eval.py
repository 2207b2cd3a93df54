"""Span-level precision and recall of mtcheck's checks against the WMT23 en-de MQM error spans.

Usage (from the repository root)::

    python -m benchmarks.checks_eval --eval-dir ../shared/eval [--limit N] [--pipeline]

Each rated, non-reference row of ``wmt23_ende_mtme.tsv`` (a source paragraph and one system's
German translation) becomes a Report with one aligned pair covering the whole paragraph (the rows
*are* the alignment unit). The check engine (``mtcheck.checks.engine.run_checks``) runs every
enabled check whose inputs are present on it, as the pipeline's check stage does: supersession,
pair location and ignore marks included. With ``--pipeline`` the public API ``mtcheck.check`` does
the full load → segment → align → score → check run instead (slower: embeddings).

A finding is a hit when its target span overlaps (≥ 1 code point) a human error span in the MT
(``is_source_error`` false); "same category" additionally needs the human category to map to the
finding's MQM category. Findings that cover a whole pair (e.g. "number missing") carry no position,
so they count as hits when the row has a human error of the same category (reported apart).
Recall per MQM category: human spans of that category overlapped by a finding of the same category.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks import RESULTS
from benchmarks.datasets import Wmt23Row, add_eval_dir, wmt23_rated
from mtcheck.checks import CHECKS
from mtcheck.checks.engine import run_checks
from mtcheck.config import Settings
from mtcheck.load import article_from_text
from mtcheck.model import AlignedPair, Finding, Report
from mtcheck.pipeline import load_report
from mtcheck.run import Run

# WMT23 MQM categories → mtcheck's MQM categories (Category.value).
HUMAN_TO_MQM = {
    "accuracy/mistranslation": "Accuracy/Mistranslation",
    "accuracy/creative reinterpretation": "Accuracy/Mistranslation",
    "accuracy/omission": "Accuracy/Omission",
    "accuracy/addition": "Accuracy/Addition",
    "accuracy/source language fragment": "Accuracy/Untranslated",
    "non-translation!": "Other/Non-translation",
    "fluency/grammar": "Fluency/Grammar",
    "fluency/spelling": "Fluency/Spelling",
    "fluency/punctuation": "Fluency/Punctuation",
    "fluency/inconsistency": "Fluency/Inconsistency",
    "terminology/inconsistent": "Fluency/Inconsistency",
    "fluency/register": "Style",
    "style/unnatural or awkward": "Style",
    "style/bad sentence structure": "Style",
    "terminology/inappropriate for context": "Terminology",
    "locale convention/currency format": "Locale convention",
    "locale convention/date format": "Locale convention",
    "locale convention/time format": "Locale convention",
    "other": "Other",
    "source issue": "Other",
}


@dataclass
class HumanSpan:
    start: int
    end: int
    category: str
    severity: str


def human_spans(row: Wmt23Row) -> list[HumanSpan]:
    return [
        HumanSpan(e.start, e.end, HUMAN_TO_MQM.get(e.category.lower(), "Other"), e.severity.lower())
        for e in row.mt_errors
    ]


def has_source_omission(row: Wmt23Row) -> bool:
    """Raters mark omitted content on the source side (``is_source_error``)."""
    return any(e.is_source_error and e.category.lower().startswith("accuracy/omission") for e in row.errors)


def checks_settings(only: tuple[str, ...] = ()) -> Settings:
    """Default settings, without back-translation (the rows have none); ``only``: the checks whose id
    starts with one of these, the others disabled."""
    disabled = [check_id for check_id in CHECKS.names() if only and not check_id.startswith(only)]
    return Settings(bt_model="off", disabled_checks=disabled)


def paragraph_report(row: Wmt23Row, settings: Settings) -> Report:
    """The load stage on the row's two texts, aligned as one pair: the row is the alignment unit."""
    report = load_report(
        article_from_text(row.mt, "target", "de"),
        source=article_from_text(row.source, "source", "en"),
        settings=settings,
    )
    assert report.source is not None
    source, target = report.source.sentences, report.target.sentences
    report.pairs = [
        AlignedPair(
            index=0,
            source_ids=tuple(range(len(source))),
            target_ids=tuple(range(len(target))),
            kind=f"{len(source)}-{len(target)}",
        )
    ]
    return report


def engine_findings(row: Wmt23Row, settings: Settings) -> list[Finding]:
    """The check engine on the row as one aligned pair."""
    return run_checks(Run(paragraph_report(row, settings), settings))


def pipeline_findings(row: Wmt23Row) -> list[Finding]:
    import mtcheck

    report = mtcheck.check(
        article_from_text(row.mt, "target", "de"), source=article_from_text(row.source, "source", "en")
    )
    return list(report.findings)


def is_pair_level(finding: Finding, mt: str) -> bool:
    """A finding that marks (nearly) the whole paragraph rather than a position in it."""
    return finding.target_span.end - finding.target_span.start >= 0.9 * len(mt)


def overlaps(finding: Finding, span: HumanSpan) -> bool:
    return finding.target_span.start < span.end and span.start < finding.target_span.end


def _count_recall(recall: dict[str, Counter[str]], spans, located) -> None:
    """Per human category: spans, and those a located finding overlaps (of the same category, any)."""
    for span in spans:
        recall[span.category]["human"] += 1
        recall[span.category]["human_" + span.severity] += 1
        if any(overlaps(f, span) and f.category.value == span.category for f in located):
            recall[span.category]["found"] += 1
        if any(overlaps(f, span) for f in located):
            recall[span.category]["found_any"] += 1


def _count_base_rate(base_rate: Counter[str], spans, row: Wmt23Row) -> None:
    """Rows with a human error (of a category) in the MT: what a finding's precision is against."""
    omission = has_source_omission(row)
    for category in {s.category for s in spans}:
        base_rate[category] += 1
    base_rate["any"] += bool(spans) or omission
    base_rate["Accuracy/Mistranslation or source-side omission"] += omission or any(
        s.category == "Accuracy/Mistranslation" for s in spans
    )


def _hits(finding, spans, row: Wmt23Row) -> tuple[bool, bool]:
    """(hits any human span, hits one of its own category). A pair-level finding has no position to
    overlap: a hit when the row has a human error (of this category) in the MT, or an omission
    marked on the source side (what "missing" findings report)."""
    category = finding.category.value
    if is_pair_level(finding, row.mt):
        omission = has_source_omission(row)
        return bool(spans) or omission, any(s.category == category for s in spans) or omission
    any_hit = any(overlaps(finding, s) for s in spans)
    return any_hit, any(overlaps(finding, s) and s.category == category for s in spans)


def _example(finding, row: Wmt23Row, hit: bool) -> str:
    mt = row.mt
    context = mt[max(0, finding.target_span.start - 25) : finding.target_span.end + 25]
    return (
        f"{'TP' if hit else 'FP'} [{row.system} {row.seg_idx}] {finding.target_span.text[:60]!r} "
        f"| {finding.message[:120]} | …{context}…"
    )


def evaluate(rows: list[Wmt23Row], use_pipeline: bool, only: tuple[str, ...] = ()) -> dict[str, Any]:
    settings = checks_settings(only)
    per_check: dict[str, Counter[str]] = defaultdict(Counter)
    recall: dict[str, Counter[str]] = defaultdict(Counter)
    examples: dict[str, list[str]] = defaultdict(list)
    base_rate: Counter[str] = Counter()  # rows with a human error (of a category) in the MT
    started = time.perf_counter()
    for row in rows:
        spans = human_spans(row)
        if use_pipeline:
            findings = [f for f in pipeline_findings(row) if not only or f.check.startswith(only)]
        else:
            findings = engine_findings(row, settings)
        _count_recall(recall, spans, [f for f in findings if not is_pair_level(f, row.mt)])
        _count_base_rate(base_rate, spans, row)
        for finding in findings:
            stats = per_check[finding.check]
            stats["findings"] += 1
            stats[finding.severity.value] += 1
            if is_pair_level(finding, row.mt):
                stats["pair_level"] += 1
            any_hit, same_hit = _hits(finding, spans, row)
            stats["hit_any"] += any_hit
            stats["hit_same"] += same_hit
            if len(examples[finding.check]) < 400:
                examples[finding.check].append(_example(finding, row, any_hit))
    return {
        "per_check": per_check,
        "recall": recall,
        "examples": examples,
        "base_rate": base_rate,
        "rows": len(rows),
        "seconds": time.perf_counter() - started,
    }


def ratio(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "–"


def render(result: dict[str, Any], command: str) -> str:
    lines = [
        "# Checks against WMT23 en-de MQM error spans",
        "",
        f"Reproduce: `{command}`",
        "",
        f"Rows: {result['rows']} rated system translations (references `refA`/`synthetic_ref` left out); "
        f"run time {result['seconds']:.0f} s. Each row is one source paragraph and one system's German "
        "translation, aligned as one pair; all registered checks whose inputs are present ran.",
        "",
        "A finding is a hit when its target span overlaps a human MQM error span in the MT. *any* = any "
        "human category; *same* = the human category maps to the finding's MQM category. Pair-level "
        "findings (span = whole paragraph) count as hits when the row has a human error of that category "
        "in the MT or an omission marked on the source side.",
        "",
        "## Precision per check",
        "",
        "| check | severity (default) | findings | minor/major/critical | pair-level | precision any | "
        "precision same category |",
        "|---|---|---|---|---|---|---|",
    ]
    for check_id, stats in sorted(result["per_check"].items()):
        spec = CHECKS.get(check_id)
        lines.append(
            f"| {check_id} | {spec.severity.value if spec else '?'} | {stats['findings']} | "
            f"{stats['minor']}/{stats['major']}/{stats['critical']} | {stats['pair_level']} | "
            f"{ratio(stats['hit_any'], stats['findings'])} | {ratio(stats['hit_same'], stats['findings'])} |"
        )
    rows = result["rows"]
    base = result["base_rate"]
    lines += [
        "",
        f"Base rates for pair-level findings: {ratio(base['any'], rows)} of rows have a human error "
        "(in the MT, or an omission marked in the source); "
        + ", ".join(f"{c}: {ratio(n, rows)}" for c, n in sorted(base.items()) if c != "any")
        + ". A pair-level check is informative only where its precision clearly exceeds the base rate.",
    ]
    lines += [
        "",
        "## Recall per MQM category (human spans in the MT)",
        "",
        "Only findings with a position count here (pair-level findings are left out).",
        "",
        "| MQM category | human spans | minor/major | found by a finding of the same category | recall | "
        "overlapped by any finding |",
        "|---|---|---|---|---|---|",
    ]
    for category, stats in sorted(result["recall"].items()):
        lines.append(
            f"| {category} | {stats['human']} | {stats['human_minor']}/{stats['human_major']} | "
            f"{stats['found']} | {ratio(stats['found'], stats['human'])} | "
            f"{ratio(stats['found_any'], stats['human'])} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_eval_dir(parser)
    parser.add_argument("--limit", type=int, default=None, help="only the first N rated rows")
    parser.add_argument("--pipeline", action="store_true", help="run the full mtcheck.check pipeline per row")
    parser.add_argument("--checks", nargs="*", default=[], help="only checks whose id starts with these")
    parser.add_argument("--out", type=Path, default=RESULTS / "checks.md")
    parser.add_argument("--examples", type=Path, default=None, help="write hit/false-alarm examples here")
    args = parser.parse_args()
    rows = wmt23_rated(args.eval_dir)[: args.limit]
    result = evaluate(rows, args.pipeline, tuple(args.checks))
    command = (
        "python -m benchmarks.checks_eval --eval-dir ../shared/eval"
        + (f" --limit {args.limit}" if args.limit else "")
        + (" --pipeline" if args.pipeline else "")
    )
    text = render(result, command)
    # A hand-written review section ("## Hand review …") in the existing file survives re-runs.
    if args.out.exists():
        previous = args.out.read_text(encoding="utf-8")
        marker = previous.find("\n## Hand review")
        if marker >= 0:
            text += previous[marker:]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    if args.examples:
        blocks = [f"## {check}\n" + "\n".join(lines) for check, lines in sorted(result["examples"].items())]
        args.examples.write_text("\n".join(blocks), encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
