"""Glossary: required and forbidden German terms for English source terms.

A glossary is a CSV or TBX file. CSV columns (header row required; comma, semicolon or tab):

* ``source``: the English term (may be empty for a target term forbidden everywhere);
* ``target``: the German term;
* ``forbidden`` (optional): ``yes``/``true``/``1``/``x``/``forbidden`` marks the target term as
  forbidden; empty or ``no``/``false``/``0`` means required;
* ``note`` (optional): shown to the editor.

Several rows with the same source term list alternatives: any one of them satisfies it.

TBX (TBX-Basic/TBX 2 ``termEntry``/``langSet``/``tig``, or TBX v3 ``conceptEntry``/``langSec``/
``termSec``): English terms are source terms; German terms are required, unless their
``administrativeStatus`` (or ``normativeAuthorization``) is deprecated or superseded, which
makes them forbidden.

The glossary (read by :mod:`mtcheck.load.glossary`) comes from the run's settings (``glossary`` /
``--glossary``) or from the check option ``path``
(``[checks.options."glossary.required"] path = "glossary.csv"``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from mtcheck.analysis.text import article_chunks, sentence_chunks
from mtcheck.checks.registry import CheckContext, register_check
from mtcheck.load.glossary import Glossary, load_glossary
from mtcheck.model import Category, Evidence, Finding, Severity

#: German inflection endings a glossary term may take in running text (Abkommen → Abkommens).
INFLECTION = r"(?:e|n|en|er|es|s|ns|ern)?"
ENGLISH_INFLECTION = r"(?:s|es|['’]s)?"


def _glossary(ctx: CheckContext) -> Glossary | None:
    """The run's glossary, else the one the check option ``path`` names."""
    if ctx.glossary is not None:
        return ctx.glossary
    path = ctx.options.get("path")
    return load_glossary(Path(path)) if path is not None else None


def _term_pattern(term: str, ending: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in term.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(w + ending for w in words) + r"(?!\w)", re.IGNORECASE)


def _target_has(term: str, text: str) -> bool:
    """The German term, inflected or inside a compound (Waffenstillstand → Waffenstillstandsabkommen)."""
    if _term_pattern(term, INFLECTION).search(text):
        return True
    return " " not in term and len(term) >= 4 and term.lower() in text.lower()


def _forbidden_hits(term: str, text: str) -> Iterator[re.Match[str]]:
    # First letter in either case (sentence start), the rest exactly: forbidding "Nato" must
    # not forbid "NATO".
    head, rest = term[:1], term[1:]
    words = re.escape(rest).replace(r"\ ", r"\s+")
    pattern = rf"(?<!\w)[{re.escape(head.lower())}{re.escape(head.upper())}]{words}{INFLECTION}(?!\w)"
    return re.finditer(pattern, text)


@register_check(
    "glossary.required",
    category=Category.TERMINOLOGY,
    severity=Severity.MAJOR,
    any_of={"source", "back_translation"},
    description="A glossary source term occurs, but none of its required German terms is in the translation",
    options={"path": str},
)
def check_required(ctx: CheckContext) -> Iterator[Finding]:
    glossary = _glossary(ctx)
    if glossary is None:
        return
    report = ctx.report
    compared = ctx.compared
    side, other = compared.side, compared.article
    required = glossary.required_by_source()
    patterns = {source: _term_pattern(source, ENGLISH_INFLECTION) for source in required}
    for pair in compared.pairs(report):
        target_text = report.pair_text(pair, "target")
        target_span = report.pair_span(pair, "target")
        assert target_span is not None
        for source_term, entries in required.items():
            hit = next(
                (
                    (start + m.start(), start + m.end())
                    for start, text in sentence_chunks(report, pair, side)
                    for m in [patterns[source_term].search(text)]
                    if m
                ),
                None,
            )
            if hit is None or any(_target_has(e.target, target_text) for e in entries):
                continue
            wanted = " / ".join(f"'{e.target}'" for e in entries)
            notes = "; ".join(e.note for e in entries if e.note)
            yield ctx.finding(
                message=f"'{source_term}' should be translated as {wanted} (glossary)"
                + (f": {notes}" if notes else ""),
                target_span=target_span,
                source_span=compared.source_span(*hit),
                evidence=[
                    Evidence(
                        other.text[hit[0] : hit[1]], hit[0], hit[1], side, f"glossary term; expected {wanted}"
                    )
                ],
                suggestion=entries[0].target,
                confidence=0.9 if compared.from_source else 0.6,
                pair=pair.index,
            )


@register_check(
    "glossary.forbidden",
    category=Category.TERMINOLOGY,
    severity=Severity.MAJOR,
    description="A term the glossary forbids appears in the translation",
    options={"path": str},
)
def check_forbidden(ctx: CheckContext) -> Iterator[Finding]:
    glossary = _glossary(ctx)
    if glossary is None:
        return
    target = ctx.report.target
    for entry in glossary.forbidden():
        instead = glossary.required_for(entry.source)
        for start, text in article_chunks(target):
            for match in _forbidden_hits(entry.target, text):
                message = f"'{match.group()}' is forbidden by the glossary"
                if instead:
                    message += " (use " + " / ".join(f"'{t}'" for t in instead) + ")"
                if entry.note:
                    message += f": {entry.note}"
                yield ctx.finding(
                    message=message,
                    target_span=target.span(start + match.start(), start + match.end()),
                    evidence=[
                        Evidence(
                            entry.target,
                            None,
                            None,
                            None,
                            "forbidden term in the glossary"
                            + (f" for '{entry.source}'" if entry.source else ""),
                        )
                    ],  # fmt: skip
                    suggestion=instead[0] if instead else None,
                    confidence=0.95,
                )
