"""Number words in English and German: scale words, currency names, spelled-out numbers (cardinals,
ordinals, compounds such as "dreitägig" or "forty-two") and month names. The word lists live in
``data/number_words.json``."""

from __future__ import annotations

import json
import re
from pathlib import Path

_WORDS = json.loads((Path(__file__).parent / "data" / "number_words.json").read_text(encoding="utf-8"))
SCALES_EN: dict[str, float] = _WORDS["scales_en"]
SCALES_DE: dict[str, float] = _WORDS["scales_de"]
CURRENCY_WORDS: dict[str, str] = _WORDS["currency_words"]
EN_UNITS: list[str] = _WORDS["en_units"]
EN_TENS: dict[str, int] = _WORDS["en_tens"]
EN_ORDINALS: dict[str, int] = _WORDS["en_ordinals"]
EN_WORDS: dict[str, float] = (
    {w: i for i, w in enumerate(EN_UNITS)} | EN_TENS | EN_ORDINALS | _WORDS["en_extra"]
)
DE_UNITS: dict[str, int] = _WORDS["de_units"]
DE_ORDINAL_STEMS: dict[str, int] = _WORDS["de_ordinal_stems"]
DE_EXTRA: dict[str, float] = _WORDS["de_extra"]
MONTHS_EN: list[str] = _WORDS["months_en"]
MONTHS_DE: list[str] = _WORDS["months_de"]
MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(MONTHS_EN)} | {
    "sept": 9,
    "jän": 1,
    "mär": 3,
    "okt": 10,
    "dez": 12,
}
MONTH_VALUE = (
    {m: i + 1 for i, m in enumerate(MONTHS_EN)}
    | {m: i + 1 for i, m in enumerate(MONTHS_DE)}
    | {"jänner": 1, "maerz": 3}
)


def spelled_number(word: str, german: bool) -> float | None:
    if german:
        if word in DE_UNITS:
            return DE_UNITS[word]
        if word in DE_EXTRA:
            return DE_EXTRA[word]
        compound = re.fullmatch(
            r"(ein|zwei|drei|vier|fünf|sechs|sieben|acht|neun)und"
            r"(zwanzig|dreißig|vierzig|fünfzig|sechzig|siebzig|achtzig|neunzig)(?:st\w*)?",
            word,
        )
        if compound:
            return (
                DE_UNITS[compound.group(1) if compound.group(1) != "ein" else "eins"]
                + DE_UNITS[compound.group(2)]
            )
        for suffix in ("er", "en", "em", "es", "e"):
            stem = word.removesuffix(suffix)
            if stem != word and stem in DE_ORDINAL_STEMS:
                return DE_ORDINAL_STEMS[stem]
            if stem != word and stem in DE_UNITS and stem not in ("ein", "eins", "elf", "acht"):
                return DE_UNITS[stem]  # "zweier", "dreien", "zehnen"
        # "30-tägigen" carries its number in digits; "dreitägigen", "zweijährige" carry it in words.
        prefix = re.match(
            r"(zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|zwanzig|dreißig|"
            r"vierzig|fünfzig|hundert|tausend|ein)(?=tägig|jährig|wöchig|monatig|stündig|"
            r"minütig|fach|mal|köpfig|stellig|teilig|seitig|prozentig)",
            word,
        )
        if prefix:
            return DE_UNITS.get(prefix.group(1), 1.0)
        # Ordinals inside compounds: "Drittanbieter" (3rd party), "Zweitligist", "Viertelfinale" no.
        ordinal = re.match(r"(zweit|dritt|viert|fünft|sechst|siebt|neunt|zehnt)(?!el)", word)
        if ordinal:
            return DE_ORDINAL_STEMS[ordinal.group(1)]
        return None
    if word in EN_WORDS:
        return EN_WORDS[word]
    compound = re.fullmatch(
        r"(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-(one|two|three|four|"
        r"five|six|seven|eight|nine)",
        word,
    )
    if compound:
        return EN_TENS[compound.group(1)] + EN_UNITS.index(compound.group(2))
    prefix = re.fullmatch(
        r"([a-z]+)-(?:day|year|week|month|hour|minute|fold|time|seater|storey|story|"
        r"point|member|man|person|game|match|page|part|way|digit)s?(?:-old)?",
        word,
    )
    if prefix and prefix.group(1) in EN_WORDS:
        return EN_WORDS[prefix.group(1)]
    if word.endswith("s") and word[:-1] in EN_TENS:  # "the nineties"
        return 1900 + EN_TENS[word[:-1]]
    return None
