"""One report of a run as text, by the command-line option that asked for it."""

from __future__ import annotations

from mtcheck.model import Report


def render(report: Report, option: str) -> str:
    """``option``: --json, --html, --junit, --sarif or --write-baseline (the files are imported lazily:
    a run that writes no HTML does not load the HTML writer)."""
    if option == "--json":
        from mtcheck.report.json_report import report_to_json

        return report_to_json(report)
    if option == "--html":
        from mtcheck.report.html import render_html

        return render_html(report)
    if option == "--write-baseline":
        from mtcheck.report.baseline import baseline_to_json

        return baseline_to_json(report)
    if option == "--junit":
        from mtcheck.report.junit import report_to_junit_xml

        return report_to_junit_xml(report)
    if option == "--sarif":
        from mtcheck.report.sarif import report_to_sarif_json

        return report_to_sarif_json(report)
    raise ValueError(f"no report format for {option!r}")  # a caller's bug: not silently SARIF
