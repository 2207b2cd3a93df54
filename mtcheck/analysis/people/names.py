"""People's names in German text: runs of name tokens, the key that identifies a person across
mentions ("Trump", "Donald Trump", "Trumps"), and whether a name is a person at all."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from mtcheck.analysis import german_morph as gm
from mtcheck.analysis.lexicon import noun_entries
from mtcheck.analysis.people.model import Person, SentenceAnalysis, Token
from mtcheck.analysis.people.syntax import ARTICLE_TAGS, capitalised, human_subject, in_pp

NAME_PARTICLES = frozenset({"von", "van", "de", "da", "di", "du", "zu", "bin", "al", "el", "ter", "le", "la"})
NAME_TAGS = frozenset({"NE", "FM"})


def name_runs(tokens: list[Token]) -> list[tuple[int, int]]:
    """Token ranges [i, j) of names: a proper-name token and whatever continues the name."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        if _starts_name(tokens[i]):
            j = i + 1
            while j < len(tokens) and (step := _continues_name(tokens, j)):
                j += step
            runs.append((i, j))
            i = j
        else:
            i += 1
    return runs


def _starts_name(first: Token) -> bool:
    # acronyms (DHS, NATO) are organisations, not people
    return first.tag in NAME_TAGS and capitalised(first) and first.text.isalpha() and not first.text.isupper()


def _continues_name(tokens: list[Token], j: int) -> int:
    """How many tokens from j on continue a name (0: the name ended before j)."""
    tok = tokens[j]
    if tok.tag in NAME_TAGS and capitalised(tok) and tok.text.isalpha():
        return 1
    if _surname_read_as_noun(tokens, j):
        return 1
    return _particles_then_name(tokens, j)


def _surname_read_as_noun(tokens: list[Token], j: int) -> bool:
    """A surname HanTa reads as a noun ("Max Mustermann"), but only after a known first name:
    "Trumps Verhandlungsansatz" is no name."""
    tok = tokens[j]
    if tok.tag != "NN" or not capitalised(tok) or not tok.text.isalpha() or not _name_like(tok.text):
        return False
    return gm.name_kind(tok.text) == "person" or gm.name_kind(tokens[j - 1].text) == "person"


def _particles_then_name(tokens: list[Token], j: int) -> int:
    """Particles inside a name ("Ursula von der Leyen", not "von der Universität"): the number of
    tokens up to and including the name part after them, else 0."""
    if tokens[j].text not in NAME_PARTICLES:
        return 0
    k = j
    while k < len(tokens) and tokens[k].text in NAME_PARTICLES | {"der", "den"} and k - j < 2:
        k += 1
    if (
        k < len(tokens)
        and capitalised(tokens[k])
        and (tokens[k].tag in NAME_TAGS or _name_like(tokens[k].text))
    ):
        return k + 1 - j
    return 0


def _name_like(word: str) -> bool:
    """A capitalised word that may be part of a name: unknown to the lexicon, or a known surname
    ("Mustermann"), but not an inflected common noun ("Leuten", "Universität")."""
    return not noun_entries(word) or gm.name_kind(word) == "person"


def _name_key(run: list[Token], persons: dict[str, Person], genitive: bool = False) -> str:
    """A person's key: the full name ("Clarence Thomas"); a surname alone ("Thomas", "Putins")
    maps to the one full name ending in it, and stays on its own when two people share it.
    HanTa's lemma drops a genitive -s; it is used only where a genitive stands ("Putins Ziele"),
    so "Mayorkas" stays "Mayorkas"."""
    last = run[-1]
    words = [t.text for t in run[:-1]] + [last.lemma if genitive and last.tag == "NE" else last.text]
    if len(run) > 1:
        full = " ".join(words)
        if full not in persons and words[-1] in persons:
            others = [key for key in persons if key.endswith(" " + words[-1])]
            if not others:
                return words[-1]  # "Trump" came first, "Donald Trump" later: the same person
        return full
    tok = run[0]
    for candidate in dict.fromkeys(
        (tok.text, tok.lemma, tok.text[:-1] if tok.text.endswith("s") else tok.text)
    ):
        if candidate in persons:
            return candidate
        full = [key for key in persons if key.endswith(" " + candidate)]
        if len(full) == 1:
            return full[0]
        if len(full) > 1:
            return f"{candidate}?"  # two people share the surname: no link
    return words[-1]


