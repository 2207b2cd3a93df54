"""typography.*: quotes, brackets, doubled words, spaces: true hits and look-alikes."""

from __future__ import annotations

import pytest
from report_helpers import EXAMPLE_TARGET, run_check

from mtcheck.checks import CHECKS, load_all_checks
from mtcheck.load import article_from_text, load_article, report_from_sentences
from mtcheck.model import Article, Category, Finding, Report, Severity
from mtcheck.segment import segment_article


def _article(text: str) -> Article:
    return segment_article(article_from_text(text, "target", language="de"))


def run(check_id: str, text: str | Article) -> list[Finding]:
    article = _article(text) if isinstance(text, str) else text
    findings = run_check(check_id, Report(target=article))
    for finding in findings:  # spans are exact
        span = finding.target_span
        assert article.text[span.start : span.end] == span.text
        assert finding.severity is Severity.MINOR
    return findings


def spans(check_id: str, text: str) -> list[str]:
    return [f.target_span.text for f in run(check_id, text)]


def test_registered_as_target_only() -> None:
    load_all_checks()
    for check_id in (
        "typography.quotes",
        "typography.brackets",
        "typography.doubled-word",
        "typography.spaces",
    ):
        assert CHECKS[check_id].requires == frozenset({"target"})
    assert CHECKS.get("typography.doubled-word").category is Category.GRAMMAR
    assert CHECKS.get("typography.quotes").category is Category.PUNCTUATION


def test_example_article_is_clean() -> None:
    article = segment_article(load_article(EXAMPLE_TARGET, "target"))
    for check_id in (
        "typography.quotes",
        "typography.brackets",
        "typography.doubled-word",
        "typography.spaces",
    ):
        assert run(check_id, article) == []


# --- quotes ------------------------------------------------------------------------------------


def test_unclosed_german_quote() -> None:
    text = "Er sprach von einer „speziellen Militäroperation und ging.\nDanach kam nichts mehr."
    findings = run("typography.quotes", text)
    assert [f.target_span.text for f in findings] == ["„"]
    assert findings[0].target_span.start == text.index("„")
    assert "not closed" in findings[0].message


def test_closing_quote_without_opening() -> None:
    findings = run("typography.quotes", "Das sei eine speziellen Militäroperation“, sagte er.")
    assert [f.target_span.text for f in findings] == ["“"]
    assert "no opening" in findings[0].message


def test_quote_does_not_close_in_the_next_paragraph() -> None:
    text = "Er sprach von einer „Operation.\nDie Sache war damit erledigt“, hieß es."
    assert sorted(spans("typography.quotes", text)) == ["“", "„"]


def test_mixed_quote_styles_flag_the_minority() -> None:
    text = (
        "Putin sprach von „zugrunde liegenden Ursachen“ des Konflikts.\n"
        "Die Ukraine sei ein „antirussisches Projekt“ des Westens.\n"
        'Er nannte es eine "spezielle Militäroperation" und nichts anderes.\n'
    )
    findings = run("typography.quotes", text)
    assert [f.target_span.text for f in findings] == ['"spezielle Militäroperation"']
    assert findings[0].suggestion == "„spezielle Militäroperation“"
    assert "„…“ 2×" in findings[0].evidence[0].note
    assert findings[0].evidence[0].text == "„zugrunde liegenden Ursachen“"


def test_guillemets_mixed_with_german_quotes() -> None:
    text = "Er sagte »ja« und sie sagte »nein«.\nDann sagte er „vielleicht“."
    assert spans("typography.quotes", text) == ["„vielleicht“"]


@pytest.mark.parametrize(
    "text",
    [
        "Er sagte: „Wir schaffen das.“ Dann ging er.",
        "Sie sagte: »Wir schaffen das.« Dann ging sie.",
        'Der Bildschirm misst 27" und ist groß.',
        "„Er nannte es ‚Unsinn‘“, sagte sie.",
        "„Das war die erste Rede.\n„Und das war die zweite“, sagte er.",  # quotation over two paragraphs
        "Die Zeitung schrieb „Frieden jetzt”.",  # „…” variant is not a mix on its own
        "Ich bin 5'5“ groß und wiege 60 Kilo.",  # a height, not a quotation mark
    ],
)
def test_quote_look_alikes(text: str) -> None:
    assert spans("typography.quotes", text) == []


# --- brackets ----------------------------------------------------------------------------------


def test_unclosed_bracket() -> None:
    text = "Der ABM-Vertrag (Rüstungskontrollvertrag zwischen den USA und der Sowjetunion wurde gekündigt."
    findings = run("typography.brackets", text)
    assert [(f.target_span.text, f.target_span.start) for f in findings] == [("(", text.index("("))]


def test_closing_bracket_without_opening_and_wrong_kind() -> None:
    assert spans("typography.brackets", "Das war 2021) ein Fehler.") == [")"]
    findings = run("typography.brackets", "Das war [im Jahr 2021) ein Fehler.")
    assert [f.target_span.text for f in findings] == [")"]
    assert findings[0].evidence[0].text == "["


