import json
from pathlib import Path

import jsonschema
from report_helpers import gender_report, make_article, span_of

from mtcheck.checks import CHECKS
from mtcheck.checks.engine import mark_ignored
from mtcheck.config import GateSettings
from mtcheck.gate import evaluate
from mtcheck.model import Category, Finding, Report, Severity
from mtcheck.report.sarif import report_to_sarif, write_sarif

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json").read_text("utf-8"))


def _validate(sarif: dict) -> None:
    jsonschema.Draft4Validator.check_schema(SCHEMA)
    jsonschema.Draft4Validator(SCHEMA).validate(sarif)


def test_sarif_validates_against_the_official_schema(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    report = gender_report(tmp_path)
    out = tmp_path / "out.sarif"
    write_sarif(report, out)
    sarif = json.loads(out.read_text("utf-8"))
    _validate(sarif)
    run = sarif["runs"][0]
    assert sarif["version"] == "2.1.0" and run["columnKind"] == "unicodeCodePoints"
    assert run["artifacts"][0]["location"]["uri"] == "target.de.txt"  # relative to the working folder

    rule_ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert set(CHECKS.names()) <= set(rule_ids)
    for result in run["results"]:
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]

    gender, date, gate = run["results"]
    assert gender["ruleId"] == "gender.agreement" and gender["level"] == "error"  # it made the gate block
    assert gate["ruleId"] == "mtcheck.gate" and gate["message"]["text"].startswith("The gate says BLOCK")
    region = gender["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endLine"], region["endColumn"]) == (
        1,
        5,
        1,
        12,
    )
    assert region["snippet"]["text"] == "Autorin"
    assert "Suggestion: Zum Autor" in gender["message"]["text"]
    evidence = [loc["physicalLocation"]["region"] for loc in gender["relatedLocations"]]
    assert [(r["startLine"], r["snippet"]["text"]) for r in evidence] == [(2, "Präsident"), (2, "er")]
    assert date["level"] == "note"
    assert date["locations"][0]["physicalLocation"]["region"]["startLine"] == 3


def test_columns_count_code_points_not_utf16_units():
    text = "🙂🙂 Zur Autorin\nzweite Zeile"
    target = make_article(text, "target", "de")
    report = Report(target=target)
    report.findings.append(
        Finding(
            "gender.agreement",
            Category.MISTRANSLATION,
            Severity.CRITICAL,
            "feminine",
            span_of(target, "Autorin"),
        )
    )
    report.verdict = evaluate(report, GateSettings())
    sarif = report_to_sarif(report)
    _validate(sarif)
    result = sarif["runs"][0]["results"][0]
    region = result["locations"][0]["physicalLocation"]["region"]
    assert region["startColumn"] == 8  # 2 emoji + space + "Zur " → column 8 (UTF-16 would say 10)
    assert region["endColumn"] == 15 and result["level"] == "error"
    assert sarif["runs"][0]["artifacts"][0]["location"]["uri"] == "target.txt"


def test_gap_findings_are_insertion_points():
    target = make_article("Eins. Drei.", "target", "de")
    report = Report(target=target)
    gap = target.span(6, 6)
    report.findings.append(Finding("omission", Category.OMISSION, Severity.MAJOR, "sentence missing", gap))
    sarif = report_to_sarif(report)
    _validate(sarif)
    region = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region["startColumn"] == region["endColumn"] == 7 and region["charLength"] == 0


def test_the_schema_catches_a_bad_level(tmp_path):
    sarif = report_to_sarif(gender_report(tmp_path))
    sarif["runs"][0]["results"][0]["level"] = "critical"  # not a SARIF level
    try:
        _validate(sarif)
    except jsonschema.ValidationError:
        return
    raise AssertionError("schema accepted an invalid level")


