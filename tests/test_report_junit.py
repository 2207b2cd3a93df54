import xml.etree.ElementTree as ET

from report_helpers import gender_report, make_article, span_of

from mtcheck.checks import CHECKS
from mtcheck.checks.engine import mark_ignored
from mtcheck.model import Category, Finding, Outcome, Report, Severity, Verdict
from mtcheck.report.junit import report_to_junit, write_junit


def _read(path):
    return ET.parse(path).getroot()


def test_one_testcase_per_check_with_findings_as_failures(tmp_path):
    report = gender_report(tmp_path)
    out = tmp_path / "junit.xml"
    write_junit(report, out)
    root = _read(out)
    suite = root.find("testsuite")
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    assert set(CHECKS.names()) | {"gender.agreement", "numbers.mismatch", "gate"} == set(cases)
    assert len(cases) == int(suite.get("tests")) == int(root.get("tests"))

    failure = cases["gender.agreement"].find("failure")
    assert failure.get("type") == "major" and failure.get("message").startswith("1 finding: 'Autorin'")
    assert "1:5 «Autorin»" in failure.text and "evidence: «Präsident» masculine title" in failure.text
    assert "suggestion: Zum Autor" in failure.text
    assert cases["gender.agreement"].get("classname") == "mtcheck.gender"
    assert cases["gate"].find("failure").text == "1 major finding (max 0)"
    assert int(suite.get("failures")) == 2  # the check whose finding blocked, and the gate
    assert cases["numbers.mismatch"].find("failure") is None  # a minor finding: listed, not failed


def test_passing_checks_and_checks_that_could_not_run():
    target = make_article("Ein Satz.", "target", "de")
    report = Report(target=target, verdict=Verdict(Outcome.PUBLISH, ["ok"]))
    root = report_to_junit(report)
    cases = {case.get("name"): case for case in root.iter("testcase")}
    assert cases["gate"].find("failure") is None
    for check, spec in CHECKS.items():
        needs_more = not spec.runnable(frozenset({"target"}))
        assert (cases[check].find("skipped") is not None) == needs_more


def test_control_characters_in_article_text_still_give_valid_xml(tmp_path):
    target = make_article("Ein \x0bSatz mit <Tags> & \x1b[31mFarbe.", "target", "de")
    report = Report(target=target)
    report.findings.append(
        Finding(
            "typography.control",
            Category.SPELLING,
            Severity.MINOR,
            "odd <char> \x0b",
            span_of(target, "\x0bSatz"),
        )
    )
    report.findings[0].blocking = True  # as if the gate had blocked on it
    out = tmp_path / "j.xml"
    write_junit(report, out)
    failure = _read(out).find(".//failure")
    assert "odd <char> \ufffd" in failure.get("message")  # escaped on write, unescaped on parse


def test_junit_for_the_example_article(example_report, tmp_path):
    out = tmp_path / "junit.xml"
    write_junit(example_report, out)
    cases = {case.get("name"): case for case in _read(out).iter("testcase")}
    gender = cases["gender.agreement"].find("failure")
    assert (
        gender is not None and "48:1 «Zur Autorin»" in gender.text and "evidence: «Präsident»" in gender.text
    )
    assert (cases["gate"].find("failure") is None) == example_report.verdict.passed


def test_checks_the_gate_ignores_are_skipped_not_failed(tmp_path):
    report = gender_report(tmp_path)
    mark_ignored(report.findings, ["gender"])
    root = report_to_junit(report)
    cases = {case.get("name"): case for case in root.iter("testcase")}
    gender = cases["gender.agreement"]
    assert gender.find("failure") is None
    assert gender.find("skipped").get("message") == "ignored by the gate configuration"
    assert "«Autorin»" in gender.find("system-out").text
    # the minor date finding is listed but does not fail: the gate did not block on it
    assert cases["numbers.mismatch"].find("failure") is None
    assert "19. März 2025" in cases["numbers.mismatch"].find("system-out").text


def test_findings_of_a_published_article_are_listed_not_failed(tmp_path):
    """Issue 14: JUnit agrees with the verdict; a finding on a published article is not red."""
    report = gender_report(tmp_path)
    report.verdict = Verdict(Outcome.PUBLISH, ["0 critical findings (max 0)"])
    for finding in report.findings:
        finding.blocking = False
    root = report_to_junit(report)
    suite = root.find("testsuite")
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    assert int(suite.get("failures")) == 0 and root.find(".//failure") is None
    assert "«Autorin»" in cases["gender.agreement"].find("system-out").text
