"""The rows of the side-by-side table: one per aligned pair (or per block without alignment), and
which row shows each finding."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mtcheck.model import AlignedPair, Article, Report, Side
from mtcheck.report.highlight import Insert
from mtcheck.report.html.text import COLUMNS


@dataclass
class _Row:
    anchor: str
    label: str
    kind: str | None
    regions: dict[Side, tuple[int, int] | None]  # None: the side is present but has nothing here (a gap)
    pair: AlignedPair | None = None


def _region(article: Article, ids: Sequence[int]) -> tuple[int, int] | None:
    if not ids:
        return None
    return article.sentences[ids[0]].start, article.sentences[ids[-1]].end


def _rows(report: Report) -> list[_Row]:
    present = [side for side, _ in COLUMNS if report.article(side) is not None]
    if report.pairs:
        rows = []
        for pair in report.pairs:
            regions = {side: _region(report.article(side), pair.ids(side)) for side in present}  # type: ignore[arg-type]
            rows.append(_Row(f"pair-{pair.index}", str(pair.index + 1), pair.kind, regions, pair))
        return rows
    # No alignment (e.g. target only): one row per block of the translation.
    target = report.target
    spans = [(b.start, b.end) for b in target.blocks] or [(0, len(target.text))]
    return [_Row(f"block-{i}", str(i + 1), None, {"target": span}) for i, span in enumerate(spans)]


def _place_inserts(report: Report, rows: list[_Row]) -> dict[int, list[Insert]]:
    """Zero-length findings (gaps) go to their pair's empty translation cell, else where their offset lies."""
    placed: dict[int, list[Insert]] = {}
    row_of_pair = {row.pair.index: r for r, row in enumerate(rows) if row.pair is not None}
    for i, finding in enumerate(report.findings):
        span = finding.target_span
        if span.end > span.start:
            continue
        insert = Insert(span.start, i, finding.severity)
        r = row_of_pair.get(finding.pair) if finding.pair is not None else None
        if r is not None and rows[r].regions.get("target") is None:
            placed.setdefault(r, []).append(insert)
            continue
        # inside a row, else at the end of the last row before it (e.g. between two paragraphs)
        candidates = [
            r
            for r, row in enumerate(rows)
            if (region := row.regions.get("target")) and region[0] <= span.start
        ]
        inside = [r for r in candidates if span.start <= rows[r].regions["target"][1]]  # type: ignore[index]
        if inside or candidates:
            r = (inside or candidates)[0 if inside else -1]
            position = min(span.start, rows[r].regions["target"][1])  # type: ignore[index]
            placed.setdefault(r, []).append(Insert(position, i, finding.severity))
    return placed


def _row_of_finding(report: Report, rows: list[_Row], inserts: dict[int, list[Insert]]) -> dict[int, int]:
    """Which row shows each finding (for links and the chart colour): where its gap mark is placed,
    else its pair's row, else the row whose translation holds its start (rows without pairs)."""
    row_of_finding = {insert.finding: r for r, row_inserts in inserts.items() for insert in row_inserts}
    row_of_pair = {row.pair.index: r for r, row in enumerate(rows) if row.pair is not None}
    for i, finding in enumerate(report.findings):
        if i in row_of_finding:
            continue
        if finding.pair is not None and finding.pair in row_of_pair:
            row_of_finding[i] = row_of_pair[finding.pair]
            continue
        for r, row in enumerate(rows):
            region = row.regions.get("target")
            if region is not None and region[0] <= finding.target_span.start < max(region[1], region[0] + 1):
                row_of_finding[i] = r
                break
    return row_of_finding
