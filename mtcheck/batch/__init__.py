"""``mtcheck batch DIR``: check every article in a folder, on all cores or on a Dask cluster.

* :mod:`~mtcheck.batch.discover`: which files make up which article (and which must not be read);
* :mod:`~mtcheck.batch.jobs`: what goes to a worker (bytes) and the input hash of incremental runs;
* :mod:`~mtcheck.batch.worker`: checking one article in a worker that loaded its models once;
* :mod:`~mtcheck.batch.local`, :mod:`~mtcheck.batch.dask_executor`: where the workers run;
* :mod:`~mtcheck.batch.run`: the batch itself; :mod:`~mtcheck.batch.outputs`,
  :mod:`~mtcheck.batch.ci`, :mod:`~mtcheck.batch.progress`: what it writes and prints.

Each article gets ``OUT/NAME/report.html``, ``report.json``, ``report.sarif`` and
``report.junit.xml``; ``OUT/index.html`` lists them all in a sortable table. An article that cannot
be read gives an error row and the batch goes on. The batch passes only when every article passed
the gate.
"""

from __future__ import annotations

from mtcheck.batch.discover import BatchArticle, discover
from mtcheck.batch.entries import STATUSES, BatchEntry, BatchResult, entry_status
from mtcheck.batch.progress import summary_lines
from mtcheck.batch.run import BatchOptions, make_executor, run_batch

__all__ = [
    "STATUSES",
    "BatchArticle",
    "BatchEntry",
    "BatchOptions",
    "BatchResult",
    "discover",
    "entry_status",
    "make_executor",
    "run_batch",
    "summary_lines",
]
