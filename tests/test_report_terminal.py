from report_helpers import gender_report, make_article
from rich.console import Console

from mtcheck.checks.engine import locate_pairs
from mtcheck.model import Report, Verdict
from mtcheck.report.common import line_col
from mtcheck.report.terminal import print_summary, worst_pairs


def _render(report: Report) -> str:
    console = Console(record=True, width=160, color_system=None)
    print_summary(report, console)
    return console.export_text()


def test_summary_shows_inputs_scores_findings_and_verdict(tmp_path):
    report = gender_report(tmp_path)
    report.verdict = Verdict(False, ["1 major finding (max 0)"])
    out = _render(report)
    assert "target.de.txt" in out and "[de, " in out
    assert "chrf" in out and "nrefs:1" in out
    assert "penalty 6 = " in out and "per 1,000 words" in out
    assert "gender.agreement" in out and "Autorin" in out
    assert "1:5" in out  # 'Autorin' starts at line 1, column 5
    assert "3:21" in out  # "19. März 2025" on line 3, after "Das Treffen fand am "
    assert "Worst aligned pairs" in out and "About the author" in out
    assert "FAIL" in out and "1 major finding (max 0)" in out
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


def test_worst_pairs_puts_the_major_finding_first(tmp_path):
    report = gender_report(tmp_path)
    assert [p.index for p in worst_pairs(report, 2)] == [0, 3]


def test_worst_pairs_finds_the_pair_of_a_finding_without_pair_index(tmp_path):
    report = gender_report(tmp_path)
    for finding in report.findings:
        finding.pair = None  # checks need not set it: the engine locates the pair from the span
    locate_pairs(report, report.findings)
    assert [p.index for p in worst_pairs(report, 2)] == [0, 3]


def test_long_finding_lists_are_cut_with_a_pointer_to_the_reports(tmp_path):
    report = gender_report(tmp_path)
    report.findings = report.findings * 30  # 60 findings
    console = Console(record=True, width=160, color_system=None)
    print_summary(report, console, max_findings=10)
    out = console.export_text()
    assert out.count("gender.agreement") == 10  # the 30 major findings sort first; 10 rows are shown
    assert "… and 50 more findings" in out and "Findings (60)" in out
