"""Numbers, dates, times, money and percentages in English and German text, and how two texts'
numbers correspond.

Each side is read with its own conventions (English "1,000.5", German "1.000,5"), so that a
correct conversion compares equal: "19. März 2025" = "March 19, 2025", "30-tägigen" = "30-day",
"2,5 Milliarden" = "2.5 billion", "14.30 Uhr" = "2:30 p.m.", "1990er" = "1990s", "zwei" = 2.
Spelled-out numbers only ever *confirm* a number; a check fires only for numbers written
in digits, which is where machine translation errors are unambiguous.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from mtcheck.analysis.number_words import (
    CURRENCY_WORDS,
    DE_UNITS,
    EN_TENS,
    EN_UNITS,
    MONTH_ABBR,
    MONTH_VALUE,
    SCALES_DE,
    SCALES_EN,
    spelled_number,
)
from mtcheck.analysis.tokens import HYPHENATED_RE

Value = tuple[str, float]  # ("n", 2.5e9) a quantity, ("t", 870) minutes of the day, ("m", 3) a month

UNITS_TO_CONVERT = re.compile(
    r"\s*(?:-\s*)?(?:miles?|mi\b|feet|foot|ft\b|inch(?:es)?|yards?|pounds?|lbs?\b|ounces?|oz\b|acres?|"
    r"gallons?|mph\b|°\s*F|degrees? Fahrenheit|Fahrenheit|stone\b)",
    re.IGNORECASE,
)
# Digit runs with inner separators ("1.000,5", "1,000.5", "19.03.2025", "14:30").
NUMBER_RE = re.compile(r"(?<![\w])(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d.,])|\d+(?:[.,:]\d+)*)")
AMPM_RE = re.compile(r"\s*(a\.\s?m\.|p\.\s?m\.|am\b|pm\b|AM\b|PM\b)")
UHR_RE = re.compile(r"\s*Uhr\b")
DECADE_SUFFIX_EN = re.compile(r"'?s\b")
DECADE_SUFFIX_DE = re.compile(r"er(?:n|jahre\w*)?\b")
ORDINAL_SUFFIX_EN = re.compile(r"(?:st|nd|rd|th)\b")
SCALE_AFTER = re.compile(r"\s*(?:-\s*)?([A-Za-zÄÖÜäöü]+)\.?")
CURRENCY_BEFORE = re.compile(r"(US\$|\$|€|£|¥|USD|EUR|GBP|JPY)\s?$")
CURRENCY_AFTER = re.compile(
    r"\s*(US\$|\$|€|£|¥|(?:USD|EUR|GBP|JPY|US-Dollar|Dollars?|dollars?|Euros?|euros?|Pfund|Rubel|roubles?|"
    r"rubles?|Yen|yen)\b)"
)
# "£44m", "5bn", "3 million" left in German text.
ENGLISH_SCALE_IN_GERMAN = re.compile(r"(m|bn|mn|million|billion|trillion)\b|\s(million|billion|trillion)\b")
VERSION_BEFORE = re.compile(r"(?:Version|version|v|iOS|Android|Windows|macOS|Python)\s*$")


@dataclass
class NumberItem:
    start: int
    end: int
    text: str
    values: frozenset[Value]
    hard: bool  # written in digits: only these raise findings
    kind: str = "number"
    mantissa: float | None = None
    scaled: bool = False
    currency: str | None = None
    convertible_unit: bool = False
    locale_issue: str | None = None  # why this (German) number is written the English way
    notes: list[str] = field(default_factory=list)


def _parse_en(raw: str) -> list[float] | None:
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", raw):
        return [float(raw.replace(",", ""))]
    if re.fullmatch(r"\d+(?:\.\d+)?", raw):
        return [float(raw)]
    if re.fullmatch(r"\d+,\d{1,2}", raw):  # a German-style decimal, or a list "4,6" (4 and 6)
        first, second = raw.split(",")
        return [float(raw.replace(",", ".")), float(first), float(second)]
    return None


def _parse_de(raw: str) -> tuple[list[float], str | None] | None:
    """Values of a German-written number, and a note when it follows English conventions."""
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", raw):
        return [float(raw.replace(".", "").replace(",", "."))], None
    if re.fullmatch(r"\d+(?:,\d+)?", raw):
        if re.fullmatch(r"[1-9]\d{0,2},\d{3}", raw):  # "1,000": English thousands or a 3-decimal value
            return [float(raw.replace(",", ".")), float(raw.replace(",", ""))], "ambiguous-comma"
        return [float(raw.replace(",", "."))], None
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+\.\d+", raw):
        return [float(raw.replace(",", ""))], "English thousands comma and decimal point"
    if re.fullmatch(r"\d{1,3}(?:,\d{3}){2,}", raw):
        return [float(raw.replace(",", ""))], "English thousands commas"
    if re.fullmatch(r"\d+\.\d+", raw):
        return [float(raw)], "decimal point"
    return None


def _values(numbers: list[float]) -> frozenset[Value]:
    return frozenset(("n", round(v, 6)) for v in numbers)


def _clock_items(text: str, raw: str, start: int, end: int, offset: int) -> list[NumberItem] | None:
    """A time of day ("14:30", "2 p.m.", "17 Uhr") or the numbers of a score ("2:0"); else None."""
    after = text[end:]
    time = re.fullmatch(r"(\d{1,2})[:.](\d{2})", raw)
    ampm = AMPM_RE.match(after)
    uhr = UHR_RE.match(after)
    if (time or re.fullmatch(r"\d{1,2}", raw)) and (ampm or uhr):
        hour = int(time.group(1) if time else raw)
        minute = int(time.group(2)) if time else 0
        if hour <= 24 and minute < 60:
            if ampm:
                pm = ampm.group(1).lower().startswith("p")
                hour = hour % 12 + (12 if pm else 0)
                end += ampm.end()
            else:
                end += uhr.end()  # type: ignore[union-attr]
            minutes = frozenset({("t", hour * 60 + minute)})
            return [NumberItem(start + offset, end + offset, text[start:end], minutes, True, "time")]
    if time and ":" in raw and int(time.group(1)) <= 24 and int(time.group(2)) < 60:
        hour, minute = int(time.group(1)), int(time.group(2))
        candidates = {("t", hour * 60 + minute), ("t", (hour % 12 + 12) * 60 + minute)}
        return [NumberItem(start + offset, end + offset, raw, frozenset(candidates), True, "time")]
    if ":" in raw and not time:  # a score or ratio: "2:0", "3:1" ↔ "2-0", "3-1"
        return [
            NumberItem(
                start + part.start() + offset,
                start + part.end() + offset,
                part.group(),
                _values([int(part.group())]),
                True,
            )
            for part in re.finditer(r"\d+", raw)
        ]
    return None


def _dotted_date_items(raw: str, start: int, end: int, after: str, offset: int) -> list[NumberItem] | None:
    """Day, month and year of a date written with dots (19.03.2025, 1.5.); else None."""
    date = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{2,4})", raw) or (
        re.fullmatch(r"(\d{1,2})\.(\d{1,2})()", raw) if after.startswith(".") else None
    )
    if not date or not 1 <= int(date.group(2)) <= 12 or not 1 <= int(date.group(1)) <= 31:
        return None
    day, month = int(date.group(1)), int(date.group(2))
    d_end = start + len(date.group(1))
    items = [
        NumberItem(start + offset, d_end + offset, date.group(1), _values([day]), True, "day"),
        NumberItem(start + offset, end + offset, raw, frozenset({("m", month)}), False, "month"),
    ]
    if date.group(3):
        y = int(date.group(3))
        year = y + (2000 if y < 50 else 1900) if y < 100 else y
        y_start = start + raw.rindex(".") + 1
        items.append(NumberItem(y_start + offset, end + offset, date.group(3), _values([year]), True, "year"))
    return items


def _qualify(
    item: NumberItem, text: str, start: int, end: int, numbers: list[float], german: bool, offset: int
) -> None:
    """Extend a digit number by what follows it, in place: a scale word ("2.5 billion", "2,5 Milliarden",
    "3 Mio.", "$5bn"), percent, currency, a unit that is converted in translation."""
    if item.kind == "number":
        end = _apply_scale(item, text, start, end, numbers, german, offset)
    if german and item.kind == "number" and not item.scaled:
        end = _apply_english_scale(item, text, start, end, numbers, offset)
    _apply_money_and_percent(item, text, start, end, german)


def _apply_scale(
    item: NumberItem, text: str, start: int, end: int, numbers: list[float], german: bool, offset: int
) -> int:
    """Scale words: "2.5 billion", "2,5 Milliarden", "3 Mio.", "$5bn". Returns the item's new end."""
    scales = SCALES_DE if german else SCALES_EN
    scale = SCALE_AFTER.match(text, end)
    if not scale or scale.group(1).lower() not in scales:
        return end
    if german and scale.group(1) in ("million", "billion", "trillion"):
        return end  # an English word left in German: _apply_english_scale reads it
    if len(scale.group(1)) <= 2 and scale.start(1) != end:
        return end  # "5 m" is five metres; "5m" five million
    item.values = _values([n * scales[scale.group(1).lower()] for n in numbers])
    item.scaled = True
    abbreviated = scale.group(1).lower() in ("mio", "mrd", "tsd", "bio")
    end = scale.end(1) + (1 if abbreviated and text[scale.end(1) : scale.end(1) + 1] == "." else 0)
    item.end, item.text = end + offset, text[start:end]
    return end


