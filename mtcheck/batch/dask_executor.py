"""``--executor dask``: the same batch on an existing Dask distributed cluster.

Articles go to the workers as bytes and reports come back as text; the client writes every file and
builds the index, so workers need mtcheck installed (``pip install 'mtcheck[dask]'`` from the
repository) but no access to the input or output folders. Each worker process loads the models once
(:func:`check_on_worker` keeps its :class:`WorkerState`). When a worker dies, the scheduler gives
its articles to another worker (Dask's own retry, ``distributed.scheduler.allowed-failures``).
"""

from __future__ import annotations

import itertools
import os
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from mtcheck.batch.jobs import ArticleJob, ArticleResult, JobContext
from mtcheck.batch.worker import WorkerState, run_job_with_timeout
from mtcheck.model import InputError

_STATES: dict[str, WorkerState] = {}
_LOCK = threading.Lock()

#: articles in flight per worker thread: enough to keep workers busy, few enough to stream
IN_FLIGHT_PER_THREAD = 2


def _import_distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise InputError(
            "--executor dask needs Dask distributed: pip install 'mtcheck[dask]' (or 'dask[distributed]')"
        ) from None
    return distributed


def check_on_worker(context: JobContext, job: ArticleJob) -> ArticleResult:
    """The task a Dask worker runs: its state is built on the first article of a batch and kept."""
    with _LOCK:
        state = _STATES.get(context.digest)
        if state is None:
            from distributed import get_worker

            _STATES.clear()  # one batch at a time per worker: drop the previous one's resources
            # the nanny gives its workers OMP_NUM_THREADS (1 by default): the encoder follows it
            os.environ.setdefault("MTCHECK_EMBED_THREADS", os.environ.get("OMP_NUM_THREADS", "1"))
            state = _STATES[context.digest] = WorkerState(context, name=get_worker().address)
    return run_job_with_timeout(job, state, context.timeout)  # the state may come from a run without one


class DaskExecutor:
    """Runs the batch on the cluster at ``scheduler`` (an address such as tcp://host:8786, or a
    ``distributed.Client`` to use as it is)."""

    def __init__(self, scheduler: Any, task: Callable[[JobContext, ArticleJob], ArticleResult] | None = None):
        self.distributed = _import_distributed()
        self.scheduler = scheduler
        self.task = task or check_on_worker
        self.workers = 0

    def _client(self) -> tuple[Any, bool]:
        if isinstance(self.scheduler, self.distributed.Client):
            return self.scheduler, False
        try:
            return self.distributed.Client(self.scheduler, timeout="30s"), True
        except (OSError, TimeoutError, ValueError) as error:
            raise InputError(f"cannot reach the Dask scheduler at {self.scheduler}: {error}") from None

    def results(self, context: JobContext, jobs: Iterable[ArticleJob]) -> Iterator[ArticleResult]:
        client, owned = self._client()
        futures: dict[Any, ArticleJob] = {}
        try:
            threads = sum(client.nthreads().values()) or 1
            self.workers = len(client.nthreads())
            # once per worker, not per article; hash=False: a context equal but for its timeout is not reused
            shared = client.scatter(context, broadcast=True, hash=False)
            pending = iter(jobs)  # pulled as slots free up: the archive is never all in memory
            completed = self.distributed.as_completed()
            for job in itertools.islice(pending, threads * IN_FLIGHT_PER_THREAD):
                self._submit(client, completed, futures, shared, job)
            for future in completed:
                job = futures.pop(future)
                yield self._result(future, job)
                if (following := next(pending, None)) is not None:
                    self._submit(client, completed, futures, shared, following)
        finally:
            if futures:
                client.cancel(list(futures))
            if owned:
                client.close()

    def _submit(self, client: Any, completed: Any, futures: dict, shared: Any, job: ArticleJob) -> None:
        key = f"mtcheck-{job.folder}-{uuid.uuid4().hex}"  # unique: a client may run several batches
        future = client.submit(self.task, shared, job, key=key, pure=False)
        futures[future] = job
        completed.add(future)

    def _result(self, future: Any, job: ArticleJob) -> ArticleResult:
        try:
            return future.result()
        except InputError:  # a worker could not load what every article needs (run_job catches the rest)
            raise
        except self.distributed.KilledWorker as error:
            message = f"the Dask workers checking it died repeatedly ({error})"
        except Exception as error:  # the task raised outside run_job (e.g. mtcheck missing on a worker)
            message = f"internal error on the Dask worker: {type(error).__name__}: {error}"
        return ArticleResult(job.name, job.folder, error=message)
