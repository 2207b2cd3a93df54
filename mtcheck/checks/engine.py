"""The check engine: runs the registered checks over one run and settles, once, what every report
format and the gate read afterwards.

1. Configuration is validated first: unknown check ids (in ``disable``, ``severity``, ``options``
   and the gate's ``ignore``) and options of the wrong type are input errors before any check runs.
2. Every enabled check whose inputs are present runs; severity overrides from config apply. With several
   back-translations, a check that reads the back-translation keeps only the errors it finds with
   every one of them.
3. Declared supersession: a finding of a check that ``supersedes`` another replaces that check's
   findings whose target spans overlap its own (LanguageTool's filter for overlapping matches),
   whatever order the checks ran in. A ``second_opinion`` check's finding (the LLM judge) gives way
   to another check's finding of the same MQM category on the same characters, which notes the agreement.
4. ``finding.pair`` is set for every finding: the check's own, else the pair whose German holds
   the start of the finding's target span.
5. Findings of checks the gate ignores are marked ``ignored``: reported everywhere, counted nowhere (with
   ``[gate] judge = "ignore"`` or ``"review-only"``, the judge's too: see :func:`mtcheck.gate.not_counted`).
   Every finding gets its fingerprint, and those an editor accepted (baseline, inline comment, sidecar
   file) are marked too: see :func:`mtcheck.gate.accept`.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import replace

from mtcheck.analysis.lexicon import prefetch_zipf
from mtcheck.checks.registry import CHECKS, CheckContext, CheckSpec, matches_check
from mtcheck.config import Settings
from mtcheck.gate import accept, not_counted
from mtcheck.model import Evidence, Finding, InputError, LinkedText, Report
from mtcheck.run import Run


def validate_settings(settings: Settings) -> dict[str, dict]:
    """Unknown check ids and bad options fail here, in one line; returns each check's parsed options."""
    named = {
        "disable": settings.disabled_checks,
        "enable": settings.enabled_checks,
        "severity": list(settings.severity_overrides),
        "options": list(settings.check_options),
        "gate ignore": settings.gate.ignore,
    }
    ids = CHECKS.names()
    for where, patterns in named.items():
        unknown = sorted(p for p in patterns if not any(matches_check(c, [p]) for c in ids))
        if unknown:
            raise InputError(f"unknown check id(s) in {where}: {', '.join(unknown)} (see `mtcheck checks`)")
    return {spec.id: spec.parse_options(settings.check_options.get(spec.id, {})) for spec in CHECKS.values()}


def enabled_checks(settings: Settings, report: Report) -> list[CheckSpec]:
    present = report.present()
    return [
        spec
        for spec in CHECKS.values()
        if (spec.default_on or matches_check(spec.id, settings.enabled_checks))
        and not matches_check(spec.id, settings.disabled_checks)
        and spec.runnable(present)
    ]


def article_texts(report: Report) -> list[str]:
    """Every text of the report that a check may read words from."""
    articles = [report.target, report.source, report.back_translation, report.reference]
    articles += [linked.article for linked in (*report.extra_back_translations, *report.alternatives)]
    return [article.text for article in articles if article is not None]


def run_checks(run: Run) -> list[Finding]:
    """Run the checks of ``run`` and store the settled findings in ``run.report.findings``."""
    settings, report = run.settings, run.report
    options = validate_settings(settings)
    prefetch_zipf(article_texts(report))  # word frequencies of a re-check: one read, no wordfreq load
    findings: list[Finding] = []
    for spec in enabled_checks(settings, report):
        found = list(spec.function(CheckContext(run, spec, options[spec.id])))
        for finding in confirmed_by_every_back_translation(run, spec, options[spec.id], found):
            for name, severity in settings.severity_overrides.items():
                if matches_check(spec.id, [name]):
                    finding.severity = severity
            findings.append(finding)
    findings = apply_second_opinions(apply_supersession(findings))
    locate_pairs(report, findings)
    mark_ignored(findings, not_counted(settings.gate))
    accept(report, findings)  # fingerprints, and the findings an editor accepted
    findings.sort(key=lambda f: (f.target_span.start, f.target_span.end, f.check))
    report.findings = findings
    return findings


def reads_back_translation(spec: CheckSpec, report: Report) -> bool:
    """The check compares the German with a back-translation: it needs one, or it stands in for the
    missing source (``any_of`` source or back-translation, without a source)."""
    if "back_translation" in spec.requires:
        return True
    return "back_translation" in spec.any_of and report.source is None


