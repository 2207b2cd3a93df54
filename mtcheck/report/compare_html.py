"""The self-contained HTML page of ``mtcheck compare``: the verdict of the comparison, each metric
with its paired-bootstrap interval, the findings that differ, and the source with both translations
side by side, every finding highlighted at its exact characters (:mod:`mtcheck.report.highlight`).

No script and nothing loaded from anywhere: the Content-Security-Policy forbids both."""

from __future__ import annotations

from itertools import groupby

from mtcheck import __version__
from mtcheck.compare import Comparison
from mtcheck.metrics.bootstrap import Interval
from mtcheck.model import Finding, Report
from mtcheck.report.compare_text import headline
from mtcheck.report.highlight import Insert, Mark, _e, highlight, marks_for_side

_CSS = """
:root { --critical:#b1001c; --major:#c05600; --minor:#8a7300; --line:#dadce0; --muted:#5f6368; }
body { font: 15px/1.5 system-ui, sans-serif; color:#1d1d1f; margin:0; padding:0 1.2rem 3rem;
  background:#fafafa; }
h1 { font-size:1.35rem; margin:1rem 0 .3rem; } h2 { font-size:1.05rem; margin:1.4rem 0 .5rem; }
.headline { font-weight:700; font-size:1.1rem; }
.muted { color:var(--muted); } .small { font-size:.82rem; }
table { border-collapse:collapse; background:#fff; }
th, td { border:1px solid var(--line); padding:.25rem .5rem; text-align:left; vertical-align:top; }
td.num { text-align:right; font-variant-numeric:tabular-nums; white-space:nowrap; }
td.win { font-weight:700; }
.verdict { font-weight:700; padding:0 .5rem; border-radius:4px; color:#fff; background:var(--muted); }
.verdict.publish { background:#137333; } .verdict.block { background:var(--critical); }
.verdict.review { background:#f9ab00; color:#202124; }
.sev { font-weight:600; } .sev.critical { color:var(--critical); } .sev.major { color:var(--major); }
.sev.minor { color:var(--minor); }
mark.f { background:#fff4b0; border-bottom:2px solid var(--minor); }
mark.f.major { background:#ffe2c2; border-bottom-color:var(--major); }
mark.f.critical { background:#ffd6dc; border-bottom-color:var(--critical); }
mark.ev { outline:1px dashed #1f5fbf; } mark.src { background:none; }
.insert { color:var(--critical); font-weight:700; }
tr.differs td.side { background:#f3f8ff; }
.accepted { color:var(--muted); font-style:italic; }
"""


#: nothing runs and nothing loads: a slip in escaping could not run injected code
_CSP = "default-src 'none'; style-src 'unsafe-inline'"


def _ci(interval: Interval) -> str:
    return f"{interval.value:.3g} <span class='muted small'>[{interval.low:.3g}, {interval.high:.3g}]</span>"


def _side(name: str, report: Report) -> str:
    outcome = report.verdict.outcome.value if report.verdict is not None else "none"
    path = str(report.target.path) if report.target.path else "(text)"
    mqm = report.mqm
    return (
        f"<li><b>{name}</b>: {_e(path)} <span class='verdict {outcome}'>{outcome.upper()}</span> "
        f"{len(report.findings)} findings, MQM {mqm.per_1000_words:g} per 1,000 words</li>"
    )


def _metrics(comparison: Comparison) -> str:
    rows = []
    for metric, better in zip(comparison.metrics, comparison.better().values(), strict=True):
        r = metric.result
        direction = "higher is better" if r.higher_is_better else "lower is better"
        rows.append(
            f"<tr><td>{_e(metric.name)} <span class='muted small'>({direction})</span></td>"
            f"<td class='num{' win' if better == 'a' else ''}'>{_ci(r.a)}</td>"
            f"<td class='num{' win' if better == 'b' else ''}'>{_ci(r.b)}</td>"
            f"<td class='num'>{_ci(r.delta)}</td><td class='num'>{r.p_value:.3f}</td>"
            f"<td>{(better or '—').upper()}</td></tr>"
        )
    head = (
        "<tr><th>metric</th><th>A</th><th>B</th><th>A better by</th><th>p (A better)</th><th>better</th></tr>"
    )
    return f"<table>{head}{''.join(rows)}</table>"


def _finding_rows(title: str, findings: list[Finding]) -> str:
    if not findings:
        return f"<h3>{title} (0)</h3>"
    items = []
    for f in findings:
        accepted = f" <span class='accepted'>accepted ({_e(f.suppression)})</span>" if f.suppression else ""
        items.append(
            f"<li><span class='sev {f.severity.value}'>{f.severity.value}</span> <code>{_e(f.check)}</code> "
            f"«{_e(f.target_span.text) or '∅'}» {_e(f.message)}{accepted}</li>"
        )
    return f"<h3>{title} ({len(findings)})</h3><ul>{''.join(items)}</ul>"


