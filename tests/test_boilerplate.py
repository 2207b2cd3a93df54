"""boilerplate.furniture: page furniture found without a source; real subheadings and prose left alone."""

from __future__ import annotations

import pytest
from report_helpers import EXAMPLE_TARGET, run_check

from mtcheck.checks.boilerplate import match_furniture, publisher_note
from mtcheck.load import article_from_text, load_article
from mtcheck.model import Article, Category, Finding, Report, Severity
from mtcheck.segment import segment_article

BODY_1 = (
    "Putin sieht die Ukraine als antirussisches Projekt des Westens, und dies hängt mit seiner Vorstellung "
    "von Russland als imperialer Großmacht zusammen, zu der die Ukraine gehört."
)
BODY_2 = (
    "Zweitens geht es bei dem Konflikt darum, die NATO-Erweiterung zu stoppen, und zwar nicht aus "
    "begründeter Angst, sondern um eine Folge des Endes des Kalten Krieges zu korrigieren."
)


def run(text: str | Article) -> list[Finding]:
    article = text if isinstance(text, Article) else segment_article(article_from_text(text, "target", "de"))
    findings = run_check("boilerplate.furniture", Report(target=article))
    for finding in findings:
        span = finding.target_span
        assert article.text[span.start : span.end] == span.text
        assert finding.category is Category.NON_TRANSLATION
    return findings


def flagged(text: str) -> list[str]:
    return [f.target_span.text for f in run(text)]


def test_example_article_meine_news_only() -> None:
    article = segment_article(load_article(EXAMPLE_TARGET, "target"))
    findings = run(article)
    assert [f.target_span.text for f in findings] == ["Meine News"]
    finding = findings[0]
    assert finding.target_span.start == article.text.index("\nMeine News\n") + 1
    assert finding.confidence >= 0.9 and finding.severity is Severity.MAJOR
    note = finding.evidence[0].note
    assert "widget label" in note and "2-word" in note and "between two body paragraphs" in note


@pytest.mark.parametrize(
    "line",
    [
        "Meine News",
        "Mehr lesen",
        "► Mehr lesen",
        "Weiterlesen …",
        "Lesen Sie auch:",
        "Lesen Sie auch: Putin droht dem Westen mit neuen Sanktionen",
        "Mehr zum Thema – Was Trump mit Russland vorhat",
        "Artikel teilen",
        "Auf WhatsApp teilen",
        "Zum Newsletter anmelden",
        "Newsletter abonnieren",
        "Kommentare (12)",
        "Lesezeit: 4 Min.",
        "Anzeige",
        "Das könnte Sie auch interessieren",
        "Wir verwenden Cookies, um Ihnen das beste Nutzererlebnis zu bieten.",
        "Alle akzeptieren",
        "Sie sind bereits Abonnent?",
        "Zur Startseite",
        "Read more",
        "Share this article",
        "Sign up for our newsletter",
    ],
)
def test_furniture_lines_between_body_paragraphs(line: str) -> None:
    text = f"{BODY_1}\n{line}\n{BODY_2}\n"
    assert flagged(text) == [line.strip()]


def test_furniture_as_bullet_and_at_the_end() -> None:
    text = f"{BODY_1}\n{BODY_2}\n- Artikel teilen\nWeiterlesen"
    findings = run(text)
    assert [f.target_span.text for f in findings] == ["Artikel teilen", "Weiterlesen"]
    assert "at the end of the article" in findings[1].evidence[0].note


@pytest.mark.parametrize(
    "line",
    [
        "Putins Antworten werden niemals überraschen",  # real subheadings
        "Zur Autorin",
        "Zum Autor",
        "Teilen und herrschen: Putins Strategie",
        "Die Suche nach einem Waffenstillstand",
        "Kommentar",
        "Empfehlungen",  # one-word subheadings an article may really have
        "Datenschutz",
        "Werbung",
        "Wer mehr lesen möchte, findet das Buch von Bristow im Handel.",  # prose
        "Lesen Sie auch die Analyse unseres Korrespondenten.",
        "Die Regierung will Kommentare zu dem Vorschlag erst nächste Woche abgeben.",
        "Er sagte, man solle die Nachrichten weiterlesen und teilen.",
        "Dieser Artikel wurde aus dem Englischen automatisiert ins Deutsche übersetzt.",  # publisher notes
        "Wir testen zurzeit maschinelle Übersetzungen.",
        "Dieser Artikel war zuerst am 19. März 2025 in englischer Sprache im Magazin erschienen.",
    ],
)
def test_look_alikes_are_not_flagged(line: str) -> None:
    assert flagged(f"{BODY_1}\n{line}\n{BODY_2}\n") == []


def test_repeated_short_label_without_pattern() -> None:
    text = f"Top-Themen aus der Region\n{BODY_1}\nTop-Themen aus der Region\n{BODY_2}\n"
    findings = run(text)
    assert [f.target_span.text for f in findings] == ["Top-Themen aus der Region"] * 2
    assert all(f.confidence < 0.9 and f.severity is Severity.MINOR for f in findings)
    assert findings[0].evidence[0].start == text.rindex("Top-Themen")


def test_repeated_sentence_is_not_a_label() -> None:
    assert flagged(f"Das ist gut.\n{BODY_1}\nDas ist gut.\n{BODY_2}\n") == []


def test_helpers() -> None:
    assert match_furniture("  ► Mehr lesen:  ").kind == "read-more teaser"
    assert match_furniture("Meine News").kind == "widget label"
    assert match_furniture("Meine News sind gut.") is None
    assert publisher_note("Wir testen zurzeit maschinelle Übersetzungen. Dieser Artikel wurde ...")
    assert not publisher_note(BODY_1)


def test_unsegmented_article_is_structured_on_the_fly() -> None:
    article = article_from_text(f"{BODY_1}\nMeine News\n{BODY_2}\n", "target", "de")
    assert not article.blocks
    assert [f.target_span.text for f in run(article)] == ["Meine News"]
