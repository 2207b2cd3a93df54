from report_helpers import gender_report, make_article

from mtcheck.checks.engine import mark_ignored
from mtcheck.config import GateSettings as Thresholds
from mtcheck.gate import evaluate
from mtcheck.metrics.similarity import document_similarity
from mtcheck.model import Report, Score, Signature


def ignoring(report: Report, *checks: str) -> Report:
    mark_ignored(report.findings, checks)
    return report


def test_default_thresholds_stop_a_wrongly_gendered_person(tmp_path):
    verdict = evaluate(gender_report(tmp_path), Thresholds())  # default: no critical, no major finding
    assert not verdict.passed
    assert verdict.reasons[0] == "1 major finding (max 0)"


def test_minor_findings_alone_pass_the_default_gate(tmp_path):
    report = gender_report(tmp_path)
    verdict = evaluate(ignoring(report, "gender"), Thresholds(ignore=["gender"]))
    assert verdict.passed


def test_major_limit_fails_with_a_human_reason(tmp_path):
    verdict = evaluate(gender_report(tmp_path), Thresholds(max_critical=0, max_major=0))
    assert not verdict.passed
    assert verdict.reasons[0] == "1 major finding (max 0)"
    assert "0 critical findings (max 0)" in verdict.reasons


def test_penalty_per_1000_words(tmp_path):
    report = gender_report(tmp_path)
    words = report.target.word_count  # 6 penalty points (major 5 + minor 1)
    expected = round(6 / words * 1000, 3)
    assert not evaluate(report, Thresholds(max_major=None, max_penalty_per_1000=expected - 0.01)).passed
    verdict = evaluate(report, Thresholds(max_major=None, max_penalty_per_1000=expected))
    assert verdict.passed and f"MQM penalty {expected:g} per 1,000 words" in verdict.reasons[-1]


def test_ignored_checks_and_families_are_not_counted(tmp_path):
    report = ignoring(gender_report(tmp_path), "gender")
    assert [f.ignored for f in report.findings] == [True, False]
    verdict = evaluate(report, Thresholds(max_major=0, max_penalty_per_1000=50))
    assert verdict.passed
    assert "1 finding of ignored checks not counted" in verdict.reasons
    assert not evaluate(ignoring(report, "gender.other"), Thresholds(max_major=0)).passed


def test_min_similarity_uses_the_document_similarity_score(tmp_path):
    report = gender_report(tmp_path)
    assert document_similarity(report) is None
    assert not evaluate(report, Thresholds(max_major=None, min_similarity=0.5)).passed
    report.scores.append(Score("similarity(mt,bt)", 0.95, Signature("similarity(mt,bt)")))
    assert document_similarity(report) == 0.95
    assert evaluate(report, Thresholds(max_major=None, min_similarity=0.9)).passed
    report.scores.append(Score("similarity(src,mt)", 0.55, Signature("similarity(src,mt)")))
    assert document_similarity(report) == 0.95  # no source: translation ↔ back-translation
    report.source = make_article("One sentence.", "source", "en")
    assert document_similarity(report) == 0.55  # the source side counts when there is one
    assert not evaluate(report, Thresholds(max_major=None, min_similarity=0.9)).passed


def test_min_similarity_without_anything_to_measure_fails_clearly():
    report = Report(target=make_article("Ein Satz.", "target", "de"))
    verdict = evaluate(report, Thresholds(max_major=None, min_similarity=0.5))
    assert not verdict.passed and "document similarity unknown" in verdict.reasons[0]
