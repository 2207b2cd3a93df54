"""The check engine: registration, input requirements, disabling and re-weighting from config,
declared supersession, the pair a finding belongs to, ignored findings and typed options."""

from collections.abc import Iterator

import pytest

from mtcheck.checks import CHECKS, load_all_checks
from mtcheck.checks.engine import run_checks
from mtcheck.checks.registry import CheckContext, matches_check, register_check
from mtcheck.config import GateSettings, Settings
from mtcheck.model import (
    AlignedPair,
    Article,
    Category,
    Evidence,
    Finding,
    InputError,
    Report,
    Sentence,
    Severity,
    Span,
)
from mtcheck.mqm import document_score
from mtcheck.run import Run

TOY = ("toy.always", "toy.needs-source", "toy.late", "toy.early")


def _absorb(winner: Finding, replaced: Finding) -> None:
    winner.evidence.append(Evidence(replaced.target_span.text, 0, 3, "target", "absorbed"))


@pytest.fixture
def toy_checks() -> Iterator[None]:
    load_all_checks()  # so that "every other check" below is the complete list

    @register_check(
        "toy.always",
        category=Category.STYLE,
        severity=Severity.MINOR,
        description="flags the first word",
        options={"weight": float},
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

    # "toy.late" supersedes "toy.early" although it registers (and runs) first
    @register_check(
        "toy.late",
        category=Category.MISTRANSLATION,
        severity=Severity.MAJOR,
        description="replaces toy.early on the same words",
        supersedes={"toy.early": _absorb},
    )
    def late(ctx: CheckContext) -> Iterator[Finding]:
        yield ctx.finding(message="late", target_span=Span(4, 8, ctx.report.target.text[4:8]))

    @register_check("toy.early", category=Category.STYLE, severity=Severity.MINOR, description="overlapped")
    def early(ctx: CheckContext) -> Iterator[Finding]:
        text = ctx.report.target.text
        yield ctx.finding(message="overlapped", target_span=Span(6, 13, text[6:13]))
        yield ctx.finding(message="elsewhere", target_span=Span(16, 19, text[16:19]))

    yield
    for name in TOY:
        CHECKS.remove(name)


def _report(with_source: bool) -> Report:
    text = "Der Hund bellt. Die Katze."
    target = Article(
        "target",
        text,
        "de",
        sentences=[
            Sentence(0, 0, 15, text[:15], 0, "paragraph"),
            Sentence(1, 16, 26, text[16:], 0, "paragraph"),
        ],
    )
    source = Article("source", "The dog barks.", "en") if with_source else None
    report = Report(target=target, source=source)
    report.pairs = [AlignedPair(0, target_ids=(0,)), AlignedPair(1, target_ids=(1,))]
    return report


def _run(report: Report, settings: Settings) -> list[Finding]:
    return [f for f in run_checks(Run(report, settings)) if f.check.startswith("toy.")]


def _only(*toys: str, **settings: object) -> Settings:
    others = [c for c in CHECKS if c not in toys]
    return Settings(disabled_checks=others, **settings)  # type: ignore[arg-type]


def test_checks_run_only_when_inputs_present(toy_checks: None) -> None:
    settings = _only("toy.always", "toy.needs-source")
    assert [f.check for f in _run(_report(False), settings)] == ["toy.always"]
    found = _run(_report(True), settings)
    assert sorted(f.check for f in found) == ["toy.always", "toy.needs-source"]


def test_disable_by_family_and_reweight(toy_checks: None) -> None:
    settings = _only("toy.always", severity_overrides={"toy.always": Severity.CRITICAL})
    (always,) = _run(_report(True), settings)
    assert always.severity is Severity.CRITICAL
    others = [c for c in CHECKS if not c.startswith("toy.")]
    assert _run(_report(True), Settings(disabled_checks=[*others, "toy"])) == []


def test_a_superseding_check_replaces_overlapping_findings_whatever_the_order(toy_checks: None) -> None:
    found = _run(_report(False), _only("toy.late", "toy.early"))
    assert [(f.check, f.message) for f in found] == [("toy.late", "late"), ("toy.early", "elsewhere")]
    assert found[0].evidence[-1].note == "absorbed"  # the replaced finding was folded in
    # without the superseding check, both of toy.early's findings stand
    assert [f.message for f in _run(_report(False), _only("toy.early"))] == ["overlapped", "elsewhere"]


def test_every_finding_gets_the_pair_whose_german_holds_it(toy_checks: None) -> None:
    found = _run(_report(False), _only("toy.late", "toy.early"))
    assert [f.pair for f in found] == [0, 1]


def test_ignored_findings_are_marked_once_and_not_counted(toy_checks: None) -> None:
    settings = _only("toy.always", "toy.late", gate=GateSettings(ignore=["toy.late"]))
    report = _report(False)
    run_checks(Run(report, settings))
    marks = {f.check: f.ignored for f in report.findings}
    assert marks == {"toy.always": False, "toy.late": True}
    assert report.mqm.penalty == 1  # the major finding of the ignored check is not counted


def test_options_are_checked_against_their_declared_type(toy_checks: None) -> None:
    settings = _only("toy.always", check_options={"toy.always": {"weight": 2}})
    assert [f.check for f in _run(_report(False), settings)] == ["toy.always"]  # an int is a float
    with pytest.raises(InputError, match="option 'weight' must be a float"):
        _run(_report(False), _only("toy.always", check_options={"toy.always": {"weight": "x"}}))
    with pytest.raises(InputError, match="unknown option 'wieght'"):
        _run(_report(False), _only("toy.always", check_options={"toy.always": {"wieght": 1.0}}))


def test_unknown_check_in_config_is_rejected() -> None:
    with pytest.raises(InputError, match="unknown check"):
        run_checks(Run(_report(False), Settings(disabled_checks=["no.such.check"])))
    with pytest.raises(InputError, match="unknown check id.*gate ignore"):
        run_checks(Run(_report(False), Settings(gate=GateSettings(ignore=["no.such"]))))


def test_matches_check_family_not_prefix_of_word() -> None:
    assert matches_check("typography.quotes", ["typography"])
    assert matches_check("typography.quotes", ["typography."])
    assert not matches_check("typographyx.quotes", ["typography"])


def test_mqm_document_score_formula() -> None:
    target = Article("target", " ".join(["Wort"] * 500), "de")
    span = Span(0, 4, "Wort")
    findings = [
        Finding("a", Category.STYLE, Severity.MINOR, "m", span),
        Finding("b", Category.OMISSION, Severity.MAJOR, "m", span),
        Finding("c", Category.MISTRANSLATION, Severity.CRITICAL, "m", span),
        Finding("d", Category.MISTRANSLATION, Severity.CRITICAL, "m", span, ignored=True),
    ]
    score = document_score(findings, target)
    assert score.penalty == 31
    assert score.word_count == 500
    assert score.per_1000_words == 62.0
    assert score.by_severity == {"minor": 1, "major": 1, "critical": 1}
