"""Scale words (million, billion, trillion / Million, Milliarde, Billion), imperial units with their
numbers, and 12-hour clock times, read with each language's conventions.

English "billion" is 10^9, German "Billion" is 10^12 (a false friend MT falls for): the scale is
kept as a power of ten so that the two sides compare by value, not by spelling.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mtcheck.analysis.tokens import Token

_EN_SCALE = re.compile(
    r"\b(?P<word>thousand|million|billion|trillion)s?\b|(?<=\d)\s?(?P<abbr>bn|mn|tn)\b|"
    r"(?<=[$£€]\d)(?P<m>m)\b|(?<=[$£€]\d\d)(?P<m2>m)\b|(?<=[$£€]\d\d\d)(?P<m3>m)\b",
    re.IGNORECASE,
)
_EN_POWER = {"thousand": 3, "million": 6, "mn": 6, "m": 6, "billion": 9, "bn": 9, "trillion": 12, "tn": 12}
_DE_SCALE = re.compile(
    r"\b(?P<word>Tausend|Million(?:en)?|Mio|Milliarde(?:n)?|Mrd|Billion(?:en)?|Bio|Billiarde(?:n)?|"
    r"Trillion(?:en)?)\b",
)
_DE_POWER = {
    "tausend": 3, "million": 6, "millionen": 6, "mio": 6, "milliarde": 9, "milliarden": 9, "mrd": 9,
    "billion": 12, "billionen": 12, "bio": 12, "billiarde": 15, "billiarden": 15, "trillion": 18,
    "trillionen": 18,
}  # fmt: skip


@dataclass(frozen=True)
class Scale:
    cue: Token
    power: int  # 6 = million


def english_scales(text: str, offset: int = 0) -> list[Scale]:
    found = []
    for m in _EN_SCALE.finditer(text):
        key = next(v for v in m.groups() if v).lower()
        found.append(Scale(Token(m.start() + offset, m.end() + offset, m.group().strip()), _EN_POWER[key]))
    return found


def german_scales(text: str, offset: int = 0) -> list[Scale]:
    found = []
    for m in _DE_SCALE.finditer(text):
        if m.group("word") == "Tausend" and not re.search(r"\d\s*$", text[: m.start()]):
            continue  # "Tausende Menschen" is no scale word
        found.append(
            Scale(Token(m.start() + offset, m.end() + offset, m.group()), _DE_POWER[m.group().lower()])
        )
    return found


# --- units -------------------------------------------------------------------------------------

_NUMBER_EN = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_NUMBER_DE = r"(?P<num>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)"
#: imperial unit → family; the German name that keeps the unit; metric units of the family
_EN_UNITS = re.compile(
    _NUMBER_EN + r"(?:\s|-)?(?P<unit>miles?|feet|foot|ft|inch(?:es)?|yards?|pounds?|lbs?|ounces?|oz|"
    r"°\s?F|degrees? Fahrenheit|mph|gallons?|acres?)\b",
    re.IGNORECASE,
)
_FAMILY = {
    "mile": "length", "miles": "length", "feet": "length", "foot": "length", "ft": "length", "inch": "length",
    "inches": "length", "yard": "length", "yards": "length", "pound": "weight", "pounds": "weight",
    "lb": "weight", "lbs": "weight", "ounce": "weight", "ounces": "weight", "oz": "weight",
    "°f": "temperature", "° f": "temperature", "degree fahrenheit": "temperature",
    "degrees fahrenheit": "temperature", "mph": "speed", "gallon": "volume", "gallons": "volume",
    "acre": "area", "acres": "area",
}  # fmt: skip
_DE_METRIC = re.compile(
    _NUMBER_DE + r"(?:\s|-)?(?P<unit>Kilometern?|km|Metern?|m|Zentimetern?|cm|Millimetern?|mm|"
    r"Kilogramm|Kilo|kg|Gramm|g|Tonnen?|t|°\s?C|Grad(?: Celsius)?|Stundenkilometern?|km/h|Litern?|l|"
    r"Hektar|ha|Quadratkilometern?|km²)(?![\w/])",
)
_METRIC_FAMILY = {
    "kilometer": "length", "kilometern": "length", "km": "length", "meter": "length", "metern": "length",
    "m": "length", "zentimeter": "length", "zentimetern": "length", "cm": "length", "millimeter": "length",
    "millimetern": "length", "mm": "length", "kilogramm": "weight", "kilo": "weight", "kg": "weight",
    "gramm": "weight", "g": "weight", "tonne": "weight", "tonnen": "weight", "t": "weight",
    "°c": "temperature", "° c": "temperature", "grad": "temperature", "grad celsius": "temperature",
    "stundenkilometer": "speed", "stundenkilometern": "speed", "km/h": "speed", "liter": "volume",
    "litern": "volume", "l": "volume", "hektar": "area", "ha": "area", "quadratkilometer": "area",
    "quadratkilometern": "area", "km²": "area",
}  # fmt: skip


@dataclass(frozen=True)
class Quantity:
    cue: Token
    value: float
    unit: str
    family: str


def _en_number(raw: str) -> float:
    return float(raw.replace(",", ""))


def _de_number(raw: str) -> float:
    return float(raw.replace(".", "").replace(",", "."))


def english_imperial(text: str, offset: int = 0) -> list[Quantity]:
    found = []
    for m in _EN_UNITS.finditer(text):
        unit = " ".join(m.group("unit").lower().split())
        family = _FAMILY.get(unit) or _FAMILY.get(unit.replace(" ", ""))
        if family:
            cue = Token(m.start() + offset, m.end() + offset, m.group())
            found.append(Quantity(cue, _en_number(m.group("num")), unit, family))
    return found


def german_metric(text: str, offset: int = 0) -> list[Quantity]:
    found = []
    for m in _DE_METRIC.finditer(text):
        unit = " ".join(m.group("unit").lower().split())
        family = _METRIC_FAMILY.get(unit)
        if family:
            cue = Token(m.start() + offset, m.end() + offset, m.group())
            found.append(Quantity(cue, _de_number(m.group("num")), unit, family))
    return found


# --- 12-hour clock -----------------------------------------------------------------------------

_EN_TIME = re.compile(
    r"\b(?P<h>1[0-2]|0?[1-9])(?::(?P<m>[0-5]\d))?\s?(?P<ap>p\.?\s?m\.?|a\.?\s?m\.?)(?!\w)", re.I
)
_DE_TIME = re.compile(r"\b(?P<h>[01]?\d|2[0-3])(?:[.:](?P<m>[0-5]\d))?\s?Uhr\b")


@dataclass(frozen=True)
class Clock:
    cue: Token
    minutes: int  # minutes after midnight


def english_times(text: str, offset: int = 0) -> list[Clock]:
    found = []
    for m in _EN_TIME.finditer(text):
        hour = int(m.group("h")) % 12 + (12 if m.group("ap").lower().startswith("p") else 0)
        found.append(
            Clock(Token(m.start() + offset, m.end() + offset, m.group()), hour * 60 + int(m.group("m") or 0))
        )
    return found


def german_times(text: str, offset: int = 0) -> list[Clock]:
    return [
        Clock(
            Token(m.start() + offset, m.end() + offset, m.group()),
            int(m.group("h")) * 60 + int(m.group("m") or 0),
        )
        for m in _DE_TIME.finditer(text)
    ]
