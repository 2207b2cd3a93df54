"""Command line: parses arguments, calls the library, maps errors to exit codes.

Exit codes: 0 publish (or review), 1 the gate blocked (or review with --strict), 2 usage or input error.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from mtcheck import __version__
from mtcheck.cli_cache import cache_app
from mtcheck.cli_checks import checks_command
from mtcheck.cli_compare import compare_command
from mtcheck.cli_options import (
    AlternativeOpt,
    BackTranslationOpt,
    BaselineOpt,
    BtModelOpt,
    CometOpt,
    ConfigOpt,
    DisableOpt,
    EmbedderOpt,
    EnableOpt,
    GlossaryOpt,
    HtmlOpt,
    IgnoreOpt,
    JsonOpt,
    JudgeModelOpt,
    JudgeOpt,
    JudgeUrlOpt,
    MaxCriticalOpt,
    MaxMajorOpt,
    MaxPenaltyOpt,
    MetricxOpt,
    MinSimilarityOpt,
    ModelFlags,
    QuietOpt,
    ReferenceOpt,
    RequireJudgeOpt,
    SourceOpt,
    StrictOpt,
    TargetArg,
    WriteBaselineOpt,
    apply_gate_options,
    build_settings,
)
from mtcheck.config import Settings
from mtcheck.io import STDOUT, refuse_conflicts, report_bytes, resolve_output, write_files
from mtcheck.model import InputError, Report
from mtcheck.report.common import show_controls
from mtcheck.report.formats import render

try:  # newer typer vendors click
    from typer._click.exceptions import ClickException
except ImportError:  # pragma: no cover - older typer, on click
    from click.exceptions import ClickException

EXIT_PASS, EXIT_GATE_FAILED, EXIT_INPUT_ERROR = 0, 1, 2

app = typer.Typer(
    help="Check English→German news translations: find errors, score them, and gate publication.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(cache_app, name="cache")
app.command("compare")(compare_command)

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
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show full tracebacks on errors.")] = False,
) -> None:
    global _debug
    _debug = debug


def _print_error(message: str) -> None:
    """One line on stderr. Messages quote user text (paths, file content): control characters are
    shown as ⟨U+001B⟩ rather than sent to the terminal, and "[" is not rich markup."""
    text = escape(show_controls(" ".join(message.split())))
    stderr.print(f"[bold red]error:[/] {text}", highlight=False, markup=True, soft_wrap=True)


def _fail(message: str) -> typer.Exit:
    _print_error(message)
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


Outputs = dict[str, Path | None]


@dataclass
class _Inputs:
    target: Path
    source: Path | None = None
    back_translations: list[Path] = field(default_factory=list)
    reference: Path | None = None
    alternatives: list[Path] = field(default_factory=list)

    def named(self, settings: Settings) -> dict[str, Path | None]:
        """Every file the run reads, by what it is (no report may be written over one of them)."""
        files: dict[str, Path | None] = {"translation": self.target, "source": self.source}
        files |= {f"back-translation {i + 1}": p for i, p in enumerate(self.back_translations)}
        files |= {"reference": self.reference}
        files |= {f"alternative {i + 1}": p for i, p in enumerate(self.alternatives)}
        files |= {
            "glossary": settings.glossary,
            "config file": settings.config_path,
            "back-translation file": settings.back_translation_file(),
            "baseline": settings.gate.baseline,
        }
        return files


def _run_check(inputs: _Inputs, settings: Settings, outputs: Outputs, quiet: bool) -> Report:
    from mtcheck.pipeline import check

    # before any analysis: no report over an input file, and no two reports into one file
    refuse_conflicts(outputs, inputs.named(settings))
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


def _write_outputs(report: Report, outputs: Outputs) -> None:
    """Every report file the user asked for, replaced together (see :func:`mtcheck.io.write_files`)."""
    write_files([(path, report_bytes(render(report, option))) for option, path in outputs.items() if path])


def _summary_console(outputs: Outputs) -> Console:
    """The terminal summary goes to stderr when a report is streamed to stdout, so the stream stays
    one clean document for the program that reads it."""
    to_stdout = any(path is not None and resolve_output(path).kind == "stdout" for path in outputs.values())
    return stderr if to_stdout else stdout


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
    enable: EnableOpt = None,
    write_baseline: WriteBaselineOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Check one translated article and show what is wrong, where, and how sure mtcheck is."""

    def run() -> None:
        models = ModelFlags(bt_model, comet, metricx, judge, require_judge, judge_url, judge_model)
        settings = build_settings(config, embedder, glossary, disable, models, enable)
        inputs = _Inputs(target, source, back_translation or [], reference, alternative or [])
        outputs: Outputs = {"--json": json_path, "--html": html_path, "--write-baseline": write_baseline}
        if output_format is OutputFormat.json:  # printed last, so it counts as a report on stdout
            outputs = {"--format json": Path(STDOUT), **outputs}
        report = _run_check(inputs, settings, outputs, quiet)
        files = {option: path for option, path in outputs.items() if option != "--format json"}
        _write_outputs(report, files)
        if output_format is OutputFormat.json:
            _write_outputs(report, {"--json": Path(STDOUT)})
        elif not quiet:
            from mtcheck.report.terminal import print_summary

            print_summary(report, _summary_console(files))

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
        Path | None,
        typer.Option("--junit", help="Write JUnit XML (one test per check; '-': standard output)."),
    ] = None,
    sarif_path: Annotated[
        Path | None,
        typer.Option("--sarif", help="Write SARIF 2.1.0 for code-scanning tools ('-': standard output)."),
    ] = None,
    max_critical: MaxCriticalOpt = None,
    max_major: MaxMajorOpt = None,
    max_penalty: MaxPenaltyOpt = None,
    min_similarity: MinSimilarityOpt = None,
    ignore: IgnoreOpt = None,
    strict: StrictOpt = False,
    baseline: BaselineOpt = None,
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
    enable: EnableOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Check an article and decide: PUBLISH (exit 0), REVIEW (exit 0, or 1 with --strict) or BLOCK (exit 1).
    Thresholds come from the config file."""

    def run() -> bool:
        models = ModelFlags(bt_model, comet, metricx, judge, require_judge, judge_url, judge_model)
        settings = build_settings(config, embedder, glossary, disable, models, enable)
        apply_gate_options(
            settings, max_critical, max_major, max_penalty, min_similarity, ignore, strict, baseline
        )
        outputs = {"--json": json_path, "--html": html_path, "--junit": junit_path, "--sarif": sarif_path}
        inputs = _Inputs(target, source, back_translation or [], reference, alternative or [])
        report = _run_check(inputs, settings, outputs, quiet)
        _write_outputs(report, outputs)
        if not quiet:
            from mtcheck.report.terminal import print_summary

            print_summary(report, _summary_console(outputs))
        assert report.verdict is not None
        return report.verdict.passed

    passed = guarded(run)
    raise typer.Exit(EXIT_PASS if passed else EXIT_GATE_FAILED)


class ExecutorKind(StrEnum):
    local = "local"
    dask = "dask"


@app.command("batch")
def batch_command(
    directory: Annotated[Path, typer.Argument(help="Folder with one sub-folder per article (see README).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the reports and index.html.")] = Path(
        "reports/batch"
    ),
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers", "-j", help="Articles checked at once, one process each (default: all cores)."
        ),
    ] = None,
    executor: Annotated[
        ExecutorKind,
        typer.Option(
            "--executor", help="Where the workers run: this machine, or a Dask cluster (mtcheck\\[dask])."
        ),
    ] = ExecutorKind.local,
    scheduler: Annotated[
        str | None, typer.Option("--scheduler", help="The Dask scheduler, e.g. tcp://HOST:8786.")
    ] = None,
    article_timeout: Annotated[
        float | None,
        typer.Option(
            "--article-timeout", help="Seconds one article may take before it becomes an error row."
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Check every article again, also those whose report is up to date."),
    ] = False,
    junit_path: Annotated[
        Path | None, typer.Option("--junit", help="Write JUnit XML for the batch (a test suite per article).")
    ] = None,
    sarif_path: Annotated[
        Path | None, typer.Option("--sarif", help="Write SARIF 2.1.0 for the batch (one run, every article).")
    ] = None,
    max_critical: MaxCriticalOpt = None,
    max_major: MaxMajorOpt = None,
    max_penalty: MaxPenaltyOpt = None,
    min_similarity: MinSimilarityOpt = None,
    ignore: IgnoreOpt = None,
    strict: StrictOpt = False,
    baseline: BaselineOpt = None,
    config: ConfigOpt = None,
    bt_model: BtModelOpt = None,
    embedder: EmbedderOpt = None,
    comet: CometOpt = None,
    metricx: MetricxOpt = None,
    judge: JudgeOpt = False,
    require_judge: RequireJudgeOpt = False,
    glossary: GlossaryOpt = None,
    disable: DisableOpt = None,
    enable: EnableOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Check every article in a folder; write a report each and an index.html. Exit 1 if any is blocked.

    Articles whose inputs and settings are unchanged since their last report are not checked again.
    """
    from mtcheck.batch import BatchOptions, make_executor, run_batch, summary_lines

    def run() -> int:
        if article_timeout is not None and article_timeout <= 0:
            raise InputError(f"--article-timeout must be more than 0 seconds, got {article_timeout:g}")
        if junit_path is not None and sarif_path is not None and junit_path.resolve() == sarif_path.resolve():
            raise InputError(f"--junit and --sarif both name {junit_path}")
        models = ModelFlags(bt_model, comet, metricx, judge, require_judge)
        settings = build_settings(config, embedder, glossary, disable, models, enable)
        apply_gate_options(
            settings, max_critical, max_major, max_penalty, min_similarity, ignore, strict, baseline
        )
        options = BatchOptions(
            executor=make_executor(executor.value, workers, scheduler),
            force=force,
            article_timeout=article_timeout,
            junit=junit_path,
            sarif=sarif_path,
            log=stdout,
            quiet=quiet,
        )
        result = run_batch(directory, settings, out, console=None if quiet else stderr, options=options)
        if not quiet:
            for line in [*summary_lines(result), f"index: {result.index}"]:
                stdout.print(line, markup=False, highlight=False)
        if result.interrupted:
            raise KeyboardInterrupt
        return result.exit_code

    raise typer.Exit(guarded(run))


