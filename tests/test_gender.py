"""Gender agreement for people: true hits and the look-alikes that must stay quiet."""

from __future__ import annotations

from pathlib import Path

import pytest
from report_helpers import run_check

from mtcheck.analysis import german_morph as gm
from mtcheck.analysis.english_gender import english_cues
from mtcheck.checks import CHECKS
from mtcheck.checks.engine import apply_supersession
from mtcheck.load import article_from_text, report_from_sentences
from mtcheck.model import Category, Finding, Report, Severity
from mtcheck.segment import segment_article

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "corpora" / "example-putin" / "target.de.txt"


def run(check_id: str, report: Report) -> list[Finding]:
    return run_check(check_id, report)


def target_report(text: str) -> Report:
    return Report(target=segment_article(article_from_text(text, "target", "de")))


def agreement(text: str) -> list[Finding]:
    return run("gender.agreement", target_report(text))


# --------------------------------------------------------------------------- morphology


@pytest.mark.parametrize(
    ("word", "gender", "counterpart"),
    [
        ("Autorin", "f", "Autor"),
        ("Präsident", "m", "Präsidentin"),
        ("Botschafterin", "f", "Botschafter"),
        ("Ärztin", "f", "Arzt"),
        ("Kollegin", "f", "Kollege"),
        ("Ministerin", "f", "Minister"),
        ("Lehrerin", "f", "Lehrer"),
        ("Krankenschwester", "f", "Krankenpfleger"),
        ("Vorsitzender", "m", "Vorsitzende"),
    ],
)
def test_person_nouns_from_morphology(word: str, gender: str, counterpart: str) -> None:
    noun = gm.person_noun(word)
    assert noun is not None
    assert (noun.gender, noun.counterpart) == (gender, counterpart)


@pytest.mark.parametrize(
    "word", ["Termin", "Benzin", "Medizin", "Kabine", "Berlin", "Disziplin", "Magazin", "Ukraine", "Mensch"]
)
def test_in_false_friends_are_not_persons(word: str) -> None:
    assert gm.person_noun(word) is None


def test_plural_person_nouns_are_marked_plural() -> None:
    noun = gm.person_noun("Bürgerinnen")
    assert noun is not None and noun.number == "pl"


# --------------------------------------------------------------------------- target only


def test_founding_example_autorin_is_flagged_with_evidence() -> None:
    report = Report(target=segment_article(article_from_text(EXAMPLE.read_text("utf-8"), "target", "de")))
    text = report.target.text
    findings = run("gender.agreement", report)
    autorin = [f for f in findings if "Autorin" in f.target_span.text]
    assert len(autorin) == 1
    finding = autorin[0]
    assert finding.severity in {Severity.MAJOR, Severity.CRITICAL}
    assert finding.category == Category.MISTRANSLATION
    assert text[finding.target_span.start : finding.target_span.end] == finding.target_span.text
    assert finding.suggestion == "Zum Autor"
    evidence = {e.text: e for e in finding.evidence}
    assert {"Präsident", "er"} <= set(evidence)
    for e in finding.evidence:
        assert e.side == "target"
        assert text[e.start : e.end] == e.text
        assert "Laurie Bristow" in e.note
    assert "'Autorin' (feminine)" in finding.message and "masculine" in finding.message
    # nothing else in the article is a gender conflict
    assert findings == autorin


def test_pronoun_against_two_feminine_references() -> None:
    text = (
        "Angela Merkel ist Physikerin. Sie war von 2005 bis 2021 Bundeskanzlerin. "
        "Danach wurde er Botschafter."
    )
    findings = agreement(text)
    assert len(findings) == 1
    finding = findings[0]
    assert finding.target_span.text == "er"
    assert finding.suggestion == "sie"
    assert {e.text for e in finding.evidence} >= {"Physikerin", "Sie"}
    assert any(e.text == "Botschafter" and "also masculine" in e.note for e in finding.evidence)


def test_single_surname_is_a_person_when_it_speaks() -> None:
    findings = agreement(
        "Mayorkas sagte, er werde mit dem Kongress arbeiten. Danach erklärte sie, es dauere."
    )
    assert [f.target_span.text for f in findings] == ["sie"]
    assert findings[0].severity == Severity.MINOR  # one against one
    # without a verb only people do, "Mayorkas" could be anything: no link, no finding
    assert agreement("Mayorkas wurde oft erwähnt. Danach erklärte sie, es dauere.") == []


def test_apposition_and_heading() -> None:
    text = "Über die Autorin\nMax Mustermann ist Journalist. Er lebt in Hamburg."
    findings = agreement(text)
    assert [f.target_span.text for f in findings] == ["Autorin"]
    assert findings[0].suggestion == "Autor"


def test_one_against_one_is_only_minor() -> None:
    findings = agreement("Laurie Bristow ist Präsidentin des Colleges. Von 2016 bis 2020 war er Botschafter.")
    assert findings and all(f.severity == Severity.MINOR for f in findings)


