"""On-disk cache of the judge's answers (SQLite, beside the back-translation cache).

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
from contextlib import closing
from pathlib import Path
from typing import Any

CACHE_FILE = "judge.sqlite3"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    key TEXT PRIMARY KEY,
    model TEXT NOT NULL,
    answer TEXT NOT NULL,
    created REAL NOT NULL
)
"""


def answer_key(*parts: str) -> str:
    payload = json.dumps(list(parts), ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class AnswerCache:
    def __init__(self, cache_dir: Path | str) -> None:
        self.path = Path(cache_dir) / CACHE_FILE

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=30)  # batch runs share it: wait for the lock
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute(_SCHEMA)
        return conn

    def get_many(self, keys: list[str]) -> dict[str, Any]:
        if not keys or not self.path.exists():
            return {}
        found: dict[str, Any] = {}
        with closing(self._connect()) as conn:
            for start in range(0, len(keys), 500):  # under SQLite's bound-parameter limit
                chunk = keys[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows = conn.execute(f"SELECT key, answer FROM answers WHERE key IN ({marks})", chunk)
                found.update((key, json.loads(answer)) for key, answer in rows)
        return found

    def put(self, key: str, model: str, answer: Any) -> None:
        with closing(self._connect()) as conn, conn:
            conn.execute(
                "INSERT OR REPLACE INTO answers (key, model, answer, created) VALUES (?, ?, ?, ?)",
                (key, model, json.dumps(answer, ensure_ascii=False), time.time()),
            )

    def count(self) -> int:
        if not self.path.exists():
            return 0
        with closing(self._connect()) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM answers").fetchone()[0])

    def clear(self) -> int:
        removed = self.count()
        for path in self.path.parent.glob(CACHE_FILE + "*"):
            path.unlink(missing_ok=True)
        return removed
