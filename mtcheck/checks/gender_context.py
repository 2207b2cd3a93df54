"""Gender cues carried over from the previous English sentence ("Dr. Lee … She said. The doctor
added …"): the rule :mod:`mtcheck.checks.gender` applies when the pair's own English has no cue.

A neighbouring sentence may be about somebody else ("A 24-year-old man was arrested. The officer
said …"), so the cue is carried over only when the context shows one person of one gender:

* the English sentence just before (same paragraph) has person cues of one gender only; where it has
  a German translation, that German refers to a person of the cue's gender and to nobody of the other
  gender (a second person there, "Sie traf den Präsidenten", may be whom the next sentence is about).
  An English sentence with no German counterpart (context given for the translation of the next
  one, or an omission) is taken on its English alone;
* the pair's German refers to nobody of the cue's gender (else the odd word may be a second person);
* the German word is read as that person when it is
  - a person noun tied to a name the previous English sentence gives the cues to ("Paver, ein
    Gründer, …" after "Paver … her"): **named** again;
  - a person noun tied to a surname, or a personal pronoun, where the previous sentence speaks of its
    person by pronoun only ("He is the recipient of many honours. Giddens, the author of …"): the
    **topic** of the text, named again;
  - a person noun with a definite article or said of the subject ("Der Trainer …", "als Lehrer"), and
    the pair's English names nobody the previous sentence does not: the same **role**;
  - a personal pronoun (er, ihn, sie with a singular verb) that cannot be a thing's, where the pair's
    English has no pronoun at all and names the person the previous sentence gives the cues to ("The
    next day, Paver spoke …" → "sprach er"): a **pronoun** for the name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mtcheck.analysis import Analysis
from mtcheck.analysis.english_gender import PRONOUNS, Cue, cue_owner, english_names, same_person
from mtcheck.analysis.gender_forms import OTHER
from mtcheck.analysis.people import GermanAnalysis, Mention, thing_could_be_meant
from mtcheck.analysis.people.mentions import person_noun_at
from mtcheck.analysis.people.model import PRONOUN, Token
from mtcheck.analysis.people.syntax import determiner
from mtcheck.model import AlignedPair, Report

DEFINITE = frozenset({"der", "die", "dem", "den", "des"})
SINGULAR_ARTICLES = DEFINITE | {"ein", "einen", "einem", "eines"}
#: German words that show a person of a gender (possessives and "sie"/"ihr" that may be plural are
#: too weak to show a second person)
STRONG_KINDS = frozenset({"noun", "title", "pronoun", "relative"})
_STARTER_WORDS = """the a an in on at to of for with from by during since after before later earlier
according but and or so then there here this that these those it he she they we i you his her their
our my its when while as if however meanwhile also yesterday today now next last first one some many
most no not what who where why how"""
#: words that often open an English sentence and are nobody's name
STARTERS = frozenset(_STARTER_WORDS.split())
#: what may stand before a sentence's first word: quotes, brackets, list marks, a markup tag ("<sep>")
_LEAD = re.compile(r"(?:\s|<[^<>]{0,20}>|[^\w\s])*")
#: the pair's English speaks in the first or second person: a German pronoun may be inside a quote
_SPEAKER = re.compile(r"\b(I|we|you|me|us|my|our|your)\b", re.IGNORECASE)


@dataclass
class PreviousSentence:
    """The English sentence just before a pair, with person cues of one gender only."""

    cues: list[Cue]
    expected: str
    span: tuple[int, int]  # its offsets in the English text
    target_ids: frozenset[int]  # the German sentences aligned to it (none: context or omission)


@dataclass
class Carried:
    """A German word of the pair read as the previous sentence's person."""

    mention: Mention
    how: str  # "named", "topic", "role" or "pronoun"


def previous_sentence(analysis: Analysis, report: Report, pair: AlignedPair) -> PreviousSentence | None:
    source = report.source
    assert source is not None
    first = min(pair.source_ids)
    if first == 0 or source.sentences[first - 1].block != source.sentences[first].block:
        return None
    prev = source.sentences[first - 1]
    cues = [c for c in analysis.english_cues(prev.id) if c.gender in OTHER]
    if len({c.gender for c in cues}) != 1:
        return None
    targets = frozenset(t for p in report.pairs if prev.id in p.source_ids for t in p.target_ids)
    if targets & set(pair.target_ids):
        return None
    return PreviousSentence(cues, cues[0].gender, (prev.start, prev.end), targets)


def _one_person_before(people: GermanAnalysis, prev: PreviousSentence) -> bool:
    """The German of the previous sentence refers to a person of the cue's gender and to nobody of
    the other: no such mention, and no person noun of that gender with a singular article even where
    the form may be plural ("Sie traf den Präsidenten": no mention, "den Präsidenten" may be plural)."""
    if not prev.target_ids:
        return True  # nothing to compare: the English alone decides
    other = OTHER[prev.expected]
    before = [a for a in people.sentences if a.sentence.id in prev.target_ids]
    mentions = [m for a in before for m in a.mentions]
    if any(m.gender == other and m.kind in STRONG_KINDS for m in mentions):
        return False
    for a in before:
        for tok in a.tokens:
            noun = person_noun_at(a.tokens, tok.index)
            if noun is None or noun.gender != other or noun.number == "pl":
                continue
            if _article_in(a.tokens, tok.index, SINGULAR_ARTICLES):
                return False
    return any(m.gender == prev.expected for m in mentions)


