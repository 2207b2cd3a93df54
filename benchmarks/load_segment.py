"""Wall time and peak memory of load + segment, on the example article repeated 1×, 16× and 400× (~5 MB).

Usage (from the repository root)::

    python -m benchmarks.load_segment [--seed corpora/example-putin/target.de.txt] [--repeats 1 16 400]

The article is the founding example (``corpora/example-putin/target.de.txt``, a byte-for-byte copy
of the seed). Each size runs in a fresh Python process (so peak RSS and import time are honest) and
loads the article through ``mtcheck.load.load_article`` from a temporary file, then
``segment_article``. Also compares the sentence splitter with SoMaJo on the hard cases of
tests/test_segment.py when SoMaJo is installed (the [bench] extra). Results:
``benchmarks/results/load_segment.{json,md}`` (``--output``).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks import RESULTS, ROOT

DEFAULT_SEED = ROOT / "corpora" / "example-putin" / "target.de.txt"

CHILD = r"""
import json, resource, sys, time
start = time.perf_counter()
from mtcheck.load import load_article
from mtcheck.segment import segment_article
imported = time.perf_counter()
article = load_article(sys.argv[1], "target")
loaded = time.perf_counter()
segment_article(article)
done = time.perf_counter()
print(json.dumps({
    "chars": len(article.text), "sentences": len(article.sentences), "blocks": len(article.blocks),
    "language": article.language, "import_s": imported - start, "load_s": loaded - imported,
    "segment_s": done - loaded, "total_s": done - start,
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def measure(text: str, repeat: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"article_x{repeat}.txt"
        path.write_text((text.rstrip("\n") + "\n\n") * repeat, encoding="utf-8")
        size = path.stat().st_size
        output = subprocess.run(
            [sys.executable, "-c", CHILD, str(path)], cwd=ROOT, check=True, capture_output=True, text=True
        ).stdout
    result = json.loads(output)
    result["repeat"] = repeat
    result["bytes"] = size
    return result


def compare_somajo(text: str) -> dict | None:
    try:
        from somajo import SoMaJo
    except ImportError:
        return None
    from mtcheck.load import article_from_text
    from mtcheck.segment import segment_article
    from tests import test_segment  # the hard cases, as the tests define them

    def squash(sentences: list[str]) -> list[str]:
        return ["".join(s.split()) for s in sentences]

    scores = {}
    for language, test, model in (
        ("de", test_segment.test_german_hard_cases, "de_CMC"),
        ("en", test_segment.test_english_hard_cases, "en_PTB"),
    ):
        cases = next(mark.args[1] for mark in test.pytestmark if mark.name == "parametrize")
        tokenizer = SoMaJo(model, split_sentences=True)
        ours = theirs = 0
        for case, expected in cases:
            side = "target" if language == "de" else "source"
            mine = [s.text for s in segment_article(article_from_text(case, side, language)).sentences]
            other = [
                " ".join(token.text for token in sentence) for sentence in tokenizer.tokenize_text([case])
            ]
            ours += squash(mine) == squash(expected)
            theirs += squash(other) == squash(expected)
        scores[language] = {"cases": len(cases), "mtcheck": ours, "somajo": theirs}
    import time

    big = (text + "\n") * 16
    started = time.perf_counter()
    segment_article(article_from_text(big, "target", "de"))
    ours_s = time.perf_counter() - started
    paragraphs = [line for line in big.split("\n") if line.strip()]
    started = time.perf_counter()
    sum(1 for _ in SoMaJo("de_CMC", split_sentences=True).tokenize_text(paragraphs))
    scores["speed_example_x16_s"] = {"mtcheck": ours_s, "somajo": time.perf_counter() - started}
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=Path, default=DEFAULT_SEED)
    parser.add_argument("--repeats", type=int, nargs="+", default=[1, 16, 400])
    parser.add_argument("--output", type=Path, default=RESULTS / "load_segment.md", help="and .json too")
    args = parser.parse_args()
    text = args.seed.read_text(encoding="utf-8")
    runs = [measure(text, repeat) for repeat in args.repeats]
    somajo = compare_somajo(text)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    result = json.dumps({"runs": runs, "somajo": somajo}, indent=2) + "\n"
    args.output.with_suffix(".json").write_text(result, encoding="utf-8")
    lines = [
        "# Load + segment: time and memory",
        "",
        "Reproduce: `python -m benchmarks.load_segment` (fresh process per size, 2-core machine;",
        f"load average when measured: {os.getloadavg()[0]:.1f}; other jobs were running, so times are "
        "upper bounds).",
        "",
        "| example × | bytes | sentences | import s | load s | segment s | total s | peak RSS MB |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for run in runs:
        lines.append(
            f"| {run['repeat']} | {run['bytes']:,} | {run['sentences']:,} | {run['import_s']:.2f} | "
            f"{run['load_s']:.3f} | {run['segment_s']:.3f} | {run['total_s']:.2f} | "
            f"{run['peak_rss_mb']:.0f} |"
        )
    if somajo:
        lines += [
            "",
            "## Sentence splitting: mtcheck.segment (pysbd + repairs) vs SoMaJo 2.5 on the hard cases",
            "",
            "| language | hard cases | mtcheck.segment exact | SoMaJo exact |",
            "|---|---|---|---|",
        ]
        speed = somajo.pop("speed_example_x16_s")
        for language, score in somajo.items():
            lines.append(f"| {language} | {score['cases']} | {score['mtcheck']} | {score['somajo']} |")
        lines += [
            "",
            f"Speed on the example × 16 (German): mtcheck.segment {speed['mtcheck']:.2f} s, "
            f"SoMaJo {speed['somajo']:.2f} s (tokens only, no character offsets). SoMaJo splits quotations "
            "(„Wir schaffen das. Ganz sicher.“) into two sentences; pysbd + repairs keeps them whole.",
        ]
    args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
