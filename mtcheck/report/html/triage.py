"""What an editor sees first: the verdict and its reasons, the pairs to read first (REVIEW), and the
MQM penalty beside the thresholds it was judged by. Scores come after all of this."""

from __future__ import annotations

from mtcheck.model import MQMScore, Report
from mtcheck.mqm import SEVERITY_WEIGHTS
from mtcheck.report.html.text import _clip, _e
from mtcheck.report.triage import ESTIMATE_NOTE, read_first_rows

VOUCHES = "nothing the checks could verify, and the evidence vouches for the text"


def verdict_section(report: Report) -> str:
    """The verdict badge, each reason on its own line, and (REVIEW) the ranked read-first list."""
    verdict = report.verdict
    if verdict is None:
        return '<section class="verdict-box"><span class="verdict none">not gated</span></section>'
    state = verdict.outcome.value
    shown = verdict.reasons or [VOUCHES]
    reasons = '<ul class="reasons">' + "".join(f"<li>{_e(r)}</li>" for r in shown) + "</ul>"
    return (
        f'<section class="verdict-box {state}"><span class="verdict {state}">{state.upper()}</span>'
        f"{reasons}{_read_first(report)}</section>"
    )


def _read_first(report: Report) -> str:
    rows = read_first_rows(report)
    if not rows:
        return ""
    items = []
    for row in rows:
        pair = next(p for p in report.pairs if p.index == row.index)
        text = report.pair_text(pair, "target") or "— missing in the translation —"
        severity = f" {row.worst.value}" if row.worst else ""
        items.append(
            f'<li data-pair="{row.index}"><a href="#pair-{row.index}">pair {row.number}</a> '
            f'<span class="why{severity}">{_e(row.evidence())}</span> '
            f'<span class="muted">{_e(_clip(text, 110))}</span></li>'
        )
    return (
        '<div class="read-first"><h2>Read first <span class="muted small">(riskiest pairs first: worst '
        "finding, then the number of findings, then low similarity and quality estimate)</span></h2>"
        f'<ol id="read-first">{"".join(items)}</ol>'
        f'<p class="small muted">mtcheck-qe: {_e(ESTIMATE_NOTE)}.</p></div>'
    )


def penalty_card(report: Report, mqm: MQMScore, extra: str) -> str:
    """ "6.0 per 1,000 words (max 15)": the value beside the limit the gate used."""
    limits = report.verdict.limits if report.verdict is not None else {}
    limit = limits.get("max-penalty-per-1000")
    bound = f"(max {limit:g})" if limit is not None else "(no maximum set)"
    over = " over" if limit is not None and mqm.per_1000_words > limit else ""
    minor_limit = limits.get("review-minor-per-1000")
    minors = mqm.by_severity.get("minor", 0)
    minor_line = ""
    if minor_limit is not None and mqm.word_count:
        density = minors / mqm.word_count * 1000
        minor_line = (
            f'<div class="small">minor findings {density:.1f} per 1,000 words '
            f"(review above {minor_limit:g})</div>"
        )
    weights = " · ".join(f"{severity.value} {weight:g}" for severity, weight in SEVERITY_WEIGHTS.items())
    return (
        f'<div class="card"><h2>MQM penalty</h2><div class="penalty{over}"><span class="big">'
        f'{mqm.per_1000_words:.1f}</span> per 1,000 words <span class="limit">{_e(bound)}</span></div>'
        f'<div class="muted">total {mqm.penalty:g} over {mqm.word_count} words</div>{minor_line}'
        f'<div class="small muted">{_e(weights)} points</div>{extra}</div>'
    )


def navigator(count: int) -> str:
    """Previous/next finding (buttons and keys) and the "flagged rows only" switch."""
    if count == 0:
        return ""
    return (
        '<nav class="navigator" aria-label="findings">'
        '<button type="button" id="prev-finding" title="previous finding (k or p)">◀ previous</button>'
        f'<span id="nav-position" aria-live="polite">– / {count}</span>'
        '<button type="button" id="next-finding" title="next finding (j or n)">next ▶</button>'
        '<label><input type="checkbox" id="flagged-only"> flagged rows only</label>'
        '<span class="keys small muted">keys: <kbd>j</kbd> or <kbd>n</kbd> next finding · <kbd>k</kbd> or '
        "<kbd>p</kbd> previous · <kbd>f</kbd> flagged rows only · <kbd>Esc</kbd> closes the details</span>"
        "</nav>"
    )
