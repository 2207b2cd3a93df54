"""The gate: PUBLISH, REVIEW or BLOCK, with the conditions that decided it."""

from report_helpers import gender_report, make_article

from mtcheck.checks.engine import mark_ignored
from mtcheck.config import GateSettings
from mtcheck.gate import evaluate, read_first
from mtcheck.metrics.similarity import document_similarity
from mtcheck.model import Outcome, Report, Score, Severity, Signature


def Thresholds(**given) -> GateSettings:  # noqa: N802 (reads like the settings class it builds)
    """Gate settings with the calibrated REVIEW rules off unless given: each test below exercises one
    rule on a hand-made report that has no similarity score."""
    off = {"review_minor_per_1000": None, "min_similarity": None, "review_min_estimate": None}
    return GateSettings(**{**off, **given})


def test_the_defaults_are_the_calibrated_review_thresholds_and_0_switches_one_off(tmp_path):
    defaults = GateSettings()
    assert (defaults.review_minor_per_1000, defaults.min_similarity, defaults.review_min_estimate) == (
        10.0,
        0.7,
        94.0,
    )
    report = ignoring(gender_report(tmp_path), "gender")  # 1 minor finding in 27 words: 37 per 1,000
    verdict = evaluate(report, GateSettings(ignore=["gender"]))
    assert verdict.outcome is Outcome.REVIEW and not verdict.fails
    assert verdict.reasons == [
        "1 minor finding, 37 per 1,000 words (max 10)",
        "document similarity unknown (min 0.7): give --source or a back-translation",
    ]
    # the estimate alone asks for nothing when it is missing: it is one ranking input among several
    assert "quality estimate unknown (min 94): it needs the source" in verdict.checked
    relaxed = GateSettings(ignore=["gender"], review_minor_per_1000=50, min_similarity=0)
    assert evaluate(report, relaxed).outcome is Outcome.PUBLISH


def ignoring(report: Report, *checks: str) -> Report:
    mark_ignored(report.findings, checks)
    return report


def test_default_thresholds_block_a_wrongly_gendered_person(tmp_path):
    report = gender_report(tmp_path)
    verdict = evaluate(report, Thresholds())  # default: no critical, no major finding
    assert verdict.outcome is Outcome.BLOCK and not verdict.passed and verdict.fails
    assert verdict.reasons == ["1 major finding (max 0)"]  # only the conditions that failed
    assert "0 critical findings (max 0)" in verdict.checked
    assert [f.blocking for f in report.findings] == [True, False]  # the major one, not the minor one


def test_minor_findings_alone_publish_under_the_default_gate(tmp_path):
    report = ignoring(gender_report(tmp_path), "gender")
    verdict = evaluate(report, Thresholds(ignore=["gender"]))
    assert verdict.outcome is Outcome.PUBLISH and verdict.passed and verdict.reasons == []
    assert not any(f.blocking for f in report.findings)


def test_penalty_per_1000_words_blocks_above_the_maximum(tmp_path):
    report = gender_report(tmp_path)
    words = report.target.word_count  # 6 penalty points (major 5 + minor 1)
    expected = round(6 / words * 1000, 3)
    verdict = evaluate(report, Thresholds(max_major=None, max_penalty_per_1000=expected - 0.01))
    assert verdict.outcome is Outcome.BLOCK and verdict.reasons[0].startswith("MQM penalty")
    verdict = evaluate(report, Thresholds(max_major=None, max_penalty_per_1000=expected))
    assert verdict.outcome is Outcome.PUBLISH
    assert f"MQM penalty {expected:g} per 1,000 words (max {expected:g})" in verdict.checked


def test_ignored_checks_and_families_are_not_counted(tmp_path):
    report = ignoring(gender_report(tmp_path), "gender")
    assert [f.ignored for f in report.findings] == [True, False]
    verdict = evaluate(report, Thresholds(max_major=0, max_penalty_per_1000=50))
    assert verdict.passed
    assert "1 finding of ignored checks not counted" in verdict.checked
    assert not evaluate(ignoring(report, "gender.other"), Thresholds(max_major=0)).passed


def test_a_major_finding_below_the_blocking_confidence_asks_for_review(tmp_path):
    report = gender_report(tmp_path)  # its major finding has confidence 0.9
    verdict = evaluate(report, Thresholds(block_min_confidence=0.95))
    assert verdict.outcome is Outcome.REVIEW and verdict.passed and not verdict.fails
    assert verdict.reasons[0].startswith("1 serious finding the checks cannot verify")
    assert verdict.read_first[0] == 0  # the pair of the major finding comes first


def test_review_exits_1_only_when_the_gate_is_strict(tmp_path):
    strict = Thresholds(block_min_confidence=0.95, review_exit=1)
    verdict = evaluate(gender_report(tmp_path), strict)
    assert verdict.outcome is Outcome.REVIEW and verdict.fails and not verdict.passed


def test_dense_minor_findings_ask_for_review(tmp_path):
    report = ignoring(gender_report(tmp_path), "gender")
    density = round(1 / report.target.word_count * 1000, 1)
    assert evaluate(report, Thresholds(review_minor_per_1000=density)).outcome is Outcome.PUBLISH
    verdict = evaluate(report, Thresholds(review_minor_per_1000=density - 1))
    assert verdict.outcome is Outcome.REVIEW and "minor finding" in verdict.reasons[0]


def test_min_similarity_asks_for_review_on_the_document_similarity_score(tmp_path):
    report = gender_report(tmp_path)
    ignoring(report, "gender")
    assert document_similarity(report) is None
    assert evaluate(report, Thresholds(min_similarity=0.5)).outcome is Outcome.REVIEW  # unknown
    report.scores.append(Score("similarity(mt,bt)", 0.95, Signature("similarity(mt,bt)")))
    assert document_similarity(report) == 0.95
    assert evaluate(report, Thresholds(min_similarity=0.9)).outcome is Outcome.PUBLISH
    report.scores.append(Score("similarity(src,mt)", 0.55, Signature("similarity(src,mt)")))
    assert document_similarity(report) == 0.95  # no source: translation ↔ back-translation
    report.source = make_article("One sentence.", "source", "en")
    assert document_similarity(report) == 0.55  # the source side counts when there is one
    verdict = evaluate(report, Thresholds(min_similarity=0.9))
    assert verdict.outcome is Outcome.REVIEW and verdict.reasons == ["document similarity 0.55 (min 0.9)"]


def test_min_similarity_without_anything_to_measure_says_so():
    report = Report(target=make_article("Ein Satz.", "target", "de"))
    verdict = evaluate(report, Thresholds(max_major=None, min_similarity=0.5))
    assert verdict.outcome is Outcome.REVIEW and "document similarity unknown" in verdict.reasons[0]


def test_read_first_ranks_pairs_by_the_penalty_of_their_findings(tmp_path):
    report = gender_report(tmp_path)
    assert read_first(report)[:2] == [0, 3]
    report.findings[1].severity = Severity.CRITICAL
    assert read_first(report)[:2] == [3, 0]
