"""The HTML report (issue 4): one self-contained file an editor can open, e-mail or print.

Summary on top (verdict, MQM, counts, document scores), then the article side by side per
aligned pair with every finding highlighted at its exact characters, evidence marked, segment
score bars, an inline SVG chart, and severity/category filters.

Safety: every piece of article text (and every message, which may quote it) goes through
:func:`html.escape`; the script never builds markup from text. A Content-Security-Policy allows
only our own inline script (by hash), so even a slip in escaping could not run anything, and the
page makes no request to anywhere.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

from mtcheck import __version__
from mtcheck.io import atomic_write_text
from mtcheck.model import AlignedPair, Article, Finding, MQMScore, Report, Severity, Side
from mtcheck.report.common import SEVERITY_ORDER, SIDE_NAME, asset, line_col, script_csp, show_controls
from mtcheck.report.highlight import Insert, highlight, marks_for_side

COLUMNS: tuple[tuple[Side, str], ...] = (
    ("source", "Source (English)"),
    ("target", "Translation (German)"),
    ("back_translation", "Back-translation (English)"),
    ("reference", "Reference (German)"),
)
GAP_TEXT: dict[Side, str] = {
    "source": "— not in the source (addition?) —",
    "target": "— missing in the translation (omission?) —",
    "back_translation": "— no back-translation —",
    "reference": "— not in the reference —",
}


def _e(value: object) -> str:
    """HTML-escaped, with control characters and bidi overrides shown as ⟨U+202E⟩ instead of obeyed
    (slices are cut before escaping, so no offset changes)."""
    return escape(show_controls(str(value)), quote=True)


# ---------------------------------------------------------------- rows


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


# ---------------------------------------------------------------- scores


def _scale(report: Report) -> dict[str, float]:
    """Per metric: 1.0 for scores in [0, 1] (similarity, COMET-like), else 100 (chrF, BLEU, TER)."""
    maxima: dict[str, float] = {}
    for pair in report.pairs:
        for name, value in _pair_scores(pair).items():
            maxima[name] = max(maxima.get(name, 0.0), abs(value))
    return {name: 1.0 if top <= 1.0 else 100.0 for name, top in maxima.items()}


def _pair_scores(pair: AlignedPair) -> dict[str, float]:
    return dict(pair.scores)


def _lower_is_better(name: str) -> bool:
    return re.split(r"[(\-_]", name.lower(), maxsplit=1)[0] in {"ter", "penalty", "error"}


#: The score the chart plots, first one present wins: the quality estimate is made to show where the
#: trouble is; cross-lingual similarity next; then whatever else the pairs have.
CHART_PREFERENCE = (
    "mtcheck-qe",
    "similarity(src,mt)",
    "similarity(mt,bt)",
    "chrF(mt,ref)",
    "chrF(bt,src)",
)


#: At most this many score bars per pair (the JSON report has every score).
MAX_BARS = 4


def _bar_metrics(scale: dict[str, float]) -> list[str]:
    """The metrics shown as bars: the preferred ones present, then others, at most MAX_BARS."""
    preferred = [name for name in CHART_PREFERENCE if name in scale]
    return (preferred + [name for name in sorted(scale) if name not in preferred])[:MAX_BARS]


def _bars(pair: AlignedPair | None, scale: dict[str, float]) -> str:
    if pair is None:
        return ""
    parts = []
    scores = _pair_scores(pair)
    for name in _bar_metrics(scale):
        if name not in scores:
            continue
        value = scores[name]
        width = max(0.0, min(1.0, value / scale.get(name, 1.0))) * 100
        shown = f"{value:.2f}" if scale.get(name, 1.0) == 1.0 else f"{value:.1f}"
        lower = " lower" if _lower_is_better(name) else ""
        hint = " (lower is better)" if lower else ""
        parts.append(
            f'<div class="bar{lower}" title="{_e(name + hint)}: {_e(shown)}"><span>{_e(name)}</span>'
            f'<span class="track"><span class="fill" style="width:{width:.1f}%"></span></span>'
            f'<span class="val">{_e(shown)}</span></div>'
        )
    return "".join(parts)


def _chart(report: Report, rows: list[_Row], worst_by_row: dict[int, Severity]) -> str:
    """Inline SVG: one bar per aligned pair along the article, height = primary segment score."""
    pairs = [row.pair for row in rows if row.pair is not None]
    if not pairs:
        return ""
    scale = _scale(report)
    candidates = [*CHART_PREFERENCE, *sorted(scale)]
    metric = next((n for n in candidates if any(n in _pair_scores(p) for p in pairs)), None)
    if metric is None:
        return ""
    width, height, top, bottom = max(300, 6 * len(pairs)), 120, 8, 104
    step = width / len(pairs)
    # The axis starts at the lowest value rounded down to a tenth of the scale, not at 0: scores that
    # cluster near the top (similarity, the quality estimate) would otherwise hide their dips.
    values = [v for p in pairs if (v := _pair_scores(p).get(metric)) is not None]
    tenth = scale[metric] / 10
    low = max(0.0, min(math.floor(min(values) / tenth) * tenth, scale[metric] - tenth))
    high = max(scale[metric], max(values))
    bars = []
    for r, row in enumerate(rows):
        if row.pair is None:
            continue
        value = _pair_scores(row.pair).get(metric)
        fraction = 0.0 if value is None else max(0.0, min(1.0, (value - low) / (high - low)))
        bar_height = max(1.5, fraction * (bottom - top))
        severity = worst_by_row.get(r)
        label = f"pair {row.label}: {metric} " + ("n/a" if value is None else f"{value:.3g}")
        if severity is not None:
            label += f"; worst finding {severity.value}"
        bars.append(
            f'<a href="#{row.anchor}"><rect class="bar {severity.value if severity else ""}" '
            f'x="{r * step + step * 0.1:.2f}" y="{bottom - bar_height:.2f}" '
            f'width="{max(step * 0.8, 0.8):.2f}" '
            f'height="{bar_height:.2f}"><title>{_e(label)}</title></rect></a>'
        )
    direction = "lower is better; " if _lower_is_better(metric) else ""
    return (
        f'<section class="chart"><h2>{_e(metric)} along the article '
        f'<span class="muted small">(one bar per aligned pair, axis {low:.3g} to {high:.3g}; {direction}'
        "colour = worst finding; "
        "click a bar to jump)</span></h2>"
        f'<svg viewBox="0 0 {width} {height}" preserveAspectRatio="none" role="img" '
        f'aria-label="{_e(metric)} per aligned pair">'
        f'<line class="axis" x1="0" y1="{bottom}" x2="{width}" y2="{bottom}"/>'
        f'<line class="axis" x1="0" y1="{top}" x2="{width}" y2="{top}"/>' + "".join(bars) + "</svg></section>"
    )


# ---------------------------------------------------------------- sections


def _summary(report: Report, mqm: MQMScore) -> str:
    verdict = report.verdict
    if verdict is None:
        badge = '<span class="verdict none">not gated</span>'
        reasons = ""
    else:
        state = verdict.outcome.value
        badge = f'<span class="verdict {state}">{state.upper()}</span>'
        shown = verdict.reasons or ["nothing the checks could verify, and the evidence vouches for the text"]
        reasons = '<ul class="reasons">' + "".join(f"<li>{_e(r)}</li>" for r in shown) + "</ul>"
        if verdict.read_first:
            links = ", ".join(f'<a href="#pair-{i}">{i + 1}</a>' for i in verdict.read_first)
            reasons += f'<p class="read-first">Read first: pairs {links}</p>'
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
            f'<tr><td colspan="2" class="sig">{_e(str(s.signature))}</td></tr>'
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
        f'<header><h1>mtcheck report</h1>{badge}<span class="files">{files}</span></header>{reasons}'
        '<section class="summary">'
        f'<div class="card"><h2>MQM penalty</h2><div class="big">{mqm.per_1000_words:g}</div>'
        f'<div class="muted">per 1,000 words · total {mqm.penalty:g} over {mqm.word_count} words</div>'
        f'<div class="small muted">minor 1 · major 5 · critical 25 points</div>{origin}{warnings}</div>'
        f'<div class="card"><h2>Findings by severity</h2><table class="counts">{severity_rows}</table></div>'
        f'<div class="card"><h2>Findings by category</h2><table class="counts">{category_rows}</table></div>'
        f'<div class="card wide"><h2>Document scores</h2><table class="scores">{score_rows}</table></div>'
        "</section>"
    )


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


def _clip(text: str, limit: int = 160) -> str:
    """Long quotes (a whole flagged sentence) are shortened in the list; the article shows them whole."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _finding_item(report: Report, index: int, finding: Finding, row_anchor: str | None) -> str:
    sev = finding.severity.value
    where = _e(_location(report, finding))
    where_html = f'<a href="#{row_anchor}">{where}</a>' if row_anchor else where
    quote = _clip(finding.target_span.text)
    quote_html = f'<span class="quote">{_e(quote)}</span> ' if quote else '<span class="quote">(gap)</span> '
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
        f'<li class="finding {sev}" id="finding-{index}" data-f="{index}" data-sev="{sev}" '
        f'data-cat="{_e(finding.category.value)}">'
        f'<div><span class="sev {sev}">{sev}</span> <span class="check">{_e(finding.check)}</span> · '
        f"{_e(finding.category.value)} · {where_html} · "
        f'<span class="muted">confidence {finding.confidence:.2f}</span>{model}'
        f' · <a href="#finding-{index}">link</a></div>'
        f'<div class="message">{quote_html}{_e(finding.message)}</div>'
        f"{source}{evidence_html}{suggestion}</li>"
    )


