"""The HTML report in a real browser (headless Chromium, Debian's ``chromium``).

Skipped only on a machine without Chromium, and never when MTCHECK_REQUIRE_BROWSER=1 (``.ci/run``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from report_helpers import make_article, word_offsets

from mtcheck.model import AlignedPair, Category, Evidence, Finding, Report, Severity
from mtcheck.report.html import render_html, write_html

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "corpora" / "example-putin"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
REQUIRED = os.environ.get("MTCHECK_REQUIRE_BROWSER") == "1"

pytestmark = pytest.mark.browser
if CHROMIUM is None and not REQUIRED:
    pytestmark = [pytest.mark.browser, pytest.mark.skip(reason="chromium not installed")]

PAYLOAD_SCRIPT = "<script>document.title='pwned'</script>"
PAYLOAD_IMG = "<img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">"


def chromium(tmp_path: Path, url: str, *flags: str) -> str:
    assert CHROMIUM is not None, "MTCHECK_REQUIRE_BROWSER=1 but chromium is not installed"
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        f"--user-data-dir={profile}",
        *flags,
        url,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def dump_dom(tmp_path: Path, path: Path, fragment: str = "") -> str:
    return chromium(tmp_path, path.resolve().as_uri() + fragment, "--dump-dom")


def body_tag(dom: str) -> str:
    return re.search(r"<body[^>]*>", dom).group()


def example_report() -> tuple[Report, int]:
    """The example article loaded and segmented for real, aligned line by line with its
    hand-written back-translation; the 'Zur Autorin' finding is written here by hand so this
    test exercises the report, whatever the gender check currently finds."""
    from mtcheck.pipeline import load_report

    report = load_report(EXAMPLE / "target.de.txt", back_translation=EXAMPLE / "back_translation.en.txt")
    target, back = report.target, report.back_translation
    for index, (t, b) in enumerate(zip(target.sentences, back.sentences, strict=False)):
        report.pairs.append(AlignedPair(index, target_ids=(t.id,), back_translation_ids=(b.id,)))
    start = target.text.index("Zur Autorin") + len("Zur ")
    bio = target.text.index("Laurie Bristow ist")
    praesident = word_offsets(target, "Präsident", bio)
    er = word_offsets(target, "er", bio)
    report.findings.append(
        Finding(
            check="gender.agreement",
            category=Category.MISTRANSLATION,
            severity=Severity.MAJOR,
            message="'Autorin' is feminine, but the author is a man.",
            target_span=target.span(start, start + len("Autorin")),
            evidence=[
                Evidence("Präsident", *praesident, "target", "masculine noun for the same person"),
                Evidence("er", *er, "target", "masculine pronoun for the same person"),
            ],
            suggestion="Zum Autor",
        )
    )
    return report, len(report.findings) - 1


def test_example_report_highlights_the_gender_finding_and_its_evidence(tmp_path):
    report, index = example_report()
    page = tmp_path / "example.html"
    write_html(report, page)
    dom = dump_dom(tmp_path, page, f"#finding-{index}")
    assert 'data-ready="1"' in dom  # our script ran
    mark = re.search(rf'<mark class="([^"]*)" data-f="{index}"[^>]*>([^<]*)</mark>', dom)
    assert mark is not None and mark.group(2) == "Autorin"
    assert {"f", "major", "active"} <= set(mark.group(1).split())
    evidence = re.findall(rf'<mark class="([^"]*)" data-ev="{index}"[^>]*>([^<]*)</mark>', dom)
    assert [text for _, text in evidence] == ["Präsident", "er"]
    assert all("ev-active" in classes.split() for classes, _ in evidence)
    panel = re.search(r'<aside id="panel"([^>]*)>(.*?)</aside>', dom, re.S)
    assert "hidden" not in panel.group(1)
    assert "Präsident" in panel.group(2) and "Zum Autor" in panel.group(2)

    screenshot = ROOT / "reports" / "example.png"
    screenshot.parent.mkdir(exist_ok=True)
    # ?open= shows the finding in the panel without scrolling: the summary stays in the picture
    chromium(
        tmp_path,
        page.resolve().as_uri() + f"?open={index}",
        "--window-size=1280,1500",
        f"--screenshot={screenshot}",
        "--hide-scrollbars",
    )
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and screenshot.stat().st_size > 20_000


def _hostile_report() -> Report:
    text = f"Titel {PAYLOAD_SCRIPT} und {PAYLOAD_IMG} Ende."
    target = make_article(text, "target", "de")
    back = make_article(f"Title {PAYLOAD_IMG} end.", "back_translation", "en")
    report = Report(target=target, back_translation=back)
    report.pairs = [AlignedPair(0, target_ids=(0,), back_translation_ids=(0,))]
    start = text.index("<img")
    report.findings.append(
        Finding(
            "markup.leftover",
            Category.NON_TRANSLATION,
            Severity.CRITICAL,
            f"HTML left in the text: {PAYLOAD_IMG}",
            target.span(start, start + len(PAYLOAD_IMG)),
            evidence=[
                Evidence(
                    PAYLOAD_SCRIPT, text.index("<script"), text.index("</script>"), "target", PAYLOAD_IMG
                )
            ],
            suggestion=PAYLOAD_SCRIPT,
        )
    )
    return report


def test_article_with_script_and_onerror_executes_nothing(tmp_path):
    page = tmp_path / "hostile.html"
    html = render_html(_hostile_report())
    page.write_text(html, encoding="utf-8")
    # open the finding too, so its message and evidence are cloned into the panel
    dom = dump_dom(tmp_path, page, "#finding-0")
    assert 'data-ready="1"' in dom  # scripts were running: ours did
    assert "data-pwned" not in body_tag(dom)
    assert re.search(r"<title>mtcheck: [^<]*</title>", dom) and "<title>pwned" not in dom
    assert "&lt;script&gt;document.title='pwned'&lt;/script&gt;" in dom  # shown as text

    # Escaping alone holds, without the Content-Security-Policy as a second wall.
    no_csp = tmp_path / "hostile-no-csp.html"
    no_csp.write_text(re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html), encoding="utf-8")
    dom = dump_dom(tmp_path, no_csp, "#finding-0")
    assert 'data-ready="1"' in dom and "data-pwned" not in body_tag(dom) and "<title>pwned" not in dom


def test_the_harness_would_see_a_payload_that_ran(tmp_path):
    """Control: the same payloads inserted raw do run in this browser, so the test above can fail."""
    page = tmp_path / "raw.html"
    page.write_text(
        f"<!DOCTYPE html><html><head><title>t</title></head><body>{PAYLOAD_SCRIPT}{PAYLOAD_IMG}</body></html>"
    )
    dom = dump_dom(tmp_path, page)
    assert 'data-pwned="1"' in body_tag(dom) and "<title>pwned</title>" in dom
