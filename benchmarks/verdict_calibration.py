"""Choose the gate's REVIEW thresholds on the TUNE split and measure the verdict on HELD-OUT items.

    MTCHECK_CACHE_DIR=.cache-mtcheck nice python -m benchmarks.verdict_calibration \
        --eval-dir ../shared/eval [--fingerprint b2414d2ef375]

Reports: the pipeline's whole Report per item (``benchmarks.report_cache``: ``mtcheck.check`` on
source + MT, no back-translation model, the calibration sample of WMT23 MQM paragraphs, WMT22 QE
sentences and MLQE-PE CED sentences). The gate is re-evaluated with every candidate setting.

Objective (TUNE only): maximise the mean over the three data sets of the share of items with a human
major (or critical) error that the gate sends to REVIEW or BLOCK, subject to: on every data set at
most ``BUDGET`` of the items with no human error are sent to REVIEW or BLOCK (an editor reads one
error-free text in five at most). Ties go to the setting that flags fewer error-free items.
Thresholds searched: ``review-minor-per-1000``, ``min-similarity`` and ``review-min-estimate``
(``block-min-confidence`` and the BLOCK limits are left as they are: other work sets which checks
block). Held-out: per data set, the share of human-major and of error-free items that are blocked,
reviewed, blocked or reviewed, with 95% bootstrap intervals (items; whole documents for WMT23).
Writes ``benchmarks/results/verdict_calibration.{md,json}``.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from benchmarks import write_results
from benchmarks.errors_run import code_fingerprint
from benchmarks.eval_data import EvalItem, read_all
from benchmarks.measures import bootstrap, share
from benchmarks.report_cache import SAMPLE, cached_reports, eval_arguments, sample

BUDGET = 0.20
GRID = {
    "review_minor_per_1000": [None, 10.0, 20.0, 30.0, 40.0, 60.0, 80.0],
    "min_similarity": [None, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75],
    "review_min_estimate": [None, 85.0, 88.0, 90.0, 92.0, 93.0, 94.0, 95.0],
}
COMMAND = "python -m benchmarks.verdict_calibration --eval-dir ../shared/eval"


@dataclass(frozen=True)
class Row:
    """What the gate reads of one item's report, and the human judgment."""

    dataset: str
    split: str
    unit: str  # bootstrap unit: the document (WMT23) or the item
    major: bool
    clean: bool
    base: str  # the outcome with no REVIEW thresholds (BLOCK, or REVIEW for unverified majors)
    minor_density: float  # as the gate computes it
    similarity: float | None
    estimate: float | None
    report: Any


def _settings(values: tuple[float | None, ...]) -> Any:
    from mtcheck.config import GateSettings

    return replace(GateSettings(), **dict(zip(GRID, values, strict=True)))


def outcome(row: Row, combo: tuple[float | None, ...]) -> str:
    """The gate's outcome for ``combo``, from the inputs it reads (checked against
    :func:`mtcheck.gate.evaluate` for the chosen setting: 392 full evaluations per item are too slow)."""
    if row.base != "publish":
        return row.base
    minor, similarity, estimate = combo
    review = (
        (minor is not None and row.minor_density > minor)
        or (similarity is not None and (row.similarity is None or row.similarity < similarity))
        or (estimate is not None and (row.estimate is None or row.estimate < estimate))
    )
    return "review" if review else "publish"


def _rows(data: dict[str, list[EvalItem]], fingerprint: str | None) -> list[Row]:
    from mtcheck.config import GateSettings
    from mtcheck.gate import ESTIMATE, evaluate
    from mtcheck.metrics.similarity import document_similarity
    from mtcheck.model import Severity

    rows = []
    for name, items in data.items():
        reports = cached_reports(name, items, fingerprint)
        for item in items:
            report = reports[item.id]
            if report is None:
                continue  # input rejected (e.g. empty text) or crashed: counted in "skipped"
            base = evaluate(report, _settings((None, None, None))).outcome.value
            minors = sum(1 for f in report.findings if f.severity is Severity.MINOR and not f.ignored)
            density = round(minors / report.mqm.word_count * 1000, 1)
            estimate = next((s.value for s in report.scores if s.name == ESTIMATE), None)
            unit = item.doc if name == "wmt23" else item.id
            rows.append(
                Row(name, item.split, unit, item.has_major, not item.has_error, base, density,
                    document_similarity(report), estimate, report)
            )  # fmt: skip
    assert GateSettings().review_exit in (0, 1)
    return rows


def verify(rows: list[Row], combo: tuple[float | None, ...]) -> int:
    """Items where :func:`outcome` and the real gate disagree for ``combo`` (must be 0)."""
    from mtcheck.gate import evaluate

    return sum(outcome(r, combo) != evaluate(r.report, _settings(combo)).outcome.value for r in rows)


def _flag_rate(rows: list[Row], key: tuple, which: str) -> float:
    chosen = [r for r in rows if getattr(r, which)]
    return float(np.mean([outcome(r, key) != "publish" for r in chosen])) if chosen else float("nan")


def choose(rows: list[Row]) -> tuple[tuple[float | None, ...], list[dict[str, Any]]]:
    """The setting that maximises the objective on TUNE rows (see the module docstring)."""
    tune = [r for r in rows if r.split == "tune"]
    names = sorted({r.dataset for r in tune})
    table = []
    for combo in itertools.product(*GRID.values()):
        key = combo
        clean = {n: _flag_rate([r for r in tune if r.dataset == n], key, "clean") for n in names}
        major = {n: _flag_rate([r for r in tune if r.dataset == n], key, "major") for n in names}
        table.append(
            {"setting": combo, "clean": clean, "major": major, "objective": np.mean(list(major.values()))}
        )
    feasible = [t for t in table if max(t["clean"].values()) <= BUDGET]
    best = max(feasible, key=lambda t: (t["objective"], -max(t["clean"].values())))
    return best["setting"], table


