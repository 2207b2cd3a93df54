"""Hallucinated repetition: a run of words repeated in the German where the English does not repeat
anything ("als sie die Szene aufnahm, als sie die Szene aufnahm"). Needs the English source: a
repeat that mirrors one in the source ("very, very", a refrain) is left alone."""

from __future__ import annotations

from collections.abc import Iterator

from mtcheck.analysis.repetition import repeats, repeats_nearby
from mtcheck.checks._pairs import bilingual_pairs, sentence_evidence
from mtcheck.checks.registry import CheckContext, register_check
from mtcheck.model import Category, Evidence, Finding, Severity


@register_check(
    "repetition.hallucinated",
    category=Category.ADDITION,
    severity=Severity.MAJOR,
    requires=("source",),
    description="A word sequence or clause repeated in the German that the English does not repeat",
)
def check_repetition(ctx: CheckContext) -> Iterator[Finding]:
    report = ctx.report
    for pair, source, target in bilingual_pairs(report):
        # the source repeats something itself: the German may mirror it
        if any(repeats_nearby(text) for _, text in source.chunks):
            continue
        for start, text in target.chunks:
            found = repeats(text, start)
            # a loop ("von X in der Nähe von X in der Nähe …") is one finding, at its first repeat
            found = [r for k, r in enumerate(found) if k == 0 or r.first.text != found[k - 1].second.text]
            for repeat in found:
                yield ctx.finding(
                    message=f"Repeated in the German: '{repeat.second.text}' (the English says it once)",
                    target_span=report.target.span(repeat.second.start, repeat.second.end),
                    source_span=source.span,
                    evidence=[
                        Evidence(
                            repeat.first.text, repeat.first.start, repeat.first.end, "target", "first copy"
                        ),
                        Evidence(
                            repeat.second.text,
                            repeat.second.start,
                            repeat.second.end,
                            "target",
                            "repeated copy",
                        ),
                        sentence_evidence("source", source, "the source sentence, which says it once"),
                    ],
                    confidence=0.9,
                    pair=pair.index,
                )
