"""A constructed two-sentence gender set: the English gender cue in sentence 1, the German error
site in sentence 2 (for :mod:`benchmarks.gender_context`).

``../shared/eval`` has no set where the English cue for a person sits in the previous sentence, so
one is built, deterministically, from MT-GenEval's counterfactual test:

* sentence 1 = an MT-GenEval English sentence (with its gender cues: she/he, Mr/Ms, actress …) and
  its *correct* German translation (the ``gender_error=0`` row);
* sentence 2 = a templated follow-up whose English has **no** gender cue ("Later, the author gave an
  interview.") but whose German must gender the same person ("Später gab die Autorin …" for a woman).
  The right variant genders the person as sentence 1's English does, the wrong variant the other way:
  the labelled error is in sentence 2.

Templates: three with a role noun ("the {role}": nominative subject, dative after "Laut"); two that
name the person by a surname sentence 1 does not use ("Keller, the author, …", as a biography names
its subject after "He …"; the surname is from :data:`SURNAMES`), for items whose sentence 1 opens
with he/she/his/her (optionally after "In 1999, "), i.e. speaks of an unnamed subject; and, when
sentence 1 names the person (a heuristic below), three more with the name: a predicative role
("{Name} arbeitete später als Lehrerin"), an apposition ("{Name}, eine Lehrerin, …") and a German
pronoun where the English repeats the name ("Am nächsten Tag sprach sie …"; MT does that less often,
but when it does the pronoun is the only gendered word). The role comes from :data:`ROLES` (German
forms as in german-nouns), chosen by a hash of the item, so every run builds the same set.

Split: a third of MT-GenEval's pair ids (by a SHA-1 hash) is held out; rules are never tuned on it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks.datasets import read_mtgeneval


@dataclass(frozen=True)
class Role:
    en: str
    m: str  # nominative singular, masculine
    f: str  # nominative singular, feminine
    m_dative: str  # weak nouns: "dem Journalisten"


def _role(en: str, m: str, f: str, m_dative: str = "") -> Role:
    return Role(en, m, f, m_dative or m)


#: Role nouns whose English is unmarked for gender and whose German has both forms.
ROLES = (
    _role("author", "Autor", "Autorin"),
    _role("teacher", "Lehrer", "Lehrerin"),
    _role("scientist", "Wissenschaftler", "Wissenschaftlerin"),
    _role("doctor", "Arzt", "Ärztin"),
    _role("lawyer", "Anwalt", "Anwältin"),
    _role("politician", "Politiker", "Politikerin"),
    _role("artist", "Künstler", "Künstlerin"),
    _role("athlete", "Sportler", "Sportlerin"),
    _role("singer", "Sänger", "Sängerin"),
    _role("director", "Regisseur", "Regisseurin"),
    _role("journalist", "Journalist", "Journalistin", "Journalisten"),
    _role("professor", "Professor", "Professorin"),
    _role("architect", "Architekt", "Architektin", "Architekten"),
    _role("engineer", "Ingenieur", "Ingenieurin"),
    _role("coach", "Trainer", "Trainerin"),
    _role("minister", "Minister", "Ministerin"),
    _role("candidate", "Kandidat", "Kandidatin", "Kandidaten"),
    _role("researcher", "Forscher", "Forscherin"),
    _role("writer", "Schriftsteller", "Schriftstellerin"),
    _role("painter", "Maler", "Malerin"),
    _role("musician", "Musiker", "Musikerin"),
    _role("composer", "Komponist", "Komponistin", "Komponisten"),
    _role("founder", "Gründer", "Gründerin"),
    _role("manager", "Manager", "Managerin"),
)

#: (English, German) for one gender "m"/"f" of the person, given the role and the person's name.
Template = Callable[[Role, str, str], tuple[str, str]]


def _noun(role: Role, g: str) -> str:
    return role.f if g == "f" else role.m


def _an(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"


#: Surnames for the ``topic-*`` templates (sentence 1 names nobody; sentence 2 names the person by
#: surname only, as a biography does after "He …"): common to both genders.
SURNAMES = (
    "Keller",
    "Novak",
    "Moreau",
    "Tanaka",
    "Okafor",
    "Lindqvist",
    "Haddad",
    "Costa",
    "Brennan",
    "Varga",
)

TEMPLATES: dict[str, tuple[bool, Template]] = {  # name: (needs a name, template)
    "role-subject": (
        False,
        lambda r, g, n: (
            f"Later, the {r.en} gave an interview.",
            f"Später gab {'die' if g == 'f' else 'der'} {_noun(r, g)} ein Interview.",
        ),
    ),
    "role-initial": (
        False,
        lambda r, g, n: (
            f"The {r.en} declined to comment.",
            f"{'Die' if g == 'f' else 'Der'} {_noun(r, g)} wollte sich dazu nicht äußern.",
        ),
    ),
    "role-dative": (
        False,
        lambda r, g, n: (
            f"According to the {r.en}, the plan was never finished.",
            f"Laut {'der ' + r.f if g == 'f' else 'dem ' + r.m_dative} wurde der Plan nie vollendet.",
        ),
    ),
    "name-predicative": (
        True,
        lambda r, g, n: (
            f"{n} later worked as {_an(r.en)} {r.en}.",
            f"{n} arbeitete später als {_noun(r, g)}.",
        ),
    ),
    "name-apposition": (
        True,
        lambda r, g, n: (
            f"{n}, {_an(r.en)} {r.en}, spoke to reporters the next day.",
            f"{n}, {'eine' if g == 'f' else 'ein'} {_noun(r, g)}, sprach am nächsten Tag mit Reportern.",
        ),
    ),
    "topic-apposition": (
        False,
        lambda r, g, n: (
            f"{n}, the {r.en}, spoke to reporters the next day.",
            f"{n}, {'die' if g == 'f' else 'der'} {_noun(r, g)}, sprach am nächsten Tag mit Reportern.",
        ),
    ),
    "topic-predicative": (
        False,
        lambda r, g, n: (
            f"{n} later worked as {_an(r.en)} {r.en}.",
            f"{n} arbeitete später als {_noun(r, g)}.",
        ),
    ),
    "name-pronoun": (
        True,
        lambda r, g, n: (
            f"The next day, {n} spoke to reporters.",
            f"Am nächsten Tag sprach {'sie' if g == 'f' else 'er'} mit Reportern.",
        ),
    ),
}


@dataclass(frozen=True)
class ContextItem:
    id: str  # pair id : English gender : template
    split: str  # "tune" or "heldout"
    template: str
    gender: str  # the person's gender in the English: "f" or "m"
    error: bool  # sentence 2 genders the person the other way
    en1: str
    de1: str
    en2: str
    de2: str

    @property
    def en(self) -> str:
        return f"{self.en1} {self.en2}"

    @property
    def de(self) -> str:
        return f"{self.de1} {self.de2}"


def _hash(key: str) -> int:
    return int(hashlib.sha1(key.encode()).hexdigest(), 16)


def split_of(pair_id: str) -> str:
    return "heldout" if _hash(f"gender-context:{pair_id}") % 3 == 0 else "tune"


# capitalised words that are no person's name where they stand
_NOT_NAMES = frozenset(
    [
        "The",
        "A",
        "An",
        "In",
        "On",
        "At",
        "After",
        "Before",
        "During",
        "His",
        "Her",
        "He",
        "She",
        "It",
        "They",
        "This",
        "That",
        "Upon",
        "When",
        "While",
        "As",
        "Sister",
        "Mr",
        "Mrs",
        "Ms",
        "Miss",
        "Dr",
        "Sir",
        "Lady",
        "Lord",
        "Queen",
        "King",
        "Prince",
        "Princess",
        "Even",
        "However",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
)
_NAME_BEFORE = re.compile(r"\b([A-Z][a-z]{2,})(?:'s|’s| who| was| is| has| had| became| made| received)\b")


_PRONOUN_AFTER = {
    "f": re.compile(r"\b(she|her|hers|herself)\b", re.I),
    "m": re.compile(r"\b(he|him|his|himself)\b", re.I),
}


def person_name(en: str, de: str, gender: str) -> str | None:
    """A surname that sentence 1 uses for its person: a capitalised word right before "who", "'s" or
    a verb ("Paver who'd", "Cranshaw's", "Uebergang was"), not at the start, written the same in the
    German, and followed by a pronoun of the person's gender (so that the cues are about this name,
    not about "the girls" that "Cardinal Vaughan received"). None when there is none or more than one
    (the follow-up could mean either)."""
    found = {
        m.group(1)
        for m in _NAME_BEFORE.finditer(en)
        if m.start() > 0
        and m.group(1) not in _NOT_NAMES
        and re.search(rf"\b{m.group(1)}\b", de)
        and _PRONOUN_AFTER[gender].search(en, m.end())
    }
    return next(iter(found)) if len(found) == 1 else None


_TOPIC_START = re.compile(
    r"(?:(?:In|By|From|After|Before|During|On) [^,]{1,40}, )?(?:He|She|His|Her|he|she|his|her)\b"
)


def _closed(sentence: str) -> str:
    """Some MT-GenEval sentences are Wikipedia fragments without a full stop: add one, so that the
    follow-up starts a sentence of its own."""
    sentence = sentence.strip()
    return sentence if sentence.endswith((".", "!", "?", '"', "”", "“")) else sentence + "."


def build(eval_dir: Path) -> list[ContextItem]:
    """Every item, right and wrong variant, in a fixed order."""
    items = []
    for row in read_mtgeneval(eval_dir):
        if row.gender_error:
            continue  # sentence 1 is always the correct translation
        en1, de1 = _closed(row.en), _closed(row.de)
        gender = row.en_gender.lower()
        name = person_name(row.en, row.de, gender)
        for template, (needs_name, make) in TEMPLATES.items():
            if needs_name and name is None:
                continue
            key = f"{row.pair_id}:{row.en_gender}:{template}"
            role = ROLES[_hash(key) % len(ROLES)]
            who = name or ""
            if template.startswith("topic-"):
                if not _TOPIC_START.match(row.en):
                    continue  # only where sentence 1 opens with he/she/his/her: the unnamed subject
                who = SURNAMES[_hash(key) % len(SURNAMES)]
            en2, _ = make(role, gender, who)
            for error in (False, True):
                wrong = {"f": "m", "m": "f"}[gender] if error else gender
                de2 = make(role, wrong, who)[1]
                items.append(
                    ContextItem(key, split_of(row.pair_id), template, gender, error, en1, de1, en2, de2)
                )
    return items
