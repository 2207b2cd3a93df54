"""How far to trust an LLM judge: run mtcheck's judge (only the judge.* checks) over human-annotated
English→German data and compare.

    python -m benchmarks.judge --url http://127.0.0.1:8080/v1 --model NAME --eval-dir ../shared/eval \
        [--response-format json_object] [--limit 12] [--systems 3]

Data sets (``../shared/eval``, never copied here), read through ``benchmarks/datasets.py`` (the one
reader per data set; the CED German is detokenized there):

- WMT23 en-de MQM (``wmt23_ende_mtme.tsv``): paragraphs, several systems each, human error spans. Span
  precision/recall, and the item-grouped Kendall tau-b of the judge's MQM penalty against the human MQM
  score (translations of the same source ranked against each other, as in WMT24's meta-evaluation).
- WMT22 QE task 2 (``mqm_wmt22qe_ende_spans.tsv``): sentences of one system with human error spans:
  span precision/recall.
- MLQE-PE critical errors (``ced_ende_train_dev.tsv``, dev split, German detokenized): whether the judge
  reports a critical error where 2 of 3 raters saw one (precision/recall of that decision).

Span precision: the share of the judge's located findings (not the whole-sentence ones it could not
anchor) that overlap a human error span; recall: the share of human spans (target side) that a located
finding overlaps. Cost per article: requests, tokens and seconds of the judging stage. Every figure of a
small local model is a floor: the point of the local run is that the command works. ``--limit`` keeps a
run short: WMT23 takes ceil(limit / systems) segments with up to ``--systems`` rated systems each
(segments of at most 400 source characters, in file order), the other two sets ``limit`` items each.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from benchmarks import datasets
from benchmarks.datasets import DEFAULT_EVAL_DIR, MqmSpan, Wmt23Row
from benchmarks.measures import grouped_tau

RESULTS = Path(__file__).resolve().parent / "results"
MQM_WEIGHTS = {"minor": 1, "major": 5, "critical": 25}
MAX_SOURCE_CHARS = 400


@dataclass
class Item:
    dataset: str
    group: str  # the source segment (systems of one group are ranked against each other)
    source: str
    mt: str
    spans: list[tuple[int, int]] = field(default_factory=list)  # human error spans in mt (target side)
    human: float = 0.0  # human MQM score (negative penalty) or 1/0 for a critical error
    critical: bool = False


# --- readers: thin views of benchmarks.datasets (the one reader per data set) -------------------------


def _target_spans(errors: Sequence[MqmSpan]) -> list[tuple[int, int]]:
    return [(e.start, e.end) for e in errors if not e.is_source_error and e.end > e.start]


def read_wmt23(eval_dir: Path, segments: int, systems: int) -> list[Item]:
    """Up to ``systems`` rated real systems (alphabetical) of the first ``segments`` short segments."""
    by_segment: dict[int, list[Wmt23Row]] = defaultdict(list)
    for row in datasets.wmt23_rated(eval_dir):
        if len(row.source) <= MAX_SOURCE_CHARS:
            by_segment[row.seg_idx].append(row)
    chosen = [rows for rows in by_segment.values() if len(rows) >= 2][:segments]
    return [
        Item("wmt23", f"wmt23-{row.seg_idx}", row.source, row.mt, _target_spans(row.errors), row.mqm or 0.0)
        for rows in chosen
        for row in sorted(rows, key=lambda r: r.system)[:systems]
    ]


def read_wmt22_qe(eval_dir: Path, limit: int) -> list[Item]:
    rows = datasets.read_wmt22_qe_spans(eval_dir)[:limit]
    return [
        Item("wmt22-qe", f"wmt22-{r.doc}-{r.seg_id}", r.source, r.mt, _target_spans(r.errors), r.mqm)
        for r in rows
    ]


def read_critical_errors(eval_dir: Path, limit: int) -> list[Item]:
    """Dev items, errors and non-errors alternating so that a short run sees both."""
    rows = [r for r in datasets.read_ced(eval_dir) if r.split == "dev"]
    errors, fine = [r for r in rows if r.critical], [r for r in rows if not r.critical]
    mixed = [r for pair in zip(errors, fine, strict=False) for r in pair][:limit]
    return [
        Item("critical-errors", f"ced-{r.id}", r.source, r.mt, human=float(r.critical), critical=r.critical)
        for r in mixed
    ]


# --- judging -------------------------------------------------------------------------------------------


@dataclass
class Judged:
    item: Item
    located: list[tuple[int, int]]  # anchored findings
    whole: int  # findings the judge's quote could not anchor (whole sentence)
    penalty: float  # MQM penalty of all its findings
    critical: bool
    calls: int
    tokens: int
    seconds: float
    unjudged: int


def judge_item(item: Item, settings) -> Judged:
    from mtcheck.judge.anchor import CONFIDENCE
    from mtcheck.load import article_from_text
    from mtcheck.pipeline import ANALYSIS_STAGES, load_report, run_stages
    from mtcheck.run import Run

    report = load_report(
        article_from_text(item.mt, "target", "de"),
        article_from_text(item.source, "source", "en"),
        settings=settings,
    )
    run = Run.prepare(report, settings)
    run_stages(run, [s for s in ANALYSIS_STAGES if s.label != "back-translating"])
    findings = [f for f in run.report.findings if f.check.startswith("judge.")]
    stats = run.judgement.stats if run.judgement else None
    unanchored = CONFIDENCE["unanchored"]
    return Judged(
        item,
        [(f.target_span.start, f.target_span.end) for f in findings if f.confidence != unanchored],
        sum(f.confidence == unanchored for f in findings),
        sum(MQM_WEIGHTS[f.severity.value] for f in findings),
        any(f.severity.value == "critical" for f in findings),
        stats.calls if stats else 0,
        (stats.prompt_tokens + stats.completion_tokens) if stats else 0,
        stats.seconds if stats else 0.0,
        stats.unjudged if stats else 0,
    )


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _ratio(a: float, b: float) -> float | None:
    return a / b if b else None


def _mean(values: list[float]) -> float | None:
    return statistics.mean(values) if values else None


def _span_figures(results: Sequence[Judged]) -> dict[str, object]:
    """Located findings against the human spans: precision and recall by overlap."""
    located = [(s, r) for r in results for s in r.located]
    hits = sum(any(_overlap(s, h) for h in r.item.spans) for s, r in located)
    human = [(h, r) for r in results for h in r.item.spans]
    found = sum(any(_overlap(s, h) for s in r.located) for h, r in human)
    return {
        "findings located": len(located),
        "findings unanchored": sum(r.whole for r in results),
        "human spans": len(human),
        "span precision": _ratio(hits, len(located)),
        "span recall": _ratio(found, len(human)),
    }


def _dataset_figures(results: Sequence[Judged]) -> dict[str, object]:
    """WMT23: item-grouped tau-b of the judge's penalty; CED: critical-error precision and recall."""
    dataset = results[0].item.dataset if results else None
    if dataset == "wmt23":
        tau = grouped_tau(
            [-r.penalty for r in results], [r.item.human for r in results], [r.item.group for r in results]
        )
        return {
            "item-grouped tau-b": None if math.isnan(tau.value) else tau.value,
            "groups (used/tied)": f"{tau.groups_used}/{tau.groups_skipped}",
        }
    if dataset == "critical-errors":
        flagged = [r for r in results if r.critical]
        truth = [r for r in results if r.item.critical]
        return {
            "critical precision": _ratio(sum(r.item.critical for r in flagged), len(flagged)),
            "critical recall": _ratio(sum(r.critical for r in truth), len(truth)),
        }
    return {}


