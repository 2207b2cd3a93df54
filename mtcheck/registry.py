"""One registry type for everything mtcheck looks up by name: checks, metrics, sentence encoders
and back-translation backends. A plug-in adds itself with ``REGISTRY.register(name)`` (or
``add``); a user's unknown name is an :class:`InputError` that lists the known ones."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

from mtcheck.model import InputError

T = TypeVar("T")


class Registry(Generic[T]):
    """name → entry, in registration order."""

    def __init__(self, kind: str, loader: Callable[[], object] | None = None):
        self.kind = kind  # how error messages name an entry: "check", "metric", …
        self._entries: dict[str, T] = {}
        self._loader = loader  # imports the built-in modules that register themselves
        self._loaded = loader is None

    def _load(self) -> None:
        if not self._loaded:
            self._loaded = True
            assert self._loader is not None
            self._loader()

    def add(self, name: str, entry: T) -> T:
        if name in self._entries:
            raise ValueError(f"{self.kind} {name!r} registered twice")
        self._entries[name] = entry
        return entry

    def remove(self, name: str) -> T:
        """Take an entry out again (a plug-in unloaded, a test's own check)."""
        return self._entries.pop(name)

    def register(self, name: str) -> Callable[[T], T]:
        """Decorator form of :meth:`add`."""

        def decorate(entry: T) -> T:
            return self.add(name, entry)

        return decorate

    def get(self, name: str) -> T:
        self._load()
        try:
            return self._entries[name]
        except KeyError:
            known = ", ".join(sorted(self._entries))
            raise InputError(f"unknown {self.kind} {name!r} (known: {known})") from None

    __getitem__ = get

    def names(self) -> list[str]:
        self._load()
        return list(self._entries)

    def items(self) -> list[tuple[str, T]]:
        self._load()
        return list(self._entries.items())

    def values(self) -> list[T]:
        self._load()
        return list(self._entries.values())

    def __contains__(self, name: object) -> bool:
        self._load()
        return name in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(self.names())

    def __len__(self) -> int:
        self._load()
        return len(self._entries)
