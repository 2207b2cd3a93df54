"""Issue 14, item 7: the command line's rough edges (narrow terminals, help texts, caches, docs)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtcheck.checks import CHECKS
from mtcheck.cli import app

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


@pytest.mark.parametrize("columns", ["40", "72", "200"])
def test_checks_prints_every_full_id_at_any_width(columns: str) -> None:
    result = runner.invoke(app, ["checks"], env={"COLUMNS": columns})
    assert result.exit_code == 0, result.output
    words = set(re.findall(r"[\w.-]+", result.stdout))
    missing = sorted(set(CHECKS) - words)
    assert not missing, f"ids cut at {columns} columns: {missing}"
    assert "…" not in "".join(line.split("│")[1] for line in result.stdout.splitlines() if "│" in line)


def _bracketed_help_texts() -> set[str]:
    """Every ``mtcheck[extra]`` and every escaped ``\\[...]`` the CLI modules put into help texts."""
    found: set[str] = set()
    for module in sorted((ROOT / "mtcheck").glob("cli*.py")):
        source = module.read_text(encoding="utf-8")
        found |= {f"mtcheck[{extra}]" for extra in re.findall(r"mtcheck\\*\[(\w+)\]", source)}
        found |= {f"[{name}]" for name in re.findall(r"\\\\\[([\w.-]+)\]", source)}
    return found


def _all_help() -> str:
    texts = []
    commands = [[], ["check"], ["gate"], ["batch"], ["checks"], ["convert-model"], ["cache"]]
    commands += [["cache", "info"], ["cache", "clear"]]
    for command in commands:
        result = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "300"})
        assert result.exit_code == 0, (command, result.output)
        texts.append(" ".join(result.stdout.replace("│", " ").split()))
    return "\n".join(texts)


def test_bracketed_text_survives_in_help() -> None:
    wanted = _bracketed_help_texts()
    assert {"mtcheck[mt]", "mtcheck[dask]", "[judge]"} <= wanted  # the scan itself works
    shown = _all_help()
    lost = sorted(text for text in wanted if text not in shown)
    assert not lost, f"eaten by rich markup: {lost}"
    assert "\\[" not in shown  # and no escape shows through
    eaten = re.findall(r".{30}\bmtcheck[ )]?\)", shown)  # "(needs mtcheck)": the markup ate "[mt]"
    assert not eaten, eaten


def test_cache_clear_all_clears_the_machine_wide_caches_under_a_configured_cache_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Embeddings and the analysis memo live under $MTCHECK_CACHE_DIR whatever ``cache-dir`` says:
    ``clear --all`` with a project's cache-dir must still remove them (and ``info`` must show them)."""
    from mtcheck.cache import ANALYSIS_FILE, BACKTRANSLATION_FILE, EMBEDDING_FILE, JUDGE_FILE

    project, shared = tmp_path / "project-cache", tmp_path / "machine-cache"
    project.mkdir()
    shared.mkdir()
    monkeypatch.setenv("MTCHECK_CACHE_DIR", str(shared))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mtcheck.toml").write_text(f'cache-dir = "{project.as_posix()}"\n', encoding="utf-8")
    files = [project / BACKTRANSLATION_FILE, project / JUDGE_FILE]
    files += [shared / EMBEDDING_FILE, shared / ANALYSIS_FILE]
    for path in files:
        path.write_bytes(b"not a database")
    info = runner.invoke(app, ["cache", "info"], env={"COLUMNS": "300"})
    assert info.exit_code == 0, info.output
    assert "embeddings: unreadable" in info.stdout and str(shared) in info.stdout
    clear = runner.invoke(app, ["cache", "clear"])
    assert clear.exit_code == 0, clear.output
    assert [path.exists() for path in files] == [False, False, True, True]  # only the models' answers
    everything = runner.invoke(app, ["cache", "clear", "--all"])
    assert everything.exit_code == 0, everything.output
    assert not any(path.exists() for path in files), [p for p in files if p.exists()]


def test_ci_docs_install_from_the_repository_not_from_pypi() -> None:
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    installs = re.findall(r"pip install [^\n`]*", text)
    assert installs
    from_pypi = [line for line in installs if not re.search(r"git\+|\./|-e ", line)]
    assert not from_pypi, from_pypi
    for dependency in re.findall(r"additional_dependencies: \[([^\]]*)\]", text):
        assert "git+" in dependency, dependency