def summarise(results: Sequence[Judged]) -> dict[str, object]:
    return {
        "items": len(results),
        **_span_figures(results),
        "pairs not judged": sum(r.unjudged for r in results),
        "calls / article": _mean([r.calls for r in results]),
        "tokens / article": _mean([r.tokens for r in results]),
        "seconds / article": _mean([r.seconds for r in results]),
        **_dataset_figures(results),
    }


# --- output --------------------------------------------------------------------------------------------

COLUMNS = (
    "items", "span precision", "span recall", "item-grouped tau-b", "groups (used/tied)",
    "critical precision", "critical recall",
    "findings located", "findings unanchored", "human spans", "pairs not judged",
    "calls / article", "tokens / article", "seconds / article",
)  # fmt: skip


def _cell(value: object) -> str:
    if value is None:
        return "–"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def markdown(summaries: dict[str, dict[str, object]], meta: dict[str, str]) -> str:
    lines = [
        "# LLM judge against human MQM annotations",
        "",
        f"Command: `{meta['command']}`",
        "",
        f"Model `{meta['model']}` at `{meta['url']}` (response format {meta['format']}), prompt "
        f"{meta['prompt']}, mtcheck {meta['version']}, {meta['date']}; {meta['seconds']} s in all.",
        "",
        "| " + " | ".join(("data set", *COLUMNS)) + " |",
        "|" + "---|" * (len(COLUMNS) + 1),
    ]
    for name, summary in summaries.items():
        lines.append("| " + " | ".join((name, *(_cell(summary.get(c)) for c in COLUMNS))) + " |")
    lines += ["", meta["note"], ""]
    return "\n".join(lines)


