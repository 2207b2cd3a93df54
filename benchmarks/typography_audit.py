"""Random findings of one check on WMT23 en-de system output, for judging by hand.

Usage (from the repository root)::

    .venv/bin/python benchmarks/typography_audit.py typography.quotes --sample 30 [--eval-dir ../shared/eval]

WMT23 MQM raters seldom mark quotation marks, brackets or spacing, so span overlap with their
annotations understates these checks (benchmarks/checks_eval.py). This prints a seeded random sample
of findings with context so that a person can judge each one; the judgements are recorded in
benchmarks/results/typography_audit.md. Each row is checked as one aligned pair with its source.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from mtcheck.analysis.text import build_parallel_report  # noqa: E402
from mtcheck.checks import CHECKS, load_all_checks  # noqa: E402
from mtcheck.checks.registry import CheckContext  # noqa: E402

EXCLUDED_SYSTEMS = {"refA", "synthetic_ref"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("check")
    parser.add_argument("--sample", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--eval-dir", type=Path, default=REPO.parent / "shared" / "eval")
    args = parser.parse_args()
    load_all_checks()
    spec = CHECKS[args.check]
    csv.field_size_limit(1 << 30)
    found = []
    with (args.eval_dir / "wmt23_ende_mtme.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if row["system"] in EXCLUDED_SYSTEMS or not row["mqm_score"]:
                continue
            report = build_parallel_report([row["mt"]], source=[row["source"]])
            for finding in spec.function(CheckContext(report, spec)):
                span = finding.target_span
                context = row["mt"][max(0, span.start - 70) : span.end + 50].replace("\n", " ")
                found.append((row["system"], row["seg_idx"], finding.message, context))
    print(f"{args.check}: {len(found)} findings on WMT23 en-de rated rows")
    random.seed(args.seed)
    for number, item in enumerate(random.sample(found, min(args.sample, len(found))), 1):
        print(number, *item, sep=" | ")


if __name__ == "__main__":
    main()
