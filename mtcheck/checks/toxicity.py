"""Offensive language that the translation adds or loses.

* ``toxicity.added``: a profanity, slur or insult in the German whose aligned English has nothing
  offensive at all (not even "stupid"): MT invented an offence ("Sie fick" for "you fit").
* ``toxicity.lost``: the English swears or insults and the German has no offensive word, not even
  the English one kept: the tone, and often the meaning ("Fuck you." dropped), is gone.

Word lists: :mod:`mtcheck.analysis.offensive` (glin-profanity's English and German dictionaries,
filtered and extended by curated lists in ``mtcheck/lang/data``). Needs the English source.
"""

from __future__ import annotations

from collections.abc import Iterator

from mtcheck.analysis.offensive import english_offensive, german_offensive
from mtcheck.checks._pairs import bilingual_pairs, sentence_evidence
from mtcheck.checks.registry import CheckContext, register_check
from mtcheck.model import Category, Evidence, Finding, Severity


def _kept(word: str, german: str) -> bool:
    """The English word stands in the German (left untranslated, or a loanword: "Bullshit", "FUCKIN")."""
    stem = word.lower()[:5]
    return any(token.lower().startswith(stem) for token in german.split()) or word.lower() in german.lower()


def _in_name(text: str, cue) -> bool:
    before = text[max(0, cue.start - 30) : cue.start].split()
    return cue.text[:1].isupper() and not cue.text.isupper() and bool(before) and before[-1][:1].isupper()


def _collect(chunks, analyse):
    strong, mild = [], []
    for start, text in chunks:
        s, m = analyse(text, start)
        strong += s
        mild += m
    return strong, mild


@register_check(
    "toxicity.added",
    category=Category.ADDITION,
    severity=Severity.MAJOR,
    requires=("source",),
    description="An offensive German word (profanity, slur, insult) where the English has nothing offensive",
)
def check_added(ctx: CheckContext) -> Iterator[Finding]:
    report = ctx.report
    for pair, source, target in bilingual_pairs(report):
        de_strong, _ = _collect(target.chunks, german_offensive)
        # a word the source has too is a name or a kept word ("Johnny Depp"), not an added offence
        de_strong = [c for c in de_strong if c.text.lower() not in source.text.lower()]
        if not de_strong:
            continue
        en_strong, en_mild = _collect(source.chunks, english_offensive)
        if en_strong or en_mild:
            continue
        cue = de_strong[0]
        yield ctx.finding(
            message=f"Offensive word added: '{cue.text}' has no offensive counterpart in the source",
            target_span=report.target.span(cue.start, cue.end),
            source_span=source.span,
            evidence=[Evidence(c.text, c.start, c.end, "target", "offensive word") for c in de_strong]
            + [sentence_evidence("source", source, "the source sentence, with no offensive word")],
            confidence=0.8,
            pair=pair.index,
        )


@register_check(
    "toxicity.lost",
    category=Category.MISTRANSLATION,
    severity=Severity.MINOR,
    requires=("source",),
    description="The English swears or insults, and the German has no offensive word at all",
)
def check_lost(ctx: CheckContext) -> Iterator[Finding]:
    report = ctx.report
    for pair, source, target in bilingual_pairs(report):
        en_strong, _ = _collect(source.chunks, english_offensive)
        # a capitalised word after a capitalised word is a name ("Chris Coons"), not an insult
        en_strong = [c for c in en_strong if not _in_name(report.source.text, c)]  # type: ignore[union-attr]
        if not en_strong:
            continue
        de_strong, de_mild = _collect(target.chunks, german_offensive)
        if de_strong or de_mild or any(_kept(c.text, target.text) for c in en_strong):
            continue
        cue = en_strong[0]
        yield ctx.finding(
            message=f"Offence lost: the source says '{cue.text}', the German has no offensive word",
            target_span=target.span,
            source_span=report.source.span(cue.start, cue.end),  # type: ignore[union-attr]
            evidence=[Evidence(c.text, c.start, c.end, "source", "offensive word") for c in en_strong]
            + [sentence_evidence("target", target, "the German, with no offensive word")],
            confidence=0.6,
            pair=pair.index,
        )
