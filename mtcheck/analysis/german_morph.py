"""German morphology for the gender checks: HanTa (POS tags) and german-nouns
(grammatical gender and inflection of ~100k Wiktionary nouns).

Both resources are loaded lazily, once per process, and every lookup is cached,
so only the tokens a check asks about are analysed.

A *person noun* is decided from morphology, not from a list of professions:
a feminine noun ending in the derivational suffix ``-in`` counts only when
german-nouns knows it as feminine **and** knows a masculine base noun
(Autorin → Autor, Ärztin → Arzt, Kollegin → Kollege). A masculine noun counts
when its ``-in`` derivative exists as a feminine noun.
That rules out the "-in" false friends (Termin m, Benzin n, Medizin and Disziplin
have no masculine base, Berlin is a toponym). A short list of inherently gendered
nouns (Mann/Frau, Vater/Mutter, …) complements it, since their gender is lexical.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from mtcheck.analysis.lexicon import noun_entries
from mtcheck.analysis.tokens import MAX_WORD_CHARS

Gender = Literal["f", "m"]
Number = Literal["sg", "pl", "ambiguous"]

#: Lexically gendered person nouns: their gender is not marked by a suffix.
LEXICAL_PAIRS: tuple[tuple[str, str], ...] = (
    ("Mann", "Frau"),
    ("Herr", "Dame"),
    ("Vater", "Mutter"),
    ("Sohn", "Tochter"),
    ("Bruder", "Schwester"),
    ("Onkel", "Tante"),
    ("Neffe", "Nichte"),
    ("Großvater", "Großmutter"),
    ("Opa", "Oma"),
    ("Witwer", "Witwe"),
    ("Mönch", "Nonne"),
    ("Bräutigam", "Braut"),
    ("Junge", "Mädchen"),
    ("Cousin", "Cousine"),
    ("Krankenpfleger", "Krankenschwester"),
    ("Ehemann", "Ehefrau"),
    ("Geschäftsmann", "Geschäftsfrau"),
    ("Kaufmann", "Kauffrau"),
    ("Fachmann", "Fachfrau"),
    ("Hausmann", "Hausfrau"),
    ("Staatsmann", "Staatsfrau"),
    ("Landsmann", "Landsfrau"),
)
#: Compound heads that carry lexical gender (Geschäftsfrau, Krankenschwester, Seemann).
LEXICAL_HEADS: dict[str, Gender] = {
    "mann": "m",
    "frau": "f",
    "vater": "m",
    "mutter": "f",
    "sohn": "m",
    "tochter": "f",
    "bruder": "m",
    "schwester": "f",
}
#: Heads that look gendered but are not about a person's sex (Mannschaft is not a man).
NOT_PERSON_HEADS = ("schaft", "frauen", "männer")
#: Nouns whose masculine base exists but which are not used for people.
NON_PERSON_NOUNS = frozenset(
    {"Termin", "Benzin", "Magazin", "Vitamin", "Kamin", "Pinguin", "Rubin", "Jasmin", "Fernseher", "Rechner"}
    # "der Rat" is mostly a council or advice, "die Tat" a deed
    | {"Rat", "Tat", "Tate", "Rate"}
    # parties: "die Linke", "die Grünen"
    | {"Linke", "Linker", "Rechte", "Rechter", "Grüne", "Grüner"}
    # animals have -in forms too (Hündin, Löwin) but are not the people this check is about
    | {"Hund", "Löwe", "Bär", "Wolf", "Affe", "Esel", "Fuchs", "Hase", "Kater", "Vogel", "Hengst", "Bulle"}
)
#: Masculine nouns used for people of any sex (der Mensch, der Gast): a rare "-in" form exists,
#: but the masculine says nothing about the person's gender.
#: Nouns for people whose grammatical gender says nothing about the person's (die Person, das
#: Mitglied): a pronoun may agree with the noun ("die Person … sie") whatever the person's gender.
GENERIC_PERSON_NOUNS = frozenset(
    {
        "Person",
        "Persönlichkeit",
        "Lehrkraft",
        "Fachkraft",
        "Führungskraft",
        "Arbeitskraft",
        "Geisel",
        "Waise",
        "Mitglied",
        "Kind",
        "Opfer",
        "Individuum",
        "Figur",
        "Koryphäe",
        "Wache",
        "Hilfe",
    }
)
EPICENE_NOUNS = frozenset(
    {"Mensch", "Gast", "Star", "Fan", "Profi", "Teenager", "Flüchtling", "Säugling", "Boss"}
)

#: "der Achte", "die Letzte": adjectival nouns from ordinals are not person nouns
_ORDINAL = re.compile(r"(?i)(erst|zweit|dritt|viert|fünft|sechst|siebt|acht|neunt|zehnt|letzt|nächst)er?$")
_UMLAUT_BACK = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "Ä": "A", "Ö": "O", "Ü": "U"})
_UMLAUT_FRONT = {"a": "ä", "o": "ö", "u": "ü", "A": "Ä", "O": "Ö", "U": "Ü"}
_PLACE_POS = {"Toponym", "Eigenname", "Straßenname", "Ortsnamengrundwort"}
_NAME_POS = {"Vorname", "Nachname", "Familienname"}


@dataclass(frozen=True)
class PersonNoun:
    """A noun that names a person and marks the person's gender."""

    lemma: str
    gender: Gender
    counterpart: str  # the lemma of the other gender: Autorin ↔ Autor
    number: Number  # of the inflected form looked up
    adjectival: bool = False  # der Vorsitzende / die Vorsitzende: gender shows in the determiner
    lexical: bool = False  # Mann/Frau: gender is in the word itself, not in a suffix


