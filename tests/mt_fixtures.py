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


def train_spm(lines: list[str], vocab_size: int) -> bytes:
    """A sentencepiece model trained on lines, with Marian's ids (</s> = 0, <unk> = 1, no <s>)."""
    import sentencepiece

    model = io.BytesIO()
    sentencepiece.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=model,
        vocab_size=vocab_size,
        hard_vocab_limit=False,
        character_coverage=1.0,
        model_type="unigram",
        eos_id=0,
        unk_id=1,
        bos_id=-1,
        pad_id=-1,
        input_sentence_size=200000,  # samples only when there are more lines than this
        shuffle_input_sentence=True,
        minloglevel=2,
    )
    return model.getvalue()


def write_marian_tokenizer(
    out_dir: Path,
    german: list[str],
    english: list[str],
    vocab_sizes: tuple[int, int],
    total_vocab: int | None = None,
    **tokenizer_options: object,
) -> dict[str, int]:
    """Train German and English sentencepiece models, write the joint vocab.json in Marian's order
    (</s>, <unk>, the pieces, <pad> last; filled with unused entries up to ``total_vocab`` when
    given) and save a MarianTokenizer to out_dir. Returns the vocabulary."""
    import sentencepiece
    from transformers import MarianTokenizer

    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "source.spm").write_bytes(train_spm(german, vocab_sizes[0]))
    (out_dir / "target.spm").write_bytes(train_spm(english, vocab_sizes[1]))
    vocab: dict[str, int] = {"</s>": 0, "<unk>": 1}
    for name in ("source.spm", "target.spm"):
        sp = sentencepiece.SentencePieceProcessor(model_file=str(out_dir / name))
        for i in range(sp.get_piece_size()):
            vocab.setdefault(sp.id_to_piece(i), len(vocab))
    while total_vocab is not None and len(vocab) < total_vocab - 1:
        vocab[f"<unused{len(vocab)}>"] = len(vocab)
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
            **tokenizer_options,
        )
    tokenizer.save_pretrained(out_dir)
    return vocab


def build_tiny_marian(out_dir: Path, seed: int = 0) -> Path:
    """Save a tiny MarianMT model (random weights) with its tokenizer to ``out_dir``."""
    import torch
    from transformers import MarianConfig, MarianMTModel

    vocab = write_marian_tokenizer(
        out_dir, german_lines(), english_lines(), (400, 300), model_max_length=MAX_POSITIONS
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
    MarianMTModel(config).save_pretrained(out_dir)
    return out_dir
