"""The LLM judge's findings: one check per MQM category, ``judge.mistranslation`` … ``judge.other``.

The judging stage (:mod:`mtcheck.judge.runner`) asks the configured model about every aligned pair;
these checks turn its answers into findings: the quote anchored to exact characters (or, when it
cannot be found, the pair's whole German at lower confidence), the explanation as the message, the
correction as the suggestion, the judge's severity, and the model's name on the finding. They are
second opinions: a rule check's finding of the same category on the same characters wins. How the
gate counts them is ``[gate] judge`` (count | review-only | ignore; review-only by default).
"""

from __future__ import annotations

from collections.abc import Iterator

from mtcheck.checks.registry import CheckContext, CheckFunction, register_check
from mtcheck.judge.anchor import locate
from mtcheck.judge.parse import JudgedError
from mtcheck.judge.schema import CATEGORIES
from mtcheck.model import Finding, Severity


def _message(error: JudgedError, label: str) -> str:
    return error.explanation or f"The LLM judge marks an error of category {label} here"


def judge_findings(ctx: CheckContext, label: str) -> Iterator[Finding]:
    """The judge's errors of one category label, as findings."""
    judgement = ctx.run.judgement
    if judgement is None:
        return
    report = ctx.report
    for index, errors in sorted(judgement.errors.items()):
        pair = report.pairs[index]
        for error in errors:
            if error.category != label:
                continue
            located = locate(report, pair, error.target_text, error.source_text, error.is_omission)
            correction = error.correction
            yield ctx.finding(
                message=_message(error, label),
                target_span=located.target_span,
                source_span=located.source_span,
                evidence=located.evidence,
                suggestion=correction if correction and correction != error.target_text else None,
                confidence=located.confidence,
                severity=Severity(error.severity),
                pair=index,
                model=judgement.model,
            )


def _register(label: str) -> CheckFunction:
    category, check_id = CATEGORIES[label]

    def check(ctx: CheckContext) -> Iterator[Finding]:
        return judge_findings(ctx, label)

    description = f"The LLM judge (--judge) marks an error of category '{label}' (its severity, its wording)"
    return register_check(
        check_id,
        category=category,
        severity=Severity.MAJOR,
        requires=("source",),
        description=description,
        second_opinion=True,
    )(check)


for _label in CATEGORIES:
    _register(_label)
