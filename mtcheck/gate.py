"""The publication gate: thresholds → verdict (→ exit code in the CLI).

Thresholds come from ``[gate]`` in ``mtcheck.toml`` / ``[tool.mtcheck.gate]`` (see
:class:`mtcheck.config.GateSettings`, the one definition of them), overridden by CLI flags.
"""

from __future__ import annotations

from collections.abc import Iterable

from mtcheck.checks.registry import matches_check
from mtcheck.config import GateSettings
from mtcheck.model import Finding, Report, Severity, Verdict
from mtcheck.mqm import document_score

#: The gate's thresholds; ``None`` means "no limit". Same dataclass as the config's ``[gate]`` table.
Thresholds = GateSettings

#: Document scores that count as "document similarity", in order of preference: source↔translation
#: when there is a source, else translation↔back-translation (names from ``mtcheck.metrics``).
SIMILARITY_SCORES = ("similarity(src,mt)", "similarity(mt,bt)", "similarity")


def is_ignored(check: str, ignore: Iterable[str]) -> bool:
    """True when ``check`` is listed or is in a listed family (``gender`` or ``gender.`` covers
    ``gender.agreement``): the registry's rule for naming checks, as for disabled checks."""
    return matches_check(check, [item.rstrip(".") for item in ignore])


def counted_findings(report: Report, thresholds: Thresholds) -> list[Finding]:
    return [f for f in report.findings if not is_ignored(f.check, thresholds.ignore)]


def document_similarity(report: Report) -> float | None:
    """The document-level similarity score, else the mean similarity of the aligned pairs."""
    by_name = {score.name: score.value for score in report.scores}
    for name in SIMILARITY_SCORES:
        if name in by_name:
            return by_name[name]
    values = [p.similarity for p in report.pairs if p.similarity is not None]
    return sum(values) / len(values) if values else None


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def evaluate(report: Report, thresholds: Thresholds) -> Verdict:
    """Pass or fail the report, with one human-readable reason per threshold that was checked."""
    findings = counted_findings(report, thresholds)
    mqm = document_score(findings, report.target)
    counts = {severity: sum(1 for f in findings if f.severity is severity) for severity in Severity}
    failures: list[str] = []
    passes: list[str] = []

    def judge(ok: bool, text: str) -> None:
        (passes if ok else failures).append(text)

    for severity, limit in (
        (Severity.CRITICAL, thresholds.max_critical),
        (Severity.MAJOR, thresholds.max_major),
    ):
        if limit is not None:
            count = counts[severity]
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
    ignored = len(report.findings) - len(findings)
    if ignored:
        passes.append(f"{_plural(ignored, 'finding')} of ignored checks not counted")
    if failures:
        return Verdict(passed=False, reasons=failures + passes)
    return Verdict(passed=True, reasons=passes or ["no thresholds set"])
