"""consistency.*: one name or abbreviation spelled or rendered two ways in one article."""

from report_helpers import run_check as run

from mtcheck.load import report_from_sentences
from mtcheck.model import Category, Finding, Severity


def spelling(target: list[str]) -> list[Finding]:
    return run("consistency.spelling", report_from_sentences(target))


def test_nato_once_among_many_is_reported_minor_with_evidence() -> None:
    target = [
        "Die NATO-Erweiterung stoppen.",
        "Die NATO will das nicht.",
        "Der Beitritt zur NATO ist offen.",
        "Lehren zeigen, wie wichtig die Nato ist.",
    ]
    (finding,) = spelling(target)
    assert finding.category is Category.INCONSISTENCY and finding.severity is Severity.MINOR
    assert finding.target_span.text == "Nato"
    assert finding.target_span.start == sum(len(s) + 1 for s in target[:3]) + target[3].index("Nato")
    assert [e.text for e in finding.evidence] == ["NATO", "NATO", "NATO"]
    assert finding.suggestion == "NATO"


def test_transliteration_variants_are_reported() -> None:
    target = ["Selenskyj reiste nach Berlin.", "Dort traf Selenskyj den Kanzler.", "Selensky sprach lange."]
    (finding,) = spelling(target)
    assert finding.target_span.text == "Selensky" and "Selenskyj" in finding.message


def test_inflection_ordinary_words_and_emphasis_are_not_reported() -> None:
    target = [
        "Putin sprach, Putins Antwort kam schnell.",
        "Die Reise war lang, die Reize der Stadt groß.",
        "DIE Lösung ist das, Die Lösung bleibt.",
        "Die USA und die Vereinigten Staaten sind dasselbe.",
        "VORSICHT, DER GERUCH IST SCHLECHT.",
        "Der Geruch kam vom Leder, der Geruch blieb.",
        "Sie spielen für St. Patrick's Athletic, Patricks Team.",
    ]
    assert spelling(target) == []


def test_source_name_rendered_two_ways() -> None:
    source = ["He flew to Kyiv.", "In Kyiv he met the mayor.", "It was cold in Kyiv."]
    target = ["Er flog nach Kiew.", "In Kiew traf er den Bürgermeister.", "In Kyjiw war es kalt."]
    (finding,) = run("consistency.source-term", report_from_sentences(target, source=source))
    assert finding.target_span.text == "Kyjiw" and finding.suggestion == "Kiew"
    assert finding.source_span is not None and finding.source_span.text == "Kyiv"


def test_same_rendering_with_genitive_is_consistent() -> None:
    source = ["Putin spoke.", "It was Putin's answer.", "Kremlin officials agreed."]
    target = ["Putin sprach.", "Es war Putins Antwort.", "Kreml-Beamte stimmten zu."]
    assert run("consistency.source-term", report_from_sentences(target, source=source)) == []
