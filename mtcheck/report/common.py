"""Small helpers shared by the report writers."""

from __future__ import annotations

from pathlib import Path

from mtcheck.model import Severity

#: Most severe first.
SEVERITY_ORDER = {Severity.CRITICAL: 0, Severity.MAJOR: 1, Severity.MINOR: 2}


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in code points) of a character offset; \\r\\n, \\r and \\n end a line."""
    offset = max(0, min(offset, len(text)))
    line = 1 + text.count("\n", 0, offset) + text.count("\r", 0, offset) - text.count("\r\n", 0, offset)
    # a \r\n split by the offset itself ends at \r: the offset is still on the \r's line
    line_start = max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1
    if offset > 0 and text[offset - 1] == "\r" and text[offset : offset + 1] == "\n":
        line -= 1
        line_start = max(text.rfind("\n", 0, offset - 1), text.rfind("\r", 0, offset - 1)) + 1
    return line, offset - line_start + 1


def path_uri(path: Path) -> str:
    """A relative POSIX path when ``path`` is under the working folder (what CI code scanning expects),
    else an absolute file URI."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.resolve().as_uri()