def _genders(entry: dict[str, Any]) -> set[str]:
    return {entry[k] for k in ("genus", "genus 1", "genus 2", "genus 3", "genus 4") if entry.get(k)}


def _is_common_noun(entry: dict[str, Any]) -> bool:
    pos = set(entry.get("pos", []))
    return "Substantiv" in pos and not (pos & (_PLACE_POS | _NAME_POS))


def _lemma_gender(lemma: str) -> set[str]:
    """Genders german-nouns gives a lemma (exact lemma match, common nouns only)."""
    return set().union(
        *[_genders(e) for e in noun_entries(lemma) if e["lemma"] == lemma and _is_common_noun(e)]
    )


def _form_number(entry: dict[str, Any], form: str) -> Number:
    singular = plural = False
    for key, value in entry.get("flexion", {}).items():
        if value == form:
            if "plural" in key:
                plural = True
            elif "singular" in key:
                singular = True
    if singular and plural:
        return "ambiguous"
    if plural:
        return "pl"
    return "sg"


@lru_cache(maxsize=50_000)
def masculine_base(feminine: str) -> str | None:
    """The masculine noun a feminine "-in" noun derives from (Autorin → Autor, Ärztin → Arzt)."""
    # The suffix is always the last two letters: HanTa's SUF_FEM boundary gave the same stem for all
    # 5,962 "-in" nouns of german-nouns, so the plain cut is enough.
    for base in _masculine_bases(feminine[:-2]):
        if "m" in _lemma_gender(base):
            return base
    return None


def _masculine_bases(stem: str) -> list[str]:
    """Masculine nouns an ``-in`` noun may derive from: Autor, Arzt (Ärzt-), Kollege, Beamter."""
    back = stem.translate(_UMLAUT_BACK)
    bases = [stem + "e", stem, back + "e", back, stem + "er"]
    return list(dict.fromkeys(bases))


