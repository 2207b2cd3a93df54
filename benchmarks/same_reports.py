"""Show that a change left mtcheck's behaviour alone: the JSON report of every article in
``corpora/`` at revision BEFORE and in the working tree must be identical, except for fields that
the newer report only adds.

    python -m benchmarks.same_reports --before ce0b766      # exit 0 when identical

Each article is checked twice: with every side its folder has, and target-only. The working tree
checks each a second time on the same cache folder, so what a re-check reads from its caches (tags,
word frequencies, embeddings) is compared too. The old revision
runs from a temporary ``git worktree`` with this interpreter, so both sides use the same installed
libraries. Score signatures are listed apart when only their format changed (the value and name of
the score must still agree). Results go to ``benchmarks/results/same_reports.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SIDE_FLAGS = {
    "source.en.txt": "--source",
    "back_translation.en.txt": "--back-translation",
    "reference.de.txt": "--reference",
}


def runs(corpora: Path) -> list[tuple[str, list[str]]]:
    """(name, CLI arguments relative to the checkout) for every corpus article, full and target-only."""
    found = []
    for folder in sorted(p for p in corpora.iterdir() if (p / "target.de.txt").is_file()):
        target = f"corpora/{folder.name}/target.de.txt"
        extra = [
            arg
            for name, flag in SIDE_FLAGS.items()
            if (folder / name).is_file()
            for arg in (flag, f"corpora/{folder.name}/{name}")
        ]
        found.append((f"{folder.name}", [target, *extra]))
        if extra:
            found.append((f"{folder.name} (target only)", [target]))
    return found


def report_json(checkout: Path, arguments: list[str], cache: Path) -> dict[str, Any]:
    """Run ``mtcheck check`` from ``checkout`` (its own sources first on the path) and parse the JSON."""
    env = {**os.environ, "PYTHONPATH": str(checkout), "MTCHECK_CACHE_DIR": str(cache)}
    command = [sys.executable, "-m", "mtcheck.cli", "check", *arguments, "--format", "json", "-q"]
    done = subprocess.run(command, cwd=checkout, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{checkout}: {' '.join(arguments)} failed: {done.stderr.strip()}")
    return json.loads(done.stdout)


def differences(before: Any, after: Any, where: str = "$") -> list[str]:
    """Where ``after`` differs from ``before``; keys only ``after`` has are additions, not differences."""
    if isinstance(before, dict) and isinstance(after, dict):
        found = []
        for key, value in before.items():
            if key not in after:
                found.append(f"{where}.{key}: removed")
            else:
                found += differences(value, after[key], f"{where}.{key}")
        return found
    if isinstance(before, list) and isinstance(after, list):
        if len(before) != len(after):
            return [f"{where}: {len(before)} items before, {len(after)} after"]
        return [
            d
            for i, (b, a) in enumerate(zip(before, after, strict=True))
            for d in differences(b, a, f"{where}[{i}]")
        ]
    return [] if before == after else [f"{where}: {before!r} → {after!r}"]


def compare(before_root: Path, after_root: Path) -> tuple[list[str], list[str]]:
    """(problems, signature-format changes) over every corpus run."""
    problems, signatures = [], []
    with tempfile.TemporaryDirectory() as cache:
        for name, arguments in runs(after_root / "corpora"):
            old = report_json(before_root, arguments, Path(cache) / "before")
            for run in ("", " (re-check)"):  # fresh caches, then the caches the first run filled
                new = report_json(after_root, arguments, Path(cache) / "after")
                for old_score, new_score in zip(old.get("scores", []), new.get("scores", []), strict=False):
                    if old_score.get("signature") != new_score.get("signature"):
                        signatures.append(f"{old_score['signature']}  →  {new_score['signature']}")
                        new_score["signature"] = old_score.get("signature")
                problems += [f"{name}{run}: {d}" for d in differences(old, new)]
    return problems, sorted(set(signatures))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", required=True, help="git revision to compare against, e.g. ce0b766")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "same_reports.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        worktree = Path(tmp) / "before"
        subprocess.run(
            ["git", "worktree", "add", "--detach", "-q", str(worktree), args.before], cwd=ROOT, check=True
        )
        try:
            problems, signatures = compare(worktree, ROOT)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(worktree)], cwd=ROOT, check=False)
    title = f"# JSON reports of every corpus article: {args.before} against the working tree"
    counts = (
        f"Runs: {len(runs(ROOT / 'corpora'))}, each also re-checked on the working tree's filled caches. "
        f"Differences other than added fields: {len(problems)}."
    )
    lines = [title, "", counts, ""]
    lines += [f"- {p}" for p in problems[:200]]
    if signatures:
        lines += ["", "Score signatures whose format changed (values and names agree):", ""]
        lines += [f"- `{s}`" for s in signatures]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
