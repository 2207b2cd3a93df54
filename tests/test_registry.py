"""The check engine: registration, input requirements, disabling and re-weighting from config."""

from collections.abc import Iterator

import pytest

from mtcheck.checks import CHECKS, load_all_checks, run_checks
from mtcheck.checks.registry import CheckContext, matches_check, register_check
from mtcheck.config import Settings
from mtcheck.model import Article, Category, Finding, Report, Sentence, Severity, Span
from mtcheck.mqm import document_score


@pytest.fixture
def toy_checks() -> Iterator[None]:
    load_all_checks()  # so that "every other check" below is the complete list

    @register_check(
        "toy.always", category=Category.STYLE, severity=Severity.MINOR, description="flags the first word"
    )
    def always(ctx: CheckContext) -> Iterator[Finding]:
        text = ctx.report.target.text
        yield ctx.finding(message="first word", target_span=Span(0, 3, text[:3]))

    @register_check(
        "toy.needs-source",
        category=Category.OMISSION,
        severity=Severity.MAJOR,
        requires={"source"},
        description="only with a source",
    )
    def needs_source(ctx: CheckContext) -> Iterator[Finding]:
        yield ctx.finding(message="has source", target_span=Span(0, 0, ""))

    yield
    del CHECKS["toy.always"], CHECKS["toy.needs-source"]


def _report(with_source: bool) -> Report:
    target = Article(
        "target", "Der Hund bellt.", "de", sentences=[Sentence(0, 0, 15, "Der Hund bellt.", 0, "paragraph")]
    )
    source = Article("source", "The dog barks.", "en") if with_source else None
    return Report(target=target, source=source)


def _toy_findings(report: Report) -> list[Finding]:
    return [f for f in report.findings if f.check.startswith("toy.")]


def test_checks_run_only_when_inputs_present(toy_checks: None) -> None:
    settings = Settings(disabled_checks=[c for c in CHECKS if not c.startswith("toy.")])
    assert [f.check for f in _toy_findings(run_checks(_report(False), settings))] == ["toy.always"]
    found = _toy_findings(run_checks(_report(True), settings))
    assert sorted(f.check for f in found) == ["toy.always", "toy.needs-source"]


def test_disable_by_family_and_reweight(toy_checks: None) -> None:
    others = [c for c in CHECKS if not c.startswith("toy.")]
    settings = Settings(disabled_checks=others, severity_overrides={"toy.always": Severity.CRITICAL})
    report = run_checks(_report(True), settings)
    always = next(f for f in _toy_findings(report) if f.check == "toy.always")
    assert always.severity is Severity.CRITICAL
    assert _toy_findings(run_checks(_report(True), Settings(disabled_checks=[*others, "toy"]))) == []


def test_unknown_check_in_config_is_rejected() -> None:
    from mtcheck.model import InputError

    with pytest.raises(InputError, match="unknown check"):
        run_checks(_report(False), Settings(disabled_checks=["no.such.check"]))


def test_matches_check_family_not_prefix_of_word() -> None:
    assert matches_check("typography.quotes", ["typography"])
    assert not matches_check("typographyx.quotes", ["typography"])


def test_mqm_document_score_formula() -> None:
    target = Article("target", " ".join(["Wort"] * 500), "de")
    span = Span(0, 4, "Wort")
    findings = [
        Finding("a", Category.STYLE, Severity.MINOR, "m", span),
        Finding("b", Category.OMISSION, Severity.MAJOR, "m", span),
        Finding("c", Category.MISTRANSLATION, Severity.CRITICAL, "m", span),
    ]
    score = document_score(findings, target)
    assert score.penalty == 31
    assert score.word_count == 500
    assert score.per_1000_words == 62.0
    assert score.by_severity == {"minor": 1, "major": 1, "critical": 1}
