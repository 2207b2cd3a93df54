"""The check registry, in the spirit of translate-toolkit's pofilter: each check is a small
function tagged with its id, MQM category, default severity, the inputs it needs and the options it
takes. A check runs only when its inputs are present; it reads the run's shared language analysis
(``ctx.analysis``) and yields Findings. What checks must not improvise (which pair a finding belongs
to, which findings another check replaces, which are ignored) the engine does, in one place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mtcheck.model import AlignedPair, Article, Category, Finding, InputError, Report, Severity, Side, Span
from mtcheck.registry import Registry

if TYPE_CHECKING:
    from mtcheck.analysis import Analysis
    from mtcheck.embed import Embedder
    from mtcheck.load.glossary import Glossary
    from mtcheck.run import Run

CheckFunction = Callable[["CheckContext"], Iterable[Finding]]
#: Folds a replaced finding into the one that replaces it (its evidence, say); see ``supersedes``.
Absorb = Callable[[Finding, Finding], None]


def _no_merge(_winner: Finding, _replaced: Finding) -> None:
    return None


@dataclass(frozen=True)
class CheckSpec:
    id: str
    category: Category
    severity: Severity  # default severity; a check may raise or lower it per finding
    requires: frozenset[Side]  # always includes "target"
    description: str
    function: CheckFunction
    any_of: frozenset[Side] = frozenset()  # at least one of these must also be present
    #: check id → how to fold its finding in. A finding of this check replaces a finding of that
    #: check when their target spans overlap: one error, one finding, whatever order checks run in.
    supersedes: Mapping[str, Absorb] = field(default_factory=dict)
    #: option name → type (``[checks.options."ID"]`` in mtcheck.toml)
    options: Mapping[str, type] = field(default_factory=dict)
    #: a model's opinion (the LLM judge): where another check's finding of the same MQM category covers
    #: the same characters, that finding stands (its evidence explains more) and notes the agreement
    second_opinion: bool = False
    #: False: runs only when enabled (``[checks] enable``, ``--enable``); for checks whose measured
    #: precision is below the base rate of errors, so they would send clean texts to review
    default_on: bool = True

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

    def parse_options(self, given: Mapping[str, Any]) -> dict[str, Any]:
        """The configured options, checked against the declared names and types before any check runs."""
        parsed: dict[str, Any] = {}
        for name, value in given.items():
            kind = self.options.get(name)
            if kind is None:
                known = ", ".join(sorted(self.options)) or "none"
                raise InputError(f"check {self.id}: unknown option {name!r} (known: {known})")
            if kind is float and isinstance(value, int) and not isinstance(value, bool):
                value = float(value)
            if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
                raise InputError(f"check {self.id}: option {name!r} must be a {kind.__name__}, not {value!r}")
            parsed[name] = value
        return parsed


def _load_builtin_checks() -> None:
    from mtcheck.checks import load_all_checks

    load_all_checks()


CHECKS: Registry[CheckSpec] = Registry("check", _load_builtin_checks)


def register_check(
    id: str,
    *,
    category: Category,
    severity: Severity,
    requires: Iterable[Side] = (),
    any_of: Iterable[Side] = (),
    description: str,
    supersedes: Mapping[str, Absorb] | Iterable[str] = (),
    options: Mapping[str, type] | None = None,
    second_opinion: bool = False,
    default_on: bool = True,
) -> Callable[[CheckFunction], CheckFunction]:
    """Decorator that adds a check function to :data:`CHECKS`."""

    def decorate(function: CheckFunction) -> CheckFunction:
        replaced = supersedes if isinstance(supersedes, Mapping) else dict.fromkeys(supersedes, _no_merge)
        CHECKS.add(
            id,
            CheckSpec(
                id=id,
                category=category,
                severity=severity,
                requires=frozenset(requires) | {"target"},
                any_of=frozenset(any_of),
                description=description,
                function=function,
                supersedes=dict(replaced),
                options=dict(options or {}),
                second_opinion=second_opinion,
                default_on=default_on,
            ),
        )
        return function

    return decorate


def matches_check(check_id: str, patterns: Iterable[str]) -> bool:
    """True if ``check_id`` is named by one of ``patterns``: an exact id or a family (``typography``,
    also written ``typography.``)."""
    return any(check_id == p or check_id.startswith(p.rstrip(".") + ".") for p in patterns)


@dataclass(frozen=True)
class Comparison:
    """What a pair check holds the target against: the source if there is one, else the back-translation."""

    side: Side
    article: Article

    @property
    def from_source(self) -> bool:
        return self.side == "source"

    @property
    def label(self) -> str:
        """How messages name the compared side."""
        return "source" if self.from_source else "back-translation"

    def source_span(self, start: int, end: int) -> Span | None:
        """A finding's source span: only offsets into the source are one (back-translation ones are not)."""
        return self.article.span(start, end) if self.from_source else None

    def pairs(self, report: Report) -> Iterator[AlignedPair]:
        """Pairs with sentences on both sides: omissions and additions belong to the alignment checks."""
        return (pair for pair in report.pairs if pair.target_ids and pair.ids(self.side))


@dataclass
class CheckContext:
    """What a check sees: the run (report, shared analysis, resources) and its own options."""

    run: Run
    spec: CheckSpec
    options: Mapping[str, Any] = field(default_factory=dict)

    @property
    def report(self) -> Report:
        return self.run.report

    @property
    def analysis(self) -> Analysis:
        return self.run.analysis

    @property
    def embedder(self) -> Embedder:
        return self.run.embedder

    @property
    def glossary(self) -> Glossary | None:
        return self.run.glossary

    @property
    def compared(self) -> Comparison:
        """For checks registered with ``any_of={"source", "back_translation"}``: one of the two is there."""
        report = self.report
        side: Side = "source" if report.source is not None else "back_translation"
        article = report.article(side)
        assert article is not None
        return Comparison(side, article)

    def finding(self, **kwargs: Any) -> Finding:
        """A Finding pre-filled with this check's id, category and default severity."""
        kwargs.setdefault("category", self.spec.category)
        kwargs.setdefault("severity", self.spec.severity)
        return Finding(check=self.spec.id, **kwargs)
