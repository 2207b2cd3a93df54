"""On-disk cache of back-translations (SQLite).

One row per (backend, model id, revision, generation settings, sentence). A second check of
the same article finds every sentence here and makes no model call.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Iterable
from contextlib import closing
from pathlib import Path

from mtcheck.io import cache_root

CACHE_FILE = "backtranslation.sqlite3"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    key TEXT PRIMARY KEY,
    model TEXT NOT NULL,
    output TEXT NOT NULL,
    created REAL NOT NULL
)
"""


def cache_key(backend: str, model_id: str, revision: str, generation_key: str, text: str) -> str:
    payload = json.dumps([backend, model_id, revision, generation_key, text], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class TranslationCache:
    def __init__(self, cache_dir: Path | str) -> None:
        self.path = Path(cache_dir) / CACHE_FILE

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # A batch run may check several articles at once: wait for the lock instead of failing.
        conn = sqlite3.connect(self.path, timeout=30)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute(_SCHEMA)
        return conn

    def get_many(self, keys: Iterable[str]) -> dict[str, str]:
        keys = list(dict.fromkeys(keys))
        if not keys or not self.path.exists():
            return {}
        found: dict[str, str] = {}
        with closing(self._connect()) as conn:
            for start in range(0, len(keys), 500):  # stay under SQLite's bound-parameter limit
                chunk = keys[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows = conn.execute(f"SELECT key, output FROM translations WHERE key IN ({marks})", chunk)
                found.update(rows)
        return found

    def put_many(self, model: str, items: dict[str, str]) -> None:
        if not items:
            return
        now = time.time()
        with closing(self._connect()) as conn, conn:
            conn.executemany(
                "INSERT OR REPLACE INTO translations (key, model, output, created) VALUES (?, ?, ?, ?)",
                [(key, model, output, now) for key, output in items.items()],
            )


def cache_info(cache_dir: Path | str | None = None) -> dict:
    """Where the cache is, how big it is and how many sentences per model it holds."""
    root = cache_root(cache_dir)
    if root is None:
        return {"path": "caching is switched off (MTCHECK_CACHE_DIR=off)", "exists": False, "entries": 0}
    cache = TranslationCache(root)
    info: dict = {"path": str(cache.path), "exists": cache.path.exists()}
    info.update(entries=0, bytes=0, models={})
    if not cache.path.exists():
        return info
    with closing(cache._connect()) as conn:
        query = "SELECT model, COUNT(*) FROM translations GROUP BY model ORDER BY model"
        rows = conn.execute(query).fetchall()
    info["models"] = dict(rows)
    info["entries"] = sum(count for _, count in rows)
    info["bytes"] = sum(p.stat().st_size for p in cache.path.parent.glob(CACHE_FILE + "*"))
    return info


def cache_clear(cache_dir: Path | str | None = None) -> int:
    """Delete the back-translation cache; returns how many entries it held."""
    root = cache_root(cache_dir)
    if root is None:
        return 0
    cache = TranslationCache(root)
    if not cache.path.exists():
        return 0
    removed = cache_info(cache_dir)["entries"]
    for path in cache.path.parent.glob(CACHE_FILE + "*"):  # the database and its WAL/SHM files
        path.unlink(missing_ok=True)
    return removed
