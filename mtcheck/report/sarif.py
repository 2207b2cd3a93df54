"""SARIF 2.1.0 output for code-scanning tools (GitHub, GitLab, Azure DevOps).

Rules come from the check registry; each finding becomes a result whose region points at
line and column of the flagged characters in the target file (for text extracted from HTML or
XLIFF, which has no place in the file, the location names the file and carries the flagged text
and its offsets in ``properties.extractedText``). Columns count Unicode code
points (``columnKind: unicodeCodePoints``), the unit of our offsets; SARIF's default would be
UTF-16 code units, which differ for characters outside the Basic Multilingual Plane.

SARIF agrees with the gate: it has a result of level ``error`` exactly when the verdict failed.
A failed verdict adds a ``mtcheck.gate`` result that carries the reasons (a threshold such as the
penalty density belongs to no single finding); on a passing verdict a critical finding is shown as
a ``warning``, so a code-scanning tool that blocks on errors blocks what the gate blocks.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mtcheck import __version__
from mtcheck.checks import CHECKS
from mtcheck.io import atomic_write_text
from mtcheck.model import (
    FINGERPRINT_VERSION,
    SIDES,
    Article,
    Evidence,
    Finding,
    Report,
    Severity,
    Side,
    fingerprint_of,
)
from mtcheck.report.common import line_col, path_uri

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
#: Levels of findings that did not make the gate block; a blocking finding is an "error", so code
#: scanning agrees with the gate.
LEVEL = {Severity.CRITICAL: "warning", Severity.MAJOR: "warning", Severity.MINOR: "note"}
GATE_RULE = {
    "id": "mtcheck.gate",
    "name": "mtcheck.gate",
    "shortDescription": {"text": "The publication gate: the article failed a configured threshold."},
    "defaultConfiguration": {"level": "error"},
}


def _level(finding: Finding) -> str:
    return "error" if finding.blocking else LEVEL[finding.severity]


def _gate_result(report: Report, artifacts: _Artifacts, rule_index: int) -> dict[str, Any]:
    assert report.verdict is not None
    outcome = report.verdict.outcome.value.upper()
    return {
        "ruleId": GATE_RULE["id"],
        "ruleIndex": rule_index,
        "level": "error",
        "message": {"text": f"The gate says {outcome}: " + "; ".join(report.verdict.reasons)},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": artifacts.location("target"),
                    "region": {"startLine": 1},
                }
            }
        ],
    }


def _physical_location(artifact: dict[str, Any], article: Article, start: int, end: int) -> dict[str, Any]:
    """``artifactLocation`` plus the region of the flagged characters.

    Text extracted from HTML or XLIFF has no line, column or offset in the file that SARIF could point
    at (a region needs one of them: a snippet alone is invalid SARIF 2.1.0). There the location names
    the file only, and the flagged text with its offsets into the extracted text (those of the JSON
    report) goes into the location's properties as ``extractedText``.
    """
    text = article.text[start:end]
    if article.extracted:
        extracted = {"charOffset": start, "charLength": end - start, "snippet": text}
        return {"artifactLocation": artifact, "properties": {"extractedText": extracted}}
    start_line, start_column = line_col(article.text, start)
    end_line, end_column = line_col(article.text, end)
    region = {
        "startLine": start_line,
        "startColumn": start_column,
        "endLine": end_line,
        "endColumn": end_column,  # exclusive, as SARIF defines it; equal to startColumn for a gap
        "charOffset": start,
        "charLength": end - start,
        "snippet": {"text": text},
    }
    return {"artifactLocation": artifact, "region": region}


class _Artifacts:
    """run.artifacts: one entry per input file that a location points into."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.entries: list[dict[str, Any]] = []
        self.index: dict[Side, int] = {}

    def location(self, side: Side) -> dict[str, Any]:
        article = self.report.article(side)
        assert article is not None
        if side not in self.index:
            uri = path_uri(article.path) if article.path is not None else f"{side}.txt"
            entry: dict[str, Any] = {
                "location": {"uri": uri},
                "roles": ["analysisTarget"] if side == "target" else ["referencedOnCommandLine"],
                "encoding": article.encoding,
                "properties": {"side": side, "language": article.language, "format": article.format},
            }
            self.index[side] = len(self.entries)
            self.entries.append(entry)
        index = self.index[side]
        return {"uri": self.entries[index]["location"]["uri"], "index": index}


def _rules() -> tuple[list[dict[str, Any]], dict[str, int]]:
    rules = []
    for spec in sorted(CHECKS.values(), key=lambda s: s.id):
        rules.append(
            {
                "id": spec.id,
                "name": spec.id,
                "shortDescription": {"text": spec.description},
                "defaultConfiguration": {"level": LEVEL[spec.severity]},
                "properties": {
                    "category": spec.category.value,
                    "severity": spec.severity.value,
                    "requires": sorted(spec.requires),
                    "anyOf": sorted(spec.any_of),
                    "tags": [spec.category.value],
                },
            }
        )
    return rules, {rule["id"]: i for i, rule in enumerate(rules)}


