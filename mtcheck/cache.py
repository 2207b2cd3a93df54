"""The on-disk SQLite caches: back-translations, judge answers, sentence embeddings and analysis.

Every cache follows the same rules, implemented once here:

* **Concurrent processes are safe.** Files are opened in WAL mode with a 30 s busy timeout. Every
  operation opens its connection under a shared lock (``flock`` on ``FILE.lock``) and closes it before
  the lock is released; clearing and rebuilding unlink the files only under the exclusive lock. So no
  process ever holds a connection to a file that is being removed (SQLite's "disk I/O error"), and a
  write waits for another instead of being dropped.
* **Schema check.** ``PRAGMA user_version`` and the expected columns: a file with another schema (an
  older or newer mtcheck, another program) is rebuilt, as is one that cannot be read (corrupt, empty,
  not a database). Each rebuild adds a warning.
* **A cache that cannot be written** (read-only folder, full disk, locked too long) is skipped with a
  warning: the check still runs, only without storing.

Warnings are collected here; :func:`mtcheck.pipeline.run_stages` moves them into ``report.warnings``.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TypeVar

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no cross-process lock, the busy timeout still applies
    fcntl = None  # type: ignore[assignment]

T = TypeVar("T")

BACKTRANSLATION_FILE = "backtranslation.sqlite3"
EMBEDDING_FILE = "embeddings.sqlite"
JUDGE_FILE = "judge.sqlite3"  # the LLM judge's answers
ANALYSIS_FILE = "analysis.sqlite3"  # analysis memo: HanTa tags, word frequencies, languages
# files older mtchecks built on first use (the noun lexicon now ships inside the package)
OLD_LEXICON_PATTERN = "german-nouns-*.sqlite"
BUSY_ATTEMPTS = 4  # tries of an operation that found the file busy
BUSY_TIMEOUT = 30.0  # seconds SQLite waits for another process's write
LOCK_TIMEOUT = 120.0  # seconds to wait for a clear or a rebuild
_SIDECARS = ("-wal", "-shm", "-journal")

Problem = Literal["corrupt", "busy", "unwritable"]

# ---------------------------------------------------------------- warnings

_warnings: list[str] = []
_warnings_lock = threading.Lock()


def warn(message: str) -> None:
    with _warnings_lock:
        if message not in _warnings:
            _warnings.append(message)


def take_warnings() -> list[str]:
    """The cache warnings since the last call (the pipeline adds them to the report)."""
    with _warnings_lock:
        taken = list(_warnings)
        _warnings.clear()
    return taken


# ---------------------------------------------------------------- locking and classifying errors


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def _open_lock(path: Path) -> int | None:
    for flags in (os.O_RDWR | os.O_CREAT, os.O_RDONLY):
        with contextlib.suppress(OSError):
            return os.open(lock_path(path), flags, 0o666)
    return None


@contextlib.contextmanager
def file_lock(path: Path, exclusive: bool, timeout: float = LOCK_TIMEOUT) -> Iterator[bool]:
    """Hold the shared or exclusive lock of cache file ``path``; yields False if it could not be had
    in ``timeout`` seconds. Without a lock file (a read-only folder) nobody can clear or rebuild the
    cache either, so the operation goes ahead unlocked."""
    fd = _open_lock(path) if fcntl is not None else None
    if fd is None:
        yield True
        return
    try:
        deadline = time.monotonic() + timeout
        mode = (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB
        while True:
            try:
                fcntl.flock(fd, mode)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    yield False
                    return
                time.sleep(0.005)
        yield True
    finally:
        os.close(fd)  # releases the lock


def classify(error: BaseException) -> Problem:
    """What a failed cache operation means for the file: rebuild it, try later, or do without it."""
    name = getattr(error, "sqlite_errorname", "") or ""
    text = str(error).lower()
    damaged = ("not a database", "malformed", "no such table", "no column", "no such column")
    if name.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT")) or any(d in text for d in damaged):
        return "corrupt"
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text:
        return "busy"
    return "unwritable"


def remove_files(path: Path) -> None:
    """Unlink a cache file and its WAL, shared-memory and journal files (the caller holds the
    exclusive lock; the lock file itself stays, so waiting processes keep one lock between them)."""
    for name in ("", *_SIDECARS):
        path.with_name(path.name + name).unlink(missing_ok=True)


# ---------------------------------------------------------------- schema


class SchemaMismatch(sqlite3.DatabaseError):
    """The file is a database, but not ours (or not this version of ours)."""

    sqlite_errorname = "SQLITE_CORRUPT_SCHEMA"


@dataclass(frozen=True)
class Schema:
    version: int
    columns: dict[str, tuple[str, ...]]  # table → its columns, in order
    ddl: str  # creates the tables (and indexes)


def _tables(connection: sqlite3.Connection) -> dict[str, tuple[str, ...]]:
    names = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {
        name: tuple(row[1] for row in connection.execute(f'PRAGMA table_info("{name}")')) for name in names
    }


def _create(connection: sqlite3.Connection, schema: Schema) -> None:
    """Create the tables in an empty file; one process at a time (the others wait, then find them)."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        if not _tables(connection):
            for statement in schema.ddl.split(";"):
                if statement.strip():
                    connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {schema.version}")
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def check_schema(connection: sqlite3.Connection, schema: Schema, create: bool) -> None:
    """Raise :class:`SchemaMismatch` unless the file holds ``schema``; an empty file gets it created
    (``create``). A file from before versions were stamped (user_version 0) passes if its tables match."""
    tables = _tables(connection)
    if not tables and create:
        _create(connection, schema)
        tables = _tables(connection)
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if tables != schema.columns or version not in (0, schema.version):
        names = ", ".join(sorted(tables)) or "none"
        raise SchemaMismatch(f"another schema (version {version}, tables {names})")
    if version == 0 and create:
        with contextlib.suppress(sqlite3.Error):
            connection.execute(f"PRAGMA user_version = {schema.version}")


