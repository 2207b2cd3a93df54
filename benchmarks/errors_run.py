"""Run the real mtcheck pipeline on every item of the error data sets and cache what it found.

The expensive part of ``benchmarks.errors_eval``: one ``mtcheck.check`` per item (load → segment →
embed → align → score → check → estimate → gate), without a back-translation model (``bt-model =
none``), as an editor without a local MT model would run it. Per-item results go to
``benchmarks/out/errors/<fingerprint>/<dataset>.jsonl``; the fingerprint is a hash of the
package's source files, so a code change starts a new cache and an unchanged tree reuses the old
one (the baseline stays on disk next to the current run).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.eval_data import EvalItem

REPO = Path(__file__).resolve().parents[1]
# overridable so a copy of an older revision (the baseline) writes next to the current results
CACHE_ROOT = Path(os.environ.get("MTCHECK_ERRORS_CACHE", REPO / "benchmarks" / "out" / "errors"))


@dataclass
class FoundSpan:
    start: int
    end: int
    text: str


@dataclass
class ItemFinding:
    check: str
    category: str
    severity: str
    message: str
    target: FoundSpan
    source: FoundSpan | None = None
    evidence: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class ItemResult:
    id: str
    findings: list[ItemFinding]
    passed: bool  # the default gate's verdict
    reasons: list[str]
    pair_kinds: list[str]  # alignment kinds, e.g. ["1-1", "1-2"]
    n_source_sentences: int
    n_target_sentences: int
    error: str | None = None  # an InputError (e.g. empty text): the item is skipped
    text_hash: str = ""  # of source and MT: a changed reader (detokenizer) invalidates the result

    @staticmethod
    def from_json(data: dict[str, Any]) -> ItemResult:
        findings = []
        for f in data["findings"]:
            source = FoundSpan(**f["source"]) if f.get("source") else None
            findings.append(
                ItemFinding(
                    f["check"],
                    f["category"],
                    f["severity"],
                    f["message"],
                    FoundSpan(**f["target"]),
                    source,
                    f.get("evidence", []),
                )
            )
        return ItemResult(**{**data, "findings": findings})


def code_fingerprint(root: Path | None = None) -> str:
    """A hash of every source and data file of the imported package: results change only when these
    do (a copy of an older revision on PYTHONPATH gets its own fingerprint)."""
    if root is None:
        import mtcheck

        root = Path(mtcheck.__file__).parent
    digest = hashlib.sha1()
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".json", ".txt", ".csv", ".tsv"}:
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def text_hash(item: EvalItem) -> str:
    return hashlib.sha1(f"{item.source}\x00{item.mt}".encode()).hexdigest()[:12]


def run_item(item: EvalItem) -> ItemResult:
    result = _run_item(item)
    result.text_hash = text_hash(item)
    return result


def _run_item(item: EvalItem) -> ItemResult:
    import mtcheck
    from mtcheck.config import Settings
    from mtcheck.load import article_from_text
    from mtcheck.model import InputError

    try:
        report = mtcheck.check(
            article_from_text(item.mt, "target", "de"),
            source=article_from_text(item.source, "source", "en"),
            settings=Settings(bt_model="none"),
        )
    except InputError as exc:
        return ItemResult(item.id, [], True, [], [], 0, 0, error=str(exc))
    except Exception as exc:  # a crash is counted and shown, not allowed to stop 16,000 items
        return ItemResult(item.id, [], True, [], [], 0, 0, error=f"crash: {type(exc).__name__}: {exc}")
    findings = []
    for f in report.findings:
        source = (
            FoundSpan(f.source_span.start, f.source_span.end, f.source_span.text) if f.source_span else None
        )
        findings.append(
            ItemFinding(
                f.check,
                f.category.value,
                f.severity.value,
                f.message,
                FoundSpan(f.target_span.start, f.target_span.end, f.target_span.text),
                source,
                [
                    {"text": e.text[:200], "side": e.side, "start": e.start, "end": e.end, "note": e.note}
                    for e in f.evidence
                ],
            )
        )
    verdict = report.verdict
    return ItemResult(
        item.id,
        findings,
        bool(verdict.passed) if verdict else True,
        list(verdict.reasons) if verdict else [],
        [p.kind or "" for p in report.pairs],
        len(report.source.sentences) if report.source else 0,
        len(report.target.sentences),
    )


def cached_results(
    dataset: str,
    items: Iterable[EvalItem],
    fingerprint: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, ItemResult]:
    """Results for every item, computing only those not in the cache for this code version."""
    fingerprint = fingerprint or code_fingerprint()
    folder = CACHE_ROOT / fingerprint
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{dataset}.jsonl"
    results: dict[str, ItemResult] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                result = ItemResult.from_json(json.loads(line))
            except (json.JSONDecodeError, KeyError, TypeError):
                continue  # a line cut short by a stopped run: computed again below
            results[result.id] = result
    # results computed on other text (before the reader changed; old lines carry no hash) are redone
    todo = [item for item in items if item.id not in results or results[item.id].text_hash != text_hash(item)]
    if todo and fingerprint != code_fingerprint():
        raise SystemExit(
            f"{len(todo)} {dataset} items are not cached for {fingerprint}: run that revision first"
        )
    with path.open("a", encoding="utf-8") as handle:
        for done, item in enumerate(todo, 1):
            result = run_item(item)
            results[item.id] = result
            handle.write(json.dumps(asdict(result), ensure_ascii=False) + "\n")
            if done % 50 == 0:
                handle.flush()
                if progress:
                    progress(done, len(todo))
    return results


def main() -> None:
    import argparse
    import sys

    from benchmarks.eval_data import read_all

    parser = argparse.ArgumentParser(description="fill the per-item cache of benchmarks.errors_eval")
    parser.add_argument("--eval-dir", type=Path, default=REPO.parent / "shared" / "eval")
    parser.add_argument("--datasets", nargs="*", default=["wmt22", "ced", "wmt23"])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--split", choices=["tune", "heldout"], default=None, help="only this split")
    args = parser.parse_args()
    if "MTCHECK_CACHE_DIR" not in os.environ:
        sys.exit("set MTCHECK_CACHE_DIR (a shared embedding cache would collide with other runs)")
    data = read_all(args.eval_dir)
    fingerprint = code_fingerprint()
    for name in args.datasets:
        items = [i for i in data[name] if args.split in (None, i.split)]
        items = items[: args.limit] if args.limit else items

        def report(done: int, total: int, name: str = name) -> None:
            print(f"{name}: {done}/{total}", flush=True)

        results = cached_results(name, items, fingerprint, report)
        print(f"{name}: {len(results)} items cached under {fingerprint}", flush=True)


if __name__ == "__main__":
    main()
