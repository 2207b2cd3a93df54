"""Write hand-review verdicts (a JSON map of finding key → verdict) into the review samples.

``benchmarks.errors_eval`` keeps the verdicts already in a sample when it rewrites it; this fills
them in from a file after a review, and recomputes each file's hand-reviewed precision line.

    python -m benchmarks.review_verdicts VERDICTS.json
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
ROW = re.compile(r"^\| (?P<key>[0-9a-f]{10}) \|(?P<body>.*)\| (?P<verdict>[^|]*) \|$")


def apply(verdicts: dict[str, str]) -> None:
    for path in sorted(RESULTS.glob("review_sample_*.md")):
        lines = path.read_text(encoding="utf-8").splitlines()
        out, found = [], []
        for line in lines:
            if line.startswith("Reviewed:"):
                continue
            match = ROW.match(line)
            if match:
                verdict = verdicts.get(match["key"], match["verdict"].strip())
                line = f"| {match['key']} |{match['body']}| {verdict} |"
                found.append(verdict.lower())
            out.append(line)
        while out and not out[-1].strip():
            out.pop()
        true = sum(v.startswith("true") for v in found)
        false = sum(v.startswith("false") for v in found)
        if true + false:
            out += [
                "",
                f"Reviewed: {true + false} of {len(found)}; true alarms {true}, false alarms {false}: "
                f"hand-reviewed precision **{true / (true + false):.2f}**.",
            ]
        path.write_text("\n".join(out) + "\n", encoding="utf-8")
        print(f"{path.name}: {true}/{true + false}")


if __name__ == "__main__":
    apply(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8")))
