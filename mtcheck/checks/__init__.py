"""Checks: the registry plus one module per family, discovered automatically."""

from __future__ import annotations

import importlib
import pkgutil
from typing import TYPE_CHECKING, Any

from mtcheck.checks.registry import CHECKS, CheckContext, CheckSpec, matches_check, register_check
from mtcheck.model import InputError, Report

if TYPE_CHECKING:
    from mtcheck.config import Settings

__all__ = [
    "CHECKS",
    "CheckContext",
    "CheckSpec",
    "matches_check",
    "register_check",
    "load_all_checks",
    "run_checks",
]


def load_all_checks() -> dict[str, CheckSpec]:
    """Import every check module in this package so that its checks register."""
    for module in pkgutil.iter_modules(__path__):
        if module.name != "registry" and not module.name.startswith("_"):
            importlib.import_module(f"{__name__}.{module.name}")
    return CHECKS


def run_checks(report: Report, settings: Settings, resources: dict[str, Any] | None = None) -> Report:
    """Run every enabled check whose inputs are present; apply severity overrides from config."""
    present = report.present()
    resources = resources or {}
    known = load_all_checks()
    named = set(settings.disabled_checks) | set(settings.severity_overrides)
    unknown = sorted(n for n in named if not any(matches_check(c, [n]) for c in known))
    if unknown:
        raise InputError(f"unknown check id(s) in config: {', '.join(unknown)} (see `mtcheck checks`)")
    for spec in CHECKS.values():
        if matches_check(spec.id, settings.disabled_checks) or not spec.runnable(present):
            continue
        context = CheckContext(report, spec, settings.check_options.get(spec.id, {}), resources)
        for finding in spec.function(context):
            for name, severity in settings.severity_overrides.items():
                if matches_check(spec.id, [name]):
                    finding.severity = severity
            report.findings.append(finding)
    report.findings.sort(key=lambda f: (f.target_span.start, f.target_span.end, f.check))
    return report
