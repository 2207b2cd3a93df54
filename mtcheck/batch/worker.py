"""The worker side of a batch: check one article sent as bytes, return its reports as text.

A worker process builds one :class:`WorkerState` per batch (the glossary parsed, the models and
lexicons loaded by a warm-up check), then checks article after article with it. The same code runs
in-process, in a local worker process and on a Dask worker, so every mode writes the same reports.
"""

from __future__ import annotations

import json
import os
import resource
import socket
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from mtcheck.batch.jobs import ArticleJob, ArticleResult, JobContext
from mtcheck.model import InputError, Report

if TYPE_CHECKING:
    from mtcheck.load.glossary import Glossary

# A short article that makes every stage load what it needs (encoder, lexicons, language models).
_WARM_UP = (
    "Die Regierung hat am Montag in Berlin einen neuen Haushalt vorgestellt. "
    "Er sieht höhere Ausgaben für Schulen vor, sagte die Ministerin.",
    "The government presented a new budget in Berlin on Monday. "
    "It includes higher spending on schools, the minister said.",
)


def peak_memory_mb() -> float:
    """This process's peak resident memory (ru_maxrss is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


#: what the thread pools of numpy's BLAS and the models read when a process starts
THREAD_VARIABLES = ("MTCHECK_EMBED_THREADS", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


@contextmanager
def thread_environment(threads: int) -> Iterator[None]:
    """Processes started within the block use ``threads`` compute threads: several workers that each
    spin a BLAS thread per core would slow every one of them down."""
    saved = {name: os.environ.get(name) for name in THREAD_VARIABLES}
    os.environ.update(dict.fromkeys(THREAD_VARIABLES, str(threads)))
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


class WorkerState:
    """Per-process resources for one batch context, loaded once."""

    def __init__(self, context: JobContext, name: str | None = None) -> None:
        from mtcheck.embed import get_embedder
        from mtcheck.load import provided_files
        from mtcheck.load.glossary import load_glossary

        self.context = context
        self.name = name or f"{socket.gethostname()}:{os.getpid()}"
        self.embedder = get_embedder(context.settings.embedder)
        self.models: dict = {}  # back-translation, COMET, MetricX: loaded by the first check, then reused
        self.glossary: Glossary | None = None
        if context.settings.glossary is not None:
            with provided_files(context.provided()):
                self.glossary = load_glossary(context.settings.glossary)
        self._warm_up()

    def _warm_up(self) -> None:
        from mtcheck.load import article_from_text

        german, english = _WARM_UP
        self.check(article_from_text(german, "target", "de"), article_from_text(english, "source", "en"))

    def check(self, target: object, source: object = None, **sides: object) -> Report:
        from mtcheck.pipeline import load_report, run_stages
        from mtcheck.run import Run
        from mtcheck.shared import shared_models

        settings = self.context.settings
        with shared_models(self.models):
            report = load_report(target, source, settings=settings, **sides)  # type: ignore[arg-type]
            return run_stages(Run(report, settings, embedder=self.embedder, glossary=self.glossary))


def render_outputs(report: Report) -> dict[str, str]:
    """The four report files of one article, as text."""
    from mtcheck.report.html import render_html
    from mtcheck.report.json_report import report_to_json
    from mtcheck.report.junit import report_to_junit_xml
    from mtcheck.report.sarif import report_to_sarif

    sarif = json.dumps(report_to_sarif(report), ensure_ascii=False, indent=2) + "\n"
    return {
        "report.html": render_html(report),
        "report.sarif": sarif,
        "report.junit.xml": report_to_junit_xml(report),
        "report.json": report_to_json(report),
    }


def _check_job(job: ArticleJob, state: WorkerState) -> dict[str, str]:
    from mtcheck.load import provided_files

    sides = {side: Path(path) for side, path in job.paths.items() if side != "target"}
    with provided_files({**state.context.provided(), **job.data}):
        report = state.check(Path(job.paths["target"]), **sides)
    report.input_hash = job.input_hash
    return render_outputs(report)


def run_job(job: ArticleJob, state: WorkerState) -> ArticleResult:
    """Check one article; bad input or a bug in a check gives an error result, never an exception."""
    result = ArticleResult(job.name, job.folder, worker=state.name)
    start = time.perf_counter()
    try:
        result.outputs = _check_job(job, state)
    except InputError as error:
        result.error = str(error)
    except Exception as error:  # one broken article must not stop the batch
        result.error = f"internal error: {type(error).__name__}: {error}"
    result.seconds = time.perf_counter() - start
    result.peak_mb = peak_memory_mb()
    return result


def run_job_with_timeout(job: ArticleJob, state: WorkerState, timeout: float | None) -> ArticleResult:
    """:func:`run_job` within ``timeout`` seconds, for workers that cannot be killed per article
    (Dask threads): on a timeout the check is abandoned (it finishes in the background) and an error
    result is returned at once."""
    if timeout is None:
        return run_job(job, state)
    box: list[ArticleResult] = []
    thread = threading.Thread(target=lambda: box.append(run_job(job, state)), daemon=True)
    thread.start()
    thread.join(timeout)
    if box:
        return box[0]
    return ArticleResult(
        job.name,
        job.folder,
        error=timeout_message(timeout),
        seconds=timeout,
        worker=state.name,
        peak_mb=peak_memory_mb(),
    )


def timeout_message(timeout: float) -> str:
    return f"timed out after {timeout:g} s (--article-timeout)"
