"""On-disk cache of back-translations (SQLite, through :class:`mtcheck.cache.SqliteCache`).

One row per (backend, model id, revision, generation settings, sentence). A second check of
the same article finds every sentence here and makes no model call. A corrupt file is rebuilt and
an unwritable one skipped, each with a warning in the report.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterable
from pathlib import Path

from mtcheck.cache import BACKTRANSLATION_FILE, CacheFile, Schema, SqliteCache
from mtcheck.io import cache_root

CACHE_FILE = BACKTRANSLATION_FILE
SCHEMA = Schema(
    version=1,
    columns={"translations": ("key", "model", "output", "created")},
    ddl="CREATE TABLE translations ("
    "key TEXT PRIMARY KEY, model TEXT NOT NULL, output TEXT NOT NULL, created REAL NOT NULL)",
)


def cache_key(backend: str, model_id: str, revision: str, generation_key: str, text: str) -> str:
    payload = json.dumps([backend, model_id, revision, generation_key, text], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class TranslationCache:
    def __init__(self, cache_dir: Path | str) -> None:
        self.path = Path(cache_dir) / CACHE_FILE
        self._store = SqliteCache(self.path, "back-translation", SCHEMA)

    def get_many(self, keys: Iterable[str]) -> dict[str, str]:
        keys = list(dict.fromkeys(keys))
        if not keys:
            return {}

        def read(connection) -> dict[str, str]:
            found: dict[str, str] = {}
            for start in range(0, len(keys), 500):  # stay under SQLite's bound-parameter limit
                chunk = keys[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows = connection.execute(
                    f"SELECT key, output FROM translations WHERE key IN ({marks})", chunk
                )
                found.update(rows)
            return found

        return self._store.read(read, {})

    def put_many(self, model: str, items: dict[str, str]) -> None:
        if not items:
            return
        now = time.time()
        self._store.write(
            lambda connection: connection.executemany(
                "INSERT OR REPLACE INTO translations (key, model, output, created) VALUES (?, ?, ?, ?)",
                [(key, model, output, now) for key, output in items.items()],
            )
        )

    def models(self) -> dict[str, int]:
        query = "SELECT model, COUNT(*) FROM translations GROUP BY model ORDER BY model"
        return self._store.read(lambda connection: dict(connection.execute(query).fetchall()), {})


def cache_info(cache_dir: Path | str | None = None) -> dict:
    """Where the cache is, how big it is and how many sentences per model it holds."""
    root = cache_root(cache_dir)
    if root is None:
        return {"path": "caching is switched off (MTCHECK_CACHE_DIR=off)", "exists": False, "entries": 0}
    cache = TranslationCache(root)
    file = CacheFile("back-translations", cache.path, "translations")
    info: dict = {"path": str(cache.path), "exists": cache.path.exists()}
    info.update(entries=0, bytes=0, models={})
    if not cache.path.exists():
        return info
    entries = file.entries()
    info["entries"] = entries if entries is not None else "unreadable (rebuilt on the next check)"
    info["models"] = cache.models() if entries else {}
    info["bytes"] = file.size()
    return info


def cache_clear(cache_dir: Path | str | None = None) -> int:
    """Delete the back-translation cache; returns how many entries it held (0 if it was unreadable)."""
    root = cache_root(cache_dir)
    if root is None:
        return 0
    return CacheFile("back-translations", root / CACHE_FILE, "translations").clear() or 0
