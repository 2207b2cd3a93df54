"""Executors on this machine: in-process (library use, tests) and a pool of worker processes.

The pool is ours rather than ``concurrent.futures``: one article's crash or hang must cost only that
article. Each worker is a process with its own pipe; the parent can kill the one that runs over
``--article-timeout`` (or died) and start a fresh one, while the others carry on. A worker that dies
is given its article once more on a fresh process (the machine may have run short of memory); a
second death, or a timeout, makes the article an error row.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait

from mtcheck.batch.jobs import ArticleJob, ArticleResult, JobContext
from mtcheck.batch.worker import WorkerState, run_job, thread_environment, timeout_message
from mtcheck.model import InputError

# spawn, not fork: the parent runs threads (progress bar, model pools); a forked copy could deadlock
_MP = multiprocessing.get_context("spawn")


class InlineExecutor:
    """Checks articles one after another in this process (no isolation, no timeout)."""

    workers = 1

    def results(self, context: JobContext, jobs: Iterable[ArticleJob]) -> Iterator[ArticleResult]:
        state = WorkerState(context, name=f"inline:{os.getpid()}")
        for job in jobs:
            yield run_job(job, state)


def _worker_main(connection: Connection, context: JobContext) -> None:
    """A worker process: load once, then check what the parent sends until it sends None."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    try:
        state = WorkerState(context)
    except Exception as error:  # a setting every article would fail on: the batch stops
        message = str(error) if isinstance(error, InputError) else f"{type(error).__name__}: {error}"
        connection.send(("failed", message))
        return
    connection.send(("ready", state.name))
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        connection.send(("done", run_job(job, state)))


@contextlib.contextmanager
def _sigint_ignored() -> Iterator[None]:
    """A process started within the block ignores SIGINT from its first instruction on (the ignored
    disposition survives exec, and Python keeps it): Ctrl-C reaches the whole process group, and a
    worker still importing must not die of it while the parent stops the batch cleanly."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    connection: Connection
    ready: bool = False
    job: ArticleJob | None = None
    started: float = 0.0


class LocalPool:
    """``workers`` processes, each loading models once; results are yielded as they finish."""

    def __init__(self, workers: int) -> None:
        if workers < 1:
            raise InputError(f"--workers must be at least 1, got {workers}")
        self.workers = workers

    def results(self, context: JobContext, jobs: Iterable[ArticleJob]) -> Iterator[ArticleResult]:
        pool = _Pool(context, self.workers, iter(jobs))
        try:
            yield from pool.run()
        finally:
            pool.shutdown()


class _Pool:
    def __init__(self, context: JobContext, size: int, jobs: Iterator[ArticleJob]) -> None:
        self.context = context
        self.jobs = jobs  # pulled one at a time: a huge archive is never read into memory at once
        self.retry: deque[ArticleJob] = deque()
        self.exhausted = False
        self.size = size
        self.workers: list[_Worker] = []  # started with the first job: an unchanged archive starts none
        self.crashes: dict[str, int] = {}

    def _next_job(self) -> ArticleJob | None:
        if self.retry:
            return self.retry.popleft()
        if not self.exhausted:
            job = next(self.jobs, None)
            if job is not None:
                return job
            self.exhausted = True
        return None

    def _start(self) -> _Worker:
        parent, child = _MP.Pipe()
        process = _MP.Process(target=_worker_main, args=(child, self.context), daemon=True)
        with thread_environment(max(1, (os.cpu_count() or 1) // self.size)), _sigint_ignored():
            process.start()  # each worker gets its share of the cores, and leaves Ctrl-C to us
        child.close()
        return _Worker(process, parent)

    def _replace(self, worker: _Worker) -> int | None:
        """Kill (if needed) and replace a worker; returns its exit code."""
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join()
        worker.connection.close()
        self.workers[self.workers.index(worker)] = self._start()
        return worker.process.exitcode

    def run(self) -> Iterator[ArticleResult]:
        first = self._next_job()
        if first is None:
            return
        self.retry.append(first)
        self.workers = [self._start() for _ in range(self.size)]
        while True:
            for worker in self.workers:
                if worker.ready and worker.job is None and (job := self._next_job()) is not None:
                    worker.job, worker.started = job, time.monotonic()
                    worker.connection.send(job)
            if self.exhausted and not self.retry and all(w.job is None for w in self.workers):
                return
            yield from self._collect()

    def _wait_timeout(self) -> float:
        timeout = self.context.timeout
        busy = [w.started for w in self.workers if w.job is not None]
        if timeout is None or not busy:
            return 1.0
        return max(0.0, min(1.0, min(busy) + timeout - time.monotonic()))

    def _collect(self) -> Iterator[ArticleResult]:
        watched = [w.connection for w in self.workers] + [w.process.sentinel for w in self.workers]
        ready = set(wait(watched, timeout=self._wait_timeout()))
        for worker in list(self.workers):
            if worker.connection in ready:
                result = self._receive(worker)
            elif worker.process.sentinel in ready:
                result = self._died(worker)
            elif self._overdue(worker):
                result = self._timed_out(worker)
            else:
                continue
            if result is not None:
                yield result

    def _receive(self, worker: _Worker) -> ArticleResult | None:
        try:
            kind, payload = worker.connection.recv()
        except (EOFError, OSError):
            return self._died(worker)
        if kind == "failed":
            raise InputError(f"a batch worker could not start: {payload}")
        if kind == "ready":
            worker.ready = True
            return None
        worker.job = None
        return payload

    def _overdue(self, worker: _Worker) -> bool:
        timeout = self.context.timeout
        return worker.job is not None and timeout is not None and time.monotonic() - worker.started > timeout

    def _timed_out(self, worker: _Worker) -> ArticleResult:
        job = worker.job
        assert job is not None and self.context.timeout is not None
        self._replace(worker)
        return ArticleResult(job.name, job.folder, error=timeout_message(self.context.timeout))

    def _died(self, worker: _Worker) -> ArticleResult | None:
        job = worker.job
        code = self._replace(worker)
        if job is None:
            if not worker.ready:  # died while loading: every worker would
                raise InputError(f"a batch worker died while loading models (exit code {code})")
            return None
        self.crashes[job.name] = self.crashes.get(job.name, 0) + 1
        if self.crashes[job.name] < 2:
            self.retry.append(job)  # once more, on a fresh worker
            return None
        message = f"the worker checking it died twice (exit code {code})"
        return ArticleResult(job.name, job.folder, error=message)

    def shutdown(self) -> None:
        for worker in self.workers:
            if worker.job is None and worker.process.is_alive():
                with contextlib.suppress(OSError):
                    worker.connection.send(None)
        deadline = time.monotonic() + 2.0
        for worker in self.workers:
            worker.process.join(max(0.0, deadline - time.monotonic()))
            if worker.process.is_alive():
                worker.process.kill()  # busy (Ctrl-C) or stuck: its article is not finished anyway
                worker.process.join()
            worker.connection.close()
