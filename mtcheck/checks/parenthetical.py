"""Dropped brackets and quotations: the English has a parenthetical, stage direction or quotation
and the aligned German has no bracket (no quotation mark) at all. The content may have been
dropped or merged into the sentence; an editor should look. Needs the English source."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mtcheck.checks._pairs import bilingual_pairs, sentence_evidence
from mtcheck.checks.registry import CheckContext, register_check
from mtcheck.model import Category, Evidence, Finding, Severity

_BRACKETED = re.compile(r"[(\[][^()\[\]]*[^\W\d_]{3}[^()\[\]]*[)\]]")  # "(s)" is no aside
_QUOTED = re.compile(r"[\"“][^\"“”]*?\w+\W+\w+[^\"“”]*[\"”]")
_GERMAN_BRACKET = re.compile(r"[(\[]")
_GERMAN_QUOTE = re.compile(r"[\"„“”»«‚‘’]")


@register_check(
    "parenthetical.dropped",
    category=Category.OMISSION,
    severity=Severity.MINOR,
    requires=("source",),
    description="A bracketed aside, stage direction or quotation of the source with no brackets or "
    "quotation marks in the German",
)
def check_dropped(ctx: CheckContext) -> Iterator[Finding]:
    report = ctx.report
    for pair, source, target in bilingual_pairs(report):
        for pattern, german, what in (
            (_BRACKETED, _GERMAN_BRACKET, "bracketed"),
            (_QUOTED, _GERMAN_QUOTE, "quoted"),
        ):
            if what == "quoted" and source.text.count('"') % 2:
                continue  # unpaired straight quotes: an export artefact, not a quotation
            found = [
                (start + m.start(), m.group())
                for start, text in source.chunks
                for m in pattern.finditer(text)
            ]
            if not found or german.search(target.text):
                continue
            start, text = found[0]
            yield ctx.finding(
                message=f"The source's {what} text '{text[:60]}' has no {what} counterpart in the German",
                target_span=target.span,
                source_span=report.source.span(start, start + len(text)),  # type: ignore[union-attr]
                evidence=[Evidence(text, start, start + len(text), "source", f"{what} in the source")]
                + [sentence_evidence("target", target, f"no {what} text in the German")],
                confidence=0.5,
                pair=pair.index,
            )
