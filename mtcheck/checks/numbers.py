"""Numbers, dates, times, money and percentages: source (or back-translation) against target.

Each side is read with its own conventions by :mod:`mtcheck.analysis.numbers` (English "1,000.5",
German "1.000,5"), so a correct conversion compares equal: "19. März 2025" = "March 19, 2025",
"30-tägigen" = "30-day", "2,5 Milliarden" = "2.5 billion", "14.30 Uhr" = "2:30 p.m.". Spelled-out
numbers only ever *confirm* a number; a check fires only for numbers written in digits, which is
where machine translation errors are unambiguous.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from mtcheck.analysis.numbers import NUMBER_RE, NumberItem, compare, compatible, currency_mismatches
from mtcheck.analysis.text import article_chunks, is_german
from mtcheck.checks.registry import CheckContext, register_check
from mtcheck.model import Category, Evidence, Finding, Report, Severity


@register_check(
    "numbers.mismatch",
    category=Category.MISTRANSLATION,
    severity=Severity.MAJOR,
    any_of={"source", "back_translation"},
    description="A number, date, time, amount or percentage differs between source and target",
)
def check_mismatch(ctx: CheckContext) -> Iterator[Finding]:
    report = ctx.report
    compared = ctx.compared
    side, via = compared.side, compared.label
    pairs = list(compared.pairs(report))
    everywhere = {
        name: [i for p in pairs for i in ctx.analysis.pair_numbers(p, name)] for name in (side, "target")
    }
    for pair in pairs:
        source_items = ctx.analysis.pair_numbers(pair, side)
        target_items = ctx.analysis.pair_numbers(pair, "target")
        for mismatch in compare(source_items, target_items):
            if mismatch.source is None or mismatch.target is None:
                continue
            s, t = mismatch.source, mismatch.target
            # Both numbers have a counterpart elsewhere in the text: the sentences are probably
            # misaligned (a garbled paragraph), not the number changed; a hint, not a major error.
            misaligned = any(compatible(t, o) for o in everywhere[side]) and any(
                compatible(s, o) for o in everywhere["target"]
            )
            proven = compared.from_source and not misaligned
            yield ctx.finding(
                message=f"'{t.text}' in the translation, but '{s.text}' in the {via}",
                target_span=report.target.span(t.start, t.end),
                source_span=compared.source_span(s.start, s.end),
                evidence=[
                    Evidence(s.text, s.start, s.end, side, f"the {via} has this {s.kind}"),
                    Evidence(t.text, t.start, t.end, "target", "the translation has this instead"),
                ],
                suggestion=corrected_number(s, t),
                confidence=0.9 if proven else 0.6,
                # The back-translation is made from the target: a difference there may be the
                # back-translator's own slip, so it is a hint (minor), not a proven error.
                severity=ctx.spec.severity if proven else Severity.MINOR,
                pair=pair.index,
            )
        for s, t in currency_mismatches(source_items, target_items):
            yield ctx.finding(
                message=f"'{t.text}' is in {t.currency}s, but '{s.text}' in the {via} is in {s.currency}s",
                target_span=report.target.span(t.start, t.end),
                source_span=compared.source_span(s.start, s.end),
                evidence=[Evidence(s.text, s.start, s.end, side, f"the {via} amount")],
                confidence=0.8 if compared.from_source else 0.5,
                pair=pair.index,
            )


@register_check(
    "numbers.missing",
    category=Category.MISTRANSLATION,
    severity=Severity.MINOR,
    any_of={"source", "back_translation"},
    description="A number in the source has no counterpart in the translation",
)
def check_missing(ctx: CheckContext) -> Iterator[Finding]:
    report = ctx.report
    compared = ctx.compared
    side, via = compared.side, compared.label
    for pair in compared.pairs(report):
        target_span = report.pair_span(pair, "target")
        assert target_span is not None
        for mismatch in compare(
            ctx.analysis.pair_numbers(pair, side), ctx.analysis.pair_numbers(pair, "target")
        ):
            s = mismatch.source
            if s is None or mismatch.target is not None:
                continue
            yield ctx.finding(
                message=f"'{s.text}' in the {via} does not appear in the translation",
                target_span=target_span,
                source_span=compared.source_span(s.start, s.end),
                evidence=[Evidence(s.text, s.start, s.end, side, f"this {s.kind} has no counterpart")],
                confidence=0.7 if compared.from_source else 0.4,
                pair=pair.index,
            )


@register_check(
    "numbers.format",
    category=Category.LOCALE,
    severity=Severity.MINOR,
    description="A number in the German text written the English way (1,000.5, 2.5 Milliarden, $5, 2 p.m.)",
)
def check_format(ctx: CheckContext) -> Iterator[Finding]:
    target = ctx.report.target
    if not is_german(target):
        return
    source_texts = _source_number_texts(ctx.report)
    for start, text in article_chunks(target):
        for item in ctx.analysis.numbers("target", start, text):
            reason = _format_issue(item, text, start, source_texts)
            if reason:
                first = item.start
                symbol = re.search(r"(?:US\$|\$|£|¥)\s?$", target.text[max(0, first - 4) : first])
                suggestion = _german_format(item)
                if reason == "currency symbol before the amount" and symbol:
                    first -= len(symbol.group())  # the slip is the symbol's place: mark it too
                    name = {"dollar": "Dollar", "pound": "Pfund", "yen": "Yen"}.get(item.currency or "")
                    suggestion = f"{item.text} {name}" if name else None
                shown = target.text[first : item.end]
                yield ctx.finding(
                    message=f"'{shown}' follows English conventions ({reason})",
                    target_span=target.span(first, item.end),
                    suggestion=suggestion,
                    confidence=0.8,
                )
        for m in re.finditer(r"\b\d{1,2}(?::\d{2})?\s?(?:a\.\s?m\.|p\.\s?m\.|am|pm)(?!\w)", text):
            if re.search(r"(?:a\.\s?m\.|p\.\s?m\.)$", m.group()) or re.search(r"\d\s?(?:am|pm)$", m.group()):
                yield ctx.finding(
                    message=f"'{m.group()}' uses the English 12-hour clock; German uses 24 hours with 'Uhr'",
                    target_span=target.span(start + m.start(), start + m.end()),
                    confidence=0.8,
                )


def _source_number_texts(report: Report) -> set[str]:
    source = report.source
    if source is None:
        return set()
    return set(NUMBER_RE.findall(source.text))


def _format_issue(item: NumberItem, text: str, offset: int, source_texts: set[str]) -> str | None:
    if not item.hard or item.kind in ("time", "day", "month", "year"):
        return None
    raw = re.match(r"\d+(?:[.,]\d+)*", item.text)
    digits = raw.group() if raw else item.text
    note = item.locale_issue
    if note == "ambiguous-comma":
        # "1,000" is a thousands comma when the source has the same "1,000".
        return "English thousands comma" if digits in source_texts else None
    if note == "decimal point":
        # "2.5 Prozent", "2.5 Milliarden": a decimal point where German uses a comma. Only
        # next to a unit, scale or currency, because "1.5" may also be a version or a section.
        if item.scaled or item.kind in ("percent", "money"):
            return "decimal point instead of comma"
        return None
    return note


def _german_format(item: NumberItem) -> str | None:
    values = [v for k, v in item.values if k == "n"]
    if not values or item.mantissa is None:
        return None
    mantissa = item.mantissa
    if mantissa == int(mantissa):
        digits = f"{int(mantissa):,}".replace(",", ".")
    else:
        digits = f"{mantissa:,.10f}".rstrip("0").replace(",", "X").replace(".", ",").replace("X", ".")
    return digits


_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_CLOCK = re.compile(r"(\d{1,2})(?:([.:])(\d{2}))?")


def corrected_number(source: NumberItem, target: NumberItem) -> str | None:
    """The target's text with the source's number written the German way ("2,6 Prozent" → "2,5
    Prozent", "15.30 Uhr" → "14.30 Uhr"), or None when only the words differ (a scale, a unit): the
    editor then reads the message, since rewording a phrase is beyond a digit swap."""
    if target.kind == "time" and source.kind == "time":
        minutes = [v for k, v in source.values if k == "t"]
        clock = _CLOCK.match(target.text)
        if len(minutes) != 1 or clock is None:
            return None
        hours, rest = divmod(int(minutes[0]), 60)
        separator = clock.group(2) or "."
        written = f"{hours}{separator}{rest:02d}" if rest or clock.group(3) else str(hours)
        fixed = written + target.text[clock.end() :]
    else:
        digits = _DIGITS.match(target.text)
        if digits is None or source.mantissa is None:
            return None
        plain = source.mantissa == int(source.mantissa) and source.mantissa < 10_000
        # years and small counts keep the target's own way of writing them ("2024", not "2.024")
        written = str(int(source.mantissa)) if plain and not re.search(r"[.,]", digits.group()) else None
        written = written or _german_format(source)
        if written is None:
            return None
        fixed = written + target.text[digits.end() :]
    return fixed if fixed != target.text else None
