"""Hostile and careless input (issue 11): nothing crashes, hangs, hides a word or loses text."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from report_helpers import EXAMPLE_TARGET

import mtcheck
from mtcheck.analysis import german_morph
from mtcheck.analysis.english import URL_RE
from mtcheck.analysis.people.syntax import tokenize
from mtcheck.analysis.tokens import MAX_WORD_CHARS
from mtcheck.load import article_from_text, decode_bytes, load_article
from mtcheck.load import html as load_html
from mtcheck.load.glossary import Glossary, GlossaryEntry
from mtcheck.load.normalize import normalise
from mtcheck.model import InputError
from mtcheck.pipeline import load_report
from mtcheck.segment import segment_article

EXAMPLE = EXAMPLE_TARGET.read_text(encoding="utf-8")


def _spans_point_at_the_original(report: mtcheck.Report, original: str) -> None:
    for finding in report.findings:
        span = finding.target_span
        assert original[span.start : span.end] == span.text
        for evidence in finding.evidence:
            if evidence.side == "target" and evidence.start is not None:
                assert original[evidence.start : evidence.end] == evidence.text
    for sentence in report.target.sentences:
        assert original[sentence.start : sentence.end] == sentence.text


@pytest.mark.parametrize(
    ("hide", "invisible"),
    [
        (lambda t: t.replace("Zur Autorin", "Zur Auto\u00adrin"), True),  # soft hyphen
        (lambda t: t.replace("Zur Autorin", "Zur Au\u200btorin"), True),  # zero-width space
        (lambda t: t.replace("Zur Autorin", "Zur Au\u200dtorin"), True),  # zero-width joiner
        (lambda t: unicodedata.normalize("NFD", t), False),  # decomposed umlauts: not invisible
    ],
    ids=["soft-hyphen", "zero-width-space", "zero-width-joiner", "nfd"],
)
def test_invisible_characters_do_not_hide_the_wrong_gender(tmp_path: Path, hide, invisible: bool) -> None:
    text = hide(EXAMPLE)
    path = tmp_path / "target.de.txt"
    path.write_text(text, encoding="utf-8")
    report = mtcheck.check(path)
    (gender,) = [f for f in report.findings if f.check == "gender.agreement"]
    assert gender.target_span.text.replace("\u00ad", "").replace("\u200b", "").replace("\u200d", "") in (
        "Zur Autorin",
        unicodedata.normalize("NFD", "Zur Autorin"),
    )
    assert report.target.text == text  # reports show the user's own text
    _spans_point_at_the_original(report, text)
    assert bool([f for f in report.findings if f.check == "typography.invisible"]) == invisible


def test_a_soft_hyphen_does_not_hide_a_forbidden_term() -> None:
    from report_helpers import run_check

    glossary = Glossary([GlossaryEntry(None, "Flüchtling", forbidden=True)])
    target = article_from_text("Der Flücht\u00adling kam an. Er blieb lange dort.", "target", "de")
    report = load_report(target)
    (finding,) = run_check("glossary.forbidden", report, glossary=glossary)
    assert finding.target_span.text == "Flüchtling"  # the analysis view, mapped back below
    from mtcheck.load.normalize import restore_offsets

    report.findings = [finding]
    restore_offsets(report)
    assert report.findings[0].target_span.text == "Flücht\u00adling"


def test_a_bidi_override_is_a_major_finding(tmp_path: Path) -> None:
    path = tmp_path / "target.de.txt"
    path.write_text("Die Regierung hat \u202eneue Regeln beschlossen. Der Minister war zufrieden.\n", "utf-8")
    (finding,) = [f for f in mtcheck.check(path).findings if f.check == "typography.invisible"]
    assert finding.severity.value == "major" and "U+202E" in finding.message


def test_normalised_view_maps_every_offset_back() -> None:
    text = "A\u00adb\r\nc\rd e\u0308f\u200b"
    normalised, view = normalise(text)
    assert normalised == "Ab\r\nc\nd ëf"
    assert view is not None
    assert [view.original[view.span(i, i + 1)[0]] for i in range(len(normalised))] == list("Ab\r\nc\rd ef")


def test_carriage_returns_alone_keep_the_line_structure(tmp_path: Path) -> None:
    (tmp_path / "lf.de.txt").write_text(EXAMPLE, encoding="utf-8")
    (tmp_path / "cr.de.txt").write_text(EXAMPLE.replace("\n", "\r"), encoding="utf-8", newline="")
    lf = load_report(tmp_path / "lf.de.txt").target.sentences
    cr = load_report(tmp_path / "cr.de.txt").target.sentences
    assert [(s.start, s.end) for s in cr] == [(s.start, s.end) for s in lf]


def test_a_control_character_before_a_number_does_not_crash_the_splitter() -> None:
    text = "Die Regierung beschloss es.\x1c1. Der Minister sagte nichts dazu."
    article = article_from_text(text, "target", "de")
    sentences = segment_article(article).sentences
    assert sentences and all(article.text[s.start : s.end] == s.text for s in sentences)


def test_one_enormous_token_is_opaque_to_the_morphology() -> None:
    token = "B" + "a" * 5 * MAX_WORD_CHARS
    assert german_morph.person_noun(token) is None
    tokens = tokenize(f"Die {token} sagte, er komme.", 0, 0)
    assert tokens[1].text == token and tokens[1].end - tokens[1].start == len(token)


def test_the_mail_pattern_starts_only_where_a_word_does() -> None:
    data = "![x](data:image/png;base64," + "A" * 50_000 + ")"
    assert [m.group() for m in URL_RE.finditer(data)] == []
    found = [m.group() for m in URL_RE.finditer("Mail an jan.doe@example.de oder @handle #tag")]
    assert found == ["jan.doe@example.de", "@handle", "#tag"]


def test_deep_html_keeps_the_text_after_the_deep_part_and_deeper_is_refused(monkeypatch) -> None:
    def page(depth: int) -> str:
        return (
            "<html><body><article><p>Erster Absatz mit genug Text für eine Erkennung der Sprache.</p>"
            + "<div>" * depth
            + "<p>Tiefer Absatz mit Text.</p>"
            + "</div>" * depth
            + "<p>Letzter Absatz nach der Tiefe mit mehr Text.</p></article></body></html>"
        )

    assert "Letzter Absatz nach der Tiefe" in load_html.extract_html(page(300))  # libxml2 alone drops it
    monkeypatch.setattr(load_html, "MAX_MARKUP_DEPTH", 100)
    with pytest.raises(InputError, match="nested deeper than 100 levels"):
        load_html.extract_html(page(150))


def test_html_over_the_size_limit_is_refused_before_it_is_parsed(monkeypatch) -> None:
    monkeypatch.setattr(load_html, "MAX_HTML_CHARS", 1000)
    with pytest.raises(InputError, match="characters of HTML is more than one news page"):
        load_html.extract_html("<html><body><p>" + "Text. " * 500 + "</p></body></html>")


def test_a_file_partly_in_cp1252_is_read_line_by_line_with_a_warning(tmp_path: Path) -> None:
    lines = EXAMPLE.split("\n")
    data = "\n".join(lines[:40]).encode("utf-8") + b"\n" + "\n".join(lines[40:]).encode("cp1252")
    text, encoding = decode_bytes(data, "mixed")
    assert text == EXAMPLE and encoding.startswith("utf-8 with other encodings")
    (tmp_path / "mixed.de.txt").write_bytes(data)
    report = load_report(tmp_path / "mixed.de.txt")
    assert any("not one encoding" in w for w in report.warnings)


def test_invalid_utf8_bytes_are_replaced_and_said(tmp_path: Path) -> None:
    data = EXAMPLE.encode("utf-8")
    text, encoding = decode_bytes(data[:5000] + b"\xff\xfe\xfa" + data[5000:], "broken")
    assert text.count("\ufffd") == 3 and "3 characters replaced" in encoding


def test_utf16_without_a_byte_order_mark_is_text_not_binary() -> None:
    assert decode_bytes(EXAMPLE.encode("utf-16-le"), "x") == (EXAMPLE, "utf-16-le")
    assert decode_bytes(EXAMPLE.encode("utf-16-be"), "x") == (EXAMPLE, "utf-16-be")


def test_a_nul_anywhere_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "nul.de.txt"
    path.write_text(EXAMPLE * 6 + "\x00Geheim\n", encoding="utf-8")
    assert len(EXAMPLE * 6) > 65536
    with pytest.raises(InputError, match="NUL"):
        load_article(path, "target")


def test_evidence_shared_by_two_findings_is_mapped_back_once(tmp_path: Path) -> None:
    """Found by the property tests: the brackets check gives two findings one Evidence object."""
    path = tmp_path / "target.de.txt"
    text = "Die Die (Klammer (Klammer \u00ad Die sagte es."
    path.write_text(text, encoding="utf-8")
    report = mtcheck.check(path)
    assert [f.check for f in report.findings].count("typography.brackets") == 2
    _spans_point_at_the_original(report, text)
