"""Word lexicons shared by the analysis: word frequencies (wordfreq), German nouns with their
gender and inflection (german-nouns, Wiktionary) and the HanTa German tagger.

Each loads lazily, once per process; lookups of pure word facts are memoised.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from mtcheck.analysis.nouns_table import NounsTable


@lru_cache(maxsize=1)
def hanta() -> Any:
    """The HanTa German tagger (loaded once; ~0.1 s)."""
    from HanTa import HanoverTagger

    return HanoverTagger.HanoverTagger("morphmodel_ger.pgz")


@lru_cache(maxsize=1)
def _lexicon() -> NounsTable:
    """german-nouns as the compact table shipped in the package (:mod:`mtcheck.analysis.nouns_table`):
    opened in milliseconds, nothing built or written on first use."""
    return NounsTable()


@lru_cache(maxsize=200_000)
def noun_entries(form: str) -> tuple[dict[str, Any], ...]:
    """german-nouns records whose lemma or any inflected form is ``form`` (case-insensitive)."""
    return _lexicon().entries(form)


@lru_cache(maxsize=65536)
def zipf(word: str, language: str) -> float:
    """Word frequency on the Zipf scale (0 = unseen, 7 = "the"), from wordfreq's shipped lists."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, language)


def listed_german_noun(form: str) -> bool:
    """german-nouns (Wiktionary) lists ``form`` as a noun or a form of one (Meeting, Antiquitäten).
    The lexicon is loaded on first use and shared with the gender checks."""
    return any("Substantiv" in entry.get("pos", []) for entry in noun_entries(form))
