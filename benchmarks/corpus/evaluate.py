"""Score mtcheck's alignment and checks against the gold annotations of the team's articles.

For each article: gold 1-1 links recovered, whether the injected omission/addition come
out as 1-0/0-1, whether every injected error is found by a check of the expected family
(a finding whose check id starts with the family and whose target span overlaps the gold
span, or touches it for a zero-length omission span), major/critical findings on clean
articles, and findings that hit a documented look-alike.

Run from the repository root:  python -m benchmarks.corpus.evaluate [--json PATH]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from benchmarks import ROOT
from benchmarks.corpus.gold import load_gold, map_links

CORPORA = ROOT / "corpora"


def touches(finding_span: tuple[int, int], gold: dict) -> bool:
    start, end = gold["start"], gold["end"]
    if start == end:  # omission: the finding may sit on the sentence before or after the gap
        return finding_span[0] <= end + 1 and finding_span[1] >= start - 1
    return finding_span[0] < end and finding_span[1] > start


def check_article(target: Path, sides: dict[str, Path]):
    """The whole pipeline, as `mtcheck check` runs it with default settings."""
    from mtcheck.pipeline import check

    return check(target, **sides)


Located = tuple[str, str, tuple[int, int]]  # check id, severity, target span


def _gold_errors(gold: dict, findings: list[Located], links, predicted: set) -> list[dict]:
    """Each gold error: the findings on it, those of the expected check, and (omission/addition)
    whether the aligner recovered its gold link."""
    errors = []
    for error in gold["errors"]:
        hits = [c for c, _, span in findings if touches(span, error["target_span"])]
        right = [c for c in hits if c.startswith(error["check"])]
        aligned = None
        if error["type"] in ("omission", "addition"):
            link = next(link for link in links if link.error == error["id"])
            aligned = (link.source_ids, link.target_ids) in predicted
        errors.append({"id": error["id"], "expected": error["check"], "found_by": right, "other": hits,
                       "gold_link_recovered": aligned})  # fmt: skip
    return errors


def _lookalike_hits(gold: dict, findings: list[Located]) -> list[dict]:
    """Findings of the tempting check on a look-alike that is correct German. A finding that covers
    a gold error (e.g. a whole-sentence span) is not a look-alike false alarm."""
    unexplained = [f for f in findings if not any(touches(f[2], e["target_span"]) for e in gold["errors"])]
    return [
        {"text": look["target_span"]["text"], "check": c, "severity": sev}
        for look in gold["lookalikes"]
        for c, sev, span in unexplained
        if touches(span, look["target_span"]) and c.startswith(look["check"])
    ]


def evaluate_article(folder: Path) -> dict:
    gold = load_gold(folder)
    sides = {side: folder / name for side, name in gold["files"].items() if side != "target"}
    report = check_article(folder / "target.de.txt", sides)
    source = [(s.start, s.end) for s in report.source.sentences]
    target = [(s.start, s.end) for s in report.target.sentences]
    predicted = {(tuple(p.source_ids), tuple(p.target_ids)) for p in report.pairs}
    links = map_links(gold, source, target)
    one_to_one = [link for link in links if link.kind == "1-1"]
    findings: list[Located] = [
        (f.check, f.severity.value, (f.target_span.start, f.target_span.end))
        for f in report.findings
        if f.target_span is not None
    ]
    return {
        "article": folder.name,
        "clean": not gold["errors"],
        "gold_1_1": len(one_to_one),
        "recovered_1_1": sum((link.source_ids, link.target_ids) in predicted for link in one_to_one),
        "errors": _gold_errors(gold, findings, links, predicted),
        "lookalike_hits": _lookalike_hits(gold, findings),
        "findings": len(findings),
        "major_or_critical": [f for f in findings if f[1] in ("major", "critical")],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    args = parser.parse_args()
    results = [evaluate_article(p.parent) for p in sorted(CORPORA.glob("*/annotations.json"))]
    gold_11 = sum(r["gold_1_1"] for r in results)
    for r in results:
        print(f"{r['article']}: 1-1 links {r['recovered_1_1']}/{r['gold_1_1']}, findings {r['findings']}")
        for e in r["errors"]:
            mark = "FOUND " if e["found_by"] else "MISSED"
            link = e["gold_link_recovered"]
            extra = "" if link is None else f", gold link recovered: {link}"
            print(f"  {mark} {e['id']} (expects {e['expected']}): {e['found_by'] or e['other']}{extra}")
        if r["clean"]:
            print(f"  clean article, major/critical findings: {r['major_or_critical']}")
        for hit in r["lookalike_hits"]:
            print(f"  look-alike flagged: {hit}")
    errors = [e for r in results for e in r["errors"]]
    print(
        f"TOTAL: 1-1 links {sum(r['recovered_1_1'] for r in results)}/{gold_11}, "
        f"errors found by the right check {sum(bool(e['found_by']) for e in errors)}/{len(errors)}, "
        f"look-alikes flagged {sum(len(r['lookalike_hits']) for r in results)}, "
        f"major/critical on clean articles {sum(len(r['major_or_critical']) for r in results if r['clean'])}"
    )
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
