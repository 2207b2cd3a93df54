"""``run_batch``: discover, skip what is unchanged, check the rest on an executor, write as results come."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from rich.console import Console

from mtcheck.batch.ci import write_ci_reports
from mtcheck.batch.discover import BatchArticle, discover
from mtcheck.batch.entries import BatchEntry, BatchResult
from mtcheck.batch.jobs import ArticleJob, ArticleResult, JobContext, read_job
from mtcheck.batch.outputs import check_output_folder, folder_names, stored_report, write_article, write_index
from mtcheck.batch.progress import BatchProgress
from mtcheck.config import Settings
from mtcheck.model import InputError

#: the index is rewritten at most this often while results stream in (and once at the end), and never
#: more often than 10× the time one rewrite takes (a huge archive's index takes a while to render)
INDEX_EVERY = 5.0


class Executor(Protocol):
    def results(self, context: JobContext, jobs: Iterator[ArticleJob]) -> Iterator[ArticleResult]: ...


@dataclass
class BatchOptions:
    executor: Executor | None = None  # None: in this process, one article after another
    force: bool = False  # re-check articles whose report is up to date
    article_timeout: float | None = None
    junit: Path | None = None
    sarif: Path | None = None
    log: Console | None = None  # one line per article (stdout in the CLI)
    quiet: bool = False  # log only failures and errors


class _Batch:
    def __init__(self, directory: Path, out_dir: Path, context: JobContext, options: BatchOptions) -> None:
        self.directory, self.out_dir, self.context, self.options = directory, out_dir, context, options
        self.entries: dict[str, BatchEntry] = {}
        self.pending: dict[str, tuple[str, str]] = {}  # article → (report folder, input hash)
        self.peak_mb: dict[str, float] = {}
        self.progress: BatchProgress | None = None
        self.last_index = time.monotonic()
        self.index_cost = 0.0

    def jobs(self, articles: list[BatchArticle]) -> Iterator[ArticleJob]:
        """The articles that need checking, read lazily; the others are settled on the way."""
        folders = folder_names([a.name for a in articles])
        for article in articles:
            entry = self.entries[article.name] = BatchEntry(article.name, dict(article.files), status="error")
            job = self._settle(article, entry, folders[article.name])
            if job is None:
                self._done(entry)
            else:
                yield job

    def _settle(self, article: BatchArticle, entry: BatchEntry, folder: str) -> ArticleJob | None:
        """The job to run, or None when the article is settled without a check (skipped, unreadable,
        or unchanged since its last report)."""
        if article.skipped is not None:
            entry.status, entry.error, entry.files = "skipped", article.skipped, {}
            return None
        if article.error is not None:
            entry.error = article.error
            return None
        try:
            job = read_job(article.name, folder, article.files, self.context)
        except InputError as error:
            entry.error = str(error)
            return None
        stored = None if self.options.force else stored_report(self.out_dir, folder, job.input_hash)
        if stored is None:
            entry.status = "pending"
            self.pending[article.name] = (folder, job.input_hash)
            return job
        entry.fill_from_report(stored, folder)
        entry.unchanged = True
        return None

    def _done(self, entry: BatchEntry) -> None:
        assert self.progress is not None
        self.progress.advance(entry)
        if time.monotonic() - self.last_index >= max(INDEX_EVERY, 10 * self.index_cost):
            self.write_index()

    def write_index(self) -> Path:
        start = time.monotonic()
        finished = [e for e in self.entries.values() if e.status != "pending"]
        index = write_index(self.out_dir, finished, self.directory)
        self.last_index = time.monotonic()
        self.index_cost = self.last_index - start
        return index

    def record(self, result: ArticleResult) -> None:
        entry = self.entries[result.name]
        entry.seconds, entry.worker = result.seconds, result.worker or None
        if result.peak_mb is not None and result.worker:
            self.peak_mb[result.worker] = max(self.peak_mb.get(result.worker, 0.0), result.peak_mb)
        if result.error is not None:
            entry.status, entry.error = "error", result.error
        else:
            entry.fill_from_report(write_article(self.out_dir, result), result.folder)
        self._done(entry)

    def interrupted(self) -> None:
        """Only finished articles stay: the index, JUnit and SARIF list what was checked. Ctrl-C may
        land between writing an article's report.json and recording it: such a report counts."""
        for name, entry in self.entries.items():
            if entry.status == "pending" and name in self.pending:
                folder, input_hash = self.pending[name]
                stored = stored_report(self.out_dir, folder, input_hash)
                if stored is not None:
                    entry.fill_from_report(stored, folder)
        self.entries = {name: e for name, e in self.entries.items() if e.status != "pending"}


def make_executor(kind: str = "local", workers: int | None = None, scheduler: str | None = None) -> Executor:
    """The executor the CLI's ``--executor``, ``--workers`` and ``--scheduler`` describe."""
    if kind == "dask":
        if not scheduler:
            raise InputError(
                "--executor dask needs --scheduler tcp://HOST:8786 (the Dask scheduler's address)"
            )
        from mtcheck.batch.dask_executor import DaskExecutor

        return DaskExecutor(scheduler)
    if scheduler:
        raise InputError("--scheduler is for --executor dask")
    from mtcheck.batch.local import LocalPool

    return LocalPool(workers if workers is not None else os.cpu_count() or 1)


def run_batch(
    directory: Path,
    settings: Settings,
    out_dir: Path,
    console: Console | None = None,
    options: BatchOptions | None = None,
) -> BatchResult:
    """Check every article, write its reports as it finishes, and write ``out_dir/index.html``.

    ``console``: where progress goes (None: none). Articles whose report is up to date (same input
    hash) are not checked again unless ``options.force``. Ctrl-C stops the batch: the reports written
    so far are kept and the index lists what was finished (``result.interrupted``).
    """
    from mtcheck.batch.local import InlineExecutor
    from mtcheck.checks.engine import validate_settings

    options = options or BatchOptions()
    directory, out_dir = Path(directory), Path(out_dir)
    check_output_folder(directory, out_dir, create=False)
    validate_settings(settings)  # a typo in a check id is one error, not one per worker
    articles = discover(directory, exclude=out_dir)
    context = JobContext.build(settings, options.article_timeout)
    check_output_folder(directory, out_dir, create=True)
    executor = options.executor or InlineExecutor()
    batch = _Batch(directory, out_dir, context, options)
    start = time.monotonic()
    interrupted = False
    with BatchProgress(len(articles), console, options.log, options.quiet) as batch.progress:
        results = executor.results(context, batch.jobs(articles))
        with closing(results):  # type: ignore[type-var]
            try:
                for result in results:
                    batch.record(result)
            except KeyboardInterrupt:
                interrupted = True
                batch.interrupted()
    entries = sorted(batch.entries.values(), key=lambda e: e.name)
    index = batch.write_index()
    write_ci_reports(entries, out_dir, options.junit, options.sarif)
    return BatchResult(entries, index, interrupted, batch.peak_mb, time.monotonic() - start)
