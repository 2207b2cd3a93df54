"""Consensus with other engines: a sentence where the article disagrees with every alternative translation.

``--alternative FILE`` gives another engine's German translation of the same source. Where the best
match among the alternatives (sentence chrF, the ``chrF(mt,alt)`` pair score) is still far from the
article's sentence, the engines disagree about it, and an editor may want to compare.

Measured on WMT23 en-de paragraphs with the other systems as alternatives (benchmarks/consensus.py,
results/consensus.md): a translation whose best chrF against the others is ≤ 30 has a human major error
in 73 % of cases with one alternative and 85-87 % with three or more, against a base rate of 47 %; but
it fires rarely (82 and 34 of 5,520), and it marks a whole sentence, not the error in it. So: minor, with
a confidence that follows the measured precision (0.4 with one or two alternatives, 0.6 with more).
"""

from __future__ import annotations

from collections.abc import Iterator

from mtcheck.checks.registry import CheckContext, register_check
from mtcheck.metrics.consensus import ALTERNATIVES
from mtcheck.model import Category, Evidence, Finding, Severity

DEFAULT_MAX_CHRF = 30.0  # best-alternative chrF at or below this is a disagreement
MIN_WORDS = 5  # headlines and fragments vary too much between engines


@register_check(
    "consensus.divergence",
    category=Category.MISTRANSLATION,
    severity=Severity.MINOR,
    description="A sentence that differs from every --alternative translation (other engines) of it",
    options={"max_chrf": float},
)
def check_divergence(ctx: CheckContext) -> Iterator[Finding]:
    report = ctx.report
    if not report.alternatives:
        return
    limit = ctx.options.get("max_chrf", DEFAULT_MAX_CHRF)
    for pair in report.pairs:
        value = pair.scores.get(ALTERNATIVES)
        target_span = report.pair_span(pair, "target")
        if value is None or target_span is None or value > limit or len(target_span.text.split()) < MIN_WORDS:
            continue
        evidence = [
            Evidence(text, None, None, None, f"alternative {i + 1} ({alt.origin})")
            for i, alt in enumerate(report.alternatives)
            if (text := alt.pair_text(pair))
        ]
        yield ctx.finding(
            message=f"Every other engine translates this sentence differently (best chrF {value:.0f} against "
            f"{len(report.alternatives)} alternative(s)): compare the meaning",
            target_span=target_span,
            source_span=report.pair_span(pair, "source"),
            evidence=evidence,
            confidence=0.6 if len(report.alternatives) >= 3 else 0.4,
            pair=pair.index,
        )