def _apply_english_scale(
    item: NumberItem, text: str, start: int, end: int, numbers: list[float], offset: int
) -> int:
    """ "£44m", "5bn", "3 million" left in German text: the English scale, and a locale issue."""
    english = ENGLISH_SCALE_IN_GERMAN.match(text, end)
    if not english:
        return end
    word = english.group(1) or english.group(2)
    item.values = _values([n * SCALES_EN[word] for n in numbers])
    item.scaled = True
    item.locale_issue = f"English '{word}' for the amount"
    end = english.end()
    item.end, item.text = end + offset, text[start:end]
    return end


def _apply_money_and_percent(item: NumberItem, text: str, start: int, end: int, german: bool) -> None:
    rest = text[end:]
    if re.match(r"\s?(?:%|percent\b|per cent\b|Prozent\b|v\.\s?H\.)", rest):
        item.kind = "percent"
    cur_before = CURRENCY_BEFORE.search(text[max(0, start - 4) : start])
    cur_after = CURRENCY_AFTER.match(rest)
    if cur_before:
        item.currency = CURRENCY_WORDS.get(cur_before.group(1).lower())
        item.kind = "money"
        if german and cur_before.group(1) in "$£¥":
            item.locale_issue = item.locale_issue or "currency symbol before the amount"
    elif cur_after:
        item.currency = CURRENCY_WORDS.get(cur_after.group(1).lower())
        item.kind = "money"
    item.convertible_unit = bool(UNITS_TO_CONVERT.match(rest))