def _names(text: str, span: tuple[int, int]) -> list[tuple[int, list[str]]]:
    """(offset, words) of the capitalised runs of an English sentence, its first word included
    ("Paver, who …": english_names skips a sentence's first word, which here may be the name)."""
    sentence = text[span[0] : span[1]]
    first = 1 + _LEAD.match(sentence).end()  # type: ignore[union-attr]  # the regex always matches
    names = []
    for offset, words in english_names(" " + sentence):
        if offset == first and words[0].lower() in STARTERS:
            words = words[1:]
        if words:
            names.append((span[0] - 1 + offset, words))
    return names


def _cues_are_about(person: str, prev: PreviousSentence, names: list[tuple[int, list[str]]]) -> bool:
    """Some of the previous sentence's cues belong to this name ("Paver, who … her")."""
    return any((run := cue_owner(c, names)) is not None and same_person(person, run) for c in prev.cues)


def _unnamed_topic(prev: PreviousSentence, names: list[tuple[int, list[str]]]) -> bool:
    """The previous sentence speaks of its person by a pronoun before any name ("He is the recipient
    of many honours.", "In 1999, she became Controller for BBC Two"): the person the text is about."""
    pronouns = [c for c in prev.cues if c.text.lower() in PRONOUNS]
    return bool(pronouns) and cue_owner(pronouns[0], names) is None


@dataclass
class _Context:
    prev: PreviousSentence
    before: list[tuple[int, list[str]]]  # names in the previous English sentence
    repeated: list[list[str]]  # names in the pair's English that the previous sentence has too
    new_people: bool  # the pair's English names somebody the previous sentence does not
    single_name: list[str] | None  # the pair's English names one surname alone ("Giddens, the …")
    pronoun_free: bool  # the pair's English has no cue at all (no it/they either) and no I/you


def _context(
    analysis: Analysis, text: str, pair: AlignedPair, prev: PreviousSentence, own_span: tuple[int, int]
) -> _Context:
    """What the English of the two sentences says about who is named where."""
    before = _names(text, prev.span)
    own = [words for _, words in _names(text, own_span)]
    named_before = [words for _, words in before]
    singles = [w for w in own if len(w) == 1 and not _named_in(w, named_before)]
    no_cues = not any(analysis.english_cues(sid) for sid in pair.source_ids)
    return _Context(
        prev,
        before,
        repeated=[w for w in own if _named_in(w, named_before)],
        new_people=any(not _named_in(w, named_before) for w in own),
        single_name=singles[0] if len(singles) == 1 else None,
        pronoun_free=no_cues and not _SPEAKER.search(text[own_span[0] : own_span[1]]),
    )


def carried_over(
    analysis: Analysis, report: Report, pair: AlignedPair, prev: PreviousSentence
) -> list[Carried]:
    """The pair's German words of the other gender that refer to the previous sentence's person."""
    source = report.source
    assert source is not None
    people = analysis.german_people
    sentences = set(pair.target_ids)
    german = [m for m in people.mentions if m.token.sentence in sentences]
    if any(m.gender == prev.expected and m.kind != "ambiguous" for m in german):
        return []
    if not _one_person_before(people, prev):
        return []
    own_span = (source.sentences[min(pair.source_ids)].start, source.sentences[max(pair.source_ids)].end)
    context = _context(analysis, source.text, pair, prev, own_span)
    found = []
    for m in german:
        if m.gender != prev.expected and m.kind != "ambiguous":
            how = _how(people, m, context)
            if how is not None:
                found.append(Carried(m, how))
    return found


def _named_in(words: list[str], names: list[list[str]]) -> bool:
    return any(words[-1] == other[-1] for other in names)


def _how(people: GermanAnalysis, m: Mention, c: _Context) -> str | None:
    if m.kind in {"noun", "title"}:
        if m.entity is not None:
            return _named(m.entity, c)
        if m.predicative and c.single_name is not None and _unnamed_topic(c.prev, c.before):
            return "topic"  # "Savini served as a combat photographer": said of the named topic
        return "role" if not c.new_people and (_definite(people, m) or m.predicative) else None
    if m.kind != "pronoun" or m.strength < PRONOUN or m.ambiguous_with or not c.pronoun_free:
        return None
    if thing_could_be_meant(people, m):
        return None
    if any(_cues_are_about(" ".join(w), c.prev, c.before) for w in c.repeated):
        return "pronoun"
    return _named(m.entity, c) if m.entity is not None else None


def _named(entity: str, c: _Context) -> str | None:
    if _cues_are_about(entity, c.prev, c.before):
        return "named"
    topic = c.single_name is not None and same_person(entity, c.single_name)
    return "topic" if topic and _unnamed_topic(c.prev, c.before) else None


def _definite(people: GermanAnalysis, m: Mention) -> bool:
    sentence = next(a for a in people.sentences if a.sentence.id == m.token.sentence)
    return _article_in(sentence.tokens, m.token.index, DEFINITE)


def _article_in(tokens: list[Token], i: int, articles: frozenset[str]) -> bool:
    """The noun at token i has one of these articles ("der", "einen") as its determiner."""
    det, _ = determiner(tokens, i)
    return det is not None and det.text.lower() in articles