def _target_cell(report: Report, pair_index: int, marks: list[Mark]) -> str:
    """``marks``: :func:`marks_for_side` of the report's target, built once per side, not per row."""
    pair = report.pairs[pair_index]
    span = report.pair_span(pair, "target")
    if span is None:
        return "<span class='insert' title='not translated'>⁁ (gap)</span>"
    inserts = [
        Insert(f.target_span.start, i, f.severity)
        for i, f in enumerate(report.findings)
        if f.target_span.start == f.target_span.end and span.start <= f.target_span.start <= span.end
    ]
    return highlight(report, report.target.text, span.start, span.end, marks, inserts)


def _side_by_side(comparison: Comparison) -> str:
    a, b = comparison.a, comparison.b
    assert a.source is not None
    marks = (marks_for_side(a, "target"), marks_for_side(b, "target"))
    rows: list[str] = _added_rows(comparison, -1, -1, marks)  # added before the first source sentence
    # source sentences held by the same pairs on both sides (a 2-1 or 1-2 alignment) make one row
    held = enumerate(zip(comparison.pairs_a, comparison.pairs_b, strict=True))
    groups = [[unit for unit, _ in run] for _, run in groupby(held, key=lambda item: item[1])]
    for number, group in enumerate(groups, 1):
        source = " ".join(a.source.sentences[i].text for i in group)
        pa, pb = comparison.pairs_a[group[0]], comparison.pairs_b[group[0]]
        differs = a.pair_text(a.pairs[pa], "target") != b.pair_text(b.pairs[pb], "target")
        rows.append(
            f"<tr class='{'differs' if differs else 'same'}'><td class='num'>{number}</td>"
            f"<td>{_e(source)}</td>"
            f"<td class='side'>{_target_cell(a, pa, marks[0])}</td>"
            f"<td class='side'>{_target_cell(b, pb, marks[1])}</td></tr>"
        )
        rows += _added_rows(comparison, pa, pb, marks)
    head = "<tr><th>#</th><th>source</th><th>A</th><th>B</th></tr>"
    return f"<table class='sbs'>{head}{''.join(rows)}</table>"


def _added_after(report: Report, index: int) -> list[int]:
    """The pairs without source (added German sentences) right after pair ``index``."""
    added = []
    for pair in report.pairs[index + 1 :]:
        if pair.source_ids:
            break
        added.append(pair.index)
    return added


def _added_rows(comparison: Comparison, pa: int, pb: int, marks: tuple[list[Mark], list[Mark]]) -> list[str]:
    rows = []
    sides = (("A", comparison.a, pa, marks[0]), ("B", comparison.b, pb, marks[1]))
    for name, report, index, side_marks in sides:
        for added in _added_after(report, index):
            cell = _target_cell(report, added, side_marks)
            cells = (
                f"<td class='side'>{cell}</td><td></td>"
                if name == "A"
                else f"<td></td><td class='side'>{cell}</td>"
            )
            label = f"<td></td><td class='muted'>(no source: added in {name})</td>"
            rows.append(f"<tr class='differs'>{label}{cells}</tr>")
    return rows


def render_compare_html(comparison: Comparison) -> str:
    a = comparison.a
    source = str(a.source.path) if a.source is not None and a.source.path else "(text)"
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<meta http-equiv='Content-Security-Policy' content=\"{_CSP}\">"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>mtcheck compare: {_e(headline(comparison))}</title><style>{_CSS}</style></head><body>"
        f"<h1>mtcheck compare</h1><p class='headline'>{_e(headline(comparison))}</p>"
        f"<ul>{_side('A', comparison.a)}{_side('B', comparison.b)}<li>source: {_e(source)}</li></ul>"
        f"<h2>Scores</h2><p class='muted small'>Paired bootstrap over {comparison.units} source sentences, "
        f"{comparison.resamples} resamples, seed {comparison.seed}; value [{comparison.confidence:.0%} "
        "interval]. p is the share of resamples in which A is not better than B (0.5: no difference).</p>"
        f"{_metrics(comparison)}"
        f"<p>chrF between A and B: <b>{comparison.chrf_a_b:g}</b> <span class='muted small'>"
        f"{_e(comparison.chrf_signature)}</span></p>"
        f"<h2>Findings that differ</h2>{_finding_rows('Only in A', comparison.only_a)}"
        f"{_finding_rows('Only in B', comparison.only_b)}"
        f"{_finding_rows('In both (same check, text and sentence)', [f for f, _ in comparison.both])}"
        f"<h2>Side by side</h2>{_side_by_side(comparison)}"
        f"<footer class='muted small'><p>mtcheck {_e(__version__)}</p></footer></body></html>\n"
    )
