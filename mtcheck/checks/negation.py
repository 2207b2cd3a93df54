"""Negation and polarity: a negation in one language with no counterpart in the aligned sentence of
the other ("did not approve" → "genehmigte"; "genehmigte nicht" for "approved").

Needs the English source and the alignment. Strong cues (not, never, no, without …; nicht, kein,
nie, ohne …) are compared per aligned pair; a weak cue on the other side (fail, lack, unless,
un-/dis- words; kaum, fehlen, verweigern, un-, -los) explains the difference, so only a pair whose
other side has no negative word at all is reported (see :mod:`mtcheck.analysis.negation`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from mtcheck.analysis.negation import english_polarity, german_polarity
from mtcheck.checks._pairs import bilingual_pairs, sentence_evidence
from mtcheck.checks.registry import CheckContext, register_check
from mtcheck.model import Category, Evidence, Finding, Severity


def _kept_in(cue: str, german: str) -> bool:
    """The English negation word itself stands in the German (left untranslated)."""
    if cue.lower().startswith("n") and cue.lower().endswith("t") and not cue[1:-1].isalpha():
        return re.search(r"n\s?['’]t\b", german) is not None  # "n't" → "don 't" in the German
    return re.search(rf"\b{re.escape(cue)}\b", german, re.IGNORECASE) is not None


def _cues(chunks, analyse):
    strong, weak = [], []
    for start, text in chunks:
        polarity = analyse(text, start)
        strong += polarity.strong
        weak += polarity.weak
    return strong, weak


@register_check(
    "negation.polarity",
    category=Category.MISTRANSLATION,
    severity=Severity.MINOR,
    requires=("source",),
    description="A negation (not, never, no, without / nicht, kein, nie, ohne) with no counterpart "
    "on the other side",
)
def check_polarity(ctx: CheckContext) -> Iterator[Finding]:
    report = ctx.report
    for pair, source, target in bilingual_pairs(report):
        en_strong, en_weak = _cues(source.chunks, english_polarity)
        de_strong, de_weak = _cues(target.chunks, german_polarity)
        # an English cue copied into the German ("Don 't merge") is untranslated text, not a lost negation
        en_strong = [c for c in en_strong if not _kept_in(c.text, target.text)]
        if en_strong and not de_strong and not de_weak:
            cue = en_strong[0]
            yield ctx.finding(
                message=f"Negation lost: the source says '{cue.text}', the German has no negation",
                target_span=target.span,
                source_span=report.source.span(cue.start, cue.end),  # type: ignore[union-attr]
                evidence=[
                    Evidence(c.text, c.start, c.end, "source", "negation in the source") for c in en_strong
                ]
                + [sentence_evidence("target", target, "no nicht/kein/nie/ohne/un- in the German")],
                confidence=0.7,
                pair=pair.index,
            )
        elif de_strong and not en_strong and not en_weak:
            cue = de_strong[0]
            yield ctx.finding(
                message=f"Negation added: the German says '{cue.text}', the source has no negation",
                target_span=report.target.span(cue.start, cue.end),
                source_span=source.span,
                evidence=[
                    Evidence(c.text, c.start, c.end, "target", "negation in the German") for c in de_strong
                ]
                + [sentence_evidence("source", source, "no not/no/never/without/un- in the source")],
                confidence=0.7,
                pair=pair.index,
            )
