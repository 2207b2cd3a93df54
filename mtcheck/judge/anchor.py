"""Anchoring the judge's quotes to exact characters, and where a finding goes when a quote cannot be found.

A quote is looked up in the text the judge was given for the pair (its target sentences; its source
sentences for an omission): exactly first, then in a normalised form (case, Unicode compatibility
forms, quotation marks, dashes and whitespace made uniform), then fuzzily (rapidfuzz's best partial
alignment, widened to whole words). A quote found nowhere is not placed at a guessed position: the
finding covers the pair's whole target sentence(s), at lower confidence, and says so.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz

from mtcheck.model import AlignedPair, Evidence, Report, Span

MIN_FUZZY_SCORE = 85.0  # rapidfuzz partial-ratio percentage a fuzzy anchor must reach
MIN_FUZZY_CHARS = 4  # shorter quotes are anchored exactly or not at all
#: how sure a judge finding is, by how its quote was anchored (a model's opinion starts below a rule's)
CONFIDENCE = {"exact": 0.6, "normalised": 0.55, "fuzzy": 0.45, "source": 0.5, "unanchored": 0.3}

_SAME_CHARACTER = str.maketrans(
    {
        "„": '"',
        "“": '"',
        "”": '"',
        "«": '"',
        "»": '"',
        "‚": "'",
        "‘": "'",
        "’": "'",
        "‹": "'",
        "›": "'",
        "–": "-",
        "—": "-",
        "‐": "-",
        "‑": "-",
        "\u00a0": " ",
        "\u202f": " ",
    }
)


@dataclass(frozen=True)
class Anchor:
    start: int  # offsets into the searched text
    end: int
    method: str  # exact | normalised | fuzzy
    score: float = 100.0
    occurrences: int = 1


def normalised(text: str) -> tuple[str, list[int]]:
    """``text`` normalised for matching, and for each of its characters the offset it came from."""
    out: list[str] = []
    origin: list[int] = []
    for offset, char in enumerate(text):
        for piece in unicodedata.normalize("NFKC", char.translate(_SAME_CHARACTER)).casefold():
            if piece.isspace():
                if not out or out[-1] == " ":
                    continue
                piece = " "
            out.append(piece)
            origin.append(offset)
    return "".join(out), origin


def _widen_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """A span that cuts a word ("5 Million" in "5 Millionen") is widened to the whole word."""
    while 0 < start < len(text) and text[start].isalnum() and text[start - 1].isalnum():
        start -= 1
    while 0 < end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    return start, end


def anchor(quote: str, text: str) -> Anchor | None:
    """Where ``quote`` is in ``text``: exact, normalised, else fuzzy; None when it is not there."""
    quote = quote.strip()
    if not quote:
        return None
    position = text.find(quote)
    if position >= 0:
        start, end = _widen_to_words(text, position, position + len(quote))
        return Anchor(start, end, "exact", occurrences=text.count(quote))
    flat_text, origin = normalised(text)
    flat_quote = normalised(quote)[0].strip()
    if not flat_quote or not flat_text:
        return None
    position = flat_text.find(flat_quote)
    if position >= 0:
        start, end = _widen_to_words(text, origin[position], origin[position + len(flat_quote) - 1] + 1)
        return Anchor(start, end, "normalised", occurrences=flat_text.count(flat_quote))
    if len(flat_quote) < MIN_FUZZY_CHARS:
        return None
    match = fuzz.partial_ratio_alignment(flat_quote, flat_text, score_cutoff=MIN_FUZZY_SCORE)
    if match is None or match.dest_end <= match.dest_start:
        return None
    start, end = _widen_to_words(text, origin[match.dest_start], origin[match.dest_end - 1] + 1)
    return Anchor(start, end, "fuzzy", round(match.score, 1))


@dataclass
class Located:
    """Where a judge error goes in the report, how sure it is, and the notes that explain the anchoring."""

    target_span: Span
    source_span: Span | None
    confidence: float
    evidence: list[Evidence]


def _note(found: Anchor, quote: str) -> str | None:
    if found.method == "fuzzy":
        return f"the judge quoted “{quote}”; the closest passage is {found.score:g}% similar"
    if found.occurrences > 1:
        return f"the judge's quote occurs {found.occurrences} times in the sentence; the first is marked"
    return None


def _in_region(region: Span, found: Anchor) -> Span:
    start, end = region.start + found.start, region.start + found.end
    return Span(start, end, region.text[found.start : found.end])


def locate(report: Report, pair: AlignedPair, target_text: str, source_text: str, omission: bool) -> Located:
    """Anchor one judge error in its pair: the target quote in the pair's German, the source quote in
    its English. An unanchored target quote (or an omission) covers the whole German of the pair."""
    target_region = report.pair_span(pair, "target")
    source_region = report.pair_span(pair, "source")
    assert target_region is not None
    evidence: list[Evidence] = []
    source_span = None
    found_source = anchor(source_text, source_region.text) if source_text and source_region else None
    if found_source is not None and source_region is not None:
        source_span = _in_region(source_region, found_source)
        note = (
            "missing from the translation, says the judge"
            if omission
            else "the source passage the judge names"
        )
        evidence.append(Evidence(source_span.text, source_span.start, source_span.end, "source", note))
    found = anchor(target_text, target_region.text) if target_text else None
    if found is not None:
        note = _note(found, target_text)
        if note:
            evidence.append(Evidence(target_text, None, None, None, note))
        return Located(_in_region(target_region, found), source_span, CONFIDENCE[found.method], evidence)
    if omission and source_span is not None:
        return Located(target_region, source_span, CONFIDENCE["source"], evidence)
    if target_text:
        evidence.append(
            Evidence(
                target_text,
                None,
                None,
                None,
                "the judge quoted this, but it is not in the translation; the finding covers "
                "the whole sentence the judge was given",
            )
        )
    return Located(target_region, source_span, CONFIDENCE["unanchored"], evidence)
