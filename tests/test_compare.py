"""`mtcheck compare` on the team's corpora: terminal, JSON (validated against its schema) and HTML."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from conftest import CORPORA
from typer.testing import CliRunner

from mtcheck.cli import app
from mtcheck.compare import compare
from mtcheck.report.compare_json import comparison_to_dict, load_compare_schema

runner = CliRunner()
BANK = CORPORA / "central-bank"


def run(*args: str | Path):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def bank():
    """The corpus translation (with planted errors) against the human reference, as B."""
    return compare(
        BANK / "target.de.txt", BANK / "reference.de.txt", BANK / "source.en.txt", BANK / "reference.de.txt"
    )


def test_the_human_translation_wins_on_the_corpus(bank) -> None:
    assert bank.units == len(bank.a.source.sentences)
    by_name = {m.name: m.result for m in bank.metrics}
    mqm = by_name["MQM per 1,000 words"]
    assert not mqm.higher_is_better and mqm.a.value > mqm.b.value and mqm.p_value > 0.95
    chrf = by_name["chrF(mt,ref)"]  # B is the reference itself
    assert chrf.b.value == 100.0 and chrf.p_value > 0.95 and chrf.delta.high <= 0
    assert by_name["TER(mt,ref)"].higher_is_better is False
    assert bank.better()["chrF(mt,ref)"] == "b"
    checks_a = {f.check for f in bank.only_a}
    assert {"numbers.mismatch", "dates.changed"} <= checks_a  # the planted errors are A's alone
    fingerprints_b = {f.fingerprint for f in bank.b.findings}
    assert all(f.fingerprint not in fingerprints_b for f in bank.only_a)
    assert all(fa.fingerprint == fb.fingerprint for fa, fb in bank.both)
    assert 90 < bank.chrf_a_b < 100


def test_a_translation_compared_with_itself_is_a_tie() -> None:
    same = compare(BANK / "target.de.txt", BANK / "target.de.txt", BANK / "source.en.txt")
    assert same.chrf_a_b == 100.0
    assert not same.only_a and not same.only_b and len(same.both) == len(same.a.findings) > 0
    for metric in same.metrics:
        assert metric.result.p_value == 0.5 and metric.result.delta.low == metric.result.delta.high == 0.0
    assert set(same.better().values()) == {None}


def test_json_validates_and_matches_the_library(bank, tmp_path: Path) -> None:
    data = comparison_to_dict(bank)
    jsonschema.Draft202012Validator.check_schema(load_compare_schema())
    jsonschema.validate(data, load_compare_schema(), cls=jsonschema.Draft202012Validator)
    assert data["bootstrap"] == {
        "resamples": 1000,
        "seed": 12345,
        "confidence": 0.95,
        "over": "source sentences",
    }
    assert len(data["findings"]["only_a"]) == len(bank.only_a)
    broken = dict(data, units=0)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, load_compare_schema(), cls=jsonschema.Draft202012Validator)


def test_cli_compare_writes_terminal_json_and_html(tmp_path: Path) -> None:
    out_json, out_html = tmp_path / "c.json", tmp_path / "c.html"
    result = run(
        "compare", BANK / "target.de.txt", BANK / "reference.de.txt", "--source", BANK / "source.en.txt",
        "--json", out_json, "--html", out_html, "--resamples", "200",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "B is better" in result.stdout and "Only in A" in result.stdout
    data = json.loads(out_json.read_text("utf-8"))
    jsonschema.validate(data, load_compare_schema(), cls=jsonschema.Draft202012Validator)
    assert data["bootstrap"]["resamples"] == 200 and data["a"]["verdict"] == "block"
    html = out_html.read_text("utf-8")
    assert html.startswith("<!doctype html>") and "default-src 'none'" in html
    assert "<script" not in html and "http://" not in html and "https://" not in html
    assert "Only in A" in html and "numbers.mismatch" in html and '<mark class="f major' in html
    assert html.count("<tr class='differs'>") >= 1


def test_cli_compare_json_to_stdout_keeps_stdout_clean(tmp_path: Path) -> None:
    result = run("compare", BANK / "target.de.txt", BANK / "target.de.txt", "-s", BANK / "source.en.txt",
                 "--json", "-", "--resamples", "50")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["chrf_a_b"]["value"] == 100.0


@pytest.mark.parametrize(
    "extra, needle",
    [
        ([], "--source"),  # the source is required
        (["-s", BANK / "source.en.txt", "-b", BANK / "source.en.txt"], "give -b twice"),
        (["-s", BANK / "source.en.txt", "--json", BANK / "source.en.txt"], "over an input"),
        (["-s", BANK / "missing.en.txt"], "file not found"),
        (["-s", BANK / "target.de.txt"], "english"),  # German given as the source
    ],
)
def test_cli_compare_bad_input_is_one_line_exit_2(extra: list, needle: str) -> None:
    result = run("compare", BANK / "target.de.txt", BANK / "reference.de.txt", *extra)
    assert result.exit_code == 2, result.output
    assert needle.lower() in (result.stderr + result.output).lower()
    assert "Traceback" not in result.output


def test_shared_models_give_both_runs_one_comet_and_metricx_scorer(tmp_path: Path) -> None:
    """Inside shared_models() (what compare opens around its two checks) a COMET or MetricX model is
    built once; outside, every run builds its own, as before."""
    from types import SimpleNamespace

    from mtcheck.config import Settings
    from mtcheck.metrics.comet import _comet_metric
    from mtcheck.metrics.metricx import _metricx_metric
    from mtcheck.shared import shared_models

    (tmp_path / "config.json").write_text("{}", encoding="utf-8")  # what the scorer checks when built
    (tmp_path / "spiece.model").write_bytes(b"")
    run = SimpleNamespace(settings=Settings(comet_model="org/some-comet", metricx_model=str(tmp_path)))
    with shared_models():
        assert _comet_metric(run).scorer is _comet_metric(run).scorer  # type: ignore[arg-type, union-attr]
        assert _metricx_metric(run).scorer is _metricx_metric(run).scorer  # type: ignore[arg-type, union-attr]
    assert _comet_metric(run).scorer is not _comet_metric(run).scorer  # type: ignore[arg-type, union-attr]
