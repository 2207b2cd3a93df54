"""The HTML report (issue 4): one self-contained file an editor can open, e-mail or print.

Summary on top (verdict, MQM, counts, document scores), then the article side by side per
aligned pair with every finding highlighted at its exact characters, evidence marked, segment
score bars, an inline SVG chart, and severity/category filters.

Safety: every piece of article text (and every message, which may quote it) goes through
:func:`html.escape`; the script never builds markup from text. A Content-Security-Policy allows
only our own inline script (by hash), so even a slip in escaping could not run anything, and the
page makes no request to anywhere.

The parts: :mod:`.page` (summary, verdict, read first, the whole page), :mod:`.rows` (the side-by-side
rows), :mod:`.chart` (score bars and the SVG chart), :mod:`.findings` (the list and its filters),
:mod:`.text` (escaping).
"""

from mtcheck.report.html.page import render_html, write_html
from mtcheck.report.html.text import COLUMNS, GAP_TEXT, _e

__all__ = ["COLUMNS", "GAP_TEXT", "_e", "render_html", "write_html"]
