"""Loading one side of a translation from a file: decode, extract, check the language.

* Formats: plain text, Markdown (kept as written: offsets point into the file) and HTML (the main
  article text is extracted with trafilatura and rendered as Markdown-like lines, "# " headings,
  "- " list items, blank lines between paragraphs, so segmentation sees the structure; offsets then
  point into that extracted text, ``Article.extracted`` is True).
* Encoding: UTF-8 with or without BOM, UTF-16 with BOM, else Windows-1252 when that decodes to
  plausible Western European text (legacy German files), else charset-normalizer's best guess.
* Every problem is an :class:`InputError` with a one-line message.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from mtcheck.langid import MIN_LETTERS_FOR_DETECTION, count_letters, detect_language, language_name
from mtcheck.model import Article, InputError, Side

#: Larger files are refused: a news article is far below this, and everything after load is linear.
MAX_BYTES = 20 * 1024 * 1024

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

FORMAT_BY_SUFFIX: dict[str, str] = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}

# File signatures of common binary formats, for a clearer message than "binary".
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (e.g. .docx)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0", "an MS Office document"),
)

# Non-ASCII characters expected in Western European (German) text; decoding legacy bytes as
# cp1252 is accepted when nearly all non-ASCII characters fall in this set.
_WESTERN = set("äöüÄÖÜßéèêëàâáãåíìîïóòôõúùûçñÉÈÊÀÂÁÍÓÔÚÇÑæøÆØœŒ„“”‚‘’«»‹›–—…€£°§²³½¼¾µ·×÷¡¿©®™†•\xa0")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_HTML_SNIFF = re.compile(r"<!doctype\s+html|<html[\s>]|<body[\s>]|<(?:p|div|article|h[1-6])[\s>]", re.I)
_HTML_DOCUMENT = re.compile(
    r"\s*(?:<!--.*?-->\s*)*(?:<\?xml[^>]*>\s*)?(?:<!doctype\s+html|<html[\s>])", re.I | re.S
)
_MARKDOWN_SNIFF = re.compile(r"^(?:#{1,6}\s+\S|\*\*\S|\[[^\]]+\]\([^)]+\))", re.M)


def read_bytes(path: Path) -> bytes:
    """The raw bytes of an input file, or an InputError that says what is wrong with it."""
    path = Path(path)
    shown = str(path)
    try:
        if not path.exists():
            raise InputError(f"{shown}: file not found")
        if path.is_dir():
            raise InputError(f"{shown}: is a folder, not a file: give the path of the article file")
        if not path.is_file():
            raise InputError(f"{shown}: not a regular file")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(
                f"{shown}: file is too large ({size / 1024 / 1024:.1f} MB; the limit is "
                f"{MAX_BYTES // 1024 // 1024} MB for one article)"
            )
        return path.read_bytes()
    except PermissionError as exc:
        raise InputError(f"{shown}: permission denied") from exc
    except OSError as exc:
        raise InputError(f"{shown}: cannot read file ({exc.strerror or exc})") from exc


def decode_bytes(data: bytes, name: str = "input") -> tuple[str, str]:
    """Decode file bytes to text; returns ``(text, encoding)``."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"{name}: starts with a {encoding} byte-order mark but is not valid {encoding}"
                ) from exc
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"{name}: binary file ({kind}), expected a text, Markdown or HTML file")
    if b"\x00" in data[:65536]:
        raise InputError(f"{name}: binary file (contains NUL bytes), expected a text, Markdown or HTML file")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = _decode_cp1252(data)
    if text is not None:
        return text, "cp1252"
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(f"{name}: cannot decode the file: not UTF-8 and no known text encoding fits")
    return str(best), best.encoding


