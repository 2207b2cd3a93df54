"""numbers.*: German-aware comparison of numbers, dates, times, money and percentages."""

import pytest
from report_helpers import run_check as run

from mtcheck.checks import CHECKS, load_all_checks
from mtcheck.load import report_from_sentences
from mtcheck.model import Category, Finding, Severity


def mismatches(source: str, target: str) -> list[Finding]:
    return run("numbers.mismatch", report_from_sentences([target], source=[source]))


CORRECT_CONVERSIONS = [
    ("The total was 1,000.5 tonnes.", "Die Summe betrug 1.000,5 Tonnen."),
    ("It was first published on March 19, 2025.", "Er erschien erstmals am 19. März 2025."),
    ("It was first published on 19 March 2025.", "Er erschien erstmals am 19.03.2025."),
    ("They agreed on a 30-day moratorium.", "Sie einigten sich auf ein 30-tägiges Moratorium."),
    ("Two men were arrested.", "2 Männer wurden festgenommen."),
    ("2 men were arrested.", "Zwei Männer wurden festgenommen."),
    ("The fund holds 2.5 billion euros.", "Der Fonds hält 2,5 Milliarden Euro."),
    ("The fund holds €2.5bn.", "Der Fonds hält 2,5 Mrd. Euro."),
    ("About 3 million people live there.", "Dort leben etwa 3 Mio. Menschen."),
    ("Prices rose 10 percent.", "Die Preise stiegen um 10 %."),
    ("Prices rose 10%.", "Die Preise stiegen um 10 Prozent."),
    ("The meeting starts at 2:30 p.m.", "Die Sitzung beginnt um 14.30 Uhr."),
    ("The meeting starts at 14:30.", "Die Sitzung beginnt um 14:30 Uhr."),
    ("This began in the 1990s.", "Das begann in den 1990er-Jahren."),
    ("It costs $5 million.", "Es kostet 5 Millionen Dollar."),
    ("He ran 5 miles.", "Er lief 8 Kilometer."),
    ("The G7 met for the 3rd time.", "Die G7 trafen sich zum dritten Mal."),
    ("Both sides lost 1,200 soldiers.", "Beide Seiten verloren 1200 Soldaten."),
    ("It happened in 2020, and again in 2020.", "Es geschah 2020 und im selben Jahr erneut."),
    ("Power is cut between 5 and 10 p.m.", "Der Strom fällt zwischen 17 und 22 Uhr aus."),
    ("Derry won 2-0 on Friday.", "Derry gewann am Freitag 2:0."),
    ("Over 62,985 people live there.", "Dort leben über 62 985 Menschen."),
    ("In the 1/1/08 documentary he said so.", "Im Dokumentarfilm vom 1. Januar 2008 sagte er das."),
    ("It ended the 1950-53 Korea War.", "Es beendete den Koreakrieg von 1950 bis 1953."),
    ("It takes 8 years to get 4,6, and 8 year rates.", "Es dauert 8 Jahre, um 4, 6 und 8 Jahre zu bekommen."),
]


@pytest.mark.parametrize(("source", "target"), CORRECT_CONVERSIONS)
def test_correct_conversions_are_not_flagged(source: str, target: str) -> None:
    assert mismatches(source, target) == []
    assert run("numbers.missing", report_from_sentences([target], source=[source])) == []


def test_changed_number_points_at_both_numbers() -> None:
    source, target = "He was born in 1990 in Kyiv.", "Er wurde 1980 in Kiew geboren."
    (finding,) = mismatches(source, target)
    assert finding.check == "numbers.mismatch"
    assert finding.category is Category.MISTRANSLATION and finding.severity is Severity.MAJOR
    assert finding.target_span.text == "1980" and target[finding.target_span.start :].startswith("1980")
    assert finding.source_span is not None and finding.source_span.text == "1990"


@pytest.mark.parametrize(
    ("source", "target", "wrong"),
    [
        (
            "The deal is worth 2.5 billion dollars.",
            "Der Deal ist 2,5 Millionen Dollar wert.",
            "2,5 Millionen",
        ),
        ("Debt reached 1 billion euros.", "Die Schulden erreichten 1 Billion Euro.", "1 Billion"),
        ("The talks start at 2:30 p.m.", "Die Gespräche beginnen um 15.30 Uhr.", "15.30 Uhr"),
        ("It was published on March 19, 2025.", "Er erschien am 19. Mai 2025.", "Mai"),
        ("The total was 1,000.5 tonnes.", "Die Summe betrug 1.005 Tonnen.", "1.005"),
        ("Prices rose 12 percent.", "Die Preise stiegen um 21 Prozent.", "21"),
    ],
)
def test_changed_values_are_flagged(source: str, target: str, wrong: str) -> None:
    found = mismatches(source, target)
    assert [f.target_span.text for f in found] == [wrong]


