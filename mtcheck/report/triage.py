"""Triage for the reports: the pairs an editor should read first, with the evidence that ranked them.

The gate decides *which* pairs (:func:`mtcheck.gate.read_first`, stored in ``Verdict.read_first`` when
the verdict is REVIEW); this module only gathers what the HTML and terminal show beside each one. The
quality estimate (``mtcheck-qe``) appears here as ranking evidence per pair, never as a grade of the
article: measured on data it was not trained on, it does not transfer (README, "the estimate").
"""

from __future__ import annotations

from dataclasses import dataclass

from mtcheck.gate import ESTIMATE
from mtcheck.metrics.similarity import pair_similarity
from mtcheck.model import Outcome, Report, Severity
from mtcheck.report.common import SEVERITY_ORDER

#: What the reports say beside the estimate wherever it is shown.
ESTIMATE_NOTE = "ranking evidence for 'read first', not a grade: it does not transfer across data sets"


@dataclass(frozen=True)
class ReadFirst:
    """One pair to read first and why it ranks where it does."""

    index: int  # AlignedPair.index (0-based, as in the JSON report)
    worst: Severity | None  # the most severe counted finding on the pair
    findings: int  # counted findings on the pair
    similarity: float | None
    estimate: float | None  # mtcheck-qe of the pair

    @property
    def number(self) -> int:
        """The pair's number as every report shows it to people (1-based)."""
        return self.index + 1

    def evidence(self) -> str:
        """ "major finding (+1 more) · similarity 0.68 · mtcheck-qe 81.2" (what ranked it)."""
        parts = []
        if self.findings:
            worst = self.worst.value if self.worst else ""
            parts.append(f"{worst} finding" + (f" (+{self.findings - 1} more)" if self.findings > 1 else ""))
        if self.similarity is not None:
            parts.append(f"similarity {self.similarity:.2f}")
        if self.estimate is not None:
            parts.append(f"{ESTIMATE} {self.estimate:.1f}")
        return " · ".join(parts) or "no finding; low scores"


def read_first_rows(report: Report) -> list[ReadFirst]:
    """The verdict's read-first pairs (REVIEW only), riskiest first, with their evidence."""
    verdict = report.verdict
    if verdict is None or verdict.outcome is not Outcome.REVIEW:
        return []
    by_index = {pair.index: pair for pair in report.pairs}
    rows = []
    for index in verdict.read_first:
        pair = by_index.get(index)
        if pair is None:
            continue
        # counted findings, and the model findings the gate lists for review (they made it REVIEW)
        counted = [f for f in report.findings if f.pair == index and (not f.ignored or f.model)]
        worst = min((f.severity for f in counted), key=SEVERITY_ORDER.__getitem__, default=None)
        similarity = pair_similarity(report, pair)
        rows.append(ReadFirst(index, worst, len(counted), similarity, pair.scores.get(ESTIMATE)))
    return rows
