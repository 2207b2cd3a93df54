"""The pipeline stage: fill ``report.pairs`` from the source, target, back-translation and reference."""

from __future__ import annotations

from collections.abc import Sequence

from mtcheck.align.chrf import ChrfSimilarity
from mtcheck.align.params import DEFAULT_PARAMS, AlignParams, Link
from mtcheck.align.similarity import EmbeddingSimilarity, WeightedSimilarity
from mtcheck.align.texts import (
    absorb_clauses,
    align_texts,
    detach_idle_parts,
    extend_merges,
    join_substitutions,
)
from mtcheck.model import AlignedPair, Article, Report

# --- the pipeline stage ----------------------------------------------------------------------------


def _texts(article: Article | None) -> list[str]:
    return [s.text for s in article.sentences] if article is not None else []


def _target_map(links: list[Link], n_target: int) -> dict[int, tuple[int, ...]]:
    """Target sentence → the other side's sentences its link covers (a 2-1 link shares them)."""
    mapping: dict[int, tuple[int, ...]] = {j: () for j in range(n_target)}
    for link in links:
        for j in link.source:
            mapping[j] = link.target
    return mapping


def _side_links(report: Report, side: str, embedder, params: AlignParams) -> list[Link] | None:
    """Target → back-translation (identity when counts match, else cross-lingual DP) or
    target → reference (chrF DP). Links are expressed with the target as "source"."""
    other = report.article(side)  # type: ignore[arg-type]
    if other is None:
        return None
    target, texts = _texts(report.target), _texts(other)
    if side == "back_translation" and len(target) == len(texts):
        return [Link((j,), (j,)) for j in range(len(target))]
    sim: EmbeddingSimilarity | ChrfSimilarity
    if side == "back_translation" and embedder is not None:
        sim = EmbeddingSimilarity(target, texts, embedder, params=params)
    else:
        sim = ChrfSimilarity(target, texts, params=params)
    return align_texts(target, texts, sim, params)


def _union(mapping: dict[int, tuple[int, ...]] | None, target_ids: Sequence[int]) -> tuple[int, ...]:
    if mapping is None:
        return ()
    return tuple(sorted({k for j in target_ids for k in mapping.get(j, ())}))


def _warn_unmatched_back_translation(report: Report, bt_links: list[Link] | None) -> None:
    if bt_links is not None and report.back_translation is not None:
        covered = {k for link in bt_links for k in link.target}
        dropped = len(report.back_translation.sentences) - len(covered)
        if dropped:
            report.warnings.append(f"{dropped} back-translation sentence(s) matched no target sentence")


def _target_only_pairs(
    n_target: int,
    bt_links: list[Link] | None,
    bt_map: dict[int, tuple[int, ...]] | None,
    ref_map: dict[int, tuple[int, ...]] | None,
) -> list[AlignedPair]:
    """Without a source: one pair per target sentence (or per target group the back-translation
    links together)."""
    groups = (
        [link.source for link in bt_links if link.source] if bt_links else [(j,) for j in range(n_target)]
    )
    return [
        AlignedPair(
            index=index,
            target_ids=target_ids,
            back_translation_ids=_union(bt_map, target_ids),
            reference_ids=_union(ref_map, target_ids),
        )
        for index, target_ids in enumerate(groups)
    ]


def _source_similarity(
    report: Report,
    source: list[str],
    target: list[str],
    bt_map: dict[int, tuple[int, ...]] | None,
    embedder,
    params: AlignParams,
) -> tuple[EmbeddingSimilarity | ChrfSimilarity | WeightedSimilarity, EmbeddingSimilarity | None]:
    """(the similarity the source↔target search uses, the cross-lingual part of it if any)."""
    cross = EmbeddingSimilarity(source, target, embedder, params=params) if embedder is not None else None
    mono = None
    if bt_map is not None and report.back_translation is not None:
        bt_sentences = _texts(report.back_translation)
        # the back-translation "of" each target sentence, and of each neighbouring pair
        bt_of_target = [" ".join(bt_sentences[k] for k in bt_map[j]) for j in range(len(target))]
        mono = ChrfSimilarity(source, bt_of_target, cross.guide if cross is not None else None, params)
    similarity: EmbeddingSimilarity | ChrfSimilarity | WeightedSimilarity
    if cross is not None and mono is not None:
        similarity = WeightedSimilarity([(1 - params.chrf_weight, cross), (params.chrf_weight, mono)])
    elif cross is not None:
        similarity = cross
    elif mono is not None:
        similarity = mono
    else:
        raise ValueError("aligning a source needs an embedder or a back-translation")
    return similarity, cross


def _source_links(
    source: list[str],
    target: list[str],
    similarity: EmbeddingSimilarity | ChrfSimilarity | WeightedSimilarity,
    cross: EmbeddingSimilarity | None,
    embedder,
    params: AlignParams,
) -> list[Link]:
    """The search, then the passes that fix what it cannot see."""
    links = align_texts(source, target, similarity, params)
    if cross is not None:
        links = detach_idle_parts(links, cross.raw, source, target)
        links = absorb_clauses(links, source, target, cross, embedder, params)
        links = extend_merges(links, source, target, similarity, params)
    return join_substitutions(links, similarity, params.substitution)


def align_report(report: Report, embedder, params: AlignParams = DEFAULT_PARAMS) -> Report:
    """Fill ``report.pairs``: source↔target links (or one pair per target sentence without a
    source), each carrying its back-translation and reference sentence ids."""
    target = _texts(report.target)
    bt_links = _side_links(report, "back_translation", embedder, params)
    bt_map = _target_map(bt_links, len(target)) if bt_links is not None else None
    ref_links = _side_links(report, "reference", embedder, params)
    ref_map = _target_map(ref_links, len(target)) if ref_links is not None else None
    _warn_unmatched_back_translation(report, bt_links)

    if report.source is None:
        report.pairs = _target_only_pairs(len(target), bt_links, bt_map, ref_map)
        return report

    source = _texts(report.source)
    similarity, cross = _source_similarity(report, source, target, bt_map, embedder, params)
    links = _source_links(source, target, similarity, cross, embedder, params)
    report.pairs = [
        AlignedPair(
            index=index,
            source_ids=link.source,
            target_ids=link.target,
            back_translation_ids=_union(bt_map, link.target),
            reference_ids=_union(ref_map, link.target),
            kind=link.kind,
        )
        for index, link in enumerate(links)
    ]
    return report
