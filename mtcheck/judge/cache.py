"""On-disk cache of the judge's answers, one SQLite file in the cache folder (see :mod:`mtcheck.cache`:
a corrupt file is rebuilt, a busy or unwritable one skipped, each with a warning).

Keyed by endpoint, model, prompt version, the request settings that change an answer, and the pair's
text with its context: a second check of the same article makes no call. Only settled answers are
stored (parsed errors, or "malformed twice"); timeouts and server errors are not, so they are retried
on the next run.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from pathlib import Path
from typing import Any

from mtcheck.cache import JUDGE_FILE, Schema, SqliteCache

JUDGE_SCHEMA = Schema(
    version=1,
    columns={"answers": ("key", "model", "answer", "created")},
    ddl="CREATE TABLE answers (key TEXT PRIMARY KEY, model TEXT NOT NULL, answer TEXT NOT NULL, "
    "created REAL NOT NULL)",
)


def answer_key(*parts: str) -> str:
    payload = json.dumps(list(parts), ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class AnswerCache:
    def __init__(self, cache_dir: Path | str) -> None:
        self.path = Path(cache_dir) / JUDGE_FILE
        self._store = SqliteCache(self.path, "judge answer", JUDGE_SCHEMA)

    def get_many(self, keys: list[str]) -> dict[str, Any]:
        def read(connection: sqlite3.Connection) -> dict[str, Any]:
            found: dict[str, Any] = {}
            for start in range(0, len(keys), 500):  # under SQLite's bound-parameter limit
                chunk = keys[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows = connection.execute(f"SELECT key, answer FROM answers WHERE key IN ({marks})", chunk)
                found.update((key, json.loads(answer)) for key, answer in rows)
            return found

        return self._store.read(read, {}) if keys else {}

    def put(self, key: str, model: str, answer: Any) -> None:
        row = (key, model, json.dumps(answer, ensure_ascii=False), time.time())
        self._store.write(
            lambda connection: connection.execute(
                "INSERT OR REPLACE INTO answers (key, model, answer, created) VALUES (?, ?, ?, ?)", row
            )
        )
