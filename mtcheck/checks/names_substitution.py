"""Named-entity substitution: a source name replaced by a *different* name, not merely dropped
("Samuel Johnson" → "Samuel Jackson", "Chavez" → "Maduro"). Needs the English source.

Builds on the run's analysis of names (:func:`mtcheck.analysis.names.find_problems`): a source name
with no German form in the target is a candidate only when the target holds exactly one
name-like word that is explained by nothing in the source (no name, exonym or transliteration of
it, no German word, no English word left in), and the pair has exactly one such missing name.
"""

from __future__ import annotations

from collections.abc import Iterator

from rapidfuzz import fuzz

from mtcheck.analysis.lexicon import listed_german_noun, zipf
from mtcheck.analysis.names import accepted_forms, german_word, same_name, source_names
from mtcheck.analysis.tokens import translit_key, word_tokens
from mtcheck.checks._pairs import bilingual_pairs
from mtcheck.checks.registry import CheckContext, register_check
from mtcheck.model import Category, Evidence, Finding, Severity

#: a substitute looks unlike the name (closer spellings are names.altered's business)
MAX_SIMILARITY = 60


def _unexplained(target_chunks, source_text: str) -> list:
    source_lower = source_text.lower()
    forms = [f for start, text in ((0, source_text),) for n in source_names(text, start) for t in n.tokens
             for f in accepted_forms(t.text)]  # fmt: skip
    found = []
    for start, text in target_chunks:
        words = word_tokens(text, start)
        for i, word in enumerate(words):
            w = word.text
            before = text[max(0, word.start - start - 3) : word.start - start]
            if (
                i == 0
                or not w[:1].isupper()
                or w.isupper()
                or len(w) < 3
                or any(c in before for c in '.!?:"„“')
            ):
                continue
            if w.lower() in source_lower or zipf(w.lower(), "de") >= 3.5 or zipf(w.lower(), "en") >= 3.5:
                continue
            if listed_german_noun(w) or german_word(w) or any(same_name(f, w) for f in forms):
                continue
            found.append(word)
    return found


@register_check(
    "names.substituted",
    category=Category.MISTRANSLATION,
    severity=Severity.MINOR,
    requires=("source",),
    description="A name from the source replaced by a different name in the translation",
)
def check_substituted(ctx: CheckContext) -> Iterator[Finding]:
    report = ctx.report
    for pair, source, target in bilingual_pairs(report):
        problems = [p for p in ctx.analysis.name_problems(pair, "source") if p.kind == "missing"]
        if len(problems) != 1:
            continue
        name = problems[0].name
        others = _unexplained(target.chunks, source.text)
        others = [
            w for w in others if fuzz.ratio(translit_key(w.text), translit_key(name.text)) < MAX_SIMILARITY
        ]
        if len({w.text for w in others}) != 1:
            continue
        word = others[0]
        yield ctx.finding(
            message=f"'{word.text}' stands where the source has the name '{name.text}'",
            target_span=report.target.span(word.start, word.end),
            source_span=report.source.span(name.start, name.end),  # type: ignore[union-attr]
            evidence=[
                Evidence(
                    name.text,
                    name.start,
                    name.end,
                    "source",
                    "the name in the source, absent from the German",
                ),
                Evidence(word.text, word.start, word.end, "target", "a name the source does not have"),
            ],
            suggestion=name.text,
            confidence=0.6,
            pair=pair.index,
        )
