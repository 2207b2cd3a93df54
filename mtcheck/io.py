"""Report output: a report file is either fully written or not touched at all, and nothing that is
not a report file is ever replaced.

Where a report goes depends on what the path names:

* ``-`` (or a path that is this process's standard output, such as ``/dev/stdout``): written to
  standard output, in order with everything else printed there;
* an existing device or FIFO (``/dev/null``, a named pipe), or a path through ``/proc`` or
  ``/dev/fd``: opened and written directly; never replaced (a block device or a socket is refused);
* a symlink: never replaced; the file it points to is replaced, from a temporary file beside it;
* anything else: a temporary file beside it, renamed into place.

:func:`write_files` writes several reports of one run together: every temporary file is written and
flushed to disk first, and only then are they renamed into place, one right after the other. A run
killed while writing leaves every old report; only a kill in the microseconds between two renames
(POSIX cannot rename several files at once) can leave some reports new and the others old.

Temporary files are named ``.NAME.PID.XXXXXXXX.tmp``. One left behind by a killed run is removed by
a later write into the same folder, once its process is gone and it is over a minute old.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import stat
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from mtcheck.model import InputError

STDOUT = "-"
#: Our temporary files: ``.NAME.PID.TOKEN.tmp``; before pids were in the name: ``.NAME.TOKEN.tmp``.
_TEMP = re.compile(r"^\..+\.(?P<pid>[1-9]\d{0,9})\.[0-9a-f]{8}\.tmp$")
_LEGACY_TEMP = r"^\.{name}\.[a-z0-9_]{{8}}\.tmp$"
STALE_AFTER = 60.0  # seconds; a live writer holds its temporary files for far less
LEGACY_STALE_AFTER = 3600.0
_MAX_LINKS = 40  # as the kernel's limit for one path


@dataclass(frozen=True)
class Output:
    """Where one report goes: ``shown`` is the path as the user gave it (for messages), ``path`` the
    file that is opened (``direct``) or replaced (``atomic``)."""

    shown: str
    kind: Literal["stdout", "direct", "atomic"]
    path: Path


def _stdout_stat() -> os.stat_result | None:
    try:
        return os.fstat(sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):  # a test runner's stdout has no file number
        return None


def _same(a: os.stat_result | None, b: os.stat_result | None) -> bool:
    return a is not None and b is not None and (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def _link_hops(path: Path) -> list[Path]:
    """``path`` and every path its chain of symlinks leads to, each with its folders resolved."""
    hops: list[Path] = []
    current = Path(os.path.abspath(path))
    for _ in range(_MAX_LINKS):
        current = Path(os.path.realpath(current.parent)) / current.name
        hops.append(current)
        if not current.is_symlink():
            return hops
        current = current.parent / os.readlink(current)  # an absolute link target replaces the parent
    raise InputError(f"{path}: too many levels of symbolic links (a symlink loop?)")


def _under_proc(path: Path) -> bool:
    return path.parts[:2] == ("/", "proc")


def resolve_output(path: Path | str) -> Output:
    """What writing a report to ``path`` will do; raises :class:`InputError` for what it must not."""
    shown = str(path)
    if shown == STDOUT:
        return Output(shown, "stdout", Path(STDOUT))
    hops = _link_hops(Path(path))
    try:
        info: os.stat_result | None = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):  # a missing folder is made, or refused, later
        info = None
    except OSError as error:  # a symlink loop (ELOOP), a folder we may not enter …
        raise InputError(f"cannot write {shown}: {error.strerror}") from None
    if info is None:
        return Output(shown, "atomic", hops[-1])  # a dangling symlink: create the file it names
    mode = info.st_mode
    if stat.S_ISDIR(mode):
        raise InputError(f"cannot write {shown}: it is a folder")
    if stat.S_ISBLK(mode) or stat.S_ISSOCK(mode):
        what = "a disk (block device)" if stat.S_ISBLK(mode) else "a socket"
        raise InputError(f"refusing to write a report onto {shown}: it is {what}")
    if _same(info, _stdout_stat()):
        return Output(shown, "stdout", Path(path))
    if not stat.S_ISREG(mode) or any(_under_proc(hop) for hop in hops):
        return Output(shown, "direct", Path(path))
    return Output(shown, "atomic", hops[-1])


# ---------------------------------------------------------------- outputs against inputs


def _identity(path: Path | str) -> set[tuple[object, ...]]:
    """Keys that two names of the same file share: the resolved path, the inode, or stdout."""
    if str(path) == STDOUT:
        return {("stdout",)}
    try:
        keys: set[tuple[object, ...]] = {("path", str(Path(path).resolve()))}
    except (RuntimeError, OSError):  # Path.resolve raises RuntimeError on a symlink loop
        raise InputError(f"{path}: too many levels of symbolic links (a symlink loop?)") from None
    with contextlib.suppress(OSError):
        info = os.stat(path)
        keys.add(("inode", info.st_dev, info.st_ino))
        if _same(info, _stdout_stat()):
            keys.add(("stdout",))
    return keys


def refuse_conflicts(outputs: Mapping[str, Path | None], inputs: Mapping[str, Path | None]) -> None:
    """Raise :class:`InputError` when a report would be written over an input or over another report.

    ``outputs`` and ``inputs`` map what the user calls the file (``--json``, ``glossary``) to its path.
    Paths are compared resolved (symlinks followed) and by inode where the file exists (hard links).
    """
    seen: list[tuple[str, Path, set[tuple[object, ...]]]] = []
    for label, path in inputs.items():
        if path is not None:
            seen.append((label, path, _identity(path)))
    input_count = len(seen)
    for label, path in outputs.items():
        if path is None:
            continue
        keys = _identity(path)
        for number, (other_label, _, other_keys) in enumerate(seen):
            if keys & other_keys:
                if number < input_count:
                    raise InputError(
                        f"refusing to write the {label} report over an input: {path} is the {other_label}"
                    )
                raise InputError(
                    f"{other_label} and {label} both write to {path}: give each report its own file"
                )
        seen.append((label, path, keys))


# ---------------------------------------------------------------- writing


def _mode_for(path: Path) -> tuple[int, os.stat_result | None]:
    """The replaced file's mode, else what a plain new file gets (0666 minus the umask)."""
    try:
        info = path.stat()
        return stat.S_IMODE(info.st_mode), info
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask, None


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: it runs, as another user
        return True
    return True


