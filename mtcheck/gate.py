"""The publication gate: thresholds → verdict (→ exit code in the CLI).

Thresholds come from ``[gate]`` in ``mtcheck.toml`` / ``[tool.mtcheck.gate]`` (see
:class:`mtcheck.config.GateSettings`, the one definition of them), overridden by CLI flags. The gate
reads what the pipeline settled once: the findings' ``ignored`` mark and ``report.mqm``.
"""

from __future__ import annotations

from mtcheck.config import GateSettings
from mtcheck.metrics.similarity import document_similarity
from mtcheck.model import Report, Severity, Verdict


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def evaluate(report: Report, thresholds: GateSettings) -> Verdict:
    """Pass or fail the report, with one human-readable reason per threshold that was checked."""
    counted = [f for f in report.findings if not f.ignored]
    mqm = report.mqm
    failures: list[str] = []
    passes: list[str] = []

    def judge(ok: bool, text: str) -> None:
        (passes if ok else failures).append(text)

    for severity, limit in (
        (Severity.CRITICAL, thresholds.max_critical),
        (Severity.MAJOR, thresholds.max_major),
    ):
        if limit is not None:
            count = sum(1 for f in counted if f.severity is severity)
            judge(count <= limit, f"{_plural(count, severity.value + ' finding')} (max {limit})")
    if thresholds.max_penalty_per_1000 is not None:
        judge(
            mqm.per_1000_words <= thresholds.max_penalty_per_1000,
            f"MQM penalty {mqm.per_1000_words:g} per 1,000 words (max {thresholds.max_penalty_per_1000:g})",
        )
    if thresholds.min_similarity is not None:
        similarity = document_similarity(report)
        if similarity is None:
            failures.append(
                f"document similarity unknown (min {thresholds.min_similarity:g}): "
                "give --source or a back-translation so it can be measured"
            )
        else:
            judge(
                similarity >= thresholds.min_similarity,
                f"document similarity {similarity:.3f} (min {thresholds.min_similarity:g})",
            )
    ignored = len(report.findings) - len(counted)
    if ignored:
        passes.append(f"{_plural(ignored, 'finding')} of ignored checks not counted")
    if failures:
        return Verdict(passed=False, reasons=failures + passes)
    return Verdict(passed=True, reasons=passes or ["no thresholds set"])
