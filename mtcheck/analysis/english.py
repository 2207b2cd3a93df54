"""English left in German text: English-only words (wordfreq, german-nouns), runs of them that a
language identifier also calls English (lingua), and whole sentences copied from the source.

Two signals must agree: lingua must find the text English rather than German, and its words must
be English-only words, i.e. much more frequent in English than in German by wordfreq's lists, and
not listed as German nouns by german-nouns (Wiktionary). The second signal lets established
anglicisms (Meeting, Team, Deal, Software, Lockdown, online), names and URLs through.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from mtcheck.analysis.lexicon import listed_german_noun, zipf
from mtcheck.analysis.text import article_chunks
from mtcheck.analysis.tokens import Token, word_tokens
from mtcheck.langid import english_probability
from mtcheck.model import Article

#: An English-only word is at least this much more frequent in English (Zipf units: ×10 per unit).
ENGLISH_MARGIN = 1.0
#: lingua's English-vs-German confidence needed on top of the word evidence.
MIN_ENGLISH_PROBABILITY = 0.9
#: Sentences shorter than this (in words) are never reported as a whole.
MIN_SENTENCE_WORDS = 4
# An e-mail address starts only where a run of non-space characters does: "\S+@" tried at every
# position of a 50 KB data URI took 20 s (quadratic); anchored at the run's start it is linear.
URL_RE = re.compile(r"(?:https?://|www\.)\S+|(?<![^\s@])[^\s@]+@[^\s@]+\.\w+|[#@]\w+")
QUOTED_TITLE_RE = re.compile(r"[„“\"»«]([^„“”\"»«]{2,120})[“”\"«»]")


def english_only(word: str) -> bool:
    """A word German does not use: frequent in English, rare in German (wordfreq)."""
    low = word.lower()
    if len(low) < 2 or any(c.isdigit() for c in low):
        return False
    english = zipf(low, "en")
    if english < 3.0 or english - zipf(low, "de") < ENGLISH_MARGIN:
        return False
    if not word[:1].isupper():
        return True  # lower case in German text: not used as a German noun ("not" is no "Not")
    # Loanwords German dictionaries list as German nouns (Meeting, Team, Deal, Software, Lockdown).
    return not listed_german_noun(word)


# The source helpers below are called once per German sentence with the same source article: each
# prepares the whole source once (cached), or a long article is quadratic (64× the example: ~5 s).
@lru_cache(maxsize=8)
def _normal_source(source_text: str) -> str:
    """The source lower-cased, every whitespace run one space."""
    return " ".join(source_text.lower().split())


def _name_key(word: str) -> str:
    return re.sub(r"['’]s$|s$", "", word.lower().replace("’", "'"))


@lru_cache(maxsize=8)
def _source_name_keys(source_text: str) -> frozenset[str]:
    return frozenset(_name_key(t.text) for t in word_tokens(source_text))


def normalised_sentences(source: Article) -> list[tuple[int, str, str]]:
    """(start, text, text lower-cased with single spaces) of every source sentence: what a German
    sentence copied from the source is looked for in (:func:`sentence_verdict`). A caller that
    judges many sentences builds it once and passes it on."""
    chunks = article_chunks(source)
    return [(start, sentence, " ".join(sentence.lower().split())) for start, sentence in chunks]


def _masked(text: str, source_text: str | None = None) -> str:
    """URLs, e-mail addresses, handles and quoted titles replaced by spaces (offsets kept). With
    a source, also a quotation kept verbatim from it (a slogan, a sign: "Justice denied")."""

    def blank(match: re.Match[str]) -> str:
        return " " * len(match.group())

    text = URL_RE.sub(blank, text)
    source_low = _normal_source(source_text) if source_text else ""

    def blank_title(match: re.Match[str]) -> str:
        words = word_tokens(match.group(1))
        long_words = [w for w in words if len(w.text) > 3]
        title_case = bool(long_words) and all(w.capitalised for w in long_words)
        quoted = " ".join(match.group(1).lower().split())
        verbatim = len(quoted) > 3 and quoted in source_low
        return " " * len(match.group()) if title_case or verbatim else match.group()

    return QUOTED_TITLE_RE.sub(blank_title, text)


@dataclass
class EnglishRun:
    words: list[Token]
    probability: float

    @property
    def start(self) -> int:
        return self.words[0].start

    @property
    def end(self) -> int:
        return self.words[-1].end


TITLE_CONNECTORS = {"of", "and", "the", "for", "on", "in", "to", "a", "an", "at", "by", "with"}


def title_case(words: list[Token]) -> bool:
    """A proper-name phrase such as "Department of Natural Resources", "Statistics Norway" or
    "UK Commission for Employment and Skills" (an acronym is part of a name; a shouted run of
    capitals is not)."""
    content = [w for w in words if w.text.lower() not in TITLE_CONNECTORS or w is words[0]]
    acronyms = [w for w in content if w.text.isupper()]
    if len(acronyms) == len(content) or any(len(w.text) > 4 for w in acronyms):
        return False
    return all(w.capitalised for w in content)


def _from_source(run: list[Token], source_text: str) -> bool:
    """Every word of a title-case run is in the source: a name kept from it ("Upstate University
    Hospital's" → "Upstate University Hospitals")."""
    source_words = _source_name_keys(source_text)
    return all(_name_key(w.text) in source_words for w in run)


def english_runs(text: str, offset: int = 0, source_text: str | None = None) -> list[EnglishRun]:
    """Runs of ≥ 2 adjacent English-only words that lingua also calls English.

    Title-case runs are names of institutions, laws, works ("Department of Natural Resources")
    that German news keeps in English; they are reported only when a source is given and the
    run does not occur in it (then the translation made them up in English).
    """
    found = []
    for run in _english_word_runs(_masked(text, source_text), offset):
        run = _strip_connectors(run)
        if len(run) < 2 or not any(len(w.text) >= 4 for w in run):
            continue
        if title_case(run) and (source_text is None or _from_source(run, source_text)):
            continue
        probability = english_probability(text[run[0].start - offset : run[-1].end - offset])
        if probability >= MIN_ENGLISH_PROBABILITY:
            found.append(EnglishRun(run, probability))
    return found


def _english_word_runs(masked: str, offset: int) -> list[list[Token]]:
    """Maximal runs of English-only words joined by spaces (or an apostrophe). A word in a
    hyphenated compound (Know-how, Fast-Food) is a German loan and ends a run."""
    words = word_tokens(masked, offset)
    runs: list[list[Token]] = []
    current: list[Token] = []
    for i, word in enumerate(words):
        gap = masked[words[i - 1].end - offset : word.start - offset] if i else ""
        after = masked[word.end - offset : words[i + 1].start - offset] if i + 1 < len(words) else ""
        english = not (gap.strip() == "-" or after == "-") and english_only(word.text)
        if current and (not english or not re.fullmatch(r" +|['’]", gap)):
            runs.append(current)
            current = []
        if english:
            current.append(word)
    if current:
        runs.append(current)
    return runs


def _strip_connectors(run: list[Token]) -> list[Token]:
    """ "Department of Natural Resources" with a German-listed head leaves "of Natural Resources"."""
    while run and run[0].text.lower() in TITLE_CONNECTORS:
        run = run[1:]
    while run and run[-1].text.lower() in TITLE_CONNECTORS:
        run = run[:-1]
    return run


def _kept_names(masked: str, source_text: str | None) -> set[int]:
    """Start offsets of the words of title-case names kept verbatim from the source ("John Edward
    ist Direktor des Scottish Council of Independent Schools"): German text, not English."""
    if not source_text:
        return set()
    kept: set[int] = set()
    for run in _english_word_runs(masked, 0):
        run = _strip_connectors(run)
        if len(run) >= 2 and title_case(run) and _from_source(run, source_text):
            kept.update(w.start for w in run)
    return kept


def _german_only(word: str) -> bool:
    return zipf(word.lower(), "de") - zipf(word.lower(), "en") >= ENGLISH_MARGIN


def _judged_words(masked: str, words: list[Token], source_text: str | None) -> list[Token]:
    """The words whose language decides a sentence's: all but the title-case names kept verbatim
    from the source, when the rest is German (``words``: those of the sentence ``masked``)."""
    kept = _kept_names(masked, source_text)
    rest = [w for w in words if w.start not in kept]
    if sum(_german_only(w.text) for w in rest) >= 2:  # else a headline copied whole: judge all words
        return rest
    return words


def english_sentence(text: str, words: list[Token], judged: list[Token]) -> float | None:
    """lingua's English probability when a whole sentence is English, else None. ``words``: its
    words outside URLs and quoted titles; ``judged``: those its language is judged by
    (:func:`_judged_words`)."""
    if len(words) < MIN_SENTENCE_WORDS:
        return None
    share = sum(english_only(w.text) for w in judged) / len(judged)
    if share < 0.6:
        return None
    probability = english_probability(text)
    return probability if probability >= MIN_ENGLISH_PROBABILITY else None


def _source_twin(sentences: list[tuple[int, str, str]], text: str) -> tuple[int, int, str] | None:
    """The first source sentence (nearly) identical to a target sentence: it was copied, not
    translated. ``sentences`` as :func:`normalised_sentences` gives them."""
    normal = " ".join(text.lower().split())
    for start, sentence, other in sentences:
        # the cut-off lets rapidfuzz give up early on a clearly different pair (same result: the
        # score when it reaches 90, else 0)
        if fuzz.ratio(normal, other, score_cutoff=90) >= 90:
            return start, start + len(sentence), sentence
    return None


def sentence_verdict(
    sentence: str, source: Article | None, source_sentences: list[tuple[int, str, str]] | None = None
) -> tuple[float | None, tuple[int, int, str] | None]:
    """(lingua's English probability, the source sentence it copies) for a whole English sentence.
    ``source_sentences``: :func:`normalised_sentences` of ``source``, when the caller keeps them."""
    source_text = source.text if source is not None else None
    masked = _masked(sentence, source_text)  # once: the quoted-title and name checks read the source
    words = word_tokens(masked)
    judged = _judged_words(masked, words, source_text)
    probability = english_sentence(sentence, words, judged)
    twin = None
    if source is not None and len(word_tokens(sentence)) >= 3:
        twin = _source_twin(
            source_sentences if source_sentences is not None else normalised_sentences(source), sentence
        )
    # A line of names or numbers ("Joe Biden, 2024") is the same in both languages, and a German
    # sentence may share most characters with its source ("Dies ist für Wikipedias Component Library").
    if twin is not None and sum(english_only(w.text) for w in judged) < 0.5 * len(judged):
        twin = None
    return probability, twin
