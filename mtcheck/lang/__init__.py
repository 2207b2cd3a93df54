"""Language analysis shared by checks: word lists and extractors that work on plain text with
code-point offsets (negation cues, repeated word runs, scale words and units, dates, offensive words).

Nothing here knows about reports or findings, so these modules can move into a shared analysis
layer unchanged; the checks in ``mtcheck/checks/`` turn what they find into findings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: a word: letters (and inner apostrophes, "don't"); digits are no words here
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


@dataclass(frozen=True)
class Cue:
    """A word or phrase found in a text: absolute offsets, its text and what kind of cue it is."""

    start: int
    end: int
    text: str
    kind: str = ""


def words(text: str, offset: int = 0) -> list[Cue]:
    return [Cue(m.start() + offset, m.end() + offset, m.group()) for m in WORD.finditer(text)]
