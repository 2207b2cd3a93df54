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
