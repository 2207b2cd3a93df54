"""Names in English text and how they may stand in German: which capitalised words are names,
their accepted German forms, and what became of each in a German translation.

A name may legitimately change spelling: German exonyms (Moscow → Moskau, Munich → München,
taken from the CLDR data that ships with babel plus a short table of press usage) and German
transliterations of Cyrillic names (Zelensky → Selenskyj, Vladimir → Wladimir, Tchaikovsky →
Tschaikowski), which :func:`translit_key` brings to one key. Only what is left after that is
reported: a close-but-different spelling ("Bristow" → "Bristol") is *altered*; no candidate at
all is *missing*.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz

from mtcheck.analysis.lexicon import listed_german_noun, zipf
from mtcheck.analysis.tokens import Token, translit_key, word_tokens

_WORD_LISTS = json.loads((Path(__file__).parent / "data" / "names.json").read_text(encoding="utf-8"))
#: Press usage beyond CLDR's country and city names (English → German forms, any of which is fine).
EXTRA_EXONYMS: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in _WORD_LISTS["exonyms"].items()}
#: Capitalised in English for reasons other than being a name, or titles German translates.
NOT_NAMES = frozenset(_WORD_LISTS["not_names"])
CONNECTORS = {"of", "de", "van", "von", "der", "da", "al", "bin", "la", "le", "du", "del"}


@dataclass
class Name:
    tokens: list[Token]

    @property
    def start(self) -> int:
        return self.tokens[0].start

    @property
    def end(self) -> int:
        return self.tokens[-1].end

    @property
    def text(self) -> str:
        return " ".join(t.text for t in self.tokens)


@lru_cache(maxsize=1)
def exonyms() -> dict[str, tuple[str, ...]]:
    """English name (lower case) → German forms: CLDR countries and cities (babel) + press usage."""
    table: dict[str, set[str]] = {}
    try:
        from babel import Locale

        english, german = Locale("en"), Locale("de")
        for code, name in english.territories.items():
            if code in german.territories and not code.isdigit():
                table.setdefault(name.lower(), set()).add(german.territories[code])
        for zone, names in german.time_zones.items():
            city_de = names.get("city")
            city_en = english.time_zones.get(zone, {}).get("city") or zone.rsplit("/", 1)[-1].replace(
                "_", " "
            )
            if city_de and city_en and "," not in city_en:
                table.setdefault(city_en.lower(), set()).add(city_de)
    except ImportError:  # babel is optional: the hand table still applies
        pass
    for name, forms in EXTRA_EXONYMS.items():
        table.setdefault(name, set()).update(forms)
    return {name: tuple(sorted(forms)) for name, forms in table.items()}


def _skeleton(key: str) -> str:
    """Consonants only (first letter kept): Mohammed/Muhammad, Kyiv/Kiev agree here."""
    return key[:1] + re.sub(r"[aeiou]", "", key[1:])


_SUFFIXES = (
    "ischen",
    "ische",
    "isch",
    "ians",
    "ian",
    "ese",
    "ies",
    "ens",
    "ums",
    "um",
    "en",
    "es",
    "er",
    "n",
    "s",
    "e",
)


def _stems(key: str) -> set[str]:
    stems = {key}
    for suffix in _SUFFIXES:
        if key.endswith(suffix) and len(key) - len(suffix) >= 4:
            stems.add(key[: -len(suffix)])
    return stems


def same_name(name: str, candidate: str) -> bool:
    """True when a target word is the name, a German spelling or an inflected/compound form of it."""
    a, b = translit_key(name), translit_key(candidate)
    if not a or not b:
        return False
    for x in _stems(a):
        for y in _stems(b):
            if x == y or (len(x) >= 4 and _skeleton(x) == _skeleton(y)):
                return True
    # German genitive "Putins", adjectives "Trumpsche", compounds "Kremlsprecher", "Nordsyrien",
    # "Weihnachtsfeier" (Weihnachten), "Valentinstag" (Valentine).
    if len(a) >= 4 and (b.startswith(a) or (len(a) >= 5 and a in b)):
        return True
    if len(a) >= 6 and len(b) > len(a) and b.startswith(a[:-2]):
        return True
    # a shortened form: "Foyles" for "Foylesider"
    return len(b) >= 4 and a.startswith(b) and (len(a) - len(b) <= 1 or len(b) >= 5)


# Common-noun and demonym endings: "Founders", "Typing", "Athletics", "Kazakhstani", "Spaniards".
_COMMON_ENDINGS = re.compile(
    r"(?:ing|ers|ors|ants|ents|ics|ists|ments|tions|ness|ians?|eans|ese|ish|stani|ards?)$"
)


def without_possessive(word: str) -> str:
    """Putin's → Putin: the English possessive is not part of the name."""
    return re.sub(r"['’]s$", "", word)


