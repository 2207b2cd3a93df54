"""Untranslated text: English left in the German target.

Two signals must agree before anything is reported (see :mod:`mtcheck.analysis.english`): a
language identifier must find the text English rather than German, and its words must be words
German does not use. Established anglicisms (Meeting, Team, Deal, Software), names and URLs pass.
One-word fragments are never reported, nor quoted titles.
"""

from __future__ import annotations

from collections.abc import Iterator

from mtcheck.analysis.english import english_runs
from mtcheck.analysis.text import article_chunks, is_german
from mtcheck.checks.registry import CheckContext, register_check
from mtcheck.model import Category, Evidence, Finding, Severity


@register_check(
    "untranslated.sentence",
    category=Category.UNTRANSLATED,
    severity=Severity.MAJOR,
    description="A sentence of the German text is still in English",
)
def check_sentence(ctx: CheckContext) -> Iterator[Finding]:
    report = ctx.report
    target = report.target
    if not is_german(target):
        return
    for start, text in article_chunks(target):
        stripped = text.strip()
        if not stripped:
            continue
        lead = len(text) - len(text.lstrip())
        probability, twin = ctx.analysis.english_verdict(start, stripped)
        if probability is None and twin is None:
            continue
        evidence = []
        if probability is not None:
            evidence.append(
                Evidence(
                    stripped,
                    start + lead,
                    start + lead + len(stripped),
                    "target",
                    f"identified as English (confidence {probability:.2f})",
                )  # fmt: skip
            )
        if twin is not None:
            evidence.append(
                Evidence(twin[2], twin[0], twin[1], "source", "the source sentence, nearly identical")
            )
        yield ctx.finding(
            message="This sentence is still in English",
            target_span=target.span(start + lead, start + lead + len(stripped)),
            source_span=report.source.span(twin[0], twin[1]) if twin and report.source else None,
            evidence=evidence,
            confidence=round(max(probability or 0.0, 0.9 if twin else 0.0), 2),
        )


@register_check(
    "untranslated.fragment",
    category=Category.UNTRANSLATED,
    severity=Severity.MAJOR,
    description="English words left inside a German sentence",
)
def check_fragment(ctx: CheckContext) -> Iterator[Finding]:
    target = ctx.report.target
    if not is_german(target):
        return
    for start, text in article_chunks(target):
        stripped = text.strip()
        if stripped and any(ctx.analysis.english_verdict(start, stripped)):
            continue  # the whole sentence is reported by untranslated.sentence
        for run in english_runs(text, start, ctx.report.source.text if ctx.report.source else None):
            words = " ".join(w.text for w in run.words)
            yield ctx.finding(
                message=f"'{target.text[run.start : run.end]}' is English, not German",
                target_span=target.span(run.start, run.end),
                evidence=[
                    Evidence(
                        words,
                        run.start,
                        run.end,
                        "target",
                        f"English-only words, identified as English (confidence {run.probability:.2f})",
                    )
                ],  # fmt: skip
                confidence=round(run.probability * 0.9, 2),
            )