NOTE = """Span precision: located judge findings overlapping a human error span, over all located ones; span
recall: human spans (target side) overlapped by a located finding. Findings whose quote could not be
anchored cover a whole sentence and are counted apart ("unanchored"), never as located. Tau-b: the
judge's MQM penalty (minor 1, major 5, critical 25) against the human MQM score, per source segment over
its systems, averaged. Critical precision/recall: "the judge reports a critical error" against the
majority label. Cost per article: requests (a malformed answer is asked again once), prompt + completion
tokens, and seconds of the judging stage, on this machine. A small local model's figures are a floor;
see the README, "Using your own models", for running this against a newsroom's own model."""


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--url", required=True, help="OpenAI-compatible endpoint, e.g. http://127.0.0.1:8080/v1"
    )
    parser.add_argument("--model", required=True)
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR)
    parser.add_argument(
        "--response-format", default="json_schema", choices=("json_schema", "json_object", "grammar")
    )
    parser.add_argument("--api-key-env", default=None, help="environment variable holding the API key")
    parser.add_argument("--limit", type=int, default=12, help="items per data set (WMT23: see --systems)")
    parser.add_argument("--systems", type=int, default=3, help="WMT23 systems per source segment")
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--max-concurrency", type=int, default=1)
    parser.add_argument("--datasets", default="wmt23,wmt22-qe,critical-errors")
    parser.add_argument("--out", type=Path, default=RESULTS / "judge.md")
    parser.add_argument(
        "--cache-dir", default="off", help="answer cache (default off: the cost columns count real calls)"
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    from mtcheck import __version__
    from mtcheck.checks import CHECKS
    from mtcheck.config import JudgeSettings, Settings
    from mtcheck.judge.prompt import PROMPT_VERSION

    args = parse_args(argv)
    judge = JudgeSettings(
        enabled=True, url=args.url, model=args.model, api_key_env=args.api_key_env, timeout=args.timeout,
        max_concurrency=args.max_concurrency, max_chars_per_run=None, response_format=args.response_format,
    )  # fmt: skip
    others = sorted({spec.id.split(".")[0] for spec in CHECKS.values()} - {"judge"})  # the judge alone
    settings = Settings(bt_model="none", judge=judge, disabled_checks=others, cache_dir=Path(args.cache_dir))
    readers: dict[str, Callable[[], list[Item]]] = {
        "wmt23": lambda: read_wmt23(args.eval_dir, math.ceil(args.limit / args.systems), args.systems),
        "wmt22-qe": lambda: read_wmt22_qe(args.eval_dir, args.limit),
        "critical-errors": lambda: read_critical_errors(args.eval_dir, args.limit),
    }
    started = time.monotonic()
    summaries: dict[str, dict[str, object]] = {}
    for name in args.datasets.split(","):
        items = readers[name]()
        results = []
        for i, item in enumerate(items, 1):
            results.append(judge_item(item, settings))
            print(
                f"{name}: {i}/{len(items)} ({results[-1].calls} calls, {results[-1].seconds:.1f} s)",
                file=sys.stderr,
            )
        summaries[name] = summarise(results)
    meta = {
        "command": "python -m benchmarks.judge " + " ".join(argv if argv is not None else sys.argv[1:]),
        "model": args.model, "url": args.url, "format": args.response_format, "prompt": PROMPT_VERSION,
        "version": __version__, "date": date.today().isoformat(),
        "seconds": f"{time.monotonic() - started:.0f}", "note": NOTE,
    }  # fmt: skip
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(markdown(summaries, meta), encoding="utf-8")
    args.out.with_suffix(".json").write_text(
        json.dumps({"meta": meta, "summaries": summaries}, indent=2) + "\n"
    )
    print(markdown(summaries, meta))


if __name__ == "__main__":
    main()
