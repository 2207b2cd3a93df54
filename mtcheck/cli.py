"""Command line: parses arguments, calls the library, maps errors to exit codes.

Exit codes: 0 pass, 1 the gate failed, 2 usage or input error.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from mtcheck import __version__
from mtcheck.cli_options import (
    AlternativeOpt,
    BackTranslationOpt,
    BtModelOpt,
    CometOpt,
    ConfigOpt,
    DisableOpt,
    EmbedderOpt,
    GlossaryOpt,
    HtmlOpt,
    JsonOpt,
    JudgeModelOpt,
    JudgeOpt,
    JudgeUrlOpt,
    MetricxOpt,
    ModelFlags,
    QuietOpt,
    ReferenceOpt,
    RequireJudgeOpt,
    SourceOpt,
    TargetArg,
    build_settings,
)
from mtcheck.config import Settings, load_settings
from mtcheck.model import InputError, Report

EXIT_PASS, EXIT_GATE_FAILED, EXIT_INPUT_ERROR = 0, 1, 2

app = typer.Typer(
    help="Check English→German news translations: find errors, score them, and gate publication.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
cache_app = typer.Typer(
    help="Inspect or clear the on-disk cache of back-translations and LLM judge answers.",
    no_args_is_help=True,
)
app.add_typer(cache_app, name="cache")

stdout = Console()
stderr = Console(stderr=True)
_debug = False

T = TypeVar("T")


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


def _version(value: bool) -> None:
    if value:
        print(f"mtcheck {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show full tracebacks on errors.")] = False,
) -> None:
    global _debug
    _debug = debug


def _fail(message: str) -> typer.Exit:
    text = escape(" ".join(message.split()))  # messages quote user text and "mtcheck[mt]": no markup
    stderr.print(f"[bold red]error:[/] {text}", highlight=False, markup=True, soft_wrap=True)
    return typer.Exit(EXIT_INPUT_ERROR)


def guarded(action: Callable[[], T]) -> T:
    """Run ``action``; bad input and unexpected failures become one line on stderr and exit code 2."""
    try:
        return action()
    except InputError as error:
        if _debug:
            raise
        raise _fail(str(error)) from None
    except KeyboardInterrupt:
        raise _fail("interrupted") from None
    except Exception as error:  # a bug, or an environment problem we did not foresee
        if _debug:
            raise
        raise _fail(
            f"internal error: {type(error).__name__}: {error} (run with --debug for details)"
        ) from None


@contextmanager
def _progress(quiet: bool) -> Iterator[tuple[Callable[[str], None], Callable[[int, int], None]]]:
    """A progress line on stderr: the running stage, with a bar where it can count (back-translation)."""
    if quiet or not stderr.is_terminal:
        yield (lambda _name: None), (lambda _done, _total: None)
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    columns = (SpinnerColumn(), TextColumn("mtcheck: {task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, TimeElapsedColumn(), console=stderr, transient=True) as progress:
        task = progress.add_task("starting", total=None)

        def on_stage(name: str) -> None:
            progress.update(task, description=name, total=None, completed=0)

        def on_progress(done: int, total: int) -> None:
            progress.update(task, total=total, completed=done)

        yield on_stage, on_progress


def _refuse_overwriting_inputs(outputs: list[Path | None], inputs: list[Path | None]) -> None:
    given = {p.resolve() for p in inputs if p is not None}
    for out in outputs:
        if out is not None and out.resolve() in given:
            raise InputError(f"refusing to write a report over the input file {out}")


@dataclass
class _Inputs:
    target: Path
    source: Path | None = None
    back_translations: list[Path] = field(default_factory=list)
    reference: Path | None = None
    alternatives: list[Path] = field(default_factory=list)

    def paths(self) -> list[Path | None]:
        return [self.target, self.source, *self.back_translations, self.reference, *self.alternatives]


def _run_check(inputs: _Inputs, settings: Settings, outputs: list[Path | None], quiet: bool) -> Report:
    from mtcheck.pipeline import check

    _refuse_overwriting_inputs(outputs, inputs.paths())
    with _progress(quiet) as (on_stage, on_progress):
        return check(
            inputs.target,
            inputs.source,
            inputs.back_translations or None,
            inputs.reference,
            settings=settings,
            alternatives=inputs.alternatives,
            on_stage=on_stage,
            on_progress=on_progress,
        )


def _write_outputs(
    report: Report,
    json_path: Path | None = None,
    html_path: Path | None = None,
    junit_path: Path | None = None,
    sarif_path: Path | None = None,
) -> None:
    """Every report file the user asked for."""
    if json_path is not None:
        from mtcheck.report.json_report import write_json

        write_json(report, json_path)
    if html_path is not None:
        from mtcheck.report.html import write_html

        write_html(report, html_path)
    if junit_path is not None:
        from mtcheck.report.junit import write_junit

        write_junit(report, junit_path)
    if sarif_path is not None:
        from mtcheck.report.sarif import write_sarif

        write_sarif(report, sarif_path)


@app.command("check")
def check_command(
    target: TargetArg,
    source: SourceOpt = None,
    back_translation: BackTranslationOpt = None,
    reference: ReferenceOpt = None,
    json_path: JsonOpt = None,
    html_path: HtmlOpt = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="What to print: a text summary or the JSON report.")
    ] = OutputFormat.text,
    config: ConfigOpt = None,
    alternative: AlternativeOpt = None,
    bt_model: BtModelOpt = None,
    embedder: EmbedderOpt = None,
    comet: CometOpt = None,
    metricx: MetricxOpt = None,
    judge: JudgeOpt = False,
    require_judge: RequireJudgeOpt = False,
    judge_url: JudgeUrlOpt = None,
    judge_model: JudgeModelOpt = None,
    glossary: GlossaryOpt = None,
    disable: DisableOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Check one translated article and show what is wrong, where, and how sure mtcheck is."""

    def run() -> None:
        models = ModelFlags(bt_model, comet, metricx, judge, require_judge, judge_url, judge_model)
        settings = build_settings(config, embedder, glossary, disable, models)
        inputs = _Inputs(target, source, back_translation or [], reference, alternative or [])
        report = _run_check(inputs, settings, [json_path, html_path], quiet)
        _write_outputs(report, json_path, html_path)
        if output_format is OutputFormat.json:
            from mtcheck.report.json_report import report_to_json

            sys.stdout.write(report_to_json(report))
        elif not quiet:
            from mtcheck.report.terminal import print_summary

            print_summary(report, stdout)

    guarded(run)