def name_like(word: str) -> bool:
    """A capitalised English word that is probably a name and would be kept in German."""
    word = without_possessive(word)
    low = word.lower().replace("’", "'")
    if low in NOT_NAMES or len(word) < 2 or any(c.isdigit() for c in word) or re.match(r"i\W", low):
        return False
    if low in exonyms():
        return len(low) > 3 or word.isupper()  # "WHO" the organisation, not "Who" the pronoun
    if word.isupper():
        return False  # acronyms are often German ones (EEA → EWR); shouting is no name
    english, german = zipf(low, "en"), zipf(low, "de")
    # Very common words are no names; nor are English words that are German function words (War).
    if english >= 5.5 or german >= 5.5 or _COMMON_ENDINGS.search(low):
        return False
    # Rare English words are names; common ones that German also uses (Putin, London, Google) too.
    return english < 4.0 or german >= english - 0.5


def is_title_case(words: list[Token]) -> bool:
    """A headline in title case: no lower-case content word, several capitalised common words."""
    if any(not w.capitalised and len(w.text) > 3 for w in words):
        return False
    common = [
        w for w in words if len(w.text) > 3 and w.text.lower() not in NOT_NAMES and not name_like(w.text)
    ]
    return len(common) >= 2


def source_names(text: str, offset: int) -> list[Name]:
    """Runs of capitalised words that are not at the start of the sentence and not a headline."""
    words = word_tokens(text, offset)
    if not words:
        return []
    if is_title_case(words):
        return []  # a title-case headline: capitals say nothing there
    names: list[Name] = []
    run: list[Token] = []
    first = words[0].start

    def close() -> None:
        while run and run[-1].text.lower() in CONNECTORS:
            run.pop()
        if run:
            names.append(Name(list(run)))
        run.clear()

    for i, word in enumerate(words):
        gap = text[words[i - 1].end - offset : word.start - offset] if i else ""
        if run and not re.fullmatch(r"[ \-]?", gap):
            close()
        before = text[max(0, word.start - offset - 3) : word.start - offset]
        starts = word.start == first or bool(re.search(r"[.!?:;\"“”„«»()\n]\s*$", before))
        following = words[i + 1] if i + 1 < len(words) else None
        opens_sentence = starts and not (following and following.capitalised and name_like(word.text))
        if (word.capitalised and not opens_sentence) or (run and word.text in CONNECTORS):
            run.append(word)
        else:
            close()
    close()
    return names


@dataclass
class NameProblem:
    name: Name
    kind: str  # "altered" (misspelt) | "replaced" (another name in its place) | "missing"
    candidate: Token | None
    score: float
    full: Name | None = None  # the whole source name the token belongs to ("Serhiy Marchenko")


def _expected_forms(name: str) -> tuple[str, ...]:
    return exonyms().get(name.lower(), ())


def accepted_forms(name: str) -> tuple[str, ...]:
    """How a source name may stand in German: its exonyms (Moscow → Moskau), then the name itself."""
    return _expected_forms(name) + (name,)


def _matched_in(forms: tuple[str, ...], target_words: list[Token], target_text: str) -> bool:
    lowered = target_text.lower()
    # exonyms: "Russland" also covers "russisch", "Deutschland" "deutsche", "China" "chinesische"
    for form in forms[:-1]:
        key = translit_key(form)
        stem = key[: 4 if len(key) >= 6 else 3]
        if (
            len(form) >= 5
            and " " not in form
            and any(translit_key(w.text).startswith(stem) for w in target_words)
        ):
            return True
    for form in forms:
        if " " in form or "-" in form:
            if form.lower() in lowered:
                return True
        elif any(same_name(form, w.text) for w in target_words):
            return True
    return False


