"""Reading an article's text the way the analysis and the checks need it: sentence by sentence,
block by block, with code-point offsets into ``Article.text`` so that findings point at the exact
characters the user gave."""

from __future__ import annotations

from collections.abc import Iterator

from mtcheck.model import AlignedPair, Article, Block, Report, Side


def sentence_chunks(report: Report, pair: AlignedPair, side: Side) -> Iterator[tuple[int, str]]:
    """(absolute start, text) of each sentence of one side of a pair."""
    art = report.article(side)
    if art is None:
        return
    for sid in pair.ids(side):
        sentence = art.sentences[sid]
        yield sentence.start, art.text[sentence.start : sentence.end]


def article_chunks(article: Article) -> Iterator[tuple[int, str]]:
    """(absolute start, text) of each sentence, or the whole text if not segmented."""
    if not article.sentences:
        yield 0, article.text
        return
    for sentence in article.sentences:
        yield sentence.start, article.text[sentence.start : sentence.end]


def article_blocks(article: Article) -> list[Block]:
    """The article's structural blocks; built from its text when it was not segmented (tests, tools)."""
    from mtcheck.segment import build_blocks

    return article.blocks or build_blocks(article.text)


def is_german(article: Article | None) -> bool:
    return article is not None and article.language.lower().startswith("de")
