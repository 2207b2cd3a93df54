"""Models shared by the runs of one command or one batch worker: ``mtcheck compare`` checks two
translations with the same settings, and a batch worker checks article after article; without this
each run would load the back-translation model (and COMET or MetricX, when set) again. The sentence
encoder needs none of it: :func:`mtcheck.embed.get_embedder` is process-wide already.

Inside a :func:`shared_models` block, :func:`reuse` makes each object once per key and hands the same
one to every later run; outside a block it makes a new one each time, as before (a long-lived process
still sees a model replaced on disk). The block is per thread (a context variable): a Dask worker's
threads each open it around their own check, over the one store their worker keeps.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

T = TypeVar("T")

#: the objects made inside the current block, by key (None: no block is open)
_STORE: ContextVar[dict[Hashable, Any] | None] = ContextVar("mtcheck_shared_models", default=None)
_MAKING = threading.Lock()  # two threads of one worker must not load the same model twice


@contextmanager
def shared_models(store: dict[Hashable, Any] | None = None) -> Iterator[None]:
    """Runs inside the block share what :func:`reuse` makes: in ``store`` (a batch worker keeps one for
    its lifetime), else in the enclosing block's store, else in a new one."""
    outer = _STORE.get()
    token = _STORE.set(store if store is not None else outer if outer is not None else {})
    try:
        yield
    finally:
        _STORE.reset(token)


def reuse(key: Hashable, make: Callable[[], T]) -> T:
    """``make()``, or inside a :func:`shared_models` block the object an earlier call made for ``key``.
    The key must name everything that changes what ``make`` builds."""
    store = _STORE.get()
    if store is None:
        return make()
    with _MAKING:
        if key not in store:
            store[key] = make()
        return store[key]
