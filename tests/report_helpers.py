"""Hand-built Reports for the report/gate/batch tests, and :func:`run_check` for the check tests.

Sentences are split with a plain regex here on purpose: these tests exercise the
report writers, not segmentation, and must not change when the segmenter does.
"""

from __future__ import annotations

import re
from pathlib import Path

from mtcheck.checks import CHECKS, CheckContext
from mtcheck.config import GateSettings
from mtcheck.gate import evaluate
from mtcheck.model import (
    AlignedPair,
    Article,
    Block,
    Category,
    Evidence,
    Finding,
    Report,
    Score,
    Sentence,
    Severity,
    Side,
    Signature,
)
from mtcheck.run import Run

#: The founding example article: a byte-for-byte copy of the seed, kept in the repository so that
#: the tests run in a clone with nothing beside it.
EXAMPLE_TARGET = Path(__file__).resolve().parents[1] / "corpora" / "example-putin" / "target.de.txt"


def run_check(
    check_id: str, report: Report, options: dict | None = None, **run_fields: object
) -> list[Finding]:
    """The findings of one registered check (alone, without the engine) on a report that has the
    inputs it needs; ``run_fields`` go to the :class:`Run` (``glossary=``, ``settings=``)."""
    spec = CHECKS.get(check_id)
    assert spec.runnable(report.present()), f"{check_id} needs {spec.needs}"
    run = Run(report, **run_fields)  # type: ignore[arg-type]
    return list(spec.function(CheckContext(run, spec, spec.parse_options(options or {}))))


# A sentence ends at . ! ? followed by space or line end, but not after a digit ("19. März").
_SENTENCE = re.compile(r"[^\n]+?(?:(?<!\d)[.!?]+(?=\s|$)|$)", re.M)


def make_article(text: str, side: Side, language: str, path: Path | None = None) -> Article:
    article = Article(side=side, text=text, language=language, path=path)
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            block = len(article.blocks)
            article.blocks.append(Block("paragraph", offset, offset + len(line)))
            for match in _SENTENCE.finditer(line):
                raw = match.group()
                lead = len(raw) - len(raw.lstrip())
                start, end = offset + match.start() + lead, offset + match.start() + len(raw.rstrip())
                if end > start:
                    article.sentences.append(
                        Sentence(len(article.sentences), start, end, text[start:end], block, "paragraph")
                    )
        offset += len(line) + 1
    return article


def span_of(article: Article, needle: str, occurrence: int = 0):
    start = -1
    for _ in range(occurrence + 1):
        start = article.text.index(needle, start + 1)
    return article.span(start, start + len(needle))


def pair_one_to_one(report: Report) -> Report:
    """1-1 pairs by sentence index (target ↔ back-translation, and source if present)."""
    target = report.target
    for i, _ in enumerate(target.sentences):
        bt = (i,) if report.back_translation and i < len(report.back_translation.sentences) else ()
        src = (i,) if report.source and i < len(report.source.sentences) else ()
        report.pairs.append(
            AlignedPair(
                index=i,
                source_ids=src,
                target_ids=(i,),
                back_translation_ids=bt,
                kind=f"{len(src)}-1" if report.source else None,
                scores={
                    "similarity(src,mt)" if report.source else "similarity(mt,bt)": 0.9 - 0.1 * (i % 3),
                    "chrf": 70.0 - 10 * (i % 4),
                },
            )
        )
    return report


GENDER_TARGET = (
    "Zur Autorin\n"
    "Laurie Bristow ist Präsident des Hughes Hall College. "
    "Von 2016 bis 2020 war er Botschafter in Russland.\n"
    "Das Treffen fand am 19. März 2025 statt."
)
GENDER_BACK = (
    "About the author\n"
    "Laurie Bristow is President of Hughes Hall College. From 2016 to 2020 he was ambassador to Russia.\n"
    "The meeting took place on 19 March 2025."
)


def gender_report(tmp_path: Path | None = None) -> Report:
    """A small report whose one major finding mirrors the example article's 'Zur Autorin' error."""
    target_path = None
    if tmp_path is not None:
        target_path = tmp_path / "target.de.txt"
        target_path.write_text(GENDER_TARGET, encoding="utf-8")
    target = make_article(GENDER_TARGET, "target", "de", target_path)
    back = make_article(GENDER_BACK, "back_translation", "en")
    report = pair_one_to_one(Report(target=target, back_translation=back, back_translation_origin="file:bt"))
    report.findings.append(
        Finding(
            check="gender.agreement",
            category=Category.MISTRANSLATION,
            severity=Severity.MAJOR,
            message="'Autorin' (feminine) refers to a man: 'Präsident' and 'er' are masculine.",
            target_span=span_of(target, "Autorin"),
            evidence=[
                Evidence("Präsident", *word_offsets(target, "Präsident"), "target", "masculine title"),
                Evidence("er", *word_offsets(target, "er"), "target", "masculine pronoun"),
            ],
            suggestion="Zum Autor",
            confidence=0.9,
            pair=0,
        )
    )
    report.findings.append(
        Finding(
            check="numbers.mismatch",
            category=Category.LOCALE,
            severity=Severity.MINOR,
            message="Date differs from the back-translation.",
            target_span=span_of(target, "19. März 2025"),
            pair=3,
        )
    )
    signature = Signature("chrF2", (("nrefs", "1"), ("case", "mixed"), ("sacrebleu", "2.4.0")))
    report.scores.append(Score("chrf", 61.5, signature))
    # as the pipeline's last stage does, with the REVIEW rules off: a hand-made report has no
    # similarity score, and these fixtures exist to show one blocking finding
    gate = GateSettings(review_minor_per_1000=None, min_similarity=None, review_min_estimate=None)
    report.verdict = evaluate(report, gate)
    return report


def word_offsets(article: Article, word: str, after: int = 0) -> tuple[int, int]:
    """Offsets of the first whole-word occurrence of ``word`` at or after ``after``."""
    match = re.compile(rf"\b{re.escape(word)}\b").search(article.text, after)
    assert match is not None, word
    return match.start(), match.end()


def target_only_settings():
    """Default settings without the REVIEW rule for an unknown similarity: for tests of other
    mechanics on German-only articles, which the default gate sends to REVIEW (nothing compared
    them with a source)."""
    from mtcheck.config import Settings

    settings = Settings()
    settings.gate.min_similarity = 0.0  # as `--min-similarity 0` on the command line
    return settings
