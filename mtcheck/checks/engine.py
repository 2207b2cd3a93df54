"""The check engine: runs the registered checks over one run and settles, once, what every report
format and the gate read afterwards.

1. Configuration is validated first: unknown check ids (in ``disable``, ``severity``, ``options``
   and the gate's ``ignore``) and options of the wrong type are input errors before any check runs.
2. Every enabled check whose inputs are present runs; severity overrides from config apply.
3. Declared supersession: a finding of a check that ``supersedes`` another replaces that check's
   findings whose target spans overlap its own (LanguageTool's filter for overlapping matches),
   whatever order the checks ran in.
4. ``finding.pair`` is set for every finding: the check's own, else the pair whose German holds
   the start of the finding's target span.
5. Findings of checks the gate ignores are marked ``ignored``: reported everywhere, counted nowhere.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

from mtcheck.checks.registry import CHECKS, CheckContext, CheckSpec, matches_check
from mtcheck.config import Settings
from mtcheck.model import Finding, InputError, Report
from mtcheck.run import Run


def validate_settings(settings: Settings) -> dict[str, dict]:
    """Unknown check ids and bad options fail here, in one line; returns each check's parsed options."""
    named = {
        "disable": settings.disabled_checks,
        "severity": list(settings.severity_overrides),
        "options": list(settings.check_options),
        "gate ignore": settings.gate.ignore,
    }
    ids = CHECKS.names()
    for where, patterns in named.items():
        unknown = sorted(p for p in patterns if not any(matches_check(c, [p]) for c in ids))
        if unknown:
            raise InputError(f"unknown check id(s) in {where}: {', '.join(unknown)} (see `mtcheck checks`)")
    return {spec.id: spec.parse_options(settings.check_options.get(spec.id, {})) for spec in CHECKS.values()}


def enabled_checks(settings: Settings, report: Report) -> list[CheckSpec]:
    present = report.present()
    return [
        spec
        for spec in CHECKS.values()
        if not matches_check(spec.id, settings.disabled_checks) and spec.runnable(present)
    ]


def run_checks(run: Run) -> list[Finding]:
    """Run the checks of ``run`` and store the settled findings in ``run.report.findings``."""
    settings, report = run.settings, run.report
    options = validate_settings(settings)
    findings: list[Finding] = []
    for spec in enabled_checks(settings, report):
        for finding in spec.function(CheckContext(run, spec, options[spec.id])):
            for name, severity in settings.severity_overrides.items():
                if matches_check(spec.id, [name]):
                    finding.severity = severity
            findings.append(finding)
    findings = apply_supersession(findings)
    locate_pairs(report, findings)
    mark_ignored(findings, settings.gate.ignore)
    findings.sort(key=lambda f: (f.target_span.start, f.target_span.end, f.check))
    report.findings = findings
    return findings


def mark_ignored(findings: Iterable[Finding], ignore: Iterable[str]) -> None:
    """Mark the findings of checks (or families) the gate ignores: every report and the gate read it."""
    patterns = list(ignore)
    for finding in findings:
        finding.ignored = matches_check(finding.check, patterns)


def _target_spans(finding: Finding) -> list[tuple[int, int]]:
    spans = [(finding.target_span.start, finding.target_span.end)]
    spans += [(e.start, e.end) for e in finding.evidence if e.side == "target" and e.start is not None]
    return spans  # type: ignore[return-value]


def _overlap(a: Iterable[tuple[int, int]], b: Iterable[tuple[int, int]]) -> bool:
    listed = list(b)
    return any(s < e2 and s2 < e for s, e in a for s2, e2 in listed)


def apply_supersession(findings: list[Finding]) -> list[Finding]:
    """Drop findings that a superseding check's finding covers; the winner absorbs them."""
    dropped: set[int] = set()
    for winner in findings:
        replaced = CHECKS.get(winner.check).supersedes if winner.check in CHECKS else {}
        if not replaced:
            continue
        spans = _target_spans(winner)
        for i, other in enumerate(findings):
            absorb = replaced.get(other.check)
            if absorb is not None and i not in dropped and _overlap(_target_spans(other), spans):
                dropped.add(i)
                absorb(winner, other)
    return [f for i, f in enumerate(findings) if i not in dropped]


def locate_pairs(report: Report, findings: Iterable[Finding]) -> None:
    """Set ``finding.pair`` where the check left it open: the pair whose target sentences contain
    the start of the finding's target span (an empty pair region counts as one character)."""
    regions = sorted(
        (span.start, span.end, pair.index)
        for pair in report.pairs
        if (span := report.pair_span(pair, "target")) is not None
    )
    starts = [start for start, _, _ in regions]
    for finding in findings:
        if finding.pair is not None:
            continue
        position = bisect_right(starts, finding.target_span.start) - 1
        if position >= 0:
            start, end, index = regions[position]
            if finding.target_span.start < max(end, start + 1):
                finding.pair = index
