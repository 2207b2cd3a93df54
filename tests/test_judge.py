"""The LLM judge without a model: parsing and anchoring on responses recorded from the real server
(tests/fixtures/llm, llama-cpp-python 0.3.36 with Gemma 3 270M), and the whole judge path against a
stdlib server that replays them: requests, retry, cache, failures, budget, privacy, gate policies.

The recorded answers come from a base model: well-formed JSON with wrong content (quotes of the
prompt's example, errors invented in a correct sentence). That is what makes them good edge cases.
"""

from __future__ import annotations

import json

import jsonschema
import pytest
from llm_servers import recorded, replay_server
from report_helpers import make_article

from mtcheck.checks.engine import apply_second_opinions, run_checks
from mtcheck.config import GateSettings, JudgeSettings, Settings, settings_from_mapping
from mtcheck.gate import evaluate, not_counted
from mtcheck.judge import client
from mtcheck.judge.anchor import CONFIDENCE, anchor, locate
from mtcheck.judge.client import EndpointError, chat, endpoint_from_settings, is_local
from mtcheck.judge.parse import MalformedAnswer, parse_answer
from mtcheck.judge.runner import Judge
from mtcheck.judge.schema import ANSWER_SCHEMA, CATEGORIES, constrain, schema_to_gbnf
from mtcheck.model import AlignedPair, Category, Finding, InputError, Outcome, Report, Severity, Span
from mtcheck.pipeline import judge_stage
from mtcheck.report.html import render_html
from mtcheck.report.json_report import load_schema, report_to_dict
from mtcheck.run import Run

SOURCE = "The company reported a profit of 5 million dollars.\nThe weather will be sunny tomorrow."
TARGET = "Das Unternehmen meldete einen Verlust von 5 Millionen Dollar.\nMorgen wird es sonnig."


def _content(name: str) -> tuple[str, str | None]:
    choice = json.loads(recorded(name)[1])["choices"][0]
    return choice["message"]["content"], choice["finish_reason"]


def _report() -> Report:
    source, target = make_article(SOURCE, "source", "en"), make_article(TARGET, "target", "de")
    pairs = [AlignedPair(i, source_ids=(i,), target_ids=(i,), kind="1-1") for i in range(2)]
    return Report(target=target, source=source, pairs=pairs)


def _settings(url: str, tmp_path, **judge: object) -> Settings:
    options = {"url": url, "model": "gemma-3-270m", "response_format": "json_object", "timeout": 10.0}
    return Settings(cache_dir=tmp_path / "cache", judge=JudgeSettings(enabled=True, **{**options, **judge}))


def _judged(settings: Settings, report: Report | None = None) -> Run:
    run = Run.prepare(report or _report(), settings)
    judge_stage(run)
    run_checks(run)
    return run


# --- parsing ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, quoted, dropped",
    [
        ("mqm_profit_loss_fewshot_json_object_schema", ["5 Millionen"], 0),
        ("mqm_profit_loss_fewshot_raw_grammar", ["5 Millionen"], 0),
        ("mqm_correct_fewshot_two_examples_hallucinated_error", ["Sonnig"], 0),
        ("mqm_correct_fewshot_empty_example_empty_errors", [], 0),
        # five identical items with empty strings: merged into one, which quotes nothing and is dropped
        ("mqm_profit_loss_zeroshot_json_object_schema", [], 1),
    ],
)
def test_recorded_answers_parse_strictly(name, quoted, dropped):
    answer = parse_answer(*_content(name))
    assert [e.target_text for e in answer.errors] == quoted
    assert answer.dropped == dropped
    assert all(e.category in CATEGORIES for e in answer.errors)


def test_an_answer_cut_at_the_token_limit_is_malformed():
    content, finish = _content("mqm_profit_loss_truncated_max_tokens_20")
    assert finish == "length"
    with pytest.raises(MalformedAnswer, match="cut off"):
        parse_answer(content, finish)
    full = json.dumps({"errors": []})
    with pytest.raises(MalformedAnswer, match="cut off"):  # even when what came back happens to parse
        parse_answer(full, "length")


