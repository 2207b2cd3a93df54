"""Fixtures for the back-translation tests: a tiny MarianMT model built here, with random
weights and sentencepiece vocabularies trained on the example article and its hand-written
back-translation. It translates gibberish; the tests use it to check plumbing, never quality.

The session fixtures that build them live in tests/test_translate_models.py.
"""

from __future__ import annotations

import io
import json
import re
import warnings
from pathlib import Path

from mtcheck.model import Article, Block, Sentence

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "corpora" / "example-putin"
MAX_POSITIONS = 64
INIT_STD = 1.0

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ0-9„\"])")


def make_article(text: str, side: str = "target", language: str = "de") -> Article:
    """One block per non-blank line, sentences split at sentence punctuation. A test helper, so
    these tests do not depend on the real segmenter's decisions."""
    blocks: list[Block] = []
    sentences: list[Sentence] = []
    for line in re.finditer(r"[^\n]*\S[^\n]*", text):
        block = len(blocks)
        blocks.append(Block("paragraph", line.start(), line.end()))
        cursor = line.start()
        for part in _SENTENCE_END.split(line.group()):
            start = text.index(part, cursor)
            cursor = start + len(part)
            if part.strip():
                sentences.append(Sentence(len(sentences), start, cursor, part, block, "paragraph"))
    return Article(side=side, text=text, language=language, blocks=blocks, sentences=sentences)  # type: ignore[arg-type]


def german_lines() -> list[str]:
    return [
        line for line in (EXAMPLE / "target.de.txt").read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def english_lines() -> list[str]:
    text = (EXAMPLE / "back_translation.en.txt").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip()] + [
        "The back-translation tests use a random model.",
        "Its output is gibberish, but the plumbing must hold.",
    ]


def _train_spm(lines: list[str], vocab_size: int) -> bytes:
    import sentencepiece

    model = io.BytesIO()
    sentencepiece.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=model,
        vocab_size=vocab_size,
        hard_vocab_limit=False,
        character_coverage=1.0,
        model_type="unigram",
        # Marian's ids: </s> = 0, <unk> = 1, no <s>; the ids here only order vocab.json.
        eos_id=0,
        unk_id=1,
        bos_id=-1,
        pad_id=-1,
        minloglevel=2,
    )
    return model.getvalue()


def build_tiny_marian(out_dir: Path, seed: int = 0) -> Path:
    """Save a tiny MarianMT model (random weights) with its tokenizer to ``out_dir``."""
    import sentencepiece
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "source.spm").write_bytes(_train_spm(german_lines(), 400))
    (out_dir / "target.spm").write_bytes(_train_spm(english_lines(), 300))
    vocab: dict[str, int] = {"</s>": 0, "<unk>": 1}
    for name in ("source.spm", "target.spm"):
        sp = sentencepiece.SentencePieceProcessor(model_file=str(out_dir / name))
        for i in range(sp.get_piece_size()):
            vocab.setdefault(sp.id_to_piece(i), len(vocab))
    vocab["<pad>"] = len(vocab)
    (out_dir / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*sacremoses.*")  # only for source-language codes
        tokenizer = MarianTokenizer(
            source_spm=str(out_dir / "source.spm"),
            target_spm=str(out_dir / "target.spm"),
            vocab=str(out_dir / "vocab.json"),
            source_lang="de",
            target_lang="en",
            model_max_length=MAX_POSITIONS,
        )
    config = MarianConfig(
        vocab_size=len(vocab),
        d_model=32,
        encoder_layers=2,
        decoder_layers=2,
        encoder_attention_heads=4,
        decoder_attention_heads=4,
        encoder_ffn_dim=64,
        decoder_ffn_dim=64,
        max_position_embeddings=MAX_POSITIONS,
        pad_token_id=vocab["<pad>"],
        eos_token_id=0,
        decoder_start_token_id=vocab["<pad>"],
        # No forced EOS at the length limit: CTranslate2 has no such rule, and the tests compare the two.
        forced_eos_token_id=None,
        share_encoder_decoder_embeddings=True,
        # Large random weights so the output depends on the input (at 0.02 it barely does).
        init_std=INIT_STD,
    )
    torch.manual_seed(seed)
    model = MarianMTModel(config)
    model.save_pretrained(out_dir)
    tokenizer.save_pretrained(out_dir)
    return out_dir
