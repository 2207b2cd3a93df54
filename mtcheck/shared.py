"""Models shared by the runs of one command: ``mtcheck compare`` checks two translations with the same
settings, and without this would load the back-translation model (and COMET or MetricX, when set)
once per translation. The sentence encoder needs none of it: :func:`mtcheck.embed.get_embedder` is
process-wide already.

Inside a :func:`shared_models` block, :func:`reuse` makes each object once per key and hands the same
one to every later run; outside a block it makes a new one each time, as before (a long-lived process
still sees a model replaced on disk).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")

#: the objects made inside the current block, by key (None: no block is open)
_STORE: dict[Hashable, Any] | None = None


@contextmanager
def shared_models() -> Iterator[None]:
    """Runs inside the block share what :func:`reuse` makes (a nested block joins the outer one)."""
    global _STORE
    outer = _STORE
    _STORE = {} if outer is None else outer
    try:
        yield
    finally:
        _STORE = outer


def reuse(key: Hashable, make: Callable[[], T]) -> T:
    """``make()``, or inside a :func:`shared_models` block the object an earlier call made for ``key``.
    The key must name everything that changes what ``make`` builds."""
    if _STORE is None:
        return make()
    if key not in _STORE:
        _STORE[key] = make()
    return _STORE[key]
