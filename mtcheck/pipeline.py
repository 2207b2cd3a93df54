"""The pipeline: a list of stages over one :class:`~mtcheck.run.Run`, and the public ``check()``.

load → segment → back-translate → align → score → judge → check → estimate → gate

Each stage is a plain function ``stage(run) -> None``. :data:`STAGES` is the whole pipeline; a
benchmark or training script that needs only part of it calls :func:`run_stages` with the stages
it wants (for example everything up to the checks) on a Run it built itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from mtcheck.config import Settings, validate_settings
from mtcheck.model import Article, InputError, LinkedText, Report, Side
from mtcheck.run import ProgressCallback, Run, StageCallback

ArticleInput = Path | str | Article


@dataclass(frozen=True)
class Stage:
    label: str  # what the progress line shows while it runs
    run: Callable[[Run], None]


def back_translate_stage(run: Run) -> None:
    from mtcheck.translate import back_translate

    back_translate(run.report, run.settings, run.on_progress)


def align_stage(run: Run) -> None:
    from mtcheck.align import align_report
    from mtcheck.linked import link_texts

    align_report(run.report, run.embedder)
    link_texts(run.report, run.embedder)


def score_stage(run: Run) -> None:
    from mtcheck.metrics import score_run

    score_run(run)


def judge_stage(run: Run) -> None:
    """Ask the LLM judge about every pair (only with --judge / [judge] enabled, a source and at least
    one judge check enabled); the judge.* checks turn its answers into findings."""
    from mtcheck.checks.registry import matches_check

    settings, report = run.settings, run.report
    if not settings.judge.enabled or matches_check("judge.x", settings.disabled_checks):
        return
    if report.source is None:  # the judge compares the German with the English
        if settings.judge.require:
            raise InputError("--require-judge: the LLM judge needs the English source (--source)")
        report.warnings.append("LLM judge skipped: it needs the English source (--source)")
        return
    from mtcheck.judge.runner import Judge

    run.judgement = Judge(settings).run(report, run.on_progress)


def check_stage(run: Run) -> None:
    from mtcheck.checks.engine import run_checks

    run_checks(run)


def estimate_stage(run: Run) -> None:
    from mtcheck.metrics import score_run

    score_run(run, after_checks=True)


def gate_stage(run: Run) -> None:
    from mtcheck.gate import evaluate

    run.report.verdict = evaluate(run.report, run.settings.gate)


STAGES: tuple[Stage, ...] = (
    Stage("back-translating", back_translate_stage),
    Stage("embedding and aligning", align_stage),
    Stage("scoring", score_stage),
    Stage("asking the LLM judge", judge_stage),
    Stage("checking", check_stage),
    Stage("estimating quality", estimate_stage),
    Stage("gating", gate_stage),
)
#: Everything that reads the text, without the verdict: what a benchmark of the checks needs.
ANALYSIS_STAGES = STAGES[:5]


def run_stages(run: Run, stages: Sequence[Stage] = STAGES) -> Report:
    """Run ``stages`` on the analysis view of the report, then map every offset back to the texts
    the user gave (see mtcheck.load.normalize). Warnings of the on-disk caches (a corrupt file
    rebuilt, an unwritable one skipped) are added to ``report.warnings`` after each stage."""
    from mtcheck.cache import take_warnings
    from mtcheck.load.normalize import restore_offsets

    for stage in stages:
        run.stage(stage.label)
        stage.run(run)
        run.report.warnings.extend(w for w in take_warnings() if w not in run.report.warnings)
    return restore_offsets(run.report)


# --- load and segment ---------------------------------------------------------------------------


def _article(value: ArticleInput | None, side: Side, max_chars: int) -> Article | None:
    from mtcheck.load import is_xliff_path, load_article, load_xliff
    from mtcheck.load.articles import refuse_non_article
    from mtcheck.load.normalize import normalise_article
    from mtcheck.segment import segment_article

    if value is None:
        return None
    if side == "target" and is_xliff_path(value):
        article = load_xliff(Path(value))[1]  # a separately given source wins over the XLIFF's own
    else:
        article = value if isinstance(value, Article) else load_article(Path(value), side)
    if article.side != side:
        raise InputError(f"{side.replace('_', ' ')} was given an article loaded as {article.side}")
    refuse_non_article(article.text, str(article.path or side.replace("_", " ")))
    if len(article.text) > max_chars:
        raise InputError(
            f"{article.path or side}: {len(article.text):,} characters is longer than one article "
            f"(limit {max_chars:,}; raise max-article-chars in mtcheck.toml to check it anyway)"
        )
    normalise_article(article)  # the checks read NFC text without invisible characters
    if not article.sentences and side != "back_translation":
        segment_article(article)
    return article


def _many(value: ArticleInput | Sequence[ArticleInput] | None) -> list[ArticleInput]:
    if value is None:
        return []
    return [value] if isinstance(value, Path | str | Article) else list(value)


def _load_back_translations(report: Report, values: list[ArticleInput], limit: int) -> None:
    """Each back-translation file segmented once, in the layout that links it to the German sentences;
    the first is ``report.back_translation``, the others ``report.extra_back_translations``."""
    from mtcheck.load import link_back_translation

    for value in values:
        given = _article(value, "back_translation", limit)
        assert given is not None
        _encoding_warning(report, given)
        if given.sentences:  # built by the caller, already segmented
            article = given
        else:
            article, warnings = link_back_translation(report.target, given)
            report.warnings.extend(warnings)
        origin = f"file:{given.path}" if given.path else "file"
        if report.back_translation is None:
            report.back_translation, report.back_translation_origin = article, origin
        else:
            report.extra_back_translations.append(LinkedText(article, origin))


def _load_alternatives(report: Report, values: list[ArticleInput], limit: int) -> None:
    """Other engines' German translations (read like a reference: German, segmented)."""
    for value in values:
        try:
            article = _article(value, "reference", limit)
        except InputError as error:
            raise InputError(str(error).replace("--reference", "--alternative")) from None
        assert article is not None
        _encoding_warning(report, article)
        origin = f"file:{article.path}" if article.path else "text"
        report.alternatives.append(LinkedText(article, origin))


