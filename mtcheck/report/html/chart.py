"""Segment score bars per pair and the inline SVG chart along the article."""

from __future__ import annotations

import math

from mtcheck.metrics.base import lower_is_better
from mtcheck.model import AlignedPair, Report, Severity
from mtcheck.report.html.rows import _Row
from mtcheck.report.html.text import _e


def _scale(report: Report) -> dict[str, float]:
    """Per metric: 1.0 for scores in [0, 1] (similarity, COMET-like), else 100 (chrF, BLEU, TER)."""
    maxima: dict[str, float] = {}
    for pair in report.pairs:
        for name, value in pair.scores.items():
            maxima[name] = max(maxima.get(name, 0.0), abs(value))
    return {name: 1.0 if top <= 1.0 else 100.0 for name, top in maxima.items()}


#: The score the chart plots, first one present wins: cross-lingual similarity, then chrF. The quality
#: estimate comes last: it does not transfer across data sets (issue 14), so it ranks "read first"
#: pairs but is not the picture of the article.
CHART_PREFERENCE = (
    "similarity(src,mt)",
    "similarity(mt,bt)",
    "chrF(mt,ref)",
    "chrF(bt,src)",
    "mtcheck-qe",
)


#: Marks under the chart's axis: rows a score alone would not show as trouble.
TAG_TEXT = {"added": "added line (not in the source)", "boilerplate": "web-page boilerplate"}
LEGEND = (
    '<p class="legend small muted"><span class="key critical"></span>critical '
    '<span class="key major"></span>major <span class="key minor"></span>minor '
    '<span class="key none"></span>no finding · under the axis: '
    '<span class="key added"></span>added line <span class="key boilerplate"></span>boilerplate</p>'
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
    scores = pair.scores
    for name in _bar_metrics(scale):
        if name not in scores:
            continue
        value = scores[name]
        width = max(0.0, min(1.0, value / scale.get(name, 1.0))) * 100
        shown = f"{value:.2f}" if scale.get(name, 1.0) == 1.0 else f"{value:.1f}"
        lower = " lower" if lower_is_better(name) else ""
        hint = " (lower is better)" if lower else ""
        parts.append(
            f'<div class="bar{lower}" title="{_e(name + hint)}: {_e(shown)}"><span>{_e(name)}</span>'
            f'<span class="track"><span class="fill" style="width:{width:.1f}%"></span></span>'
            f'<span class="val">{_e(shown)}</span></div>'
        )
    return "".join(parts)


def _chart(
    report: Report, rows: list[_Row], worst_by_row: dict[int, Severity], tags_by_row: dict[int, set[str]]
) -> str:
    """Inline SVG: one bar per aligned pair along the article, height = primary segment score, colour
    = worst finding; a strip under the axis marks added lines (no source) and web-page boilerplate,
    which a score alone hides (an added line has no cross-lingual score at all)."""
    pairs = [row.pair for row in rows if row.pair is not None]
    if not pairs:
        return ""
    scale = _scale(report)
    candidates = [*CHART_PREFERENCE, *sorted(scale)]
    metric = next((n for n in candidates if any(n in p.scores for p in pairs)), None)
    if metric is None:
        return ""
    width, height, top, bottom = max(300, 6 * len(pairs)), 122, 8, 104
    step = width / len(pairs)
    # The axis starts at the lowest value rounded down to a tenth of the scale, not at 0: scores that
    # cluster near the top (similarity, the quality estimate) would otherwise hide their dips.
    values = [v for p in pairs if (v := p.scores.get(metric)) is not None]
    tenth = scale[metric] / 10
    low = max(0.0, min(math.floor(min(values) / tenth) * tenth, scale[metric] - tenth))
    high = max(scale[metric], max(values))
    bars = []
    for r, row in enumerate(rows):
        if row.pair is None:
            continue
        value = row.pair.scores.get(metric)
        fraction = 0.0 if value is None else max(0.0, min(1.0, (value - low) / (high - low)))
        bar_height = max(1.5, fraction * (bottom - top))
        severity = worst_by_row.get(r)
        label = f"pair {row.label}: {metric} " + ("n/a" if value is None else f"{value:.3g}")
        if severity is not None:
            label += f"; worst finding {severity.value}"
        tags = sorted(tags_by_row.get(r, set()))
        if tags:
            label += "; " + " and ".join(TAG_TEXT[tag] for tag in tags)
        x, bar_width = r * step + step * 0.1, max(step * 0.8, 0.8)
        strip = "".join(
            f'<rect class="tag {tag}" x="{x:.2f}" y="{bottom + 4 + 7 * k}" '
            f'width="{bar_width:.2f}" height="6"/>'
            for k, tag in enumerate(tags)
        )
        bars.append(
            f'<a href="#{row.anchor}" data-row="{r}"><rect class="bar {severity.value if severity else ""}" '
            f'x="{x:.2f}" y="{bottom - bar_height:.2f}" width="{bar_width:.2f}" '
            f'height="{bar_height:.2f}"><title>{_e(label)}</title></rect>{strip}</a>'
        )
    direction = "lower is better; " if lower_is_better(metric) else ""
    return (
        f'<section class="chart"><h2>{_e(metric)} along the article '
        f'<span class="muted small">(one bar per aligned pair, axis {low:.3g} to {high:.3g}; {direction}'
        "colour = worst finding; click a bar to jump)</span></h2>"
        + LEGEND
        + f'<svg viewBox="0 0 {width} {height}" preserveAspectRatio="none" role="img" '
        f'aria-label="{_e(metric)} per aligned pair">'
        f'<line class="axis" x1="0" y1="{bottom}" x2="{width}" y2="{bottom}"/>'
        f'<line class="axis" x1="0" y1="{top}" x2="{width}" y2="{top}"/>' + "".join(bars) + "</svg></section>"
    )
