"""Reading input files: bytes, encoding, plain-text sanity and format sniffing.

Encoding: UTF-8 with or without BOM, UTF-16 with BOM, else Windows-1252 when that decodes to
plausible Western European text (legacy German files), else charset-normalizer's best guess.
Every problem is an :class:`InputError` with a one-line message; every file mtcheck reads
(article, XLIFF, glossary, back-translation) goes through :func:`read_text_file`.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from mtcheck.model import InputError

#: Larger files are refused: a news article is far below this, and everything after load is linear.
MAX_BYTES = 20 * 1024 * 1024

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
HTML_DOCUMENT = re.compile(
    r"\s*(?:<!--.*?-->\s*)*(?:<\?xml[^>]*>\s*)?(?:<!doctype\s+html|<html[\s>])", re.I | re.S
)
_MARKDOWN_SNIFF = re.compile(r"^(?:#{1,6}\s+\S|\*\*\S|\[[^\]]+\]\([^)]+\))", re.M)


# Files whose bytes were handed to this process (by str(path)): a batch worker, perhaps on another
# machine, gets every input as bytes and must never read the disk for them.
_PROVIDED: ContextVar[Mapping[str, bytes] | None] = ContextVar("mtcheck_provided_files", default=None)


@contextmanager
def provided_files(files: Mapping[str, bytes]) -> Iterator[None]:
    """Within the block, :func:`read_bytes` serves these paths from memory; reports, spans and error
    messages are the same as if the files had been read from disk under those paths."""
    token = _PROVIDED.set(dict(files))
    try:
        yield
    finally:
        _PROVIDED.reset(token)


def _check_size(shown: str, size: int) -> None:
    if size > MAX_BYTES:
        raise InputError(
            f"{shown}: file is too large ({size / 1024 / 1024:.1f} MB; the limit is "
            f"{MAX_BYTES // 1024 // 1024} MB for one article)"
        )


def read_bytes(path: Path) -> bytes:
    """The raw bytes of an input file, or an InputError that says what is wrong with it."""
    path = Path(path)
    shown = str(path)
    provided = _PROVIDED.get()
    if provided is not None and shown in provided:
        _check_size(shown, len(provided[shown]))
        return provided[shown]
    try:
        if not path.exists():
            raise InputError(f"{shown}: file not found")
        if path.is_dir():
            raise InputError(f"{shown}: is a folder, not a file: give the path of the article file")
        if not path.is_file():
            raise InputError(f"{shown}: not a regular file")
        _check_size(shown, path.stat().st_size)
        return path.read_bytes()
    except PermissionError as exc:
        raise InputError(f"{shown}: permission denied") from exc
    except OSError as exc:
        raise InputError(f"{shown}: cannot read file ({exc.strerror or exc})") from exc


def read_optional_bytes(path: Path) -> bytes | None:
    """The bytes of a file that may be absent (a sidecar ignore file): None when there is none."""
    provided = _PROVIDED.get()
    if provided is not None:  # a batch worker: only what the client sent exists
        return read_bytes(path) if str(path) in provided else None
    return read_bytes(path) if Path(path).exists() else None


def decode_bytes(data: bytes, name: str = "input") -> tuple[str, str]:
    """Decode file bytes to text; returns ``(text, encoding)``. The encoding names how the text was
    read: a file that is mostly UTF-8 with some lines in another encoding is read line by line, and
    its label says so (see :func:`encoding_warning`)."""
    bom = _decode_with_bom(data, name)
    if bom is not None:
        return bom
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"{name}: binary file ({kind}), expected a text, Markdown or HTML file")
    if b"\x00" in data:
        utf16 = _decode_utf16_without_bom(data)
        if utf16 is not None:
            return utf16
        raise InputError(f"{name}: binary file (contains NUL bytes), expected a text, Markdown or HTML file")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        first_invalid = exc.start
    mixed = _decode_mixed(data)
    if mixed is not None:
        return mixed
    text = _decode_cp1252(data)
    if text is not None:
        return text, "cp1252"
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(
            f"{name}: cannot decode the file: not valid UTF-8 (first invalid byte at offset {first_invalid}) "
            "and no other text encoding fits"
        )
    return str(best), best.encoding


def _decode_with_bom(data: bytes, name: str) -> tuple[str, str] | None:
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
    return None


def _decode_utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 saved without a byte-order mark: Latin text has a NUL in every other byte."""
    if len(data) % 2 or len(data) < 4:
        return None
    for encoding, zeros in (("utf-16-le", data[1::2]), ("utf-16-be", data[0::2])):
        if zeros.count(0) >= 0.9 * len(zeros):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return None
            return (text, encoding) if "\x00" not in text else None
    return None


#: The label of a file read line by line: "utf-8, 12 lines cp1252, 3 bytes replaced".
MIXED_LABEL = "utf-8 with other encodings"


def _decode_mixed(data: bytes) -> tuple[str, str] | None:
    """A file that is mostly UTF-8 with lines in another encoding (a cp1252 paste into a UTF-8 file,
    a few corrupt bytes): UTF-8 lines stay, the others are read as cp1252 where that gives Western
    European text, else as UTF-8 with the invalid bytes replaced by U+FFFD. None when the file is not
    mostly UTF-8 (then it is read in one legacy encoding)."""
    lines = data.split(b"\n")
    utf8_lines = sum(1 for line in lines if not line.isascii() and _is_utf8(line))
    other_lines = sum(1 for line in lines if not _is_utf8(line))
    if utf8_lines == 0 or other_lines == 0 or other_lines > utf8_lines:
        return None
    parts, legacy, replaced = [], 0, 0
    for line in lines:
        if _is_utf8(line):
            parts.append(line.decode("utf-8"))
        elif (western := _decode_cp1252(line)) is not None:
            parts.append(western)
            legacy += 1
        else:
            text = line.decode("utf-8", errors="replace")
            replaced += text.count("\ufffd")
            parts.append(text)
    return "\n".join(parts), f"{MIXED_LABEL}: {legacy} lines read as cp1252, {replaced} characters replaced"


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def encoding_warning(name: str, encoding: str) -> str | None:
    """The warning an editor must see when a file was not read in one encoding."""
    if not encoding.startswith(MIXED_LABEL):
        return None
    return f"{name}: not one encoding ({encoding.removeprefix(MIXED_LABEL + ': ')}); check those lines"


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
    if "\x00" in text:
        raise InputError(f"{name}: binary file (contains NUL characters), expected text")
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