def load_report(
    target: ArticleInput,
    source: ArticleInput | None = None,
    back_translation: ArticleInput | Sequence[ArticleInput] | None = None,
    reference: ArticleInput | None = None,
    settings: Settings | None = None,
    alternatives: Sequence[ArticleInput] = (),
) -> Report:
    """The load and segment stages: every given side read, language-checked and split into sentences.

    A bilingual XLIFF target (.xlf/.xliff/.xlif) gives the source too, unless a source is given. Each
    back-translation file is segmented once, in the layout that links it to the German sentences.
    """
    from mtcheck.load import is_xliff_path, load_xliff

    settings = settings or Settings()
    if source is None and is_xliff_path(target):
        source, target = load_xliff(Path(target))
    limit = settings.max_article_chars
    report = Report(
        target=_article(target, "target", limit),  # type: ignore[arg-type]
        source=_article(source, "source", limit),
        reference=_article(reference, "reference", limit),
    )
    files = _many(back_translation)
    if not files and (configured := settings.back_translation_file()) is not None:
        files = [configured]
    for side in ("target", "source", "reference"):
        _encoding_warning(report, report.article(side))
    _load_back_translations(report, files, limit)
    _load_alternatives(report, list(alternatives), limit)
    _load_acceptances(report, settings)
    return report


def _load_acceptances(report: Report, settings: Settings) -> None:
    """The baseline file of the gate settings and the target's sidecar ignore file, if any."""
    from mtcheck.load.baseline import read_baseline, read_sidecar

    if settings.gate.baseline is not None:
        report.acceptances.append(read_baseline(settings.gate.baseline))
    if report.target.path is not None and (sidecar := read_sidecar(report.target.path)) is not None:
        report.acceptances.append(sidecar)


def _encoding_warning(report: Report, article: Article | None) -> None:
    from mtcheck.load.files import encoding_warning

    if article is not None:
        warning = encoding_warning(str(article.path or article.side), article.encoding)
        if warning is not None:
            report.warnings.append(warning)


def check(
    target: ArticleInput,
    source: ArticleInput | None = None,
    back_translation: ArticleInput | Sequence[ArticleInput] | None = None,
    reference: ArticleInput | None = None,
    settings: Settings | None = None,
    on_stage: StageCallback | None = None,
    on_progress: ProgressCallback | None = None,
    alternatives: Sequence[ArticleInput] = (),
) -> Report:
    """Check a German translation (path or Article) against whatever else is given: a source, one or
    more back-translations, a reference, other engines' translations (``alternatives``).

    Raises :class:`mtcheck.model.InputError` for bad input.
    """
    if on_stage is not None:
        on_stage("loading")
    settings = settings or Settings()
    validate_settings(settings)  # before reading any file (Run.prepare checks again for direct callers)
    report = load_report(target, source, back_translation, reference, settings, alternatives)
    report.config_path = settings.config_path
    run = Run.prepare(report, settings, on_stage=on_stage, on_progress=on_progress)
    return run_stages(run)