def test_regions_point_at_the_flagged_characters_of_the_example_file(example_report, tmp_path, monkeypatch):
    """Through the real pipeline: every region, read back from the file by line and column, is the
    finding's text; the gender finding is 'Zur Autorin' on line 48."""
    monkeypatch.chdir(Path(__file__).resolve().parent.parent)
    sarif = report_to_sarif(example_report)
    _validate(sarif)
    run = sarif["runs"][0]
    assert run["artifacts"][0]["location"]["uri"] == "corpora/example-putin/target.de.txt"
    lines = Path(run["artifacts"][0]["location"]["uri"]).read_text("utf-8").split("\n")
    results = [r for r in run["results"] if r["ruleId"] != "mtcheck.gate"]
    assert len(results) == len(example_report.findings) > 0
    assert (len(results) < len(run["results"])) == (not example_report.verdict.passed)
    for result, finding in zip(results, example_report.findings, strict=True):
        region = result["locations"][0]["physicalLocation"]["region"]
        if region["startLine"] == region["endLine"]:
            line = lines[region["startLine"] - 1]
            assert line[region["startColumn"] - 1 : region["endColumn"] - 1] == finding.target_span.text
    gender = next(r for r in run["results"] if r["ruleId"].startswith("gender"))
    region = gender["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == 48 and region["snippet"]["text"].endswith("Autorin")
    rules = {rule["id"] for rule in run["tool"]["driver"]["rules"]}
    assert gender["ruleId"] in rules and "gender.agreement" in rules


def test_ignored_checks_are_suppressed_results(tmp_path):
    report = gender_report(tmp_path)
    mark_ignored(report.findings, ["gender.agreement"])
    sarif = report_to_sarif(report)
    _validate(sarif)
    gender, date = [r for r in sarif["runs"][0]["results"] if r["ruleId"] != "mtcheck.gate"]
    assert gender["suppressions"] == [
        {"kind": "external", "justification": "ignored by the mtcheck gate configuration"}
    ]
    assert "suppressions" not in date


HTML_ARTICLE = """<html><head><title>Haushalt</title></head><body><article><h1>Haushalt vorgelegt</h1>
<p>Die Regierung hat am Dienstag einen neuen Haushalt vorgelegt.
Er sieht höhere Ausgaben für für Schulen vor.</p>
<p>Die Opposition kritisierte den Plan scharf und kündigte Widerstand im Parlament an.</p>
</article></body></html>
"""
XLIFF_ARTICLE = """<xliff version="1.2"><file source-language="en" target-language="de"><body>
<trans-unit id="1"><source>The government presented a new budget on Tuesday.</source>
<target>Die Regierung hat am Dienstag einen neuen Haushalt vorgelegt.</target></trans-unit>
<trans-unit id="2"><source>It provides for higher spending on schools.</source>
<target>Er sieht höhere Ausgaben für für Schulen vor.</target></trans-unit>
</body></file></xliff>
"""


def _sarif_of(tmp_path: Path, name: str, content: str) -> dict:
    """Issue 11, item 12: regions of extracted text held only a snippet, which the schema forbids."""
    import mtcheck

    article = tmp_path / name
    article.write_text(content, encoding="utf-8")
    out = tmp_path / "out.sarif"
    write_sarif(mtcheck.check(article), out)
    sarif = json.loads(out.read_text("utf-8"))
    _validate(sarif)
    return sarif


def test_sarif_of_html_input_validates(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    results = _sarif_of(tmp_path, "article.html", HTML_ARTICLE)["runs"][0]["results"]
    doubled = next(r for r in results if r["ruleId"] == "typography.doubled-word")
    location = doubled["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "article.html" and "region" not in location
    assert location["properties"]["extractedText"]["snippet"] == "für für"


def test_sarif_of_xliff_input_validates(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    sarif = _sarif_of(tmp_path, "article.xlf", XLIFF_ARTICLE)
    results = sarif["runs"][0]["results"]
    doubled = next(r for r in results if r["ruleId"] == "typography.doubled-word")
    extracted = doubled["locations"][0]["physicalLocation"]["properties"]["extractedText"]
    text = (
        "Die Regierung hat am Dienstag einen neuen Haushalt vorgelegt.\n"
        "Er sieht höhere Ausgaben für für Schulen vor."
    )
    start = extracted["charOffset"]
    assert text[start : start + extracted["charLength"]] == extracted["snippet"] == "für für"


def test_sarif_has_an_error_result_exactly_when_the_gate_failed():
    """Issue 14: SARIF agrees with the verdict. A failed gate adds a mtcheck.gate error (its reason may
    be no single finding's); a passing gate shows even a critical finding as a warning."""
    from mtcheck.model import Outcome, Verdict

    target = make_article("Ein Satz über die Autorin.", "target", "de")
    finding = Finding(
        "gender.agreement", Category.MISTRANSLATION, Severity.CRITICAL, "x", span_of(target, "Autorin")
    )
    for passed in (True, False):
        finding.blocking = not passed
        outcome = Outcome.PUBLISH if passed else Outcome.BLOCK
        verdict = Verdict(outcome, ["1 critical finding (max 1)"], fails=not passed)
        report = Report(target=target, findings=[finding], verdict=verdict)
        sarif = report_to_sarif(report)
        _validate(sarif)
        levels = {r["ruleId"]: r["level"] for r in sarif["runs"][0]["results"]}
        assert ("error" in levels.values()) == (not passed)
        assert ("mtcheck.gate" in levels) == (not passed)
        assert levels["gender.agreement"] == ("warning" if passed else "error")
