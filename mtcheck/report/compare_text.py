"""The terminal summary of ``mtcheck compare``: which translation the evidence prefers, metric by
metric with paired-bootstrap intervals, then the findings that differ.

User text goes through rich ``Text`` with control characters made visible (as in
:mod:`mtcheck.report.terminal`)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from mtcheck.compare import Comparison
from mtcheck.metrics.bootstrap import Interval
from mtcheck.model import Finding, Report
from mtcheck.report.common import show_controls

_LIST = 15  # findings listed per side; the JSON and HTML hold all


def _text(text: str, style: str = "") -> Text:
    return Text(show_controls(" ".join(text.split())), style=style)


def _ci(interval: Interval) -> str:
    return f"{interval.value:.3g} [{interval.low:.3g}, {interval.high:.3g}]"


def _side_line(name: str, report: Report) -> Text:
    verdict = report.verdict.outcome.value.upper() if report.verdict is not None else "?"
    path = str(report.target.path) if report.target.path else "(text)"
    mqm = report.mqm
    line = Text(f"{name}: ", style="bold")
    line.append_text(_text(path))
    line.append(f"  {verdict}", style="bold")
    line.append(f"  {len(report.findings)} findings, MQM {mqm.per_1000_words:g} per 1,000 words")
    return line


def headline(comparison: Comparison) -> str:
    """One line: which side the paired bootstrap prefers on how many metrics."""
    votes = list(comparison.better().values())
    a, b = votes.count("a"), votes.count("b")
    total = len(votes)
    if a and not b:
        return f"A is better on {a} of {total} metrics (p < 0.05), worse on none"
    if b and not a:
        return f"B is better on {b} of {total} metrics (p < 0.05), worse on none"
    if a or b:
        return f"mixed: A better on {a}, B better on {b} of {total} metrics (p < 0.05)"
    return f"no significant difference on any of {total} metrics (p < 0.05)"


def _findings(console: Console, title: str, findings: list[Finding]) -> None:
    if not findings:
        return
    table = Table(title=f"{title} ({len(findings)})", title_justify="left", show_edge=False)
    for column in ("severity", "check", "text", "message"):
        table.add_column(column, overflow="fold")
    for finding in findings[:_LIST]:
        severity = (
            finding.severity.value if finding.suppression is None else f"accepted ({finding.suppression})"
        )
        table.add_row(
            severity, finding.check, _text(finding.target_span.text[:30] or "∅"), _text(finding.message)
        )
    console.print(table)
    if len(findings) > _LIST:
        console.print(f"… and {len(findings) - _LIST} more (all are in the JSON and HTML)", style="dim")


def print_comparison(comparison: Comparison, console: Console | None = None) -> None:
    console = console or Console()
    console.rule("[bold]mtcheck compare")
    console.print(Text(headline(comparison), style="bold"))
    console.print(_side_line("A", comparison.a))
    console.print(_side_line("B", comparison.b))
    conf = f"{comparison.confidence:.0%}"
    table = Table(
        title=f"Paired bootstrap over {comparison.units} source sentences "
        f"({comparison.resamples} resamples, seed {comparison.seed}; value [{conf} CI])",
        title_justify="left",
        show_edge=False,
    )
    for column in ("metric", "A", "B", "A better by", "p (A better)", "better"):
        table.add_column(column, justify="left" if column == "metric" else "right")
    for metric, better in zip(comparison.metrics, comparison.better().values(), strict=True):
        r = metric.result
        arrow = "" if r.higher_is_better else " (lower is better)"
        table.add_row(
            metric.name + arrow, _ci(r.a), _ci(r.b), _ci(r.delta), f"{r.p_value:.3f}", (better or "—").upper()
        )
    console.print(table)
    console.print(f"chrF between A and B: {comparison.chrf_a_b:g} (100 = the same text)")
    _findings(console, "Only in A", comparison.only_a)
    _findings(console, "Only in B", comparison.only_b)
    console.print(f"In both (same check, same text, same sentence): {len(comparison.both)}")
    for name, report in (("A", comparison.a), ("B", comparison.b)):
        for warning in report.warnings:
            console.print(_text(f"warning ({name}): {warning}", "yellow"))