def remove_stale_temps(directory: Path, name: str, now: float | None = None) -> None:
    """Delete temporary files that killed runs left in ``directory``: ours by name, their process
    gone and over a minute old (``.NAME.XXXXXXXX.tmp`` of older versions: ``name``'s, over an hour)."""
    now = time.time() if now is None else now
    legacy = re.compile(_LEGACY_TEMP.format(name=re.escape(name)))
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return
    for entry in entries:
        ours = _TEMP.match(entry.name)
        if ours is None and not legacy.match(entry.name):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        age = now - info.st_mtime
        stale = age > LEGACY_STALE_AFTER if ours is None else age > STALE_AFTER
        if stat.S_ISREG(info.st_mode) and stale and (ours is None or not _pid_alive(int(ours["pid"]))):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)


def _create_temp(final: Path) -> tuple[int, Path]:
    for _ in range(100):
        temp = final.with_name(f".{final.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), temp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {final}")


def _prepare(output: Output, data: bytes) -> Path:
    """Write ``data`` to a temporary file beside the file it will replace; return the temporary file."""
    final = output.path
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(
            f"cannot write {output.shown}: cannot create {final.parent} ({error.strerror})"
        ) from None
    remove_stale_temps(final.parent, final.name)
    mode, old = _mode_for(final)
    fd, temp = _create_temp(final)
    try:
        os.chmod(temp, mode)  # a shared report must stay readable, as the file it replaces was
        if old is not None and getattr(os, "geteuid", lambda: -1)() == 0 and old.st_uid != 0:
            with contextlib.suppress(OSError):  # root replacing a user's report keeps it the user's
                os.fchown(fd, old.st_uid, old.st_gid)
        with os.fdopen(fd, "wb") as handle:
            fd = -1
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        if fd >= 0:
            os.close(fd)
        temp.unlink(missing_ok=True)
        raise
    return temp


