"""Shared fixtures: paths to the team's corpora (never ../shared/eval)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
EXAMPLE = CORPORA / "example-putin"


@pytest.fixture(scope="session")
def example_dir() -> Path:
    return EXAMPLE


@pytest.fixture(scope="session")
def example_report():
    """The example article checked once per test session with its hand-written back-translation."""
    import mtcheck

    return mtcheck.check(EXAMPLE / "target.de.txt", back_translation=EXAMPLE / "back_translation.en.txt")
