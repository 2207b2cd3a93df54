"""The HTML report in a real browser (headless Chromium, Debian's ``chromium``).

Marked ``browser``: skipped on a machine without Chromium, and failed there when
MTCHECK_REQUIRE_BROWSER=1 (``.ci/run``); tests/conftest.py decides.
"""

from __future__ import annotations

import json
import os
import re
import select
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from report_helpers import gender_report, make_article

from mtcheck.model import AlignedPair, Category, Evidence, Finding, Report, Severity
from mtcheck.report.html import render_html, write_html

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "corpora" / "example-putin"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = pytest.mark.browser

PAYLOAD_SCRIPT = "<script>document.title='pwned'</script>"
PAYLOAD_IMG = "<img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">"


def chromium_command(profile: Path, *flags: str) -> list[str]:
    """Headless Chromium in its own profile that makes no request of its own (updates, sync)."""
    assert CHROMIUM is not None  # tests/conftest.py skips (or fails) browser tests without it
    return [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        f"--user-data-dir={profile}",
        *flags,
    ]


def chromium(tmp_path: Path, url: str, *flags: str) -> str:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    command = chromium_command(profile, *flags, url)
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def dump_dom(tmp_path: Path, path: Path, fragment: str = "") -> str:
    return chromium(tmp_path, path.resolve().as_uri() + fragment, "--dump-dom")


def body_tag(dom: str) -> str:
    return re.search(r"<body[^>]*>", dom).group()


def gender_finding(report: Report) -> int:
    found = [
        i
        for i, f in enumerate(report.findings)
        if f.check.startswith("gender") and "Autorin" in f.target_span.text
    ]
    assert found, "the gender check did not flag 'Zur Autorin'"
    return found[0]


def test_example_report_highlights_the_gender_finding_and_its_evidence(tmp_path, example_report):
    """The example article checked by ``mtcheck.check`` (conftest) with its hand-written back-translation."""
    report = example_report
    index = gender_finding(report)
    page = tmp_path / "example.html"
    write_html(report, page)
    dom = dump_dom(tmp_path, page, f"#finding-{index}")
    assert 'data-ready="1"' in dom  # our script ran
    finding = report.findings[index]
    marks = re.findall(rf'<mark class="([^"]*)" data-f="(?:\d+ )*{index}(?: \d+)*"[^>]*>([^<]*)</mark>', dom)
    assert "".join(text for _, text in marks) == finding.target_span.text  # e.g. "Zur Autorin"
    assert all({"f", "active", finding.severity.value} <= set(classes.split()) for classes, _ in marks)
    evidence = re.findall(
        rf'<mark class="([^"]*)" data-ev="(?:\d+ )*{index}(?: \d+)*"[^>]*>([^<]*)</mark>', dom
    )
    shown = [text for _, text in evidence]
    assert "Präsident" in shown and "er" in shown
    assert shown == [e.text for e in finding.evidence if e.side == "target"]
    assert all("ev-active" in classes.split() for classes, _ in evidence)
    panel = re.search(r'<aside id="panel"([^>]*)>(.*?)</aside>', dom, re.S)
    assert "hidden" not in panel.group(1)
    assert "Präsident" in panel.group(2) and finding.message.split("'")[1] in panel.group(2)

    # the committed picture is rewritten only on request (MTCHECK_SCREENSHOT=reports/example.png):
    # a test run leaves the clone as it found it
    screenshot = Path(os.environ.get("MTCHECK_SCREENSHOT") or tmp_path / "example.png").resolve()
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


# ---------------------------------------------------------------- clicking: the DevTools protocol over a pipe


def _onto_fds_3_and_4(read_fd: int, write_fd: int) -> None:
    # dup first: dup2(fd, fd) would keep close-on-exec when a pipe already sits on 3 or 4
    read_copy, write_copy = os.dup(read_fd), os.dup(write_fd)
    os.dup2(read_copy, 3)
    os.dup2(write_copy, 4)