def _nearest_spelling(forms: tuple[str, ...], target_words: list[Token]) -> tuple[Token | None, float]:
    """The capitalised target word closest to any form of a name, and how close (0-100)."""
    best, best_score = None, 0.0
    for candidate in target_words:
        if not candidate.capitalised:
            continue
        score = max(fuzz.ratio(translit_key(f), translit_key(candidate.text)) for f in forms)
        if score > best_score:
            best, best_score = candidate, score
    return best, best_score


def find_problems(
    source_chunks: list[tuple[int, str]], target_chunks: list[tuple[int, str]]
) -> list[NameProblem]:
    target_words = [w for start, text in target_chunks for w in word_tokens(text, start)]
    target_text = " ".join(text for _, text in target_chunks)
    problems: list[NameProblem] = []
    seen: set[str] = set()
    for start, text in source_chunks:
        for name in source_names(text, start):
            whole = name.text
            whole_forms = _expected_forms(whole)
            if whole_forms and _matched_in(whole_forms + (whole,), target_words, target_text):
                continue
            for token in name.tokens:
                word = without_possessive(token.text)
                token = Token(token.start, token.start + len(word), word)
                if word in CONNECTORS or word.lower() in seen or not name_like(word):
                    continue
                seen.add(word.lower())
                forms = accepted_forms(word)
                if _matched_in(forms, target_words, target_text):
                    continue
                best, best_score = _nearest_spelling(forms, target_words)
                if best is not None and best_score >= 88 and best.text[:1].lower() == word[:1].lower():
                    continue  # a spelling variant (Hatschepsut, Kasachstan), not an error worth a finding
                if best is not None and best_score >= 75:
                    if not german_word(best.text):
                        problems.append(NameProblem(Name([token]), "altered", best, best_score))
                    # else: a German word close to the name is its translation (Antiquities → Antiquitäten)
                else:
                    problems.append(NameProblem(Name([token]), "missing", best, best_score, name))
    return _substitutions(problems, source_chunks, target_chunks)


def _substitutions(
    problems: list[NameProblem], source_chunks: list[tuple[int, str]], target_chunks: list[tuple[int, str]]
) -> list[NameProblem]:
    """A surname replaced by another next to the kept given name: "Serhiy Marchenko" →
    "Serhij Kowalenko". The replacement is then the finding's target span.

    Only this shape is trusted: the rest of the source name is found in the target, and the
    one unexplained name-like word stands right beside it.
    """
    missing = [p for p in problems if p.kind == "missing" and p.full is not None and len(p.full.tokens) > 1]
    if len(missing) != 1:
        return problems
    problem = missing[0]
    assert problem.full is not None
    kept = [t.text for t in problem.full.tokens if t.start != problem.name.start]
    source_words = [w for start, text in source_chunks for w in word_tokens(text, start)]
    forms = [f for w in source_words if w.capitalised for f in accepted_forms(w.text)]
    candidates = [
        word for start, text in target_chunks for word in _replacements(word_tokens(text, start), kept, forms)
    ]
    if len({w.text for w in candidates}) != 1:
        return problems
    problem.kind, problem.candidate, problem.score = "replaced", candidates[0], 0.0
    return problems


def _replacements(words: list[Token], kept: list[str], forms: list[str]) -> list[Token]:
    """Name-like words beside a kept part of the name that are neither German nor a source name."""
    found = []
    for i, word in enumerate(words):
        if not word.capitalised or len(word.text) < 3 or word.text.isupper():
            continue
        neighbours = words[max(0, i - 1) : i] + words[i + 1 : i + 2]
        if not any(same_name(k, n.text) for k in kept for n in neighbours):
            continue
        if zipf(word.text.lower(), "de") >= 3.0 or german_word(word.text):
            continue
        if not any(same_name(f, word.text) for f in forms):
            found.append(word)
    return found


def german_word(word: str) -> bool:
    """A common German word or noun form (Antiquitäten, Enzyklopädie): a translation, not a misspelt name."""
    if zipf(word.lower(), "de") >= 4.0 or listed_german_noun(word):
        return True
    # A compound whose head is a German noun: Vizebürgermeister, Energieinfrastruktur.
    return any(listed_german_noun(word[i:].capitalize()) for i in range(2, len(word) - 3))