def _message(finding: Finding) -> str:
    text = finding.message if finding.model is None else f"[model finding: {finding.model}] {finding.message}"
    if finding.suggestion:
        text += f" Suggestion: {finding.suggestion}"
    return text


def _evidence_location(
    artifacts: _Artifacts, report: Report, evidence: Evidence, number: int
) -> dict[str, Any] | None:
    if evidence.side is None or evidence.start is None or evidence.end is None:
        return None
    article = report.article(evidence.side)
    if article is None:
        return None
    return {
        "id": number,
        "physicalLocation": _physical_location(
            artifacts.location(evidence.side), article, evidence.start, evidence.end
        ),
        "message": {"text": f"{evidence.note}: {evidence.text}" if evidence.note else evidence.text},
    }


def _identity(finding: Finding, report: Report, baselined: bool) -> dict[str, Any]:
    """The finding's fingerprint, why it is not counted (an editor accepted it, or the gate ignores its
    check) and, against a baseline, whether it is new: SARIF viewers then show only what is new."""
    fields: dict[str, Any] = {
        "partialFingerprints": {FINGERPRINT_VERSION: fingerprint_of(finding, report.target)}
    }
    if finding.suppression is not None:
        kind = "inSource" if finding.suppression == "inline" else "external"
        justification = f"accepted by an editor ({finding.suppression})"
        fields["suppressions"] = [{"kind": kind, "justification": justification}]
    elif finding.ignored:
        justification = "ignored by the mtcheck gate configuration"
        fields["suppressions"] = [{"kind": "external", "justification": justification}]
    if baselined:
        fields["baselineState"] = "unchanged" if finding.suppression == "baseline" else "new"
    return fields


def report_to_sarif(report: Report) -> dict[str, Any]:
    """Findings of checks the gate ignores carry an external suppression, so code-scanning tools
    show them as dismissed rather than open."""
    rules, rule_index = _rules()
    artifacts = _Artifacts(report)
    artifacts.location("target")  # the target is artifact 0 even without findings
    results = []
    baselined = any(a.reason == "baseline" for a in report.acceptances)
    for finding in report.findings:
        if finding.check not in rule_index:  # a check not in the registry (e.g. from a plug-in)
            rule_index[finding.check] = len(rules)
            rules.append({"id": finding.check, "shortDescription": {"text": finding.check}})
        related = [
            location
            for number, evidence in enumerate(finding.evidence, start=1)
            if (location := _evidence_location(artifacts, report, evidence, number)) is not None
        ]
        span = finding.target_span
        result: dict[str, Any] = {
            "ruleId": finding.check,
            "ruleIndex": rule_index[finding.check],
            "level": _level(finding),
            "message": {"text": _message(finding)},
            "locations": [
                {
                    "physicalLocation": _physical_location(
                        artifacts.location("target"), report.target, span.start, span.end
                    )
                }
            ],
            "properties": {
                "category": finding.category.value,
                "severity": finding.severity.value,
                "confidence": finding.confidence,
                "suggestion": finding.suggestion,
                "evidence": [e.text for e in finding.evidence],
                "pair": finding.pair,
                "model": finding.model,
            },
        }
        if related:
            result["relatedLocations"] = related
        result.update(_identity(finding, report, baselined))
        results.append(result)
    if report.verdict is not None and not report.verdict.passed:
        rules.append(dict(GATE_RULE))
        results.append(_gate_result(report, artifacts, len(rules) - 1))
    for side in SIDES:  # list every input, also those without locations
        if report.article(side) is not None:
            artifacts.location(side)

    run_properties: dict[str, Any] = {
        "scores": [{"name": s.name, "value": s.value, "signature": str(s.signature)} for s in report.scores]
    }
    if report.mqm is not None:
        run_properties["mqm"] = {
            "penalty": report.mqm.penalty,
            "perThousandWords": report.mqm.per_1000_words,
            "wordCount": report.mqm.word_count,
        }
    invocation: dict[str, Any] = {"executionSuccessful": True}
    if report.verdict is not None:
        run_properties["verdict"] = {
            "outcome": report.verdict.outcome.value,
            "passed": report.verdict.passed,
            "reasons": report.verdict.reasons,
            "readFirst": report.verdict.read_first,
        }
    if report.warnings:
        invocation["toolExecutionNotifications"] = [
            {"level": "warning", "message": {"text": warning}} for warning in report.warnings
        ]
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "mtcheck",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "artifacts": artifacts.entries,
                "invocations": [invocation],
                "results": results,
                "properties": run_properties,
            }
        ],
    }


def report_to_sarif_json(report: Report) -> str:
    return json.dumps(report_to_sarif(report), ensure_ascii=False, indent=2) + "\n"


def write_sarif(report: Report, path: Path) -> None:
    atomic_write_text(Path(path), report_to_sarif_json(report))
