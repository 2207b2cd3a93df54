import json

import jsonschema
import pytest
from report_helpers import gender_report, make_article

from mtcheck.checks.engine import locate_pairs
from mtcheck.model import Report
from mtcheck.report.json_report import SCHEMA_VERSION, load_schema, report_to_dict, write_json


@pytest.fixture
def contract(tmp_path):
    """The gender report as JSON, validated against the published schema."""
    report = gender_report(tmp_path)
    data = report_to_dict(report)
    jsonschema.Draft202012Validator.check_schema(load_schema())
    jsonschema.validate(data, load_schema(), cls=jsonschema.Draft202012Validator)
    return report, data


def test_json_report_inputs_and_pairs(contract):
    _, data = contract
    assert data["schema_version"] == SCHEMA_VERSION == "2"
    assert data["inputs"]["present"] == ["target", "back_translation"]
    assert data["inputs"]["target"]["path"].endswith("target.de.txt")
    assert data["inputs"]["source"] is None
    assert data["inputs"]["back_translation"]["origin"] == "file:bt"
    first = data["pairs"][0]
    assert first["target"] == {"ids": [0], "spans": [{"start": 0, "end": 11}], "text": "Zur Autorin"}
    assert first["back_translation"]["text"] == "About the author"
    assert first["source"] is None


def test_json_report_findings_point_at_their_text(contract):
    report, data = contract
    gender = data["findings"][0]
    text = report.target.text
    span = gender["target_span"]
    assert span["text"] == text[span["start"] : span["end"]] == "Autorin"
    assert [e["text"] for e in gender["evidence"]] == ["Präsident", "er"]
    assert all(text[e["start"] : e["end"]] == e["text"] for e in gender["evidence"])
    assert gender["severity"] == "major" and gender["category"] == "Accuracy/Mistranslation"


def test_json_report_scores_mqm_and_verdict(contract):
    _, data = contract
    assert data["mqm"]["penalty"] == 6.0 and data["mqm"]["by_severity"]["major"] == 1
    assert data["scores"][0]["signature"].startswith("chrF2|nrefs:1|")
    assert data["scores"][0]["signature"].endswith(f"|version:mtcheck-{data['mtcheck_version']}")
    assert [f["ignored"] for f in data["findings"]] == [False, False]
    assert data["verdict"] == {
        "outcome": "block",
        "passed": False,
        "reasons": ["1 major finding (max 0)"],
        "checked": ["0 critical findings (max 0)"],
        "read_first": [],
    }
    assert [f["blocking"] for f in data["findings"]] == [True, False]


def test_schema_rejects_a_broken_report(tmp_path):
    data = report_to_dict(gender_report(tmp_path))
    data["findings"][0]["severity"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, load_schema(), cls=jsonschema.Draft202012Validator)


def test_target_only_report_validates():
    report = Report(target=make_article("Ein Satz. Noch einer.", "target", "de"))
    data = report_to_dict(report)
    jsonschema.validate(data, load_schema(), cls=jsonschema.Draft202012Validator)
    assert data["pairs"] == [] and data["mqm"]["penalty"] == 0 and data["verdict"] is None


def test_write_json_is_utf8_and_roundtrips(tmp_path):
    report = gender_report(tmp_path)
    out = tmp_path / "report.json"
    write_json(report, out)
    raw = out.read_text(encoding="utf-8")
    assert "Präsident" in raw  # not \u-escaped: editors read these files too
    assert json.loads(raw) == report_to_dict(report)
    assert not list(tmp_path.glob(".report.json.*.tmp"))


def test_the_example_article_report_validates_and_offsets_hold(example_report):
    data = report_to_dict(example_report)
    jsonschema.validate(data, load_schema(), cls=jsonschema.Draft202012Validator)
    text = example_report.target.text
    for finding in data["findings"]:
        span = finding["target_span"]
        assert text[span["start"] : span["end"]] == span["text"]
    for pair in data["pairs"]:
        for span, sentence_id in zip(pair["target"]["spans"], pair["target"]["ids"], strict=True):
            assert text[span["start"] : span["end"]] == example_report.target.sentences[sentence_id].text
    assert any("Autorin" in f["target_span"]["text"] for f in data["findings"])
    assert all(score["signature"] for score in data["scores"])


def test_report_files_get_normal_permissions(tmp_path):
    import os
    import stat

    out = tmp_path / "report.json"
    write_json(gender_report(tmp_path), out)
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~mask  # not mkstemp's 0600: others may read it
    out.chmod(0o640)
    write_json(gender_report(tmp_path), out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o640  # an existing file keeps its mode


def test_pair_is_the_one_the_engine_located_when_the_check_left_it_out(tmp_path):
    report = gender_report(tmp_path)
    for finding in report.findings:
        finding.pair = None
    locate_pairs(report, report.findings)
    assert [f["pair"] for f in report_to_dict(report)["findings"]] == [0, 3]
