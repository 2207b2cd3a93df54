"""Escaping and the names of the columns, shared by the parts of the HTML report."""

from __future__ import annotations

from mtcheck.model import Side
from mtcheck.report.common import html_text

#: the escape every part of the HTML report uses (one definition, in report/common.py)
_e = html_text

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


def _clip(text: str, limit: int = 160) -> str:
    """Long quotes (a whole flagged sentence) are shortened in the lists; the article shows them whole."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
