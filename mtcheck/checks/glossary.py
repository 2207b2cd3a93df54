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

The glossary comes from ``ctx.resources["glossary"]`` (a :class:`Glossary` or a path) or from the
check option ``path`` (``[checks.options."glossary.required"] path = "glossary.csv"``).
"""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mtcheck.checks._text import article_chunks, comparison, sentence_chunks, span
from mtcheck.checks.registry import CheckContext, register_check
from mtcheck.load import read_text_file
from mtcheck.model import Category, Evidence, Finding, InputError, Severity

TRUE_VALUES = {"yes", "y", "true", "1", "x", "forbidden", "ja", "verboten"}
FALSE_VALUES = {"", "no", "n", "false", "0", "required", "nein"}
FORBIDDEN_STATUSES = {"deprecatedterm-admn-sts", "supersededterm-admn-sts", "deprecated", "superseded",
                      "deprecatedterm", "supersededterm"}  # fmt: skip
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: German inflection endings a glossary term may take in running text (Abkommen → Abkommens).
INFLECTION = r"(?:e|n|en|er|es|s|ns|ern)?"
ENGLISH_INFLECTION = r"(?:s|es|['’]s)?"


@dataclass(frozen=True)
class GlossaryEntry:
    source: str | None
    target: str
    forbidden: bool = False
    note: str | None = None


@dataclass
class Glossary:
    entries: list[GlossaryEntry] = field(default_factory=list)
    path: Path | None = None

    def required_by_source(self) -> dict[str, list[GlossaryEntry]]:
        grouped: dict[str, list[GlossaryEntry]] = {}
        for entry in self.entries:
            if entry.source and not entry.forbidden:
                grouped.setdefault(entry.source, []).append(entry)
        return grouped

    def forbidden(self) -> list[GlossaryEntry]:
        return [e for e in self.entries if e.forbidden]

    def required_for(self, source: str | None) -> list[str]:
        return [e.target for e in self.entries if source and e.source == source and not e.forbidden]


def load_glossary(path: Path | str) -> Glossary:
    """Read a CSV or TBX glossary; raise :class:`InputError` with one line on any problem."""
    path = Path(path)
    try:
        text, _ = read_text_file(path)  # the same decoding as articles: an Excel CSV in cp1252 loads too
    except InputError as error:
        raise InputError(f"glossary {error}") from None
    suffix = path.suffix.lower()
    if suffix in (".tbx", ".xml") or text.lstrip().startswith("<"):
        glossary = _parse_tbx(text, path)
    else:
        glossary = _parse_csv(text, path)
    if not glossary.entries:
        raise InputError(f"glossary {path} has no terms")
    return glossary


def _parse_csv(text: str, path: Path) -> Glossary:
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    columns = {(c or "").strip().lower() for c in reader.fieldnames or []}
    if not {"source", "target"} <= columns:
        raise InputError(f"glossary {path} needs a header row with 'source' and 'target' columns")
    entries = []
    for line, row in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items() if k is not None}
        source, target = row.get("source", ""), row.get("target", "")
        if not source and not target:
            continue  # blank line
        if not target:
            raise InputError(f"glossary {path} line {line}: empty 'target'")
        flag = row.get("forbidden", "").lower()
        if flag not in TRUE_VALUES | FALSE_VALUES:
            raise InputError(f"glossary {path} line {line}: 'forbidden' must be yes or no, not {flag!r}")
        forbidden = flag in TRUE_VALUES
        if not source and not forbidden:
            raise InputError(f"glossary {path} line {line}: a required term needs a 'source' term")
        entries.append(GlossaryEntry(source or None, target, forbidden, row.get("note") or None))
    return Glossary(entries, path)


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _parse_tbx(text: str, path: Path) -> Glossary:
    try:
        root = ET.fromstring(text)
    except ET.ParseError as error:
        raise InputError(f"glossary {path} is not valid TBX/XML: {error}") from None
    entries: list[GlossaryEntry] = []
    concepts = [e for e in root.iter() if _local(e.tag) in ("termEntry", "conceptEntry")]
    if not concepts:
        raise InputError(f"glossary {path} has no termEntry or conceptEntry elements")
    for concept in concepts:
        by_language: dict[str, list[tuple[str, bool]]] = {}
        for lang_set in (e for e in concept if _local(e.tag) in ("langSet", "langSec")):
            language = (lang_set.get(XML_LANG) or lang_set.get("lang") or "").lower().split("-")[0]
            for holder in lang_set.iter():
                if _local(holder.tag) not in ("tig", "ntig", "termSec"):
                    continue
                term = next((e for e in holder.iter() if _local(e.tag) == "term"), None)
                if term is None or not "".join(term.itertext()).strip():
                    continue
                statuses = {
                    "".join(note.itertext()).strip().lower()
                    for note in holder.iter()
                    if _local(note.tag) in ("termNote", "descrip")
                    and note.get("type") in ("administrativeStatus", "normativeAuthorization")
                }
                by_language.setdefault(language, []).append(
                    ("".join(term.itertext()).strip(), bool(statuses & FORBIDDEN_STATUSES))
                )
        sources = [t for t, bad in by_language.get("en", []) if not bad] or [None]
        for target, bad in by_language.get("de", []):
            for source in sources:
                if source is None and not bad:
                    continue
                entries.append(GlossaryEntry(source, target, bad))
    return Glossary(entries, path)


def _glossary(ctx: CheckContext) -> Glossary | None:
    value = ctx.resources.get("glossary") or ctx.options.get("path")
    if value is None:
        return None
    if isinstance(value, Glossary):
        return value
    return load_glossary(Path(value))


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
)
def check_required(ctx: CheckContext) -> Iterator[Finding]:
    glossary = _glossary(ctx)
    if glossary is None:
        return
    report = ctx.report
    compared = comparison(report)
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
                    target_span=span(target, start + match.start(), start + match.end()),
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
