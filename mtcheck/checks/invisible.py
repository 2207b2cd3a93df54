"""Invisible characters in the German text: soft hyphens, zero-width spaces and joiners, byte-order
marks and bidirectional controls.

The analysis reads the text without them (see :mod:`mtcheck.load.normalize`), so they no longer
hide a word from the other checks; this check tells the editor they are there. A bidi override or
embedding (U+202A–U+202E, U+2066–U+2069) reorders what readers see, so it is major; the others are
invisible on the page but break search, copy and paste and hyphenation, so they are minor.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from mtcheck.checks.registry import CheckContext, register_check
from mtcheck.model import Category, Finding, Severity

#: Characters that reorder the displayed text.
BIDI_REORDERING = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
#: Findings per kind of character: an editor needs the first few and the count.
MAX_PER_CHARACTER = 5


def _word_around(text: str, position: int) -> tuple[int, int]:
    """The run of non-space characters around ``position`` (empty between two spaces)."""
    start = position
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    end = position
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


@register_check(
    "typography.invisible",
    category=Category.PUNCTUATION,
    severity=Severity.MINOR,
    description="Invisible characters in the text: soft hyphens, zero-width spaces, bidi controls",
)
def check_invisible(ctx: CheckContext) -> Iterator[Finding]:
    target = ctx.report.target
    if target.view is None:
        return
    by_character: dict[str, list[int]] = {}
    for position, character in target.view.removed:
        by_character.setdefault(character, []).append(position)
    for character, positions in by_character.items():
        name = unicodedata.name(character, "UNKNOWN").lower()
        code = f"U+{ord(character):04X}"
        reorders = character in BIDI_REORDERING
        for k, position in enumerate(positions[:MAX_PER_CHARACTER]):
            start, end = _word_around(target.text, position)
            where = f"in '{target.text[start:end]}'" if end > start else "between two spaces"
            message = f"Invisible {name} ({code}) {where}"
            if reorders:
                message += ": it changes the order in which readers see the text"
            if k == MAX_PER_CHARACTER - 1 and len(positions) > MAX_PER_CHARACTER:
                message += f" ({len(positions)} in the article, the first {MAX_PER_CHARACTER} are listed)"
            yield ctx.finding(
                message=message,
                target_span=target.span(start, end),
                suggestion="delete the invisible character",
                confidence=0.95,
                severity=Severity.MAJOR if reorders else Severity.MINOR,
            )
