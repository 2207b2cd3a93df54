"""Highlighting for the HTML report: article text, escaped, with every finding and every piece of
evidence wrapped at its exact characters (overlaps cut at every boundary), and gaps marked ⁁."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from mtcheck.model import Finding, Report, Severity, Side
from mtcheck.report.common import SEVERITY_ORDER
from mtcheck.report.common import html_text as _e


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    finding: int
    kind: str  # "f" (finding in the target), "src" (its source span), "ev" (evidence), "pin" (exact mark)
    severity: Severity


@dataclass(frozen=True)
class Insert:
    """A zero-length finding (a gap, e.g. where an omitted sentence belongs), shown as ⁁."""

    position: int
    finding: int
    severity: Severity


#: Checks whose findings are about single marks at the ends of their span (a quotation mark that is
#: not closed, quotation marks in another style): the report boxes those exact characters.
PINNED_CHECKS = frozenset({"typography.quotes"})
QUOTATION_MARKS = frozenset('„“”»«"‚‘’›‹')


def pins(text: str, finding: Finding) -> list[int]:
    """Offsets of the exact marks a finding is about (its quotation marks), for a box around each."""
    span = finding.target_span
    if finding.check not in PINNED_CHECKS or span.end <= span.start:
        return []
    ends = sorted({span.start, span.end - 1})
    return [offset for offset in ends if text[offset : offset + 1] in QUOTATION_MARKS]


def marks_for_side(report: Report, side: Side) -> list[Mark]:
    marks: list[Mark] = []
    for i, finding in enumerate(report.findings):
        span = finding.target_span if side == "target" else finding.source_span if side == "source" else None
        if span is not None and span.end > span.start:
            marks.append(Mark(span.start, span.end, i, "f" if side == "target" else "src", finding.severity))
        if side == "target":
            marks += [
                Mark(at, at + 1, i, "pin", finding.severity) for at in pins(report.target.text, finding)
            ]
        for evidence in finding.evidence:
            located = evidence.side == side and evidence.start is not None and evidence.end is not None
            if located and evidence.end > evidence.start:  # type: ignore[operator]
                marks.append(Mark(evidence.start, evidence.end, i, "ev", finding.severity))  # type: ignore[arg-type]
    return marks


def worst(severities: Iterable[Severity]) -> Severity:
    return min(severities, key=lambda s: SEVERITY_ORDER[s])


def _title(finding: Finding) -> str:
    """The hover text: message, evidence and suggestion in one line (click opens the full details)."""
    text = f"{finding.severity.value}: {finding.message}"
    if finding.evidence:
        text += " — evidence: " + ", ".join(f"«{e.text}»" for e in finding.evidence)
    if finding.suggestion:
        text += f" — suggestion: {finding.suggestion}"
    return text


def _titles(report: Report, finding_ids: Iterable[int]) -> str:
    return " | ".join(_title(report.findings[i]) for i in finding_ids)


def highlight(
    report: Report, text: str, start: int, end: int, marks: Sequence[Mark], inserts: Sequence[Insert] = ()
) -> str:
    """Escaped ``text[start:end]`` with findings and evidence wrapped at their exact characters.

    Overlapping spans are cut at every boundary; each piece lists all findings covering it
    (``data-f``) and all findings whose evidence covers it (``data-ev``), and takes the colour
    of the most severe finding.
    """
    local = [m for m in marks if m.start < end and m.end > start]
    points = sorted({start, end} | {max(start, min(end, p)) for m in local for p in (m.start, m.end)})
    pending: dict[int, list[Insert]] = {}
    for insert in inserts:
        pending.setdefault(insert.position, []).append(insert)
    out: list[str] = []
    for left, right in zip(points, points[1:], strict=False):
        out += [_insert_html(report, i) for i in pending.pop(left, [])]
        covering = [m for m in local if m.start <= left and m.end >= right]
        out.append(_piece(report, text[left:right], covering))
    out += [_insert_html(report, i) for i in pending.pop(end, [])]
    # positions outside the range (should not happen): show them at the end
    out += [_insert_html(report, i) for position in list(pending) for i in pending.pop(position)]
    return "".join(out)


def _insert_html(report: Report, insert: Insert) -> str:
    sev = insert.severity.value
    return (
        f'<span class="insert {sev}" data-f="{insert.finding}" tabindex="0" '
        f'title="{_e(_titles(report, [insert.finding]))}">⁁</span>'
    )


def _piece(report: Report, text: str, covering: list[Mark]) -> str:
    """One piece of text between two mark boundaries, wrapped in the findings that cover it."""
    piece = _e(text)
    findings = sorted({m.finding for m in covering if m.kind in ("f", "src")})
    evidence = sorted({m.finding for m in covering if m.kind == "ev"})
    if not findings and not evidence:
        return piece
    classes = []
    attributes = ""
    if findings:
        classes += ["f", worst(m.severity for m in covering if m.kind in ("f", "src")).value]
        if any(m.kind == "pin" for m in covering):
            classes.append("pin")
        if all(m.kind == "src" for m in covering if m.kind in ("f", "src")):
            classes.append("src")
        ids = " ".join(map(str, findings))
        attributes += f' data-f="{ids}" title="{_e(_titles(report, findings))}" tabindex="0"'
    if evidence:
        classes.append("ev")
        attributes += f' data-ev="{" ".join(map(str, evidence))}"'
        if not findings:
            attributes += f' title="{_e("evidence for: " + _titles(report, evidence))}"'
    return f'<mark class="{" ".join(classes)}"{attributes}>{piece}</mark>'
