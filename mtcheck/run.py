"""The run context: what one check of one article carries from stage to stage.

Every stage is a function ``stage(run) -> None`` that reads and fills ``run.report``. Resources
that stages share (the sentence encoder, the glossary, the language analysis) live here, typed,
so that a benchmark or a training script can build a :class:`Run` and call the same stages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mtcheck.config import Settings, validate_settings
from mtcheck.model import Report

if TYPE_CHECKING:
    from mtcheck.analysis import Analysis
    from mtcheck.embed import Embedder
    from mtcheck.judge.runner import Judgement
    from mtcheck.load.glossary import Glossary

StageCallback = Callable[[str], None]
ProgressCallback = Callable[[int, int], None]  # (done, total) within the running stage


@dataclass
class Run:
    report: Report
    settings: Settings = field(default_factory=Settings)
    #: the sentence encoder for alignment and similarity (default: the one settings name)
    embedder: Embedder = None  # type: ignore[assignment]
    glossary: Glossary | None = None
    #: the LLM judge's answers, set by the judging stage when the judge is on (read by checks/judge.py)
    judgement: Judgement | None = None
    on_stage: StageCallback | None = None
    on_progress: ProgressCallback | None = None
    _analysis: Analysis | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        if self.embedder is None:
            from mtcheck.embed import get_embedder

            self.embedder = get_embedder(self.settings.embedder)  # the model itself loads on first use

    @classmethod
    def prepare(cls, report: Report, settings: Settings | None = None, **callbacks: object) -> Run:
        """A run whose settings are checked before any model work: a bad encoder name or glossary
        fails here, in one line, not after minutes of back-translation."""
        from mtcheck.load.glossary import load_glossary

        settings = settings or Settings()
        validate_settings(settings)
        if settings.judge.enabled:  # a missing url, model or key fails now, not after the other stages
            from mtcheck.judge.client import endpoint_from_settings

            endpoint_from_settings(settings.judge)
        run = cls(report, settings, **callbacks)  # type: ignore[arg-type]
        if settings.glossary is not None:
            run.glossary = load_glossary(settings.glossary)
        return run

    @property
    def analysis(self) -> Analysis:
        """The language analysis of the report, computed lazily and kept for the whole run."""
        if self._analysis is None:
            from mtcheck.analysis import Analysis

            self._analysis = Analysis(self.report)
        return self._analysis

    def stage(self, name: str) -> None:
        if self.on_stage is not None:
            self.on_stage(name)