@dataclass
class NameSite:
    """A name in its sentence, and what its neighbours say about it."""

    tokens: list[Token]
    i: int
    j: int

    @property
    def run(self) -> list[Token]:
        return self.tokens[self.i : self.j]

    @property
    def prev(self) -> Token | None:
        return self.tokens[self.i - 1] if self.i > 0 else None

    @property
    def next(self) -> Token | None:
        return self.tokens[self.j] if self.j < len(self.tokens) else None

    @cached_property
    def kinds(self) -> list[str | None]:
        """What the lexicon knows each part as: "person", "place", "noun" or nothing."""
        return [gm.name_kind(t.lemma if t.tag == "NE" else t.text) for t in self.run]

    @property
    def genitive_position(self) -> bool:
        """A genitive -s where a genitive stands: "Putins Ziele", "die Ziele Putins"."""
        last, prev, nxt = self.run[-1], self.prev, self.next
        if not last.text.endswith("s") or last.lemma != last.text[:-1]:
            return False
        return (nxt is not None and nxt.tag.startswith("NN") and capitalised(nxt)) or (
            prev is not None and prev.tag.startswith("NN")
        )

    @property
    def after_title(self) -> bool:
        prev = self.prev
        return prev is not None and prev.tag.startswith("NN") and gm.person_noun(prev.text) is not None

    @property
    def genitive(self) -> bool:
        """ "Präsidentschaft Joe Bidens", "Putins Ziele": a person in the genitive."""
        last = self.run[-1]
        return last.text.endswith("s") and last.lemma != last.text

    @property
    def inside_thing_name(self) -> bool:
        """ "Hughes Hall College": the name is part of a thing's name."""
        nxt = self.next
        before_noun = nxt is not None and nxt.tag.startswith("NN") and capitalised(nxt)
        return before_noun and not self.after_title and not self.genitive

    @property
    def unlike_a_person(self) -> bool:
        """ "des Hughes Hall College", "das Magazin Foreign Policy", a place or a common noun."""
        prev, kinds = self.prev, self.kinds
        after_article_or_noun = (
            prev is not None
            and not self.after_title
            and (prev.tag in ARTICLE_TAGS or (prev.tag.startswith("NN") and not self.genitive))
        )
        place = "place" in kinds and kinds[0] != "person"
        return after_article_or_noun or place or "noun" in kinds or not any(t.tag == "NE" for t in self.run)

    @property
    def capitals(self) -> int:
        return sum(1 for t in self.run if capitalised(t))

    @property
    def established(self) -> bool:
        """Known to be a person: a full name, a lexicon first name, a title, or the subject of a verb
        only people do ("Mayorkas sagte")."""
        return (
            self.capitals >= 2
            or "person" in self.kinds
            or self.after_title
            or human_subject(self.tokens, self.i)
            or human_subject(self.tokens, self.j - 1)
        )


def find_names(analysis: SentenceAnalysis, persons: dict[str, Person]) -> None:
    """Record the sentence's people (in ``persons`` and ``analysis.names``); names that are not a
    person's become competitors a pronoun could refer to instead."""
    tokens = analysis.tokens
    for i, j in name_runs(tokens):
        site = NameSite(tokens, i, j)
        key = _name_key(site.run, persons, site.genitive_position)
        if site.inside_thing_name:
            continue
        if key not in persons and site.unlike_a_person:
            last = site.run[-1]
            genders = gm.grammatical_genders(last.lemma) or frozenset({"n"})
            analysis.competitors.append((last, genders, in_pp(tokens, i)))
            continue
        _add_person(persons, key, site)
        analysis.names.append((i, j, key))


def _add_person(persons: dict[str, Person], key: str, site: NameSite) -> None:
    established = site.established
    if key in persons:
        person = persons[key]
        person.established = person.established or established
    else:
        person = persons[key] = Person(key, " ".join(t.text for t in site.run), established)
    if site.capitals >= 2 and " " not in person.name:
        person.name = " ".join(t.text for t in site.run)  # the fullest form names the person best
    person.mentions.append(site.run[-1])
