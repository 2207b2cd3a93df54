"""Small helpers shared by the report writers."""

from __future__ import annotations

import base64
import hashlib
import re
from bisect import bisect_right
from functools import lru_cache
from html import escape
from importlib import resources
from pathlib import Path

from mtcheck.model import Severity, Side

#: Most severe first.
SEVERITY_ORDER = {Severity.CRITICAL: 0, Severity.MAJOR: 1, Severity.MINOR: 2}

#: How the reports name each side of a translation to an editor.
SIDE_NAME: dict[Side, str] = {
    "source": "source",
    "target": "translation",
    "back_translation": "back-translation",
    "reference": "reference",
}


def script_csp(script: str, *directives: str) -> str:
    """A Content-Security-Policy that runs only this inline script (allowed by its SHA-256) and loads
    nothing from anywhere, plus ``directives``: a slip in escaping could not run injected code."""
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return "; ".join(
        ("default-src 'none'", "style-src 'unsafe-inline'", f"script-src 'sha256-{digest}'", *directives)
    )


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@lru_cache(maxsize=4)
def _line_starts(text: str) -> tuple[int, ...]:
    """Offsets where lines start; cached because every finding of a report asks about the same text."""
    return (0, *(match.end() for match in _LINE_BREAK.finditer(text)))


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in code points) of a character offset; \\r\\n, \\r and \\n end a line."""
    offset = max(0, min(offset, len(text)))
    starts = _line_starts(text)
    line = bisect_right(starts, offset) - 1
    return line + 1, offset - starts[line] + 1


def path_uri(path: Path) -> str:
    """A relative POSIX path when ``path`` is under the working folder (what CI code scanning expects),
    else an absolute file URI."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.resolve().as_uri()


#: C0 and C1 control characters and DEL (tab, line feed and carriage return excepted), and the bidi
#: embedding, override and isolate controls: a terminal obeys them (an escape sequence can move the
#: cursor and overwrite a line with a fake "PASS") and a browser reorders text by them. Lone surrogates
#: (a file name that is not valid UTF-8, byte 0xE9 as U+DCE9) cannot be printed at all.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def show_controls(text: str) -> str:
    """``text`` with every control character written out visibly as ``⟨U+001B⟩``.

    For display only: reports keep the original text and its offsets (JSON, SARIF)."""
    return _CONTROLS.sub(lambda match: f"⟨U+{ord(match.group()):04X}⟩", text)


def html_text(value: object) -> str:
    """HTML-escaped, with control characters and bidi overrides shown as ⟨U+202E⟩ instead of obeyed
    (slices are cut before escaping, so no offset changes)."""
    return escape(show_controls(str(value)), quote=True)


def asset(name: str) -> str:
    """A CSS or JS file the HTML reports inline (they load nothing from anywhere)."""
    return resources.files("mtcheck.report").joinpath("assets", name).read_text(encoding="utf-8")
