"""Gender cues carried over from the previous English sentence ("Dr. Lee … She said. The doctor
added …"): the rule :mod:`mtcheck.checks.gender` applies when the pair's own English has no cue.

A neighbouring sentence may be about somebody else ("A 24-year-old man was arrested. The officer
said …"), so the cue is carried over only when the context shows one person of one gender:

* the English sentence just before (same paragraph) has person cues of one gender only, and the German
  sentences aligned to it refer to a person of that gender and to nobody of the other gender (a
  second person there, "Sie traf den Präsidenten", may be who the next sentence is about);
* the pair's German refers to nobody of the cue's gender (else the odd word may be a second person);
* the German word is then read as that person when it is
  - a person noun tied to a name the previous English sentence gives the cues to ("Paver, ein
    Gründer, …" after "Paver … her"): **named again**;
  - a person noun with a definite article or said of the subject ("Der Trainer …", "als Lehrer"),
    and the pair's English names nobody new: **same role**;
  - a personal pronoun (er, ihn, sie with a singular verb) where the pair's English has no pronoun at
    all and names a person the previous sentence gives the cues to ("The next day, Paver spoke …" →
    "sprach er"): **named again**, German pronoun.
"""

from __future__ import annotations

from dataclasses import dataclass

from mtcheck.analysis import Analysis
from mtcheck.analysis import german_morph as gm
from mtcheck.analysis.english_gender import TITLES, Cue, english_names, same_person
from mtcheck.analysis.gender_forms import OTHER
from mtcheck.analysis.people import GermanAnalysis, Mention
from mtcheck.analysis.people.model import PRONOUN
from mtcheck.analysis.people.syntax import determiner
from mtcheck.model import AlignedPair, Report

DEFINITE = frozenset({"der", "die", "dem", "den", "des"})
#: German words that show a person of a gender in the previous sentence (possessives and "sie"/"ihr"
#: that may be plural only when they agree; they are too weak to show a second person)
STRONG_KINDS = frozenset({"noun", "title", "pronoun", "relative"})
#: words that often open an English sentence and are nobody's name
_STARTERS = frozenset(
    [
        "the",
        "a",
        "an",
        "in",
        "on",
        "at",
        "to",
        "of",
        "for",
        "with",
        "from",
        "by",
        "during",
        "since",
        "after",
        "before",
        "later",
        "earlier",
        "according",
        "but",
        "and",
        "or",
        "so",
        "then",
        "there",
        "here",
        "this",
        "that",
        "these",
        "those",
        "it",
        "he",
        "she",
        "they",
        "we",
        "i",
        "you",
        "his",
        "her",
        "their",
        "our",
        "my",
        "its",
        "when",
        "while",
        "as",
        "if",
        "however",
        "meanwhile",
        "also",
        "yesterday",
        "today",
        "now",
        "next",
        "last",
        "first",
        "one",
        "some",
        "many",
        "most",
        "no",
        "not",
        "what",
        "who",
        "where",
        "why",
        "how",
    ]
)


@dataclass
class PreviousSentence:
    """The English sentence just before a pair, with person cues of one gender only."""

    cues: list[Cue]
    expected: str
    span: tuple[int, int]  # its offsets in the English text
    target_ids: frozenset[int]  # the German sentences aligned to it


@dataclass
class Carried:
    """A German word of the pair read as the previous sentence's person."""

    mention: Mention
    how: str  # "named", "role" or "pronoun"
    cues: list[Cue]  # the cues it is judged against


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
    if not targets or targets & set(pair.target_ids):
        return None
    return PreviousSentence(cues, cues[0].gender, (prev.start, prev.end), targets)


def _one_person_before(people: GermanAnalysis, prev: PreviousSentence) -> bool:
    """The German of the previous sentence refers to a person of the cue's gender and to nobody of
    the other: no such mention, and no person noun of that gender even where it may be plural
    ("Sie traf den Präsidenten": "den Präsidenten" could be dative plural, so it is no mention)."""
    other = OTHER[prev.expected]
    before = [a for a in people.sentences if a.sentence.id in prev.target_ids]
    mentions = [m for a in before for m in a.mentions]
    if any(m.gender == other and m.kind in STRONG_KINDS for m in mentions):
        return False
    for a in before:
        for tok in a.tokens:
            noun = gm.person_noun(tok.text) if tok.tag.startswith("NN") else None
            if noun is not None and noun.gender == other and noun.number != "pl":
                return False
    return any(m.gender == prev.expected for m in mentions)


def _names(text: str, span: tuple[int, int]) -> list[tuple[int, list[str]]]:
    """(offset, words) of the capitalised runs of an English sentence, its first word included
    ("Paver, who …": english_names skips a sentence's first word, which here may be the name)."""
    names = []
    for offset, words in english_names(" " + text[span[0] : span[1]]):
        if offset == 1 and words[0].lower() in _STARTERS:
            words = words[1:]
        if words:
            names.append((span[0] - 1 + offset, words))
    return names


def _cues_are_about(person: str, prev: PreviousSentence, text: str) -> bool:
    """Some of the previous sentence's cues belong to this name: a pronoun whose nearest name before
    it is this one, a title right before it ("Paver, who … her")."""
    names = _names(text, prev.span)
    for cue in prev.cues:
        if cue.text.lower() in TITLES:
            run = next((words for offset, words in names if offset >= cue.start), None)
        else:
            run = next((words for offset, words in reversed(names) if offset < cue.start), None)
        if run is not None and same_person(person, run):
            return True
    return False


def carried_over(
    analysis: Analysis, report: Report, pair: AlignedPair, prev: PreviousSentence, own_span: tuple[int, int]
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
    before_names = [words for _, words in _names(source.text, prev.span)]
    own_names = [words for _, words in _names(source.text, own_span)]
    repeated = [w for w in own_names if _named_in(w, before_names)]
    new_people = any(not _named_in(w, before_names) for w in own_names)
    own_cues = [c for sid in pair.source_ids for c in analysis.english_cues(sid)]
    found = []
    for m in german:
        if m.gender == prev.expected or m.kind == "ambiguous":
            continue
        how = _how(people, m, prev, source.text, repeated, new_people, bool(own_cues))
        if how is not None:
            found.append(Carried(m, how, prev.cues))
    return found


def _named_in(words: list[str], names: list[list[str]]) -> bool:
    return any(words[-1] == other[-1] for other in names)


def _how(
    people: GermanAnalysis,
    m: Mention,
    prev: PreviousSentence,
    text: str,
    repeated: list[list[str]],
    new_people: bool,
    own_cues: bool,
) -> str | None:
    if m.kind in {"noun", "title"}:
        if m.entity is not None:
            return "named" if _cues_are_about(m.entity, prev, text) else None
        return "role" if not new_people and (_definite(people, m) or m.predicative) else None
    if m.kind == "pronoun" and m.strength >= PRONOUN and not m.ambiguous_with and not own_cues:
        return "pronoun" if any(_cues_are_about(" ".join(w), prev, text) for w in repeated) else None
    return None


def _definite(people: GermanAnalysis, m: Mention) -> bool:
    sentence = next(a for a in people.sentences if a.sentence.id == m.token.sentence)
    det, _ = determiner(sentence.tokens, m.token.index)
    return det is not None and det.text.lower() in DEFINITE