class DevTools:
    """A minimal Chrome DevTools Protocol client over ``--remote-debugging-pipe`` (fd 3 in, fd 4 out;
    NUL-terminated JSON messages): no websocket library, no network port."""

    def __init__(self, profile: Path) -> None:
        to_browser_read, self._to_browser = os.pipe()
        self._from_browser, from_browser_write = os.pipe()
        self.process = subprocess.Popen(
            chromium_command(profile, "--remote-debugging-pipe", "about:blank"),
            close_fds=False,
            preexec_fn=lambda: _onto_fds_3_and_4(to_browser_read, from_browser_write),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_browser_read)
        os.close(from_browser_write)
        self._buffer = b""
        self._id = 0
        self.session: str | None = None

    def send(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        self._id += 1
        message = {"id": self._id, "method": method, "params": params or {}}
        if session or self.session:
            message["sessionId"] = session or self.session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            while b"\0" not in self._buffer:
                ready, _, _ = select.select(
                    [self._from_browser], [], [], max(0.0, deadline - time.monotonic())
                )
                if not ready:
                    raise TimeoutError(f"chromium did not answer {method}")
                chunk = os.read(self._from_browser, 1 << 16)
                assert chunk, "chromium closed the DevTools pipe"
                self._buffer += chunk
            raw, self._buffer = self._buffer.split(b"\0", 1)
            reply = json.loads(raw)
            if reply.get("id") == self._id:
                assert "error" not in reply, reply["error"]
                return reply["result"]
        raise TimeoutError(method)

    def open(self, url: str) -> None:
        target = self.send("Target.createTarget", {"url": url})["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for _ in range(600):  # up to 30 s for a slow first start
            if self.js(
                "document.readyState === 'complete' && document.documentElement.dataset.ready === '1'"
            ):
                return
            time.sleep(0.05)
        raise TimeoutError(url)

    def js(self, expression: str):
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        assert "exceptionDetails" not in result, result["exceptionDetails"]
        return result["result"].get("value")

    def click(self, selector: str) -> None:
        """A real mouse click (press and release) at the middle of the element."""
        box = self.js(
            f"(() => {{ const el = document.querySelector({json.dumps(selector)}); el.scrollIntoView();"
            "const r = el.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()"
        )
        for kind in ("mousePressed", "mouseReleased"):
            self.send(
                "Input.dispatchMouseEvent",
                {"type": kind, "x": box[0], "y": box[1], "button": "left", "clickCount": 1},
            )

    def key(self, name: str) -> None:
        codes = {"Enter": 13, "Escape": 27, "j": 74, "k": 75, "f": 70}
        for kind in ("keyDown", "keyUp"):
            self.send(
                "Input.dispatchKeyEvent",
                {"type": kind, "key": name, "code": name, "windowsVirtualKeyCode": codes[name]},
            )

    def close(self) -> None:
        try:
            self.session = None
            self.send("Browser.close")
            self.process.wait(timeout=20)
        finally:
            if self.process.poll() is None:
                self.process.kill()
            os.close(self._to_browser)
            os.close(self._from_browser)


@pytest.fixture
def devtools(tmp_path):
    assert CHROMIUM is not None  # tests/conftest.py skips (or fails) browser tests without it
    browser = DevTools(tmp_path / "devtools-profile")
    yield browser
    browser.close()


def test_clicking_a_highlight_shows_message_evidence_and_suggestion(tmp_path, devtools):
    page = tmp_path / "gender.html"
    write_html(gender_report(tmp_path), page)
    devtools.open(page.as_uri())
    assert devtools.js("document.getElementById('panel').hidden") is True
    devtools.click('mark[data-f="0"]')
    assert devtools.js("document.getElementById('panel').hidden") is False
    panel = devtools.js("document.getElementById('panel-body').innerText")
    assert "'Autorin' (feminine)" in panel and "Präsident" in panel and "Suggestion: Zum Autor" in panel
    active = devtools.js("[...document.querySelectorAll('.ev-active')].map(e => e.textContent)")
    assert active == ["Präsident", "er"]
    devtools.click("#panel .close")
    assert devtools.js("document.getElementById('panel').hidden") is True
    # keyboard: focus the minor finding's highlight, Enter opens it, Escape closes
    devtools.js("document.querySelector('mark[data-f=\"1\"]').focus()")
    devtools.key("Enter")
    assert "Date differs" in devtools.js("document.getElementById('panel-body').innerText")
    devtools.key("Escape")
    assert devtools.js("document.getElementById('panel').hidden") is True


def _review_page(tmp_path: Path) -> Path:
    """The gender report sent to REVIEW (its major finding is below a blocking confidence of 0.95),
    without pair scores, so exactly the two pairs with a finding are to be read first."""
    from mtcheck.config import GateSettings
    from mtcheck.gate import evaluate

    report = gender_report(tmp_path)
    for pair in report.pairs:
        pair.scores = {}
    off = {"review_minor_per_1000": None, "min_similarity": None, "review_min_estimate": None}
    report.verdict = evaluate(report, GateSettings(block_min_confidence=0.95, **off))
    assert report.verdict.read_first == [0, 3]
    page = tmp_path / "review.html"
    write_html(report, page)
    return page


def test_read_first_list_leads_the_page_and_links_its_pairs(tmp_path, devtools):
    devtools.open(_review_page(tmp_path).as_uri())
    assert devtools.js("document.querySelector('.verdict-box .verdict').textContent") == "REVIEW"
    listed = "[...document.querySelectorAll('#read-first li')].map(li => li.dataset.pair)"
    assert devtools.js(listed) == ["0", "3"]  # riskiest first: the major finding's pair
    # the list comes before the findings and the article
    order = (
        "document.querySelector('#read-first').compareDocumentPosition(document.querySelector('ol.findings'))"
    )
    assert devtools.js(order) & 4  # DOCUMENT_POSITION_FOLLOWING
    devtools.click("#read-first li:nth-child(2) a")
    assert devtools.js("location.hash") == "#pair-3"


def test_next_and_previous_finding_with_buttons_and_keys(tmp_path, devtools):
    devtools.open(_review_page(tmp_path).as_uri())
    panel = "document.getElementById('panel').hidden ? '' : document.getElementById('panel-body').innerText"
    position = "document.getElementById('nav-position').textContent"
    assert devtools.js(panel) == "" and devtools.js(position) == "– / 2"
    devtools.click("#next-finding")
    assert "Autorin" in devtools.js(panel) and devtools.js(position) == "1 / 2"  # reading order
    devtools.click("#next-finding")
    assert "Date differs" in devtools.js(panel) and devtools.js(position) == "2 / 2"
    devtools.click("#next-finding")  # the last one stays
    assert "Date differs" in devtools.js(panel)
    devtools.key("k")
    assert "Autorin" in devtools.js(panel) and devtools.js(position) == "1 / 2"
    devtools.key("j")
    assert "Date differs" in devtools.js(panel)
    devtools.click('.filters input[value="minor"]')  # next/previous walk only what the filters show
    assert devtools.js(position) == "– / 1"
    devtools.key("k")
    assert "Autorin" in devtools.js(panel) and devtools.js(position) == "1 / 1"


def test_flagged_rows_only_hides_the_rows_without_a_finding(tmp_path, devtools):
    devtools.open(_review_page(tmp_path).as_uri())
    shown = (
        "[...document.querySelectorAll('tr.pair')].filter(r => getComputedStyle(r).display !== 'none')"
        ".map(r => r.querySelector('td.idx').textContent)"
    )
    everything = devtools.js(shown)
    assert len(everything) == 4
    devtools.click("#flagged-only")
    assert devtools.js(shown) == [everything[0], everything[3]]
    devtools.key("f")  # the key toggles it back
    assert devtools.js(shown) == everything
    devtools.key("f")
    devtools.click('.filters input[value="major"]')  # a row whose findings are all filtered out hides too,
    assert devtools.js(shown) == [everything[0], everything[3]]  # unless it is to be read first


def test_severity_and_category_filters(tmp_path, devtools):
    page = tmp_path / "gender.html"
    write_html(gender_report(tmp_path), page)
    devtools.open(page.as_uri())
    hidden = "document.querySelector('mark[data-f=\"0\"]').classList.contains('off')"
    listed = "!document.getElementById('finding-0').classList.contains('hidden')"
    minor_listed = "!document.getElementById('finding-1').classList.contains('hidden')"
    assert devtools.js(hidden) is False and devtools.js(listed) is True
    devtools.click('.filters input[value="major"]')
    assert devtools.js(hidden) is True and devtools.js(listed) is False and devtools.js(minor_listed) is True
    devtools.click('.filters input[value="major"]')
    assert devtools.js(hidden) is False and devtools.js(listed) is True
    devtools.click('.filters input[value="Locale convention"]')  # the minor finding's category
    assert devtools.js(minor_listed) is False and devtools.js(listed) is True


def test_batch_index_sorts_by_clicked_column(tmp_path, devtools):
    from mtcheck.batch import BatchEntry
    from mtcheck.report.index import render_index

    entries = [
        BatchEntry("b-article", {}, "block", per_1000_words=12.5, by_severity={"critical": 1}),
        BatchEntry("a-article", {}, "publish", per_1000_words=3.0, by_severity={"critical": 0}),
        BatchEntry("c-article", {}, "error", error="cannot read <file>"),
    ]
    page = tmp_path / "index.html"
    page.write_text(render_index(entries, tmp_path), encoding="utf-8")
    devtools.open(page.as_uri())
    names = "[...document.querySelectorAll('#articles tbody tr')].map(r => r.cells[0].textContent)"
    assert devtools.js(names) == ["b-article", "a-article", "c-article"]
    devtools.click("#articles th:nth-child(1)")
    assert devtools.js(names) == ["a-article", "b-article", "c-article"]
    devtools.click("#articles th:nth-child(3)")  # MQM per 1,000 words, ascending; the error row has none
    assert devtools.js(names) == ["c-article", "a-article", "b-article"]
    devtools.click("#articles th:nth-child(3)")
    assert devtools.js(names) == ["b-article", "a-article", "c-article"]
