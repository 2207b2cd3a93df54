from report_helpers import gender_report, make_article
from rich.console import Console

from mtcheck.checks.engine import locate_pairs
from mtcheck.gate import read_first
from mtcheck.model import Outcome, Report, Verdict
from mtcheck.report.common import line_col
from mtcheck.report.terminal import print_summary


def _render(report: Report) -> str:
    console = Console(record=True, width=160, color_system=None)
    print_summary(report, console)
    return console.export_text()


def test_summary_shows_inputs_scores_findings_and_verdict(tmp_path):
    report = gender_report(tmp_path)
    out = _render(report)
    assert "target.de.txt" in out and "[de, " in out
    assert "chrf" in out and "nrefs:1" in out
    assert "penalty 6 = " in out and "per 1,000 words" in out
    assert "gender.agreement" in out and "Autorin" in out
    assert "1:5" in out  # 'Autorin' starts at line 1, column 5
    assert "3:21" in out  # "19. März 2025" on line 3, after "Das Treffen fand am "
    assert "Read first" not in out  # BLOCK: the findings are what to fix (REVIEW lists pairs: test_triage)
    assert "BLOCK" in out and "1 major finding (max 0)" in out
    # the major finding is listed before the minor one
    assert out.index("gender.agreement") < out.index("numbers.mismatch")


def test_summary_without_findings_or_pairs():
    out = _render(Report(target=make_article("Alles gut.", "target", "de")))
    assert "No findings." in out and "aligned pairs" in out


def test_line_col_handles_crlf_and_cr():
    text = "ab\r\ncd\ref\ngh"
    assert line_col(text, 0) == (1, 1)
    assert line_col(text, 4) == (2, 1)
    assert line_col(text, 7) == (3, 1)
    assert line_col(text, 11) == (4, 2)
    assert line_col(text, 3) == (1, 4)  # between \r and \n: still line 1
    for offset in range(len(text) + 1):  # agrees with a plain character walk
        line, start = 1, 0
        for i in range(offset):
            if text[i] == "\n" or (text[i] == "\r" and text[i + 1 : i + 2] != "\n"):
                line, start = line + 1, i + 1
        assert line_col(text, offset) == (line, offset - start + 1), offset


def test_read_first_puts_the_major_finding_first(tmp_path):
    report = gender_report(tmp_path)
    assert read_first(report, 2) == [0, 3]


def test_read_first_finds_the_pair_of_a_finding_without_pair_index(tmp_path):
    report = gender_report(tmp_path)
    for finding in report.findings:
        finding.pair = None  # checks need not set it: the engine locates the pair from the span
    locate_pairs(report, report.findings)
    assert read_first(report, 2) == [0, 3]


def test_long_finding_lists_are_cut_with_a_pointer_to_the_reports(tmp_path):
    report = gender_report(tmp_path)
    report.findings = report.findings * 30  # 60 findings
    console = Console(record=True, width=160, color_system=None)
    print_summary(report, console, max_findings=10)
    out = console.export_text()
    assert out.count("gender.agreement") == 10  # the 30 major findings sort first; 10 rows are shown
    assert "… and 50 more findings" in out and "Findings (60)" in out


FAKE_PASS = "\x1b[1A\x1b[2K\x1b[32mPASS\x1b[0m"


def _hostile_report() -> Report:
    """Issue 11, item 13: escape sequences, a C1 CSI and a bidi override in the article and messages."""
    from report_helpers import span_of

    from mtcheck.model import Category, Finding, Severity

    target = make_article(f"Die Regierung tagte. {FAKE_PASS} Das \x9b2J Ende \u202eevil.", "target", "de")
    report = Report(target=target)
    report.findings.append(
        Finding(
            "x.y",
            Category.STYLE,
            Severity.MAJOR,
            f"quoted {FAKE_PASS} \x9b2J \u202eevil",
            span_of(target, FAKE_PASS),
        )
    )
    report.warnings.append(f"warning with {FAKE_PASS}")
    report.verdict = Verdict(Outcome.BLOCK, [f"reason {FAKE_PASS}"], fails=True)
    return report


def test_control_characters_never_reach_the_terminal():
    out = _render(_hostile_report())
    assert not any(c in out for c in ("\x1b", "\x9b", "\u202e")), repr(out)
    assert "⟨U+001B⟩[1A" in out and "⟨U+009B⟩2J" in out and "⟨U+202E⟩" in out
    assert "quoted ⟨U+001B⟩[1A" in out and "reason ⟨U+001B⟩" in out


def test_the_penalty_stands_beside_the_limit_it_was_judged_by(tmp_path):
    from mtcheck.config import GateSettings
    from mtcheck.gate import evaluate

    report = gender_report(tmp_path)
    assert "(max " not in _render(report).split("MQM penalty 6 = ")[1].split("\n")[0]  # no maximum set
    report.verdict = evaluate(report, GateSettings(max_major=None, max_penalty_per_1000=15))
    line = next(line for line in _render(report).splitlines() if line.startswith("MQM penalty"))
    assert f"{report.mqm.per_1000_words:g} per 1,000 words (max 15)" in line
