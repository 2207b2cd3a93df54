"""The data model of the German people analysis: tagged tokens, gendered mentions of people,
the people they refer to, and the words that say how each link was made."""

from __future__ import annotations

from dataclasses import dataclass, field

from mtcheck.analysis import german_morph as gm
from mtcheck.model import Sentence

# Link strengths (used as confidences): how sure we are the reference is to that person.
TITLE, APPOSITION, COPULA, RELATIVE, HEADING = 1.0, 0.9, 0.9, 0.9, 0.85


PRONOUN, WEAK_PRONOUN, POSSESSIVE = 0.75, 0.6, 0.45


GENDER_WORD = {"f": "feminine", "m": "masculine"}


#: How a link was made, in words an editor understands (for evidence notes).
LINK_WORDS = {
    "title": "title before the name",
    "apposition": "title or role next to the name",
    "copula": "said of the person ('… ist …')",
    "copula with pronoun": "said of the person ('war er …')",
    "relative clause": "relative clause after the name",
    "heading": "heading above the text about the person",
    "pronoun": "pronoun; the only person mentioned just before",
}


@dataclass
class Token:
    text: str
    start: int  # absolute offset in Article.text
    end: int
    lemma: str
    tag: str
    sentence: int  # Sentence.id
    index: int  # position in the sentence's token list


@dataclass
class Mention:
    """One gendered reference to a person."""

    kind: str  # "noun", "pronoun", "possessive", "relative", "title", "ambiguous" (sie/ihr: maybe plural)
    gender: gm.Gender
    token: Token
    description: str  # "feminine noun", "masculine pronoun", …
    noun: gm.PersonNoun | None = None
    determiner: Token | None = None  # an article directly before the noun (for the suggestion)
    entity: str | None = None  # person key once linked
    link: str | None = None  # how it was linked ("copula", "heading", …)
    strength: float = 0.0
    ambiguous_with: str = ""  # "n" for sein/ihm (could be a thing), "pl" for ihr (could be plural)
    predicative: bool = (
        False  # a role said of the subject: "war Botschafter", "als Vertreter", "zum Präsidenten"
    )

    @property
    def start(self) -> int:
        return self.determiner.start if self.determiner is not None else self.token.start

    @property
    def end(self) -> int:
        return self.token.end

    @property
    def strong(self) -> bool:
        return not self.ambiguous_with


@dataclass
class Person:
    key: str
    name: str  # as first written
    established: bool  # known to be a person (multi-word name, title, lexicon, link)
    mentions: list[Token] = field(default_factory=list)


@dataclass
class SentenceAnalysis:
    sentence: Sentence
    tokens: list[Token]
    mentions: list[Mention] = field(default_factory=list)
    names: list[tuple[int, int, str]] = field(default_factory=list)  # token span [i, j) and person key
    # non-person nouns and places a pronoun could refer to: (token, genders, inside a prepositional phrase)
    competitors: list[tuple[Token, frozenset[str], bool]] = field(default_factory=list)


@dataclass
class GermanAnalysis:
    sentences: list[SentenceAnalysis]
    persons: dict[str, Person]

    @property
    def mentions(self) -> list[Mention]:
        return [m for s in self.sentences for m in s.mentions]
