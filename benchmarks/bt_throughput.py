"""Back-translation throughput: transformers (fp32) against CTranslate2 (int8) on the real
opus-mt-de-en architecture, plus the warm-cache re-check.

Speed depends on the architecture, not on the weight values, so the model is built from the
published config of Helsinki-NLP/opus-mt-de-en (written out below) with random weights; no
weights are downloaded. Every sentence is forced to decode exactly ``--output-tokens`` tokens
(min length = max length) so both backends do the same amount of work. The sentences are the
German example article (corpora/example-putin).

Sentencepiece models are trained here on the German and English text of the WMT23 en-de
evaluation file (../shared/eval), and the CTranslate2 vocabulary map (lexical shortlist) is
derived from the same file: the most frequent English target tokens plus, per German token,
the English tokens that co-occur with it most (Dice). The example article is not in that data.

The headline rows run both backends the way ``mtcheck check`` does with its default settings
(``Settings()``): the same batch size (``bt-batch-size``, 16), greedy search, ``bt-threads`` 0
(torch's default thread count; for CTranslate2 the cores shared by the workers) and
``bt-workers`` 0 (one single-thread CTranslate2 worker per core), int8, and no vocabulary map
(``mtcheck convert-model`` writes none unless given one). Rows with a map, or with the single
worker mtcheck used before ``bt-workers``, are for comparison. Every configuration is timed
``--repeats`` times in interleaved rounds (A, B, C, A, B, C, ...) and the median run counts (as in
``benchmarks.speed``: one lucky run does not make a claim; every run is kept in the JSON).

    .venv/bin/python -m benchmarks.bt_throughput [--eval-dir ../shared/eval] [--batch-sizes 16]

Run from the repository root. Writes benchmarks/results/bt_throughput.md (and .json).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import shutil
import tempfile
import time
from pathlib import Path
from statistics import median

# OpenMP threads that spin while waiting collapse when other jobs share the CPUs (measured here:
# torch at 2 threads fell from ~110 to ~25 tokens/s); passive waiting is fairer to both backends.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

from mtcheck.config import Settings  # noqa: E402
from mtcheck.translate.base import GenerationSettings  # noqa: E402
from mtcheck.translate.cache import TranslationCache  # noqa: E402
from mtcheck.translate.convert import build_vocab_map, convert_marian, vocab_map_coverage  # noqa: E402
from mtcheck.translate.engine import translate_texts  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

# config.json of Helsinki-NLP/opus-mt-de-en (MarianMT), the values that shape the computation.
OPUS_MT_DE_EN = {
    "vocab_size": 58101,
    "d_model": 512,
    "encoder_layers": 6,
    "decoder_layers": 6,
    "encoder_attention_heads": 8,
    "decoder_attention_heads": 8,
    "encoder_ffn_dim": 2048,
    "decoder_ffn_dim": 2048,
    "activation_function": "swish",
    "max_position_embeddings": 512,
    "scale_embedding": True,
    "static_position_embeddings": True,
    "normalize_before": False,
    "normalize_embedding": False,
    "share_encoder_decoder_embeddings": True,
    "pad_token_id": 58100,
    "eos_token_id": 0,
    "decoder_start_token_id": 58100,
    "forced_eos_token_id": 0,
    "dropout": 0.1,
}


def read_wmt23(eval_dir: Path) -> list[tuple[str, str]]:
    """(German, English) pairs: every system's German output and the reference, with the source."""
    csv.field_size_limit(10**9)
    with (eval_dir / "wmt23_ende_mtme.tsv").open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        pairs = {(row["mt"].lstrip("\ufeff"), row["source"]) for row in rows if row["mt"].strip()}
    return sorted(pairs)


def build_model(out: Path, pairs: list[tuple[str, str]]) -> Path:
    """A MarianMT with the opus-mt-de-en architecture, random weights, our tokenizers."""
    import torch
    from transformers import MarianConfig, MarianMTModel

    from tests.mt_fixtures import write_marian_tokenizer

    german = sorted({de for de, _ in pairs})
    english = sorted({en for _, en in pairs})
    # filled up to the real vocabulary size: the output layer is what the speed depends on
    vocab = write_marian_tokenizer(out, german, english, (32000, 16000), OPUS_MT_DE_EN["vocab_size"])
    torch.manual_seed(0)
    MarianMTModel(MarianConfig(**OPUS_MT_DE_EN)).save_pretrained(out)
    real_pieces = sum(not piece.startswith("<unused") for piece in vocab) - 1  # without <pad>
    (out / "pieces.txt").write_text(f"{real_pieces}\n")
    return out