app.command("checks")(checks_command)


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
    """Convert a MarianMT model to CTranslate2 for fast CPU back-translation (needs mtcheck\\[mt])."""
    from mtcheck.translate.convert import convert_marian

    guarded(
        lambda: convert_marian(model, out, quantization=quantization, vocab_mapping=vocab_map, force=force)
    )
    stdout.print(f"converted {model} → {out}")


def run_cli(argv: Sequence[str] | None = None) -> int:
    """Run the command line on ``argv`` (default: ``sys.argv[1:]``) and return the exit code.

    Usage errors (an unknown option, a missing argument, a bad value) print one line on stderr and
    return 2, like every other input error; ``--help`` and ``--version`` print as usual.
    """
    try:
        code = app(args=list(argv) if argv is not None else None, prog_name="mtcheck", standalone_mode=False)
    except ClickException as error:
        if type(error).__name__ == "NoArgsIsHelpError":  # the help text is printed already
            return EXIT_INPUT_ERROR
        hint = ""
        context = getattr(error, "ctx", None)
        if context is not None:
            hint = f" (try '{context.command_path} --help')"
        _print_error(error.format_message() + hint)
        return EXIT_INPUT_ERROR
    except typer.Abort:
        _print_error("interrupted")
        return EXIT_INPUT_ERROR
    except typer.Exit as error:
        return error.exit_code
    return code if isinstance(code, int) else EXIT_PASS


def main() -> None:
    """The ``mtcheck`` command (``[project.scripts]``)."""
    sys.exit(run_cli())


if __name__ == "__main__":
    main()
