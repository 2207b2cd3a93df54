"""The check registry, in the spirit of translate-toolkit's pofilter: each check is
a small function tagged with its id, MQM category, default severity and the
inputs it needs. A check runs only when those inputs are present.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from mtcheck.model import Category, Finding, Report, Severity, Side

CheckFunction = Callable[["CheckContext"], Iterable[Finding]]


@dataclass(frozen=True)
class CheckSpec:
    id: str
    category: Category
    severity: Severity  # default severity; a check may raise or lower it per finding
    requires: frozenset[Side]  # always includes "target"
    description: str
    function: CheckFunction
    any_of: frozenset[Side] = frozenset()  # at least one of these must also be present

    @property
    def needs(self) -> str:
        """The inputs in words, e.g. ``source + target`` or ``target + (back_translation or source)``."""
        text = " + ".join(sorted(self.requires))
        if self.any_of:
            text += " + (" + " or ".join(sorted(self.any_of)) + ")"
        return text

    def runnable(self, present: frozenset[Side]) -> bool:
        if not self.requires <= present:
            return False
        return not self.any_of or bool(self.any_of & present)


@dataclass
class CheckContext:
    """What a check sees: the report so far, plus its own settings from config."""

    report: Report
    spec: CheckSpec
    options: Mapping[str, Any] = field(default_factory=dict)
    resources: Mapping[str, Any] = field(default_factory=dict)  # e.g. a loaded glossary, an embedder

    def finding(self, **kwargs: Any) -> Finding:
        """A Finding pre-filled with this check's id, category and default severity."""
        kwargs.setdefault("category", self.spec.category)
        kwargs.setdefault("severity", self.spec.severity)
        return Finding(check=self.spec.id, **kwargs)


CHECKS: dict[str, CheckSpec] = {}


def register_check(
    id: str,
    *,
    category: Category,
    severity: Severity,
    requires: Iterable[Side] = (),
    any_of: Iterable[Side] = (),
    description: str,
) -> Callable[[CheckFunction], CheckFunction]:
    """Decorator that adds a check function to :data:`CHECKS`."""

    def decorate(function: CheckFunction) -> CheckFunction:
        if id in CHECKS:
            raise ValueError(f"check {id!r} registered twice")
        CHECKS[id] = CheckSpec(
            id=id,
            category=category,
            severity=severity,
            requires=frozenset(requires) | {"target"},
            any_of=frozenset(any_of),
            description=description,
            function=function,
        )
        return function

    return decorate


def matches_check(check_id: str, patterns: Iterable[str]) -> bool:
    """True if ``check_id`` is named by one of ``patterns``: an exact id or a family (``typography``)."""
    return any(check_id == p or check_id.startswith(p + ".") for p in patterns)
