"""The issue-12 detectors: negation, repetition, magnitudes/units, names substitution, toxicity,
dropped parentheticals, date parts. Each case is one aligned source/target pair."""

from __future__ import annotations

import pytest
from report_helpers import run_check

from mtcheck.analysis.magnitude import english_scales, german_scales
from mtcheck.analysis.negation import english_polarity, german_polarity
from mtcheck.analysis.repetition import repeats
from mtcheck.load import report_from_sentences
from mtcheck.model import Finding


def _run(check_id: str, source: str, target: str) -> list[Finding]:
    return run_check(check_id, report_from_sentences([target], source=[source]))


def _assert_offsets(findings: list[Finding], source: str, target: str) -> None:
    for f in findings:
        assert target[f.target_span.start : f.target_span.end] == f.target_span.text
        if f.source_span is not None:
            assert source[f.source_span.start : f.source_span.end] == f.source_span.text
        for e in f.evidence:
            text = source if e.side == "source" else target
            assert text[e.start : e.end] == e.text


# --- negation ------------------------------------------------------------------------------------


def test_negation_cues() -> None:
    assert [c.text for c in english_polarity("He didn't go and never will, whether or not.").strong] == [
        "n't",
        "never",
    ]
    assert [c.text for c in english_polarity("I dont know").strong] == ["dont"]
    assert [c.text for c in german_polarity("Er kam nicht, keiner wusste es, nicht wahr?").strong] == [
        "nicht",
        "keiner",
    ]


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        ("The council did not approve the plan.", "Der Rat genehmigte den Plan.", "lost"),
        ("The council approved the plan.", "Der Rat genehmigte den Plan nicht.", "added"),
        ("The council did not approve the plan.", "Der Rat genehmigte den Plan nicht.", None),
        # an implicit negative on the other side explains the difference
        ("The council failed to approve the plan.", "Der Rat genehmigte den Plan nicht.", None),
        ("It is impossible to say.", "Man kann es nicht sagen.", None),
        ("He asked whether or not it rained.", "Er fragte, ob es regnete.", None),
        ("No doubt he is right.", "Zweifellos hat er recht.", None),
    ],
)
def test_negation_polarity(source: str, target: str, expected: str | None) -> None:
    findings = _run("negation.polarity", source, target)
    _assert_offsets(findings, source, target)
    if expected is None:
        assert findings == []
    else:
        assert len(findings) == 1 and findings[0].message.lower().startswith(f"negation {expected}")


# --- repetition ----------------------------------------------------------------------------------


def test_repeats_finds_a_repeated_clause() -> None:
    found = repeats("Sie lachte, als sie die Szene aufnahm, als sie die Szene aufnahm.")
    assert [(r.first.text, r.second.text) for r in found] == [
        ("als sie die Szene aufnahm", "als sie die Szene aufnahm")
    ]
    assert repeats("Es wurde mehr und mehr, nach und nach.") == []  # no content words repeated


def test_repetition_check() -> None:
    source = "Another girl laughed as she recorded the scene."
    target = "Ein anderes Mädchen lachte, als sie die Szene aufnahm, als sie die Szene aufnahm."
    findings = _run("repetition.hallucinated", source, target)
    _assert_offsets(findings, source, target)
    assert len(findings) == 1 and findings[0].target_span.text == "als sie die Szene aufnahm"
    assert findings[0].target_span.start == target.rindex("als sie")
    # the source repeats itself: the German mirrors it
    assert _run("repetition.hallucinated", "Thousands marched: freedom now, freedom now!",
                "Tausende marschierten: Freiheit jetzt, Freiheit jetzt!") == []  # fmt: skip


# --- magnitudes and units ------------------------------------------------------------------------


def test_scales() -> None:
    assert [s.power for s in english_scales("$2.5 billion and £3bn and 4 million")] == [9, 9, 6]
    assert [s.power for s in german_scales("2,5 Milliarden, 3 Mrd. und 4 Billionen")] == [9, 9, 12]


@pytest.mark.parametrize(
    ("source", "target", "flagged"),
    [
        ("The deal is worth $5 billion.", "Der Deal ist 5 Billionen Dollar wert.", "Billionen"),
        ("The deal is worth $5 billion.", "Der Deal ist 5 Milliarden Dollar wert.", None),
        ("Debt reached $31 trillion.", "Die Schulden erreichten 31 Billionen Dollar.", None),
        ("It cost 3 million euros.", "Es kostete 3 Milliarden Euro.", "Milliarden"),
    ],
)
def test_magnitude_scale(source: str, target: str, flagged: str | None) -> None:
    findings = _run("magnitude.scale", source, target)
    _assert_offsets(findings, source, target)
    assert [f.target_span.text for f in findings] == ([flagged] if flagged else [])