def with_back_translation(report: Report, extra: LinkedText) -> Report:
    """A view of the report in which ``extra`` is the back-translation (pairs re-linked to it)."""
    pairs = [
        replace(
            pair, back_translation_ids=tuple(sorted({k for j in pair.target_ids for k in extra.by_target[j]}))
        )
        for pair in report.pairs
    ]
    return replace(
        report,
        back_translation=extra.article,
        back_translation_origin=extra.origin,
        pairs=pairs,
        findings=[],
        extra_back_translations=[],
    )


def _same_error(a: Finding, b: Finding) -> bool:
    return a.check == b.check and (
        a.target_span == b.target_span or _overlap(_target_spans(a), _target_spans(b))
    )


def confirmed_by_every_back_translation(
    run: Run, spec: CheckSpec, options: dict, findings: list[Finding]
) -> list[Finding]:
    """With several back-translations, a finding of a check that reads the back-translation stands only
    if the check finds the same error with every one of them: one engine's quirk is not the article's
    error."""
    report = run.report
    if not findings or not report.extra_back_translations or not reads_back_translation(spec, report):
        return findings
    for extra in report.extra_back_translations:
        view = Run(with_back_translation(report, extra), run.settings, run.embedder, run.glossary)
        others = list(spec.function(CheckContext(view, spec, options)))
        findings = [f for f in findings if any(_same_error(f, other) for other in others)]
    return findings


def mark_ignored(findings: Iterable[Finding], ignore: Iterable[str]) -> None:
    """Mark the findings of checks (or families) the gate ignores: every report and the gate read it."""
    patterns = list(ignore)
    for finding in findings:
        finding.ignored = matches_check(finding.check, patterns)


def _target_spans(finding: Finding) -> list[tuple[int, int]]:
    spans = [(finding.target_span.start, finding.target_span.end)]
    spans += [(e.start, e.end) for e in finding.evidence if e.side == "target" and e.start is not None]
    return spans  # type: ignore[return-value]


def _overlap(a: Iterable[tuple[int, int]], b: Iterable[tuple[int, int]]) -> bool:
    listed = list(b)
    return any(s < e2 and s2 < e for s, e in a for s2, e2 in listed)


def apply_supersession(findings: list[Finding]) -> list[Finding]:
    """Drop findings that a superseding check's finding covers; the winner absorbs them."""
    dropped: set[int] = set()
    for winner in findings:
        replaced = CHECKS.get(winner.check).supersedes if winner.check in CHECKS else {}
        if not replaced:
            continue
        spans = _target_spans(winner)
        for i, other in enumerate(findings):
            absorb = replaced.get(other.check)
            if absorb is not None and i not in dropped and _overlap(_target_spans(other), spans):
                dropped.add(i)
                absorb(winner, other)
    return [f for i, f in enumerate(findings) if i not in dropped]


def _first_agreeing(opinion: Finding, findings: list[Finding], opinions: set[int]) -> Finding | None:
    """Another check's finding of the same MQM category on the same characters as ``opinion``."""
    spans = [(opinion.target_span.start, opinion.target_span.end)]
    for other in findings:
        if id(other) in opinions or other.category is not opinion.category:
            continue
        if _overlap([(other.target_span.start, other.target_span.end)], spans):
            return other
    return None


def apply_second_opinions(findings: list[Finding]) -> list[Finding]:
    """Drop a second opinion (a judge finding) where another check already reports an error of the same
    MQM category on the same characters; that finding keeps the judge's agreement as evidence."""
    opinions = {id(f) for f in findings if f.check in CHECKS and CHECKS.get(f.check).second_opinion}
    kept = []
    for finding in findings:
        winner = _first_agreeing(finding, findings, opinions) if id(finding) in opinions else None
        if winner is None:
            kept.append(finding)
            continue
        span = finding.target_span
        note = f"the LLM judge ({finding.model}) marks this too: {finding.message}"
        winner.evidence.append(Evidence(span.text, span.start, span.end, "target", note))
    return kept


def locate_pairs(report: Report, findings: Iterable[Finding]) -> None:
    """Set ``finding.pair`` where the check left it open: the pair whose target sentences contain
    the start of the finding's target span (an empty pair region counts as one character)."""
    regions = sorted(
        (span.start, span.end, pair.index)
        for pair in report.pairs
        if (span := report.pair_span(pair, "target")) is not None
    )
    starts = [start for start, _, _ in regions]
    for finding in findings:
        if finding.pair is not None:
            continue
        position = bisect_right(starts, finding.target_span.start) - 1
        if position >= 0:
            start, end, index = regions[position]
            if finding.target_span.start < max(end, start + 1):
                finding.pair = index