def test_currency_changed() -> None:
    found = mismatches("It costs $5 million.", "Es kostet 5 Millionen Euro.")
    assert len(found) == 1 and "dollar" in found[0].message and found[0].target_span.text == "5 Millionen"


def test_missing_number_is_minor() -> None:
    report = report_from_sentences(
        ["Sie einigten sich auf ein Moratorium."], source=["They agreed on a 30-day moratorium."]
    )
    assert run("numbers.mismatch", report) == []
    (finding,) = run("numbers.missing", report)
    assert finding.severity is Severity.MINOR and finding.source_span is not None
    assert finding.source_span.text == "30"


def test_back_translation_is_used_without_source_with_lower_confidence() -> None:
    report = report_from_sentences(["Er wurde 1980 geboren."], back_translation=["He was born in 1990."])
    (finding,) = run("numbers.mismatch", report)
    assert finding.target_span.text == "1980" and finding.source_span is None
    assert finding.confidence < 0.9 and finding.severity is Severity.MINOR


def test_no_comparison_without_source_or_back_translation() -> None:
    load_all_checks()
    report = report_from_sentences(["Er wurde 1980 geboren."])
    assert not CHECKS.get("numbers.mismatch").runnable(report.present())


def formats(target: str, source: str | None = None) -> list[str]:
    report = report_from_sentences([target], source=[source] if source else None)
    return [f.target_span.text for f in run("numbers.format", report)]


@pytest.mark.parametrize(
    ("target", "flagged"),
    [
        ("Die Summe betrug 1,000.5 Tonnen.", "1,000.5"),
        ("Der Fonds hält 2.5 Milliarden Euro.", "2.5 Milliarden"),
        ("Die Preise stiegen um 3.5 Prozent.", "3.5"),
        ("Dort leben 1,000,000 Menschen.", "1,000,000"),
        ("Es kostet $5 Millionen.", "$5 Millionen"),
        ("Er forderte £ 52.000 zurück.", "£ 52.000"),
        ("Die Sitzung beginnt um 2 p.m.", "2 p.m."),
    ],
)
def test_english_number_formats_in_german_are_locale_findings(target: str, flagged: str) -> None:
    assert formats(target) == [flagged]
    (finding,) = run("numbers.format", report_from_sentences([target]))
    assert finding.category is Category.LOCALE and finding.severity is Severity.MINOR


@pytest.mark.parametrize(
    "target",
    [
        "Die Summe betrug 1.000,5 Tonnen.",
        "Die Preise stiegen um 3,5 Prozent.",
        "Die Sitzung beginnt um 14.30 Uhr am 19.03.2025.",
        "Version 2.5 erschien am 1.5. und kostet 1.500 Euro.",
        "Der Anteil lag bei 1,500 Prozent.",
        "Paragraf 3.2 regelt das.",
    ],
)
def test_german_formats_are_not_flagged(target: str) -> None:
    assert formats(target) == []


def test_thousands_comma_flagged_only_when_source_confirms_it() -> None:
    assert formats("Es kamen 1,000 Menschen.", source="1,000 people came.") == ["1,000"]
    assert formats("Es kamen 1,000 Menschen.") == []


def test_currency_symbol_suggestion() -> None:
    (finding,) = run("numbers.format", report_from_sentences(["Es kostet $5 Millionen."]))
    assert finding.suggestion == "5 Millionen Dollar"


def test_spelled_number_changed() -> None:
    (finding,) = mismatches("Three people died in the fire.", "Vier Menschen starben bei dem Brand.")
    assert finding.target_span.text == "Vier" and finding.source_span is not None
    assert finding.source_span.text == "Three"
    assert mismatches("One day, three men came.", "Eines Tages kamen drei Männer.") == []
    assert mismatches("Both sides lost two ships.", "Beide Seiten verloren zwei Schiffe.") == []


def test_two_digit_number_is_not_a_year_without_a_date_context() -> None:
    assert [f.target_span.text for f in mismatches("He has 53 cows.", "Er hat 1953 Kühe.")] == ["1953"]


def test_numbers_found_elsewhere_in_the_text_are_a_misalignment_hint() -> None:
    """A garbled paragraph aligned wrongly: each number has its counterpart in another sentence."""
    report = report_from_sentences(
        ["Es dauert immer 2020 Minuten.", "Das Projekt 30 beginnt."],
        source=["It always takes 30 minutes.", "The 2020 project starts."],
    )
    found = run("numbers.mismatch", report)
    assert found and all(f.severity is Severity.MINOR for f in found)
    report = report_from_sentences(
        ["Es dauert immer 20 Minuten.", "Das Projekt beginnt."],
        source=["It always takes 30 minutes.", "The project starts."],
    )
    assert [f.severity for f in run("numbers.mismatch", report)] == [Severity.MAJOR]
