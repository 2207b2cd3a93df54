"""The pipeline and the public Python API: ``mtcheck.check(target, source=..., ...) -> Report``.

load → segment → back-translate → align → score → check → estimate → MQM → gate.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from mtcheck.config import Settings
from mtcheck.model import Article, InputError, Report, Side

StageCallback = Callable[[str], None]
ProgressCallback = Callable[[int, int], None]  # (done, total) within the running stage

ArticleInput = Path | str | Article


def _article(value: ArticleInput | None, side: Side, max_chars: int) -> Article | None:
    from mtcheck.load import load_article
    from mtcheck.segment import segment_article
    from mtcheck.xliff import is_xliff_path, load_xliff

    if value is None:
        return None
    if side == "target" and is_xliff_path(value):
        article = load_xliff(Path(value))[1]  # a separately given source wins over the XLIFF's own
    else:
        article = value if isinstance(value, Article) else load_article(Path(value), side)
    if article.side != side:
        raise InputError(f"{side.replace('_', ' ')} was given an article loaded as {article.side}")
    if len(article.text) > max_chars:
        raise InputError(
            f"{article.path or side}: {len(article.text):,} characters is longer than one article "
            f"(limit {max_chars:,}; raise max-article-chars in mtcheck.toml to check it anyway)"
        )
    if not article.sentences:
        segment_article(article)
    return article


def load_report(
    target: ArticleInput,
    source: ArticleInput | None = None,
    back_translation: ArticleInput | None = None,
    reference: ArticleInput | None = None,
    max_chars: int = Settings.max_article_chars,
) -> Report:
    """The load and segment stages: every given side read, language-checked and split into sentences.

    A bilingual XLIFF target (.xlf/.xliff/.xlif) gives the source too, unless a source is given.
    """
    from mtcheck.xliff import is_xliff_path, load_xliff

    if source is None and is_xliff_path(target):
        source, target = load_xliff(Path(target))
    report = Report(
        target=_article(target, "target", max_chars),  # type: ignore[arg-type]
        source=_article(source, "source", max_chars),
        back_translation=_article(back_translation, "back_translation", max_chars),
        reference=_article(reference, "reference", max_chars),
    )
    return report


def run_pipeline(
    report: Report,
    settings: Settings,
    on_stage: StageCallback | None = None,
    on_progress: ProgressCallback | None = None,
) -> Report:
    """Back-translate, align, score, check, estimate, and weigh a loaded report."""
    from mtcheck.align import align_report
    from mtcheck.checks import run_checks
    from mtcheck.embed import get_embedder
    from mtcheck.estimate import estimate_report
    from mtcheck.gate import evaluate
    from mtcheck.metrics import score_report
    from mtcheck.mqm import document_score
    from mtcheck.translate import back_translate

    def stage(name: str) -> None:
        if on_stage is not None:
            on_stage(name)

    # Settings that can be wrong (encoder name, glossary file) fail before any model work.
    embedder = get_embedder(settings.embedder)  # the model itself loads on first use
    resources: dict[str, Any] = {"embedder": embedder}
    if settings.glossary is not None:
        from mtcheck.checks.glossary import load_glossary

        resources["glossary"] = load_glossary(settings.glossary)
    stage("back-translating")
    back_translate(report, settings, on_progress)
    stage("embedding and aligning")
    align_report(report, embedder)
    stage("scoring")
    score_report(report, embedder)
    if settings.comet_model:
        from mtcheck.metrics.comet import CometScorer, comet_score_report

        stage("scoring with COMET")
        comet_score_report(report, CometScorer(settings.comet_model, allow_download=settings.allow_network))
    stage("checking")
    run_checks(report, settings, resources)
    stage("estimating quality")
    estimate_report(report, resources)
    report.mqm = document_score(report.findings, report.target)
    report.verdict = evaluate(report, settings.gate)
    return report


def check(
    target: ArticleInput,
    source: ArticleInput | None = None,
    back_translation: ArticleInput | None = None,
    reference: ArticleInput | None = None,
    settings: Settings | None = None,
    on_stage: StageCallback | None = None,
    on_progress: ProgressCallback | None = None,
) -> Report:
    """Check a German translation (path or Article) against whatever else is given.

    Raises :class:`mtcheck.model.InputError` for bad input.
    """
    if on_stage is not None:
        on_stage("loading")
    settings = settings or Settings()
    report = load_report(target, source, back_translation, reference, settings.max_article_chars)
    return run_pipeline(report, settings, on_stage, on_progress)
