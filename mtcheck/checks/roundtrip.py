"""Round-trip divergence: an aligned pair far below the article's own norm (needs the source).

Signals per pair: chrF of the back-translation against the source (when a back-translation is
given) and the cross-lingual similarity of source and German. Each is turned into a robust
z-score against the article's other pairs (median and MAD, so a few bad pairs do not hide
themselves by moving the norm). A pair is flagged when a signal is at least ``min_z`` (option,
default 3) robust deviations below the median *and* low in absolute terms, so that a uniformly
good article does not produce findings from tiny differences.

The finding is a *possible* mistranslation, minor and with lower confidence: the evidence lists
the source words missing from the back-translation and the back-translation words not in the
source, which is where an editor should look. Pairs the partial-omission check already explains
are skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from mtcheck.analysis.lexicon import zipf
from mtcheck.analysis.tokens import word_tokens
from mtcheck.checks.alignment import article_length_ratio, missing_clause
from mtcheck.checks.registry import CheckContext, register_check
from mtcheck.model import AlignedPair, Category, Evidence, Finding, Report, Severity, Side

DEFAULT_MIN_Z = 3.0
MIN_PAIRS = 6  # fewer pairs give no usable norm
MIN_SOURCE_WORDS = 5  # headlines and fragments have noisy scores


@dataclass(frozen=True)
class Signal:
    scores: tuple[str, ...]  # keys in pair.scores, the first present is read
    label: str
    floor: float  # smallest spread assumed (MAD of near-identical values says nothing)
    ceiling: float  # a value at or above this is never flagged


SIGNALS = (
    # with several back-translations, the best round trip per pair: one engine's slip is no divergence
    Signal(("chrF(bt-best,src)", "chrF(bt,src)"), "round-trip chrF", 5.0, 45.0),
    Signal(("similarity(src,mt)",), "cross-lingual similarity", 0.05, 0.6),
)

#: English words this frequent (Zipf scale) are function words, not evidence
FUNCTION_WORD_ZIPF = 6.0


def _content_words(report: Report, pair: AlignedPair, side: Side) -> list[tuple[int, int, str]]:
    article = report.article(side)
    if article is None:
        return []
    words = []
    for sid in pair.ids(side):
        sentence = article.sentences[sid]
        for token in word_tokens(sentence.text, sentence.start):
            word = token.text.lower()
            if word.isdigit() or (len(word) > 2 and zipf(word, "en") < FUNCTION_WORD_ZIPF):
                words.append((token.start, token.end, word))
    return words


def _word_set(text: str) -> set[str]:
    return {t.text.lower() for t in word_tokens(text, 0)}


def _matches(word: str, others: set[str]) -> bool:
    """Same word, or the same stem (criticised/criticized, report/reports)."""
    if word in others:
        return True
    stem = word[:5]
    return len(word) >= 5 and any(len(o) >= 5 and o[:5] == stem for o in others)


def diverging_words(report: Report, pair: AlignedPair) -> list[Evidence]:
    """Source words missing from the back-translation, and back-translation words not in the source.
    With several back-translations, a source word counts only if every one of them lacks it, and a
    back-translation word only if every one of them has it: one engine's quirk is no evidence."""
    source = _content_words(report, pair, "source")
    back = _content_words(report, pair, "back_translation")
    if not source or not back:
        return []
    source_set, back_set = {w for _, _, w in source}, {w for _, _, w in back}
    extras = [_word_set(extra.pair_text(pair)) for extra in report.extra_back_translations]
    evidence = []
    for side, words, others, note in (
        ("source", source, back_set, "in the source, not in the back-translation"),
        ("back_translation", back, source_set, "in the back-translation, not in the source"),
    ):
        article = report.article(side)  # type: ignore[arg-type]
        seen = set()
        for start, end, word in words:
            if side == "source" and any(_matches(word, extra) for extra in extras):
                continue  # another back-translation kept it
            if side == "back_translation" and not all(_matches(word, extra) for extra in extras):
                continue  # another back-translation does not say it
            if word not in seen and not _matches(word, others):
                seen.add(word)
                evidence.append(Evidence(article.text[start:end], start, end, side, note))  # type: ignore[arg-type, union-attr]
    return evidence


def _first(scores: dict[str, float], names: tuple[str, ...]) -> float | None:
    return next((scores[name] for name in names if name in scores), None)


def _robust_z(values: list[float], floor: float) -> tuple[float, float]:
    """(median, spread): spread = 1.4826 × MAD, at least ``floor``."""
    median = float(np.median(values))
    mad = float(np.median(np.abs(np.asarray(values) - median)))
    return median, max(1.4826 * mad, floor)


@register_check(
    "roundtrip.divergence",
    category=Category.MISTRANSLATION,
    severity=Severity.MINOR,
    requires=("source",),
    description="A sentence whose round trip or cross-lingual similarity is far below the article's norm",
    options={"min_z": float},
)
def check_divergence(ctx: CheckContext) -> Iterator[Finding]:
    report = ctx.report
    min_z = ctx.options.get("min_z", DEFAULT_MIN_Z)
    candidates = [
        p
        for p in report.pairs
        if p.source_ids and p.target_ids and len(report.pair_text(p, "source").split()) >= MIN_SOURCE_WORDS
    ]
    flagged: dict[int, list[str]] = {}
    for signal in SIGNALS:
        values = {p.index: v for p in candidates if (v := _first(p.scores, signal.scores)) is not None}
        if len(values) < MIN_PAIRS:
            continue
        median, spread = _robust_z(list(values.values()), signal.floor)
        for index, value in values.items():
            z = (value - median) / spread
            if z <= -min_z and value < signal.ceiling:
                flagged.setdefault(index, []).append(
                    f"{signal.label} {value:.2f} against the article's median {median:.2f} (robust z {z:.1f})"
                )
    if not flagged:
        return
    ratio = article_length_ratio(report)
    for index, reasons in sorted(flagged.items()):
        pair = report.pairs[index]
        if missing_clause(ctx, pair, ratio) is not None:
            continue  # alignment.partial-omission explains this pair
        target_span = report.pair_span(pair, "target")
        source_span = report.pair_span(pair, "source")
        assert target_span is not None and source_span is not None
        words = diverging_words(report, pair)
        evidence = [
            Evidence(source_span.text, source_span.start, source_span.end, "source", "; ".join(reasons))
        ]
        evidence += words
        listed = ", ".join(f"“{e.text}”" for e in words if e.side == "source")
        message = "Possible mistranslation: this sentence diverges from the source far more than the rest"
        if listed:
            message += f" (not in the round trip: {listed})"
        yield ctx.finding(
            message=message,
            target_span=target_span,
            source_span=source_span,
            evidence=evidence,
            confidence=0.5 if len(reasons) > 1 else 0.4,
            pair=index,
        )
