"""The JSON report: a public contract that CI systems and scripts parse.

The layout is documented in ``docs/json-schema.md`` and pinned by the JSON Schema
``report-schema.json`` beside this module. Change it only with a new ``SCHEMA_VERSION``.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from mtcheck import __version__
from mtcheck.io import atomic_write_text
from mtcheck.metrics.similarity import pair_similarity
from mtcheck.model import (
    SIDES,
    AlignedPair,
    Article,
    Evidence,
    Finding,
    LinkedText,
    Report,
    Side,
    Span,
    fingerprint_of,
)

SCHEMA_VERSION = "2"
SCHEMA_FILE = "report-schema.json"


def load_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) that every JSON report validates against."""
    text = resources.files("mtcheck.report").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    return json.loads(text)


def _span(span: Span | None) -> dict[str, Any] | None:
    if span is None:
        return None
    return {"start": span.start, "end": span.end, "text": span.text}


def _linked(linked: LinkedText, report: Report) -> dict[str, Any]:
    data = _input(linked.article, report)
    assert data is not None
    data["origin"] = linked.origin
    return data


def _input(article: Article | None, report: Report) -> dict[str, Any] | None:
    if article is None:
        return None
    data: dict[str, Any] = {
        "path": str(article.path) if article.path is not None else None,
        "language": article.language,
        "language_detected": article.language_detected,
        "format": article.format,
        "encoding": article.encoding,
        "extracted": article.extracted,
        "characters": len(article.text),
        "words": article.word_count,
        "sentences": len(article.sentences),
    }
    if article is report.back_translation:
        data["origin"] = report.back_translation_origin
    return data


def _pair_side(report: Report, pair: AlignedPair, side: Side) -> dict[str, Any] | None:
    article = report.article(side)
    if article is None:
        return None
    sentences = [article.sentences[i] for i in pair.ids(side)]
    return {
        "ids": [s.id for s in sentences],
        "spans": [{"start": s.start, "end": s.end} for s in sentences],
        "text": report.pair_text(pair, side),
    }


def pair_to_dict(report: Report, pair: AlignedPair) -> dict[str, Any]:
    return {
        "index": pair.index,
        "kind": pair.kind,
        "similarity": pair_similarity(report, pair),  # schema 1 repeats it beside the scores it is one of
        "scores": dict(pair.scores),
        **{side: _pair_side(report, pair, side) for side in SIDES},
    }


def _evidence(evidence: Evidence) -> dict[str, Any]:
    return {
        "text": evidence.text,
        "start": evidence.start,
        "end": evidence.end,
        "side": evidence.side,
        "note": evidence.note,
    }


def finding_to_dict(finding: Finding, index: int, article: Article | None = None) -> dict[str, Any]:
    """``article``: the target, to fingerprint a finding the check engine did not (built in code)."""
    key = fingerprint_of(finding, article) if article is not None else finding.fingerprint
    return {
        "id": index,
        "check": finding.check,
        "category": finding.category.value,
        "severity": finding.severity.value,
        "message": finding.message,
        "target_span": _span(finding.target_span),
        "source_span": _span(finding.source_span),
        "evidence": [_evidence(e) for e in finding.evidence],
        "suggestion": finding.suggestion,
        "confidence": finding.confidence,
        "pair": finding.pair,
        "ignored": finding.ignored,
        "blocking": finding.blocking,
        "model": finding.model,
        "fingerprint": key,
        "suppression": finding.suppression,
    }


def report_to_dict(report: Report) -> dict[str, Any]:
    """The report as plain JSON-ready data, in the layout of ``docs/json-schema.md``."""
    present = report.present()
    mqm = report.mqm
    verdict = report.verdict
    data: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "mtcheck_version": __version__,
        "inputs": {
            "present": [side for side in SIDES if side in present],
            **{side: _input(report.article(side), report) for side in SIDES},
            "config": str(report.config_path) if report.config_path is not None else None,
            "extra_back_translations": [_linked(x, report) for x in report.extra_back_translations],
            "alternatives": [_linked(x, report) for x in report.alternatives],
            "sent_to": [
                {"url": t.url, "purpose": t.purpose, "model": t.model, "characters": t.characters}
                for t in report.sent_to
            ],
        },
        "pairs": [pair_to_dict(report, pair) for pair in report.pairs],
        "scores": [{"name": s.name, "value": s.value, "signature": str(s.signature)} for s in report.scores],
        "findings": [finding_to_dict(f, i, report.target) for i, f in enumerate(report.findings)],
        "mqm": {
            "penalty": mqm.penalty,
            "per_1000_words": mqm.per_1000_words,
            "word_count": mqm.word_count,
            "by_severity": dict(mqm.by_severity),
            "by_category": dict(mqm.by_category),
        },
        "verdict": None
        if verdict is None
        else {
            "outcome": verdict.outcome.value,
            "passed": verdict.passed,
            "reasons": list(verdict.reasons),
            "checked": list(verdict.checked),
            "read_first": list(verdict.read_first),
        },
        "warnings": list(report.warnings),
    }
    if report.input_hash is not None:  # optional: only batch runs write it
        data["input_hash"] = report.input_hash
    return data


def report_to_json(report: Report) -> str:
    # allow_nan=False: NaN is not JSON; a metric that produced one is a bug we want to see.
    return json.dumps(report_to_dict(report), ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def write_json(report: Report, path: Path) -> None:
    """Write the JSON report atomically: the file is complete or untouched."""
    atomic_write_text(Path(path), report_to_json(report))
