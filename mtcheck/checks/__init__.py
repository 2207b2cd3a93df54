"""Checks: the registry plus one module per family, discovered automatically."""

from __future__ import annotations

import importlib
import pkgutil

from mtcheck.checks.registry import CHECKS, CheckContext, CheckSpec, register_check

__all__ = ["CHECKS", "CheckContext", "CheckSpec", "register_check", "load_all_checks"]


def load_all_checks() -> dict[str, CheckSpec]:
    """Import every check module in this package so that its checks register."""
    for module in pkgutil.iter_modules(__path__):
        if module.name != "registry" and not module.name.startswith("_"):
            importlib.import_module(f"{__name__}.{module.name}")
    return CHECKS
