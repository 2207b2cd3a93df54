"""The JSON of ``mtcheck compare``: its own small contract (``compare-schema.json`` beside this
module, documented in ``docs/json-schema.md``)."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from mtcheck import __version__
from mtcheck.compare import Comparison
from mtcheck.metrics.bootstrap import Interval
from mtcheck.model import Finding, Report

COMPARE_SCHEMA_VERSION = "1"
COMPARE_SCHEMA_FILE = "compare-schema.json"


def load_compare_schema() -> dict[str, Any]:
    text = resources.files("mtcheck.report").joinpath(COMPARE_SCHEMA_FILE).read_text(encoding="utf-8")
    return json.loads(text)


def _finding(finding: Finding) -> dict[str, Any]:
    return {
        "fingerprint": finding.fingerprint,
        "check": finding.check,
        "severity": finding.severity.value,
        "text": finding.target_span.text,
        "start": finding.target_span.start,
        "end": finding.target_span.end,
        "message": finding.message,
        "counted": not finding.ignored,
        "suppression": finding.suppression,
    }


def _interval(interval: Interval) -> dict[str, float]:
    return {"value": interval.value, "mean": interval.mean, "low": interval.low, "high": interval.high}


def _side(report: Report) -> dict[str, Any]:
    mqm = report.mqm
    return {
        "path": str(report.target.path) if report.target.path is not None else None,
        "words": report.target.word_count,
        "verdict": report.verdict.outcome.value if report.verdict is not None else None,
        "reasons": list(report.verdict.reasons) if report.verdict is not None else [],
        "mqm": {"penalty": mqm.penalty, "per_1000_words": mqm.per_1000_words, "by_severity": mqm.by_severity},
        "findings": len(report.findings),
        "scores": [{"name": s.name, "value": s.value, "signature": str(s.signature)} for s in report.scores],
        "warnings": list(report.warnings),
    }


def comparison_to_dict(comparison: Comparison) -> dict[str, Any]:
    a, b = comparison.a, comparison.b
    better = comparison.better()
    return {
        "compare_schema_version": COMPARE_SCHEMA_VERSION,
        "mtcheck_version": __version__,
        "source": str(a.source.path) if a.source is not None and a.source.path is not None else None,
        "reference": str(a.reference.path) if a.reference is not None and a.reference.path else None,
        "a": _side(a),
        "b": _side(b),
        "units": comparison.units,
        "bootstrap": {
            "resamples": comparison.resamples,
            "seed": comparison.seed,
            "confidence": comparison.confidence,
            "over": "source sentences",
        },
        "chrf_a_b": {"value": comparison.chrf_a_b, "signature": comparison.chrf_signature},
        "metrics": [
            {
                "name": m.name,
                "higher_is_better": m.result.higher_is_better,
                "a": _interval(m.result.a),
                "b": _interval(m.result.b),
                "delta": _interval(m.result.delta),
                "p_value_a_better": m.result.p_value,
                "better": better[m.name],
            }
            for m in comparison.metrics
        ],
        "findings": {
            "only_a": [_finding(f) for f in comparison.only_a],
            "only_b": [_finding(f) for f in comparison.only_b],
            "both": [_finding(fa) for fa, _ in comparison.both],
        },
    }


def comparison_to_json(comparison: Comparison) -> str:
    return json.dumps(comparison_to_dict(comparison), ensure_ascii=False, indent=2, allow_nan=False) + "\n"
