"""Linking the texts that come in numbers (a second back-translation, other engines' translations) to
the German sentences, the way the align stage links the back-translation and the reference: the
identity when the sentence counts match (a model's back-translation has one sentence per German
one), else the aligner's DP (cross-lingual embeddings for English, chrF for German)."""

from __future__ import annotations

from mtcheck.align import DEFAULT_PARAMS, ChrfSimilarity, EmbeddingSimilarity, align_texts
from mtcheck.model import Article, Report


def link_to_target(target: Article, other: Article, embedder) -> list[tuple[int, ...]]:
    """For each target sentence, the ids of ``other``'s sentences that render it."""
    german = [s.text for s in target.sentences]
    texts = [s.text for s in other.sentences]
    if len(german) == len(texts):
        return [(j,) for j in range(len(german))]
    if other.language != "de" and embedder is not None:
        similarity = EmbeddingSimilarity(german, texts, embedder)
    else:
        similarity = ChrfSimilarity(german, texts)
    by_target: list[tuple[int, ...]] = [() for _ in german]
    for link in align_texts(german, texts, similarity, DEFAULT_PARAMS):
        for j in link.source:
            by_target[j] = link.target
    return by_target


def link_texts(report: Report, embedder) -> None:
    """Fill ``by_target`` of every extra back-translation and every alternative translation."""
    for linked in (*report.extra_back_translations, *report.alternatives):
        linked.by_target = link_to_target(report.target, linked.article, embedder)
