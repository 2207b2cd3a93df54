"""The publication gate: thresholds → PUBLISH, REVIEW or BLOCK (→ exit code in the CLI).

* **BLOCK**: findings the checks verify (major or critical, at or above ``block-min-confidence``)
  beyond ``max-critical``/``max-major``, or an MQM penalty above ``max-penalty-per-1000``.
* **REVIEW**: nothing blocks, but the evidence does not vouch for the text: a major finding the
  gate does not trust enough to block on, minor findings denser than ``review-minor-per-1000``, a
  document similarity or quality estimate below its minimum. The verdict then names the paragraphs
  to read first.
* **PUBLISH**: otherwise.

Thresholds come from ``[gate]`` in ``mtcheck.toml`` / ``[tool.mtcheck.gate]`` (see
:class:`mtcheck.config.GateSettings`, the one definition of them), overridden by CLI flags. The gate
reads what the pipeline settled once: the findings' ``ignored`` mark and ``report.mqm``.

**Accepted findings** (a baseline file, an inline ``mtcheck-disable`` comment, a sidecar ignore file)
are marked by :func:`accept` through the same ``ignored`` mark, so nothing counts them; their
``suppression`` says why, for the reports.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from mtcheck.checks.registry import matches_check
from mtcheck.config import GateSettings
from mtcheck.metrics.similarity import document_similarity, pair_similarity
from mtcheck.model import (
    Finding,
    InputError,
    Outcome,
    Report,
    Severity,
    Suppression,
    Verdict,
    fingerprint,
    normalise_for_fingerprint,
)
from mtcheck.mqm import SEVERITY_WEIGHTS

ESTIMATE = "mtcheck-qe"
#: the LLM judge's checks (judge.mistranslation, judge.omission, …)
JUDGE_FAMILY = "judge"
#: Paragraphs listed to read first, at most.
READ_FIRST = 5


@dataclass(frozen=True)
class Condition:
    """One threshold the gate checked: what breaking it means, whether it held, and why."""

    outcome: Outcome  # BLOCK or REVIEW when it does not hold
    holds: bool
    text: str


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def blocks(finding: Finding, gate: GateSettings) -> bool:
    """A counted major or critical finding the gate trusts enough to stop publication on."""
    serious = finding.severity in (Severity.MAJOR, Severity.CRITICAL)
    return serious and not finding.ignored and finding.confidence >= gate.block_min_confidence


def not_counted(gate: GateSettings) -> list[str]:
    """Checks (and families) whose findings are reported but counted by nothing: the gate's ``ignore``
    list, plus the judge's unless ``[gate] judge = "count"``. The check engine marks them ``ignored``."""
    return [*gate.ignore, *([JUDGE_FAMILY] if gate.judge != "count" else [])]


def _accepted_by(finding: Finding, report: Report) -> Suppression | None:
    start = finding.target_span.start
    for inline in report.target.suppressions:
        if inline.start <= start < inline.end and matches_check(finding.check, list(inline.checks)):
            return "inline"
    text = normalise_for_fingerprint(finding.target_span.text)
    for acceptance in report.acceptances:
        if finding.fingerprint in acceptance.fingerprints:
            return acceptance.reason
        if any(t == text and matches_check(finding.check, [c]) for c, t in acceptance.by_text):
            return acceptance.reason
    return None


def _refuse_unknown_ids(report: Report) -> None:
    """A misspelt id in a suppression would silently accept nothing: one line, exit 2."""
    from mtcheck.checks.registry import CHECKS

    named = [
        (f"{report.target.path or 'target'} (mtcheck-disable)", c)
        for s in report.target.suppressions
        for c in s.checks
    ]
    named += [(a.origin, c) for a in report.acceptances for c, _ in a.by_text]
    ids = CHECKS.names()
    for where, pattern in named:
        if not any(matches_check(c, [pattern]) for c in ids):
            raise InputError(f"{where}: unknown check id {pattern!r} (see `mtcheck checks`)")


def accept(report: Report, findings: list[Finding]) -> None:
    """Fingerprint every finding and mark those an editor accepted: not counted (``ignored``), still
    reported, with ``suppression`` naming how. Called by the check engine after :func:`not_counted`."""
    _refuse_unknown_ids(report)
    for finding in findings:
        finding.fingerprint = fingerprint(finding, report.target)
        finding.suppression = _accepted_by(finding, report)
        if finding.suppression is not None:
            finding.ignored = True


def to_review(report: Report, gate: GateSettings) -> list[Finding]:
    """Findings an editor should read before publishing although they block nothing: the judge's,
    with ``[gate] judge = "review-only"`` (unless an editor accepted them already)."""
    if gate.judge != "review-only":
        return []
    return [f for f in report.findings if matches_check(f.check, [JUDGE_FAMILY]) and f.suppression is None]


def _judge_condition(report: Report, gate: GateSettings) -> Iterator[Condition]:
    """Review-only judge findings make an otherwise clean article REVIEW: a model's opinion is read by
    an editor, never a reason to block."""
    review = to_review(report, gate)
    if review:
        models = sorted({f.model for f in review if f.model})
        by = f" ({', '.join(models)})" if models else ""
        text = f'{_plural(len(review), "LLM judge finding")}{by} to review ([gate] judge = "review-only")'
        yield Condition(Outcome.REVIEW, False, text)


