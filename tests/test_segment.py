"""Segmentation: structure (heading / paragraph / bullet) and sentences with exact offsets."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtcheck.load import article_from_text, load_article
from mtcheck.model import Article
from mtcheck.segment import segment_article
from tests.report_helpers import EXAMPLE_TARGET  # as a module: benchmarks.load_segment imports this file

FIXTURES = Path(__file__).parent / "fixtures"


def _segment(text: str, language: str = "de") -> Article:
    article = segment_article(article_from_text(text, "target" if language == "de" else "source", language))
    _assert_consistent(article)
    return article


def _assert_consistent(article: Article) -> None:
    """The invariants every consumer relies on."""
    text = article.text
    for index, sentence in enumerate(article.sentences):
        assert sentence.id == index
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip() and sentence.text
        block = article.blocks[sentence.block]
        assert block.start <= sentence.start <= sentence.end <= block.end  # never crosses blocks
        assert sentence.kind == block.kind
        if index:
            assert sentence.start >= article.sentences[index - 1].end


def _texts(text: str, language: str = "de") -> list[str]:
    return [s.text for s in _segment(text, language).sentences]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Zuerst veröffentlicht hatte ihn am 19. März 2025 das Magazin Foreign Policy. Das ist gut.",
            ["Zuerst veröffentlicht hatte ihn am 19. März 2025 das Magazin Foreign Policy.", "Das ist gut."],
        ),
        (
            "Washington, D.C. – Während Einzelheiten bekannt werden, entfaltet sich eine Taktik: "
            "Man schafft ein Problem. Das ist alt.",
            [
                "Washington, D.C. – Während Einzelheiten bekannt werden, entfaltet sich eine Taktik: "
                "Man schafft ein Problem.",
                "Das ist alt.",
            ],
        ),
        ("Es gibt z. B. Äpfel und Birnen. Das ist gut.", ["Es gibt z. B. Äpfel und Birnen.", "Das ist gut."]),
        ("Es gibt z.B. Äpfel. Das ist gut.", ["Es gibt z.B. Äpfel.", "Das ist gut."]),
        ("Er wohnt in Nr. 5 am Markt. Dann ging er.", ["Er wohnt in Nr. 5 am Markt.", "Dann ging er."]),
        ("Laut Nr. 5 Abs. 3 gilt das. Gut.", ["Laut Nr. 5 Abs. 3 gilt das.", "Gut."]),
        ("Dr. Müller kam um 10 Uhr. Er ging.", ["Dr. Müller kam um 10 Uhr.", "Er ging."]),
        ("Die U.S. Army kam an. Sie blieb.", ["Die U.S. Army kam an.", "Sie blieb."]),
        (
            "Das Wachstum lag bei 3.5 Prozent. Das ist viel.",
            ["Das Wachstum lag bei 3.5 Prozent.", "Das ist viel."],
        ),
        ("Es wuchs um 2,5 Prozent im 3. Quartal. Gut.", ["Es wuchs um 2,5 Prozent im 3. Quartal.", "Gut."]),
        (
            "Dr. Müller sagte: „Wir schaffen das. Ganz sicher.“ Dann ging er.",
            ["Dr. Müller sagte: „Wir schaffen das. Ganz sicher.“", "Dann ging er."],
        ),
        (
            'Er sagte: "Wir schaffen das. Ganz sicher." Dann ging er.',
            ['Er sagte: "Wir schaffen das. Ganz sicher."', "Dann ging er."],
        ),
        (
            "Er sagte: »Wir schaffen das. Ganz sicher.« Dann ging er.",
            ["Er sagte: »Wir schaffen das. Ganz sicher.«", "Dann ging er."],
        ),
        ("„Das ist gut“, sagte er. Dann ging er.", ["„Das ist gut“, sagte er.", "Dann ging er."]),
        ("Sie fragte: „Warum?“ Niemand antwortete.", ["Sie fragte: „Warum?“", "Niemand antwortete."]),
        ("Will er? Will er nicht? Ja.", ["Will er?", "Will er nicht?", "Ja."]),
    ],
)
def test_german_hard_cases(text: str, expected: list[str]) -> None:
    assert _texts(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Washington, D.C. – As details emerged, a classic tactic unfolds. It is old.",
            ["Washington, D.C. – As details emerged, a classic tactic unfolds.", "It is old."],
        ),
        (
            "The U.S. economy grew 3.5 percent. That is a lot.",
            ["The U.S. economy grew 3.5 percent.", "That is a lot."],
        ),
        (
            "Dr. Smith arrived at 5 p.m. on Monday. He left.",
            ["Dr. Smith arrived at 5 p.m. on Monday.", "He left."],
        ),
        (
            'He said, "We will do it. Surely." Then he left.',
            ['He said, "We will do it. Surely."', "Then he left."],
        ),
        (
            "He said: “We will do it. Surely.” Then he left.",
            ["He said: “We will do it. Surely.”", "Then he left."],
        ),
        (
            "On March 19, 2025, Foreign Policy published it. It was good.",
            ["On March 19, 2025, Foreign Policy published it.", "It was good."],
        ),
        ("See No. 5 for e.g. details. Done.", ["See No. 5 for e.g. details.", "Done."]),
    ],
)
def test_english_hard_cases(text: str, expected: list[str]) -> None:
    assert _texts(text, "en") == expected


def test_bullets_markers_excluded_and_one_block_each() -> None:
    text = "Überblick:\n- Erster Punkt. Mit zwei Sätzen.\n* Zweiter Punkt\n• Dritter Punkt\n"
    article = _segment(text)
    bullets = [b for b in article.blocks if b.kind == "bullet"]
    assert [text[b.start : b.end] for b in bullets] == [
        "Erster Punkt. Mit zwei Sätzen.",
        "Zweiter Punkt",
        "Dritter Punkt",
    ]
    assert [s.text for s in article.sentences if s.kind == "bullet"] == [
        "Erster Punkt.",
        "Mit zwei Sätzen.",
        "Zweiter Punkt",
        "Dritter Punkt",
    ]


def test_numbered_list_needs_a_numbered_neighbour() -> None:
    listed = _segment("Die Schritte:\n1. Verhandeln\n2. Abschrecken\n")
    assert [s.text for s in listed.sentences if s.kind == "bullet"] == ["Verhandeln", "Abschrecken"]
    dated = _segment("19. März 2025 war ein wichtiger Tag für die Verhandlungen.\nDanach kam mehr.\n")
    assert dated.sentences[0].text == "19. März 2025 war ein wichtiger Tag für die Verhandlungen."
    assert dated.sentences[0].kind == "paragraph"


def test_markdown_headings_and_blank_lines() -> None:
    article = load_article(FIXTURES / "load_article.md", "target")
    segment_article(article)
    _assert_consistent(article)
    kinds = [(b.kind, article.text[b.start : b.end]) for b in article.blocks]
    assert kinds[0] == ("heading", "Verhandlungen mit Wladimir Putin")
    assert ("heading", "Putins Antworten werden niemals überraschen") in kinds
    assert [k for k, _ in kinds].count("bullet") == 2
    assert not any(s.text.startswith("#") or s.text.startswith("- ") for s in article.sentences)


def test_html_structure_survives_extraction() -> None:
    article = segment_article(load_article(FIXTURES / "load_article.html", "target"))
    _assert_consistent(article)
    headings = [s.text for s in article.sentences if s.kind == "heading"]
    assert headings == ["Verhandlungen mit Wladimir Putin", "Putins Antworten werden niemals überraschen"]
    assert [s.text for s in article.sentences if s.kind == "bullet"] == [
        "Der Ukraine werden Mittel verweigert.",
        "Putin verabscheut die Macht der USA.",
    ]


def test_hard_wrapped_paragraphs_are_joined() -> None:
    text = (
        "Die Verhandlungen zwischen den Vereinigten Staaten und Russland\n"
        "finden in Genf statt, wie ein Sprecher am Montag mitteilte. Die\n"
        "Ukraine ist nicht beteiligt.\n"
        "\n"
        "Beobachter erwarten keine schnellen Ergebnisse, weil beide Seiten\n"
        "auf ihren Positionen beharren.\n"
    )
    article = _segment(text)
    assert [b.kind for b in article.blocks] == ["paragraph", "paragraph"]
    assert [s.text.replace("\n", " ") for s in article.sentences] == [
        "Die Verhandlungen zwischen den Vereinigten Staaten und Russland finden in Genf statt, "
        "wie ein Sprecher am Montag mitteilte.",
        "Die Ukraine ist nicht beteiligt.",
        "Beobachter erwarten keine schnellen Ergebnisse, weil beide Seiten auf ihren Positionen beharren.",
    ]


def test_short_line_between_long_paragraphs_stays_a_heading() -> None:
    long_1 = "Putin sieht die Ukraine als Projekt des Westens, und dies hängt mit seiner Vorstellung " * 2
    long_2 = "Zweitens geht es bei dem Konflikt darum, die NATO-Erweiterung zu stoppen, und zwar nicht. " * 2
    article = _segment(f"{long_1.strip()}\nDas könnte Sie auch interessieren\n{long_2.strip()}\n")
    assert [b.kind for b in article.blocks] == ["paragraph", "heading", "paragraph"]


def test_crlf_line_endings() -> None:
    article = _segment("Titel der Meldung\r\nEin Satz steht hier. Noch einer.\r\n")
    assert [s.text for s in article.sentences] == ["Titel der Meldung", "Ein Satz steht hier.", "Noch einer."]
    assert article.sentences[0].kind == "heading"


def test_heading_rules() -> None:
    article = _segment(
        "Warum das wichtig ist?\nDie Antwort ist einfach. Sie kommt gleich.\nKein Titel, weil mit Komma,\n"
        "Mehr Text folgt hier.\nLetzte Zeile ohne Punkt"
    )
    kinds = {s.text: s.kind for s in article.sentences}
    assert kinds["Warum das wichtig ist?"] == "heading"
    assert kinds["Kein Titel, weil mit Komma,"] == "paragraph"
    assert kinds["Letzte Zeile ohne Punkt"] == "paragraph"  # nothing follows it


def test_deck_under_the_title_is_a_heading() -> None:
    article = _segment(
        "Eastport council approves budget after late-night debate\n"
        "Property taxes will rise 3.5 percent; two new fire stations and free bus rides for students "
        "are funded\n"
        "The council voted 9 to 4 shortly after midnight.\n",
        "en",
    )
    assert [s.kind for s in article.sentences] == ["heading", "heading", "paragraph"]


def test_very_long_block_is_split_with_exact_offsets() -> None:
    sentence = (
        "Die Lage in der Ukraine bleibt nach Angaben aus Kiew angespannt, sagte ein Sprecher am Montag. "
    )
    article = _segment(sentence * 400)  # ~38 kB on one line
    assert len(article.sentences) == 400
    assert all(s.text == sentence.strip() for s in article.sentences)


def test_number_dense_block_is_cut_for_pysbd_with_exact_offsets() -> None:
    # pysbd is quadratic on runs like this; pieces are capped, offsets must stay exact
    article = _segment("Die Punkte ab. cd. ef 12. 3. 4. " * 300)
    assert len(article.sentences) > 10
    assert sum(len(s.text) for s in article.sentences) >= len(article.text.replace(" ", "")) * 0.9


def test_example_article() -> None:
    article = segment_article(load_article(EXAMPLE_TARGET, "target"))
    _assert_consistent(article)
    by_text = {s.text: s for s in article.sentences}
    assert by_text["Zur Autorin"].kind == "heading"
    assert by_text["Putins Antworten werden niemals überraschen"].kind == "heading"
    assert by_text["Europas Sicherheit als untrennbar von den Vereinigten Staaten?"].kind == "heading"
    assert article.sentences[0].kind == "heading"
    washington = [s for s in article.sentences if s.text.startswith("Washington, D.C. – Während")]
    assert len(washington) == 1
    assert washington[0].text.endswith("Man schafft ein Problem und verlangt einen Preis, um es zu lösen.")
    bullets = [s.text for s in article.sentences if s.kind == "bullet"]
    assert len(bullets) == 4
    assert bullets[3].startswith("Dieser Artikel liegt erstmals in deutscher Sprache vor")
    assert "am 19. März 2025 das Magazin Foreign Policy." in bullets[3]
    assert any(s.text.startswith("Laurie Bristow ist Präsident") for s in article.sentences)
    assert "(z. B. durch Druck auf die Einnahmen" in next(
        s.text for s in article.sentences if "z. B." in s.text
    )
    assert all(s.text != "Meine News" or s.kind == "heading" for s in article.sentences)


def test_resegmenting_is_idempotent() -> None:
    article = _segment("Titel\nEin Satz. Noch einer.\n")
    first = [(s.start, s.end) for s in article.sentences]
    segment_article(article)
    assert [(s.start, s.end) for s in article.sentences] == first
