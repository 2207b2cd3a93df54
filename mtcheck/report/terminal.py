"""The rich terminal summary printed by ``mtcheck check``.

Every piece of user text (paths, article text, messages that quote it, model names) goes through
:func:`_text`: a rich ``Text`` (never markup) with control characters shown as ``⟨U+001B⟩``, so an
article cannot move the cursor, recolour the screen or print a fake "PASS" line in a CI log.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from mtcheck.gate import ESTIMATE
from mtcheck.model import SIDES, Article, Outcome, Report, Severity
from mtcheck.report.common import SEVERITY_ORDER, SIDE_NAME, line_col, show_controls
from mtcheck.report.triage import ESTIMATE_NOTE, ReadFirst, read_first_rows

SEVERITY_STYLE = {
    Severity.CRITICAL: "bold white on red",
    Severity.MAJOR: "bold red",
    Severity.MINOR: "yellow",
}


def _inputs_line(article: Article) -> str:
    where = str(article.path) if article.path else "(text)"
    detected = " detected" if article.language_detected else ""
    counts = f"{article.word_count} words, {len(article.sentences)} sentences"
    return f"{where} [{article.language}{detected}, {counts}]"


def _clip(text: str, width: int = 90) -> str:
    text = show_controls(" ".join(text.split()))
    return text if len(text) <= width else text[: width - 1] + "…"


def _text(text: str, style: str = "") -> Text:
    """User text for the terminal: no markup, control characters made visible."""
    return Text(show_controls(text), style=style)


def print_summary(report: Report, console: Console | None = None, max_findings: int = 40) -> None:
    """The verdict and its reasons first, then (REVIEW) the pairs to read first, the findings (most
    severe first), MQM, the inputs and the document scores.

    At most ``max_findings`` findings are listed; the JSON and HTML reports hold all of them.
    """
    console = console or Console()
    console.rule("[bold]mtcheck")
    _print_verdict(report, console)
    _print_read_first(report, console, read_first_rows(report))
    _print_findings(report, console, max_findings)
    mqm = report.mqm
    counts = ", ".join(f"{n} {s}" for s, n in mqm.by_severity.items())
    limit = report.verdict.limits.get("max-penalty-per-1000") if report.verdict is not None else None
    bound = f" (max {limit:g})" if limit is not None else ""  # the value beside the limit it was judged by
    console.print(
        f"[bold]MQM[/] penalty {mqm.penalty:g} = {mqm.per_1000_words:g} per 1,000 words{bound} "
        f"({mqm.word_count} words; {counts})",
        highlight=False,
    )
    _print_inputs(report, console)
    _print_scores(report, console)
    for warning in report.warnings:
        console.print(_text(f"warning: {warning}", style="yellow"))
    if report.verdict is not None:  # again at the end, where a long listing leaves the eye
        _print_verdict(report, console)


VERDICT_STYLE = {
    Outcome.PUBLISH: "bold green",
    Outcome.REVIEW: "bold black on yellow",
    Outcome.BLOCK: "bold white on red",
}


def _print_verdict(report: Report, console: Console) -> None:
    verdict = report.verdict
    if verdict is None:
        return
    reasons = (
        "; ".join(verdict.reasons) or "nothing the checks could verify, and the evidence vouches for the text"
    )
    console.print(Text(verdict.outcome.value.upper(), style=VERDICT_STYLE[verdict.outcome]), _text(reasons))


def _print_inputs(report: Report, console: Console) -> None:
    for side in SIDES:
        article = report.article(side)
        if article is not None:
            label = SIDE_NAME[side]
            origin = report.back_translation_origin if side == "back_translation" else None
            # "file:PATH" repeats the path just printed; a model origin is news
            extra = f" — {origin}" if origin and origin != f"file:{article.path}" else ""
            # Text(), not markup: paths and origins may contain "[" and must print as they are.
            console.print(Text(f"{label:>16} ", style="bold"), _text(_inputs_line(article) + extra), sep="")
    config = str(report.config_path) if report.config_path is not None else "none (built-in defaults)"
    console.print(_text(f"{'config':>16} {config}", style="dim"))
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
        value = f"{score.value:.3f}".rstrip("0").rstrip(".")
        scores.add_row(_text(score.name), value, _text(str(score.signature)))
    console.print(scores)
    if any(score.name == ESTIMATE for score in report.scores):
        console.print(_text(f"{ESTIMATE}: {ESTIMATE_NOTE}", style="dim"))


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
            Text(finding.severity.value, style=SEVERITY_STYLE[finding.severity])
            if finding.suppression is None
            else Text(f"accepted ({finding.suppression})", style="dim"),
            _text(finding.check + (f" ({finding.model})" if finding.model else "")),
            f"{line}:{col}",
            Text(_clip(finding.target_span.text, 30) or "∅"),
            _text(finding.message + (f" → {finding.suggestion}" if finding.suggestion else "")),
        )
    console.print(findings)
    if len(ordered) > max_findings:
        console.print(
            f"… and {len(ordered) - max_findings} more findings (all are in the JSON and HTML reports)",
            style="dim",
        )


def _print_read_first(report: Report, console: Console, rows: Sequence[ReadFirst]) -> None:
    """REVIEW: the pairs to read before publishing, riskiest first, with what ranked them."""
    if not rows:
        return
    title = "Read first (REVIEW: the riskiest aligned pairs, riskiest first)"
    table = Table(title=title, title_justify="left", show_edge=False, show_lines=True)
    table.add_column("pair", justify="right")
    table.add_column("why", overflow="fold")
    sides = [s for s in ("source", "target", "back_translation") if report.article(s) is not None]
    for side in sides:
        table.add_column(SIDE_NAME[side], overflow="fold")
    by_index = {pair.index: pair for pair in report.pairs}
    for row in rows:
        pair = by_index[row.index]
        texts = [Text(_clip(report.pair_text(pair, side), 120) or "— (gap) —") for side in sides]
        table.add_row(str(row.number), _text(row.evidence()), *texts)
    console.print(table)
