"""Issue 11's attack run, reproducible: hostile and careless inputs through `mtcheck gate`, each with a
memory cap and a time limit, recording exit code, the first line on stderr, wall time, peak memory
and what the JSON report says. Also the largest article mtcheck accepts, so the README's resource
bounds carry a measured time. Writes ``benchmarks/results/attacks.{md,json}``.

    python -m benchmarks.attacks                       # this checkout
    python -m benchmarks.attacks --checkout OLD_TREE   # the same attacks against another checkout

The example article (corpora/example-putin) is the base of the text attacks, so "the gender finding
survived" is checkable: its "Zur Autorin" must be found whatever was done to the bytes.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = (ROOT / "corpora" / "example-putin" / "target.de.txt").read_text("utf-8")
RESULTS = ROOT / "benchmarks" / "results"
MEMORY_CAP = 8 * 1024**3  # bytes of address space; the issue saw 23 GB for one token
TIME_LIMIT = 300  # seconds per attack


def _long_token() -> bytes:
    return ("Die " + "B" + "a" * 390_000 + " sagte, es sei gut. Der Minister stimmte zu.\n").encode()


def _data_uri() -> bytes:
    uri = "data:image/png;base64," + "A" * 50_000
    return f"# Titel\n\nDie Regierung hat neue Regeln beschlossen. ![x]({uri}) Das ist gut so.\n".encode()


def _big_html() -> bytes:
    paragraph = "<p>Die Regierung hat am Dienstag einen neuen Haushalt vorgelegt.</p>\n"
    return ("<html><body><article>" + paragraph * 300_000 + "</article></body></html>").encode()


def _deep_html() -> bytes:
    first = "<p>Erster Absatz mit genug Text für eine Erkennung der Sprache hier.</p>"
    nested = "<div>" * 1000 + "<p>Ein tief verschachtelter Absatz mit Text.</p>" + "</div>" * 1000
    last = "<p>Der letzte Absatz nach der tiefen Stelle muss erhalten bleiben.</p>"
    return f"<html><body><article>{first}{nested}{last}</article></body></html>".encode()


def _mixed() -> bytes:
    half = len(EXAMPLE) // 2
    return EXAMPLE[:half].encode("utf-8") + EXAMPLE[half:].encode("cp1252", errors="replace")


def _nul_late() -> bytes:
    filler = (EXAMPLE + "\n") * (70_000 // len(EXAMPLE) + 1)
    return filler.encode() + b"Hier steht ein NUL\x00 im Text.\n"


def _largest_article() -> bytes:
    """Distinct German sentences up to just under the default max-article-chars (400,000)."""
    sentences = [s.strip() for s in EXAMPLE.replace("\n", " ").split(". ") if len(s.split()) > 4]
    out, n = [], 0
    while sum(len(s) for s in out) < 395_000:
        sentence = sentences[n % len(sentences)]
        out.append(f"{sentence} (Absatz {n + 1}).\n" if n % 5 == 4 else f"{sentence} (Teil {n + 1}). ")
        n += 1
    return "".join(out).encode()


@dataclass
class Attack:
    name: str
    file: str
    content: Callable[[], bytes]
    expect: str  # what should happen, for the table


ATTACKS = [
    Attack("one 390k-character token", "long_token.de.txt", _long_token, "bounded memory, no crash"),
    Attack("50 KB data URI in Markdown", "data_uri.md", _data_uri, "linear time"),
    Attack("20 MB HTML page", "big.html", _big_html, "refused before parsing"),
    Attack(
        "U+001C before '1.'",
        "ctrl.de.txt",
        lambda: (
            b"Die Regierung hat neue Regeln beschlossen.\x1c1. Der Minister sagte, es werde nie "
            b"wieder passieren. Das ist gut so.\n"
        ),
        "checked, no internal error",
    ),
    Attack("1000-deep HTML", "deep.html", _deep_html, "text after the deep part kept"),
    Attack(
        "CR-only line ends",
        "cr.de.txt",
        lambda: EXAMPLE.replace("\n", "\r").encode(),
        "same sentences as LF, gender finding kept",
    ),
    Attack("half UTF-8, half cp1252", "mixed.de.txt", _mixed, "decoded per line with a warning"),
    Attack("NUL after 64 KiB", "nul.de.txt", _nul_late, "refused"),
    Attack(
        "invalid UTF-8 byte",
        "invalid_utf8.de.txt",
        lambda: EXAMPLE.encode()[:5000] + b"\xff" + EXAMPLE.encode()[5000:],
        "checked with a warning",
    ),
    Attack(
        "UTF-16 without BOM", "utf16_nobom.de.txt", lambda: EXAMPLE.encode("utf-16-le"), "decoded as UTF-16"
    ),
    Attack("5,000 '#'", "hashes.de.txt", lambda: b"#" * 5000, "refused: not an article"),
    Attack(
        "digits and punctuation only",
        "digits.de.txt",
        lambda: b"1, 2. 3; 4 - 5 % 6 / 7\n" * 50,
        "refused: not an article",
    ),
    Attack(
        "soft hyphen in 'Au\\u00adtorin'",
        "shy.de.txt",
        lambda: EXAMPLE.replace("Autorin", "Au\u00adtorin").encode(),
        "gender finding kept",
    ),
    Attack(
        "NFD umlauts",
        "nfd.de.txt",
        lambda: unicodedata.normalize("NFD", EXAMPLE).encode(),
        "gender finding kept",
    ),
    Attack(
        "largest accepted article (~395k chars)",
        "largest.de.txt",
        _largest_article,
        "checked; the time an article can take",
    ),
]


@dataclass
class Outcome:
    attack: str
    expect: str
    exit_code: int | None
    stderr: str
    seconds: float
    peak_mb: float
    sentences: int | None = None
    gender_found: bool | None = None
    warnings: int | None = None


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def run_attack(attack: Attack, folder: Path, checkout: Path) -> Outcome:
    path = folder / attack.file
    path.write_bytes(attack.content())
    report = folder / (attack.file + ".json")
    report.unlink(missing_ok=True)
    env = {**os.environ, "PYTHONPATH": str(checkout), "MTCHECK_CACHE_DIR": str(folder / "cache")}
    peak_file = folder / "peak.txt"
    command = [
        "/usr/bin/time",
        "-f",
        "%M",
        "-o",
        str(peak_file),
        sys.executable,
        "-m",
        "mtcheck.cli",
        "gate",
        str(path),
        "--json",
        str(report),
        "-q",
    ]
    start = time.monotonic()
    try:
        done = subprocess.run(
            command,
            cwd=folder,
            env=env,
            capture_output=True,
            text=True,
            timeout=TIME_LIMIT,
            preexec_fn=_limit_memory,
            check=False,
        )
        code, stderr = done.returncode, (done.stderr.strip().splitlines() or [""])[0]
    except subprocess.TimeoutExpired:
        code, stderr = None, f"killed after {TIME_LIMIT} s"
    seconds = time.monotonic() - start
    # A run killed at the time limit takes /usr/bin/time with it: no peak is written.
    peak_lines = peak_file.read_text().strip().splitlines() if peak_file.is_file() else []
    peak_kb = peak_lines[-1] if peak_lines else "0"
    peak = int(peak_kb) / 1024 if peak_kb.isdigit() else 0.0
    outcome = Outcome(attack.name, attack.expect, code, stderr[:200], round(seconds, 1), round(peak))
    if report.is_file():
        data = json.loads(report.read_text("utf-8"))
        sentences = data["inputs"]["target"]["sentences"]
        outcome.sentences = sentences if isinstance(sentences, int) else len(sentences)
        outcome.gender_found = any(f["check"].startswith("gender") for f in data["findings"])
        outcome.warnings = len(data["warnings"])
    return outcome


def _table(outcomes: list[Outcome]) -> str:
    lines = [
        "| attack | expected | exit | stderr, first line | s | peak MB | sentences | gender | warnings |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for o in outcomes:
        cells = [
            o.attack,
            o.expect,
            str(o.exit_code),
            o.stderr.replace("|", "\\|"),
            f"{o.seconds:g}",
            f"{o.peak_mb:g}",
            str(o.sentences),
            str(o.gender_found),
            str(o.warnings),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--checkout", type=Path, default=ROOT, help="the mtcheck checkout to attack")
    parser.add_argument("--name", default="attacks", help="results file name (attacks.md/json)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        outcomes = []
        for attack in ATTACKS:
            outcomes.append(run_attack(attack, Path(tmp), args.checkout.resolve()))
            print(_table(outcomes[-1:]).splitlines()[-1], flush=True)
    load = os.getloadavg()[0]
    text = (
        f"# Attack run ({args.checkout.resolve().name})\n\n`python -m benchmarks.attacks"
        + (f" --checkout {args.checkout}" if args.checkout != ROOT else "")
        + f"`; memory capped at {MEMORY_CAP // 1024**3} GB, {TIME_LIMIT} s per attack; load average "
        f"{load:.1f} on 2 cores.\n\n" + _table(outcomes) + "\n"
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{args.name}.md").write_text(text, "utf-8")
    (RESULTS / f"{args.name}.json").write_text(json.dumps([asdict(o) for o in outcomes], indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
