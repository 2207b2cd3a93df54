"""Small helpers shared by the report writers."""

from __future__ import annotations

from bisect import bisect_right
from pathlib import Path

from mtcheck.model import Report, Severity

#: Most severe first.
SEVERITY_ORDER = {Severity.CRITICAL: 0, Severity.MAJOR: 1, Severity.MINOR: 2}


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in code points) of a character offset; \\r\\n, \\r and \\n end a line."""
    offset = max(0, min(offset, len(text)))
    line = 1 + text.count("\n", 0, offset) + text.count("\r", 0, offset) - text.count("\r\n", 0, offset)
    # a \r\n split by the offset itself ends at \r: the offset is still on the \r's line
    line_start = max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1
    if offset > 0 and text[offset - 1] == "\r" and text[offset : offset + 1] == "\n":
        line -= 1
        line_start = max(text.rfind("\n", 0, offset - 1), text.rfind("\r", 0, offset - 1)) + 1
    return line, offset - line_start + 1


def path_uri(path: Path) -> str:
    """A relative POSIX path when ``path`` is under the working folder (what CI code scanning expects),
    else an absolute file URI."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.resolve().as_uri()


def finding_pairs(report: Report) -> dict[int, int]:
    """Finding index → AlignedPair.index: the finding's own ``pair``, else the pair whose target
    sentences contain the start of its target span (checks need not set ``pair``)."""
    regions = []
    for pair in report.pairs:
        if pair.target_ids:
            sentences = report.target.sentences
            regions.append(
                (sentences[pair.target_ids[0]].start, sentences[pair.target_ids[-1]].end, pair.index)
            )
    regions.sort()
    starts = [start for start, _, _ in regions]
    located: dict[int, int] = {}
    for i, finding in enumerate(report.findings):
        if finding.pair is not None:
            located[i] = finding.pair
            continue
        position = bisect_right(starts, finding.target_span.start) - 1
        if position >= 0 and finding.target_span.start < max(regions[position][1], regions[position][0] + 1):
            located[i] = regions[position][2]
    return located