@pytest.mark.parametrize(
    ("source", "target", "flagged"),
    [
        ("Gusts reached 85mph.", "Böen erreichten 85 km/h.", "85 km/h"),
        ("Gusts reached 85mph.", "Böen erreichten 137 km/h.", None),
        ("Gusts reached 85mph.", "Böen erreichten 85 Meilen pro Stunde.", None),
        ("She weighs 130 pounds.", "Sie wiegt 130 Kilo.", "130 Kilo"),
        ("It was 100°F outside.", "Draußen waren es 100 °C.", "100 °C"),
        ("He ran 30 yards.", "Er lief 30 Meter.", None),  # the usual rounding
        ("The vote is at 7 p.m.", "Die Abstimmung ist um 7 Uhr.", "7 Uhr"),
        ("The vote is at 7 p.m.", "Die Abstimmung ist um 19 Uhr.", None),
        ("The vote is at 7 a.m.", "Die Abstimmung ist um 7 Uhr.", None),
    ],
)
def test_magnitude_units(source: str, target: str, flagged: str | None) -> None:
    findings = _run("magnitude.units", source, target)
    _assert_offsets(findings, source, target)
    assert [f.target_span.text for f in findings] == ([flagged] if flagged else [])


# --- toxicity ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("check", "source", "target", "flagged"),
    [
        ("toxicity.added", "You fit in well here.", "Du fickst hier gut rein.", True),
        ("toxicity.added", "Fuck you.", "Fick dich.", False),
        ("toxicity.added", "Screw it, I'll do it myself.", "Scheiß drauf, ich mache es selbst.", False),
        ("toxicity.added", "Oh, bugger! I loved my socks!", "Oh, Scheiße! Ich liebte meine Socken!", False),
        (
            "toxicity.added",
            "He and Johnny Depp are great actors.",
            "Er und Johnny Depp sind große Schauspieler.",
            False,
        ),
        ("toxicity.lost", "Fuck you, I am leaving.", "Ich gehe.", True),
        ("toxicity.lost", "Fuck you, I am leaving.", "Fick dich, ich gehe.", False),
        ("toxicity.lost", "You are a moron.", "Du bist ein Idiot.", False),
        ("toxicity.lost", "I talked with Senator Chris Coons.", "Ich sprach mit Senator Chris Coons.", False),
    ],
)
def test_toxicity(check: str, source: str, target: str, flagged: bool) -> None:
    findings = _run(check, source, target)
    _assert_offsets(findings, source, target)
    assert bool(findings) is flagged


# --- parentheticals, dates, names ----------------------------------------------------------------


def test_parenthetical_dropped() -> None:
    source = "The party (which won in 2019) lost seats."
    assert _run("parenthetical.dropped", source, "Die Partei verlor Sitze.")
    assert not _run("parenthetical.dropped", source, "Die Partei (die 2019 gewann) verlor Sitze.")
    assert not _run("parenthetical.dropped", "Thank user(s) for it.", "Danke den Nutzern dafür.")


@pytest.mark.parametrize(
    ("source", "target", "flagged"),
    [
        ("The vote is on Tuesday.", "Die Abstimmung ist am Donnerstag.", "Donnerstag"),
        ("The vote is on Tuesday.", "Die Abstimmung ist am Dienstag.", None),
        ("The vote is on Tuesday.", "Die Abstimmung ist bald.", None),  # dropped, not changed
        ("It opened in March.", "Es öffnete im Mai.", "Mai"),
        ("You may go in March.", "Du darfst im März gehen.", None),
    ],
)
def test_dates_changed(source: str, target: str, flagged: str | None) -> None:
    findings = _run("dates.changed", source, target)
    _assert_offsets(findings, source, target)
    assert [f.target_span.text for f in findings] == ([flagged] if flagged else [])


def test_a_changed_month_is_one_finding_not_two() -> None:
    """numbers.mismatch reads month names as date parts too; in the whole engine dates.changed
    replaces its finding on the same word (one error, one finding, one penalty)."""
    from mtcheck import article_from_text, check
    from mtcheck.config import Settings

    settings = Settings()
    settings.bt_model = "none"  # no back-translation model: the source alone
    report = check(
        article_from_text("Die Zinsen steigen im Juli um 0,25 Prozentpunkte.", "target", "de"),
        source=article_from_text("Rates will rise in June by 0.25 percentage points.", "source", "en"),
        settings=settings,
    )
    on_month = [(f.check, f.severity.value) for f in report.findings if f.target_span.text == "Juli"]
    assert on_month == [("dates.changed", "major")]


def test_names_substituted() -> None:
    source = "The prize went to Kowalczyk after the final."
    target = "Der Preis ging nach dem Finale an Maduro."
    findings = _run("names.substituted", source, target)
    _assert_offsets(findings, source, target)
    assert [f.target_span.text for f in findings] == ["Maduro"]
    assert not _run("names.substituted", source, "Der Preis ging nach dem Finale an Kowalczyk.")
    # dropped, not replaced: names.missing reports that
    assert not _run("names.substituted", source, "Der Preis wurde nach dem Finale vergeben.")
