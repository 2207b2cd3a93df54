"""mtcheck: a translation-quality checker for English→German news."""

from __future__ import annotations

__version__ = "0.1.0"

from mtcheck.model import Finding, InputError, Report  # noqa: E402
from mtcheck.pipeline import check  # noqa: E402

__all__ = ["Finding", "InputError", "Report", "__version__", "check"]
