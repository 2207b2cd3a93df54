"""Articles and reports from text that is already split into sentences: for tools and tests that
bring their own segmentation (an evaluation set's segments, a model's output), not a segmenter."""

from __future__ import annotations

from collections.abc import Sequence

from mtcheck.model import AlignedPair, Article, Block, Report, Sentence, Side


def article_from_sentences(
    side: Side, sentences: Sequence[str], language: str, separator: str = " "
) -> Article:
    """An Article from already-split sentences (one paragraph): for tests and benchmarks that
    bring their own segmentation, not a segmenter."""
    parts: list[Sentence] = []
    text = ""
    for i, sentence in enumerate(sentences):
        if i:
            text += separator
        parts.append(Sentence(i, len(text), len(text) + len(sentence), sentence, 0, "paragraph"))
        text += sentence
    article = Article(side=side, text=text, language=language)
    article.blocks = [Block("paragraph", 0, len(text))]
    article.sentences = parts
    return article


def report_from_sentences(
    target: Sequence[str],
    source: Sequence[str] | None = None,
    back_translation: Sequence[str] | None = None,
) -> Report:
    """A Report whose i-th target sentence is aligned 1-1 with the i-th source/back-translation sentence."""
    report = Report(target=article_from_sentences("target", target, "de"))
    if source is not None:
        report.source = article_from_sentences("source", source, "en")
    if back_translation is not None:
        report.back_translation = article_from_sentences("back_translation", back_translation, "en")
    for i in range(len(target)):
        report.pairs.append(
            AlignedPair(
                index=i,
                source_ids=(i,) if source is not None and i < len(source) else (),
                target_ids=(i,),
                back_translation_ids=(i,)
                if back_translation is not None and i < len(back_translation)
                else (),
                kind="1-1" if source is not None else None,
            )
        )
    return report