# ---------------------------------------------------------------- a read-write cache


class SqliteCache:
    """One read-write cache file (back-translations, embeddings): see the module docstring."""

    def __init__(self, path: Path, label: str, schema: Schema) -> None:
        self.path = Path(path)
        self.label = label
        self.schema = schema
        self.readable = True
        self.writable = True

    def read(self, action: Callable[[sqlite3.Connection], T], default: T) -> T:
        """``action(connection)``, or ``default`` when there is no cache to read (yet)."""
        if not self.readable or not self.path.exists():
            return default
        return self._run(action, default, write=False)

    def write(self, action: Callable[[sqlite3.Connection], object]) -> None:
        """``action(connection)`` in one transaction; skipped (with a warning) if it cannot be stored."""
        if self.writable:
            self._run(action, None, write=True)

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT, check_same_thread=False)
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            check_schema(connection, self.schema, create=True)
        except BaseException:
            connection.close()
            raise
        return connection

    def _attempt(self, action: Callable[[sqlite3.Connection], T], write: bool) -> T:
        self.path.parent.mkdir(parents=True, exist_ok=True)  # before the lock: its file lives there
        with file_lock(self.path, exclusive=False, timeout=BUSY_TIMEOUT) as locked:
            if not locked:
                raise sqlite3.OperationalError("database is locked (being cleared or rebuilt)")
            with contextlib.closing(self._connect()) as connection:
                if not write:
                    return action(connection)
                with connection:  # one transaction
                    return action(connection)

    def _run(self, action: Callable[[sqlite3.Connection], T], default: T, write: bool) -> T:
        for attempt in range(1, BUSY_ATTEMPTS + 1):
            try:
                return self._attempt(action, write)
            except (sqlite3.Error, OSError) as error:
                problem = classify(error) if isinstance(error, sqlite3.Error) else "unwritable"
                reason = str(error) or type(error).__name__
            if problem == "corrupt" and attempt == 1 and self._rebuild(reason):
                continue
            if problem == "busy" and attempt < BUSY_ATTEMPTS:
                # SQLite reports some lock races (switching a new file to WAL, WAL recovery) at once,
                # without waiting for the busy timeout: try again shortly
                time.sleep(0.05 * attempt)
                continue
            self._give_up(problem, reason, write)
            break
        return default

    def _rebuild(self, reason: str) -> bool:
        """Remove an unreadable file under the exclusive lock (unless another process already has)."""
        with file_lock(self.path, exclusive=True) as locked:
            if not locked:
                return False
            try:
                with contextlib.closing(self._connect()):
                    return True  # someone rebuilt it meanwhile
            except (sqlite3.Error, OSError):
                pass
            try:
                remove_files(self.path)
            except OSError:
                return False
        warn(f"the {self.label} cache {self.path} could not be read ({reason}); it was rebuilt")
        return True

    def _give_up(self, problem: Problem, reason: str, write: bool) -> None:
        if problem == "busy":
            warn(f"the {self.label} cache {self.path} was busy ({reason}); skipped it this time")
        elif write:
            self.writable = False
            warn(f"the {self.label} cache {self.path} cannot be written ({reason}); running without storing")
        else:
            self.readable = False
            warn(f"the {self.label} cache {self.path} cannot be read ({reason}); running without it")


