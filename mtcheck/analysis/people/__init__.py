"""People in German text and how the text genders them, for the gender checks.

Tag each sentence with HanTa, find gendered references to people (person nouns, er/sie/ihn/ihm,
possessives, relative pronouns after a name, Herr/Frau) and link them to a person with a small,
explainable coreference (English cues live in :mod:`mtcheck.analysis.english_gender`):

* **title / apposition**: "Frau Merkel", "Präsident Wolodymyr Selenskyj", "Bristow, Botschafter …"
* **copula**: "Laurie Bristow ist Präsident", "war er britischer Botschafter"
* **relative clause**: "Paver, die gerade 20 war"
* **heading**: "Zur Autorin" refers to the person named at the start of the next block
* **pronoun**: er/sie/ihn refers to the only person in the last sentences, provided no
  other noun of the pronoun's grammatical gender could be meant ("die Ukraine … sie").

Every link carries a strength that becomes the finding's confidence.
"""

from __future__ import annotations

from collections.abc import Iterable

from mtcheck.analysis import german_morph as gm
from mtcheck.analysis.people.coreference import link_headings, link_pronouns, thing_could_be_meant
from mtcheck.analysis.people.mentions import FEMININE_POSSESSIVES, MASCULINE_POSSESSIVES, find_mentions
from mtcheck.analysis.people.model import (
    GENDER_WORD,
    LINK_WORDS,
    GermanAnalysis,
    Mention,
    Person,
    SentenceAnalysis,
)
from mtcheck.analysis.people.names import find_names
from mtcheck.analysis.people.syntax import prefetch_tags, tokenize
from mtcheck.analysis.tokens import PLAIN_WORD_RE
from mtcheck.model import Article

__all__ = [
    "GENDER_WORD",
    "LINK_WORDS",
    "GermanAnalysis",
    "Mention",
    "Person",
    "analyse_sentences",
    "thing_could_be_meant",
]


_CANDIDATE_PRONOUNS = frozenset({"er", "ihn", "ihm", "sie", "ihr"})


_CANDIDATE_POSSESSIVES = MASCULINE_POSSESSIVES | FEMININE_POSSESSIVES


def _has_candidate(text: str, possessives: bool) -> bool:
    """Cheap pre-filter: a pronoun or a capitalised word german-nouns knows as a person noun."""
    for match in PLAIN_WORD_RE.finditer(text):
        word = match.group()
        lower = word.lower()
        if lower in _CANDIDATE_PRONOUNS or (possessives and lower in _CANDIDATE_POSSESSIVES):
            return True
        if word[:1].isupper() and len(word) > 2 and gm.person_noun(word) is not None:
            return True
    return False


def analyse_sentences(
    article: Article, sentence_ids: Iterable[int] | None = None, possessives: bool = True
) -> GermanAnalysis:
    """Find and link person references in the given sentences (default: the whole article).

    ``possessives=False`` (the target-only check, which does not use sein/ihr) skips sentences
    whose only candidates are possessives.

    Only sentences with a candidate word, the two sentences before them (where a pronoun's
    antecedent sits) and the first sentence after a heading are tagged with HanTa.
    """
    ids = list(sentence_ids) if sentence_ids is not None else [s.id for s in article.sentences]
    wanted: set[int] = set()
    for pos, sid in enumerate(ids):
        sent = article.sentences[sid]
        if _has_candidate(sent.text, possessives):
            wanted.update(ids[max(0, pos - 2) : pos + 2 if sent.kind == "heading" else pos + 1])
    prefetch_tags(article.sentences[sid].text for sid in ids if sid in wanted)
    persons: dict[str, Person] = {}
    analyses: list[SentenceAnalysis] = []
    for sid in ids:
        sent = article.sentences[sid]
        tokens = tokenize(sent.text, sent.start, sid) if sid in wanted else []
        analysis = SentenceAnalysis(sent, tokens)
        find_names(analysis, persons)
        find_mentions(analysis, persons)
        analyses.append(analysis)
    link_headings(article, analyses, persons)
    link_pronouns(article, analyses, persons)
    return GermanAnalysis(analyses, persons)
