"""``mtcheck cache info`` and ``mtcheck cache clear``: the on-disk caches (see :mod:`mtcheck.cache`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from mtcheck.cache import CacheFile, answer_files, shared_files
from mtcheck.config import load_settings
from mtcheck.io import cache_root

cache_app = typer.Typer(
    help="Inspect or clear the on-disk caches (back-translations, judge answers, embeddings, analysis).",
    no_args_is_help=True,
)


def _root() -> Path | None:
    return cache_root(load_settings().cache_dir)


def _files(everything: bool = True) -> list[CacheFile] | None:
    """Every cache file mtcheck may have written (None: caching is off everywhere). The models' answers
    follow the ``cache-dir`` setting; the embeddings and the analysis memo are machine-wide
    (``$MTCHECK_CACHE_DIR`` or ``~/.cache/mtcheck``), so a configured ``cache-dir`` must not hide them."""
    root, shared = _root(), cache_root()
    if root is None and shared is None:
        return None
    files = answer_files(root) if root is not None else []
    return files + (shared_files(shared) if everything and shared is not None else [])


def _describe(file: CacheFile, entries: int | None) -> str:
    if not file.path.is_file():
        return f"{file.label}: none yet ({file.path.name})"
    count = "unreadable, rebuilt on next use" if entries is None else f"{entries:,} entries"
    return f"{file.label}: {count}, {file.size():,} bytes ({file.path.name})"


@cache_app.command("info")
def cache_info_command() -> None:
    """Show every cache: where it is, how many entries it holds and its size."""
    from mtcheck.cli import guarded, stdout
    from mtcheck.translate.cache import TranslationCache

    files = guarded(_files)
    if files is None:
        stdout.print('caching is switched off (MTCHECK_CACHE_DIR=off or cache-dir = "off")')
        return
    for folder in dict.fromkeys(file.path.parent for file in files):
        stdout.print(Text(f"cache folder: {folder}"))
    for file in files:
        entries = guarded(file.entries)  # None: unreadable (info only looks; the next check rebuilds it)
        stdout.print(Text(_describe(file, entries)))
        if file.label == "back-translations" and entries:
            models = guarded(lambda folder=file.path.parent: TranslationCache(folder).models())
            for model, count in models.items():
                stdout.print(Text(f"  {model}: {count:,}"))


@cache_app.command("clear")
def cache_clear_command(
    everything: Annotated[
        bool,
        typer.Option(
            "--all", help="Also the embeddings and the analysis memo, not the models' answers only."
        ),
    ] = False,
) -> None:
    """Delete the cached back-translations and judge answers (with --all: every cache). Safe while
    checks run."""
    from mtcheck.cli import guarded, stdout

    files = guarded(lambda: _files(everything))
    if files is None:
        stdout.print("caching is switched off: nothing to clear")
        return
    for file in files:
        if not file.path.is_file():
            continue
        entries = guarded(file.clear)
        held = "an unreadable file" if entries is None else f"{entries:,} entries"
        stdout.print(Text(f"removed the {file.label} cache ({held}): {file.path}"))
    stdout.print(Text("cache cleared" if everything else "back-translation and judge answer caches cleared"))
