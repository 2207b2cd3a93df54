"""JUnit XML for CI systems: one test case per check, failures carrying the findings.

Checks that could not run (an input they need is missing) are reported as skipped, so a
CI dashboard shows what was *not* checked as clearly as what failed. A last test case,
``gate``, carries the verdict.

JUnit agrees with the gate: a report has failed test cases only when its verdict failed. When the
gate passed, a check's findings are listed in its (passing) test case's ``system-out``: a CI
dashboard must not show red for an article that may be published.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from mtcheck.checks import CHECKS
from mtcheck.checks.registry import CheckSpec
from mtcheck.io import atomic_write_text
from mtcheck.model import Finding, Report
from mtcheck.report.common import SEVERITY_ORDER, line_col

# Characters XML 1.0 cannot carry at all, even escaped; article text may contain them.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _INVALID_XML.sub("\ufffd", text)


def _finding_line(report: Report, finding: Finding) -> str:
    line, column = line_col(report.target.text, finding.target_span.start)
    quoted = finding.target_span.text or "(gap)"
    by = f" (model finding: {finding.model})" if finding.model else ""
    accepted = f" (accepted: {finding.suppression})" if finding.suppression else ""
    text = f"[{finding.severity.value}] {line}:{column} «{quoted}» {finding.message}{by}{accepted}"
    for evidence in finding.evidence:
        text += f"\n    evidence: «{evidence.text}» {evidence.note}".rstrip()
    if finding.suggestion:
        text += f"\n    suggestion: {finding.suggestion}"
    return text


def _check_case(
    report: Report,
    case: ET.Element,
    findings: list[Finding],
    spec: CheckSpec | None,
    present: frozenset[str],
) -> str:
    """Fill one check's test case; returns "failure", "skipped" or "passed"."""
    listing = _clean("\n".join(_finding_line(report, f) for f in findings))
    if findings and all(f.ignored for f in findings):
        accepted = all(f.suppression for f in findings)
        why = (
            "accepted by an editor (baseline or suppression)"
            if accepted
            else "ignored by the gate configuration"
        )
        ET.SubElement(case, "skipped", message=why)
        ET.SubElement(case, "system-out").text = listing
        return "skipped"
    if any(f.blocking for f in findings):  # the gate blocked on them
        count = len(findings)
        failure = ET.SubElement(
            case,
            "failure",
            message=_clean(f"{count} finding{'s' if count != 1 else ''}: {findings[0].message}"),
            type=findings[0].severity.value,
        )
        failure.text = listing
        return "failure"
    if findings:  # the gate did not block on them: listed, but the test case is not red
        ET.SubElement(case, "system-out").text = listing
        return "passed"
    if spec is not None and not spec.runnable(present):
        needs = sorted(spec.requires - present) or sorted(spec.any_of)
        ET.SubElement(case, "skipped", message=f"needs {' or '.join(needs)}")
        return "skipped"
    return "passed"


def report_to_junit(report: Report) -> ET.Element:
    """One test case per check. Findings of checks the gate ignores are listed, but their test case
    is skipped rather than failed, as the gate does not count them."""
    specs = dict(CHECKS.items())
    by_check: dict[str, list[Finding]] = {}
    for finding in report.findings:
        by_check.setdefault(finding.check, []).append(finding)
    present = report.present()
    name = str(report.target.path) if report.target.path else "target"
    suite = ET.Element("testsuite", name=f"mtcheck {_clean(name)}")
    properties = ET.SubElement(suite, "properties")
    if report.mqm is not None:
        ET.SubElement(properties, "property", name="mqm.penalty", value=f"{report.mqm.penalty:g}")
        ET.SubElement(
            properties, "property", name="mqm.per_1000_words", value=f"{report.mqm.per_1000_words:g}"
        )
    for score in report.scores:
        ET.SubElement(properties, "property", name=f"score.{score.name}", value=f"{score.value:g}")

    tests = failures = skipped = 0
    for check in sorted(set(specs) | set(by_check)):
        tests += 1
        family = check.split(".")[0]
        case = ET.SubElement(suite, "testcase", classname=f"mtcheck.{family}", name=check)
        findings = sorted(
            by_check.get(check, []), key=lambda f: (SEVERITY_ORDER[f.severity], f.target_span.start)
        )
        outcome = _check_case(report, case, findings, specs.get(check), present)
        failures += outcome == "failure"
        skipped += outcome == "skipped"

    if report.verdict is not None:
        tests += 1
        case = ET.SubElement(suite, "testcase", classname="mtcheck", name="gate")
        verdict = report.verdict
        outcome = verdict.outcome.value.upper()
        if verdict.fails:
            failures += 1
            failure = ET.SubElement(case, "failure", message=f"the gate says {outcome}", type="gate")
            failure.text = _clean("\n".join(verdict.reasons))
        else:
            ET.SubElement(case, "system-out").text = _clean("\n".join([outcome, *verdict.reasons]))

    suite.set("tests", str(tests))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", str(skipped))
    root = ET.Element("testsuites", name="mtcheck", tests=str(tests), failures=str(failures), errors="0")
    root.append(suite)
    return root


def report_to_junit_xml(report: Report) -> str:
    root = report_to_junit(report)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def write_junit(report: Report, path: Path) -> None:
    atomic_write_text(Path(path), report_to_junit_xml(report))