def extract(text: str, offset: int, german: bool) -> list[NumberItem]:
    """Every number, date part, time, month and spelled-out number in a text chunk."""
    items: list[NumberItem] = []
    for m in NUMBER_RE.finditer(text):
        items += _digit_items(text, m, german, offset)
    taken = [(item.start - offset, item.end - offset) for item in items]
    for m in HYPHENATED_RE.finditer(text):
        if all(m.end() <= a or m.start() >= b for a, b in taken):
            item = _word_item(text, m, german, offset)
            if item is not None:
                items.append(item)
    items.sort(key=lambda i: i.start)
    _share_time_suffix(items, text, offset)
    return items


def _digit_items(text: str, m: re.Match[str], german: bool, offset: int) -> list[NumberItem]:
    """The items one run of digits stands for: a number (with its scale, unit, currency), a time,
    or the parts of a date; none for identifiers ("G7", "COVID19") and versions."""
    raw, start, end = m.group(), m.start(), m.end()
    if re.search(r"\s", raw):  # "62 985": thousands grouped with (narrow) spaces
        raw = re.sub(r"\s", "", raw)
        item = NumberItem(start + offset, end + offset, m.group(), _values([int(raw)]), True)
        item.mantissa = float(raw)
        return [item]
    if _identifier(text, start, end) or VERSION_BEFORE.search(text[max(0, start - 12) : start]):
        return []
    dated = _clock_items(text, raw, start, end, offset)
    if dated is None:
        dated = _dotted_date_items(raw, start, end, text[end:], offset)
    if dated is not None:
        return dated
    parsed = _parse_de(raw) if german else ((n, None) if (n := _parse_en(raw)) is not None else None)
    if parsed is None:
        return []
    numbers, note = parsed
    numbers, kind, end = _decade_or_ordinal(text, raw, end, numbers, german)
    if _short_year(text, raw, start):
        numbers = [*numbers, 1900 + int(raw), 2000 + int(raw)]
    item = NumberItem(start + offset, end + offset, text[start:end], _values(numbers), True, kind)
    item.locale_issue = note
    item.mantissa = numbers[0]
    _qualify(item, text, start, end, numbers, german, offset)
    return [item]


