"""Throughput and memory of ``mtcheck batch`` on all cores and on a Dask cluster (issue 15).

The team corpora are repeated to ``--articles`` articles. Every copy is distinct in every sentence
(each sentence of every side ends in a copy marker " [k]" before its final punctuation), so neither
the on-disk caches (switched off here) nor a worker's in-memory embedding memo can reuse work
across copies, as in a real archive.

Modes, measured one after another in one run, on the same articles and each into its own output
folder: the in-process path is not measured (it is ``--workers 1`` without isolation);

* ``local-1``: ``LocalPool(1)``, one worker process;
* ``local-2``: ``LocalPool(2)``;
* ``dask-2``: a ``LocalCluster`` on 127.0.0.1, 2 worker processes with 1 thread each;
* ``rerun``: ``local-2`` again over its own output, nothing changed (the incremental skip).

With ``--rounds 2`` the first three modes run twice, in reverse order the second time, and each
mode's better round counts (the machine is shared: the load average is recorded beside each run).
Every mode's reports and index are compared byte for byte with ``local-1``'s.

    python -m benchmarks.batch_scale [--articles 500] [--rounds 1]

writes ``benchmarks/results/batch_scale.md`` and ``.json``.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import platform
import re
import shutil
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
RESULTS = ROOT / "benchmarks" / "results"
SIDE_FILES = {
    "target.de.txt": ("target", "de"),
    "source.en.txt": ("source", "en"),
    "back_translation.en.txt": ("back_translation", "en"),
    "reference.de.txt": ("reference", "de"),
}
_END = re.compile(r"[.!?:;]?[\"'“”„»«‘’)]*\s*$")


@dataclass
class Measurement:
    mode: str
    round: int
    articles: int
    checked: int
    unchanged: int
    seconds: float
    per_minute: float
    peak_mb: dict[str, float]
    statuses: dict[str, int]
    load_before: float
    load_after: float


def mark_sentences(text: str, side: str, language: str, copy: int) -> str:
    """``text`` with " [copy]" before the final punctuation of every sentence mtcheck finds."""
    from mtcheck.load import article_from_text
    from mtcheck.segment import segment_article

    article = segment_article(article_from_text(text, side, language=language))  # type: ignore[arg-type]
    pieces, position = [], 0
    for sentence in article.sentences:
        chunk = text[sentence.start : sentence.end]
        match = _END.search(chunk)
        cut = sentence.start + (match.start() if match else len(chunk))
        pieces += [text[position:cut], f" [{copy}]"]
        position = cut
    return "".join(pieces) + text[position:]


def build_corpus(folder: Path, articles: int) -> None:
    names = sorted(p.name for p in CORPORA.iterdir() if (p / "target.de.txt").is_file())
    for number in range(articles):
        name, copy = names[number % len(names)], number // len(names)
        article = folder / f"{name}-{copy:04d}"
        article.mkdir(parents=True)
        for file, (side, language) in SIDE_FILES.items():
            original = CORPORA / name / file
            if original.is_file():
                text = original.read_text(encoding="utf-8")
                (article / file).write_text(mark_sentences(text, side, language, copy), encoding="utf-8")


def _load() -> float:
    return os.getloadavg()[0]


def measure(mode: str, round_: int, corpus: Path, out: Path, executor: object) -> Measurement:
    from mtcheck.batch import BatchOptions, run_batch
    from mtcheck.config import Settings

    before = _load()
    result = run_batch(corpus, Settings(), out, options=BatchOptions(executor=executor))  # type: ignore[arg-type]
    unchanged = sum(e.unchanged for e in result.entries)
    statuses = {s: result.count(s) for s in ("publish", "block", "error", "skipped")}
    return Measurement(
        mode,
        round_,
        len(result.entries),
        len(result.entries) - unchanged,
        unchanged,
        round(result.seconds, 3),
        round(len(result.entries) / result.seconds * 60, 1),
        {worker: round(mb) for worker, mb in result.peak_mb.items()},
        statuses,
        round(before, 2),
        round(_load(), 2),
    )


def same_outputs(first: Path, second: Path) -> list[str]:
    """Files that differ (or exist on one side only) between two output folders."""
    differ = []
    for path in sorted(first.rglob("*")):
        if path.is_file():
            other = second / path.relative_to(first)
            if not other.is_file() or not filecmp.cmp(path, other, shallow=False):
                differ.append(str(path.relative_to(first)))
    extra = {p.relative_to(second) for p in second.rglob("*") if p.is_file()}
    extra -= {p.relative_to(first) for p in first.rglob("*") if p.is_file()}
    return differ + sorted(str(p) for p in extra)


def run_modes(work: Path, corpus: Path, rounds: int) -> tuple[list[Measurement], dict[str, list[str]]]:
    from distributed import Client, LocalCluster

    from mtcheck.batch.dask_executor import DaskExecutor
    from mtcheck.batch.local import LocalPool

    measurements: list[Measurement] = []
    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0",
        ) as cluster,
        Client(cluster) as client,
    ):
        executors = {"local-1": LocalPool(1), "local-2": LocalPool(2), "dask-2": DaskExecutor(client)}
        for round_ in range(rounds):
            order = list(executors) if round_ % 2 == 0 else list(reversed(executors))
            for mode in order:
                out = work / f"out-{mode}"
                shutil.rmtree(out, ignore_errors=True)
                measurements.append(measure(mode, round_, corpus, out, executors[mode]))
                print(json.dumps(asdict(measurements[-1])), flush=True)
    measurements.append(measure("rerun", 0, corpus, work / "out-local-2", LocalPool(2)))
    print(json.dumps(asdict(measurements[-1])), flush=True)
    differences = {
        mode: same_outputs(work / "out-local-1", work / f"out-{mode}") for mode in ("local-2", "dask-2")
    }
    return measurements, differences


def _best(measurements: list[Measurement], mode: str) -> Measurement:
    return max((m for m in measurements if m.mode == mode), key=lambda m: m.per_minute)


def write_results(
    measurements: list[Measurement], differences: dict[str, list[str]], args: argparse.Namespace
) -> str:
    best = {mode: _best(measurements, mode) for mode in ("local-1", "local-2", "dask-2", "rerun")}
    one, two, dask, rerun = (best[m] for m in ("local-1", "local-2", "dask-2", "rerun"))
    lines = [
        "# `mtcheck batch` at scale: workers, Dask, incremental re-runs",
        "",
        f"Produced by `python -m benchmarks.batch_scale --articles {args.articles} --rounds {args.rounds}`: "
        f"the {len(list(CORPORA.glob('*/target.de.txt')))} team corpora repeated to {args.articles} "
        "articles, "
        "every sentence of every copy made distinct by a copy marker; disk caches off "
        "(`MTCHECK_CACHE_DIR=off`). Throughput is wall time of the whole `run_batch`, worker start-up "
        "and model loading included.",
        "",
        f"Machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; "
        "shared with other jobs, so the 1-minute load average is recorded before and after each run.",
        "",
        "| mode | round | articles | checked | unchanged | wall s | articles/min | peak MB per worker "
        "| load before / after |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for m in measurements:
        peaks = ", ".join(f"{mb}" for _, mb in sorted(m.peak_mb.items())) or "–"
        lines.append(
            f"| {m.mode} | {m.round + 1} | {m.articles} | {m.checked} | {m.unchanged} | {m.seconds} | "
            f"{m.per_minute} | {peaks} | {m.load_before} / {m.load_after} |"
        )
    peak = max((mb for m in measurements for mb in m.peak_mb.values()), default=0)
    rows = [
        ("2 local workers vs 1", "≥ 1.7×", f"{two.per_minute / one.per_minute:.2f}×"),
        ("LocalCluster (2 workers) vs 2 local workers", "≥ 0.8×", f"{dask.per_minute / two.per_minute:.2f}×"),
        (
            "unchanged second run vs first (local-2)",
            "≥ 20× faster",
            f"{two.seconds / max(rerun.seconds, 0.001):.0f}×",
        ),
        ("peak memory per worker", "< 1 GB", f"{peak} MB"),
        (
            "identical reports and index (vs local-1)",
            "identical",
            "; ".join(
                f"{mode}: {'identical' if not d else f'{len(d)} files differ'}"
                for mode, d in differences.items()
            ),
        ),
    ]
    lines += [
        "",
        "## Against the targets of issue 15 (best round of each mode)",
        "",
        "| measure | target | measured |",
    ]
    lines += ["|---|---|---|"] + [f"| {a} | {b} | {c} |" for a, b, c in rows]
    for mode, files in differences.items():
        if files:
            lines += ["", f"Files that differ in {mode}: " + ", ".join(files[:20])]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--keep", type=Path, default=None, help="Keep the corpus and outputs in this folder.")
    args = parser.parse_args()
    os.environ["MTCHECK_CACHE_DIR"] = "off"  # inherited by every worker process
    work = args.keep or Path(tempfile.mkdtemp(prefix="mtcheck-batch-scale-"))
    corpus = work / "corpus"
    if not corpus.exists():
        build_corpus(corpus, args.articles)
    measurements, differences = run_modes(work, corpus, args.rounds)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "batch_scale.json").write_text(
        json.dumps({"measurements": [asdict(m) for m in measurements], "differences": differences}, indent=2)
        + "\n",
        encoding="utf-8",
    )
    text = write_results(measurements, differences, args)
    (RESULTS / "batch_scale.md").write_text(text, encoding="utf-8")
    sys.stdout.write(text)
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
