"""The judge's prompt: our own wording in the style of GEMBA-MQM (Kocmi & Federmann 2023).

The unit is one aligned pair (its English and German sentences) with the neighbouring pairs as
context; the judge is asked for every error in the German of that pair only. One worked example is
given as a previous turn, which also shows the exact answer format. ``PROMPT_VERSION`` carries a
hash of the wording, so any edit to it invalidates cached answers.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from mtcheck.judge.schema import CATEGORIES, MAX_ERRORS

#: characters of one neighbouring sentence shown as context (a long paragraph is cut)
CONTEXT_CHARS = 400

SYSTEM = f"""You check German translations of English news articles for a newsroom. Mark the errors in \
the German text under TRANSLATION, using the MQM error typology. Lines under CONTEXT are only there to \
help you understand; never mark errors in them.

Categories: {", ".join(CATEGORIES)}.
Severities: critical = a reader is misinformed or cannot use the text (wrong number, name, date, \
negation or reversed meaning); major = the meaning is changed or lost, though the sentence is still \
understandable; minor = a slip that keeps the meaning (awkward wording, punctuation, small grammar \
slips).

For each error give:
- target_text: the wrong words, copied exactly from TRANSLATION (empty only for an omission);
- source_text: the English words concerned (for an omission: the English words that are missing);
- category and severity;
- explanation: one short line in English;
- correction: the corrected German for target_text (for an omission: the missing German words).
List at most {MAX_ERRORS} errors, the most serious first. If the translation is correct, answer \
{{"errors": []}}. Answer with JSON only."""

EXAMPLE_USER = """CONTEXT (English): The storm reached the coast on Monday.
CONTEXT (German): Der Sturm erreichte am Montag die Küste.
SOURCE (English): More than 2,000 homes lost power overnight.
TRANSLATION (German): Mehr als 200 Häuser verloren über Nacht den Strom."""

EXAMPLE_ANSWER = json.dumps(
    {
        "errors": [
            {
                "target_text": "200",
                "source_text": "2,000",
                "category": "accuracy/mistranslation",
                "severity": "critical",
                "explanation": "The source says 2,000 homes, not 200.",
                "correction": "2.000",
            }
        ]
    },
    ensure_ascii=False,
)

PROMPT_VERSION = "mqm-1-" + hashlib.sha256((SYSTEM + EXAMPLE_USER + EXAMPLE_ANSWER).encode()).hexdigest()[:8]


@dataclass(frozen=True)
class Unit:
    """What the judge sees for one aligned pair."""

    pair: int
    source: str
    target: str
    before: tuple[str, str] | None = None  # (English, German) of the previous pair
    after: tuple[str, str] | None = None

    def key_text(self) -> str:
        """Everything of the unit that changes the answer, for the cache key."""
        return json.dumps([self.source, self.target, self.before, self.after], ensure_ascii=False)


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= CONTEXT_CHARS else text[: CONTEXT_CHARS - 1].rstrip() + "…"


def user_message(unit: Unit) -> str:
    lines = []
    if unit.before:
        lines += [f"CONTEXT (English): {_clip(unit.before[0])}", f"CONTEXT (German): {_clip(unit.before[1])}"]
    lines += [f"SOURCE (English): {unit.source}", f"TRANSLATION (German): {unit.target}"]
    if unit.after:
        lines += [f"CONTEXT (English): {_clip(unit.after[0])}", f"CONTEXT (German): {_clip(unit.after[1])}"]
    return "\n".join(lines)


def messages(unit: Unit) -> list[dict[str, str]]:
    return [
        {"role": "system", "content": SYSTEM},
        {"role": "user", "content": EXAMPLE_USER},
        {"role": "assistant", "content": EXAMPLE_ANSWER},
        {"role": "user", "content": user_message(unit)},
    ]


def retry_messages(unit: Unit, answer: str, problem: str) -> list[dict[str, str]]:
    """The second and last attempt: the malformed answer is shown back with what is wrong with it."""
    return [
        *messages(unit),
        {"role": "assistant", "content": answer[:2000]},
        {
            "role": "user",
            "content": f"That answer cannot be used ({problem}). Answer again for the same TRANSLATION, "
            'with JSON only, in the form {"errors": [...]}.',
        },
    ]