@pytest.mark.parametrize(
    "text",
    [
        "Der ABM-Vertrag (Rüstungskontrollvertrag) wurde gekündigt.",
        "Es gibt drei Punkte: a) Verhandeln, b) Abschrecken, c) Abwarten.",
        "1) Verhandeln\n2) Abschrecken\n3) Abwarten\n",
        "Die Kosten (1) und (2) sind hoch [siehe oben].",
        "(PERSON 3) Nun, das ist die Lage.",
        "Das freut uns :) sehr.",
    ],
)
def test_bracket_look_alikes(text: str) -> None:
    assert spans("typography.brackets", text) == []


# --- doubled words -----------------------------------------------------------------------------


def test_doubled_word() -> None:
    text = "Die Verhandlungen finden in in Genf statt."
    findings = run("typography.doubled-word", text)
    assert [f.target_span.text for f in findings] == ["in in"]
    assert findings[0].target_span.start == text.index("in in")
    assert findings[0].suggestion == "in"


def test_doubled_word_mirrored_from_the_source_is_left_alone() -> None:
    source, target = "The zoom zoom kid was back. It rained.", "Das Zoom Zoom Kind war zurück. Es regnete."
    assert spans("typography.doubled-word", target) == ["Zoom Zoom"]
    assert _flagged_with_source("typography.doubled-word", source, target) == []
    assert _flagged_with_source("typography.doubled-word", "The kid was back.", target) == ["Zoom Zoom"]


def _flagged_with_source(check_id: str, source: str, target: str) -> list[str]:
    report = report_from_sentences([target], source=[source])
    return [f.target_span.text for f in run_check(check_id, report)]


def test_unbalanced_quote_mirrored_from_the_source_is_left_alone() -> None:
    source = 'to raise the number of nodes in the country," he added.'
    target = 'die Zahl der Knoten im Land zu erhöhen", fügte er hinzu.'
    assert _flagged_with_source("typography.quotes", "He added that the number would rise.", target) == ['"']
    assert _flagged_with_source("typography.quotes", source, target) == []


def test_unclosed_bracket_mirrored_from_the_source_is_left_alone() -> None:
    target = "Er sagte (und meinte es ernst, dass es so sei."
    assert _flagged_with_source("typography.brackets", "He said it was so.", target) == ["("]
    assert _flagged_with_source("typography.brackets", "He said (and meant it that it was so.", target) == []


def test_doubled_word_case_insensitive() -> None:
    assert spans("typography.doubled-word", "Russland Russland stimmt nicht zu. Und und so weiter.") == [
        "Russland Russland",
        "Und und",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Die Frau, die die Zeitung liest, ist Botschafterin.",
        "Das Land, das das Abkommen unterschrieb, zögert.",
        "Ob sie sie je wiedersieht, ist unklar.",
        "Die die Verhandlungen führenden Diplomaten schweigen.",
        "Er sagte, dass es es nicht gebe.",
        "Das war sehr, sehr knapp. Nein, nein, sagte er.",
        "Das war sehr sehr knapp.",
        "Das Team gewann 2 2 Mal.",  # digits are not words
        "Zur Autorin\nAutorin ist sie seit Jahren.",  # across a line break: two blocks
        "Das ist der Grund, warum ich Spiele spiele.",  # noun + verb
        "Das gilt von Anfang an an allen Schulen.",  # particle + preposition
        "Wie sehr wir manche Leute auch mögen mögen, sie irren.",
        "Das Kinder-Kinder-Fest fand statt.",
    ],
)
def test_doubled_word_look_alikes(text: str) -> None:
    assert spans("typography.doubled-word", text) == []


# --- spaces ------------------------------------------------------------------------------------


def test_double_space() -> None:
    text = "Die Gespräche  finden in Genf statt, sagte er   am Montag."
    findings = run("typography.spaces", text)
    triple = text.index("   ")
    assert [(f.target_span.start, f.target_span.end) for f in findings] == [(13, 15), (triple, triple + 3)]
    assert findings[0].suggestion == " "
    assert findings[1].message.startswith("3 spaces in a row")


def test_double_space_mirrored_from_the_source_is_left_alone() -> None:
    target = "Die Kanzlei  Debevoise wurde beauftragt."
    assert _flagged_with_source("typography.spaces", "The firm Debevoise was hired.", target) == ["  "]
    assert _flagged_with_source("typography.spaces", "The firm  Debevoise was hired.", target) == []


def test_space_before_punctuation() -> None:
    text = "Die Gespräche finden statt , sagte er . Wirklich ? Ja !"
    assert spans("typography.spaces", text) == [" ,", " .", " ?", " !"]


@pytest.mark.parametrize(
    "text",
    [
        "Er sagte ... und schwieg.",
        "Die Domain endet auf .de und nicht auf .com, sagte er.",
        "Er zögerte …",
        "Eine Zeile mit Zeilenumbruch am Ende  \nund weiter geht es.",
        "  Eingerückte Zeile mit Text.",
        "Name | Wert  | Einheit",
        "Der Wert stieg um .5 Punkte.",
        "Das ist ein Satz.  Danach kommt der nächste.",  # typewriter spacing between sentences
    ],
)
def test_space_look_alikes(text: str) -> None:
    assert spans("typography.spaces", text) == []
