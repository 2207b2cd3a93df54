"""Atomic file output: a report is either fully written or not touched at all."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from mtcheck.model import InputError


def _mode_for(path: Path) -> int:
    """The replaced file's mode, else what a plain new file gets (0666 minus the umask)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path`` and rename it into place.

    A crash or a full disk leaves the previous file (if any) intact. Missing folders are created,
    as CI jobs often write into a fresh ``out/`` folder.
    """
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise InputError(f"cannot write {path}: it is a folder")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(f"cannot write {path}: cannot create {directory} ({error.strerror})") from None
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        os.chmod(tmp_name, _mode_for(path))  # mkstemp makes 0600: a shared report must stay readable
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def cache_root(configured: Path | str | None = None) -> Path | None:
    """Where on-disk caches live: the ``cache-dir`` setting, else ``$MTCHECK_CACHE_DIR``, else
    ``~/.cache/mtcheck``; ``None`` when caching is switched off (``off``, ``none``, ``0`` or empty)."""
    value = str(configured) if configured else os.environ.get("MTCHECK_CACHE_DIR")
    if value is None:
        return Path.home() / ".cache" / "mtcheck"
    if value.strip().lower() in ("", "off", "none", "0"):
        return None
    return Path(value).expanduser()
