"""Segmentation of German ordinals, dates, abbreviations, datelines, speaker tags and glued sentence ends.

Each case is a pattern that made the aligner report a false omission or addition on real MT
(issue 12): a sentence cut in two on one side only.
"""

from __future__ import annotations

import pytest

from mtcheck.load import article_from_text
from mtcheck.segment import segment_article


def _texts(text: str, language: str = "de") -> list[str]:
    side = "target" if language == "de" else "source"
    article = segment_article(article_from_text(text, side, language))
    for sentence in article.sentences:
        assert article.text[sentence.start : sentence.end] == sentence.text
    return [s.text for s in article.sentences]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ordinal dates: pysbd takes "9." after a word without a full stop for a list item
        (
            "Das Festival findet am 9. und 10. August statt. Es kommen viele.",
            ["Das Festival findet am 9. und 10. August statt.", "Es kommen viele."],
        ),
        (
            "Es findet am 9., 10. und 11. August statt. Gut.",
            ["Es findet am 9., 10. und 11. August statt.", "Gut."],
        ),
        ("Die Feier ist am 24. Dezember. Sie kommt.", ["Die Feier ist am 24. Dezember.", "Sie kommt."]),
        # an ordinal before an ordinal noun, in the middle and at the end of a sentence
        (
            "Der Lauf fand zum 100. Mal statt. Es war toll.",
            ["Der Lauf fand zum 100. Mal statt.", "Es war toll."],
        ),
        (
            "Der Lauf fand zum 100. Mal. Danach regnete es.",
            ["Der Lauf fand zum 100. Mal.", "Danach regnete es."],
        ),
        (
            "Sie feierte ihren 50. Geburtstag. Alle kamen.",
            ["Sie feierte ihren 50. Geburtstag.", "Alle kamen."],
        ),
        ("Er belegte den 3. Platz. Sie den 4.", ["Er belegte den 3. Platz.", "Sie den 4."]),
        # a year at the end of a sentence is still a sentence end
        (
            "Das passierte im Jahr 2020. Im Jahr 2021 nicht.",
            ["Das passierte im Jahr 2020.", "Im Jahr 2021 nicht."],
        ),
        # abbreviations
        ("Herr. Müller kam spät. Er ging.", ["Herr. Müller kam spät.", "Er ging."]),
        (
            "Er wohnt in der Hausnr. 5 im Hof. Dann ging er.",
            ["Er wohnt in der Hausnr. 5 im Hof.", "Dann ging er."],
        ),
        ("Laut Nr. 5 Abs. 3 gilt das. Gut.", ["Laut Nr. 5 Abs. 3 gilt das.", "Gut."]),
        ("Im 19. Jh. war das anders. Heute nicht.", ["Im 19. Jh. war das anders.", "Heute nicht."]),
        ("Der Bau kostet 5 Mio. Euro. Das ist viel.", ["Der Bau kostet 5 Mio. Euro.", "Das ist viel."]),
        ("Es gibt z. B. Birnen, z.B. Äpfel. Gut.", ["Es gibt z. B. Birnen, z.B. Äpfel.", "Gut."]),
        ("Es war ca. zehn Uhr, u. a. mit Hund. Gut.", ["Es war ca. zehn Uhr, u. a. mit Hund.", "Gut."]),
        ("Es gibt inkl. dem Bonus mehr. Gut.", ["Es gibt inkl. dem Bonus mehr.", "Gut."]),
        # a missing space after a full stop ends the sentence; domains and initials do not
        ("Er kam an.Dann ging er wieder. Gut.", ["Er kam an.", "Dann ging er wieder.", "Gut."]),
        ("Mehr auf bild.de lesen. Gut.", ["Mehr auf bild.de lesen.", "Gut."]),
        ("Die Seite www.Example.Com ist neu. Gut.", ["Die Seite www.Example.Com ist neu.", "Gut."]),
        ("Die U.S.A. sind groß. Gut.", ["Die U.S.A. sind groß.", "Gut."]),
        # a dateline and a transcript speaker tag open their sentence
        (
            "ASTANA.KAZINFORM - Die Feier fand statt. Gut.",
            ["ASTANA.KAZINFORM - Die Feier fand statt.", "Gut."],
        ),
        ("ASTANA. KAZINFORM - Die Feier fand statt.", ["ASTANA. KAZINFORM - Die Feier fand statt."]),
        ("(PERSON2) Ja, das ist gut. Gut.", ["(PERSON2) Ja, das ist gut.", "Gut."]),
        # a lower-case start continues: MT's stray full stop ("Voila. aus den …" for one English
        # sentence); ending the sentence there doubled false additions on the TUNE split
        ("Voila. aus den Deckeln ragten Laschen. Gut.", ["Voila. aus den Deckeln ragten Laschen.", "Gut."]),
        # glued sentence ends with capitals or a year
        ("Ich bin neu.DANKE für den Hinweis. Gut.", ["Ich bin neu.", "DANKE für den Hinweis.", "Gut."]),
        ("Die Premiere ist 2007.Rocky kommt. Gut.", ["Die Premiere ist 2007.", "Rocky kommt.", "Gut."]),
    ],
)
def test_german_sentences(text: str, expected: list[str]) -> None:
    assert _texts(text) == expected


def test_english_lower_case_start_and_abbreviations() -> None:
    assert _texts("I am new here.THanks for the heads up though!", "en") == [
        "I am new here.",
        "THanks for the heads up though!",
    ]
    assert _texts("It lists the drivers' champ. table points.", "en") == [
        "It lists the drivers' champ. table points."
    ]
    assert _texts("It lists the drivers' champ. table points.", "en") == [
        "It lists the drivers' champ. table points."
    ]
    assert _texts("You guys did.I just made the points.", "en") == [
        "You guys did.",
        "I just made the points.",
    ]
    assert _texts("We met Mr. Smith at 5 p.m. yesterday. He was late.", "en") == [
        "We met Mr. Smith at 5 p.m. yesterday.",
        "He was late.",
    ]
