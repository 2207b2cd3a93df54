"""The page: summary, chart, findings and the article side by side, put together."""

from __future__ import annotations

from pathlib import Path

from mtcheck import __version__
from mtcheck.gate import ESTIMATE
from mtcheck.io import atomic_write_text
from mtcheck.model import MQMScore, Report, Severity, Side
from mtcheck.report.common import SEVERITY_ORDER, SIDE_NAME, asset, script_csp
from mtcheck.report.highlight import Insert, highlight, marks_for_side, worst
from mtcheck.report.html.chart import _bars, _chart, _scale
from mtcheck.report.html.findings import _filters, _finding_item
from mtcheck.report.html.rows import _place_inserts, _Row, _row_of_finding, _rows
from mtcheck.report.html.text import COLUMNS, GAP_TEXT, _e
from mtcheck.report.html.triage import navigator, penalty_card, verdict_section
from mtcheck.report.triage import ESTIMATE_NOTE


def _summary(report: Report, mqm: MQMScore) -> str:
    """The verdict and its reasons (and what to read first) before any number; then the counts and
    the scores."""
    files = " · ".join(
        f"{_e(SIDE_NAME[side])}: {_e(article.path.name if article.path else '(text)')} "
        f'<span class="muted">[{_e(article.language)}, {article.word_count} words]</span>'
        for side, _ in COLUMNS
        if (article := report.article(side)) is not None
    )
    severity_rows = "".join(
        f'<tr><td><span class="sev {_e(name)}">{_e(name)}</span></td><td>{count}</td></tr>'
        for name, count in mqm.by_severity.items()
    )
    category_rows = (
        "".join(f"<tr><td>{_e(name)}</td><td>{count}</td></tr>" for name, count in mqm.by_category.items())
        or '<tr><td class="muted">none</td></tr>'
    )
    score_rows = (
        "".join(
            f'<tr><td>{_e(s.name)}</td><td class="num">{s.value:.4g}</td></tr>'
            + (
                f'<tr><td colspan="2" class="small muted">{_e(ESTIMATE_NOTE)}</td></tr>'
                if s.name == ESTIMATE
                else ""
            )
            + f'<tr><td colspan="2" class="sig">{_e(str(s.signature))}</td></tr>'
            for s in report.scores
        )
        or '<tr><td class="muted">no document scores (give a source, back-translation or reference)</td></tr>'
    )
    origin = (
        f'<p class="small muted">back-translation: {_e(report.back_translation_origin)}</p>'
        if report.back_translation_origin
        else ""
    )
    warnings = "".join(f'<p class="small">⚠ {_e(w)}</p>' for w in report.warnings)
    return (
        f'<header><h1>mtcheck report</h1><span class="files">{files}</span></header>'
        + verdict_section(report)
        + '<section class="summary">'
        + penalty_card(report, mqm, origin + warnings)
        + f'<div class="card"><h2>Findings by severity</h2><table class="counts">{severity_rows}</table>'
        f'</div><div class="card"><h2>Findings by category</h2><table class="counts">{category_rows}'
        "</table></div>"
        f'<div class="card wide"><h2>Document scores</h2><table class="scores">{score_rows}</table></div>'
        "</section>"
    )


def render_html(report: Report) -> str:
    """The whole report as one HTML string (UTF-8, no external resources)."""
    rows = _rows(report)
    inserts = _place_inserts(report, rows)
    row_of_finding = _row_of_finding(report, rows, inserts)
    severities_by_row: dict[int, list[Severity]] = {}
    for i, r in row_of_finding.items():
        severities_by_row.setdefault(r, []).append(report.findings[i].severity)
    worst_by_row = {r: worst(severities) for r, severities in severities_by_row.items()}
    findings_sorted = sorted(
        range(len(report.findings)),
        key=lambda i: (SEVERITY_ORDER[report.findings[i].severity], report.findings[i].target_span.start),
    )
    # next/previous walk the findings in reading order: by row, then by position in the translation
    reading = sorted(
        range(len(report.findings)),
        key=lambda i: (row_of_finding.get(i, len(rows)), report.findings[i].target_span.start, i),
    )
    step = {finding: k for k, finding in enumerate(reading)}
    finding_items = "".join(
        _finding_item(
            report,
            i,
            report.findings[i],
            rows[row_of_finding[i]].anchor if i in row_of_finding else None,
            step[i],
        )
        for i in findings_sorted
    )
    script = asset("report.js")
    csp = script_csp(script, "img-src data:", "base-uri 'none'", "form-action 'none'")
    name = report.target.path.name if report.target.path else "translation"
    where_text = (
        f"the text extracted from the translation's {report.target.format.upper()}"
        if report.target.extracted
        else "the translation file"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>mtcheck: {_e(name)}</title><style>{asset('report.css')}</style></head><body>"
        + _summary(report, report.mqm)
        + _chart(report, rows, worst_by_row, _tags_by_row(report, rows, row_of_finding))
        + _filters(report)
        + navigator(len(report.findings))
        + f"<h2>Findings ({len(report.findings)})</h2>"
        + (
            f'<ol class="findings">{finding_items}</ol>'
            if finding_items
            else '<p class="muted">No findings.</p>'
        )
        + '<h2>Article, side by side</h2><p class="small muted">Click a highlighted passage for its message, '
        "evidence (dashed blue) and suggestion. ⁁ marks a gap.</p>"
        + _pairs_table(report, rows, inserts, row_of_finding)
        + '<aside id="panel" hidden><button type="button" class="close" aria-label="close">×</button>'
        '<ol id="panel-body" class="findings"></ol></aside>'
        + f"<footer>mtcheck {_e(__version__)} · locations are line:column in {where_text} · "
        "MQM penalty = sum of severity weights; per 1,000 words = penalty ÷ words × 1,000</footer>"
        + f"<script>{script}</script></body></html>\n"
    )