def operating_point(rows: list[Row], key: tuple) -> dict[str, Any]:
    """Held-out shares with 95% bootstrap intervals, per data set."""
    out: dict[str, Any] = {}
    for name in sorted({r.dataset for r in rows}):
        held = [r for r in rows if r.dataset == name and r.split == "heldout"]
        out[name] = {"items": len(held)}
        for group in ("major", "clean"):
            members = [r for r in held if getattr(r, group)]
            units = [r.unit for r in members] if name == "wmt23" else None
            out[name][group] = {"items": len(members)}
            for label, outcomes in (
                ("blocked", {"block"}),
                ("reviewed", {"review"}),
                ("flagged", {"block", "review"}),
            ):
                flags = [outcome(r, key) in outcomes for r in members]
                out[name][group][label] = bootstrap(share(flags), len(flags), units, resamples=1000).as_dict()
    return out


def _cell(ci: dict[str, float]) -> str:
    return f"{ci['value']:.1%} ({ci['low']:.1%}–{ci['high']:.1%})"


def render(result: dict[str, Any]) -> str:
    chosen = result["chosen"]
    lines = [
        "# Verdict calibration: PUBLISH / REVIEW / BLOCK on human-judged en-de data",
        "",
        f"Reproduce: `{result['command']}` (reports of code fingerprint `{result['fingerprint']}`; "
        f"the fingerprint of this checkout when the table was written: `{result['fingerprint_now']}`). "
        "Other work on the checks' precision shifts these numbers: re-run after it is merged.",
        "",
        f"Sample ({result['sample_note']}): {result['counts']}.",
        "",
        f"**Objective** (TUNE split only): maximise the mean, over WMT23/WMT22/CED, of the share of items "
        f"with a human major error sent to REVIEW or BLOCK, with at most {BUDGET:.0%} of the error-free "
        "items of every data set sent to REVIEW or BLOCK (the editor's reading budget).",
        "",
        "**Chosen**: "
        + ", ".join(f"`{k}` = {v}" for k, v in chosen.items())
        + f". TUNE: {result['tune_at_choice']}.",
        "",
        "Built-in defaults (`GateSettings` in mtcheck/config.py) of this checkout: "
        + ", ".join(f"`{k}` = {v}" for k, v in result["defaults"].items())
        + (" (the chosen ones)." if result["defaults"] == chosen else " (**not** the chosen ones)."),
        "",
        "## Held-out operating point (95% bootstrap intervals; WMT23 resamples whole documents)",
        "",
        "| data set | setting | items | human major: blocked | reviewed | blocked or reviewed | "
        "error-free: blocked | reviewed | blocked or reviewed |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for label, point in (("before (no REVIEW thresholds)", result["before"]), ("chosen", result["heldout"])):
        for name, d in point.items():
            m, c = d["major"], d["clean"]
            lines.append(
                f"| {name} | {label} | {m['items']} major / {c['items']} error-free | "
                + " | ".join(_cell(m[k]) for k in ("blocked", "reviewed", "flagged"))
                + " | "
                + " | ".join(_cell(c[k]) for k in ("blocked", "reviewed", "flagged"))
                + " |"
            )
    lines += [
        "",
        "Error-free = no human error span at all (CED: label NOT). WMT23 human MQM scores the mtcheck-qe "
        "estimate was trained on (all WMT23 items): its WMT23 figures are in-sample for that one input.",
        "",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    args = eval_arguments(__doc__.splitlines()[0])
    from mtcheck.config import GateSettings

    full = read_all(args.eval_dir, sampled=False)
    data = {name: sample(name, items) for name, items in full.items()}
    rows = _rows(data, args.fingerprint)
    best, table = choose(rows)
    none = (None, None, None)
    mismatches = verify(rows, best)
    at = next(t for t in table if t["setting"] == best)
    counts = {
        n: {s: sum(r.dataset == n and r.split == s for r in rows) for s in ("tune", "heldout")} for n in data
    }
    result = {
        "command": COMMAND + (f" --fingerprint {args.fingerprint}" if args.fingerprint else ""),
        "fingerprint": args.fingerprint or code_fingerprint(),
        "fingerprint_now": code_fingerprint(),
        "budget": BUDGET,
        "sample_note": f"WMT23 source segments per split {SAMPLE['wmt23']} with all systems; "
        f"CED train items {SAMPLE['ced']['tune']} of 7,878 by hash, dev all; WMT22 all",
        "counts": counts,
        "chosen": dict(zip(GRID, best, strict=True)),
        "defaults": {name: getattr(GateSettings(), name) for name in GRID},
        "tune_at_choice": {
            n: {"major_flagged": round(at["major"][n], 4), "clean_flagged": round(at["clean"][n], 4)}
            for n in at["major"]
        },
        "before": operating_point(rows, none),
        "heldout": operating_point(rows, best),
        "gate_mismatches": mismatches,
        "grid": [
            {
                "setting": list(t["setting"]),
                "objective": round(t["objective"], 4),
                "clean_max": round(max(t["clean"].values()), 4),
            }
            for t in table
        ],
    }
    write_results("verdict_calibration", result, render(result))


if __name__ == "__main__":
    main()
