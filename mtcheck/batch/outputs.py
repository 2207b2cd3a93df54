"""The batch's files: one folder of reports per article, kept between runs, and the index."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from mtcheck.batch.entries import BatchEntry
from mtcheck.batch.jobs import REPORT_FILES, ArticleResult
from mtcheck.io import atomic_write_text
from mtcheck.model import InputError


def check_output_folder(directory: Path, out_dir: Path, create: bool) -> None:
    """Refuse an output folder that would mix reports into the articles (before anything is read);
    with ``create``, make it."""
    try:
        same = out_dir.resolve() == directory.resolve()
    except (OSError, RuntimeError):
        same = False
    if same:
        raise InputError(f"--out {out_dir} is the input folder: give the reports a folder of their own")
    if not create:
        return
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(f"cannot create output folder {out_dir}: {error.strerror}") from None


def _safe_folder_name(name: str) -> str:
    return re.sub(r"[^\w.-]+", "_", name).strip("._") or "article"


def folder_names(names: list[str]) -> dict[str, str]:
    """A distinct output sub-folder per article name (names are sorted, so this is stable)."""
    used: set[str] = set()
    folders: dict[str, str] = {}
    for name in names:
        folder = _safe_folder_name(name)
        while folder in used:
            folder += "_"
        used.add(folder)
        folders[name] = folder
    return folders


def stored_report(out_dir: Path, folder: str, input_hash: str) -> dict[str, Any] | None:
    """The article's report from an earlier run, when its inputs are unchanged and its files complete."""
    path = out_dir / folder / "report.json"
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(report, dict) or report.get("input_hash") != input_hash:
        return None
    if not all((out_dir / folder / name).is_file() for name in REPORT_FILES):
        return None
    return report


def write_article(out_dir: Path, result: ArticleResult) -> dict[str, Any]:
    """Write one article's reports (report.json last: it marks the article done); returns its JSON."""
    folder = out_dir / result.folder
    for name in REPORT_FILES:
        atomic_write_text(folder / name, result.outputs[name])
    return json.loads(result.outputs["report.json"])


def write_index(out_dir: Path, entries: list[BatchEntry], directory: Path) -> Path:
    from mtcheck.report.index import render_index

    index = out_dir / "index.html"
    atomic_write_text(index, render_index(sorted(entries, key=lambda e: e.name), directory))
    return index
