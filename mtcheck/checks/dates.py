"""Date parts: a weekday or month name in the German that differs from the aligned English one
("on Tuesday" → "am Donnerstag", "in March" → "im Mai"). A dropped weekday is not reported here; a
changed one is. Numeric dates and years are compared by ``numbers.mismatch``. Needs the source."""

from __future__ import annotations

from collections.abc import Iterator

from mtcheck.analysis.dates import english_months, english_weekdays, german_months, german_weekdays
from mtcheck.checks._pairs import bilingual_pairs
from mtcheck.checks.registry import CheckContext, register_check
from mtcheck.model import Category, Evidence, Finding, Severity


def _collect(chunks, extract):
    return [x for start, text in chunks for x in extract(text, start)]


@register_check(
    "dates.changed",
    category=Category.MISTRANSLATION,
    severity=Severity.MAJOR,
    requires=("source",),
    description="A weekday or month in the German that differs from the one in the source",
    # numbers.mismatch also reads month names as date parts: one changed month, one finding
    supersedes=("numbers.mismatch",),
)
def check_changed(ctx: CheckContext) -> Iterator[Finding]:
    report = ctx.report
    kinds = (("weekday", english_weekdays, german_weekdays), ("month", english_months, german_months))
    for pair, source, target in bilingual_pairs(report):
        for kind, english, german in kinds:
            en = _collect(source.chunks, english)
            de = _collect(target.chunks, german)
            en_values = {v for _, v in en}
            wrong = [(c, v) for c, v in de if v not in en_values]
            missing = [(c, v) for c, v in en if v not in {v for _, v in de}]
            if not en or not wrong or not missing:
                continue  # only a swap counts: a German name where a different English one was
            (cue, _), (meant, _) = wrong[0], missing[0]
            yield ctx.finding(
                message=f"The {kind} changed: '{cue.text}' in the German, '{meant.text}' in the source",
                target_span=report.target.span(cue.start, cue.end),
                source_span=report.source.span(meant.start, meant.end),  # type: ignore[union-attr]
                evidence=[
                    Evidence(meant.text, meant.start, meant.end, "source", f"the {kind} in the source"),
                    Evidence(cue.text, cue.start, cue.end, "target", f"the {kind} in the German"),
                ],
                confidence=0.85,
                pair=pair.index,
            )
