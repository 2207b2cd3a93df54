"""Weekday and month names in English and German, as numbers (Monday = 1, January = 1)."""

from __future__ import annotations

import re

from mtcheck.analysis.tokens import Token

_EN_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DE_WEEKDAYS = ("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag")
_EN_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_DE_MONTHS = [
    "januar",
    "februar",
    "märz",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "dezember",
]
_EN_WEEKDAY_RE = re.compile(r"\b(" + "|".join(_EN_WEEKDAYS) + r")s?\b", re.IGNORECASE)
_DE_WEEKDAY_RE = re.compile(r"\b(" + "|".join(_DE_WEEKDAYS) + r"|sonnabend)(?:s|en)?\b", re.IGNORECASE)
# "May" and "March" are also a verb and a noun: only capitalised, and "May" only beside a number
_EN_MONTH_RE = re.compile(
    r"\b(January|February|March|April|June|July|August|September|October|November|December)\b"
    r"|\b(May)\b(?=\s+\d)|(?<=\d\s)(May)\b|(?<=\bin\s)(May)\b|(?<=\bof\s)(May)\b"
)
_DE_MONTH_RE = re.compile(r"\b(" + "|".join(m.capitalize() for m in _DE_MONTHS) + r"|Jänner)\b")


def english_weekdays(text: str, offset: int = 0) -> list[tuple[Token, int]]:
    return [
        (Token(m.start() + offset, m.end() + offset, m.group()), _EN_WEEKDAYS.index(m.group(1).lower()) + 1)
        for m in _EN_WEEKDAY_RE.finditer(text)
    ]


def german_weekdays(text: str, offset: int = 0) -> list[tuple[Token, int]]:
    found = []
    for m in _DE_WEEKDAY_RE.finditer(text):
        day = m.group(1).lower()
        number = 6 if day == "sonnabend" else _DE_WEEKDAYS.index(day) + 1
        found.append((Token(m.start() + offset, m.end() + offset, m.group()), number))
    return found


def english_months(text: str, offset: int = 0) -> list[tuple[Token, int]]:
    found = []
    for m in _EN_MONTH_RE.finditer(text):
        name = next(g for g in m.groups() if g)
        found.append((Token(m.start() + offset, m.end() + offset, name), _EN_MONTHS.index(name.lower()) + 1))
    return found


def german_months(text: str, offset: int = 0) -> list[tuple[Token, int]]:
    found = []
    for m in _DE_MONTH_RE.finditer(text):
        name = m.group(1).lower()
        number = 1 if name == "jänner" else _DE_MONTHS.index(name) + 1
        found.append((Token(m.start() + offset, m.end() + offset, m.group()), number))
    return found
