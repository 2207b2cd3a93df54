"""mtcheck: a translation-quality checker for English→German news.

The public API (stable; scripts and notebooks use only these names):

- :func:`check`: check a German translation (a path or an Article) against a source, a
  back-translation and a reference, and return a :class:`Report`;
- :func:`article_from_text`: an Article from text in memory (``side`` is "target", "source",
  "back_translation" or "reference");
- :class:`Report`, :class:`Finding`: what a check returns (plain dataclasses);
- :func:`report_to_dict`: the report as the documented JSON (``docs/json-schema.md``);
- :class:`InputError`: bad input, with a one-line message.
"""

from __future__ import annotations

__version__ = "0.1.0"

from typing import TYPE_CHECKING, Any

from mtcheck.model import Finding, InputError, Report  # noqa: E402

if TYPE_CHECKING:
    from mtcheck.load import article_from_text
    from mtcheck.pipeline import check
    from mtcheck.report.json_report import report_to_dict

__all__ = ["Finding", "InputError", "Report", "__version__", "article_from_text", "check", "report_to_dict"]

#: Loaded on first use (PEP 562), so that importing one module of the package (a metric plug-in in
#: its own environment, say) does not import every dependency of the pipeline.
_LAZY = {
    "article_from_text": "mtcheck.load",
    "check": "mtcheck.pipeline",
    "report_to_dict": "mtcheck.report.json_report",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'mtcheck' has no attribute {name!r}")
