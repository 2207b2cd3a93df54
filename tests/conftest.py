"""Shared fixtures: paths to the team's corpora (never ../shared/eval), and the one place that
decides what a test marked ``browser``, ``mt`` or ``dask`` does where its requirement is missing: it is
skipped, unless the requirement's ``MTCHECK_REQUIRE_*`` variable is 1 (``.ci/run`` sets them all),
where it fails instead, so that CI cannot pass by skipping."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
EXAMPLE = CORPORA / "example-putin"


@cache
def _has_chromium() -> bool:
    return (shutil.which("chromium") or shutil.which("chromium-browser")) is not None


@cache
def _has_mt_extra() -> bool:
    from mtcheck.translate import _mt_extra_installed  # what mtcheck itself calls the [mt] extra

    return _mt_extra_installed()


@cache
def _has_dask() -> bool:
    import importlib.util

    return importlib.util.find_spec("distributed") is not None


#: marker → (is the requirement there?, the variable that makes its absence a failure, what it is)
REQUIREMENTS: dict[str, tuple[Callable[[], bool], str, str]] = {
    "browser": (_has_chromium, "MTCHECK_REQUIRE_BROWSER", "headless Chromium (the Debian package chromium)"),
    "mt": (_has_mt_extra, "MTCHECK_REQUIRE_MT", "the [mt] extra (torch, transformers, ctranslate2)"),
    "dask": (_has_dask, "MTCHECK_REQUIRE_DASK", "the [dask] extra (dask.distributed)"),
}


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Before any fixture is built: skip (or, when required, fail) a test whose requirement is missing."""
    for marker, (available, variable, what) in REQUIREMENTS.items():
        if item.get_closest_marker(marker) is None or available():
            continue
        if os.environ.get(variable) == "1":
            pytest.fail(f"{variable}=1 but {what} is missing", pytrace=False)
        pytest.skip(f"needs {what}")


@pytest.fixture(scope="session")
def example_dir() -> Path:
    return EXAMPLE


@pytest.fixture(scope="session")
def example_report():
    """The example article checked once per test session with its hand-written back-translation."""
    import mtcheck

    return mtcheck.check(EXAMPLE / "target.de.txt", back_translation=EXAMPLE / "back_translation.en.txt")
