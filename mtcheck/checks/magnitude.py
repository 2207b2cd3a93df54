"""Magnitudes and units: scale words that change the value (English "billion" = German "Milliarde",
not "Billion"), imperial quantities whose number is kept but whose unit became metric ("5 miles" →
"5 Kilometer"), and afternoon times left on the 12-hour clock ("7 p.m." → "7 Uhr").
Needs the English source (see :mod:`mtcheck.analysis.magnitude`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from mtcheck.analysis.magnitude import (
    english_imperial,
    english_scales,
    english_times,
    german_metric,
    german_scales,
    german_times,
)
from mtcheck.checks._pairs import bilingual_pairs
from mtcheck.checks.registry import CheckContext, register_check
from mtcheck.model import Category, Evidence, Finding, Severity


def _collect(chunks, extract):
    return [x for start, text in chunks for x in extract(text, start)]


@register_check(
    "magnitude.scale",
    category=Category.MISTRANSLATION,
    severity=Severity.MAJOR,
    requires=("source",),
    description="A scale word changes the amount: billion → Billion (10^12) instead of Milliarde, "
    "million ↔ Milliarde",
)
def check_scale(ctx: CheckContext) -> Iterator[Finding]:
    report = ctx.report
    for pair, source, target in bilingual_pairs(report):
        en = _collect(source.chunks, english_scales)
        de = _collect(target.chunks, german_scales)
        if not en or not de:
            continue  # a dropped number is numbers.missing's business
        en_powers, de_powers = Counter(s.power for s in en), Counter(s.power for s in de)
        extra = [s for s in de if s.power not in en_powers and s.power >= 6]
        missing = [s for s in en if s.power not in de_powers and s.power >= 6]
        if not extra or not missing:
            continue
        wrong, meant = extra[0], missing[0]
        yield ctx.finding(
            message=(
                f"'{wrong.cue.text}' is 10^{wrong.power}, "
                f"but the source says '{meant.cue.text}' (10^{meant.power})"
            ),
            target_span=report.target.span(wrong.cue.start, wrong.cue.end),
            source_span=report.source.span(meant.cue.start, meant.cue.end),  # type: ignore[union-attr]
            evidence=[
                Evidence(meant.cue.text, meant.cue.start, meant.cue.end, "source", f"10^{meant.power}"),
                Evidence(wrong.cue.text, wrong.cue.start, wrong.cue.end, "target", f"10^{wrong.power}"),
            ],
            suggestion={9: "Milliarde(n)", 12: "Billion(en)", 6: "Million(en)"}.get(meant.power),
            confidence=0.9,
            pair=pair.index,
        )


@register_check(
    "magnitude.units",
    category=Category.MISTRANSLATION,
    severity=Severity.MAJOR,
    requires=("source",),
    description="An imperial quantity whose number was kept but whose unit became metric (5 miles → 5 km), "
    "or a p.m. time left unconverted (7 p.m. → 7 Uhr)",
)
def check_units(ctx: CheckContext) -> Iterator[Finding]:
    report = ctx.report
    for pair, source, target in bilingual_pairs(report):
        metric = _collect(target.chunks, german_metric)
        for quantity in _collect(source.chunks, english_imperial):
            same = [m for m in metric if m.family == quantity.family and m.value == quantity.value]
            # a yard is 0.91 m: "30 yards" → "30 Meter" is the usual rounding, not an error
            if not same or quantity.value in (0, 1) or quantity.unit.startswith("yard"):
                continue
            wrong = same[0]
            yield ctx.finding(
                message=f"'{wrong.cue.text}' keeps the number of '{quantity.cue.text}' but changes the unit",
                target_span=report.target.span(wrong.cue.start, wrong.cue.end),
                source_span=report.source.span(quantity.cue.start, quantity.cue.end),  # type: ignore[union-attr]
                evidence=[
                    Evidence(
                        quantity.cue.text, quantity.cue.start, quantity.cue.end, "source", quantity.unit
                    ),
                    Evidence(
                        wrong.cue.text,
                        wrong.cue.start,
                        wrong.cue.end,
                        "target",
                        f"{wrong.unit}, not converted",
                    ),
                ],
                confidence=0.85,
                pair=pair.index,
            )
        de_times = _collect(target.chunks, german_times)
        for clock in _collect(source.chunks, english_times):
            if clock.minutes < 13 * 60 or any(t.minutes == clock.minutes for t in de_times):
                continue
            twelve = [t for t in de_times if t.minutes == clock.minutes - 12 * 60]
            if not twelve:
                continue
            wrong = twelve[0]
            yield ctx.finding(
                message=f"'{wrong.cue.text}' for '{clock.cue.text}': the afternoon time is "
                f"{clock.minutes // 60}:{clock.minutes % 60:02d} Uhr",
                target_span=report.target.span(wrong.cue.start, wrong.cue.end),
                source_span=report.source.span(clock.cue.start, clock.cue.end),  # type: ignore[union-attr]
                evidence=[
                    Evidence(clock.cue.text, clock.cue.start, clock.cue.end, "source", "12-hour clock, p.m."),
                    Evidence(
                        wrong.cue.text, wrong.cue.start, wrong.cue.end, "target", "read as a morning time"
                    ),
                ],
                suggestion=f"{clock.minutes // 60}.{clock.minutes % 60:02d} Uhr",
                confidence=0.85,
                pair=pair.index,
            )