def _decode_cp1252(data: bytes) -> str | None:
    """The cp1252 reading of the bytes, if it looks like Western European text."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    non_ascii = [ch for ch in text if ord(ch) > 127]
    if not non_ascii:
        return text
    western = sum(1 for ch in non_ascii if ch in _WESTERN)
    return text if western / len(non_ascii) >= 0.9 else None


def _check_text(text: str, name: str) -> None:
    if not text.strip():
        raise InputError(f"{name}: file is empty (no text after decoding)")
    sample = text[:65536]
    controls = len(_CONTROL.findall(sample))
    if controls > max(8, len(sample) // 100):
        raise InputError(f"{name}: looks like a binary file ({controls} control characters), expected text")


def read_text_file(path: Path) -> tuple[str, str]:
    """The decoded text of an input file and its encoding, or an InputError that says what is wrong:
    every file mtcheck reads (article, XLIFF, glossary) goes through here."""
    name = str(path)
    data = read_bytes(path)
    if not data:
        raise InputError(f"{name}: file is empty")
    text, encoding = decode_bytes(data, name)
    _check_text(text, name)
    return text, encoding


def sniff_format(text: str) -> str:
    """Guess txt / md / html from the content, for files with an unknown suffix."""
    head = text[:4096]
    if _HTML_SNIFF.search(head):
        return "html"
    if _MARKDOWN_SNIFF.search(head):
        return "md"
    return "txt"


def load_article(path: Path, side: Side, language: str | None = None) -> Article:
    """Read, decode, extract and language-check one article file."""
    path = Path(path)
    name = str(path)
    text, encoding = read_text_file(path)
    fmt = FORMAT_BY_SUFFIX.get(path.suffix.lower()) or sniff_format(text)
    if fmt != "html" and _HTML_DOCUMENT.match(text):
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
    extracted = False
    if fmt == "html":
        text = extract_html(text, name)
        extracted = True
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
    )


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


# --- HTML ---------------------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")


def extract_html(html: str, name: str = "input") -> str:
    """The main article text of an HTML page, one line per heading, paragraph and list item."""
    from trafilatura import bare_extraction

    try:
        # output_format="txt" skips trafilatura's metadata/date extraction (half the time on big
        # pages); the body tree we render is the same
        result = bare_extraction(
            html,
            output_format="txt",
            include_comments=False,
            include_tables=True,
            include_formatting=True,
            include_links=False,
        )
    except Exception as exc:  # trafilatura/lxml raise many types on broken markup
        raise InputError(f"{name}: cannot parse the HTML ({type(exc).__name__})") from exc
    body = result.get("body") if isinstance(result, dict) else None
    lines: list[str] = []
    if body is not None:
        _render(body, lines)
    text = "\n".join(lines).strip("\n")
    if not text.strip():
        raise InputError(f"{name}: no article text found in the HTML page")
    return text + "\n"


def _flat(element) -> str:
    return _SPACES.sub(" ", "".join(element.itertext())).strip()


def _render(element, lines: list[str], depth: int = 0) -> None:
    """Render trafilatura's XML body as Markdown-like lines (blank line between blocks)."""
    for child in element:
        tag = child.tag
        if tag == "head":
            rend = child.get("rend", "h2")
            level = int(rend[1]) if len(rend) == 2 and rend[1].isdigit() else 2
            heading = _flat(child)
            if heading:
                _add_block(lines, "#" * level + " " + heading)
        elif tag == "list":
            _render_list(child, lines, depth)
        elif tag == "table":
            for row in child.iter("row"):
                cells = [_flat(cell) for cell in row if _flat(cell)]
                if cells:
                    _add_block(lines, " | ".join(cells))
        elif tag in ("p", "quote", "code"):
            if child.find("list") is not None:
                _render(child, lines, depth)
            else:
                _add_block(lines, _flat(child))
        elif len(child):
            _render(child, lines, depth)
        else:
            _add_block(lines, _flat(child))


def _render_list(element, lines: list[str], depth: int) -> None:
    for item in element:
        if item.tag != "item":
            continue
        nested = [c for c in item if c.tag == "list"]
        content = _SPACES.sub(" ", "".join(_item_text(item))).strip()
        if content:
            lines.append("  " * depth + "- " + content)
        for sub in nested:
            _render_list(sub, lines, depth + 1)
    lines.append("")


def _item_text(item):
    """The text of a list item without its nested lists (those get their own lines)."""
    if item.text:
        yield item.text
    for child in item:
        if child.tag != "list":
            yield from child.itertext()
        if child.tail:
            yield child.tail


def _add_block(lines: list[str], content: str) -> None:
    if content:
        lines.extend([content, ""])
