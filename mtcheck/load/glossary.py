"""Glossaries: required and forbidden German terms for English source terms.

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
makes them forbidden. TBX is parsed with defusedxml: entity declarations (internal or external) are
refused, so nothing can expand or be fetched; a ``<!DOCTYPE martif SYSTEM "…dtd">`` line, which
TBX-Basic files carry, is allowed (the DTD itself is never read).
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mtcheck.load.files import read_text_file
from mtcheck.model import InputError

TRUE_VALUES = {"yes", "y", "true", "1", "x", "forbidden", "ja", "verboten"}
FALSE_VALUES = {"", "no", "n", "false", "0", "required", "nein"}
FORBIDDEN_STATUSES = {"deprecatedterm-admn-sts", "supersededterm-admn-sts", "deprecated", "superseded",
                      "deprecatedterm", "supersededterm"}  # fmt: skip
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


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
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # CR-only line ends: old Mac Excel exports
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return Glossary(_csv_entries(reader, path), path)
    except csv.Error as error:
        why = "a field is longer than 128 KB" if "field limit" in str(error) else f"not valid CSV ({error})"
        raise InputError(f"glossary {path} near line {reader.line_num + 1}: {why}") from None


def _csv_entries(reader: csv.DictReader, path: Path) -> list[GlossaryEntry]:
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
    return entries


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _parse_tbx(text: str, path: Path) -> Glossary:
    from defusedxml import DefusedXmlException  # imported here: `import mtcheck` stays light
    from defusedxml.ElementTree import fromstring as safe_fromstring

    try:
        root = safe_fromstring(text, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise InputError(
            f"glossary {path}: TBX with entity declarations is refused (entity expansion risk)"
        ) from None
    except ET.ParseError as error:
        raise InputError(f"glossary {path} is not valid TBX/XML: {error}") from None
    concepts = [e for e in root.iter() if _local(e.tag) in ("termEntry", "conceptEntry")]
    if not concepts:
        raise InputError(f"glossary {path} has no termEntry or conceptEntry elements")
    entries: list[GlossaryEntry] = []
    for concept in concepts:
        by_language = _concept_terms(concept)
        sources = [t for t, bad in by_language.get("en", []) if not bad] or [None]
        for target, bad in by_language.get("de", []):
            entries += [GlossaryEntry(source, target, bad) for source in sources if source is not None or bad]
    return Glossary(entries, path)


def _concept_terms(concept: ET.Element) -> dict[str, list[tuple[str, bool]]]:
    """Language → (term, forbidden) for every term of one TBX concept."""
    by_language: dict[str, list[tuple[str, bool]]] = {}
    for lang_set in (e for e in concept if _local(e.tag) in ("langSet", "langSec")):
        language = (lang_set.get(XML_LANG) or lang_set.get("lang") or "").lower().split("-")[0]
        for holder in lang_set.iter():
            if _local(holder.tag) in ("tig", "ntig", "termSec"):
                term = _term_of(holder)
                if term is not None:
                    by_language.setdefault(language, []).append(term)
    return by_language


def _term_of(holder: ET.Element) -> tuple[str, bool] | None:
    """(term, forbidden) of a tig/ntig/termSec, or None when it holds no term text."""
    term = next((e for e in holder.iter() if _local(e.tag) == "term"), None)
    if term is None or not "".join(term.itertext()).strip():
        return None
    statuses = {
        "".join(note.itertext()).strip().lower()
        for note in holder.iter()
        if _local(note.tag) in ("termNote", "descrip")
        and note.get("type") in ("administrativeStatus", "normativeAuthorization")
    }
    return "".join(term.itertext()).strip(), bool(statuses & FORBIDDEN_STATUSES)
