import re
from html.parser import HTMLParser

from report_helpers import gender_report, make_article, span_of

from mtcheck.model import AlignedPair, Category, Evidence, Finding, Report, Severity
from mtcheck.report.html import render_html, write_html

PAYLOAD = "<script>document.title='pwned'</script><img src=x onerror=\"document.body.dataset.pwned=1\">"


class _Collector(HTMLParser):
    """Every start tag with its attributes, and the text inside each <mark>."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.marks: list[tuple[dict, str]] = []
        self._open: list[dict] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "mark":
            self._open.append(dict(attrs))
            self.marks.append((self._open[-1], ""))

    def handle_endtag(self, tag):
        if tag == "mark":
            self._open.pop()

    def handle_data(self, data):
        if self._open:
            attrs, text = self.marks[-1]
            self.marks[-1] = (attrs, text + data)


def _parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    return collector


def test_finding_is_highlighted_at_its_exact_characters_with_evidence(tmp_path):
    report = gender_report(tmp_path)
    page = _parse(render_html(report))
    findings = [(a, t) for a, t in page.marks if "f" in a.get("class", "").split()]
    assert ({"class": "f major", "data-f": "0"}.items() <= findings[0][0].items()) and findings[0][
        1
    ] == "Autorin"
    title = findings[0][0]["title"]  # the hover text
    assert (
        "'Autorin' (feminine)" in title and "«Präsident», «er»" in title and "suggestion: Zum Autor" in title
    )
    evidence = [t for a, t in page.marks if a.get("data-ev") == "0"]
    assert evidence == ["Präsident", "er"]
    assert any(a.get("data-f") == "1" and t == "19. März 2025" for a, t in page.marks)


def test_summary_scores_bars_and_chart(tmp_path):
    report = gender_report(tmp_path)
    html = render_html(report)
    assert "222.2</span> per 1,000 words" in html  # 6 points over 27 words, one decimal
    assert "nrefs:1|case:mixed" in html  # document score signature
    assert html.count('<div class="bar') == 2 * len(report.pairs)  # similarity + chrF per pair
    svg = re.search(r"<svg.*?</svg>", html, re.S).group()
    assert svg.count("<rect") == len(report.pairs) and 'class="bar major"' in svg
    assert '<span class="verdict block">BLOCK</span>' in html and "<li>1 major finding (max 0)</li>" in html
    report.verdict = None
    assert "not gated" in render_html(report)


def test_overlapping_spans_are_cut_at_every_boundary():
    target = make_article("Der Präsident des Landes sprach.", "target", "de")
    report = Report(target=target)
    first = span_of(target, "Der Präsident")
    second = span_of(target, "Präsident des Landes")
    report.findings += [
        Finding("a.one", Category.TERMINOLOGY, Severity.MINOR, "one", first),
        Finding("b.two", Category.MISTRANSLATION, Severity.CRITICAL, "two", second),
    ]
    marks = [(a["data-f"], a["class"], t) for a, t in _parse(render_html(report)).marks]
    assert marks == [
        ("0", "f minor", "Der "),
        ("0 1", "f critical", "Präsident"),
        ("1", "f critical", " des Landes"),
    ]


def test_omission_is_shown_as_a_gap_with_its_marker():
    target = make_article("Eins. Drei.", "target", "de")
    source = make_article("One. Two. Three.", "source", "en")
    report = Report(target=target, source=source)
    report.pairs = [
        AlignedPair(0, (0,), (0,), kind="1-1"),
        AlignedPair(1, (1,), (), kind="1-0"),
        AlignedPair(2, (2,), (1,), kind="1-1"),
    ]
    report.findings.append(
        Finding("omission", Category.OMISSION, Severity.MAJOR, "'Two.' is missing", target.span(6, 6), pair=1)
    )
    html = render_html(report)
    row = re.search(r'<tr class="pair kind-1-0" id="pair-1">(.*?)</tr>', html, re.S).group(1)
    assert 'class="insert major" data-f="0"' in row and "missing in the translation" in row
    assert html.count('class="insert') == 1


def test_article_text_and_messages_are_escaped():
    target = make_article(f"Titel {PAYLOAD} Ende.", "target", "de")
    back = make_article(f"Title {PAYLOAD} end.", "back_translation", "en")
    report = Report(target=target, back_translation=back)
    report.pairs = [AlignedPair(0, (), (0,), (0,))]
    report.findings.append(
        Finding(
            "x.y",
            Category.STYLE,
            Severity.MINOR,
            f"message {PAYLOAD}",
            span_of(target, "<script>"),
            evidence=[Evidence(PAYLOAD, None, None, None, f"note {PAYLOAD}")],
            suggestion=PAYLOAD,
        )
    )
    html = render_html(report)
    tags = _parse(html).tags
    assert [t for t, _ in tags].count("script") == 1  # ours only
    assert not any(t == "img" for t, _ in tags)
    assert not any(name.startswith("on") for _, attrs in tags for name in attrs)
    assert "&lt;script&gt;document.title=&#x27;pwned&#x27;&lt;/script&gt;" in html


def test_self_contained_no_external_requests(tmp_path):
    report = gender_report(tmp_path)
    report.target = make_article("Mehr unter https://example.org/x lesen.", "target", "de")
    report.pairs, report.findings = report.pairs[:1], []
    html = render_html(report)
    assert "https://example.org/x" in html  # a URL in the article is shown as text, never requested
    assert not re.search(r"""(src|href|action|xlink:href)\s*=\s*["']?\s*(https?:|//)""", html, re.I)
    assert not re.search(r"@import|url\(", html, re.I)
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    out = tmp_path / "r.html"
    write_html(report, out)
    assert out.read_text("utf-8") == html