@pytest.mark.parametrize(
    "content, problem",
    [
        ("not json", "not JSON"),
        ('{"errors": [], "score": 3}', "exactly one key"),
        ('{"errors": {}}', "not a list"),
        ('{"errors": [{"target_text": "x"}]}', "wrong fields"),
        ('{"errors": [' + ",".join(['{"target_text": "a"}'] * 6) + "]}", "more than the 5"),
    ],
)
def test_shapes_the_schema_forbids_are_malformed(content, problem):
    with pytest.raises(MalformedAnswer, match=problem):
        parse_answer(content)


def test_unknown_category_or_severity_is_malformed():
    item = dict.fromkeys(("target_text", "source_text", "explanation", "correction"), "x")
    for bad in (
        {"category": "accuracy/wrong", "severity": "major"},
        {"category": "style", "severity": "huge"},
    ):
        with pytest.raises(MalformedAnswer, match="unknown"):
            parse_answer(json.dumps({"errors": [{**item, **bad}]}))


def test_the_openai_json_schema_rejection_is_an_endpoint_error():
    """llama-cpp-python answers response_format json_schema with HTTP 500 (recorded body)."""
    _, body = recorded("mqm_profit_loss_openai_json_schema_rejected")
    with replay_server([(500, body)]) as (url, _seen):
        endpoint = endpoint_from_settings(JudgeSettings(url=url, model="m"))
        with pytest.raises(EndpointError, match="HTTP 500.*json_object"):
            chat(endpoint, {"messages": []})


# --- request forms ---------------------------------------------------------------------------------


def test_the_three_request_forms_carry_the_same_schema():
    body = {"messages": []}
    openai = constrain(body, "json_schema")["response_format"]
    assert openai["type"] == "json_schema" and openai["json_schema"]["schema"] == ANSWER_SCHEMA
    llama = constrain(body, "json_object")["response_format"]
    assert llama == {"type": "json_object", "schema": ANSWER_SCHEMA}
    grammar = constrain(body, "grammar")["grammar"]
    assert "response_format" not in constrain(body, "grammar")
    for label in CATEGORIES:
        assert json.dumps(json.dumps(label)) in grammar  # every category is a literal of the grammar
    assert grammar == schema_to_gbnf(ANSWER_SCHEMA) and grammar.startswith("char ::=")


# --- anchoring -------------------------------------------------------------------------------------


def test_anchoring_exact_normalised_fuzzy_and_not_at_all():
    text = "Morgen wird es sonnig, sagte der „Wetterdienst“ am Montag."
    assert anchor("sonnig", text).method == "exact"
    found = anchor("Sonnig", text)  # recorded: the judge capitalised the word
    assert (found.method, text[found.start : found.end]) == ("normalised", "sonnig")
    found = anchor('"Wetterdienst"', text)
    assert (found.method, text[found.start : found.end]) == ("normalised", "„Wetterdienst“")
    found = anchor("Wetterdinst", text)
    assert found.method == "fuzzy" and text[found.start : found.end] == "Wetterdienst" and found.score < 100
    assert anchor("Sonntag", text) is None  # recorded correction, not in the text: never guessed
    assert anchor("  ", text) is None


def test_a_quote_that_cuts_a_word_marks_the_whole_word():
    text = "einen Verlust von 5 Millionen Dollar"
    found = anchor("5 Million", text)
    assert text[found.start : found.end] == "5 Millionen"
    found = anchor(",", "Wort, Wort")  # punctuation stays punctuation
    assert (found.start, found.end) == (4, 5)


def test_an_unanchored_quote_covers_the_whole_pair_at_lower_confidence():
    report = _report()
    located = locate(report, report.pairs[0], "10 Uhr", "8 o'clock", omission=False)  # recorded hallucination
    whole = report.pair_span(report.pairs[0], "target")
    assert located.target_span == whole and located.source_span is None
    assert located.confidence == CONFIDENCE["unanchored"]
    assert "not in the translation" in located.evidence[0].note and located.evidence[0].start is None


def test_an_omission_is_anchored_in_the_source():
    report = _report()
    located = locate(report, report.pairs[1], "", "tomorrow", omission=True)
    assert located.source_span.text == "tomorrow"
    assert located.target_span == report.pair_span(report.pairs[1], "target")
    assert located.confidence == CONFIDENCE["source"]
    assert located.evidence[0].side == "source" and "missing" in located.evidence[0].note


# --- the judge against replayed answers --------------------------------------------------------------


def _ok(name: str) -> tuple[int, bytes]:
    return 200, recorded(name)[1]