def _short_year(text: str, raw: str, start: int) -> bool:
    """A two-digit year: "1/1/08", "1950-53", "'90" (the same year as "2008", "1953", "1990")."""
    return len(raw) == 2 and bool(re.search(r"(?:\d[/.\-–]|['’])$", text[max(0, start - 2) : start]))


def _identifier(text: str, start: int, end: int) -> bool:
    """Part of an identifier such as "G7", "F16", "COVID19", "A4" rather than a number."""
    if start and text[start - 1].isalpha():
        return True
    if not re.match(r"[A-Za-z]", text[end : end + 1]):
        return False
    unit = r"(?:st|nd|rd|th|s|er|m|bn|k|mn|tn|b|million|billion)\b|(?:er)"
    return not re.match(unit, text[end:], re.IGNORECASE)


def _decade_or_ordinal(
    text: str, raw: str, end: int, numbers: list[float], german: bool
) -> tuple[list[float], str, int]:
    """Decades (1990s, '90s, 1990er, 90er-Jahre) and English ordinals (1st, 22nd): the values, the
    kind and the new end of the item."""
    after = text[end:]
    decade = (DECADE_SUFFIX_DE if german else DECADE_SUFFIX_EN).match(after)
    if decade and re.fullmatch(r"\d0|\d{3}0", raw):
        if len(raw) == 2:
            numbers = [1900 + int(raw), 2000 + int(raw), int(raw)]
        return numbers, "decade", end + decade.end()
    ordinal = None if german else ORDINAL_SUFFIX_EN.match(after)
    if ordinal:
        return numbers, "ordinal", end + ordinal.end()
    return numbers, "number", end


def _word_item(text: str, m: re.Match[str], german: bool, offset: int) -> NumberItem | None:
    """A month name (a date only when next to a number) or a spelled-out number."""
    word, s, e = m.group(), m.start(), m.end()
    low = word.lower().rstrip(".")
    month = MONTH_VALUE.get(low) or (MONTH_ABBR.get(low) if text[e : e + 1] == "." else None)
    if month and word[0].isupper():
        # Next to a number it is a date that must match; alone ("last February") it only
        # confirms (a sentence splitter may also have cut "Jan. 6" after "Jan.").
        dated = bool(re.search(r"\d", text[max(0, s - 5) : s] + " " + text[e : e + 6]))
        return NumberItem(s + offset, e + offset, word, frozenset({("m", month)}), dated, "month")
    value = spelled_number(low, german)
    if value is None:
        return None
    values = [value]
    scales = SCALES_DE if german else SCALES_EN
    scale = SCALE_AFTER.match(text, e)
    if scale and scale.group(1).lower() in scales and len(scale.group(1)) > 2:
        values.append(value * scales[scale.group(1).lower()])
    return NumberItem(s + offset, e + offset, word, _values(values), False, "spelled")


def _share_time_suffix(items: list[NumberItem], text: str, offset: int) -> None:
    """ "between 5 and 10 p.m." / "zwischen 17 und 22 Uhr": the first hour of a range is a time too."""
    for first, second in zip(items, items[1:], strict=False):
        between = text[first.end - offset : second.start - offset]
        hour = first.mantissa
        if (
            second.kind == "time"
            and first.kind == "number"
            and hour is not None
            and hour == int(hour)
            and 0 <= hour <= 24
            and re.fullmatch(r"\s*(?:and|to|until|und|bis|-|–)\s*", between)
        ):
            hour = int(hour)
            first.values = first.values | {("t", hour * 60), ("t", (hour % 12 + 12) * 60)}
            first.kind = "time"


