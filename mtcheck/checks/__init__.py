"""Checks: the registry, the engine and one module per family of rules (discovered automatically)."""

from __future__ import annotations

import importlib
import pkgutil

from mtcheck.checks.registry import CHECKS, CheckContext, CheckSpec, matches_check, register_check

__all__ = ["CHECKS", "CheckContext", "CheckSpec", "load_all_checks", "matches_check", "register_check"]

#: Modules of this package that hold machinery, not rules.
_MACHINERY = frozenset({"registry", "engine"})


def load_all_checks() -> list[CheckSpec]:
    """Import every check module in this package so that its checks register."""
    for module in pkgutil.iter_modules(__path__):
        if module.name not in _MACHINERY and not module.name.startswith("_"):
            importlib.import_module(f"{__name__}.{module.name}")
    return CHECKS.values()
