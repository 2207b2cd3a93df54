"""mtcheck's benchmarks: each module is run from the repository root as ``python -m benchmarks.NAME``
and writes its tables to ``benchmarks/results/``. Those that read the human judgments take
``--eval-dir`` (default ``../shared/eval``, beside the checkout) and read them through
:mod:`benchmarks.datasets`; the data is never copied into the repository. ``benchmarks.corpus``
holds the tools that generate and score the team's gold corpora in ``corpora/``.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"


def write_results(name: str, data: object, table: str) -> None:
    """``benchmarks/results/NAME.json`` (the figures) and ``NAME.md`` (the table), then the table on
    stdout: every benchmark leaves the same pair of files."""
    import json

    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    (RESULTS / f"{name}.md").write_text(table, encoding="utf-8")
    print(table)
