"""The batch index: one sortable ``index.html`` over every article a batch checked."""

from __future__ import annotations

from collections import Counter
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from mtcheck import __version__
from mtcheck.report.common import asset, script_csp

if TYPE_CHECKING:
    from mtcheck.batch import BatchEntry


def _cell(value: object, sort: object | None = None, css: str = "") -> str:
    key = value if sort is None else sort
    klass = f' class="{css}"' if css else ""
    return f'<td{klass} data-sort="{escape(str(key), quote=True)}">{escape(str(value))}</td>'


#: Document scores shown in the index (when present); every score is in each article's JSON report.
INDEX_SCORES = ("mtcheck-qe", "similarity(src,mt)", "similarity(mt,bt)", "chrF(mt,ref)", "chrF(bt,src)")


def _row(e: BatchEntry, score_names: list[str]) -> str:
    verdict_order = {"error": 0, "block": 1, "review": 2, "skipped": 3, "publish": 4}[e.status]
    detail = e.error if e.status in ("error", "skipped") else ""
    if e.status in ("block", "review"):
        detail = "; ".join(e.reasons)
    cells = [
        _cell(e.name),
        f'<td data-sort="{verdict_order}"><span class="{e.status}">{e.status.upper()}</span>'
        f'<div class="muted">{escape(detail or "")}</div></td>',
        _cell("" if e.per_1000_words is None else f"{e.per_1000_words:g}", e.per_1000_words or -1, "num"),
    ]
    for severity in ("critical", "major", "minor"):
        count = e.by_severity.get(severity)
        cells.append(_cell("" if count is None else count, -1 if count is None else count, "num"))
    for name in score_names:
        value = e.scores.get(name)
        cells.append(_cell("" if value is None else f"{value:.4g}", -1e9 if value is None else value, "num"))
    links = ""
    if e.html and e.json:
        html, json = escape(e.html, quote=True), escape(e.json, quote=True)
        links = f'<a href="{html}">HTML</a> · <a href="{json}">JSON</a>'
    cells.append(f'<td data-sort="">{links}</td>')
    return f'<tr class="{e.status}-row">{"".join(cells)}</tr>'


def render_index(entries: list[BatchEntry], directory: Path) -> str:
    present = {name for e in entries for name in e.scores}
    score_names = [name for name in INDEX_SCORES if name in present]
    headers = [
        "article",
        "verdict",
        "MQM / 1,000 words",
        "critical",
        "major",
        "minor",
        *score_names,
        "report",
    ]
    rows = [_row(e, score_names) for e in entries]
    count = Counter(e.status for e in entries)
    skipped_note = f", {count['skipped']} skipped (not read)" if count["skipped"] else ""
    script = asset("index.js")
    csp = script_csp(script, "base-uri 'none'")
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
        f"<title>mtcheck batch: {escape(directory.name)}</title>"
        f"<style>{asset('index.css')}</style></head><body>"
        f"<h1>mtcheck batch: {escape(str(directory))}</h1>"
        f'<p>{len(entries)} articles: <span class="publish">{count["publish"]} publish</span>, '
        f'<span class="review">{count["review"]} review</span>, '
        f'<span class="block">{count["block"]} block</span>, '
        f"{count['error']} could not be checked{skipped_note}. "
        '<span class="muted">Click a column header to sort.</span></p>'
        f'<table id="articles"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
        f'<p class="muted">mtcheck {escape(__version__)}</p>'
        f"<script>{script}</script></body></html>\n"
    )
