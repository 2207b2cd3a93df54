"""The baseline file ``mtcheck check --write-baseline FILE`` writes: the fingerprints of the findings
an editor accepts, with check id, flagged text, sentence and message for the person who reads it.
The format is read back by :func:`mtcheck.load.baseline.read_baseline`."""

from __future__ import annotations

import json
from typing import Any

from mtcheck import __version__
from mtcheck.load.baseline import BASELINE_FORMAT
from mtcheck.model import FINGERPRINT_VERSION, Report, fingerprint_of, surrounding_sentence


def baseline_to_dict(report: Report) -> dict[str, Any]:
    """Every finding of the report (accepted ones too: they stay accepted), once per fingerprint."""
    entries: dict[str, dict[str, Any]] = {}
    for finding in report.findings:
        key = fingerprint_of(finding, report.target)
        entries.setdefault(
            key,
            {
                "fingerprint": key,
                "check": finding.check,
                "severity": finding.severity.value,
                "text": finding.target_span.text,
                "sentence": surrounding_sentence(finding, report.target),
                "reason": finding.message,
            },
        )
    return {
        "mtcheck_baseline": BASELINE_FORMAT,
        "fingerprint": FINGERPRINT_VERSION,
        "mtcheck_version": __version__,
        "article": str(report.target.path) if report.target.path is not None else None,
        "findings": list(entries.values()),
    }


def baseline_to_json(report: Report) -> str:
    return json.dumps(baseline_to_dict(report), ensure_ascii=False, indent=2) + "\n"
