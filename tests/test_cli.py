"""The command line as a user meets it: exit codes, one-line errors, files never half-written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtcheck.cli import app, run_cli

runner = CliRunner()
GERMAN = (
    "Die Regierung hat am Dienstag einen neuen Haushalt vorgelegt. Er sieht höhere Ausgaben für Schulen vor. "
    "Die Opposition kritisierte den Plan scharf und kündigte Widerstand im Parlament an.\n"
)
ENGLISH = (
    "The government presented a new budget on Tuesday. It provides for higher spending on schools. "
    "The opposition sharply criticised the plan and announced resistance in parliament.\n"
)


def run(*args: str | Path):
    return runner.invoke(app, [str(a) for a in args])


def assert_one_line_error(result, *needles: str) -> None:
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output + result.stderr
    for needle in needles:
        assert needle.lower() in lines[0].lower(), lines[0]


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    de, en = tmp_path / "a.de.txt", tmp_path / "a.en.txt"
    de.write_text(GERMAN, encoding="utf-8")
    en.write_text(ENGLISH, encoding="utf-8")
    return de, en


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0 and result.stdout.startswith("mtcheck ")


def test_missing_file(tmp_path: Path) -> None:
    assert_one_line_error(run("check", tmp_path / "nope.txt"), "nope.txt")


def test_directory_instead_of_file(tmp_path: Path) -> None:
    assert_one_line_error(run("check", tmp_path), "folder")


def test_empty_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    assert_one_line_error(run("check", empty), "empty")


def test_binary_file(tmp_path: Path) -> None:
    png = tmp_path / "image.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    assert_one_line_error(run("check", png), "binary")


def test_german_source_is_refused(pair: tuple[Path, Path]) -> None:
    de, _ = pair
    assert_one_line_error(run("check", de, "--source", de), "source")


def test_cp1252_article_is_read(tmp_path: Path, pair: tuple[Path, Path]) -> None:
    _, en = pair
    de = tmp_path / "cp1252.txt"
    de.write_bytes(GERMAN.encode("cp1252"))
    out = tmp_path / "r.json"
    result = run("check", de, "--source", en, "--json", out, "--quiet")
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert "höhere" in data["pairs"][1]["target"]["text"]


def test_bad_input_leaves_existing_report_untouched(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    out.write_text('{"previous": true}', encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    assert run("check", empty, "--json", out).exit_code == 2
    assert out.read_text(encoding="utf-8") == '{"previous": true}'


def test_report_over_input_is_refused(pair: tuple[Path, Path]) -> None:
    de, en = pair
    before = de.read_bytes()
    assert_one_line_error(run("check", de, "--source", en, "--json", de), "input")
    assert de.read_bytes() == before


def test_bad_config_is_input_error(tmp_path: Path, pair: tuple[Path, Path]) -> None:
    de, _ = pair
    config = tmp_path / "mtcheck.toml"
    config.write_text("[gate]\nmax-majr = 1\n", encoding="utf-8")
    assert_one_line_error(run("check", de, "--config", config), "unknown setting")


def test_check_with_source_writes_aligned_json(pair: tuple[Path, Path], tmp_path: Path) -> None:
    de, en = pair
    out = tmp_path / "r.json"
    result = run("check", de, "--source", en, "--json", out)
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["schema_version"]
    assert [p["kind"] for p in data["pairs"]] == ["1-1", "1-1", "1-1"]
    names = {s["name"] for s in data["scores"]}
    assert any("sim" in n.lower() for n in names)
    for score in data["scores"]:
        assert score["signature"]


def test_format_json_prints_report(pair: tuple[Path, Path]) -> None:
    de, en = pair
    result = run("check", de, "--source", en, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["inputs"]


def test_gate_exit_codes(pair: tuple[Path, Path], tmp_path: Path) -> None:
    de, en = pair
    clean = run("gate", de, "--source", en, "--quiet")
    assert clean.exit_code == 0, clean.output
    # Drop the middle sentence: an omission is a major finding, so a zero-major gate fails.
    broken = tmp_path / "broken.de.txt"
    broken.write_text(GERMAN.replace("Er sieht höhere Ausgaben für Schulen vor. ", ""), encoding="utf-8")
    failed = run("gate", broken, "--source", en, "--max-major", "0", "--quiet")
    assert failed.exit_code == 1, failed.output


def test_oversized_article_is_refused_before_any_model_work(tmp_path: Path) -> None:
    huge = tmp_path / "huge.de.txt"
    huge.write_text(GERMAN * 3000, encoding="utf-8")  # ~650,000 characters
    assert_one_line_error(run("check", huge), "max-article-chars")


def test_gate_writes_machine_outputs_and_respects_ignore(pair: tuple[Path, Path], tmp_path: Path) -> None:
    de, en = pair
    broken = tmp_path / "broken.de.txt"
    broken.write_text(GERMAN.replace("Er sieht höhere Ausgaben für Schulen vor. ", ""), encoding="utf-8")
    junit, sarif, report = tmp_path / "j.xml", tmp_path / "s.sarif", tmp_path / "r.json"
    args = ["gate", broken, "--source", en, "--max-major", "0", "--quiet"]
    failed = run(*args, "--junit", junit, "--sarif", sarif, "--json", report)
    assert failed.exit_code == 1, failed.output
    assert "<failure" in junit.read_text(encoding="utf-8")
    results = json.loads(sarif.read_text(encoding="utf-8"))["runs"][0]["results"]
    omission = [r for r in results if r["ruleId"] == "alignment.omission"]
    assert omission and "suppressions" not in omission[0]
    assert json.loads(report.read_text(encoding="utf-8"))["verdict"]["passed"] is False
    # Ignoring the alignment family lets the same article through, and SARIF marks the result suppressed.
    passed = run(*args, "--ignore", "alignment", "--sarif", sarif)
    assert passed.exit_code == 0, passed.output
    results = json.loads(sarif.read_text(encoding="utf-8"))["runs"][0]["results"]
    assert all("suppressions" in r for r in results if r["ruleId"] == "alignment.omission")


def test_checks_lists_the_registry_as_markdown() -> None:
    from mtcheck.checks import load_all_checks

    result = run("checks", "--markdown")
    assert result.exit_code == 0
    rows = [line for line in result.stdout.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert len(rows) == len(load_all_checks())
    gender = next(r for r in rows if r.startswith("| gender.agreement "))
    assert "Accuracy/Mistranslation" in gender and "| target |" in gender


@pytest.mark.mt
@pytest.mark.parametrize(
    "model, needle", [("/no/such/model", "does not exist"), ("org/not-cached", "local cache")]
)
def test_convert_model_missing_input_is_one_line(model: str, needle: str, tmp_path: Path) -> None:
    assert_one_line_error(run("convert-model", model, tmp_path / "out"), needle)


def test_error_text_is_printed_verbatim(tmp_path: Path) -> None:
    """Error lines quote file names and extras like mtcheck[mt]: no rich markup may eat them."""
    odd = tmp_path / "[bold]x[/bold].txt"
    assert_one_line_error(run("check", odd), "[bold]x[/bold].txt")


def test_comet_without_the_extra_is_one_line(pair: tuple[Path, Path]) -> None:
    import importlib.util

    assert importlib.util.find_spec("comet") is None, "this test runs in the main environment"
    de, en = pair
    assert_one_line_error(
        run("check", de, "--source", en, "--comet", "Unbabel/wmt22-cometkiwi-da"), "mtcheck[comet]"
    )


# ---------------------------------------------------------------- outputs against inputs (issue 11, item 2)


def _no_analysis(monkeypatch: pytest.MonkeyPatch) -> None:
    def analysed(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the conflict must be found before any analysis")

    monkeypatch.setattr("mtcheck.pipeline.check", analysed)


def test_report_over_the_glossary_is_refused_before_analysis(
    pair: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    de, _ = pair
    glossary = tmp_path / "g.csv"
    glossary.write_text("source,target,forbidden\n,Flüchtling,yes\n", encoding="utf-8")
    _no_analysis(monkeypatch)
    assert_one_line_error(run("check", de, "-g", glossary, "--json", glossary), "glossary")
    config = tmp_path / "mtcheck.toml"
    config.write_text(f"glossary = {str(glossary)!r}\n", encoding="utf-8")
    assert_one_line_error(run("gate", de, "-c", config, "--sarif", glossary), "glossary")
    assert glossary.read_text(encoding="utf-8").startswith("source,target")


def test_report_over_the_config_file_is_refused(
    pair: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    de, _ = pair
    config = tmp_path / "mtcheck.toml"
    config.write_text("max-article-chars = 100000\n", encoding="utf-8")
    _no_analysis(monkeypatch)
    assert_one_line_error(run("check", de, "-c", config, "--html", config), "config file")
    monkeypatch.chdir(tmp_path)  # found by discovery, not named
    assert_one_line_error(run("gate", de, "--junit", "mtcheck.toml"), "config file")
    assert config.read_text(encoding="utf-8") == "max-article-chars = 100000\n"


def test_two_reports_into_one_file_are_refused(
    pair: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    de, _ = pair
    _no_analysis(monkeypatch)
    out = tmp_path / "out"
    assert_one_line_error(run("gate", de, "--json", out, "--html", tmp_path / "." / "out"), "both write")
    assert_one_line_error(run("check", de, "--json", "-", "--format", "json"), "both write")
    assert not out.exists()


def test_json_to_stdout_with_the_summary_on_stderr(pair: tuple[Path, Path]) -> None:
    de, _ = pair
    result = run("gate", de, "--json", "-")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["verdict"]["passed"] is True
    assert "REVIEW" in result.stderr  # German only: nothing compared it with a source


# ---------------------------------------------------------------- usage errors (issue 11, item 6)


@pytest.mark.parametrize(
    "args, needle",
    [
        (["check", "--no-such-flag", "a.txt"], "no such option"),
        (["check", "-x"], "no such option: -x"),
        (["check"], "missing argument"),
        (["gate", "a.txt", "--max-major", "many"], "--max-major"),
        (["no-such-command"], "no such command"),
    ],
)
def test_usage_error_is_one_line(args: list[str], needle: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(args) == 2
    captured = capsys.readouterr()
    lines = [line for line in captured.err.splitlines() if line.strip()]
    assert len(lines) == 1 and needle in lines[0].lower(), captured.err
    assert lines[0].startswith("error: ") and "╭" not in captured.err


def test_help_and_version_still_work(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["--version"]) == 0
    assert capsys.readouterr().out.startswith("mtcheck ")
    assert run_cli(["check", "--help"]) == 0
    assert "--json" in capsys.readouterr().out


def test_installed_command_gives_one_line_usage_errors(tmp_path: Path) -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "mtcheck", "check", "--nope"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "no such option" in result.stderr.lower()


def test_symlink_loop_as_input_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "a.txt").symlink_to("b.txt")
    (tmp_path / "b.txt").symlink_to("a.txt")
    assert_one_line_error(run("check", tmp_path / "a.txt"), "symbolic links")


def test_the_config_file_used_is_shown_and_in_the_json(pair: tuple[Path, Path], tmp_path: Path) -> None:
    import jsonschema

    from mtcheck.report.json_report import load_schema

    de, _ = pair
    config = tmp_path / "mtcheck.toml"
    config.write_text("max-article-chars = 100000\n", encoding="utf-8")
    out = tmp_path / "r.json"
    result = run("check", de, "-c", config, "--json", out)
    assert result.exit_code == 0, result.output
    assert f"config {config}" in " ".join(result.stdout.split()), result.stdout  # rich wraps long paths
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["inputs"]["config"] == str(config)
    jsonschema.validate(data, load_schema())


def test_error_lines_show_control_characters(tmp_path: Path) -> None:
    """Issue 11, item 13: a file name with an escape sequence must not recolour or rewrite the terminal."""
    odd = tmp_path / "\x1b[2K\x1b[32mPASS.txt"
    result = run("check", odd)
    assert_one_line_error(result, "⟨U+001B⟩[32mPASS.txt")
    assert "\x1b" not in result.stderr


def test_file_name_that_is_not_utf8_reaches_every_report(tmp_path: Path) -> None:
    """A file name with invalid UTF-8 (decoded with surrogate escapes) crashed the JSON writer."""
    import os

    de = Path(os.fsdecode(bytes(tmp_path) + b"/caf\xe9.de.txt"))
    de.write_text(GERMAN, encoding="utf-8")
    out, html = tmp_path / "r.json", tmp_path / "r.html"
    result = run("gate", de, "--json", out, "--html", html)
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8"))["inputs"]["target"]["path"] == str(de)
    assert "caf⟨U+DCE9⟩.de.txt" in html.read_text(encoding="utf-8")
    assert "caf⟨U+DCE9⟩.de.txt" in "".join(result.stdout.split())  # rich may wrap inside the name
