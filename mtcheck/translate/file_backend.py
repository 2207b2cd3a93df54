"""The ``file`` backend: a back-translation the user wrote or produced elsewhere.

Accepted layouts, checked against the segmented German target:
1. one line per German sentence: each line becomes one back-translation sentence, so
   back-translation sentence i renders target sentence i;
2. the same structure as the article (one line/paragraph per German paragraph): the file's own
   segmentation is kept; paragraphs whose sentence counts differ are reported in one warning.
Anything else is still used (the aligner can match sentences by similarity), with a warning
that says which counts differ.
"""

from __future__ import annotations

import re
from pathlib import Path

from mtcheck.model import Article, Block, InputError, Sentence

_LINE = re.compile(r"[^\n]*\S[^\n]*")


def load_back_translation_file(path: Path) -> Article:
    """Read and segment a back-translation file through the loader (the only stage that reads files)."""
    from mtcheck.load import load_article
    from mtcheck.segment import segment_article

    return segment_article(load_article(Path(path), "back_translation", "en"))


def _sentences_per_block(article: Article) -> list[int]:
    counts = [0] * len(article.blocks)
    for sentence in article.sentences:
        counts[sentence.block] += 1
    return counts


def as_line_per_sentence(target: Article, back_translation: Article) -> Article | None:
    """Re-read ``back_translation`` as one sentence per non-blank line, if its line count matches
    the target's sentence count. Offsets keep pointing into the user's file."""
    lines = [m for m in _LINE.finditer(back_translation.text)]
    if len(lines) != len(target.sentences):
        return None
    blocks: list[Block] = []
    sentences: list[Sentence] = []
    for i, (match, german) in enumerate(zip(lines, target.sentences, strict=True)):
        text = match.group()
        start = match.start() + (len(text) - len(text.lstrip()))
        end = match.start() + len(text.rstrip())
        blocks.append(Block(kind=german.kind, start=start, end=end))
        sentences.append(
            Sentence(
                id=i, start=start, end=end, text=back_translation.text[start:end], block=i, kind=german.kind
            )
        )
    back_translation.blocks, back_translation.sentences = blocks, sentences
    return back_translation


def link_back_translation(target: Article, back_translation: Article) -> tuple[Article, list[str]]:
    """Check a supplied back-translation against the target; returns it and any warnings."""
    if not back_translation.text.strip():
        raise InputError("the back-translation file is empty")
    n_target, n_bt = len(target.sentences), len(back_translation.sentences)
    if n_bt == n_target and _sentences_per_block(back_translation) == _sentences_per_block(target):
        return back_translation, []
    line_per_sentence = as_line_per_sentence(target, back_translation)
    if line_per_sentence is not None:
        return line_per_sentence, []
    if len(back_translation.blocks) == len(target.blocks):
        differ = [
            i + 1
            for i, (a, b) in enumerate(
                zip(_sentences_per_block(target), _sentences_per_block(back_translation), strict=True)
            )
            if a != b
        ]
        if not differ:
            return back_translation, []
        shown = ", ".join(map(str, differ[:8])) + (" …" if len(differ) > 8 else "")
        return back_translation, [
            f"back-translation: {len(differ)} of {len(target.blocks)} paragraphs have a different number of "
            f"sentences than the German (paragraphs {shown}); those sentences are matched by similarity"
        ]
    return back_translation, [
        f"back-translation file has {len(back_translation.blocks)} paragraphs and {n_bt} sentences, "
        f"the German {len(target.blocks)} paragraphs and {n_target} sentences; "
        "give one line per German sentence (or per German paragraph) for an exact link, "
        "otherwise sentences are matched by similarity"
    ]
