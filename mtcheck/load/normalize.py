"""The analysis view of an article: what the checks read, and how its offsets map back.

A soft hyphen (U+00AD), a zero-width space or joiner, a bidi control or NFD-decomposed umlauts
("Flu\\u0308chtling") hide a word from every check that compares words. So the pipeline analyses a
normalised view: NFC, invisible format characters removed, a lone carriage return read as a line
break. Every stage works on that view; at the end :func:`restore_offsets` maps each offset of the
report (sentences, blocks, finding spans, evidence) back into the text the user gave, so reports
point at the exact original characters. The removed characters are kept in the view, for the
check that reports them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from mtcheck.model import SIDES, Article, Block, Finding, InlineSuppression, Report, Sentence, Span

#: Characters removed from the analysis view: soft hyphen, zero-width space/non-joiner/joiner,
#: word joiner, invisible operators, byte-order mark, and the bidirectional controls.
INVISIBLE = frozenset(
    "\u00ad\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff"
    "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


@dataclass
class TextView:
    """The original text, and for each code point of the normalised text (plus its end) the
    offset in the original it comes from."""

    original: str
    to_original: list[int]
    removed: list[tuple[int, str]]  # (offset in the normalised text, the invisible character)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """A normalised half-open span in original offsets (removed characters inside it included)."""
        return self.to_original[start], self.to_original[end]


def _clusters(text: str) -> Iterator[tuple[int, str]]:
    """(offset, a base character and the combining marks after it)."""
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or not unicodedata.combining(text[i]) or text[i] in INVISIBLE:
            yield start, text[start:i]
            start = i


def normalise(text: str) -> tuple[str, TextView | None]:
    """The analysis view of ``text``; the view is None when nothing changes."""
    lone_cr = "\r" in text.replace("\r\n", "")
    if not lone_cr and INVISIBLE.isdisjoint(text) and unicodedata.is_normalized("NFC", text):
        return text, None  # the common case, decided in C without a loop over the text
    out: list[str] = []
    to_original: list[int] = []
    removed: list[tuple[int, str]] = []
    for offset, cluster in _clusters(text):
        if cluster in INVISIBLE:
            removed.append((len(out), cluster))
            continue
        if cluster == "\r" and text[offset + 1 : offset + 2] != "\n":
            cluster = "\n"  # a lone carriage return ends a line, as in old Mac files
        for char in unicodedata.normalize("NFC", cluster):
            out.append(char)
            to_original.append(offset)
    to_original.append(len(text))
    normalised = "".join(out)
    if normalised == text:
        return text, None
    return normalised, TextView(text, to_original, removed)


def normalise_article(article: Article) -> Article:
    """Switch ``article`` to its analysis view (segmentation, if any, is mapped onto it)."""
    if article.view is not None:
        return article
    normalised, view = normalise(article.text)
    if view is None:
        return article
    if article.sentences:  # already segmented on the original (XLIFF units, a caller's own split)
        to_normal = _inverse(view, len(normalised))
        article.blocks = [Block(b.kind, to_normal[b.start], to_normal[b.end]) for b in article.blocks]
        sentences = []
        for s in article.sentences:
            start, end = to_normal[s.start], to_normal[s.end]
            sentences.append(Sentence(s.id, start, end, normalised[start:end], s.block, s.kind))
        article.sentences = sentences
    if article.suppressions:  # inline mtcheck-disable ranges, found on the original
        to_normal = _inverse(view, len(normalised))
        article.suppressions = [
            InlineSuppression(to_normal[s.start], to_normal[s.end], s.checks) for s in article.suppressions
        ]
    article.text, article.view = normalised, view
    return article


def _inverse(view: TextView, length: int) -> list[int]:
    """Original offset → the first normalised offset at or after it."""
    inverse = [length] * (len(view.original) + 1)
    for normal in range(length, -1, -1):
        inverse[view.to_original[normal]] = normal
    for i in range(len(view.original) - 1, -1, -1):
        inverse[i] = min(inverse[i], inverse[i + 1])
    return inverse


def _restore_article(article: Article) -> TextView | None:
    """Map the article's blocks and sentences back to its original text; returns the view it had."""
    view = article.view
    if view is None:
        return None
    for block in article.blocks:
        block.start, block.end = view.span(block.start, block.end)
    for sentence in article.sentences:
        sentence.start, sentence.end = view.span(sentence.start, sentence.end)
        sentence.text = view.original[sentence.start : sentence.end]
    article.suppressions = [
        InlineSuppression(*view.span(s.start, s.end), s.checks) for s in article.suppressions
    ]
    article.text, article.view = view.original, None
    return view


def restore_offsets(report: Report) -> Report:
    """Map every offset of the report from the analysis views back to the original texts."""
    for side in SIDES:
        article = report.article(side)
        view = _restore_article(article) if article is not None else None
        if view is None:
            continue
        done: set[int] = set()  # checks may share one Evidence between findings: map it once
        for finding in report.findings:
            _restore_finding(finding, side, view, done)
    for linked in (*report.extra_back_translations, *report.alternatives):
        _restore_article(linked.article)  # no finding points into them: their texts are evidence only
    return report


def _restored(span: Span, view: TextView) -> Span:
    start, end = view.span(span.start, span.end)
    return Span(start, end, view.original[start:end])


def _restore_finding(finding: Finding, side: str, view: TextView, done: set[int]) -> None:
    if side == "target":
        finding.target_span = _restored(finding.target_span, view)
    elif side == "source" and finding.source_span is not None:
        finding.source_span = _restored(finding.source_span, view)
    for evidence in finding.evidence:
        if id(evidence) in done:
            continue
        done.add(id(evidence))
        if evidence.side == side and evidence.start is not None and evidence.end is not None:
            evidence.start, evidence.end = view.span(evidence.start, evidence.end)
            evidence.text = view.original[evidence.start : evidence.end]
