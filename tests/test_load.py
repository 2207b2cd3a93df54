"""Loading: formats, encodings, languages and every kind of bad input (one-line InputError)."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from report_helpers import EXAMPLE_TARGET

from mtcheck.langid import detect_language, english_probability
from mtcheck.load import MAX_BYTES, article_from_text, decode_bytes, load_article
from mtcheck.load.files import sniff_format
from mtcheck.model import InputError

FIXTURES = Path(__file__).parent / "fixtures"

GERMAN = (
    "Der ehemalige britische Botschafter in Russland erklärt, wie Trump vermeiden kann, "
    "in die Falle des Kremls zu tappen. Die Sicherheit Europas hängt davon ab.\n"
)
ENGLISH = (
    "The former British ambassador to Russia explains how Trump can avoid falling into "
    "the Kremlin's trap. Europe's security depends on deterring Russia.\n"
)


def _one_line_error(excinfo: pytest.ExceptionInfo[InputError]) -> str:
    message = str(excinfo.value)
    assert "\n" not in message
    return message


def test_plain_text_utf8(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(GERMAN, encoding="utf-8")
    article = load_article(path, "target")
    assert article.text == GERMAN
    assert article.language == "de" and article.language_detected
    assert article.format == "txt" and not article.extracted
    assert article.path == path


def test_utf8_bom_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(codecs.BOM_UTF8 + GERMAN.encode("utf-8"))
    article = load_article(path, "target")
    assert article.text == GERMAN
    assert article.encoding == "utf-8-sig"


def test_utf16_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "u16.txt"
    path.write_bytes(GERMAN.encode("utf-16"))
    assert load_article(path, "target").text == GERMAN


def test_cp1252_german_fixture() -> None:
    article = load_article(FIXTURES / "load_cp1252.txt", "target")
    assert article.encoding == "cp1252"
    assert article.text.startswith("Der Präsident sagte am 19. März 2025: „Wir müssen verhandeln.“")
    assert "Genf stattfinden – ohne" in article.text and "hieß" in article.text


def test_cp1252_single_word() -> None:
    text, encoding = decode_bytes("Präsident".encode("cp1252"))
    assert (text, encoding) == ("Präsident", "cp1252")


def test_cyrillic_legacy_encoding_is_not_read_as_cp1252() -> None:
    russian = "Президент России Владимир Путин заявил, что переговоры продолжатся на следующей неделе."
    text, encoding = decode_bytes(russian.encode("cp1251"))
    assert text == russian and encoding == "cp1251"


def test_markdown_kept_verbatim() -> None:
    article = load_article(FIXTURES / "load_article.md", "target")
    assert article.format == "md" and not article.extracted
    assert article.text == (FIXTURES / "load_article.md").read_text(encoding="utf-8")


def test_html_main_text_extracted_with_structure() -> None:
    article = load_article(FIXTURES / "load_article.html", "target")
    assert article.format == "html" and article.extracted and article.language == "de"
    lines = article.text.splitlines()
    assert "# Verhandlungen mit Wladimir Putin" in lines
    assert "## Putins Antworten werden niemals überraschen" in lines
    assert "- Der Ukraine werden Mittel verweigert." in lines
    assert "- Putin verabscheut die Macht der USA." in lines
    # inline markup is flattened, page furniture outside <article> is gone
    assert "einen Waffenstillstand vollständig" in article.text
    for furniture in ("Startseite", "Cookies", "Impressum", "Alle Rechte vorbehalten"):
        assert furniture not in article.text


def test_html_sniffed_without_suffix(tmp_path: Path) -> None:
    path = tmp_path / "page.dat"
    path.write_bytes((FIXTURES / "load_article.html").read_bytes())
    article = load_article(path, "target")
    assert article.format == "html" and article.extracted


def test_web_page_saved_as_txt_is_read_as_html(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_bytes((FIXTURES / "load_article.html").read_bytes())
    article = load_article(path, "target")
    assert article.format == "html" and "<" not in article.text


def test_sniff_format() -> None:
    assert sniff_format("<!DOCTYPE html><html><body><p>x</p></body></html>") == "html"
    assert sniff_format("# Titel\n\nText.") == "md"
    assert sniff_format("Titel\nEin Satz. Noch ein Satz.") == "txt"


def test_html_without_article_text(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<html><head><script>var x = 1;</script></head><body><img src='a.png'></body></html>")
    with pytest.raises(InputError, match="no article text") as excinfo:
        load_article(path, "target")
    _one_line_error(excinfo)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found") as excinfo:
        load_article(tmp_path / "nope.txt", "target")
    _one_line_error(excinfo)


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a folder") as excinfo:
        load_article(tmp_path, "target")
    _one_line_error(excinfo)


@pytest.mark.parametrize("content", [b"", b"   \n\t\n  ", codecs.BOM_UTF8 + b"\n"])
def test_empty_or_whitespace_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match="empty") as excinfo:
        load_article(path, "target")
    _one_line_error(excinfo)


def test_png_is_binary(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256)))
    with pytest.raises(InputError, match="binary file .*PNG") as excinfo:
        load_article(path, "target")
    _one_line_error(excinfo)


def test_nul_bytes_are_binary(tmp_path: Path) -> None:
    path = tmp_path / "data.txt"
    path.write_bytes(b"Der Text\x00\x01\x02 geht weiter")
    with pytest.raises(InputError, match="NUL bytes"):
        load_article(path, "target")


def test_random_bytes_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes((i * 7919 + 13) % 255 + 1 for i in range(4096)))  # no NUL, not text
    with pytest.raises(InputError, match="cannot decode|binary") as excinfo:
        load_article(path, "target")
    _one_line_error(excinfo)


def test_control_characters_are_binary(tmp_path: Path) -> None:
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes([0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x1B]) * 50 + b"abc")
    with pytest.raises(InputError, match="binary"):
        load_article(path, "target")


def test_too_large_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: no 20 MB written to disk
    with pytest.raises(InputError, match="too large") as excinfo:
        load_article(path, "target")
    _one_line_error(excinfo)


def test_german_passed_as_source_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "source.txt"
    path.write_text(GERMAN, encoding="utf-8")
    with pytest.raises(InputError) as excinfo:
        load_article(path, "source")
    message = _one_line_error(excinfo)
    assert "looks German (confidence" in message
    assert "--source must be the English original" in message


def test_english_passed_as_target_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "target.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    with pytest.raises(InputError, match="looks English .*TARGET must be the German translation"):
        load_article(path, "target")


def test_english_source_and_back_translation_accepted(tmp_path: Path) -> None:
    path = tmp_path / "source.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    assert load_article(path, "source").language == "en"
    assert load_article(path, "back_translation").language == "en"


def test_explicit_language_wins() -> None:
    article = article_from_text(GERMAN, "source", language="DE")
    assert article.language == "de" and not article.language_detected


def test_too_short_to_detect_trusts_the_side() -> None:
    article = article_from_text("Ja, so gut.", "target")
    assert article.language == "de"


@pytest.mark.parametrize(
    ("text", "found"),
    [("#" * 5000, "no words"), ("1234 5678, 90. 12; 34!\n" * 50, "no words"), ("Ja. 2024", "only 1 word")],
)
def test_text_without_enough_words_is_not_an_article(text: str, found: str) -> None:
    from mtcheck.pipeline import load_report

    with pytest.raises(InputError, match=f"not an article \\({found}"):
        load_report(article_from_text(text, "target", "de"))


def test_unknown_format_name() -> None:
    with pytest.raises(InputError, match="unknown format"):
        article_from_text(GERMAN, "target", fmt="docx")


def test_detect_language_on_the_example_article() -> None:
    code, confidence = detect_language(EXAMPLE_TARGET.read_text(encoding="utf-8"))
    assert code == "de" and confidence > 0.9


def test_detect_language_is_bounded_on_long_text() -> None:
    code, _ = detect_language(ENGLISH * 5000)  # ~700 kB: only a sample is looked at
    assert code == "en"


def test_english_probability_per_sentence() -> None:
    assert english_probability("The talks will continue next week in Geneva.") > 0.8
    assert english_probability("Die Gespräche werden nächste Woche in Genf fortgesetzt.") < 0.2
    assert english_probability("12.000 – 5 %") == 0.0  # no letters, no guess
