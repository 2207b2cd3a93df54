"""Consistency within the article: one name, abbreviation or term spelled two ways.

* ``consistency.spelling`` (target only): capitalised words whose spelling-insensitive key
  (:func:`translit_key`: case, accents, v/w, y/j, doubled letters) is the same but whose spelling
  differs: "NATO" and "Nato", "Selenskyj" and "Selensky", "Kiew" and "Kiev". The rarer spelling is
  reported, with the usual one as evidence. Two ordinary German words that happen to share a key
  (Reise/Reize) are left alone.
* ``consistency.source-term`` (with a source): one source name rendered with two different German
  spellings in different sentences (Kyiv → "Kiew" here, "Kyjiw" there). Conservative: single
  words only, inflection (Putin/Putins) and English-vs-German acronyms (USA/Vereinigte Staaten)
  are not counted as differences.

Severity: minor. "Nato" is Duden's spelling and "NATO" the agency style: either is right, mixing
them in one article is a style-sheet slip an editor fixes in seconds, not a meaning error.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator

from mtcheck.analysis.lexicon import listed_german_noun, zipf
from mtcheck.analysis.names import accepted_forms, name_like, same_name, source_names, without_possessive
from mtcheck.analysis.text import article_chunks, sentence_chunks
from mtcheck.analysis.tokens import Token, translit_key, word_tokens
from mtcheck.checks.registry import CheckContext, register_check
from mtcheck.model import Category, Evidence, Finding, Report, Severity

#: Findings per variant spelling: an editor needs the first few, not every one.
MAX_PER_VARIANT = 5


def _known_german(word: str) -> bool:
    return zipf(word.lower(), "de") >= 3.0 or listed_german_noun(word)


def _case_variant(a: str, b: str) -> bool:
    """NATO/Nato: an acronym written in capitals once and as a word once."""
    if a.lower() != b.lower() or len(a) > 5 or not (a.isupper() or b.isupper()):
        return False
    return zipf(a.lower(), "de") < 5.0  # "DIE"/"Die" is emphasis of a function word


def _comparable(word: Token) -> bool:
    text = word.text
    if len(text) < 3 or not text[:1].isupper() or any(c.isdigit() for c in text):
        return False
    return not (text.isupper() and len(text) > 6)  # a shouted headline word, not an acronym


def _shouted(words: list[Token], i: int) -> bool:
    """An all-caps word next to another all-caps word ("DER GERUCH IST"): emphasis, not an acronym."""
    neighbours = words[max(0, i - 1) : i] + words[i + 1 : i + 2]
    return words[i].text.isupper() and any(n.text.isupper() and len(n.text) > 1 for n in neighbours)


def spelling_variants(target_words: list[Token]) -> list[tuple[str, list[Token], str, list[Token]]]:
    """(rare spelling, its occurrences, usual spelling, its occurrences) for each inconsistency."""
    groups: dict[str, dict[str, list[Token]]] = defaultdict(lambda: defaultdict(list))
    for i, word in enumerate(target_words):
        if _comparable(word) and not _shouted(target_words, i):
            groups[translit_key(word.text)][word.text].append(word)
    found = []
    for spellings in groups.values():
        if len(spellings) < 2:
            continue
        ranked = sorted(spellings.items(), key=lambda item: (-len(item[1]), item[1][0].start))
        usual, usual_hits = ranked[0]
        for variant, hits in ranked[1:]:
            if re.sub(r"['’]", "", usual) == re.sub(r"['’]", "", variant):
                continue  # "St. Patrick's" (English name) beside German genitive "Patricks"
            if usual.lower() == variant.lower() and not _case_variant(usual, variant):
                continue  # "Die"/"DIE": emphasis, not spelling
            if not _case_variant(usual, variant) and _known_german(usual) and _known_german(variant):
                continue  # two ordinary German words (Reise/Reize)
            found.append((variant, hits, usual, usual_hits))
    return found


@register_check(
    "consistency.spelling",
    category=Category.INCONSISTENCY,
    severity=Severity.MINOR,
    description="A name or abbreviation is spelled two ways in the article (NATO/Nato, Selenskyj/Selensky)",
)
def check_spelling(ctx: CheckContext) -> Iterator[Finding]:
    target = ctx.report.target
    words = [w for start, text in article_chunks(target) for w in word_tokens(text, start)]
    for variant, hits, usual, usual_hits in spelling_variants(words):
        examples = [Evidence(w.text, w.start, w.end, "target", f"'{usual}' here") for w in usual_hits[:3]]
        for hit in hits[:MAX_PER_VARIANT]:
            yield ctx.finding(
                message=f"'{variant}' here, but '{usual}' {len(usual_hits)}× elsewhere in the article",
                target_span=target.span(hit.start, hit.end),
                evidence=examples,
                suggestion=usual,
                confidence=0.8 if _case_variant(usual, variant) else 0.7,
            )


def _rendering(name: str, target_words: list[Token]) -> Token | None:
    """The first capitalised target word that spells the source name (or one of its exonyms)."""

    forms = accepted_forms(name)
    return next(
        (word for word in target_words if word.capitalised and any(same_name(f, word.text) for f in forms)),
        None,
    )


def _inflection_base(word: str) -> str:
    """Putins → Putin, Selenskyjs → Selenskyj: the German genitive is not a second spelling."""
    return re.sub(r"(?<=[a-zäöüß])s$", "", word)


@register_check(
    "consistency.source-term",
    category=Category.INCONSISTENCY,
    severity=Severity.MINOR,
    requires={"source"},
    description="One source name is rendered with two different spellings in the translation",
)
def check_source_term(ctx: CheckContext) -> Iterator[Finding]:
    report = ctx.report
    source = report.source
    assert source is not None
    for word, uses in _source_name_renderings(report).items():
        usual = _usual_rendering(uses)
        if usual is None:
            continue
        first_usual = next(t for _, t, _ in uses if _inflection_base(t.text) == usual)
        for source_token, target_token, pair_index in uses:
            if _inflection_base(target_token.text) == usual:
                continue
            yield ctx.finding(
                message=f"'{word}' is '{target_token.text}' here but '{usual}' elsewhere in the translation",
                target_span=report.target.span(target_token.start, target_token.end),
                source_span=source.span(source_token.start, source_token.end),
                evidence=[
                    Evidence(
                        first_usual.text, first_usual.start, first_usual.end, "target", "the usual rendering"
                    ),
                    Evidence(
                        source_token.text, source_token.start, source_token.end, "source", "the source name"
                    ),
                ],
                suggestion=usual,
                confidence=0.7,
                pair=pair_index,
            )


Rendering = tuple[Token, Token, int]  # (source token, target token, pair index)


def _source_name_renderings(report: Report) -> dict[str, list[Rendering]]:
    """Each one-word source name → where and how the translation renders it."""
    renderings: dict[str, list[Rendering]] = defaultdict(list)
    for pair in report.pairs:
        if not pair.source_ids or not pair.target_ids:
            continue
        target_words = [
            w for start, text in sentence_chunks(report, pair, "target") for w in word_tokens(text, start)
        ]
        for start, text in sentence_chunks(report, pair, "source"):
            for name in source_names(text, start):
                for token in name.tokens:
                    word = without_possessive(token.text)
                    candidate = _rendering(word, target_words) if name_like(word) else None
                    if candidate is not None:
                        renderings[word].append((token, candidate, pair.index))
    return renderings


def _usual_rendering(uses: list[Rendering]) -> str | None:
    """The usual spelling of a name rendered in two or more spellings, else None."""
    spellings = Counter(_inflection_base(t.text) for _, t, _ in uses)
    if len(spellings) < 2:
        return None
    bases = list(spellings)
    # a compound (Kreml-Sprecher) or a prefix form is the same spelling, not a second one
    if any(a != b and (a.lower().startswith(b.lower()) or b.lower().startswith(a.lower()))
           for a in bases for b in bases):  # fmt: skip
        return None
    if any(_case_variant(a, b) for a in bases for b in bases if a != b):
        return None  # consistency.spelling reports NATO/Nato already
    return spellings.most_common(1)[0][0]
