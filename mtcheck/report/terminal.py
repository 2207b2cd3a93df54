"""The rich terminal summary printed by ``mtcheck check``."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from mtcheck.metrics.similarity import pair_similarity
from mtcheck.model import SIDES, AlignedPair, Article, Finding, Report, Severity
from mtcheck.report.common import SEVERITY_ORDER, SIDE_NAME, line_col

SEVERITY_STYLE = {
    Severity.CRITICAL: "bold white on red",
    Severity.MAJOR: "bold red",
    Severity.MINOR: "yellow",
}


def worst_pairs(report: Report, limit: int = 5) -> list[AlignedPair]:
    """Pairs ranked by their findings' severity, then by lowest similarity."""
    by_pair: dict[int, list[Finding]] = {}
    for finding in report.findings:
        if finding.pair is not None:
            by_pair.setdefault(finding.pair, []).append(finding)

    def rank(pair: AlignedPair) -> tuple[float, ...]:
        findings = by_pair.get(pair.index, [])
        worst = min((SEVERITY_ORDER[f.severity] for f in findings), default=3)
        similarity = pair_similarity(report, pair)
        return (worst, -len(findings), similarity if similarity is not None else 1.0)

    candidates = [p for p in report.pairs if p.index in by_pair or pair_similarity(report, p) is not None]
    return sorted(candidates, key=rank)[:limit]


def _inputs_line(article: Article) -> str:
    where = str(article.path) if article.path else "(text)"
    detected = " detected" if article.language_detected else ""
    counts = f"{article.word_count} words, {len(article.sentences)} sentences"
    return f"{where} [{article.language}{detected}, {counts}]"


def _clip(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def print_summary(
    report: Report, console: Console | None = None, worst: int = 5, max_findings: int = 40
) -> None:
    """Inputs, pair counts, document scores, MQM, findings (most severe first), worst pairs, verdict.

    At most ``max_findings`` findings are listed; the JSON and HTML reports hold all of them.
    """
    console = console or Console()
    console.rule("[bold]mtcheck")
    _print_inputs(report, console)
    _print_scores(report, console)
    mqm = report.mqm
    counts = ", ".join(f"{n} {s}" for s, n in mqm.by_severity.items())
    console.print(
        f"[bold]MQM[/] penalty {mqm.penalty:g} = {mqm.per_1000_words:g} per 1,000 words "
        f"({mqm.word_count} words; {counts})",
        highlight=False,
    )
    _print_findings(report, console, max_findings)
    _print_worst_pairs(report, console, worst_pairs(report, worst))
    for warning in report.warnings:
        console.print(Text(f"warning: {warning}", style="yellow"))
    if report.verdict is not None:
        if report.verdict.passed:
            console.print(Text("PASS", style="bold green"), Text("; ".join(report.verdict.reasons)))
        else:
            console.print(Text("FAIL", style="bold white on red"), Text("; ".join(report.verdict.reasons)))


def _print_inputs(report: Report, console: Console) -> None:
    for side in SIDES:
        article = report.article(side)
        if article is not None:
            label = SIDE_NAME[side]
            origin = report.back_translation_origin if side == "back_translation" else None
            # "file:PATH" repeats the path just printed; a model origin is news
            extra = f" — {origin}" if origin and origin != f"file:{article.path}" else ""
            # Text(), not markup: paths and origins may contain "[" and must print as they are.
            console.print(Text(f"{label:>16} ", style="bold"), Text(_inputs_line(article) + extra), sep="")
    kinds: dict[str, int] = {}
    for pair in report.pairs:
        if pair.kind is not None:  # None: aligned without a source, so no n-m kind
            kinds[pair.kind] = kinds.get(pair.kind, 0) + 1
    kinds_text = ", ".join(f"{k}: {v}" for k, v in sorted(kinds.items()))
    console.print(
        f"[bold]{'aligned pairs':>16}[/] {len(report.pairs)}" + (f" ({kinds_text})" if kinds else "")
    )


def _print_scores(report: Report, console: Console) -> None:
    if not report.scores:
        return
    scores = Table(title="Document scores", title_justify="left", show_edge=False)
    scores.add_column("metric")
    scores.add_column("value", justify="right")
    scores.add_column("signature", style="dim", overflow="fold")
    for score in report.scores:
        scores.add_row(score.name, f"{score.value:.3f}".rstrip("0").rstrip("."), str(score.signature))
    console.print(scores)


def _print_findings(report: Report, console: Console, max_findings: int) -> None:
    if not report.findings:
        console.print("[green]No findings.[/]")
        return
    findings = Table(title=f"Findings ({len(report.findings)})", title_justify="left", show_edge=False)
    findings.add_column("severity")
    findings.add_column("check")
    findings.add_column("where", justify="right")
    findings.add_column("text")
    findings.add_column("message", overflow="fold")
    ordered = sorted(report.findings, key=lambda f: (SEVERITY_ORDER[f.severity], f.target_span.start))
    for finding in ordered[:max_findings]:
        line, col = line_col(report.target.text, finding.target_span.start)
        findings.add_row(
            Text(finding.severity.value, style=SEVERITY_STYLE[finding.severity]),
            finding.check + (f" ({finding.model})" if finding.model else ""),
            f"{line}:{col}",
            Text(_clip(finding.target_span.text, 30) or "∅"),
            Text(finding.message),
        )
    console.print(findings)
    if len(ordered) > max_findings:
        console.print(
            f"… and {len(ordered) - max_findings} more findings (all are in the JSON and HTML reports)",
            style="dim",
        )


def _print_worst_pairs(report: Report, console: Console, pairs: Sequence[AlignedPair]) -> None:
    if not pairs:
        return
    table = Table(title="Worst aligned pairs", title_justify="left", show_edge=False, show_lines=True)
    table.add_column("#", justify="right")
    table.add_column("kind")
    table.add_column("sim", justify="right")
    sides = [s for s in ("source", "target", "back_translation") if report.article(s) is not None]
    for side in sides:
        table.add_column(SIDE_NAME[side], overflow="fold")
    for pair in pairs:
        value = pair_similarity(report, pair)
        similarity = "" if value is None else f"{value:.2f}"
        texts = [Text(_clip(report.pair_text(pair, side), 120) or "— (gap) —") for side in sides]
        table.add_row(str(pair.index), pair.kind or "", similarity, *texts)
    console.print(table)
