"""Random findings of one check on WMT23 en-de system output, for judging by hand.

Usage (from the repository root)::

    python -m benchmarks.typography_audit typography.quotes --sample 30 [--eval-dir ../shared/eval]

WMT23 MQM raters seldom mark quotation marks, brackets or spacing, so span overlap with their
annotations understates these checks (benchmarks.checks_eval). This prints a seeded random sample
of findings with context so that a person can judge each one; the judgements are recorded in
benchmarks/results/typography_audit.md. Each row is checked as one aligned pair with its source, by
the check engine with only the named check enabled. ``--limit N`` reads the first N rows only.
"""

from __future__ import annotations

import argparse
import random

from benchmarks.datasets import add_eval_dir, wmt23_rated
from mtcheck.checks import CHECKS
from mtcheck.checks.engine import run_checks
from mtcheck.config import Settings
from mtcheck.load import report_from_sentences
from mtcheck.run import Run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("check")
    parser.add_argument("--sample", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--limit", type=int, default=None, help="only the first N rated rows")
    add_eval_dir(parser)
    args = parser.parse_args()
    CHECKS.get(args.check)  # an unknown id fails here, listing the known ones
    settings = Settings(bt_model="off", disabled_checks=[c for c in CHECKS.names() if c != args.check])
    found = []
    for row in wmt23_rated(args.eval_dir)[: args.limit]:
        report = report_from_sentences([row.mt], source=[row.source])
        for finding in run_checks(Run(report, settings)):
            span = finding.target_span
            context = row.mt[max(0, span.start - 70) : span.end + 50].replace("\n", " ")
            found.append((row.system, row.seg_idx, finding.message, context))
    print(f"{args.check}: {len(found)} findings on WMT23 en-de rated rows")
    random.seed(args.seed)
    for number, item in enumerate(random.sample(found, min(args.sample, len(found))), 1):
        print(number, *item, sep=" | ")


if __name__ == "__main__":
    main()