def _feminine_derivatives(lemma: str) -> list[str]:
    stems = [
        lemma,
        lemma[:-1] if lemma.endswith("e") else lemma,
        lemma[:-2] if lemma.endswith("er") else lemma,
    ]
    out: list[str] = []
    for stem in dict.fromkeys(stems):
        out.append(stem + "in")
        # Umlaut the last back vowel: Arzt → Ärztin, Koch → Köchin, Franzose → Französin
        for i in range(len(stem) - 1, -1, -1):
            if stem[i] in _UMLAUT_FRONT:
                out.append(stem[:i] + _UMLAUT_FRONT[stem[i]] + stem[i + 1 :] + "in")
                break
    return out


@lru_cache(maxsize=50_000)
def person_noun(form: str) -> PersonNoun | None:
    """The person noun behind an inflected form, or None (also for non-person nouns).

    Compounds with a hyphen are decided by their last part (Ex-Präsidentin).
    """
    word = form.rsplit("-", 1)[-1]
    if not 3 <= len(word) <= MAX_WORD_CHARS or not word[0].isupper():
        return None  # a compound is cut into every suffix below: bound the work per token
    if word in NON_PERSON_NOUNS or word in EPICENE_NOUNS:
        return None
    lexical = _lexical_person(word)
    if lexical is not None:
        return lexical
    if not noun_entries(word):
        return _unlisted_feminine(word) or _compound_person(word)
    for entry in noun_entries(word):
        if _is_common_noun(entry):
            found = _person_noun_of_entry(entry, word)
            if found is not None:
                return found
    return None


def _person_noun_of_entry(entry: dict[str, Any], word: str) -> PersonNoun | None:
    """The person noun one german-nouns record makes of ``word``: a feminine "-in" noun with a
    masculine base, a masculine noun with an "-in" derivative, or an adjectival noun."""
    lemma = entry["lemma"]
    genders = _genders(entry)
    adjectival = "adjektivische Deklination" in entry.get("pos", [])
    number = _form_number(entry, word)
    if genders == {"f"} and lemma.endswith("in") and lemma not in NON_PERSON_NOUNS:
        base = masculine_base(lemma)
        return PersonNoun(lemma, "f", base, number) if base is not None else None
    if genders == {"m"} and not adjectival and lemma not in EPICENE_NOUNS | NON_PERSON_NOUNS:
        for derivative in _feminine_derivatives(lemma):
            # Schützin is the Schütze's, not the Schutz's: the derivative must lead back here
            if _lemma_gender(derivative) == {"f"} and masculine_base(derivative) == lemma:
                return PersonNoun(lemma, "m", derivative, number)
        return None
    if adjectival and genders <= {"m", "f"} and not _ORDINAL.match(lemma):
        return _adjectival_person(lemma, word)
    return None


def _adjectival_person(lemma: str, word: str) -> PersonNoun | None:
    """der Vorsitzende / die Vorsitzende: the lexicon lists both; the caller decides from the
    determiner, so the gender here is only the form's own (-er is masculine)."""
    masculine = lemma if lemma.endswith("er") else lemma + "r"
    feminine = masculine[:-1]
    if word.endswith("er") and not word.endswith("ner") or word == masculine:
        return PersonNoun(masculine, "m", feminine, "sg", adjectival=True)
    if word == feminine:
        return PersonNoun(feminine, "f", masculine, "sg", adjectival=True)
    return None


def _unlisted_feminine(word: str) -> PersonNoun | None:
    """A feminine form the lexicon lacks (Epidemiologin): cut the suffix -in and find the base as a
    masculine noun in the lexicon (Epidemiologe)."""
    plural = word.endswith("innen")
    singular_form = word[:-3] if plural else word
    if not singular_form.endswith("in"):
        return None
    for base in _masculine_bases(singular_form[:-2]):
        genders = {
            g for e in noun_entries(base) if e["lemma"] == base and _is_common_noun(e) for g in _genders(e)
        }
        known = any(e["lemma"] == base and _is_common_noun(e) for e in noun_entries(base))
        if known and not genders & {"f", "n"} and base not in NON_PERSON_NOUNS | EPICENE_NOUNS:
            return PersonNoun(singular_form, "f", base, "pl" if plural else "sg")
    return None


