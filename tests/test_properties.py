"""Property-based tests (hypothesis): any bytes or text a user may give goes through decode →
segment → every target-only and bilingual check → all four reports, and

* only :class:`InputError` escapes (one line, exit 2 in the CLI), never another exception;
* every span and every piece of evidence equals ``text[start:end]`` of its side;
* the JSON report validates against its schema, SARIF against the official 2.1.0 schema, and
  JUnit parses.

Each property is bounded to a few seconds in CI (few examples, no shrinking deadline): the point is
a wide net of odd characters on every run, not an exhaustive search; ``benchmarks/fuzz.py`` runs
the same properties for as long as it is told to.
"""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mtcheck.config import Settings
from mtcheck.load import decode_bytes
from mtcheck.load.articles import article_from_text
from mtcheck.model import InputError, Report
from mtcheck.pipeline import check
from mtcheck.report.json_report import load_schema, report_to_dict
from mtcheck.report.junit import report_to_junit_xml
from mtcheck.report.sarif import report_to_sarif

SARIF_SCHEMA = json.loads((Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json").read_text("utf-8"))
WORDS_DE = [
    "Die",
    "Regierung",
    "hat",
    "am",
    "Montag",
    "19.",
    "März",
    "2025",
    "1.000,5",
    "Euro",
    "Autorin",
    "er",
    "sie",
    "nicht",
    "Nr.",
    "NATO",
    "Nato",
]
WORDS_DE += ["z. B.", "„Zitat“", "(Klammer", ")", "Meine News"]
WORDS_EN = [
    "The",
    "government",
    "said",
    "on",
    "Monday",
    "March",
    "19,",
    "2025",
    "1,000.5",
    "euros",
    "author",
    "he",
    "she",
    "not",
    "NATO",
    "billion",
]
WORDS_EN += ['"quote"', "(bracket", ")", "3 p.m."]
ODD = ["\u00ad", "\u200b", "\u202e", "\ufeff", "\u0308", "\x1c", "\x07", "\t", "\r", "\r\n", "\n\n"]
ODD += ["\x1b[2K", "😀", "ẞ", "\u2028", "<script>", "&amp;", "#", "- ", "1) ", "  ", "…", "«", "»", '"']
LIGHT = Settings(bt_model="none")  # no model downloads, no back-translation


def _text(words: list[str]) -> st.SearchStrategy[str]:
    piece = st.one_of(st.sampled_from(words), st.sampled_from(ODD), st.text(max_size=6))
    return st.lists(piece, min_size=6, max_size=60).map(" ".join)


def _assert_report_sound(report: Report) -> None:
    for side in ("target", "source"):
        article = report.article(side)
        if article is None:
            continue
        for sentence in article.sentences:
            assert article.text[sentence.start : sentence.end] == sentence.text
    for finding in report.findings:
        span = finding.target_span
        assert report.target.text[span.start : span.end] == span.text
        if finding.source_span is not None and report.source is not None:
            assert (
                report.source.text[finding.source_span.start : finding.source_span.end]
                == finding.source_span.text
            )
        for evidence in finding.evidence:
            article = report.article(evidence.side) if evidence.side else None
            if article is not None and evidence.start is not None:
                assert article.text[evidence.start : evidence.end] == evidence.text
    jsonschema.validate(report_to_dict(report), load_schema(), cls=jsonschema.Draft202012Validator)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(report_to_sarif(report))
    ET.fromstring(report_to_junit_xml(report))


def _check_or_input_error(target: str, source: str | None = None, fmt: str = "txt") -> None:
    try:
        report = check(
            article_from_text(target, "target", "de", fmt=fmt),
            source=article_from_text(source, "source", "en") if source is not None else None,
            settings=LIGHT,
        )
    except InputError:
        return
    _assert_report_sound(report)


#: benchmarks/fuzz.py sets MTCHECK_PROPERTY_EXAMPLES (many examples, a new seed each round); CI runs a
#: few, derandomized, so a red run is reproducible
_FUZZING = "MTCHECK_PROPERTY_EXAMPLES" in os.environ
FAST = settings(
    max_examples=int(os.environ.get("MTCHECK_PROPERTY_EXAMPLES", "12")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=not _FUZZING,
)


@FAST
@given(st.binary(max_size=400))
def test_any_bytes_decode_to_text_or_an_input_error(data: bytes) -> None:
    try:
        text, encoding = decode_bytes(data, "fuzz")
    except InputError:
        return
    assert isinstance(text, str) and encoding


@FAST
@given(_text(WORDS_DE))
def test_target_only_checks_and_reports_hold_on_odd_text(target: str) -> None:
    _check_or_input_error(target)


@FAST
@given(_text(WORDS_DE), _text(WORDS_EN))
def test_bilingual_checks_and_reports_hold_on_odd_text(target: str, source: str) -> None:
    _check_or_input_error(target, source)


@FAST
@given(_text(WORDS_DE), st.sampled_from(["md", "html"]))
def test_markdown_and_html_inputs_hold(target: str, fmt: str) -> None:
    body = f"<html><body><article><p>{target}</p></article></body></html>" if fmt == "html" else target
    _check_or_input_error(body, fmt=fmt)
