"""Finding the articles of a batch folder, without ever reading outside it.

Layout (both kinds may be mixed in one folder):

* one sub-folder per article: ``NAME/target.de.txt`` (required), and optionally
  ``NAME/source.en.txt``, ``NAME/back_translation.en.txt``, ``NAME/reference.de.txt``
  (``.md``/``.html`` instead of ``.txt`` work too, and a bilingual ``target.de.xlf`` brings its own
  source; other files such as ``meta.toml`` are ignored);
* flat files matched by name: ``NAME.de.txt`` (target), ``NAME.en.txt`` (source),
  ``NAME.bt.en.txt`` (back-translation), ``NAME.ref.de.txt`` (reference).

Safety (a pull request can put anything into the folder a CI job checks):

* a symlink that leads out of the folder (or loops) is never followed: its article is *skipped*
  and reported as such;
* a sub-folder that cannot be listed is an article with an error, not the end of the batch;
* the batch's own output folder, when it lies inside the input folder, is not an article.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from mtcheck.load import FORMAT_BY_SUFFIX
from mtcheck.load.xliff import XLIFF_SUFFIXES
from mtcheck.model import InputError, Side

# every suffix the loader reads; a bilingual XLIFF is found as the target (it carries the source too)
EXTENSIONS = tuple(FORMAT_BY_SUFFIX) + XLIFF_SUFFIXES
FOLDER_FILES: dict[Side, str] = {
    "target": "target.de",
    "source": "source.en",
    "back_translation": "back_translation.en",
    "reference": "reference.de",
}
# Longest suffix first: "x.ref.de.txt" is the reference of x, not the target of "x.ref".
FLAT_SUFFIXES: tuple[tuple[str, Side], ...] = (
    (".ref.de", "reference"),
    (".bt.en", "back_translation"),
    (".de", "target"),
    (".en", "source"),
)


@dataclass
class BatchArticle:
    """One article of a batch: its name and the files found for each side.

    ``error``: why it cannot be checked (an unreadable folder); ``skipped``: why it was not even
    looked at (a symlink out of the folder). Either way it becomes a row of the index.
    """

    name: str
    files: dict[Side, Path] = field(default_factory=dict)
    error: str | None = None
    skipped: str | None = None


def _inside(path: Path, root: Path) -> bool:
    """Whether ``path``, with every symlink followed, stays within ``root`` (already resolved)."""
    try:
        return path.resolve(strict=True).is_relative_to(root)
    except (OSError, RuntimeError):  # a dangling link or a loop: not a file we may read
        return False


def _escape_reason(path: Path, directory: Path) -> str:
    shown = path.relative_to(directory) if path.is_relative_to(directory) else path.name
    return f"{shown} is a symlink that leads out of the input folder (or loops); not read"


def _with_extension(folder: Path, stem: str) -> Path | None:
    for extension in EXTENSIONS:
        candidate = folder / f"{stem}{extension}"
        if candidate.is_symlink() or candidate.is_file():
            return candidate
    return None


def _flat_side(path: Path) -> tuple[str, Side] | None:
    if path.suffix.lower() not in EXTENSIONS:
        return None
    stem = path.name[: -len(path.suffix)]
    for suffix, side in FLAT_SUFFIXES:
        if stem.lower().endswith(suffix) and len(stem) > len(suffix):
            return stem[: -len(suffix)], side
    return None


def _folder_article(entry: Path, directory: Path, root: Path) -> BatchArticle | None:
    """The article of a sub-folder, or None when the folder holds no article files at all."""
    article = BatchArticle(entry.name)
    try:
        files = {side: p for side, stem in FOLDER_FILES.items() if (p := _with_extension(entry, stem))}
        has_articles = bool(files) or any(child.suffix.lower() in EXTENSIONS for child in entry.iterdir())
    except OSError as error:
        article.error = f"cannot read folder {entry}: {error.strerror or error}"
        return article
    if not has_articles:
        return None
    escaping = [p for p in files.values() if not _inside(p, root)]
    if escaping:
        article.skipped = _escape_reason(escaping[0], directory)
    article.files = files  # no target: an error row, not silence
    return article


def _is_output(entry: Path, exclude: Path | None) -> bool:
    try:
        return exclude is not None and entry.resolve() == exclude
    except (OSError, RuntimeError):
        return False


def _scan(directory: Path, root: Path, exclude: Path | None) -> dict[str, BatchArticle]:
    articles: dict[str, BatchArticle] = {}
    for entry in sorted(directory.iterdir()):
        if entry.name.startswith((".", "_")) or _is_output(entry, exclude):
            continue
        leaves = entry.is_symlink() and not _inside(entry, root)
        if leaves and _flat_side(entry) is None:
            if entry.is_dir():  # a linked folder that leads out: never listed, never read
                articles[entry.name] = BatchArticle(entry.name, skipped=_escape_reason(entry, directory))
        elif not leaves and entry.is_dir():
            if (article := _folder_article(entry, directory, root)) is not None:
                articles[entry.name] = article
        elif (match := _flat_side(entry)) is not None and (leaves or entry.is_file()):
            name, side = match
            article = articles.setdefault(name, BatchArticle(name))
            if side in article.files:
                raise InputError(f"{directory}: two {side} files for article {name!r}")
            article.files[side] = entry
            if leaves and article.skipped is None:
                article.skipped = _escape_reason(entry, directory)
    return articles


def discover(directory: Path, exclude: Path | None = None) -> list[BatchArticle]:
    """The articles in ``directory``, sorted by name (see the module docstring for the layout).

    ``exclude``: a folder not to look into (the batch's output folder).
    """
    directory = Path(directory)
    if not directory.exists():
        raise InputError(f"{directory}: no such folder")
    if not directory.is_dir():
        raise InputError(f"{directory}: not a folder (batch takes a folder of articles)")
    root = directory.resolve()
    try:
        articles = _scan(directory, root, exclude.resolve() if exclude is not None else None)
    except OSError as error:
        raise InputError(f"cannot read folder {directory}: {error.strerror or error}") from None
    if not articles:
        raise InputError(
            f"{directory}: no articles found (expected NAME/target.de.txt sub-folders or NAME.de.txt files)"
        )
    return sorted(articles.values(), key=lambda a: a.name)
