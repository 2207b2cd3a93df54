"""One row per article, built from its JSON report: the same whether the report was just written by
a local worker, came back from a Dask worker, or was kept from an earlier run."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mtcheck.model import Side

#: every status an article can have, in the order summaries list them: the gate's three outcomes, then
#: the articles that could not be checked ("error") or were not read ("skipped")
STATUSES = ("block", "review", "publish", "error", "skipped")


def entry_status(report: dict[str, Any]) -> tuple[str, bool]:
    """An article's batch status and whether it fails the batch, from its JSON report's verdict: the
    one place that maps a verdict to a row (the index, the log, the exit code, JUnit and SARIF all read
    ``entry.status`` and ``entry.fails``). A REVIEW fails only when the gate is strict."""
    verdict = report.get("verdict")
    if verdict is None:
        return "block", True
    return str(verdict["outcome"]), not verdict.get("passed", False)


@dataclass
class BatchEntry:
    name: str
    files: dict[Side, Path]
    status: str  # one of STATUSES
    error: str | None = None  # why it could not be checked ("error"), or why it was skipped
    fails: bool = False  # its verdict fails the batch (BLOCK, or REVIEW with a strict gate)
    reasons: list[str] = field(default_factory=list)
    per_1000_words: float | None = None
    penalty: float | None = None
    words: int | None = None
    by_severity: dict[str, int] = field(default_factory=dict)
    scores: dict[str, float] = field(default_factory=dict)
    html: str | None = None  # report paths, relative to the output folder
    json: str | None = None
    folder: str | None = None
    unchanged: bool = False  # its report was kept from an earlier run
    seconds: float | None = None
    worker: str | None = None

    def fill_from_report(self, report: dict[str, Any], folder: str) -> None:
        mqm = report.get("mqm") or {}
        self.status, self.fails = entry_status(report)
        self.reasons = list((report.get("verdict") or {}).get("reasons", []))
        self.per_1000_words = mqm.get("per_1000_words")
        self.penalty = mqm.get("penalty")
        self.words = mqm.get("word_count")
        self.by_severity = dict(mqm.get("by_severity", {}))
        self.scores = {score["name"]: score["value"] for score in report.get("scores", [])}
        self.folder = folder
        self.html = f"{folder}/report.html"
        self.json = f"{folder}/report.json"


@dataclass
class BatchResult:
    entries: list[BatchEntry]
    index: Path
    interrupted: bool = False
    peak_mb: dict[str, float] = field(default_factory=dict)  # worker → peak resident memory
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        """No checked article failed the gate (skipped symlinks do not fail a batch, errors do)."""
        checked = [e for e in self.entries if e.status != "skipped"]
        failed = any(e.fails or e.status == "error" for e in checked)
        return bool(checked) and not failed and not self.interrupted

    def count(self, status: str) -> int:
        return sum(1 for e in self.entries if e.status == status)

    @property
    def exit_code(self) -> int:
        """0 when no article failed the gate, else 1 (an unreadable article fails the batch too)."""
        return 0 if self.passed else 1
