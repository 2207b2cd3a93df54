"""One side of a translation as an Article: decode, extract the main text of HTML, detect and
check the language.

Formats: plain text, Markdown (kept as written: offsets point into the file) and HTML (the main
article text is extracted with trafilatura and rendered as Markdown-like lines, so segmentation
sees the structure; offsets then point into that extracted text, ``Article.extracted`` is True).
"""

from __future__ import annotations

import re
from pathlib import Path

from mtcheck.langid import MIN_LETTERS_FOR_DETECTION, count_letters, detect_language, language_name
from mtcheck.load.files import FORMAT_BY_SUFFIX, HTML_DOCUMENT, read_text_file, sniff_format
from mtcheck.load.html import extract_html
from mtcheck.model import Article, InputError, Side

#: The language each side must be in (mtcheck checks English→German).
EXPECTED_LANGUAGE: dict[str, str] = {
    "source": "en",
    "target": "de",
    "back_translation": "en",
    "reference": "de",
}

#: How the user names each side on the command line, for error messages.
SIDE_OPTION: dict[str, str] = {
    "source": "--source must be the English original",
    "target": "TARGET must be the German translation",
    "back_translation": "--back-translation must be English",
    "reference": "--reference must be a German translation",
}

#: A detected language that contradicts the side is refused only above this confidence.
REFUSE_CONFIDENCE = 0.5


def load_article(path: Path, side: Side, language: str | None = None) -> Article:
    """Read, decode, extract and language-check one article file."""
    path = Path(path)
    name = str(path)
    text, encoding = read_text_file(path)
    fmt = FORMAT_BY_SUFFIX.get(path.suffix.lower()) or sniff_format(text)
    if fmt != "html" and HTML_DOCUMENT.match(text):
        fmt = "html"  # a saved web page with a .txt or .md name
    article = article_from_text(text, side, language=language, fmt=fmt, name=name)
    article.path = path
    article.encoding = encoding
    return article


def article_from_text(
    text: str, side: Side, language: str | None = None, fmt: str = "txt", *, name: str | None = None
) -> Article:
    """An Article from already decoded text (``fmt`` is "txt", "md" or "html")."""
    name = name or f"{side} text"
    if fmt not in ("txt", "md", "html"):
        raise InputError(f"{name}: unknown format {fmt!r} (expected txt, md or html)")
    if not text.strip():
        raise InputError(f"{name}: file is empty (no text)")
    from mtcheck.load.baseline import html_suppressions, markdown_suppressions

    extracted = False
    suppressions = []
    if fmt == "html":
        page, text = text, extract_html(text, name)
        suppressions = html_suppressions(page, text, name)
        extracted = True
    elif fmt == "md":  # the comments are blanked out: no check reads them
        text, suppressions = markdown_suppressions(text, name)
    detected = False
    if language is None:
        language = resolve_language(text, side, name)
        detected = True
    return Article(
        side=side,
        text=text,
        language=language.lower(),
        format=fmt,
        language_detected=detected,
        extracted=extracted,
        suppressions=suppressions,
    )


#: Fewer words than this (runs of two or more letters) is no article: 5,000 "#" or a table of
#: digits would otherwise pass every check and the gate.
MIN_ARTICLE_WORDS = 3
_LETTER_WORD = re.compile(r"[^\W\d_]{2,}")


def refuse_non_article(text: str, name: str) -> None:
    """Refuse what cannot be an article: the pipeline checks every side with this before any work."""
    words = 0
    for _ in _LETTER_WORD.finditer(text):
        words += 1
        if words >= MIN_ARTICLE_WORDS:
            return
    found = "no words" if words == 0 else f"only {words} word" + ("s" if words > 1 else "")
    raise InputError(f"{name}: not an article ({found}; at least {MIN_ARTICLE_WORDS} are needed)")


def resolve_language(text: str, side: Side, name: str) -> str:
    """Detect the language and refuse a file that is clearly in the wrong one for its side."""
    expected = EXPECTED_LANGUAGE[side]
    code, confidence = detect_language(text)
    if code is None or count_letters(text[:4096]) < MIN_LETTERS_FOR_DETECTION:
        return expected  # too little text to say; trust the side
    if code != expected and confidence >= REFUSE_CONFIDENCE:
        raise InputError(
            f"{name}: looks {language_name(code)} (confidence {confidence:.2f}); {SIDE_OPTION[side]}"
        )
    return code if confidence >= REFUSE_CONFIDENCE else expected
