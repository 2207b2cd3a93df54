"""The publication gate: thresholds → verdict (→ exit code in the CLI).

Thresholds come from ``[gate]`` in ``mtcheck.toml`` / ``[tool.mtcheck.gate]`` (see
:class:`mtcheck.config.GateSettings`, the one definition of them), overridden by CLI flags. The gate
reads what the pipeline settled once: the findings' ``ignored`` mark and ``report.mqm``.
"""

from __future__ import annotations

from mtcheck.checks.registry import matches_check
from mtcheck.config import GateSettings
from mtcheck.metrics.similarity import document_similarity
from mtcheck.model import Finding, Report, Severity, Verdict

#: the LLM judge's checks (judge.mistranslation, judge.omission, …)
JUDGE_FAMILY = "judge"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def not_counted(thresholds: GateSettings) -> list[str]:
    """Checks (and families) whose findings are reported but counted by nothing: the gate's ``ignore``
    list, plus the judge's unless ``[gate] judge = "count"``. The check engine marks them ``ignored``."""
    return [*thresholds.ignore, *([JUDGE_FAMILY] if thresholds.judge != "count" else [])]


def to_review(report: Report, thresholds: GateSettings) -> list[Finding]:
    """Findings an editor should read before publishing although they block nothing: the judge's,
    with ``[gate] judge = "review-only"``."""
    if thresholds.judge != "review-only":
        return []
    return [f for f in report.findings if matches_check(f.check, [JUDGE_FAMILY])]


def review_reason(report: Report, thresholds: GateSettings) -> str | None:
    """The one rule for review-only findings. Today it is a reason listed with a passing verdict; when the
    verdict becomes PUBLISH/REVIEW/BLOCK, a reason here is what makes it REVIEW (the one edit: return it
    as the verdict instead of appending it to the reasons)."""
    review = to_review(report, thresholds)
    if not review:
        return None
    models = sorted({f.model for f in review if f.model})
    by = f" ({', '.join(models)})" if models else ""
    count = _plural(len(review), "LLM judge finding")
    return f'{count}{by} to review, not counted ([gate] judge = "review-only")'


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
    review = review_reason(report, thresholds)
    if review:
        passes.insert(0, review)
    ignored = len(report.findings) - len(counted) - len(to_review(report, thresholds))
    if ignored:
        passes.append(f"{_plural(ignored, 'finding')} of ignored checks not counted")
    if failures:
        return Verdict(passed=False, reasons=failures + passes)
    return Verdict(passed=True, reasons=passes or ["no thresholds set"])
