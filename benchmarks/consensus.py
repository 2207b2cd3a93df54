"""Does "every other engine translates this differently" find errors? Measured on WMT23 en-de MQM.

    python -m benchmarks.consensus --eval-dir ../shared/eval

For every rated translation (system × segment), the other systems' translations of the same segment
stand in for ``--alternative`` files. A translation is flagged the way ``consensus.divergence`` flags a
sentence: its best chrF against the alternatives is at or below the threshold. Reported: how many are
flagged, and how often a flagged translation has a major/critical human error, against the base rate.
Segments here are paragraphs, the check works on aligned sentences: this is the paragraph-level
analogue, enough to decide whether the signal deserves more than a minor severity.
"""

from __future__ import annotations

import argparse
import random
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from sacrebleu.metrics import CHRF

from benchmarks.wmt23 import DEFAULT_EVAL_DIR, load_items

RESULTS = Path(__file__).resolve().parent / "results"
THRESHOLDS = (20.0, 25.0, 30.0, 35.0)


def _has_major(mqm: float) -> bool:
    return mqm <= -5  # at least one major error (or five minor ones)


def measure(eval_dir: Path, alternatives: int | None, seed: int = 7) -> list[dict[str, float]]:
    items = load_items(eval_dir)
    by_segment = defaultdict(list)
    for item in items:
        by_segment[item.seg_idx].append(item)
    chrf, rnd = CHRF(), random.Random(seed)
    best: list[tuple[float, bool]] = []
    for group in by_segment.values():
        for item in group:
            others = [o.mt for o in group if o.system != item.system and o.mt.strip()]
            if alternatives is not None:
                others = rnd.sample(others, min(alternatives, len(others)))
            if others and item.mt.strip():
                best.append((chrf.sentence_score(item.mt, others).score, _has_major(item.mqm)))
    base = sum(major for _, major in best) / len(best)
    rows = []
    for threshold in THRESHOLDS:
        flagged = [major for score, major in best if score <= threshold]
        rows.append({
            "threshold": threshold, "flagged": len(flagged), "items": len(best),
            "precision": sum(flagged) / len(flagged) if flagged else float("nan"), "base rate": base,
        })  # fmt: skip
    return rows


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR)
    parser.add_argument("--out", type=Path, default=RESULTS / "consensus.md")
    args = parser.parse_args(argv)
    lines = [
        "# consensus.divergence on WMT23 en-de MQM (paragraphs, other systems as alternatives)",
        "",
        "`python -m benchmarks.consensus` · flagged = best chrF against the alternatives ≤ threshold; "
        "precision = flagged translations with a human major error (MQM ≤ −5), base rate = all translations.",
        "",
        "| alternatives | chrF ≤ | flagged | of items | precision | base rate |",
        "|---|---|---|---|---|---|",
    ]
    for label, count in (("1 other system", 1), ("3 other systems", 3), ("all 13 others", None)):
        for row in measure(args.eval_dir, count):
            lines.append(
                f"| {label} | {row['threshold']:g} | {row['flagged']} | {row['items']} | "
                f"{row['precision']:.3f} | {row['base rate']:.3f} |"
            )
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
