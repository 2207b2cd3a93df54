"""English gender cues for people: pronouns, titles and gendered nouns.

English marks a person's gender in closed-class words (he/she, his/her, Mr/Ms) and in a
small, closed set of nouns (actress, chairwoman, mother); a list is the right tool here.
"it/its" and "they/them/their" are collected too: they tell the source-aware check that a
German "sein" may be a thing's and a German "ihr" may be plural.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
WORD_RE = re.compile(r"[A-Za-zÀ-ÿ]+(?:-[A-Za-zÀ-ÿ]+)*\.?")


@dataclass(frozen=True)
class Cue:
    text: str
    start: int  # absolute offset in the source Article.text
    end: int
    gender: str  # "f", "m", "n" (it/its) or "pl" (they/their)


def english_cues(text: str, offset: int = 0) -> list[Cue]:
    cues: list[Cue] = []
    words = list(WORD_RE.finditer(text))
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