@pytest.mark.parametrize(
    "text",
    [
        # a country is "sie"/"ihm", not the person
        "Präsident Wolodymyr Selenskyj sprach lange. Die Ukraine braucht Waffen, sie kann sich sonst nicht "
        "verteidigen.",
        "Kaja Kallas ist Außenbeauftragte der EU. Sie warnt vor Russland und will nicht mit ihm verhandeln.",
        # formal "Sie" and plural "sie"
        "Olaf Scholz ist Bundeskanzler. Stimmen Sie keinen Maßnahmen zu, die er ablehnt.",
        "Olaf Scholz ist Bundeskanzler. Sie meinen damit nicht, dass er recht hat.",
        "Markus Söder ist Ministerpräsident. Die Beamten sagen, sie seien überlastet.",
        # generic plurals and gender-inclusive forms
        "Laurie Bristow ist Präsident. Liebe Bürgerinnen und Bürger, er spricht heute zu Ihnen.",
        "Laurie Bristow ist Präsident. Er dankt allen Lehrer*innen und jeder Schülerin.",
        # a quote about another person
        "Laurie Bristow ist Präsident des Colleges. „Meine Kollegin ist eine gute Ärztin“, sagte er.",
        # two people: the pronoun could be either
        "Anna Berg traf Peter Klein. Sie sagte, er sei ein guter Botschafter.",
        # "sie" is the missing woman, not Paul Ansell: an earlier "Ihr"/"ihr" shows there is another woman
        "Ihr Partner, Paul Ansell, sagte, er wolle über ihr Verschwinden nicht spekulieren, aber sein "
        "Instinkt sage ihm, sie sei nicht im Fluss.",
        # the man is only "er" (unnamed), the woman is named: "ihn"/"er" are not Collins
        "War er wahnsinnig? Collins sagte, sie sei wütend. Sie hatte das Recht, gegen ihn zu kämpfen, "
        "als er sie zurückhaben wollte.",
        # acronyms and inflected nouns are not names ("DHS", "Mayorkas von Leuten")
        "DHS will, dass Verfahren gegen Mayorkas von Leuten mit Erfahrung geführt werden. Mayorkas hat sich "
        "nicht geäußert, aber sie fragte nach der Untersuchung.",
        # -in false friends
        "Laurie Bristow ist Präsident. Er hatte einen Termin in Berlin wegen der Medizin und dem Benzin.",
        # consistent references
        "Ursula von der Leyen ist Präsidentin der Kommission. Sie war zuvor Ministerin.",
    ],
)
def test_look_alikes_are_not_flagged(text: str) -> None:
    assert agreement(text) == []


# --------------------------------------------------------------------------- source aware


def source(target: list[str], english: list[str]) -> list[Finding]:
    return run("gender.source", report_from_sentences(target, english))


def test_source_her_against_masculine_german() -> None:
    findings = source(
        ["Paver, der gerade 20 Jahre alt geworden war, gab sein Debüt als australischer Vertreter."],
        ["Paver, who had just turned 20, made her Australian representative debut."],
    )
    assert len(findings) == 1
    finding = findings[0]
    assert finding.severity == Severity.MAJOR
    assert finding.source_span is not None and finding.source_span.text == "her"
    assert any(e.side == "source" and e.text == "her" for e in finding.evidence)
    assert any(e.side == "target" and e.text == "sein" for e in finding.evidence)
    assert finding.pair == 0


def test_source_agreeing_translation_is_quiet() -> None:
    assert (
        source(
            ["Paver, die gerade 20 Jahre alt geworden war, gab ihr Debüt als australische Vertreterin."],
            ["Paver, who had just turned 20, made her Australian representative debut."],
        )
        == []
    )


def test_source_feminine_noun_against_masculine_pronoun() -> None:
    findings = source(
        ["Der Umzugshelfer sprach mit der Krankenschwester über die Operation und dankte ihm."],
        ["The mover talked with the nurse about the surgery and thanked him."],
    )
    assert [f.target_span.text for f in findings] == ["Krankenschwester"]


def test_source_cue_in_neighbouring_sentence_about_the_same_name() -> None:
    findings = source(
        ["Maria Lopez wurde 1970 geboren.", "Der Künstler Lopez lebt heute in Paris."],
        ["Maria Lopez was born in 1970, and she grew up in Madrid.", "The artist Lopez now lives in Paris."],
    )
    assert [f.target_span.text for f in findings] == ["Der Künstler"]
    assert findings[0].suggestion == "Die Künstlerin"
    assert findings[0].severity == Severity.MINOR  # a neighbouring sentence is weaker evidence
    # a neighbouring sentence about somebody else says nothing about this person
    assert (
        source(
            ["Maria Lopez wurde 1970 geboren.", "Der Künstler lebt heute in Paris."],
            ["Maria Lopez was born in 1970, and she grew up in Madrid.", "The artist now lives in Paris."],
        )
        == []
    )