def _block_conditions(report: Report, gate: GateSettings) -> Iterator[Condition]:
    blocking = [f for f in report.findings if blocks(f, gate)]
    for severity, limit in ((Severity.CRITICAL, gate.max_critical), (Severity.MAJOR, gate.max_major)):
        if limit is not None:
            count = sum(1 for f in blocking if f.severity is severity)
            yield Condition(
                Outcome.BLOCK, count <= limit, f"{_plural(count, severity.value + ' finding')} (max {limit})"
            )
    if gate.max_penalty_per_1000 is not None:
        value = report.mqm.per_1000_words
        text = f"MQM penalty {value:g} per 1,000 words (max {gate.max_penalty_per_1000:g})"
        yield Condition(Outcome.BLOCK, value <= gate.max_penalty_per_1000, text)


def _review_conditions(report: Report, gate: GateSettings) -> Iterator[Condition]:
    doubtful = [
        f
        for f in report.findings
        if f.severity in (Severity.MAJOR, Severity.CRITICAL) and not f.ignored and not blocks(f, gate)
    ]
    if doubtful:
        text = f"{_plural(len(doubtful), 'serious finding')} the checks cannot verify (confidence below "
        yield Condition(Outcome.REVIEW, False, text + f"{gate.block_min_confidence:g})")
    if gate.review_minor_per_1000 is not None:
        minors = sum(1 for f in report.findings if f.severity is Severity.MINOR and not f.ignored)
        density = round(minors / report.mqm.word_count * 1000, 1)
        limit = gate.review_minor_per_1000
        text = f"{_plural(minors, 'minor finding')}, {density:g} per 1,000 words (max {limit:g})"
        yield Condition(Outcome.REVIEW, density <= limit, text)
    # No similarity means nothing compared the translation with its source: the evidence cannot vouch
    # for it. The estimate is one ranking input among several, so its absence alone asks for nothing.
    yield from _score_condition(
        report, "document similarity", document_similarity(report), gate.min_similarity, required=True
    )
    estimate = next((s.value for s in report.scores if s.name == ESTIMATE), None)
    yield from _score_condition(
        report, "quality estimate", estimate, gate.review_min_estimate, required=False
    )
    yield from _judge_condition(report, gate)


def _score_condition(
    report: Report, name: str, value: float | None, minimum: float | None, required: bool
) -> Iterator[Condition]:
    if minimum is None or minimum <= 0:  # 0 switches the rule off (no score is below it)
        return
    if value is None:
        hint = "give --source or a back-translation" if required else "it needs the source"
        yield Condition(Outcome.REVIEW, not required, f"{name} unknown (min {minimum:g}): {hint}")
        return
    yield Condition(Outcome.REVIEW, value >= minimum, f"{name} {value:.3g} (min {minimum:g})")


def read_first(report: Report, limit: int = READ_FIRST) -> list[int]:
    """Pairs ranked by risk: the penalty of their findings, then the lowest estimate and similarity."""

    def risk(index: int) -> tuple[float, float, float]:
        pair = report.pairs[index]
        penalty = sum(
            SEVERITY_WEIGHTS[f.severity] for f in report.findings if f.pair == index and not f.ignored
        )
        estimate = pair.scores.get(ESTIMATE, 100.0)
        similarity = pair_similarity(report, pair)
        return (-penalty, estimate, similarity if similarity is not None else 1.0)

    ranked = sorted(range(len(report.pairs)), key=risk)
    risky = [i for i in ranked if risk(i) != (0.0, 100.0, 1.0)]
    return risky[:limit]


def evaluate(report: Report, gate: GateSettings) -> Verdict:
    """PUBLISH, REVIEW or BLOCK, with the conditions that decided it (and those that held)."""
    conditions = [*_block_conditions(report, gate), *_review_conditions(report, gate)]
    broken = [c for c in conditions if not c.holds]
    checked = [c.text for c in conditions if c.holds]
    accepted = sum(1 for f in report.findings if f.suppression is not None)
    ignored = sum(1 for f in report.findings if f.ignored) - accepted - len(to_review(report, gate))
    if ignored:
        checked.append(f"{_plural(ignored, 'finding')} of ignored checks not counted")
    if accepted:
        checked.append(f"{_plural(accepted, 'accepted finding')} (baseline or suppression) not counted")
    if any(c.outcome is Outcome.BLOCK for c in broken):
        outcome = Outcome.BLOCK
    elif broken:
        outcome = Outcome.REVIEW
    else:
        outcome = Outcome.PUBLISH
    reasons = [c.text for c in sorted(broken, key=lambda c: c.outcome is not Outcome.BLOCK)]
    for finding in report.findings:  # JUnit, SARIF and the HTML read this mark, not the thresholds
        finding.blocking = outcome is Outcome.BLOCK and blocks(finding, gate)
    fails = outcome is Outcome.BLOCK or (outcome is Outcome.REVIEW and gate.review_exit == 1)
    first = read_first(report) if outcome is Outcome.REVIEW else []
    return Verdict(outcome, reasons, checked, first, fails, limits(gate))


def limits(gate: GateSettings) -> dict[str, float]:
    """The thresholds that are set, by their config names, for the reports to show beside the values."""
    named = {
        "max-critical": gate.max_critical,
        "max-major": gate.max_major,
        "max-penalty-per-1000": gate.max_penalty_per_1000,
        "review-minor-per-1000": gate.review_minor_per_1000,
        "min-similarity": gate.min_similarity,
        "review-min-estimate": gate.review_min_estimate,
    }
    return {name: float(value) for name, value in named.items() if value is not None}
