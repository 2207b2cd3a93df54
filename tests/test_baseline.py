"""Baselines, inline and sidecar suppressions: accepted findings stay in every report, the gate does
not count them, and a fingerprint survives edits elsewhere but not edits of the flagged text."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

import mtcheck
from mtcheck.cli import app
from mtcheck.model import Category, Finding, Severity, Span, fingerprint
from mtcheck.report.json_report import load_schema

SARIF_SCHEMA = json.loads((Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json").read_text("utf-8"))
runner = CliRunner()

ENGLISH = (
    "The city hired 40 new teachers on Tuesday. The mayor said the schools needed more staff.\n\n"
    "The opposition sharply criticised the plan and announced resistance in parliament.\n"
)
GERMAN = (  # "14" for "40": a major numbers.mismatch
    "Die Stadt stellte am Dienstag 14 neue Lehrer ein. Der Bürgermeister sagte, die Schulen bräuchten mehr "
    "Personal.\n\nDie Opposition kritisierte den Plan scharf und kündigte Widerstand im Parlament an.\n"
)


def run(*args: str | Path):
    return runner.invoke(app, [str(a) for a in args])


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def article(tmp_path: Path) -> tuple[Path, Path]:
    return _write(tmp_path / "story.de.txt", GERMAN), _write(tmp_path / "story.en.txt", ENGLISH)


def _gate(de: Path, en: Path, *extra: str | Path):
    return run("gate", de, "--source", en, "--quiet", *extra)


def test_baseline_round_trip(article: tuple[Path, Path], tmp_path: Path) -> None:
    de, en = article
    assert _gate(de, en).exit_code == 1  # the wrong number blocks
    baseline = tmp_path / "baseline.json"
    written = run("check", de, "--source", en, "--write-baseline", baseline, "--quiet")
    assert written.exit_code == 0, written.output
    data = json.loads(baseline.read_text(encoding="utf-8"))
    entry = next(e for e in data["findings"] if e["check"] == "numbers.mismatch")
    assert entry["text"] == "14" and "Dienstag" in entry["sentence"] and entry["reason"]

    report = tmp_path / "r.json"
    accepted = _gate(de, en, "--baseline", baseline, "--json", report)
    assert accepted.exit_code == 0, accepted.output
    finding = next(
        f for f in json.loads(report.read_text("utf-8"))["findings"] if f["check"] == "numbers.mismatch"
    )
    assert (
        finding["suppression"] == "baseline"
        and finding["ignored"]
        and finding["fingerprint"] == entry["fingerprint"]
    )

    # Edits elsewhere (a changed paragraph, a new sentence) keep the finding accepted …
    elsewhere = GERMAN.replace("Die Opposition kritisierte", "Die Opposition im Rat kritisierte")
    _write(de, "Die Schulen der Stadt sind voll.\n\n" + elsewhere)
    _write(en, "The city's schools are full.\n\n" + ENGLISH)
    assert _gate(de, en, "--baseline", baseline).exit_code == 0
    # … a changed flagged span or a changed sentence around it makes it new: the gate blocks again.
    _write(de, GERMAN.replace("14 neue", "13 neue"))
    assert _gate(de, en, "--baseline", baseline).exit_code == 1
    _write(de, GERMAN.replace("am Dienstag 14", "am Montag 14"))
    assert _gate(de, en, "--baseline", baseline).exit_code == 1


def test_fingerprint_depends_on_check_span_and_sentence_only() -> None:
    article = mtcheck.load.article_from_text("Erster Satz hier. Dann kamen 14 Lehrer an.", "target", "de")
    from mtcheck.segment import segment_article

    segment_article(article)
    start = article.text.index("14")
    finding = Finding(
        "numbers.mismatch", Category.MISTRANSLATION, Severity.MAJOR, "m", Span(start, start + 2, "14")
    )
    moved = mtcheck.load.article_from_text(
        "Ganz anders. Noch ein Satz! Dann kamen 14 Lehrer an.", "target", "de"
    )
    segment_article(moved)
    start2 = moved.text.index("14")
    same = Finding(
        "numbers.mismatch", Category.MISTRANSLATION, Severity.MAJOR, "other", Span(start2, start2 + 2, "14")
    )
    assert fingerprint(finding, article) == fingerprint(same, moved)
    other_check = Finding(
        "numbers.unit", Category.MISTRANSLATION, Severity.MAJOR, "m", Span(start, start + 2, "14")
    )
    assert fingerprint(other_check, article) != fingerprint(finding, article)
    assert len(fingerprint(finding, article)) == 32


def test_sarif_baseline_state_and_json_validate(article: tuple[Path, Path], tmp_path: Path) -> None:
    de, en = article
    baseline = tmp_path / "baseline.json"
    assert run("check", de, "--source", en, "--write-baseline", baseline, "-q").exit_code == 0
    _write(de, GERMAN + "\nDer Haushalt umfasst 9 Millionen Euro.\n")
    _write(en, ENGLISH + "\nThe budget is 7 million euros.\n")
    sarif, report, junit = tmp_path / "s.sarif", tmp_path / "r.json", tmp_path / "j.xml"
    result = _gate(de, en, "--baseline", baseline, "--sarif", sarif, "--json", report, "--junit", junit)
    assert result.exit_code == 1, result.output  # the new wrong number is not in the baseline
    log = json.loads(sarif.read_text("utf-8"))
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    numbers = [r for r in log["runs"][0]["results"] if r["ruleId"] == "numbers.mismatch"]
    states = sorted(r["baselineState"] for r in numbers)
    assert states == ["new", "unchanged"]
    assert all(r["partialFingerprints"]["mtcheck/v1"] for r in numbers)
    unchanged = next(r for r in numbers if r["baselineState"] == "unchanged")
    assert unchanged["suppressions"][0]["justification"] == "accepted by an editor (baseline)"
    data = json.loads(report.read_text("utf-8"))
    jsonschema.validate(data, load_schema(), cls=jsonschema.Draft202012Validator)
    assert sorted(str(f["suppression"]) for f in data["findings"] if f["check"] == "numbers.mismatch") == [
        "None",
        "baseline",
    ]
    assert any("accepted finding" in c for c in data["verdict"]["checked"])
    case = next(c for c in ET.parse(junit).getroot().iter("testcase") if c.get("name") == "numbers.mismatch")
    assert "(accepted: baseline)" in "".join(case.itertext())


def test_malformed_or_misplaced_baseline_is_one_line_exit_2(
    article: tuple[Path, Path], tmp_path: Path
) -> None:
    de, en = article
    for text in (
        "{not json",
        '{"findings": []}',
        '{"mtcheck_baseline": 1, "findings": [{"fingerprint": "x"}]}',
    ):
        bad = _write(tmp_path / "bad.json", text)
        result = _gate(de, en, "--baseline", bad)
        assert result.exit_code == 2, result.output
        assert len([line for line in result.stderr.splitlines() if line.strip()]) == 1
        assert "not an mtcheck baseline" in result.stderr
    refused = run("check", de, "--source", en, "--write-baseline", en, "-q")
    assert refused.exit_code == 2 and "over an input" in refused.stderr
    assert en.read_text(encoding="utf-8") == ENGLISH


def test_baseline_from_the_config_file(article: tuple[Path, Path], tmp_path: Path) -> None:
    de, en = article
    assert (
        run("check", de, "--source", en, "--write-baseline", tmp_path / "accepted.json", "-q").exit_code == 0
    )
    config = _write(tmp_path / "mtcheck.toml", '[gate]\nbaseline = "accepted.json"\n')
    assert _gate(de, en, "--config", config).exit_code == 0


def test_sidecar_file_accepts_by_check_and_text(article: tuple[Path, Path], tmp_path: Path) -> None:
    de, en = article
    sidecar = _write(
        tmp_path / "story.de.txt.mtcheck-ignore", "# checked with the city\nnumbers.mismatch: 14\n"
    )
    report = tmp_path / "r.json"
    assert _gate(de, en, "--json", report).exit_code == 0
    finding = next(
        f for f in json.loads(report.read_text("utf-8"))["findings"] if f["check"] == "numbers.mismatch"
    )
    assert finding["suppression"] == "sidecar"
    # a fingerprint line works too; a line that is neither is an input error
    _write(sidecar, finding["fingerprint"] + "  # accepted\n")
    assert _gate(de, en).exit_code == 0
    _write(sidecar, "numbers.mismatch: 13\n")
    assert _gate(de, en).exit_code == 1
    _write(sidecar, "this is not an entry\n")
    bad = _gate(de, en)
    assert bad.exit_code == 2 and "mtcheck-ignore:1" in bad.stderr
    _write(sidecar, "nosuch.check: 14\n")
    assert _gate(de, en).exit_code == 2


def test_inline_markdown_suppression_covers_the_next_paragraph_only(tmp_path: Path) -> None:
    en = _write(tmp_path / "story.en.txt", ENGLISH + "\nThe budget is 7 million euros.\n")
    body = GERMAN + "\nDer Haushalt umfasst 9 Millionen Euro.\n"
    de = _write(tmp_path / "story.de.md", "<!-- mtcheck-disable numbers -->\n" + body)
    report = mtcheck.check(de, en)
    numbers = [f for f in report.findings if f.check == "numbers.mismatch"]
    assert {f.target_span.text: f.suppression for f in numbers} == {"14": "inline", "9 Millionen": None}
    assert "mtcheck-disable" not in " ".join(s.text for s in report.target.sentences)
    span = numbers[0].target_span  # offsets still point into the file as written
    assert de.read_text(encoding="utf-8")[span.start : span.end] == span.text
    assert report.verdict is not None and report.verdict.outcome.value == "block"  # the 9 still counts
    only_first = mtcheck.check(_write(de, "<!-- mtcheck-disable numbers -->\n" + GERMAN), _write(en, ENGLISH))
    assert only_first.verdict is not None and only_first.verdict.passed


def test_inline_html_suppression(tmp_path: Path) -> None:
    en = _write(tmp_path / "story.en.txt", ENGLISH)
    first, second = GERMAN.split("\n\n")
    page = (
        "<!doctype html><html><head><title>Lehrer</title></head><body><article>"
        "<h1>Neue Lehrer für die Stadt</h1><!-- mtcheck-disable numbers.mismatch -->"
        f"<p>{first}</p><p>{second.strip()}</p></article></body></html>"
    )
    de = _write(tmp_path / "story.de.html", page)
    report = mtcheck.check(de, en)
    number = next(f for f in report.findings if f.check == "numbers.mismatch")
    assert number.suppression == "inline" and number.ignored
    assert "mtcheck-disable" not in report.target.text
    bad = _write(tmp_path / "bad.de.md", "<!-- mtcheck-disable nosuch.check -->\n" + GERMAN)
    assert run("check", bad, "--source", en, "-q").exit_code == 2


def test_batch_uses_the_baseline(tmp_path: Path) -> None:
    folder = tmp_path / "articles" / "story"
    folder.mkdir(parents=True)
    de, en = _write(folder / "target.de.txt", GERMAN), _write(folder / "source.en.txt", ENGLISH)
    baseline = tmp_path / "baseline.json"
    assert run("check", de, "--source", en, "--write-baseline", baseline, "-q").exit_code == 0
    out, sarif = tmp_path / "out", tmp_path / "batch.sarif"
    blocked = run("batch", tmp_path / "articles", "--out", out, "-j", "1", "-q")
    assert blocked.exit_code == 1, blocked.output
    passed = run(
        "batch",
        tmp_path / "articles",
        "--out",
        out,
        "-j",
        "1",
        "-q",
        "--baseline",
        baseline,
        "--sarif",
        sarif,
    )
    assert passed.exit_code == 0, passed.output
    results = json.loads(sarif.read_text("utf-8"))["runs"][0]["results"]
    assert [r["baselineState"] for r in results if r["ruleId"] == "numbers.mismatch"] == ["unchanged"]
    bad = _write(tmp_path / "bad.json", "[]")
    assert (
        run("batch", tmp_path / "articles", "--out", out, "-j", "1", "-q", "--baseline", bad).exit_code == 2
    )