def test_whole_judge_path_on_replayed_answers_then_the_cache(tmp_path):
    answers = [
        _ok("mqm_profit_loss_fewshot_json_object_schema"),
        _ok("mqm_correct_fewshot_two_examples_hallucinated_error"),
    ]
    with replay_server(answers) as (url, seen):
        run = _judged(_settings(url, tmp_path))
        first = [
            (f.check, f.target_span.text, f.suggestion, f.confidence, f.model) for f in run.report.findings
        ]
        assert len(seen) == 2 and run.judgement.stats.calls == 2
        body = seen[0]["body"]
        assert body["model"] == "gemma-3-270m" and body["temperature"] == 0 and body["seed"] == 42
        assert body["response_format"] == {"type": "json_object", "schema": ANSWER_SCHEMA}
        asked = body["messages"][-1]["content"]
        assert (
            "SOURCE (English): The company reported" in asked
            and "TRANSLATION (German): Das Unternehmen" in asked
        )
        assert "CONTEXT (German): Morgen wird es sonnig." in asked  # the next pair as context
        assert seen[0]["path"] == "/v1/chat/completions"
        again = _judged(_settings(url, tmp_path))
        assert len(seen) == 2, "a re-run makes no call"
        assert again.judgement.stats.cached == 2 and again.judgement.stats.calls == 0
        assert [
            (f.check, f.target_span.text, f.suggestion, f.confidence, f.model) for f in again.report.findings
        ] == first
    assert first == [
        # "5 Millionen" quoted exactly; the "correction" repeats it, so there is no suggestion
        ("judge.mistranslation", "5 Millionen", None, CONFIDENCE["exact"], "gemma-3-270m"),
        # "Sonnig" is "sonnig" in the text
        ("judge.mistranslation", "sonnig", "Sonntag", CONFIDENCE["normalised"], "gemma-3-270m"),
    ]
    finding = run.report.findings[0]
    assert finding.severity is Severity.MAJOR and finding.category is Category.MISTRANSLATION
    assert finding.message == "The company reported a loss." and finding.pair == 0
    assert finding.ignored  # [gate] judge = "review-only" by default


def test_a_cut_off_answer_is_asked_again_once(tmp_path):
    answers = [
        _ok("mqm_profit_loss_truncated_max_tokens_20"),
        _ok("mqm_profit_loss_fewshot_json_object_schema"),
    ]
    report = _report()
    report.pairs = report.pairs[:1]
    with replay_server(answers) as (url, seen):
        run = _judged(_settings(url, tmp_path, max_tokens=64), report)
    assert len(seen) == 2 and run.judgement.stats.retries == 1
    retry = seen[1]["body"]
    assert retry["max_tokens"] == 128  # room for the longer answer
    assert "cannot be used (the answer was cut off" in retry["messages"][-1]["content"]
    assert [f.target_span.text for f in run.report.findings] == ["5 Millionen"]
    assert not run.report.warnings


def test_malformed_twice_is_one_warning_and_not_asked_again(tmp_path):
    report = _report()
    with replay_server([_ok("mqm_profit_loss_truncated_max_tokens_20")]) as (url, seen):
        run = _judged(_settings(url, tmp_path), report)
        assert len(seen) == 4  # two pairs, each asked twice
        assert [w for w in report.warnings if "malformed twice" in w] == [
            "LLM judge (gemma-3-270m at "
            + url
            + "/chat/completions): 2 of 2 answers malformed twice and not "
            "used (the answer was cut off at the token limit)"
        ]
        assert run.report.findings == []
        _judged(_settings(url, tmp_path))
        assert len(seen) == 4  # the settled outcome is cached too


def test_a_server_error_is_one_warning_with_the_fix_and_the_check_finishes(tmp_path):
    _, body = recorded("mqm_profit_loss_openai_json_schema_rejected")
    with replay_server([(500, body)]) as (url, _seen):
        run = _judged(_settings(url, tmp_path, response_format="json_schema"))
        (warning,) = run.report.warnings
        assert "2 of 2 pairs not judged: HTTP 500" in warning and 'response-format = "json_object"' in warning
        assert run.report.findings == []
        with pytest.raises(InputError, match="not judged: HTTP 500"):
            _judged(_settings(url, tmp_path, response_format="json_schema", require=True))


