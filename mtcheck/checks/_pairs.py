"""Helpers for the issue-12 checks that compare an aligned source and target sentence group."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from mtcheck.model import AlignedPair, Evidence, Report, Side, Span


@dataclass(frozen=True)
class PairText:
    """One side of an aligned pair: its sentences as (absolute start, text) and its whole span."""

    chunks: tuple[tuple[int, str], ...]
    span: Span

    @property
    def text(self) -> str:
        return " ".join(text for _, text in self.chunks)


def pair_side(report: Report, pair: AlignedPair, side: Side) -> PairText | None:
    article = report.article(side)
    ids = pair.ids(side)
    if article is None or not ids:
        return None
    chunks = tuple((article.sentences[i].start, article.sentences[i].text) for i in ids)
    span = article.span(article.sentences[ids[0]].start, article.sentences[ids[-1]].end)
    return PairText(chunks, span)


def bilingual_pairs(report: Report) -> Iterator[tuple[AlignedPair, PairText, PairText]]:
    """Pairs with sentences on both sides (omissions and additions belong to the alignment checks)."""
    for pair in report.pairs:
        source = pair_side(report, pair, "source")
        target = pair_side(report, pair, "target")
        if source is not None and target is not None:
            yield pair, source, target


def sentence_evidence(side: Side, text: PairText, note: str) -> Evidence:
    return Evidence(text.span.text, text.span.start, text.span.end, side, note)
