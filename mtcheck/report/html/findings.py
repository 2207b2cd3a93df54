"""The list of findings and its filters."""

from __future__ import annotations

from mtcheck.model import Finding, Report, Severity
from mtcheck.report.common import SIDE_NAME, line_col
from mtcheck.report.highlight import pins
from mtcheck.report.html.text import _clip, _e


def _filters(report: Report) -> str:
    severities = "".join(
        f'<label><input type="checkbox" value="{s.value}" checked> '
        f'<span class="sev {s.value}">{s.value}</span></label>'
        for s in Severity
    )
    categories = sorted({f.category.value for f in report.findings})
    category_boxes = "".join(
        f'<label><input type="checkbox" value="{_e(c)}" checked> {_e(c)}</label>' for c in categories
    )
    return (
        '<form class="filters" aria-label="filters">'
        f"<fieldset><legend>Severity</legend>{severities}</fieldset>"
        + (f"<fieldset><legend>Category</legend>{category_boxes}</fieldset>" if categories else "")
        + "</form>"
    )


def _location(report: Report, finding: Finding) -> str:
    line, column = line_col(report.target.text, finding.target_span.start)
    return f"line {line}:{column}"


#: Characters of context either side of a one-character finding in the list ("…sagte er „Wir …").
CONTEXT = 24


def _quote_html(report: Report, finding: Finding) -> str:
    """The flagged text in the list; a finding about exact marks (a quotation mark) shows them boxed,
    and a one-character span shows its neighbours too, or a lone "“" would say nothing."""
    span, text = finding.target_span, report.target.text
    if span.end <= span.start:
        return '<span class="quote">(gap)</span> '
    marked = pins(text, finding)
    if not marked:
        return f'<span class="quote">{_e(_clip(span.text))}</span> '
    before = after = ""
    if span.end - span.start == 1:
        before = text[max(0, span.start - CONTEXT) : span.start].split("\n")[-1]
        after = text[span.end : span.end + CONTEXT].split("\n")[0]
    pieces = []
    for offset in range(span.start, span.end):
        char = _e(text[offset])
        pieces.append(f'<b class="pin">{char}</b>' if offset in marked else char)
    inner = "".join(pieces) if span.end - span.start <= 160 else _e(_clip(span.text))
    lead = f'<span class="muted">…{_e(before)}</span>' if before else ""
    tail = f'<span class="muted">{_e(after)}…</span>' if after else ""
    return f'<span class="quote">{lead}{inner}{tail}</span> '


def _finding_item(report: Report, index: int, finding: Finding, row_anchor: str | None, step: int = 0) -> str:
    sev = finding.severity.value
    where = _e(_location(report, finding))
    where_html = f'<a href="#{row_anchor}">{where}</a>' if row_anchor else where
    quote_html = _quote_html(report, finding)
    source = (
        f'<div class="small">source: <span class="quote">{_e(finding.source_span.text)}</span></div>'
        if finding.source_span is not None and finding.source_span.text
        else ""
    )
    evidence_items = []
    for evidence in finding.evidence:
        place = ""
        article = report.article(evidence.side) if evidence.side else None
        if article is not None and evidence.start is not None:
            line, column = line_col(article.text, evidence.start)
            place = f" ({SIDE_NAME[evidence.side]}, line {line}:{column})"  # type: ignore[index]
        elif evidence.side:
            place = f" ({SIDE_NAME[evidence.side]})"
        evidence_items.append(
            f'<li><span class="quote ev-text">{_e(evidence.text)}</span>{_e(place)}'
            + (f" — {_e(evidence.note)}" if evidence.note else "")
            + "</li>"
        )
    evidence_html = (
        '<div class="small">Evidence:</div><ul class="evidence">' + "".join(evidence_items) + "</ul>"
        if evidence_items
        else ""
    )
    suggestion = (
        f'<div class="suggestion">Suggestion: {_e(finding.suggestion)}</div>' if finding.suggestion else ""
    )
    model = (
        f' · <span class="model" title="found by a language model, not by mtcheck\'s rules">model finding: '
        f"{_e(finding.model)}</span>"
        if finding.model
        else ""
    )
    if finding.suppression:  # an editor accepted it: shown, never counted
        model += f' · <span class="accepted">accepted ({_e(finding.suppression)})</span>'
    return (
        f'<li class="finding {sev}" id="finding-{index}" data-f="{index}" data-nav="{step}" data-sev="{sev}" '
        f'data-cat="{_e(finding.category.value)}">'
        f'<div><span class="sev {sev}">{sev}</span> <span class="check">{_e(finding.check)}</span> · '
        f"{_e(finding.category.value)} · {where_html} · "
        f'<span class="muted">confidence {finding.confidence:.2f}</span>{model}'
        f' · <a href="#finding-{index}">link</a></div>'
        f'<div class="message">{quote_html}{_e(finding.message)}</div>'
        f"{source}{evidence_html}{suggestion}</li>"
    )