def example_sentences() -> list[str]:
    from mtcheck.load import load_article
    from mtcheck.segment import segment_article

    article = segment_article(load_article(ROOT / "corpora/example-putin/target.de.txt", "target", "de"))
    return [s.text for s in article.sentences]


def timed_once(translator, sentences: list[str], batch_size: int) -> tuple[float, float]:
    """(wall s, CPU s of this process, all threads) for one pass over the sentences."""
    wall, cpu = time.perf_counter(), time.process_time()
    run = translate_texts(translator, sentences, batch_size=batch_size)
    assert len(run.outputs) == len(sentences)
    return time.perf_counter() - wall, time.process_time() - cpu


def speed(times: list[tuple[float, float]], sentences: int, tokens: int) -> dict:
    wall, cpu = median(t[0] for t in times), median(t[1] for t in times)
    total = sentences * tokens
    return {
        "seconds": round(wall, 2),
        "sentences_per_s": round(sentences / wall, 1),
        "tokens_per_s": round(total / wall, 1),
        "cpu_seconds": round(cpu, 2),
        "tokens_per_cpu_s": round(total / cpu, 1),
        "runs": [[round(w, 2), round(c, 2)] for w, c in times],
    }


def decoded_lengths(hf, ct2, sentences: list[str]) -> tuple[int, int]:
    """How many tokens each backend really decodes per sentence (checks the forced length)."""
    import torch

    encoded = hf.tokenizer(sentences[:4], return_tensors="pt", padding=True)
    gen = hf.generation
    with torch.inference_mode():
        output = hf.model.generate(
            **encoded,
            num_beams=1,
            do_sample=False,
            min_new_tokens=gen.min_output_tokens,
            max_new_tokens=gen.max_output_tokens,
        )
    results = ct2.translator.translate_batch(
        ct2.tokenize(sentences[:4]),
        beam_size=1,
        return_end_token=True,
        min_decoding_length=gen.min_output_tokens,
        max_decoding_length=gen.max_output_tokens,
    )
    return int(output.shape[1]) - 1, max(len(r.hypotheses[0]) for r in results)  # minus decoder start


def cache_rerun(
    model: Path, sentences: list[str], generation: GenerationSettings, work: Path, settings: Settings
) -> dict:
    """Back-translating the article from scratch (model load included), then again with the
    cache warm, each time with a fresh translator as a new `mtcheck check` process would have."""
    from mtcheck.translate.ct2_backend import CTranslate2BackTranslator

    cache_dir = work / "cache"
    shutil.rmtree(cache_dir, ignore_errors=True)
    times, calls = [], []
    for _ in range(2):
        start = time.perf_counter()
        translator = CTranslate2BackTranslator(
            model, generation=generation, threads=settings.bt_threads, workers=settings.bt_workers
        )
        run = translate_texts(
            translator, sentences, cache=TranslationCache(cache_dir), batch_size=settings.bt_batch_size
        )
        times.append(time.perf_counter() - start)
        calls.append(run.batches)
    first, warm = times
    return {
        "first_s": round(first, 2),
        "warm_s": round(warm, 3),
        "speedup": round(first / warm, 1),
        "model_calls": calls,
    }


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--work-dir", type=Path, default=Path(tempfile.gettempdir()) / "mtcheck-bt-bench")
    parser.add_argument("--output-tokens", type=int, default=32)
    parser.add_argument("--batch-sizes", default="16", help="batch sizes, each run by both backends")
    parser.add_argument("--repeats", type=int, default=3, help="interleaved rounds; the median run counts")
    parser.add_argument(
        "--maps",
        default="500:10,4000:30",
        help="vocabulary maps to try, ALWAYS:PER (frequent targets : candidates per German token)",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "bt_throughput.md")
    return parser.parse_args()


def _example_pairs() -> list[tuple[str, str]]:
    """The example article's German lines with the team's hand-written back-translation of each."""
    example = ROOT / "corpora/example-putin"
    return [
        (de, en)
        for de, en in zip(
            (example / "target.de.txt").read_text(encoding="utf-8").splitlines(),
            (example / "back_translation.en.txt").read_text(encoding="utf-8").splitlines(),
            strict=False,
        )
        if de.strip() and en.strip()
    ]