def render_html(report: Report) -> str:
    """The whole report as one HTML string (UTF-8, no external resources)."""
    rows = _rows(report)
    inserts = _place_inserts(report, rows)
    row_of_finding = _row_of_finding(report, rows, inserts)
    worst_by_row: dict[int, Severity] = {}
    for i, r in row_of_finding.items():
        severity = report.findings[i].severity
        if r not in worst_by_row or SEVERITY_ORDER[severity] < SEVERITY_ORDER[worst_by_row[r]]:
            worst_by_row[r] = severity
    findings_sorted = sorted(
        range(len(report.findings)),
        key=lambda i: (SEVERITY_ORDER[report.findings[i].severity], report.findings[i].target_span.start),
    )
    finding_items = "".join(
        _finding_item(
            report, i, report.findings[i], rows[row_of_finding[i]].anchor if i in row_of_finding else None
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
        + _chart(report, rows, worst_by_row)
        + _filters(report)
        + f"<h2>Findings ({len(report.findings)})</h2>"
        + (
            f'<ol class="findings">{finding_items}</ol>'
            if finding_items
            else '<p class="muted">No findings.</p>'
        )
        + '<h2>Article, side by side</h2><p class="small muted">Click a highlighted passage for its message, '
        "evidence (dashed blue) and suggestion. ⁁ marks a gap.</p>"
        + _pairs_table(report, rows, inserts)
        + '<aside id="panel" hidden><button type="button" class="close" aria-label="close">×</button>'
        '<ol id="panel-body" class="findings"></ol></aside>'
        + f"<footer>mtcheck {_e(__version__)} · locations are line:column in {where_text} · "
        "MQM penalty = sum of severity weights; per 1,000 words = penalty ÷ words × 1,000</footer>"
        + f"<script>{script}</script></body></html>\n"
    )


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


def _pairs_table(report: Report, rows: list[_Row], inserts: dict[int, list[Insert]]) -> str:
    """The article side by side: one row per aligned pair (or per block without alignment)."""
    marks = {side: marks_for_side(report, side) for side, _ in COLUMNS if report.article(side) is not None}
    columns = [(side, title) for side, title in COLUMNS if side in marks]
    scale = _scale(report)
    body_rows = []
    for r, row in enumerate(rows):
        cells = [f'<td class="idx">{_e(row.label)}' + (f"<br>{_e(row.kind)}" if row.kind else "") + "</td>"]
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
