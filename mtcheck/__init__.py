"""mtcheck: a translation-quality checker for English→German news."""

from __future__ import annotations

__version__ = "0.1.0"