def test_max_chars_per_run_stops_sending(tmp_path):
    with replay_server([_ok("mqm_correct_fewshot_empty_example_empty_errors")]) as (url, seen):
        run = _judged(_settings(url, tmp_path, max_chars_per_run=300))
    assert len(seen) == 1 and run.judgement.stats.skipped == 1
    assert any("1 of 2 pairs not judged: max-chars-per-run (300) reached" in w for w in run.report.warnings)


def test_text_sent_off_this_machine_is_reported(tmp_path, monkeypatch):
    monkeypatch.setattr(client, "is_local", lambda url: False)  # as if the endpoint were elsewhere
    with replay_server([_ok("mqm_profit_loss_fewshot_json_object_schema")]) as (url, _seen):
        run = _judged(_settings(url, tmp_path))
    report = run.report
    (transfer,) = report.sent_to
    assert transfer.purpose == "judge" and transfer.model == "gemma-3-270m" and transfer.characters > 100
    assert report.warnings[0].startswith(f"privacy: article text was sent to {url}/chat/completions")
    data = report_to_dict(report)
    jsonschema.validate(data, load_schema())
    assert data["inputs"]["sent_to"][0]["purpose"] == "judge"
    assert {f["model"] for f in data["findings"]} == {"gemma-3-270m"}


def test_the_api_key_goes_in_the_header_and_nowhere_else(tmp_path, monkeypatch):
    monkeypatch.setenv("MTCHECK_TEST_KEY", "sk-secret-123")
    with replay_server([_ok("mqm_correct_fewshot_empty_example_empty_errors")]) as (url, seen):
        run = _judged(_settings(url, tmp_path, api_key_env="MTCHECK_TEST_KEY"))
    assert seen[0]["headers"]["Authorization"] == "Bearer sk-secret-123"
    assert "sk-secret" not in json.dumps(report_to_dict(run.report))
    monkeypatch.delenv("MTCHECK_TEST_KEY")
    with pytest.raises(InputError, match="MTCHECK_TEST_KEY.*not set"):
        Run.prepare(_report(), _settings(url, tmp_path, api_key_env="MTCHECK_TEST_KEY"))


def test_a_refused_connection_is_a_warning(tmp_path):
    from llm_servers import free_port

    run = _judged(_settings(f"http://127.0.0.1:{free_port()}/v1", tmp_path))
    assert "2 of 2 pairs not judged: cannot connect" in run.report.warnings[0]


# --- gate, supersession, reports ---------------------------------------------------------------------


def _judge_finding(report: Report, text: str, severity: Severity = Severity.MAJOR) -> Finding:
    start = report.target.text.index(text)
    return Finding(
        "judge.mistranslation", Category.MISTRANSLATION, severity, "Profit, not loss.",
        Span(start, start + len(text), text), pair=0, model="gemma-3-270m",
    )  # fmt: skip


@pytest.mark.parametrize("policy", ["count", "review-only", "ignore"])
def test_gate_policy_for_judge_findings(policy):
    report = _report()
    report.findings = [_judge_finding(report, "Verlust")]
    gate = GateSettings(judge=policy, min_similarity=0)  # the hand-made report has no similarity
    from mtcheck.checks.engine import mark_ignored

    mark_ignored(report.findings, not_counted(gate))
    verdict = evaluate(report, gate)
    review = [r for r in verdict.reasons if "to review" in r]
    if policy == "count":
        assert verdict.outcome is Outcome.BLOCK and verdict.reasons[0] == "1 major finding (max 0)"
        assert not review and report.mqm.penalty == 5
    elif policy == "review-only":  # an editor reads it; it never blocks and never counts
        assert verdict.outcome is Outcome.REVIEW and verdict.passed and report.mqm.penalty == 0
        assert review == ['1 LLM judge finding (gemma-3-270m) to review ([gate] judge = "review-only")']
        assert "finding of ignored checks" not in " ".join(verdict.checked)
    else:
        assert verdict.outcome is Outcome.PUBLISH and report.mqm.penalty == 0 and not review
        assert "1 finding of ignored checks not counted" in verdict.checked


