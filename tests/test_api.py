"""The public API exported from ``mtcheck``: the names the README promises, working end to end."""

from __future__ import annotations

import jsonschema
import pytest

import mtcheck
from mtcheck.report.json_report import load_schema

PUBLIC = {"check", "Report", "Finding", "InputError", "article_from_text", "report_to_dict", "__version__"}


def test_the_public_names_are_exported():
    assert set(mtcheck.__all__) >= PUBLIC
    assert all(hasattr(mtcheck, name) for name in PUBLIC)


def test_check_text_in_memory_and_get_the_documented_json():
    target = mtcheck.article_from_text(
        "Zur Autorin\n\nLaurie Bristow ist Präsident des Hughes Hall College. "
        "Von 2016 bis 2020 war er Botschafter in Russland.",
        "target",
    )
    report = mtcheck.check(target)
    assert isinstance(report, mtcheck.Report)
    (finding,) = [f for f in report.findings if f.check == "gender.agreement"]
    assert isinstance(finding, mtcheck.Finding) and finding.target_span.text == "Zur Autorin"
    data = mtcheck.report_to_dict(report)
    jsonschema.validate(data, load_schema(), cls=jsonschema.Draft202012Validator)
    assert data["findings"][0]["check"] == "gender.agreement" and data["mqm"]["penalty"] == 5


def test_bad_input_is_an_input_error():
    with pytest.raises(mtcheck.InputError, match="empty"):
        mtcheck.article_from_text("   ", "target")
