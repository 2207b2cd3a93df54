"""untranslated.*: English left in the German target."""

import pytest
from report_helpers import run_check as run

from mtcheck.analysis.english import english_only
from mtcheck.load import report_from_sentences
from mtcheck.model import Category, Severity


def flagged(target: list[str], source: list[str] | None = None) -> list[tuple[str, str]]:
    report = report_from_sentences(target, source=source)
    found = run("untranslated.sentence", report) + run("untranslated.fragment", report)
    return [(f.check, f.target_span.text) for f in found]


def test_english_sentence_in_german_text() -> None:
    target = [
        "Die Regierung hat am Montag neue Regeln beschlossen.",
        "The minister said this would never happen again.",
    ]
    assert flagged(target) == [("untranslated.sentence", target[1])]
    (finding,) = run("untranslated.sentence", report_from_sentences(target))
    assert finding.category is Category.UNTRANSLATED and finding.severity is Severity.MAJOR
    assert finding.target_span.start == len(target[0]) + 1


def test_english_fragment_inside_german_sentence() -> None:
    target = ["Er sagte, das Produkt sei really not worth the money und gab es zurück."]
    assert flagged(target) == [("untranslated.fragment", "really not worth the money")]


def test_sentence_copied_from_source_is_untranslated() -> None:
    source = ["Bristow gave up.", "Ukraine is not a country."]
    target = ["Bristow gab auf.", "Ukraine is not a country."]
    found = run("untranslated.sentence", report_from_sentences(target, source=source))
    assert [f.target_span.text for f in found] == ["Ukraine is not a country."]
    assert found[0].source_span is not None and found[0].source_span.text == "Ukraine is not a country."


@pytest.mark.parametrize(
    "sentence",
    [
        "Das Meeting des Teams endete mit einem Deal über neue Software.",
        "Nach dem Lockdown gab es ein Update für die Fans online.",
        "Laut dem Department of Natural Resources leben dort 12.000 Bären.",
        "Der Song „Born in the USA“ wurde oft gespielt.",
        "Mehr Infos unter https://www.example.com/the-full-story-of-the-day im Netz.",
        "Joe Biden, Kamala Harris.",
        "Er sagte: okay.",
        "Das Know-how fehlt.",
    ],
)
def test_names_titles_urls_and_anglicisms_are_not_flagged(sentence: str) -> None:
    assert flagged([sentence]) == []


def test_title_case_phrase_made_up_in_english_is_flagged_when_the_source_lacks_it() -> None:
    source = ["The new retirement home opened on Monday."]
    target = ["Das neue Retirement Village wurde am Montag eröffnet."]
    assert flagged(target, source) == [("untranslated.fragment", "Retirement Village")]
    assert flagged(target) == []  # without a source it may be a name


def test_english_only_words() -> None:
    assert english_only("really") and english_only("the")
    assert not english_only("Meeting") and not english_only("Team") and not english_only("die")


def test_german_sentence_close_to_its_source_is_not_a_copy() -> None:
    source = ["This is for Wikipedia's component library (OOUI)."]
    target = ["Dies ist für Wikipedias Component Library (OOUI)."]
    assert run("untranslated.sentence", report_from_sentences(target, source=source)) == []


def test_a_copied_sentence_is_reported_once() -> None:
    source = ["The film ran yesterday.", "THE SHAMEFUL AUDIENCE LEFT EARLY."]
    target = ["Der Film lief gestern.", "THE SHAMEFUL AUDIENCE LEFT EARLY."]
    assert [check for check, _ in flagged(target, source)] == ["untranslated.sentence"]


def test_organisation_name_with_acronym_kept_from_source_is_not_untranslated() -> None:
    source = [
        "A survey by the UK Commission for Employment and Skills found a shortage.",
        "John Edward is Director of the Scottish Council of Independent Schools",
    ]
    target = [
        "Eine Umfrage der UK Commission for Employment and Skills ergab einen Mangel.",
        "John Edward ist Direktor des Scottish Council of Independent Schools",
    ]
    assert flagged(target, source) == []
    # without the name in the source, the English words are made up by the translation
    assert flagged(target[:1], ["A survey by a British agency found a shortage."]) == [
        ("untranslated.fragment", "UK Commission for Employment and Skills")
    ]


def test_quotation_kept_verbatim_from_the_source_is_not_untranslated() -> None:
    source = ['Protesters held signs saying "Justice denied" and were led away.']
    target = ['Demonstranten hielten Schilder mit der Aufschrift "Justice denied" und wurden abgeführt.']
    assert flagged(target, source) == []
    assert flagged(target, ["Protesters held signs and were led away."]) == [
        ("untranslated.fragment", "Justice denied")
    ]


def test_headline_copied_whole_is_still_untranslated() -> None:
    headline = "The Bells of St. Martin's Fall Still as Churches in Harlem Struggle to Survive"
    found = flagged(["Die Glocken läuten nicht mehr.", headline], ["The bells no longer ring.", headline])
    assert found == [("untranslated.sentence", headline)]