def test_a_rule_finding_of_the_same_category_absorbs_the_judge_finding():
    report = _report()
    judge = _judge_finding(report, "Verlust")
    rule = Finding("numbers.mismatch", Category.MISTRANSLATION, Severity.MAJOR, "rule", judge.target_span)
    other_category = Finding(
        "typography.spaces", Category.PUNCTUATION, Severity.MINOR, "x", judge.target_span
    )
    kept = apply_second_opinions([judge, rule, other_category])
    assert kept == [rule, other_category]
    assert "the LLM judge (gemma-3-270m) marks this too: Profit, not loss." in rule.evidence[-1].note
    alone = _judge_finding(report, "Dollar")
    assert apply_second_opinions([alone, rule]) == [alone, rule]  # no overlap: both stay


def test_html_marks_model_findings_with_the_model_name():
    report = _report()
    report.findings = [_judge_finding(report, "Verlust")]
    page = render_html(report)
    assert "model finding: gemma-3-270m" in page and "found by a language model" in page


# --- settings --------------------------------------------------------------------------------------


def test_judge_table_in_mtcheck_toml():
    settings = settings_from_mapping(
        {
            "judge": {"enabled": True, "url": "http://gpu-box:8000/v1", "model": "qwen", "api-key-env": "K",
                      "timeout": 30, "max-concurrency": 2, "max-chars-per-run": 5000,
                      "response-format": "grammar"},
            "gate": {"judge": "count"},
        }
    )  # fmt: skip
    judge = settings.judge
    assert (judge.url, judge.model, judge.api_key_env, judge.timeout) == (
        "http://gpu-box:8000/v1",
        "qwen",
        "K",
        30.0,
    )
    assert (judge.max_concurrency, judge.max_chars_per_run, judge.response_format) == (2, 5000, "grammar")
    assert settings.gate.judge == "count" and Settings().gate.judge == "review-only"
    assert not Settings().judge.enabled  # off by default: no text leaves the machine unasked


@pytest.mark.parametrize(
    "data, message",
    [
        ({"judge": {"api-key": "sk-1"}}, "never put a key in the file"),
        ({"judge": {"response-format": "xml"}}, "response-format must be one of"),
        ({"gate": {"judge": "maybe"}}, "judge must be one of count, review-only, ignore"),
        ({"judge": {"max-concurrency": 0}}, "max-concurrency"),
        ({"judge": {"urll": "x"}}, "unknown setting"),
    ],
)
def test_bad_judge_settings_are_one_line_input_errors(data, message):
    with pytest.raises(InputError, match=message):
        settings_from_mapping(data)


def test_endpoint_needs_url_and_model():
    with pytest.raises(InputError, match="no url"):
        endpoint_from_settings(JudgeSettings(model="m"))
    with pytest.raises(InputError, match="no model"):
        endpoint_from_settings(JudgeSettings(url="http://127.0.0.1:1/v1"))
    endpoint = endpoint_from_settings(JudgeSettings(url="http://127.0.0.1:1/v1/", model="m"))
    assert endpoint.url == "http://127.0.0.1:1/v1/chat/completions"


def test_which_endpoints_are_on_this_machine():
    for url in ("http://127.0.0.1:8080/v1", "http://localhost:11434/v1", "http://[::1]:8000/v1"):
        assert is_local(url), url
    assert not is_local("https://api.example.invalid/v1")  # cannot be resolved: not this machine
    assert not is_local("http://10.1.2.3:8000/v1") or "10.1.2.3" in client._own_addresses()


def test_judge_is_skipped_without_a_source_or_when_disabled(tmp_path):
    with replay_server([_ok("mqm_correct_fewshot_empty_example_empty_errors")]) as (url, seen):
        report = _report()
        report.source = None
        run = Run.prepare(report, _settings(url, tmp_path))
        judge_stage(run)
        assert run.judgement is None and report.warnings == [
            "LLM judge skipped: it needs the English source (--source)"
        ]
        with pytest.raises(InputError, match="needs the English source"):
            judge_stage(Run.prepare(report, _settings(url, tmp_path, require=True)))
        settings = _settings(url, tmp_path)
        settings.disabled_checks = ["judge"]
        run = Run.prepare(_report(), settings)
        judge_stage(run)
        assert run.judgement is None and not seen


def test_judge_class_counts_usage(tmp_path):
    with replay_server([_ok("mqm_profit_loss_fewshot_json_object_schema")]) as (url, _seen):
        judgement = Judge(_settings(url, tmp_path)).run(_report())
    assert judgement.stats.prompt_tokens == 2 * 171 and judgement.stats.completion_tokens == 2 * 58
    assert judgement.stats.characters_sent > 0 and judgement.stats.seconds >= 0