def test_target_only_report_renders_blocks():
    report = Report(target=make_article("Erster Absatz.\nZweiter Absatz.", "target", "de"))
    html = render_html(report)
    assert 'id="block-0"' in html and 'id="block-1"' in html and "<svg" not in html
    assert "No findings." in html


def test_source_spans_and_evidence_on_other_sides_are_marked():
    source = make_article("The author was president.", "source", "en")
    target = make_article("Die Autorin war Präsident.", "target", "de")
    back = make_article("The author was president.", "back_translation", "en")
    report = Report(target=target, source=source, back_translation=back)
    report.pairs = [AlignedPair(0, (0,), (0,), (0,), kind="1-1")]
    report.findings.append(
        Finding(
            "gender.agreement",
            Category.MISTRANSLATION,
            Severity.MAJOR,
            "feminine for a man",
            span_of(target, "Autorin"),
            source_span=span_of(source, "author"),
            evidence=[
                Evidence("president", *_where(back, "president"), "back_translation", "in the round trip")
            ],
        )
    )
    marks = [
        (a.get("class"), a.get("data-f"), a.get("data-ev"), t) for a, t in _parse(render_html(report)).marks
    ]
    assert ("f major src", "0", None, "author") in marks
    assert ("f major", "0", None, "Autorin") in marks
    assert ("ev", None, "0", "president") in marks


def test_a_gap_between_paragraphs_is_shown_at_the_end_of_the_paragraph_before():
    target = make_article("Erster Absatz.\n\nZweiter Absatz.", "target", "de")
    report = Report(target=target)
    report.findings.append(
        Finding("omission", Category.OMISSION, Severity.MAJOR, "missing", target.span(15, 15))
    )
    html = render_html(report)
    row = re.search(r'<tr class="pair" id="block-0">(.*?)</tr>', html, re.S).group(1)
    assert 'class="insert major" data-f="0"' in row


def _where(article, text):
    span = span_of(article, text)
    return span.start, span.end


def test_metric_bars_mark_lower_is_better(tmp_path):
    report = gender_report(tmp_path)
    for pair in report.pairs:
        pair.scores = {"similarity(mt,bt)": 0.8, "TER(bt,src)": 40.0, "mtcheck-qe": 90.0, "metricx": 3.0}
    html = render_html(report)
    assert html.count('<div class="bar') == 4 * len(report.pairs)
    # TER and MetricX: lower is better (the one rule of mtcheck.metrics.base)
    assert html.count('<div class="bar lower"') == 2 * len(report.pairs)
    # similarity is charted, not the quality estimate (it does not transfer across data sets)
    assert "<h2>similarity(mt,bt) along the article" in html


def test_at_most_four_score_bars_per_pair_preferred_first(tmp_path):
    report = gender_report(tmp_path)
    names = [
        "BLEU(bt,src)",
        "TER(bt,src)",
        "chrF(bt,src)",
        "chrF++(bt,src)",
        "similarity(mt,bt)",
        "mtcheck-qe",
    ]
    for pair in report.pairs:
        pair.scores = {name: 50.0 if "similarity" not in name else 0.5 for name in names}
    row = re.search(r'<td class="bars">(.*?)</td>', render_html(report), re.S).group(1)
    shown = re.findall(r"<div class=\"bar[^\"]*\" title=\"[^\"]*\"><span>([^<]*)</span>", row)
    assert shown == ["similarity(mt,bt)", "chrF(bt,src)", "mtcheck-qe", "BLEU(bt,src)"]


def test_bidi_overrides_and_control_characters_are_shown_not_obeyed():
    """Issue 11, item 13: U+202E reverses what follows in a browser; ESC and C1 controls are invisible."""
    from mtcheck.report.json_report import report_to_dict

    text = "Der Preis: \u202e0001\u202c Euro.\nDas \x1b[31mrote\x1b[0m Ende \u2066x\u2069 \x85."
    target = make_article(text, "target", "de")
    report = Report(target=target)
    span = span_of(target, "\u202e0001\u202c")
    report.findings.append(Finding("x.y", Category.STYLE, Severity.MINOR, "bidi \u202eoverride", span))
    html = render_html(report)
    for hidden in ("\u202e", "\u202c", "\u2066", "\u2069", "\x1b", "\x85"):
        assert hidden not in html, repr(hidden)
    assert "⟨U+202E⟩0001⟨U+202C⟩" in _parse(html).marks[0][1]
    assert "⟨U+001B⟩[31mrote" in html and "bidi ⟨U+202E⟩override" in html
    finding = report_to_dict(report)["findings"][0]  # the JSON keeps the text and its offsets
    assert finding["target_span"] == {"start": span.start, "end": span.end, "text": "\u202e0001\u202c"}
    assert text[finding["target_span"]["start"] : finding["target_span"]["end"]] == "\u202e0001\u202c"
