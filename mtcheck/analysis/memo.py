"""Analysis results kept on disk across runs (``analysis.sqlite3`` in the cache folder).

A warm re-check asks the same questions again: HanTa's tags of each sentence (about half of a long
article's warm check), the word frequencies of its words and the language of each article. Results
are stored by (kind, SHA-1 of the input) through :class:`mtcheck.cache.SqliteCache` (a corrupt file
or one of another schema is rebuilt with a warning, an unwritable one skipped); the kind names what
the answer depends on (library version, model), so an upgrade never reads a stale answer. Reading
one key opens a connection (~0.5 ms), so callers with many keys read them in one query
(``get_many``, ``prefetch``). New results are written in batches, not one transaction per
sentence: when ``FLUSH_AT`` are pending and when the process exits.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import sqlite3
import threading
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from mtcheck.cache import ANALYSIS_FILE, Schema, SqliteCache

MEMO_SCHEMA = Schema(
    version=1,
    columns={"memo": ("kind", "key", "value")},
    ddl="CREATE TABLE memo (kind TEXT NOT NULL, key NOT NULL, value NOT NULL, PRIMARY KEY (kind, key))",
)
FLUSH_AT = 256
READ_CHUNK = 500  # keys per query of get_many (SQLite allows 999 parameters by default)


class AnalysisMemo:
    def __init__(self, store: SqliteCache | None) -> None:
        self.store = store
        self._pending: dict[tuple[str, bytes], str] = {}
        self._read_ahead: dict[tuple[str, bytes], Any] = {}  # prefetched, each taken by its first get
        self._lock = threading.Lock()

    @staticmethod
    def key(text: str) -> bytes:
        return hashlib.sha1(text.encode("utf-8")).digest()

    def get(self, kind: str, key: bytes) -> Any | None:
        with self._lock:
            pending = self._pending.get((kind, key))
            ahead = self._read_ahead.pop((kind, key), None)
        if ahead is not None:
            return ahead
        if pending is not None:
            return json.loads(pending)
        if self.store is None:
            return None

        def read(connection: sqlite3.Connection) -> str | None:
            query = "SELECT value FROM memo WHERE kind = ? AND key = ?"
            row = connection.execute(query, (kind, key)).fetchone()
            return None if row is None else str(row[0])

        found = self.store.read(read, None)
        return None if found is None else json.loads(found)

    def get_many(self, kind: str, keys: Iterable[bytes]) -> dict[bytes, Any]:
        """The stored results of those ``keys`` that have one, in one read: one connection instead of
        one per key (~0.5 ms each), for thousands of small lookups such as word frequencies."""
        wanted = list(dict.fromkeys(keys))
        with self._lock:
            pending = {key: self._pending.get((kind, key)) for key in wanted}
        found = {key: json.loads(value) for key, value in pending.items() if value is not None}
        wanted = [key for key in wanted if key not in found]
        if self.store is None or not wanted:
            return found

        def read(connection: sqlite3.Connection) -> list[tuple[bytes, str]]:
            rows: list[tuple[bytes, str]] = []
            for start in range(0, len(wanted), READ_CHUNK):
                chunk = wanted[start : start + READ_CHUNK]
                marks = ",".join("?" * len(chunk))
                query = f"SELECT key, value FROM memo WHERE kind = ? AND key IN ({marks})"
                rows += connection.execute(query, (kind, *chunk)).fetchall()
            return rows

        for key, value in self.store.read(read, []):
            found[bytes(key)] = json.loads(value)
        return found

    def prefetch(self, kind: str, keys: Iterable[bytes]) -> None:
        """Read the stored results of ``keys`` now, in one query, for the ``get`` calls that follow
        one by one (each would open its own connection). What an earlier prefetch of ``kind`` read
        and nobody took is dropped, so a long batch run does not pile them up."""
        found = self.get_many(kind, keys)
        with self._lock:
            self._read_ahead = {k: v for k, v in self._read_ahead.items() if k[0] != kind}
            self._read_ahead.update(((kind, key), value) for key, value in found.items())

    def put(self, kind: str, key: bytes, value: Any) -> None:
        if self.store is None:
            return
        with self._lock:
            self._pending[(kind, key)] = json.dumps(value, ensure_ascii=False)
            full = len(self._pending) >= FLUSH_AT
        if full:
            self.flush()

    def flush(self) -> None:
        with self._lock:
            rows = [(kind, key, value) for (kind, key), value in self._pending.items()]
            self._pending.clear()
        if rows and self.store is not None:
            self.store.write(lambda c: c.executemany("INSERT OR REPLACE INTO memo VALUES (?, ?, ?)", rows))

    def cached(self, kind: str, text: str, compute: Callable[[], Any]) -> Any:
        """``compute()``'s result for ``text``, from disk when an earlier run stored it."""
        key = self.key(text)
        found = self.get(kind, key)
        if found is None:
            found = compute()
            self.put(kind, key, found)
        return found


@lru_cache(maxsize=1)
def analysis_memo() -> AnalysisMemo:
    """The memo of this process's cache folder (none when caching is switched off)."""
    from mtcheck.io import cache_root

    root = cache_root()
    memo = AnalysisMemo(SqliteCache(root / ANALYSIS_FILE, "analysis", MEMO_SCHEMA) if root else None)
    atexit.register(memo.flush)
    return memo
