"""Names and entities: a proper name in the source (or back-translation) missing or altered in
the German target.

A name may legitimately change spelling: German exonyms (Moscow → Moskau, Munich → München,
taken from the CLDR data that ships with babel plus a short table of press usage) and German
transliterations of Cyrillic names (Zelensky → Selenskyj, Vladimir → Wladimir, Tchaikovsky →
Tschaikowski), which :func:`translit_key` brings to one key. Only what is left after that is
reported: a close-but-different spelling ("Bristow" → "Bristol") is *altered*; no candidate at
all is *missing*.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from mtcheck.checks._text import (
    Token,
    comparison,
    listed_german_noun,
    sentence_chunks,
    span,
    tokens,
    translit_key,
    zipf,
)
from mtcheck.checks.registry import CheckContext, register_check
from mtcheck.model import AlignedPair, Article, Category, Evidence, Finding, Report, Severity, Side

# Press usage beyond CLDR's country and city names (English → German forms, any of which is fine).
EXTRA_EXONYMS: dict[str, tuple[str, ...]] = {
    "united states": ("Vereinigte Staaten", "Vereinigten Staaten", "USA", "US", "Amerika"),
    "us": ("USA", "US", "Vereinigte Staaten", "Vereinigten Staaten", "Amerika"),
    "usa": ("USA", "US", "Vereinigte Staaten", "Vereinigten Staaten"),
    "america": ("Amerika", "USA", "US"),
    "uk": ("Brit", "Großbritannien", "Vereinigtes Königreich", "Vereinigten Königreich", "UK", "Britannien"),
    "britain": ("Brit", "Großbritannien", "Britannien", "Vereinigtes Königreich", "Vereinigten Königreich"),
    "great britain": ("Großbritannien",),
    "united kingdom": ("Vereinigtes Königreich", "Vereinigten Königreich", "Großbritannien"),
    "eu": ("EU", "Europäische Union", "Europäischen Union"),
    "european union": ("Europäische Union", "Europäischen Union", "EU"),
    "un": ("UN", "UNO", "Vereinte Nationen", "Vereinten Nationen"),
    "united nations": ("Vereinte Nationen", "Vereinten Nationen", "UN", "UNO"),
    "nato": ("NATO", "Nato"),
    "who": ("WHO", "Weltgesundheitsorganisation"),
    "kremlin": ("Kreml",),
    "kyiv": ("Kiew", "Kyjiw", "Kyiv"),
    "kiev": ("Kiew", "Kyjiw"),
    "kharkiv": ("Charkiw", "Charkow"),
    "odesa": ("Odessa",),
    "lviv": ("Lwiw", "Lemberg"),
    "crimea": ("Krim",),
    "donbas": ("Donbass",),
    "munich": ("München",),
    "cologne": ("Köln",),
    "nuremberg": ("Nürnberg",),
    "hanover": ("Hannover",),
    "bavaria": ("Bayern",),
    "saxony": ("Sachsen",),
    "lower saxony": ("Niedersachsen",),
    "hesse": ("Hessen",),
    "prague": ("Prag",),
    "warsaw": ("Warschau",),
    "brussels": ("Brüssel",),
    "geneva": ("Genf",),
    "milan": ("Mailand",),
    "naples": ("Neapel",),
    "venice": ("Venedig",),
    "florence": ("Florenz",),
    "beijing": ("Peking",),
    "tehran": ("Teheran",),
    "scotland": ("Schottland",),
    "ireland": ("Irland",),
    "europe": ("Europa",),
    "czech republic": ("Tschechien", "Tschechische Republik"),
    "czech": ("Tschech",),
    "africa": ("Afrika",),
    "asia": ("Asien",),
    "middle east": ("Nahost", "Nahen Osten", "Naher Osten", "Mittlerer Osten", "Mittleren Osten"),
    "moscow": ("Moskau",),
    "tchaikovsky": ("Tschaikowski", "Tschaikowsky"),
    "khrushchev": ("Chruschtschow",),
    "gorbachev": ("Gorbatschow",),
    "yeltsin": ("Jelzin",),
    "tolstoy": ("Tolstoi",),
    "dostoevsky": ("Dostojewski",),
    "mohammed": ("Mohammed", "Mohammad", "Muhammad"),
    "hezbollah": ("Hisbollah",),
    "pope": ("Papst",),
    "cold war": ("Kalter Krieg", "Kalten Krieg"),
    "world war": ("Weltkrieg",),
    "white house": ("Weiße Haus", "Weißen Haus", "Weißes Haus"),
    "security council": ("Sicherheitsrat",),
    "supreme court": ("Supreme Court", "Oberste Gericht", "Obersten Gericht"),
    "european commission": ("EU-Kommission", "Europäische Kommission", "Europäischen Kommission"),
    "foreign office": ("Auswärtige Amt", "Auswärtigen Amt", "Außenministerium", "Foreign Office"),
    "christmas": ("Weihnachten",),
    "easter": ("Ostern",),
    "bible": ("Bibel",),
}

# Capitalised in English for reasons other than being a name, or titles German translates.
NOT_NAMES = frozenset(
    (
        "i",
        "i'm",
        "i've",
        "i'd",
        "i'll",
        "mr",
        "mrs",
        "ms",
        "dr",
        "sir",
        "madam",
        "lord",
        "lady",
        "king",
        "queen",
        "prince",
        "princess",
        "pope",
        "saint",
        "st",
        "president",
        "presidents",
        "minister",
        "prime",
        "chancellor",
        "secretary",
        "senator",
        "governor",
        "mayor",
        "general",
        "colonel",
        "captain",
        "sergeant",
        "officer",
        "chief",
        "justice",
        "judge",
        "professor",
        "prof",
        "doctor",
        "reverend",
        "bishop",
        "father",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
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
        "god",
        "covid",
        "internet",
        "web",
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "republican",
        "republicans",
        "democrat",
        "democrats",
        "democratic",
        "conservative",
        "conservatives",
        "labour",
        "liberal",
        "liberals",
        "tory",
        "tories",
        "english",
        "french",
        "german",
        "russian",
        "ukrainian",
        "american",
        "british",
        "european",
        "chinese",
        "spanish",
        "italian",
        "irish",
        "scottish",
        "welsh",
        "jewish",
        "muslim",
        "christian",
        "catholic",
        "islamic",
        "arab",
        "arabic",
        "ok",
        "tv",
        "ceo",
        "cfo",
        "mp",
        "mps",
        "ad",
        "bc",
        "am",
        "pm",
        "uk-based",
    )
)
NOT_NAMES |= {
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "also",
    "so",
}
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
    words = tokens(text, offset)
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
    for form in forms[:-1]:  # exonyms: "Russland" also covers "russisch", "Deutschland" "deutsche"
        stem = translit_key(form)[:4]
        if (
            len(form) >= 6
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
    target_words = [w for start, text in target_chunks for w in tokens(text, start)]
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
                    if not _german_word(best.text):
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
    source_words = [w for start, text in source_chunks for w in tokens(text, start)]
    forms = [f for w in source_words if w.capitalised for f in accepted_forms(w.text)]
    candidates = []
    for start, text in target_chunks:
        words = tokens(text, start)
        for i, word in enumerate(words):
            neighbours = words[max(0, i - 1) : i] + words[i + 1 : i + 2]
            if (
                word.capitalised
                and len(word.text) >= 3
                and not word.text.isupper()
                and any(same_name(k, n.text) for k in kept for n in neighbours)
                and zipf(word.text.lower(), "de") < 3.0
                and not _german_word(word.text)
                and not any(same_name(f, word.text) for f in forms)
            ):
                candidates.append(word)
    if len({w.text for w in candidates}) != 1:
        return problems
    problem.kind, problem.candidate, problem.score = "replaced", candidates[0], 0.0
    return problems


def _german_word(word: str) -> bool:
    """A common German word or noun form (Antiquitäten, Enzyklopädie): a translation, not a misspelt name."""
    if zipf(word.lower(), "de") >= 4.0 or listed_german_noun(word):
        return True
    # A compound whose head is a German noun: Vizebürgermeister, Energieinfrastruktur.
    return any(listed_german_noun(word[i:].capitalize()) for i in range(2, len(word) - 3))


def _pair_problems(report: Report, pair: AlignedPair, side: Side) -> tuple[NameProblem, ...]:
    return _problems_between(
        tuple(sentence_chunks(report, pair, side)), tuple(sentence_chunks(report, pair, "target"))
    )


@lru_cache(maxsize=1024)
def _problems_between(
    source_chunks: tuple[tuple[int, str], ...], target_chunks: tuple[tuple[int, str], ...]
) -> tuple[NameProblem, ...]:
    """names.altered and names.missing both ask about every pair: the comparison runs once.
    Keyed on the text itself, never on a report, so reports cannot mix; callers only read."""
    return tuple(find_problems(list(source_chunks), list(target_chunks)))


def _claimed_by_other_name(problem: NameProblem, other: Article) -> bool:
    """The candidate is itself a name of the source ("Bristol" also in the source)."""
    return bool(problem.candidate and re.search(rf"\b{re.escape(problem.candidate.text)}\b", other.text))


@register_check(
    "names.altered",
    category=Category.MISTRANSLATION,
    severity=Severity.MINOR,
    any_of={"source", "back_translation"},
    description="A name from the source is spelled differently in the translation (beyond German forms)",
)
def check_altered(ctx: CheckContext) -> Iterator[Finding]:
    report = ctx.report
    compared = comparison(report)
    side, via = compared.side, compared.label
    for pair in compared.pairs(report):
        for problem in _pair_problems(report, pair, side):
            if problem.kind not in ("altered", "replaced") or problem.candidate is None:
                continue
            if _claimed_by_other_name(problem, compared.article):
                continue
            cand, name = problem.candidate, problem.name
            verb = "stands where" if problem.kind == "replaced" else "in the translation, but"
            yield ctx.finding(
                message=f"'{cand.text}' {verb} the {via} has the name '{name.text}'",
                target_span=span(report.target, cand.start, cand.end),
                source_span=compared.source_span(name.start, name.end),
                evidence=[
                    Evidence(name.text, name.start, name.end, side, f"the name in the {via}"),
                    Evidence(
                        cand.text, cand.start, cand.end, "target", "nearest spelling in the translation"
                    ),
                ],
                suggestion=name.text,
                confidence=round(max(problem.score / 100, 0.7) * (0.9 if compared.from_source else 0.6), 2),
                pair=pair.index,
            )


@register_check(
    "names.missing",
    category=Category.MISTRANSLATION,
    severity=Severity.MINOR,
    any_of={"source", "back_translation"},
    description="A name from the source does not appear in the translation",
)
def check_missing(ctx: CheckContext) -> Iterator[Finding]:
    report = ctx.report
    compared = comparison(report)
    side, via = compared.side, compared.label
    for pair in compared.pairs(report):
        target_span = report.pair_span(pair, "target")
        assert target_span is not None
        for problem in _pair_problems(report, pair, side):
            if problem.kind != "missing":
                continue
            name = problem.name
            evidence = [Evidence(name.text, name.start, name.end, side, f"the name in the {via}")]
            if problem.candidate is not None:
                cand = problem.candidate
                note = f"nearest capitalised word in the translation ({problem.score:.0f}% similar)"
                evidence.append(Evidence(cand.text, cand.start, cand.end, "target", note))
            yield ctx.finding(
                message=f"The name '{name.text}' from the {via} does not appear in the translation",
                target_span=target_span,
                source_span=compared.source_span(name.start, name.end),
                evidence=evidence,
                confidence=0.6 if compared.from_source else 0.4,
                pair=pair.index,
            )
