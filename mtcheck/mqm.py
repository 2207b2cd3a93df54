"""MQM severities, weights and the document score: the one source of truth."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from mtcheck.model import Article, Finding, MQMScore, Severity

#: MQM weights (minor 1, major 5, critical 25), as in the MQM core and WMT MQM.
SEVERITY_WEIGHTS: Mapping[Severity, float] = {
    Severity.MINOR: 1.0,
    Severity.MAJOR: 5.0,
    Severity.CRITICAL: 25.0,
}


def penalty(finding: Finding, weights: Mapping[Severity, float] = SEVERITY_WEIGHTS) -> float:
    return weights[finding.severity]


def document_score(
    findings: Iterable[Finding],
    target: Article,
    weights: Mapping[Severity, float] = SEVERITY_WEIGHTS,
) -> MQMScore:
    """Penalty total = sum of severity weights of the counted findings (those of checks the gate
    ignores are left out); per 1,000 words = total / target words × 1000.

    The word count is whitespace-separated tokens of the target text (at least 1).
    """
    counted = [f for f in findings if not f.ignored]
    total = sum(penalty(f, weights) for f in counted)
    words = max(target.word_count, 1)
    by_severity = Counter(f.severity.value for f in counted)
    by_category = Counter(f.category.value for f in counted)
    return MQMScore(
        penalty=total,
        per_1000_words=round(total / words * 1000, 3),
        word_count=words,
        by_severity={s.value: by_severity.get(s.value, 0) for s in Severity},
        by_category=dict(sorted(by_category.items())),
    )