def _tags_by_row(report: Report, rows: list[_Row], row_of_finding: dict[int, int]) -> dict[int, set[str]]:
    """Rows the chart marks under its axis: added lines (0-1 pairs) and web-page boilerplate."""
    tags: dict[int, set[str]] = {r: {"added"} for r, row in enumerate(rows) if row.kind == "0-1"}
    for i, r in row_of_finding.items():
        if report.findings[i].check.startswith("boilerplate."):
            tags.setdefault(r, set()).add("boilerplate")
    return tags


def _pairs_table(
    report: Report, rows: list[_Row], inserts: dict[int, list[Insert]], row_of_finding: dict[int, int]
) -> str:
    """The article side by side: one row per aligned pair (or per block without alignment). Each row
    lists its findings (``data-rf`` on its first cell) for the "flagged rows only" switch; read-first
    pairs count as flagged even without a finding (low scores put them there)."""
    findings_of_row: dict[int, list[int]] = {}
    for i, r in sorted(row_of_finding.items()):
        findings_of_row.setdefault(r, []).append(i)
    first = set(report.verdict.read_first) if report.verdict is not None else set()
    marks = {side: marks_for_side(report, side) for side, _ in COLUMNS if report.article(side) is not None}
    columns = [(side, title) for side, title in COLUMNS if side in marks]
    scale = _scale(report)
    body_rows = []
    for r, row in enumerate(rows):
        flagged = " ".join(map(str, findings_of_row.get(r, [])))
        read_first = ' data-first=""' if row.pair is not None and row.pair.index in first else ""
        label = _e(row.label) + (f"<br>{_e(row.kind)}" if row.kind else "")
        cells = [f'<td class="idx" data-rf="{flagged}"{read_first}>{label}</td>']
        for side, _ in columns:
            content = _cell_content(report, row, side, marks[side], inserts.get(r, []))
            cells.append(f'<td class="{side.replace("_", "-")}">{content}</td>')
        if scale:
            cells.append(f'<td class="bars">{_bars(row.pair, scale)}</td>')
        kind = f" kind-{row.kind}" if row.kind else ""
        body_rows.append(f'<tr class="pair{kind}" id="{row.anchor}">{"".join(cells)}</tr>')
    colgroup = '<col class="idx">' + "".join("<col>" for _ in columns)
    header = "<th>#</th>" + "".join(f"<th>{_e(title)}</th>" for _, title in columns)
    if scale:  # some pair has segment scores
        colgroup += '<col class="bars">'
        header += "<th>Segment scores</th>"
    return (
        f'<table class="pairs"><colgroup>{colgroup}</colgroup><thead><tr>{header}</tr></thead>'
        f"<tbody>{''.join(body_rows)}</tbody></table>"
    )


def _cell_content(report: Report, row: _Row, side: Side, marks: list, row_inserts: list[Insert]) -> str:
    article = report.article(side)
    assert article is not None
    region = row.regions.get(side)
    if region is None:
        content = f'<span class="gap">{_e(GAP_TEXT[side])}</span>'
        return highlight(report, "", 0, 0, [], row_inserts) + content if side == "target" else content
    shown_inserts = row_inserts if side == "target" else []
    return highlight(report, article.text, region[0], region[1], marks, shown_inserts)


def write_html(report: Report, path: Path) -> None:
    atomic_write_text(Path(path), render_html(report))
