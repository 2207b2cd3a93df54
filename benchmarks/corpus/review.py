"""Refresh the hand-review list of mtcheck's findings on the founding example.

Runs the checks on ``example-putin`` (target + hand-written back-translation) and merges
the findings into ``example-putin/reviewed_findings.json``: a finding already reviewed
keeps its verdict (matched by check id and target text); a new one is added with
``"verdict": "unreviewed"`` for a person to set to ``"true_alarm"`` or ``"false_alarm"``.
Reviewed findings that the checks no longer produce are kept with ``"still_found": false``,
so a lost true alarm stays visible (and fails tests/test_corpora.py).

Run from the repository root:  python -m benchmarks.corpus.review
"""

from __future__ import annotations

import json

from benchmarks import ROOT
from benchmarks.corpus.evaluate import check_article

EXAMPLE = ROOT / "corpora" / "example-putin"
REVIEW = EXAMPLE / "reviewed_findings.json"


def key(item: dict) -> tuple[str, str]:
    return item["check"], item["target_span"]["text"]


def main() -> None:
    back_translation = EXAMPLE / "back_translation.en.txt"
    report = check_article(EXAMPLE / "target.de.txt", {"back_translation": back_translation})
    old = json.loads(REVIEW.read_text(encoding="utf-8")) if REVIEW.exists() else {"findings": []}
    reviewed = {key(item): item for item in old["findings"]}
    merged, seen = [], set()
    for f in report.findings:
        span = f.target_span
        if span is None:
            continue
        item = {
            "check": f.check,
            "severity": f.severity.value,
            "target_span": {"start": span.start, "end": span.end, "text": span.text},
            "message": f.message,
        }
        previous = reviewed.get(key(item), {})
        item["verdict"] = previous.get("verdict", "unreviewed")
        item["reason"] = previous.get("reason", "")
        item["still_found"] = True
        merged.append(item)
        seen.add(key(item))
    for item in old["findings"]:
        if key(item) not in seen and item["verdict"] != "unreviewed":
            merged.append({**item, "still_found": False})
    merged.sort(key=lambda item: (item["target_span"]["start"], item["check"]))
    out = {
        "article": "example-putin",
        "inputs": ["target.de.txt", "back_translation.en.txt"],
        "how": "Every finding of `mtcheck check` on the example, judged by hand by the mtcheck team. "
        "true_alarm: an editor should act on it; false_alarm: the text is correct there.",
        "findings": merged,
    }
    REVIEW.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    counts = {v: sum(i["verdict"] == v for i in merged) for v in ("true_alarm", "false_alarm", "unreviewed")}
    print(f"{len(merged)} findings: {counts}")


if __name__ == "__main__":
    main()
