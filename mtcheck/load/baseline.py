"""Findings an editor accepted: a baseline file (``--baseline``, ``[gate] baseline``), the sidecar
ignore file next to an article, and inline ``mtcheck-disable`` comments in Markdown and HTML.

* **Baseline** (written by ``mtcheck check --write-baseline``)::

      {"mtcheck_baseline": 1, "fingerprint": "mtcheck/v1",
       "findings": [{"fingerprint": "…32 hex…", "check": "…", "text": "…", "reason": "…"}, …]}

  Only ``fingerprint`` decides; check, text and reason are there for the person who reads the file.
* **Sidecar** ``ARTICLE.mtcheck-ignore`` (e.g. ``story.de.txt.mtcheck-ignore``): one entry a line, a
  fingerprint or ``CHECK_ID: flagged text`` (a check id or family); ``#`` starts a comment.
* **Inline** (Markdown, HTML): ``<!-- mtcheck-disable CHECK_ID [CHECK_ID …] -->`` accepts those
  checks' findings in the next block (paragraph, heading or list item). The comment is blanked out of
  Markdown (offsets still point into the file) and never reaches the text of an HTML page.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from mtcheck.load.files import decode_bytes, read_bytes, read_optional_bytes
from mtcheck.model import (
    FINGERPRINT_VERSION,
    Acceptance,
    InlineSuppression,
    InputError,
    normalise_for_fingerprint,
)

BASELINE_FORMAT = 1
SIDECAR_SUFFIX = ".mtcheck-ignore"
_FINGERPRINT = re.compile(r"^[0-9a-f]{32}$")
DIRECTIVE = re.compile(r"<!--\s*mtcheck-disable\s+(?P<checks>[^<>]*?)\s*-->")
_CHECK_ID = re.compile(r"^[A-Za-z0-9_.*-]+$")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_TAG = re.compile(r"<[^>]*>")
_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|td|th|blockquote|div)\s*>", re.I)
_ANCHOR_CHARS = 40  # characters of a block's text that find it again in the extracted page


def _bad(path: Path, why: str) -> InputError:
    return InputError(
        f"{path}: not an mtcheck baseline ({why}); write one with `mtcheck check --write-baseline`"
    )


def read_baseline(path: Path) -> Acceptance:
    """The fingerprints of a baseline file; InputError (one line) when it is not one."""
    text, _ = decode_bytes(read_bytes(path), str(path))
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise _bad(path, f"invalid JSON at line {error.lineno}") from None
    if not isinstance(data, dict) or data.get("mtcheck_baseline") != BASELINE_FORMAT:
        raise _bad(path, f'no "mtcheck_baseline": {BASELINE_FORMAT}')
    if data.get("fingerprint", FINGERPRINT_VERSION) != FINGERPRINT_VERSION:
        raise _bad(
            path, f"fingerprints of {data.get('fingerprint')!r}, this mtcheck reads {FINGERPRINT_VERSION}"
        )
    findings = data.get("findings")
    if not isinstance(findings, list):
        raise _bad(path, '"findings" must be a list')
    prints: set[str] = set()
    for number, entry in enumerate(findings, 1):
        value = entry.get("fingerprint") if isinstance(entry, dict) else None
        if not isinstance(value, str) or not _FINGERPRINT.match(value):
            raise _bad(path, f"finding {number} has no fingerprint of 32 hex digits")
        prints.add(value)
    return Acceptance("baseline", str(path), fingerprints=frozenset(prints))


def sidecar_path(target: Path) -> Path:
    return target.with_name(target.name + SIDECAR_SUFFIX)


def read_sidecar(target: Path) -> Acceptance | None:
    """The sidecar ignore file of the article at ``target``; None when there is none."""
    path = sidecar_path(target)
    data = read_optional_bytes(path)
    if data is None:
        return None
    text, _ = decode_bytes(data, str(path)) if data else ("", "utf-8")
    prints: set[str] = set()
    by_text: list[tuple[str, str]] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()  # a whole-line comment leaves "" too
        if not line:
            continue
        if _FINGERPRINT.match(line):
            prints.add(line)
            continue
        check, sep, flagged = line.partition(":")
        if not sep or not _CHECK_ID.match(check.strip()) or not flagged.strip():
            raise InputError(
                f"{path}:{number}: expected a fingerprint (32 hex digits) or 'CHECK_ID: flagged text', "
                f"got {raw.strip()!r}"
            )
        by_text.append((check.strip(), normalise_for_fingerprint(flagged)))
    return Acceptance("sidecar", str(path), frozenset(prints), tuple(by_text))


def _checks(match: re.Match[str], name: str) -> tuple[str, ...]:
    checks = tuple(c for c in re.split(r"[\s,]+", match.group("checks")) if c)
    if not checks or not all(_CHECK_ID.match(c) for c in checks):
        raise InputError(
            f"{name}: '{match.group(0)}' must name check ids, e.g. <!-- mtcheck-disable numbers -->"
        )
    return checks


def markdown_suppressions(text: str, name: str) -> tuple[str, list[InlineSuppression]]:
    """Blank the directives out of Markdown (same length: offsets still point into the file) and
    return the range of the block after each."""
    found: list[InlineSuppression] = []
    for match in DIRECTIVE.finditer(text):
        body = re.search(r"\S", text[match.end() :])
        start = match.end() + (body.start() if body else 0)
        gap = _BLANK_LINE.search(text, start)
        found.append(InlineSuppression(start, gap.start() if gap else len(text), _checks(match, name)))
    blanked = DIRECTIVE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    return blanked, found


def html_suppressions(page: str, extracted: str, name: str) -> list[InlineSuppression]:
    """The directives of an HTML page, located in its extracted text: the line (block) that holds the
    first words after the comment. A comment whose block was not extracted (navigation, footer) has
    nothing to accept."""
    found: list[InlineSuppression] = []
    for match in DIRECTIVE.finditer(page):
        rest = page[match.end() : match.end() + 4000]
        end_of_block = _BLOCK_END.search(rest)
        following = html.unescape(_TAG.sub(" ", rest[: end_of_block.start() if end_of_block else None]))
        anchor = " ".join(following.split())[:_ANCHOR_CHARS]
        at = extracted.find(anchor) if anchor else -1
        if at < 0:
            continue
        start = extracted.rfind("\n", 0, at) + 1
        end = extracted.find("\n", at)
        found.append(InlineSuppression(start, end if end >= 0 else len(extracted), _checks(match, name)))
    return found
