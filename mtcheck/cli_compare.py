"""``mtcheck compare A.de.txt B.de.txt --source EN.txt``: which of two translations is better.

Parses the arguments and calls :func:`mtcheck.compare.compare`; the library does the work. Exit 0 on
success (whatever the comparison says), 2 on bad input."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from mtcheck.cli_options import (
    BackTranslationOpt,
    BtModelOpt,
    ConfigOpt,
    DisableOpt,
    EmbedderOpt,
    EnableOpt,
    GlossaryOpt,
    ModelFlags,
    QuietOpt,
    ReferenceOpt,
    build_settings,
)
from mtcheck.metrics.bootstrap import RESAMPLES, SEED
from mtcheck.model import InputError


def compare_command(
    a: Annotated[Path, typer.Argument(help="Translation A (German: .txt, .md or .html).")],
    b: Annotated[Path, typer.Argument(help="Translation B of the same source.")],
    source: Annotated[Path, typer.Option("--source", "-s", help="The English original (required).")],
    reference: ReferenceOpt = None,
    back_translation: BackTranslationOpt = None,
    json_path: Annotated[
        Path | None, typer.Option("--json", help="Write the comparison as JSON ('-': standard output).")
    ] = None,
    html_path: Annotated[
        Path | None, typer.Option("--html", help="Write a self-contained HTML page ('-': standard output).")
    ] = None,
    resamples: Annotated[
        int, typer.Option("--resamples", min=1, max=100_000, help="Bootstrap resamples (as sacrebleu).")
    ] = RESAMPLES,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the bootstrap resampling.")] = SEED,
    config: ConfigOpt = None,
    bt_model: BtModelOpt = None,
    embedder: EmbedderOpt = None,
    glossary: GlossaryOpt = None,
    disable: DisableOpt = None,
    enable: EnableOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Compare two translations of one article: findings on each side and their difference, MQM, and
    every score with paired-bootstrap confidence intervals over the source sentences.

    -b may be given twice: A's back-translation, then B's."""
    from mtcheck.cli import _summary_console, guarded
    from mtcheck.io import refuse_conflicts, report_bytes, write_files

    def run() -> None:
        from mtcheck.compare import compare

        backs = back_translation or []
        if len(backs) not in (0, 2):
            raise InputError("compare: give -b twice (A's back-translation, then B's) or not at all")
        settings = build_settings(config, embedder, glossary, disable, ModelFlags(bt_model), enable)
        outputs = {"--json": json_path, "--html": html_path}
        inputs = {"translation A": a, "translation B": b, "source": source, "reference": reference}
        inputs |= {f"back-translation {i + 1}": p for i, p in enumerate(backs)}
        inputs |= {"config file": settings.config_path, "glossary": settings.glossary}
        refuse_conflicts(outputs, inputs)
        pair = (backs[0], backs[1]) if backs else None
        comparison = compare(a, b, source, reference, pair, settings, resamples, seed)
        files = []
        if json_path is not None:
            from mtcheck.report.compare_json import comparison_to_json

            files.append((json_path, report_bytes(comparison_to_json(comparison))))
        if html_path is not None:
            from mtcheck.report.compare_html import render_compare_html

            files.append((html_path, report_bytes(render_compare_html(comparison))))
        write_files(files)
        if not quiet:
            from mtcheck.report.compare_text import print_comparison

            print_comparison(comparison, _summary_console(outputs))

    guarded(run)
