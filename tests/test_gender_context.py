"""gender.source with the English cue in the previous sentence ("In 1999 she became … Later, the
author gave an interview."): the German word is read as that sentence's one person."""

from __future__ import annotations

import pytest
from report_helpers import run_check

from mtcheck.load import article_from_sentences, report_from_sentences
from mtcheck.model import AlignedPair, Finding, Severity


def source(german: list[str], english: list[str]) -> list[Finding]:
    return run_check("gender.source", report_from_sentences(german, english))


SHE_1999 = ("In 1999, she became head of the channel.", "1999 wurde sie Leiterin des Senders.")
PAVER = (
    "Paver, who had just turned 20, made her debut.",
    "Paver, die gerade 20 Jahre alt geworden war, gab ihr Debüt.",
)


def test_role_noun_takes_the_cue_of_the_previous_sentence() -> None:
    findings = source(
        [SHE_1999[1], "Später gab der Autor ein Interview."],
        [SHE_1999[0], "Later, the author gave an interview."],
    )
    assert [f.target_span.text for f in findings] == ["der Autor"]
    finding = findings[0]
    assert finding.suggestion == "die Autorin"
    assert finding.pair == 1
    assert finding.source_span is not None and finding.source_span.text == "she"
    assert "the previous English sentence" in finding.message
    # a role noun never fired on real text: its precision there is unmeasured, so it stays minor
    assert finding.severity == Severity.MINOR


def test_noun_tied_to_the_name_the_previous_sentence_genders_is_major() -> None:
    findings = source(
        [PAVER[1], "Paver, ein Gründer des Vereins, sprach am nächsten Tag mit Reportern."],
        [PAVER[0], "Paver, a founder of the club, spoke to reporters the next day."],
    )
    assert [f.target_span.text for f in findings] == ["ein Gründer"]
    assert findings[0].severity == Severity.MAJOR
    assert findings[0].suggestion == "eine Gründerin"


def test_masculine_cue_and_feminine_role_noun_in_the_dative() -> None:
    findings = source(
        ["1999 wurde er Leiter des Senders.", "Laut der Journalistin wurde der Plan nie vollendet."],
        [
            "In 1999, he became head of the channel.",
            "According to the journalist, the plan was never finished.",
        ],
    )
    assert [f.target_span.text for f in findings] == ["Journalistin"]


def test_german_pronoun_where_the_english_repeats_the_name() -> None:
    findings = source(
        [PAVER[1], "Am nächsten Tag sprach er mit Reportern."],
        [PAVER[0], "The next day, Paver spoke to reporters."],
    )
    assert [f.target_span.text for f in findings] == ["er"]
    assert findings[0].suggestion == "sie"


def test_predicative_role_of_the_named_person() -> None:
    findings = source(
        [PAVER[1], "Paver arbeitete später als Arzt."], [PAVER[0], "Paver later worked as a doctor."]
    )
    assert [f.target_span.text for f in findings] == ["Arzt"]


@pytest.mark.parametrize(
    ("german", "english"),
    [
        # the right gender
        (
            [SHE_1999[1], "Später gab die Autorin ein Interview."],
            [SHE_1999[0], "Later, the author gave an interview."],
        ),
        (
            [PAVER[1], "Am nächsten Tag sprach sie mit Reportern."],
            [PAVER[0], "The next day, Paver spoke to reporters."],
        ),
        # a man and a woman in the previous sentence: the author may be either
        (
            ["Sie dankte ihrem Mann für seine Unterstützung.", "Später gab der Autor ein Interview."],
            ["She thanked her husband for his support.", "Later, the author gave an interview."],
        ),
        # the English cue is one person's, but the German shows a second one: the president
        (
            ["Sie traf den Präsidenten in Berlin.", "Der Präsident sagte nichts."],
            ["She met the president in Berlin.", "The president said nothing."],
        ),
        # a new person, named in full: "the author" is Tom Smith, whom the previous sentence does not mention
        (
            [SHE_1999[1], "Tom Smith, der Autor, gab ein Interview."],
            [SHE_1999[0], "Tom Smith, the author, gave an interview."],
        ),
        # an indefinite noun brings in somebody new
        ([SHE_1999[1], "Ein Lehrer lobte das Buch."], [SHE_1999[0], "A teacher praised the book."]),
        # the German pair refers to a woman too: the masculine noun may be somebody else
        (
            [SHE_1999[1], "Der Trainer lobte ihre Arbeit."],
            [SHE_1999[0], "The coach praised the work."],
        ),
        # a German pronoun where the English names nobody the previous sentence is about
        (
            [PAVER[1], "Am nächsten Tag sprach er mit Reportern."],
            [PAVER[0], "The next day, the coach spoke to reporters."],
        ),
    ],
)
def test_no_carry_over(german: list[str], english: list[str]) -> None:
    assert source(german, english) == []


def context_only(english: list[str], german: str) -> list[Finding]:
    """English context sentence(s) with no German counterpart (a 1-0 pair), then one translated sentence:
    how MT-GenEval's contextual set and an omitted sentence reach the check."""
    report = report_from_sentences([german], english[-1:])
    report.source = article_from_sentences("source", english, "en")
    last = len(english) - 1
    report.pairs = [
        AlignedPair(index=0, source_ids=tuple(range(last)), target_ids=(), kind=f"{last}-0"),
        AlignedPair(index=1, source_ids=(last,), target_ids=(0,), kind="1-1"),
    ]
    return run_check("gender.source", report)


def test_topic_named_by_surname_after_a_pronoun_only_sentence() -> None:
    english = [
        "He is the recipient of many academic honours.",
        "Giddens, the author of over 34 books, has written about the social sciences.",
    ]
    wrong = context_only(
        english, "Giddens, die Autorin von über 34 Büchern, hat über die Sozialwissenschaften geschrieben."
    )
    assert [f.target_span.text for f in wrong] == ["Autorin"]
    right = context_only(
        english, "Giddens, der Autor von über 34 Büchern, hat über die Sozialwissenschaften geschrieben."
    )
    assert right == []


def test_context_sentence_without_german_and_a_role_noun() -> None:
    english = ["She was appointed archdeacon in 1788.", "Later, the author gave an interview."]
    assert [f.target_span.text for f in context_only(english, "Später gab der Autor ein Interview.")] == [
        "der Autor"
    ]
    # a full new name is somebody else, whatever the pronoun before
    other = ["She was appointed archdeacon in 1788.", "Tom Giddens, the author, gave an interview."]
    assert context_only(other, "Tom Giddens, der Autor, gab ein Interview.") == []


def test_a_quote_or_tag_before_the_first_word_does_not_make_it_a_name() -> None:
    # '"The …' and '<sep> The …' open the sentence like 'The …': no new person is named
    for opening in ('"Later, the author gave an interview."', "<sep> Later, the author gave an interview."):
        findings = source([SHE_1999[1], "Später gab der Autor ein Interview."], [SHE_1999[0], opening])
        assert [f.target_span.text for f in findings] == ["der Autor"], opening
