"""``mtcheck batch DIR``: check every article in a corpus folder.

Layout (both kinds may be mixed in one folder):

* one sub-folder per article: ``NAME/target.de.txt`` (required), and optionally
  ``NAME/source.en.txt``, ``NAME/back_translation.en.txt``, ``NAME/reference.de.txt``
  (``.md``/``.html`` instead of ``.txt`` work too, and a bilingual ``target.de.xlf`` brings its own
  source; other files such as ``meta.toml`` are ignored);
* flat files matched by name: ``NAME.de.txt`` (target), ``NAME.en.txt`` (source),
  ``NAME.bt.en.txt`` (back-translation), ``NAME.ref.de.txt`` (reference).

Each article gets ``OUT/NAME/report.html`` and ``report.json``; ``OUT/index.html`` lists them all
in a sortable table. An article that cannot be read gives an error row and the batch goes on.
The batch passes only when every article passed the gate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from mtcheck.config import Settings
from mtcheck.io import atomic_write_text
from mtcheck.load import FORMAT_BY_SUFFIX
from mtcheck.load.xliff import XLIFF_SUFFIXES
from mtcheck.model import InputError, Side
from mtcheck.report.index import render_index

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
    """One article of a batch: its name and the files found for each side."""

    name: str
    files: dict[Side, Path]


@dataclass
class BatchEntry:
    name: str
    files: dict[Side, Path]
    status: str  # "pass" | "fail" | "error"
    error: str | None = None
    reasons: list[str] = field(default_factory=list)
    per_1000_words: float | None = None
    penalty: float | None = None
    words: int | None = None
    by_severity: dict[str, int] = field(default_factory=dict)
    scores: dict[str, float] = field(default_factory=dict)
    html: str | None = None  # report paths, relative to the output folder
    json: str | None = None


@dataclass
class BatchResult:
    entries: list[BatchEntry]
    index: Path

    @property
    def passed(self) -> bool:
        return bool(self.entries) and all(e.status == "pass" for e in self.entries)

    def count(self, status: str) -> int:
        return sum(1 for e in self.entries if e.status == status)

    @property
    def exit_code(self) -> int:
        """0 when every article passed, else 1 (an unreadable article fails the batch too)."""
        return 0 if self.passed else 1


def _with_extension(folder: Path, stem: str) -> Path | None:
    for extension in EXTENSIONS:
        candidate = folder / f"{stem}{extension}"
        if candidate.is_file():
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


def discover(directory: Path) -> list[BatchArticle]:
    """The articles in ``directory``, sorted by name (see the module docstring for the layout)."""
    if not directory.exists():
        raise InputError(f"{directory}: no such folder")
    if not directory.is_dir():
        raise InputError(f"{directory}: not a folder (batch takes a folder of articles)")
    articles: dict[str, BatchArticle] = {}
    for entry in sorted(directory.iterdir()):
        if entry.name.startswith((".", "_")):
            continue
        if entry.is_dir():
            files = {side: p for side, stem in FOLDER_FILES.items() if (p := _with_extension(entry, stem))}
            if files or any(child.suffix.lower() in EXTENSIONS for child in entry.iterdir()):
                articles[entry.name] = BatchArticle(entry.name, files)  # no target: an error row, not silence
        elif entry.is_file() and (match := _flat_side(entry)) is not None:
            name, side = match
            article = articles.setdefault(name, BatchArticle(name, {}))
            if side in article.files:
                raise InputError(f"{directory}: two {side} files for article {name!r}")
            article.files[side] = entry
    if not articles:
        raise InputError(
            f"{directory}: no articles found (expected NAME/target.de.txt sub-folders or NAME.de.txt files)"
        )
    return sorted(articles.values(), key=lambda a: a.name)


def _safe_folder_name(name: str) -> str:
    return re.sub(r"[^\w.-]+", "_", name).strip("._") or "article"


def run_batch(
    directory: Path,
    settings: Settings,
    out_dir: Path,
    console: Console | None = None,
) -> BatchResult:
    """Check every article, write its reports, and write ``out_dir/index.html``.

    ``console``: where the progress bar goes (None: no progress bar).
    """
    from mtcheck.pipeline import check
    from mtcheck.report.html import write_html
    from mtcheck.report.json_report import write_json

    directory, out_dir = Path(directory), Path(out_dir)
    articles = discover(directory)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(f"cannot create output folder {out_dir}: {error.strerror}") from None

    entries: list[BatchEntry] = []
    progress = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[stage]}", style="dim"),
        console=console,
        disable=console is None,
        transient=False,
    )
    used_folders: set[str] = set()
    with progress:
        task = progress.add_task("articles", total=len(articles), stage="")
        for article in articles:
            progress.update(task, description=article.name, stage="")
            entry = BatchEntry(article.name, dict(article.files), status="error")
            try:
                if "target" not in article.files:
                    raise InputError(f"no target.de.txt (or NAME.de.txt) for article {article.name!r}")

                def on_stage(stage: str) -> None:
                    progress.update(task, stage=stage)

                report = check(
                    target=article.files["target"],
                    source=article.files.get("source"),
                    back_translation=article.files.get("back_translation"),
                    reference=article.files.get("reference"),
                    settings=settings,
                    on_stage=on_stage,
                )
                assert report.mqm is not None and report.verdict is not None  # the pipeline's last stages
                folder_name = _safe_folder_name(article.name)
                while folder_name in used_folders:
                    folder_name += "_"
                used_folders.add(folder_name)
                folder = out_dir / folder_name
                folder.mkdir(exist_ok=True)
                write_html(report, folder / "report.html")
                write_json(report, folder / "report.json")
                entry.status = "pass" if report.verdict.passed else "fail"
                entry.reasons = list(report.verdict.reasons)
                entry.per_1000_words = report.mqm.per_1000_words
                entry.penalty = report.mqm.penalty
                entry.words = report.mqm.word_count
                entry.by_severity = dict(report.mqm.by_severity)
                entry.scores = {score.name: score.value for score in report.scores}
                entry.html = f"{folder_name}/report.html"
                entry.json = f"{folder_name}/report.json"
            except InputError as error:
                entry.error = str(error)
            except Exception as error:  # one broken article must not stop the batch
                entry.error = f"internal error: {type(error).__name__}: {error}"
            entries.append(entry)
            progress.advance(task)
        progress.update(task, description="done", stage="")

    index = out_dir / "index.html"
    atomic_write_text(index, render_index(entries, directory))
    return BatchResult(entries, index)