# ---------------------------------------------------------------- info and clear


@dataclass(frozen=True)
class CacheFile:
    label: str
    path: Path
    table: str  # whose rows count as entries

    def entries(self) -> int | None:
        """Rows in the cache, None when the file cannot be read."""
        if not self.path.is_file():
            return 0
        try:
            with file_lock(self.path, exclusive=False, timeout=BUSY_TIMEOUT):
                uri = f"file:{self.path}?mode=ro"
                with contextlib.closing(sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT)) as connection:
                    return connection.execute(f'SELECT COUNT(*) FROM "{self.table}"').fetchone()[0]
        except (sqlite3.Error, OSError):
            return None

    def size(self) -> int:
        return sum(
            p.stat().st_size
            for p in (self.path.with_name(self.path.name + s) for s in ("", *_SIDECARS))
            if p.is_file()
        )

    def clear(self) -> int | None:
        """Unlink the file under the exclusive lock; how many entries it held (None: unreadable)."""
        entries = self.entries()
        with file_lock(self.path, exclusive=True) as locked:
            if not locked:
                raise OSError(f"{self.path} is in use (locked for over {LOCK_TIMEOUT:.0f} s)")
            remove_files(self.path)
        return entries


def cache_files(root: Path, everything: bool = True) -> list[CacheFile]:
    """The cache files in ``root``: the models' answers (back-translations, the LLM judge's), and with
    ``everything`` the embeddings, the analysis memo and any noun lexicon an older mtcheck built there
    (the lexicon now ships in the package; ``clear --all`` removes the old files). The CLI lists the two
    groups from their own folders (``answer_files``, ``shared_files``); this is both from one folder."""
    return answer_files(root) + (shared_files(root) if everything else [])


def answer_files(root: Path) -> list[CacheFile]:
    """The models' answers: they live in the ``cache-dir`` setting's folder."""
    return [
        CacheFile("back-translations", root / BACKTRANSLATION_FILE, "translations"),
        CacheFile("judge answers", root / JUDGE_FILE, "answers"),
    ]


def shared_files(root: Path) -> list[CacheFile]:
    """The embeddings, the analysis memo and old noun lexicons: they do not depend on a project's
    settings, so they live in the machine-wide folder (``$MTCHECK_CACHE_DIR`` or ``~/.cache/mtcheck``)
    whatever ``cache-dir`` says; ``cache info``/``clear --all`` look there too."""
    return [
        CacheFile("embeddings", root / EMBEDDING_FILE, "embeddings"),
        CacheFile("analysis", root / ANALYSIS_FILE, "memo"),
        *(CacheFile("old noun lexicon", path, "records") for path in sorted(root.glob(OLD_LEXICON_PATTERN))),
    ]
