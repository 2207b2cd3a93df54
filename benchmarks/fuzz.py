"""Fuzz mtcheck for a fixed number of minutes: the property tests of ``tests/test_properties.py``
(any bytes, odd text in every format, bilingual pairs → checks → JSON, SARIF, JUnit) with many
more examples than CI runs and a new random seed each round. Writes what it ran and every failure
it found to ``benchmarks/results/fuzz.md``.

    python -m benchmarks.fuzz --minutes 10
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "fuzz.md"


def one_round(seed: int, examples: int) -> tuple[str, list[str]]:
    """Run the properties once; (pytest's summary line, the falsifying examples it printed)."""
    env = {**os.environ, "MTCHECK_PROPERTY_EXAMPLES": str(examples), "MTCHECK_CACHE_DIR": "off"}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_properties.py",
               f"--hypothesis-seed={seed}"]  # fmt: skip
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    lines = done.stdout.splitlines()
    summary = next((line for line in reversed(lines) if re.search(r"passed|failed|error", line)), "?")
    failures = [line.strip() for line in lines if line.strip().startswith(("Falsifying example", "E  "))]
    return summary, failures[:20]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--examples", type=int, default=200, help="examples per property and round")
    args = parser.parse_args()
    deadline = time.monotonic() + 60 * args.minutes
    rounds: list[tuple[int, str, list[str]]] = []
    seed = int(time.time())
    while time.monotonic() < deadline:
        summary, failures = one_round(seed, args.examples)
        rounds.append((seed, summary, failures))
        print(f"seed {seed}: {summary}", flush=True)
        seed += 1
    found = [r for r in rounds if r[2] or "failed" in r[1]]
    lines = [
        "# Fuzzing the property tests",
        "",
        f"Reproduce: `python -m benchmarks.fuzz --minutes {args.minutes:g} --examples {args.examples}`",
        "",
        f"{len(rounds)} rounds of the four properties in tests/test_properties.py, {args.examples} examples "
        f"each per round ({len(rounds) * 4 * args.examples:,} generated inputs), {args.minutes:g} minutes. "
        f"Rounds with a failure: {len(found)}.",
        "",
        "| seed | result |",
        "|---|---|",
        *[f"| {s} | {summary} |" for s, summary, _ in rounds],
    ]
    for s, _, failures in found:
        lines += ["", f"## Seed {s}", "", "```", *failures, "```"]
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
