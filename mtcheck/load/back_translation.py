"""A back-translation the user supplies as a file, linked to the segmented German target.

Accepted layouts, decided once when the file is read:
1. one line per German sentence: each line becomes one back-translation sentence, so
   back-translation sentence i renders target sentence i;
2. the same structure as the article (one line/paragraph per German paragraph): the file is
   segmented like any article; paragraphs whose sentence counts differ are reported in one warning.
Anything else is still used (the aligner matches sentences by similarity), with a warning that
says which counts differ.
"""

from __future__ import annotations

import re
from pathlib import Path

from mtcheck.load.articles import load_article
from mtcheck.model import Article, Block, InputError, Sentence
from mtcheck.segment import segment_article

_LINE = re.compile(r"[^\n]*\S[^\n]*")


def read_back_translation(path: Path, target: Article) -> tuple[Article, list[str]]:
    """The back-translation file as an Article segmented to match ``target``, and any warnings."""
    article = load_article(Path(path), "back_translation", "en")
    return link_back_translation(target, article)


def link_back_translation(target: Article, back_translation: Article) -> tuple[Article, list[str]]:
    """Segment ``back_translation`` (read, not yet segmented) in the layout that fits ``target``."""
    if not back_translation.text.strip():
        raise InputError("the back-translation file is empty")
    lines = list(_LINE.finditer(back_translation.text))
    if len(lines) == len(target.sentences):
        return _line_per_sentence(target, back_translation, lines), []
    segment_article(back_translation)
    return back_translation, _structure_warnings(target, back_translation)


def _line_per_sentence(target: Article, back_translation: Article, lines: list[re.Match[str]]) -> Article:
    """One sentence per non-blank line; offsets keep pointing into the user's file."""
    blocks: list[Block] = []
    sentences: list[Sentence] = []
    for i, (match, german) in enumerate(zip(lines, target.sentences, strict=True)):
        text = match.group()
        start = match.start() + (len(text) - len(text.lstrip()))
        end = match.start() + len(text.rstrip())
        blocks.append(Block(kind=german.kind, start=start, end=end))
        sentences.append(Sentence(i, start, end, back_translation.text[start:end], i, german.kind))
    back_translation.blocks, back_translation.sentences = blocks, sentences
    return back_translation


def _sentences_per_block(article: Article) -> list[int]:
    counts = [0] * len(article.blocks)
    for sentence in article.sentences:
        counts[sentence.block] += 1
    return counts


def _structure_warnings(target: Article, back_translation: Article) -> list[str]:
    n_target, n_bt = len(target.sentences), len(back_translation.sentences)
    if len(back_translation.blocks) != len(target.blocks):
        return [
            f"back-translation file has {len(back_translation.blocks)} paragraphs and {n_bt} sentences, "
            f"the German {len(target.blocks)} paragraphs and {n_target} sentences; "
            "give one line per German sentence (or per German paragraph) for an exact link, "
            "otherwise sentences are matched by similarity"
        ]
    pairs = zip(_sentences_per_block(target), _sentences_per_block(back_translation), strict=True)
    differ = [i + 1 for i, (a, b) in enumerate(pairs) if a != b]
    if not differ:
        return []
    shown = ", ".join(map(str, differ[:8])) + (" …" if len(differ) > 8 else "")
    return [
        f"back-translation: {len(differ)} of {len(target.blocks)} paragraphs have a different number of "
        f"sentences than the German (paragraphs {shown}); those sentences are matched by similarity"
    ]