@app.command("gate")
def gate_command(
    target: TargetArg,
    source: SourceOpt = None,
    back_translation: BackTranslationOpt = None,
    reference: ReferenceOpt = None,
    config: ConfigOpt = None,
    json_path: JsonOpt = None,
    html_path: HtmlOpt = None,
    junit_path: Annotated[
        Path | None, typer.Option("--junit", help="Write JUnit XML (one test per check).")
    ] = None,
    sarif_path: Annotated[
        Path | None, typer.Option("--sarif", help="Write SARIF 2.1.0 for code-scanning tools.")
    ] = None,
    max_critical: Annotated[
        int | None, typer.Option(help="Fail with more critical findings than this.")
    ] = None,
    max_major: Annotated[int | None, typer.Option(help="Fail with more major findings than this.")] = None,
    max_penalty: Annotated[
        float | None, typer.Option("--max-penalty", help="Fail above this MQM penalty per 1,000 words.")
    ] = None,
    min_similarity: Annotated[
        float | None, typer.Option(help="Fail below this document cross-lingual similarity.")
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option("--ignore", help="Do not count findings of this check or family (repeatable)."),
    ] = None,
    alternative: AlternativeOpt = None,
    bt_model: BtModelOpt = None,
    embedder: EmbedderOpt = None,
    comet: CometOpt = None,
    metricx: MetricxOpt = None,
    judge: JudgeOpt = False,
    require_judge: RequireJudgeOpt = False,
    judge_url: JudgeUrlOpt = None,
    judge_model: JudgeModelOpt = None,
    glossary: GlossaryOpt = None,
    disable: DisableOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Check an article and exit 0 if it may be published, 1 if not (thresholds from the config file)."""

    def run() -> bool:
        models = ModelFlags(bt_model, comet, metricx, judge, require_judge, judge_url, judge_model)
        settings = build_settings(config, embedder, glossary, disable, models)
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
        outputs = [json_path, html_path, junit_path, sarif_path]
        inputs = _Inputs(target, source, back_translation or [], reference, alternative or [])
        report = _run_check(inputs, settings, outputs, quiet)
        _write_outputs(report, json_path, html_path, junit_path, sarif_path)
        if not quiet:
            from mtcheck.report.terminal import print_summary

            print_summary(report, stdout)
        assert report.verdict is not None
        return report.verdict.passed

    passed = guarded(run)
    raise typer.Exit(EXIT_PASS if passed else EXIT_GATE_FAILED)


@app.command("batch")
def batch_command(
    directory: Annotated[Path, typer.Argument(help="Folder with one sub-folder per article (see README).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the reports and index.html.")] = Path(
        "reports/batch"
    ),
    config: ConfigOpt = None,
    bt_model: BtModelOpt = None,
    embedder: EmbedderOpt = None,
    comet: CometOpt = None,
    metricx: MetricxOpt = None,
    judge: JudgeOpt = False,
    require_judge: RequireJudgeOpt = False,
    glossary: GlossaryOpt = None,
    disable: DisableOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Check every article in a corpus folder; write a report each and an index.html. Exit 1 if any fails."""
    from mtcheck.batch import run_batch

    def run() -> bool:
        models = ModelFlags(bt_model, comet, metricx, judge, require_judge)
        settings = build_settings(config, embedder, glossary, disable, models)
        result = run_batch(directory, settings, out, console=None if quiet else stderr)
        if not quiet:
            stdout.print(f"index: {out / 'index.html'}")
        return result.passed

    passed = guarded(run)
    raise typer.Exit(EXIT_PASS if passed else EXIT_GATE_FAILED)


@app.command("checks")
def checks_command(
    markdown: Annotated[bool, typer.Option("--markdown", help="Print a Markdown table (for docs).")] = False,
) -> None:
    """List every check: id, MQM category, default severity and the inputs it needs."""
    from rich.table import Table

    from mtcheck.checks import CHECKS

    header = ("check", "category", "severity", "needs", "what it finds")
    rows = [
        (spec.id, spec.category.value, spec.severity.value, spec.needs, spec.description)
        for spec in sorted(CHECKS.values(), key=lambda s: s.id)
    ]
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
        sys.stdout.write("\n".join(lines) + "\n")
        return
    table = Table(*header)
    for row in rows:
        table.add_row(*row)
    stdout.print(table)


@cache_app.command("info")
def cache_info_command() -> None:
    """Show where the cache is, how many entries it holds and its size."""
    from mtcheck.io import cache_root
    from mtcheck.judge.cache import AnswerCache
    from mtcheck.translate.cache import cache_info

    info = guarded(lambda: cache_info(load_settings().cache_dir))
    for key, value in info.items():
        stdout.print(f"{key}: {value}")
    root = cache_root(load_settings().cache_dir)
    if root is not None:
        stdout.print(f"judge answers: {AnswerCache(root).count()}")


@cache_app.command("clear")
def cache_clear_command() -> None:
    """Delete all cached back-translations and LLM judge answers."""
    from mtcheck.io import cache_root
    from mtcheck.judge.cache import AnswerCache
    from mtcheck.translate.cache import cache_clear

    removed = guarded(lambda: cache_clear(load_settings().cache_dir))
    root = cache_root(load_settings().cache_dir)
    answers = AnswerCache(root).clear() if root is not None else 0
    stdout.print(f"removed {removed} cached entries" + (f" and {answers} judge answers" if answers else ""))


@app.command("convert-model")
def convert_model_command(
    model: Annotated[str, typer.Argument(help="A MarianMT model folder, or a hub id in the local cache.")],
    out: Annotated[Path, typer.Argument(help="Where to write the CTranslate2 model.")],
    quantization: Annotated[str, typer.Option(help="int8, int8_float32, float16 or float32.")] = "int8",
    vocab_map: Annotated[
        Path | None,
        typer.Option("--vocab-map", help="A vocabulary map (lexical shortlist) that makes decoding faster."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing converted model.")] = False,
) -> None:
    """Convert a MarianMT model to CTranslate2 for fast CPU back-translation (needs mtcheck[mt])."""
    from mtcheck.translate.convert import convert_marian

    guarded(
        lambda: convert_marian(model, out, quantization=quantization, vocab_mapping=vocab_map, force=force)
    )
    stdout.print(f"converted {model} → {out}")


if __name__ == "__main__":
    app()