def _compound_person(word: str) -> PersonNoun | None:
    """A compound the lexicon lacks, decided by its head: Umzugshelfer → Helfer, Außenbeauftragte."""
    for cut in range(2, len(word) - 4):
        head = word[cut].upper() + word[cut + 1 :]
        if not noun_entries(head):
            continue
        noun = person_noun(head)
        if noun is None:
            return None  # the longest known head decides
        prefix = word[:cut]
        return PersonNoun(
            prefix + noun.lemma.lower(),
            noun.gender,
            prefix + noun.counterpart.lower(),
            noun.number,
            noun.adjectival,
            noun.lexical,
        )
    return None


def _lexical_person(word: str) -> PersonNoun | None:
    for masculine, feminine in LEXICAL_PAIRS:
        for lemma, gender, other in ((masculine, "m", feminine), (feminine, "f", masculine)):
            for entry in noun_entries(word):
                if entry["lemma"] == lemma and _is_common_noun(entry):
                    return PersonNoun(lemma, gender, other, _form_number(entry, word), lexical=True)
    lower = word.lower()
    if lower.endswith(NOT_PERSON_HEADS):
        return None
    for head, gender in LEXICAL_HEADS.items():
        if lower.endswith(head) and len(lower) > len(head) + 2:
            for entry in noun_entries(word):
                if _is_common_noun(entry) and _genders(entry) == {gender}:
                    lemma = entry["lemma"]
                    other_head = next(h for h, g in LEXICAL_HEADS.items() if g != gender and _pair(head, h))
                    counterpart = lemma[: len(lemma) - len(head)] + other_head
                    return PersonNoun(lemma, gender, counterpart, _form_number(entry, word), lexical=True)
    return None


def _pair(head: str, other: str) -> bool:
    pairs = {("mann", "frau"), ("vater", "mutter"), ("sohn", "tochter"), ("bruder", "schwester")}
    return (head, other) in pairs or (other, head) in pairs


@lru_cache(maxsize=50_000)
def grammatical_genders(form: str) -> frozenset[str]:
    """Grammatical genders of a (non-person) noun or place: a pronoun of that gender may refer to it.

    Places without a listed gender (Russland, Berlin) are neuter, as German country and
    city names are; plural-only forms give ``{"pl"}``.
    """
    word = form.rsplit("-", 1)[-1]
    entries = noun_entries(word)
    genders: set[str] = set()
    for entry in entries:
        g = _genders(entry)
        if not g and set(entry.get("pos", [])) & _PLACE_POS:
            g = {"n"}
        if _form_number(entry, word) == "pl":
            g = {"pl"}
        genders |= g
    return frozenset(genders)


@lru_cache(maxsize=50_000)
def name_kind(form: str) -> str | None:
    """ "person" for a known given or family name, "place" for a toponym, None if unknown."""
    kinds = set()
    for entry in noun_entries(form):
        if entry["lemma"] != form:
            continue
        pos = set(entry.get("pos", []))
        if pos & _NAME_POS:
            kinds.add("person")
        elif pos & _PLACE_POS:
            kinds.add("place")
        elif "Substantiv" in pos:
            kinds.add("noun")
    given = any("Vorname" in e.get("pos", []) for e in noun_entries(form) if e["lemma"] == form)
    if given:
        return "person"
    if "place" in kinds:
        return "place"
    if "person" in kinds:
        return "person"
    if "noun" in kinds:
        return "noun"
    return None


def counterpart_form(noun: PersonNoun, case: str | None) -> str:
    """The other gender's lemma, inflected for ``case`` (nominativ/genitiv/dativ/akkusativ) if known."""
    if case is None:
        return noun.counterpart
    for entry in noun_entries(noun.counterpart):
        if entry["lemma"] == noun.counterpart:
            form = entry.get("flexion", {}).get(f"{case} singular")
            if form:
                return str(form)
    return noun.counterpart
