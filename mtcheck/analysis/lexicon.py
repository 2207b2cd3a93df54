"""Word lexicons shared by the analysis: word frequencies (wordfreq), German nouns with their
gender and inflection (german-nouns, Wiktionary) and the HanTa German tagger.

Each loads lazily, once per process; lookups of pure word facts are memoised.

Word frequencies are also kept on disk (the analysis memo, :mod:`mtcheck.analysis.memo`): wordfreq
answers one word only after loading its whole list for the language (~0.2 s each for German and
English, plus ~0.1 s of imports), which was a fifth of a warm check that looks up ~900 words. The
checks call :func:`prefetch_zipf` with the article texts first: one read brings every frequency an
earlier run stored for their words, so a re-check never loads wordfreq.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, lru_cache
from typing import Any

from mtcheck.analysis.nouns_table import NounsTable

#: HanTa's German model; part of the tag memo's kind (:func:`mtcheck.analysis.people.syntax.hanta_kind`)
HANTA_MODEL = "morphmodel_ger.pgz"


@lru_cache(maxsize=1)
def hanta() -> Any:
    """The HanTa German tagger (loaded once; ~0.1 s)."""
    from HanTa import HanoverTagger

    return HanoverTagger.HanoverTagger(HANTA_MODEL)


@lru_cache(maxsize=1)
def _lexicon() -> NounsTable:
    """german-nouns as the compact table shipped in the package (:mod:`mtcheck.analysis.nouns_table`):
    opened in milliseconds, nothing built or written on first use."""
    return NounsTable()


@lru_cache(maxsize=200_000)
def noun_entries(form: str) -> tuple[dict[str, Any], ...]:
    """german-nouns records whose lemma or any inflected form is ``form`` (case-insensitive)."""
    return _lexicon().entries(form)


#: the words of a text whose frequencies the checks may look up, as written (hyphenated and elided
#: words whole and in parts); each is prefetched as written and lower-cased
PREFETCH_WORD_RES = (re.compile(r"\w+"), re.compile(r"[\w'’-]+"))
ZIPF_LANGUAGES = ("de", "en")


class _Frequencies:
    """Zipf values of one language: from the memo when an earlier run stored them, else wordfreq."""

    def __init__(self, language: str) -> None:
        from importlib.metadata import version

        from mtcheck.analysis.memo import analysis_memo

        self.language = language
        self.memo = analysis_memo()
        # a new wordfreq (new lists) is a new memo kind, never a stale answer
        self.kind = f"wordfreq-{version('wordfreq')}|zipf|{language}"
        self.values: dict[str, float] = {}
        self.asked: set[str] = set()  # words already looked for in the memo

    def prefetch(self, words: Iterable[str]) -> None:
        keys = {self.memo.key(w): w for w in words if w not in self.asked}
        self.asked.update(keys.values())
        for key, value in self.memo.get_many(self.kind, keys).items():
            self.values[keys[key]] = float(value)

    def zipf(self, word: str) -> float:
        value = self.values.get(word)
        if value is None:
            from wordfreq import zipf_frequency

            value = self.values[word] = zipf_frequency(word, self.language)
            self.memo.put(self.kind, self.memo.key(word), value)
        return value


@cache
def _frequencies(language: str) -> _Frequencies:
    return _Frequencies(language)


def prefetch_zipf(texts: Iterable[str], languages: Iterable[str] = ZIPF_LANGUAGES) -> None:
    """Read the stored frequencies of every word of ``texts`` in one go (see the module docstring)."""
    words: set[str] = set()
    for text in texts:
        for pattern in PREFETCH_WORD_RES:
            for word in pattern.findall(text):
                words.update((word, word.lower()))
    for language in languages:
        _frequencies(language).prefetch(words)


def zipf(word: str, language: str) -> float:
    """Word frequency on the Zipf scale (0 = unseen, 7 = "the"), from wordfreq's shipped lists
    (each word's value is kept by :class:`_Frequencies`: no second cache here)."""
    return _frequencies(language).zipf(word)


def listed_german_noun(form: str) -> bool:
    """german-nouns (Wiktionary) lists ``form`` as a noun or a form of one (Meeting, Antiquitäten).
    The lexicon is loaded on first use and shared with the gender checks."""
    return any("Substantiv" in entry.get("pos", []) for entry in noun_entries(form))