def _write_direct(output: Output, data: bytes) -> None:
    """A device, a FIFO or a file reached through /proc: written where it is, never replaced."""
    flags = os.O_WRONLY | getattr(os, "O_NOCTTY", 0)
    if output.path.is_file():
        flags |= os.O_TRUNC
    fd = os.open(output.path, flags)  # no O_CREAT: if it vanished, fail rather than make a file
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def _write_stdout(data: bytes) -> None:
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(data.decode("utf-8"))
    else:
        buffer.write(data)
    sys.stdout.flush()


def _fsync_folders(folders: Iterable[Path]) -> None:
    """Make the renames durable (best effort: some file systems cannot open a folder)."""
    for folder in set(folders):
        with contextlib.suppress(OSError):
            fd = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


def _failed(output: Output, error: OSError) -> InputError:
    if isinstance(error, BrokenPipeError):
        with contextlib.suppress(OSError, ValueError):  # no second error when Python flushes at exit
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    reason = error.strerror or str(error)
    return InputError(
        f"cannot write {'standard output' if output.kind == 'stdout' else output.shown}: {reason}"
    )


def write_files(items: Sequence[tuple[Path | str, bytes]]) -> None:
    """Write several reports as one: all temporary files first, then every rename, then the streams.

    Raises :class:`InputError` (one line) when a report cannot be written; then no file report has
    been replaced, unless a rename itself failed after earlier ones succeeded.
    """
    outputs = [(resolve_output(path), data) for path, data in items]
    pending: list[tuple[Output, Path]] = []
    try:
        for output, data in outputs:
            if output.kind == "atomic":
                try:
                    pending.append((output, _prepare(output, data)))
                except OSError as error:
                    raise _failed(output, error) from None
        while pending:
            output, temp = pending[0]
            try:
                os.replace(temp, output.path)
            except OSError as error:
                raise _failed(output, error) from None
            pending.pop(0)
    finally:
        for _, temp in pending:
            temp.unlink(missing_ok=True)
    _fsync_folders(output.path.parent for output, _ in outputs if output.kind == "atomic")
    for output, data in outputs:
        try:
            if output.kind == "stdout":
                _write_stdout(data)
            elif output.kind == "direct":
                _write_direct(output, data)
        except OSError as error:
            raise _failed(output, error) from None


def atomic_write_bytes(path: Path | str, data: bytes) -> None:
    """Write one report (see :func:`write_files`). Missing folders are created, as CI jobs often write
    into a fresh ``out/`` folder."""
    write_files([(path, data)])


def report_bytes(text: str) -> bytes:
    """UTF-8; a file name that is not valid UTF-8 (its bytes decoded with surrogate escapes) is
    written as ``\\udcff``, which JSON reads back as the same string."""
    return text.encode("utf-8", "backslashreplace")


def atomic_write_text(path: Path | str, text: str) -> None:
    atomic_write_bytes(path, report_bytes(text))


def cache_root(configured: Path | str | None = None) -> Path | None:
    """Where on-disk caches live: the ``cache-dir`` setting, else ``$MTCHECK_CACHE_DIR``, else
    ``~/.cache/mtcheck``; ``None`` when caching is switched off (``off``, ``none``, ``0`` or empty)."""
    value = str(configured) if configured else os.environ.get("MTCHECK_CACHE_DIR")
    if value is None:
        return Path.home() / ".cache" / "mtcheck"
    if value.strip().lower() in ("", "off", "none", "0"):
        return None
    return Path(value).expanduser()