def compatible(a: NumberItem, b: NumberItem) -> bool:
    """The two numbers may stand for the same quantity, date part or time."""
    if a.values & b.values:
        return True
    # A scale word dropped or added on one side only ("$3m" ↔ "3 Millionen Dollar" is caught above;
    # "3 million" ↔ "drei Millionen" ↔ "3" with the scale elsewhere in the phrase is caught here).
    if a.mantissa is not None and b.mantissa is not None and a.scaled != b.scaled:
        return ("n", round(a.mantissa, 6)) in b.values or ("n", round(b.mantissa, 6)) in a.values
    if a.kind == "percent" or b.kind == "percent":
        # 0.5 percentage points written as 50 basis points etc. are too rare to chase; but 1.5% ↔ 1,5 %
        return False
    return False


@dataclass
class Mismatch:
    source: NumberItem | None
    target: NumberItem | None


def compare(source_items: list[NumberItem], target_items: list[NumberItem]) -> list[Mismatch]:
    """Digit-written numbers on either side with no compatible counterpart on the other side.

    Unmatched source and target numbers of the same kind are paired in order of appearance
    ("changed"); what remains is "missing" (source only) or "added" (target only).
    """
    unmatched_source = _unmatched(source_items, target_items)
    unmatched_target = _unmatched(target_items, source_items)
    if any(s.convertible_unit for s in source_items):
        # miles, feet, °F … converted: the target's plain numbers are the converted values
        unmatched_target = [t for t in unmatched_target if t.kind not in ("number", "decade")]
    mismatches: list[Mismatch] = []
    remaining_target = list(unmatched_target)
    for s in unmatched_source:
        partner = next((t for t in remaining_target if _same_family(s, t)), None)
        if partner is not None:
            remaining_target.remove(partner)
        mismatches.append(Mismatch(s, partner))
    mismatches.extend(Mismatch(None, t) for t in remaining_target)
    if not unmatched_source and not unmatched_target:
        mismatches.extend(_spelled_mismatch(source_items, target_items))
    return mismatches


def _unmatched(items: list[NumberItem], others: list[NumberItem]) -> list[NumberItem]:
    """Digit-written items with no compatible counterpart, leaving out units that get converted."""
    return [
        i for i in items if i.hard and not i.convertible_unit and not any(compatible(i, o) for o in others)
    ]


#: Cardinal words that are numbers and nothing else ("one"/"ein" are also articles and pronouns).
CORE_CARDINALS = frozenset(EN_UNITS[2:] + list(EN_TENS) + [w for w, v in DE_UNITS.items() if 2 <= v <= 90])


def _spelled_mismatch(source_items: list[NumberItem], target_items: list[NumberItem]) -> list[Mismatch]:
    """ "three people" → "vier Menschen": exactly one unconfirmed cardinal word on each side."""

    def lone(items: list[NumberItem], others: list[NumberItem]) -> list[NumberItem]:
        return [
            i
            for i in items
            if i.kind == "spelled"
            and i.text.lower() in CORE_CARDINALS
            and not any(compatible(i, o) for o in others)
        ]

    source_words, target_words = lone(source_items, target_items), lone(target_items, source_items)
    if len(source_words) == 1 and len(target_words) == 1:
        return [Mismatch(source_words[0], target_words[0])]
    return []


def _same_family(a: NumberItem, b: NumberItem) -> bool:
    kinds = {a.kind, b.kind}
    if "time" in kinds or "month" in kinds:
        return a.kind == b.kind
    return True


def currency_mismatches(
    source_items: list[NumberItem], target_items: list[NumberItem]
) -> Iterator[tuple[NumberItem, NumberItem]]:
    for s in source_items:
        if not s.hard or not s.currency:
            continue
        partners = [t for t in target_items if t.currency and compatible(s, t)]
        if partners and all(t.currency != s.currency for t in partners):
            yield s, partners[0]


_DIGITS = re.compile(r"\d+(?:[.,:]\d+)*")


def digit_strings(text: str) -> Counter[str]:
    """Numbers as bare digit strings, separators dropped: "1,000.5" (English) and "1.000,5" (German)
    both become "10005". Locale-free and cheap, for a quick count of numbers two texts share."""
    return Counter(re.sub(r"[.,:]", "", m) for m in _DIGITS.findall(text))
