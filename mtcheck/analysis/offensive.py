"""Offensive words (profanity, slurs, insults) in English and German.

The base lists are the English and German dictionaries of the glin-profanity package (PyPI, MIT,
maintained; its lists derive from the widely used LDNOOBW lists). They are filtered by
``offensive_neutral.txt``: words that name a body part, sex or crime neutrally in news ("nackt",
"Porno", "rape", "sex", "anal") are reported nowhere. ``offensive_extra_{en,de}.txt`` add the
insults those lists lack ("idiot", "moron", "Trottel", "Vollidiot"). *Strong* words (profanity,
slurs) can raise a finding; *mild* ones ("dumm", "stupid") only count as a counterpart.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

from mtcheck.analysis.tokens import Token, letter_tokens

_DATA = Path(__file__).parent / "data"


def _lines(name: str) -> list[str]:
    text = (_DATA / name).read_text(encoding="utf-8")
    return [line.split("#")[0].strip().lower() for line in text.splitlines() if line.split("#")[0].strip()]


def _glin(language: str) -> set[str]:
    try:
        folder = resources.files("glin_profanity") / "data" / "dictionaries"
        return {
            w.lower() for w in json.loads((folder / f"{language}.json").read_text(encoding="utf-8"))["words"]
        }
    except (ModuleNotFoundError, FileNotFoundError, KeyError, json.JSONDecodeError):
        return set()  # the curated lists below still apply


@lru_cache(maxsize=1)
def lexicon() -> dict[str, frozenset[str]]:
    neutral = set(_lines("offensive_neutral.txt"))
    extra_en = _lines("offensive_extra_en.txt")
    extra_de = _lines("offensive_extra_de.txt")
    mild_en = {w[1:] for w in extra_en if w.startswith("~")}
    mild_de = {w[1:] for w in extra_de if w.startswith("~")}
    strong_en = (_glin("english") | {w for w in extra_en if not w.startswith("~")}) - neutral
    strong_de = (_glin("german") | {w for w in extra_de if not w.startswith("~")}) - neutral
    # multi-word and symbol entries of the English list ("2 girls 1 cup", "a$$") are left out
    strong_en = {w for w in strong_en if re.fullmatch(r"[a-z][a-z' -]*", w)}
    return {
        "strong_en": frozenset(strong_en),
        "mild_en": frozenset(mild_en),
        "strong_de": frozenset(strong_de),
        "mild_de": frozenset(mild_de),
    }


# anywhere in a word: "bumfuck", "bullshit", "apeshit"
_EN_STEMS = re.compile(r"\w*(?:fuck|shit|cunt|bitch|asshole|dickhead|faggot|douche)")
#: German stems that make any compound offensive ("Scheißkerl", "Arschgeige", "Drecksack")
_DE_STEMS = ("scheiß", "scheiss", "arsch", "fick", "wichs", "hurens", "fotz", "schwanzlutsch", "dreckss")


def _match(tokens: list[Token], single: frozenset[str]) -> list[Token]:
    found = []
    # possessive and plural forms: "hell's", "sluts"
    lower = [re.sub(r"['’]s$", "", t.text.lower()) for t in tokens]
    for i, word in enumerate(lower):
        pair = f"{word} {lower[i + 1]}" if i + 1 < len(lower) else ""
        if pair in single:
            found.append(Token(tokens[i].start, tokens[i + 1].end, f"{tokens[i].text} {tokens[i + 1].text}"))
        elif word in single or (word.endswith("s") and word[:-1] in single):
            found.append(tokens[i])
    return found


def english_offensive(text: str, offset: int = 0) -> tuple[list[Token], list[Token]]:
    """(strong, mild) offensive words of an English text."""
    lex = lexicon()
    tokens = letter_tokens(text, offset)
    strong = _match(tokens, lex["strong_en"])
    # inflections the lists leave out: "fucking", "fucked", "assholes", "bitches"
    strong += [
        t for t in tokens
        if t not in strong and _EN_STEMS.match(t.text.lower())
    ]  # fmt: skip
    return strong, _match(tokens, lex["mild_en"])


def german_offensive(text: str, offset: int = 0) -> tuple[list[Token], list[Token]]:
    """(strong, mild) offensive words of a German text, compounds included ("Scheißkerl")."""
    lex = lexicon()
    tokens = letter_tokens(text, offset)
    strong = _match(tokens, lex["strong_de"])
    strong += [t for t in tokens if t not in strong and t.text.lower().startswith(_DE_STEMS)]
    return strong, _match(tokens, lex["mild_de"])
