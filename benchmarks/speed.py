"""Wall time, CPU time and peak memory of `mtcheck check` in a fresh process.

Checks the example article with its hand-written back-translation, and the same article made
N times as long. Two long variants:

- ``repeat``: the text repeated N times, as issue 2 asks. Repeated sentences are embedded only
  once (mtcheck deduplicates), so this understates the embedding work;
- ``unique``: every copy's sentences end in a copy marker ("… Nummer3.") so that no sentence repeats
  and every stage does N times the work.

Each run gets a fresh, empty embedding cache (``MTCHECK_CACHE_DIR``), i.e. a first run on a new
machine; a second run of the 1× article reuses that cache ("warm"). A separate fresh process
runs the Python API once per size to time the pipeline stages.

    .venv/bin/python benchmarks/speed.py            # writes benchmarks/results/speed.md

The machine may be shared: the load average is recorded beside the numbers, and CPU time
(user + system) is reported because it is what contention does not inflate.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "corpora" / "example-putin"
MTCHECK = Path(sys.executable).with_name("mtcheck")

STAGE_SCRIPT = """
import json, sys, time
from mtcheck.pipeline import check
marks = [("start", time.perf_counter(), time.process_time())]
mark = lambda name: marks.append((name, time.perf_counter(), time.process_time()))
report = check(sys.argv[1], back_translation=sys.argv[2], on_stage=mark)
mark("end")
stages = {marks[i][0]: round(marks[i + 1][1] - marks[i][1], 3) for i in range(1, len(marks) - 1)}
cpu = {marks[i][0]: round(marks[i + 1][2] - marks[i][2], 3) for i in range(1, len(marks) - 1)}
counts = {"sentences": len(report.target.sentences), "findings": len(report.findings)}
print(json.dumps({"stages": stages, "cpu": cpu, "imports_cpu": round(marks[0][2], 3), **counts}))
"""


@dataclass
class Run:
    label: str
    factor: int
    sentences: int
    chars: int
    wall: float
    cpu: float
    peak_mb: float
    exit_code: int


def make_variant(folder: Path, factor: int, unique: bool) -> tuple[Path, Path]:
    """The example target and back-translation, ``factor`` times as long."""
    target = (EXAMPLE / "target.de.txt").read_text(encoding="utf-8").strip()
    back = (EXAMPLE / "back_translation.en.txt").read_text(encoding="utf-8").strip()

    def copies(text: str) -> str:
        parts = []
        for k in range(1, factor + 1):
            marked = re.sub(r"([.!?])(?=\s|$)", rf" Nummer{k}\1", text)
            parts.append(marked if unique and factor > 1 else text)
        return "\n\n".join(parts) + "\n"

    name = f"x{factor}{'u' if unique else ''}"
    target_path, back_path = folder / f"{name}.de.txt", folder / f"{name}.en.txt"
    target_path.write_text(copies(target), encoding="utf-8")
    back_path.write_text(copies(back), encoding="utf-8")
    return target_path, back_path


def measure(target: Path, back: Path, cache: Path, out: Path) -> tuple[float, float, float, int]:
    """(wall s, CPU s, peak RSS MB, exit code) of one `mtcheck check` in a fresh process."""
    env = {**os.environ, "MTCHECK_CACHE_DIR": str(cache)}
    command = [str(MTCHECK), "check", str(target), "--back-translation", str(back), "--json", str(out), "-q"]
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):  # 1 = the gate failed, which is a result, not an error
        raise SystemExit(
            f"mtcheck failed ({code}): {process.stderr.read().decode() if process.stderr else ''}"
        )
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, code


def best_of(
    runs: int, target: Path, back: Path, cache_root: Path, out: Path
) -> tuple[float, float, float, int]:
    """Fastest of ``runs`` cold-cache runs (the least disturbed by other processes); largest peak."""
    results = [measure(target, back, cache_root / f"run-{k}", out) for k in range(runs)]
    return (
        min(r[0] for r in results),
        min(r[1] for r in results),
        max(r[2] for r in results),
        max(r[3] for r in results),
    )


def stage_times(target: Path, back: Path, cache: Path) -> dict:
    env = {**os.environ, "MTCHECK_CACHE_DIR": str(cache)}
    result = subprocess.run(
        [sys.executable, "-c", STAGE_SCRIPT, str(target), str(back)], env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        print(f"stage timing failed: {result.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
        return {"stages": {}}
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--factors", default="1,4,16", help="article lengths to run, as multiples")
    parser.add_argument("--runs", type=int, default=2, help="runs per size; the fastest counts")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "speed.md")
    args = parser.parse_args()
    factors = [int(f) for f in args.factors.split(",")]

    runs: list[Run] = []
    stages: dict[str, dict] = {}
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="mtcheck-speed-") as tmp:
        folder = Path(tmp)
        for factor in factors:
            for unique in (False, True) if factor > 1 else (False,):
                target, back = make_variant(folder, factor, unique)
                label = "example" if factor == 1 else f"{factor}× {'unique' if unique else 'repeat'}"
                cache = folder / f"cache-{factor}-{unique}"
                wall, cpu, peak, code = best_of(args.runs, target, back, cache, folder / "report.json")
                report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
                sentences = len(report.get("pairs", []))
                chars = len(target.read_text(encoding="utf-8"))
                runs.append(Run(f"{label} (cold cache)", factor, sentences, chars, wall, cpu, peak, code))
                if factor == 1:
                    wall, cpu, peak, code = measure(target, back, cache / "run-0", folder / "report.json")
                    runs.append(Run(f"{label} (warm cache)", factor, sentences, chars, wall, cpu, peak, code))
                if unique or factor == 1:
                    stages[label] = stage_times(target, back, folder / f"stage-cache-{factor}")
                print(f"{runs[-1].label}: {runs[-1].wall:.1f} s wall, {runs[-1].peak_mb:.0f} MB", flush=True)
    load_after = os.getloadavg()
    write_markdown(args.out, runs, stages, load_before, load_after)
    print(f"wrote {args.out}")


def write_markdown(path: Path, runs: list[Run], stages: dict, load_before, load_after) -> None:
    lines = [
        "# Speed and memory of `mtcheck check`",
        "",
        "Produced by `.venv/bin/python benchmarks/speed.py` (fresh process per run, peak RSS from "
        "`wait4`; the fastest of several cold-cache runs counts). Input: `corpora/example-putin` "
        "(target + hand-written back-translation, no source).",
        "",
        f"Machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}. "
        f"Load average before/after: {load_before[0]:.1f} / {load_after[0]:.1f} "
        "(other processes share the CPUs; CPU time is the contention-free figure).",
        "",
        "| run | length | pairs | characters | wall s | CPU s | peak MB | wall s per 1× | exit |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    base = next((r for r in runs if r.factor == 1 and "cold" in r.label), runs[0])
    for r in runs:
        per = r.wall / r.factor
        lines.append(
            f"| {r.label} | {r.factor}× | {r.sentences} | {r.chars:,} | {r.wall:.2f} | {r.cpu:.2f} | "
            f"{r.peak_mb:.0f} | {per:.2f} | {r.exit_code} |"
        )
    lines += ["", "Targets (issue 2): the example under 5 s wall and under 1 GB; time linear in length.", ""]
    for r in runs:
        if r.factor > 1:
            ratio = r.cpu / base.cpu if base.cpu else float("nan")
            lines.append(f"- {r.label}: CPU time ×{ratio:.1f} for ×{r.factor} length.")
    lines += ["", "## Where the time goes (per pipeline stage, fresh process, cold cache)", ""]
    names: list[str] = []
    for data in stages.values():
        names += [n for n in data["stages"] if n not in names]
    lines.append("| run | startup CPU s | " + " | ".join(f"{n} (wall / CPU s)" for n in names) + " |")
    lines.append("|---|---|" + "---|" * len(names))
    for label, data in stages.items():
        cells = [f"{data['stages'].get(n, 0):.2f} / {data.get('cpu', {}).get(n, 0):.2f}" for n in names]
        lines.append(f"| {label} | {data.get('imports_cpu', 0):.2f} | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append(
        "A stage's time is from its start to the next stage's start; 'loading' includes reading and "
        "segmenting, 'embedding and aligning' includes loading the sentence encoder."
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
