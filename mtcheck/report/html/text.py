"""Escaping and the names of the columns, shared by the parts of the HTML report."""

from __future__ import annotations

from html import escape

from mtcheck.model import Side
from mtcheck.report.common import show_controls

COLUMNS: tuple[tuple[Side, str], ...] = (
    ("source", "Source (English)"),
    ("target", "Translation (German)"),
    ("back_translation", "Back-translation (English)"),
    ("reference", "Reference (German)"),
)
GAP_TEXT: dict[Side, str] = {
    "source": "— not in the source (addition?) —",
    "target": "— missing in the translation (omission?) —",
    "back_translation": "— no back-translation —",
    "reference": "— not in the reference —",
}


def _e(value: object) -> str:
    """HTML-escaped, with control characters and bidi overrides shown as ⟨U+202E⟩ instead of obeyed
    (slices are cut before escaping, so no offset changes)."""
    return escape(show_controls(str(value)), quote=True)
