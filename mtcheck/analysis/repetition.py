"""Repeated word runs: the same sequence of words twice in a row ("als sie die Szene aufnahm, als
sie die Szene aufnahm"), the typical hallucination of neural MT. Works in any language."""

from __future__ import annotations

from dataclasses import dataclass

from mtcheck.analysis.tokens import Token, compound_tokens, letter_tokens

#: longest run looked for (longer repeats are found as their first MAX_RUN words)
MAX_RUN = 12
#: words allowed between the two copies ("…, und …")
MAX_GAP = 1
#: a run must carry content: at least this many words of 4+ letters, or this many characters
MIN_CONTENT_WORDS = 2
MIN_CHARS = 12


@dataclass(frozen=True)
class Repeat:
    first: Token  # the first copy
    second: Token  # the repeated copy
    words: int


def _content(run: list[Token]) -> bool:
    long_words = sum(len(w.text) >= 4 for w in run)
    chars = sum(len(w.text) for w in run)
    return long_words >= MIN_CONTENT_WORDS and chars >= MIN_CHARS


def repeats(text: str, offset: int = 0, min_words: int = 2) -> list[Repeat]:
    """Word runs (≥ ``min_words`` words, with content) repeated right away; longest first, no overlaps."""
    # words and numbers: "mehr als 125 Proben" and "mehr als 250 Proben" are no repeat
    tokens = compound_tokens(text, offset)
    lower = [t.text.lower() for t in tokens]
    found: list[Repeat] = []
    taken_until = -1
    i = 0
    while i < len(tokens):
        hit = None
        for n in range(min(MAX_RUN, (len(tokens) - i) // 2), min_words - 1, -1):
            for gap in range(MAX_GAP + 1):
                j = i + n + gap
                if j + n > len(tokens):
                    continue
                if lower[i : i + n] == lower[j : j + n] and _content(tokens[i : i + n]):
                    hit = (n, j)
                    break
            if hit:
                break
        if hit and i > taken_until:
            n, j = hit
            first = Token(
                tokens[i].start,
                tokens[i + n - 1].end,
                text[tokens[i].start - offset : tokens[i + n - 1].end - offset],
            )
            second = Token(
                tokens[j].start,
                tokens[j + n - 1].end,
                text[tokens[j].start - offset : tokens[j + n - 1].end - offset],
            )
            found.append(Repeat(first, second, n))
            taken_until = j + n - 1
            i = j + n
            continue
        i += 1
    return found


def repeats_nearby(text: str, window: int = 10, min_letters: int = 4) -> bool:
    """Some word of ``min_letters``+ letters occurs twice within ``window`` words: the text itself
    repeats ("an Australian flag and an Australian republic", "half her life - half her life")."""
    lower = [w.text.lower() for w in letter_tokens(text)]
    for i, word in enumerate(lower):
        if len(word) >= min_letters and word in lower[i + 1 : i + 1 + window]:
            return True
    return False