def test_source_cue_belongs_to_another_name() -> None:
    # "her" is Vasquez's; the masculine "Kollegen" is Steve Cook's
    assert (
        source(
            ["Kilcher dankte Vasquez und ihrem Kollegen Steve Cook für ihre Unterstützung."],
            ["Kilcher thanked Vasquez and her colleague Steve Cook for the support."],
        )
        == []
    )
    # the same sentence with the cue on Cook's side is flagged
    findings = source(
        ["Die Kanzlei dankte ihrem Kollegen Steve Cook."],
        ["The firm thanked its partner Steve Cook, who said she would stay."],
    )
    assert [f.target_span.text for f in findings] == ["Kollegen"]


@pytest.mark.parametrize(
    ("german", "english"),
    [
        # "its" makes "sein" a thing's
        (
            "Die Firma und sein Gründer Peter sind bekannt.",
            "The company and its founder Peter are well known.",
        ),
        # no gender in the English
        ("Der Botschafter sprach.", "The ambassador spoke."),
        # a man and a woman in the English: not decidable sentence by sentence
        ("Sie traf den Botschafter.", "She met the ambassador and his wife."),
    ],
)
def test_source_look_alikes(german: str, english: str) -> None:
    assert source([german], [english]) == []


def test_english_cues() -> None:
    cues = english_cues("Mr Smith met Ms Jones; she missed the chairman, and its board. Miss Marple")
    assert [(c.text, c.gender) for c in cues] == [
        ("Mr", "m"),
        ("Ms", "f"),
        ("she", "f"),
        ("chairman", "m"),
        ("its", "n"),
        ("Miss", "f"),
    ]


def test_checks_are_registered_with_inputs() -> None:
    assert CHECKS.get("gender.agreement").requires == frozenset({"target"})
    assert CHECKS.get("gender.source").requires == frozenset({"target", "source"})
    assert CHECKS.get("gender.source").category == Category.MISTRANSLATION


def test_role_title_relative_clause_and_speech_verb() -> None:
    # heart-study style: the injected error is "der … er" for a woman named with a feminine noun
    text = (
        "Geleitet wurde die Studie von der Epidemiologin Dr. Sarah Lindqvist von der Universität Uppsala. "
        "Lindqvist, der sich seit zehn Jahren mit Rehabilitation beschäftigt, sagte, er sei überrascht "
        "gewesen. „Wir hatten mit einem Nutzen gerechnet“, sagte sie."
    )
    findings = agreement(text)
    assert len(findings) == 1  # two against two: one finding, the other side as evidence
    finding = findings[0]
    assert finding.severity == Severity.MINOR
    words = {finding.target_span.text} | {e.text for e in finding.evidence}
    assert words == {"der", "er", "Epidemiologin", "sie"}
    assert "Sarah Lindqvist" in finding.message


def test_unlisted_feminine_noun_and_relative_pronoun_against_source() -> None:
    noun = gm.person_noun("Epidemiologin")  # not in the lexicon; its base "Epidemiologe" is
    assert noun is not None and noun.gender == "f"
    assert gm.person_noun("Haustermin") is None
    findings = source(
        ["Lindqvist, der sich seit Jahren mit Rehabilitation beschäftigt, sagte, er sei überrascht."],
        ["Lindqvist, who has studied rehabilitation for years, said she was surprised."],
    )
    assert [f.target_span.text for f in findings] == ["der"]
    assert findings[0].severity == Severity.MAJOR


def test_source_finding_absorbs_the_target_only_finding_for_the_same_error() -> None:
    report = report_from_sentences(
        [
            "Geleitet wurde die Studie von der Epidemiologin Dr. Sarah Lindqvist.",
            "Lindqvist, der seit Jahren forscht, sagte, er sei überrascht gewesen.",
            "„Wir hatten mit einem Nutzen gerechnet“, sagte sie.",
        ],
        [
            "The study was led by Dr. Sarah Lindqvist, an epidemiologist.",
            "Lindqvist, who has done research for years, said she had been surprised.",
            "“We expected a benefit,” she said.",
        ],
    )
    assert [f.check for f in run("gender.agreement", report)] == ["gender.agreement"]
    # the engine applies gender.source's declared supersession, whatever order the two checks run in
    both = [*run("gender.source", report), *run("gender.agreement", report)]
    assert [f.check for f in apply_supersession(both)] == ["gender.source"]  # one error, one finding
    both = [*run("gender.agreement", report), *run("gender.source", report)]
    (finding,) = apply_supersession(both)
    assert finding.severity == Severity.MAJOR and finding.target_span.text == "der"
    assert {"Epidemiologin", "she"} <= {e.text for e in finding.evidence}
    assert "the German text itself also calls the person feminine" in finding.message
