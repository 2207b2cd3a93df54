"""Tokenization: every way mtcheck cuts text into words lives here.

All tokenizers return code-point offsets into the text they were given (plus ``offset``), so a
finding built from a token points at the exact characters the user gave. They differ on purpose:

- :func:`word_tokens`: letters and digits, apostrophes inside ("don't"); hyphens split words, so
  "NATO-Erweiterung" yields "NATO" and "Erweiterung" (names, untranslated words, consistency).
- :func:`letter_tokens`: letters only, apostrophes inside; digits are no words (offensive words).
- :func:`hyphenated_tokens`: letters only, kept whole across hyphens ("dreitägigen", "ex-wife"):
  spelled-out numbers, month names and English gender cues.
- :func:`compound_tokens`: words and numbers with inner hyphens and apostrophes ("Covid-19",
  "don't"): repeated word runs, where "125 Proben" and "250 Proben" must differ.
- :func:`tagger_tokens`: what the German POS tagger reads: words with inner hyphens and
  apostrophes, and every punctuation mark as a token of its own.
- :func:`plain_words`: runs of word characters, for quick scans and the estimate's features.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

#: Longer tokens are not words (base64 data, hashes, a run of letters pasted by mistake): the German
#: morphology and the tagger treat them as opaque, so one huge token costs no more than a short one.
#: The longest words of real German news are compounds of 40-60 letters.
MAX_WORD_CHARS = 64
#: What the POS tagger is shown in place of an opaque token.
OPAQUE_TOKEN = "XYZ"

WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W\d_]+)*")
LETTERS_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
HYPHENATED_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
COMPOUND_RE = re.compile(r"\w+(?:[-’']\w+)*")
TAGGER_TOKEN_RE = re.compile(rf"{COMPOUND_RE.pattern}|[^\w\s]")
PLAIN_WORD_RE = re.compile(r"\w+")


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str
    kind: str = ""  # what an analysis found it to be ("strong" negation, "idiom", …), if anything

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


def _tokens(pattern: re.Pattern[str], text: str, offset: int) -> list[Token]:
    return [Token(m.start() + offset, m.end() + offset, m.group()) for m in pattern.finditer(text)]


def word_tokens(text: str, offset: int = 0) -> list[Token]:
    return _tokens(WORD_RE, text, offset)


def letter_tokens(text: str, offset: int = 0) -> list[Token]:
    return _tokens(LETTERS_RE, text, offset)


def compound_tokens(text: str, offset: int = 0) -> list[Token]:
    return _tokens(COMPOUND_RE, text, offset)


def hyphenated_tokens(text: str, offset: int = 0) -> list[Token]:
    return _tokens(HYPHENATED_RE, text, offset)


def tagger_tokens(text: str, offset: int = 0) -> list[Token]:
    return _tokens(TAGGER_TOKEN_RE, text, offset)


def plain_words(text: str) -> list[str]:
    return PLAIN_WORD_RE.findall(text)


def strip_accents(text: str) -> str:
    text = text.replace("ß", "ss").replace("ẞ", "SS")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# Ordered rewrite rules that bring English and German romanisations of the same name
# together (Zelensky/Selenskyj, Tchaikovsky/Tschaikowski, Gorbachev/Gorbatschow).
_TRANSLIT_RULES: tuple[tuple[str, str], ...] = (
    ("tsch", "ch"),
    ("tch", "ch"),
    ("sch", "sh"),
    ("zh", "sh"),
    ("kh", "h"),
    ("ch", "h"),
    ("ph", "f"),
    ("ck", "k"),
    ("w", "v"),
    ("j", "i"),
    ("y", "i"),
    ("z", "s"),
    ("ts", "s"),
    ("c", "k"),
    ("q", "k"),
    ("x", "ks"),
)
_DOUBLED = re.compile(r"(.)\1+")


@lru_cache(maxsize=65536)
def translit_key(name: str) -> str:
    """A spelling-insensitive key for a name: accents, v/w, y/j, ch/tsch, doubled letters."""
    key = strip_accents(name).lower()
    key = re.sub(r"[^a-z]", "", key)
    for old, new in _TRANSLIT_RULES:
        key = key.replace(old, new)
    return _DOUBLED.sub(r"\1", key)