def _build_maps(specs: str, work: Path, hf_dir: Path, vocab: dict, pairs: list) -> list[dict]:
    """One CTranslate2 int8 model per vocabulary map, with the map's statistics and its coverage of
    the example's hand-written back-translation (how much of it the map would allow)."""
    spms = {"source_spm": hf_dir / "source.spm", "target_spm": hf_dir / "target.spm"}
    example_pairs = _example_pairs()
    maps: list[dict] = []
    for spec in specs.split(","):
        frequent, per_source = (int(x) for x in spec.split(":"))
        vmap = work / f"vmap-{frequent}-{per_source}.txt"
        stats = build_vocab_map(
            vmap,
            **spms,
            vocabulary=vocab,
            target_texts=sorted({en for _, en in pairs}),
            parallel=pairs,
            frequent=frequent,
            per_source_token=per_source,
        )
        stats["coverage_example"] = round(vocab_map_coverage(vmap, **spms, parallel=example_pairs), 4)
        ct2_dir = work / f"ct2-int8-{frequent}-{per_source}"
        convert_marian(hf_dir, ct2_dir, quantization="int8", vocab_mapping=vmap, force=True)
        maps.append(
            {"label": f"map {frequent}/{per_source}", "per_source_token": per_source, "dir": ct2_dir, **stats}
        )
    return maps


def _configs(batches: str, hf, ct2_default, plain_dir: Path, maps: list[dict], as_mtcheck: dict, note: str):
    """(name, translator, batch, threads note) for every row of the table."""
    from mtcheck.translate.ct2_backend import CTranslate2BackTranslator

    defaults = Settings()
    cores = os.cpu_count() or 1
    configs: list[tuple[str, object, int, str]] = []
    for batch in [int(b) for b in batches.split(",")]:
        configs += [
            ("transformers fp32", hf, batch, f"torch default ({cores} threads)"),
            ("ctranslate2 int8", ct2_default, batch, note),
            (
                "ctranslate2 int8",
                CTranslate2BackTranslator(plain_dir, workers=1, use_vmap=False, **as_mtcheck),
                batch,
                "1 worker × default threads (before bt-workers)",
            ),
        ]
        for m in maps:
            with_map = CTranslate2BackTranslator(
                m["dir"], workers=defaults.bt_workers, use_vmap=True, **as_mtcheck
            )
            configs.append((f"ctranslate2 int8 + {m['label']}", with_map, batch, note))
    return configs


def _timed_rows(configs, sentences: list[str], repeats: int, output_tokens: int) -> list[dict]:
    """Every configuration warmed up, then timed in interleaved rounds (a burst of load hits every
    configuration alike); ratios against transformers and plain int8 at the same batch size."""
    for _, translator, batch, _ in configs:
        translate_texts(translator, sentences[:batch], batch_size=batch)
    times: list[list[tuple[float, float]]] = [[] for _ in configs]
    for _ in range(repeats):
        for k, (_, translator, batch, _) in enumerate(configs):
            times[k].append(timed_once(translator, sentences, batch))
    rows: list[dict] = []
    for (name, _, batch, note), runs in zip(configs, times, strict=True):
        rows.append(
            {"backend": name, "batch": batch, "threads": note, **speed(runs, len(sentences), output_tokens)}
        )
        print(rows[-1], flush=True)
    for row in rows:
        base = next(r for r in rows if r["backend"] == "transformers fp32" and r["batch"] == row["batch"])
        plain = next(r for r in rows if r["backend"] == "ctranslate2 int8" and r["batch"] == row["batch"])
        row["vs_transformers"] = round(row["tokens_per_s"] / base["tokens_per_s"], 2)
        row["vs_transformers_cpu"] = round(row["tokens_per_cpu_s"] / base["tokens_per_cpu_s"], 2)
        row["vs_plain_int8_cpu"] = round(row["tokens_per_cpu_s"] / plain["tokens_per_cpu_s"], 2)
    return rows


