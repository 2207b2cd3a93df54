"""English gender cues for people: pronouns, titles and gendered nouns.

English marks a person's gender in closed-class words (he/she, his/her, Mr/Ms) and in a
small, closed set of nouns (actress, chairwoman, mother); a list is the right tool here.
"it/its" and "they/them/their" are collected too: they tell the source-aware check that a
German "sein" may be a thing's and a German "ihr" may be plural.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mtcheck.analysis.tokens import HYPHENATED_RE

FEMININE_WORDS = frozenset(
    [
        "she",
        "her",
        "hers",
        "herself",
        "woman",
        "girl",
        "lady",
        "mother",
        "daughter",
        "sister",
        "wife",
        "aunt",
        "niece",
        "queen",
        "princess",
        "actress",
        "waitress",
        "chairwoman",
        "businesswoman",
        "spokeswoman",
        "congresswoman",
        "policewoman",
        "sportswoman",
        "stewardess",
        "hostess",
        "heroine",
        "widow",
        "nun",
        "grandmother",
        "granddaughter",
        "girlfriend",
        "bride",
        "mrs",
        "ms",
        "madam",
        "mom",
        "mum",
        "mommy",
        "duchess",
        "empress",
        "goddess",
        "countess",
        "baroness",
        "landlady",
        "fiancée",
        "fiancee",
        "stepmother",
        "stepdaughter",
        "sister-in-law",
        "mother-in-law",
        "daughter-in-law",
        "housewife",
        "schoolgirl",
        "councilwoman",
        "servicewoman",
        "horsewoman",
        "laywoman",
        "anchorwoman",
        "saleswoman",
        "craftswoman",
        "frontwoman",
        "camerawoman",
        "grandma",
        "dame",
        "charwoman",
        "mistress",
        "headmistress",
        "schoolmistress",
        "abbess",
        "viscountess",
        "marchioness",
        "matriarch",
        "female",
    ]
)
MASCULINE_WORDS = frozenset(
    [
        "he",
        "him",
        "his",
        "himself",
        "man",
        "boy",
        "gentleman",
        "father",
        "son",
        "brother",
        "husband",
        "uncle",
        "nephew",
        "king",
        "prince",
        "chairman",
        "businessman",
        "spokesman",
        "congressman",
        "policeman",
        "sportsman",
        "fireman",
        "salesman",
        "grandfather",
        "grandson",
        "boyfriend",
        "groom",
        "widower",
        "monk",
        "mr",
        "sir",
        "dad",
        "daddy",
        "duke",
        "emperor",
        "lord",
        "baron",
        "fiancé",
        "stepfather",
        "stepson",
        "brother-in-law",
        "father-in-law",
        "son-in-law",
        "schoolboy",
        "councilman",
        "serviceman",
        "horseman",
        "layman",
        "anchorman",
        "craftsman",
        "frontman",
        "cameraman",
        "grandpa",
        "headmaster",
        "schoolmaster",
        "abbot",
        "viscount",
        "earl",
        "marquess",
        "patriarch",
        "male",
    ]
)
NEUTER_WORDS = frozenset({"it", "its", "itself"})
PLURAL_WORDS = frozenset({"they", "them", "their", "theirs", "themselves", "themself"})
# "man" and "mother" in fixed expressions say nothing about a person
NON_PERSON_FOLLOWERS = {
    "man": {"made", "hours", "power"},
    "mother": {"tongue", "nature", "country", "land", "ship", "board", "lode", "of"},
    "sister": {"city", "cities", "company", "ship", "paper", "organisation", "organization"},
    "father": {"time"},
}
TITLES = frozenset({"mr", "mrs", "ms", "miss", "sir", "madam"})
PRONOUNS = frozenset({"she", "her", "hers", "herself", "he", "him", "his", "himself"})


@dataclass(frozen=True)
class Cue:
    text: str
    start: int  # absolute offset in the source Article.text
    end: int
    gender: str  # "f", "m", "n" (it/its) or "pl" (they/their)


def english_cues(text: str, offset: int = 0) -> list[Cue]:
    cues: list[Cue] = []
    words = list(HYPHENATED_RE.finditer(text))
    for k, match in enumerate(words):
        raw = match.group()
        word = raw.rstrip(".").lower()
        end = match.start() + len(raw.rstrip("."))
        following = words[k + 1].group().rstrip(".").lower() if k + 1 < len(words) else ""
        if following in NON_PERSON_FOLLOWERS.get(word, ()):
            continue
        if word not in FEMININE_WORDS | MASCULINE_WORDS and "-" in word:
            word = word.rsplit("-", 1)[1]  # ex-wife, step-father
        if raw[0].isupper() and k > 0 and word not in TITLES and word not in PRONOUNS:
            continue  # "King's Cup", "Queen of Hearts", "Lord Lieutenant": part of a name
        if word == "miss":
            # "Miss Smith" is a title; "to miss the train" is a verb
            if not (raw[0].isupper() and k + 1 < len(words) and words[k + 1].group()[:1].isupper()):
                continue
            gender = "f"
        elif word in FEMININE_WORDS:
            gender = "f"
        elif word in MASCULINE_WORDS:
            gender = "m"
        elif word in NEUTER_WORDS:
            gender = "n"
        elif word in PLURAL_WORDS:
            gender = "pl"
        else:
            continue
        if word in {"mr", "mrs", "ms"} and not raw[0].isupper():
            continue
        cues.append(Cue(text[match.start() : end], offset + match.start(), offset + end, gender))
    return cues


#: English titles before a name ("Mr Smith", "Dr Lee"): a cue before the name is about that person.
TITLE_WORDS = frozenset({"Mr", "Mrs", "Ms", "Miss", "Sir", "Dame", "Lady", "Lord", "Dr"})


def english_names(text: str) -> list[tuple[int, list[str]]]:
    """(offset, words) of capitalised word runs that do not start a sentence: rough names."""
    names = []
    for match in re.finditer(r"(?<![.!?]\s)(?<!^)\b([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*)", text):
        words = [w.removesuffix("'s").removesuffix("’s") for w in match.group(1).split()]
        names.append((match.start(), words))
    return names


def same_person(entity: str, words: list[str]) -> bool:
    """'Ginni Thomas' is not 'Clarence Thomas'; 'Thomas' alone may be either."""
    mine = entity.rstrip("?").split()
    if words[-1] != mine[-1]:
        return False
    return len(mine) < 2 or len(words) < 2 or words[-2] == mine[-2] or words[0] in TITLE_WORDS


def cues_about(person: str, cues: list[Cue], source_text: str, span: tuple[int, int]) -> list[Cue] | None:
    """The English cues that belong to a named person: pronouns whose nearest preceding name is
    theirs, titles that start their name. None when the name is not in the English at all."""
    start = span[0]
    names = [(start + offset, words) for offset, words in english_names(source_text[start : span[1]])]
    if not any(same_person(person, words) for _, words in names):
        return None
    return [cue for cue in cues if (run := cue_owner(cue, names)) is not None and same_person(person, run)]


def cue_owner(cue: Cue, names: list[tuple[int, list[str]]]) -> list[str] | None:
    """The name a cue is about (``names``: (offset, words) in the cue's offsets): the name right
    after a title, else the nearest name before it."""
    if cue.text.lower() in TITLES:
        return next((words for offset, words in names if offset >= cue.start), None)
    return next((words for offset, words in reversed(names) if offset < cue.start), None)


def has_english_names(source_text: str, span: tuple[int, int]) -> bool:
    return bool(english_names(source_text[span[0] : span[1]]))