def main() -> None:
    args = _arguments()

    import ctranslate2
    import torch
    import transformers

    from mtcheck.translate.ct2_backend import CTranslate2BackTranslator
    from mtcheck.translate.hf_backend import TransformersBackTranslator

    defaults = Settings()  # what `mtcheck check` runs without a config file
    work = args.work_dir
    work.mkdir(parents=True, exist_ok=True)
    pairs = read_wmt23(args.eval_dir)
    hf_dir = work / "opus-mt-de-en-random"
    if not (hf_dir / "pieces.txt").is_file():
        build_model(hf_dir, pairs)
    vocab = json.loads((hf_dir / "vocab.json").read_text(encoding="utf-8"))
    maps = _build_maps(args.maps, work, hf_dir, vocab, pairs)

    sentences = example_sentences()
    forced = GenerationSettings(min_output_tokens=args.output_tokens, max_output_tokens=args.output_tokens)
    # as open_translator builds them from the default settings (generation forced to a fixed length)
    as_mtcheck = {"threads": defaults.bt_threads, "generation": forced}
    hf = TransformersBackTranslator(hf_dir, **as_mtcheck)
    plain_dir = maps[-1]["dir"]  # the same weights; use_vmap=False ignores its map, as a map-less model would
    ct2_default = CTranslate2BackTranslator(
        plain_dir, workers=defaults.bt_workers, use_vmap=False, **as_mtcheck
    )
    hf_len, ct2_len = decoded_lengths(hf, ct2_default, sentences)
    workers, intra = ct2_default._inter_threads, ct2_default._threads
    default_note = f"bt-workers 0: {workers} workers × {intra or 'default'} thread(s)"

    load_before = os.getloadavg()[0]
    configs = _configs(args.batch_sizes, hf, ct2_default, plain_dir, maps, as_mtcheck, default_note)
    rows = _timed_rows(configs, sentences, args.repeats, args.output_tokens)
    # The fastest backend is the hardest case for the warm-cache ratio.
    default = maps[-1]
    cache = {
        f"ctranslate2 int8 + {default['label']}": cache_rerun(
            default["dir"], sentences, forced, work, defaults
        )
    }
    for m in maps:
        m["dir"] = str(m["dir"])
    load_after = os.getloadavg()[0]

    result = {
        "sentences": len(sentences),
        "output_tokens": args.output_tokens,
        "decoded_tokens_per_sentence": {"transformers": hf_len, "ctranslate2": ct2_len},
        "cores": os.cpu_count() or 1,
        "torch_threads": torch.get_num_threads(),
        "settings": {
            "bt_batch_size": defaults.bt_batch_size,
            "bt_threads": defaults.bt_threads,
            "bt_workers": defaults.bt_workers,
            "bt_beam_size": defaults.bt_beam_size,
        },
        "repeats": args.repeats,
        "rows": rows,
        "cache": cache,
        "vocab_maps": maps,
        "load_average": [round(load_before, 2), round(load_after, 2)],
        "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY"),
        "versions": {
            "python": platform.python_version(),
            "torch": torch.__version__,
            "transformers": transformers.__version__,
            "ctranslate2": ctranslate2.__version__,
        },
        "cpu_count": os.cpu_count(),
    }
    args.out.with_suffix(".json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    args.out.write_text(render(result), encoding="utf-8")
    print(render(result))


MAP_METHOD = [
    "Built by `mtcheck.translate.convert.build_vocab_map` from the WMT23 en-de file in ../shared/eval",
    "(German system outputs and references paired with their English sources; the example article is",
    "not in it): the ALWAYS most frequent English target tokens are always allowed, and each German",
    "token adds the PER English tokens with the highest Dice co-occurrence. CTranslate2 then scores",
    "only the union of the candidates of the tokens in the current batch instead of all 58,101 output rows.",
]
MAP_CAVEATS = [
    "Coverage: given each German line of the example article alone, the share of the tokens of the",
    "team's hand-written English back-translation of that line that the map allows (a lower bound: a",
    "batch pools the candidates of its sentences). A real model cannot produce the rest, so a map with",
    "low coverage buys speed with wrong words. The speed-up depends on the restriction: bigger batches",
    "pool more candidates and gain less; a smaller map gains more and covers less. The tokenizers here",
    "are ours, trained on the WMT23 text (5,079 English and 13,950 German pieces; the rest of the 58,101",
    "rows are unused fillers that keep the output layer at its real size). So the map here keeps almost",
    "every English piece and cuts the German and filler rows; with opus-mt's own 32k-piece English",
    "vocabulary the same recipe keeps more candidates per batch (about 4,200-4,700 here) and gains",
    "somewhat less. Build the map from text like the articles you check.",
]
READING = [
    "The machine was shared with other jobs (load average above), so wall times vary from run to run;",
    "CPU time is the steadier figure. The ratio that describes mtcheck is the second row against the first:",
    "CTranslate2 as `mtcheck check` runs it by default (int8, bt-workers 0, no vocabulary map, because",
    "`mtcheck convert-model` writes none unless given --vocab-map) against transformers at the same batch",
    "size. The rows with a map show what a map built from text like the checked articles adds. Parallel",
    "workers shorten the wall time only when cores are free; on a busy machine they cost about the same",
    "CPU time as one worker with all threads.",
]


def render(r: dict) -> str:
    settings = r["settings"]
    lines = [
        "# Back-translation throughput (`python -m benchmarks.bt_throughput`)",
        "",
        f"opus-mt-de-en architecture (6+6 layers, d_model 512, 8 heads, FFN 2048, vocabulary 58,101), random "
        f"weights; {r['sentences']} sentences of corpora/example-putin; every sentence forced to "
        f"{r['output_tokens']} output tokens (decoded per sentence: transformers "
        f"{r['decoded_tokens_per_sentence']['transformers']}, CTranslate2 "
        f"{r['decoded_tokens_per_sentence']['ctranslate2']}); greedy. Both backends run with mtcheck's "
        f"default settings (bt-batch-size {settings['bt_batch_size']}, bt-threads {settings['bt_threads']}, "
        f"bt-workers {settings['bt_workers']}; torch used {r['torch_threads']} threads), "
        f"OMP_WAIT_POLICY={r['omp_wait_policy']}; {r['cpu_count']} CPUs. "
        f"Model loading is excluded (one warm-up batch first). {r['repeats']} interleaved rounds, the "
        f"median run per row counts. Load average during the run "
        f"{r['load_average'][0]} → {r['load_average'][1]} (other jobs shared the machine).",
        "",
        "Wall time is what a user waits; CPU time (all threads) is what the work costs and is less "
        "distorted by the other jobs. × transformers compares with transformers at the same batch size.",
        "",
        "| backend | batch | threads | wall s | sentences/s | tokens/s | × transformers | "
        "CPU s | tokens/CPU-s | × transformers (CPU) | × plain int8 (CPU) |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in r["rows"]:
        lines.append(
            f"| {row['backend']} | {row['batch']} | {row['threads']} | {row['seconds']} | "
            f"{row['sentences_per_s']} | {row['tokens_per_s']} | **{row['vs_transformers']}** | "
            f"{row['cpu_seconds']} | {row['tokens_per_cpu_s']} | {row['vs_transformers_cpu']} | "
            f"{row['vs_plain_int8_cpu']} |"
        )
    lines += [
        "",
        "## Vocabulary maps (lexical shortlists)",
        "",
        " ".join(MAP_METHOD),
        "",
        "| map (ALWAYS/PER) | German tokens mapped | distinct targets | coverage of the example's "
        "human back-translation |",
        "|---|---:|---:|---:|",
    ]
    for m in r["vocab_maps"]:
        lines.append(
            f"| {m['label']} | {m['source_tokens']} | {m['distinct_targets']} | "
            f"{100 * m['coverage_example']:.1f}% |"
        )
    lines += [
        "",
        " ".join(MAP_CAVEATS),
        "",
        "## Warm cache",
        "",
        "Back-translating the article twice with a fresh translator each time (as two `mtcheck check` runs "
        "would): the first run loads the model and translates, the second finds every sentence in the "
        "SQLite cache and loads only the sentencepiece tokenizer.",
        "",
        "| backend | first (s, incl. model load) | warm cache (s) | × | model calls (first, warm) |",
        "|---|---:|---:|---:|---|",
    ]
    for name, c in r["cache"].items():
        calls = ", ".join(map(str, c["model_calls"]))
        lines.append(f"| {name} | {c['first_s']} | {c['warm_s']} | {c['speedup']} | {calls} |")
    lines += ["", "## Reading these numbers", "", " ".join(READING)]
    lines += ["", "Versions: " + ", ".join(f"{k} {v}" for k, v in r["versions"].items()), ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
